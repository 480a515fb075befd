/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Executing from guest-physical memory with nothing behind it gives
 * #GP(0) at the target, and the guest runs on: Xen 4.17 tries to emulate
 * the access, cannot fetch the instruction, logs "MMIO emulation failed"
 * and injects #GP(0).  (Our first rule crashed the domain; this test used
 * to expect that crash.)
 */
#include "guest.h"

void test_main(void)
{
    /*
     * The first byte past our RAM.  For our 1:1 dom0 that is memory the
     * hypervisor keeps (reserved in our map), not an MMIO hole, which
     * dom0 gets passed through.
     */
    uint64_t addr = guest_ram_end();

    if ( !check(addr != 0 && addr < 0xc0000000ull,
                "found an address beyond RAM", "none below 3G") )
        return;
    printk("info jumping to %#llx (RAM ends at %#llx)\n",
           (unsigned long long)addr, (unsigned long long)guest_ram_end());
    fault_reset();
    CHECK(exec_at_safe(addr), "the jump faults");
    check_fault(X86_EXC_GP, 0, "... with #GP(0)");
    check_eq(last_fault.ip, addr, "... at the target");
    fault_reset();
    CHECK(exec_at_safe(addr + 0x1234), "a second jump faults the same way");
    check_fault(X86_EXC_GP, 0, "... with #GP(0)");
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "hypercalls still work");
}
