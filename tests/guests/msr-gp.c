/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An MSR the hypervisor does not know: reads and writes raise #GP(0) in
 * the guest, through the guest's own IDT, and leave the guest running.
 */
#include "guest.h"

#define MSR_UNKNOWN 0x12345678u

void test_main(void)
{
    uint64_t val = 0x55;
    bool faulted;

    fault_reset();
    faulted = rdmsr_safe(MSR_UNKNOWN, &val);
    CHECK(faulted, "rdmsr of unknown MSR faults");
    check_fault(X86_EXC_GP, 0, "rdmsr of unknown MSR is #GP(0)");

    fault_reset();
    faulted = wrmsr_safe(MSR_UNKNOWN, 0x1234);
    CHECK(faulted, "wrmsr of unknown MSR faults");
    check_fault(X86_EXC_GP, 0, "wrmsr of unknown MSR is #GP(0)");

    /* A known MSR still works afterwards (the TSC). */
    fault_reset();
    faulted = rdmsr_safe(0x10, &val);
    CHECK(!faulted && val != 0, "rdmsr of the TSC MSR works");
}
