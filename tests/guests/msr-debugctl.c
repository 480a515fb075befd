/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSR_IA32_DEBUGCTL (0x1d9), as Xen 4.17 gives it to an HVM guest: it
 * reads 0 until written, a write of 0 or of the LBR and BTF bits is
 * accepted and reads back, a write of a reserved bit is #GP(0) and leaves
 * the value alone.  Linux reads and writes it without a fixup (BTF for
 * PTRACE_SINGLEBLOCK, LBR for perf), so a #GP on the read kills it.
 *
 * Under QEMU TCG Xen 4.17's own read faults (a TCG quirk, see
 * ../shared DESIGN.md); on hardware it returns 0.
 */
#include "guest.h"

#define MSR_DEBUGCTL    0x1d9u
#define DEBUGCTL_LBR    (1u << 0)
#define DEBUGCTL_BTF    (1u << 1)
#define DEBUGCTL_TR     (1u << 6)   /* BTS group: needs a vPMU in Xen */

static void check_read(uint64_t want, const char *what)
{
    uint64_t val = ~0ull;

    fault_reset();
    if ( rdmsr_safe(MSR_DEBUGCTL, &val) )
        check(false, what, "#%u(%lu)", last_fault.vector, last_fault.error);
    else
        check_eq(val, want, what);
}

static void check_write_ok(uint64_t val, const char *what)
{
    bool faulted;

    fault_reset();
    faulted = wrmsr_safe(MSR_DEBUGCTL, val);
    check(!faulted, what, "#%u(%lu)", last_fault.vector, last_fault.error);
}

static void check_write_gp(uint64_t val, const char *what)
{
    fault_reset();
    CHECK(wrmsr_safe(MSR_DEBUGCTL, val), what);
    check_fault(X86_EXC_GP, 0, "... as #GP(0)");
}

void test_main(void)
{
    check_read(0, "DEBUGCTL reads 0 at start");
    check_write_ok(0, "writing 0 is accepted");
    check_read(0, "DEBUGCTL reads 0 after writing 0");
    check_write_ok(DEBUGCTL_LBR | DEBUGCTL_BTF, "writing LBR|BTF is accepted");
    check_read(DEBUGCTL_LBR | DEBUGCTL_BTF, "LBR|BTF reads back");
    check_write_gp(DEBUGCTL_TR, "writing TR (BTS group, no vPMU) faults");
    check_write_gp(1ull << 32, "writing reserved bit 32 faults");
    check_write_gp(1ull << 63 | DEBUGCTL_LBR, "writing bit 63 with LBR faults");
    check_read(DEBUGCTL_LBR | DEBUGCTL_BTF, "a faulting write changes nothing");
    check_write_ok(0, "writing 0 again is accepted");
    check_read(0, "DEBUGCTL reads 0 at the end");
}
