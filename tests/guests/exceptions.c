/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * #DE, #UD, #GP and #PF raised by the guest reach the guest's own IDT with
 * the right vector, error code, faulting address and CR2, and the guest
 * resumes after each.
 */
#include "guest.h"

static void test_de(void)
{
    unsigned int a = 1, d = 0, zero = 0;

    fault_reset();
    asm volatile ( "1: divl %2\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   : "+a" (a), "+d" (d) : "r" (zero) );
    check_fault(X86_EXC_DE, 0, "divide by zero is #DE");
}

static void test_ud(void)
{
    fault_reset();
    asm volatile ( "1: ud2\n"
                   "2:\n"
                   FIXUP(1b, 2b) );
    check_fault(X86_EXC_UD, 0, "ud2 is #UD");
}

/* A selector beyond our 4-entry GDT: #GP with the selector as error. */
static void test_gp_selector(void)
{
    unsigned int sel = 0x40;

    fault_reset();
    asm volatile ( "1: mov %0, %%ds\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   :: "r" (sel) : "memory" );
    check_fault(X86_EXC_GP, 0x40, "bad data selector is #GP(sel)");
}

static void test_gp_noncanonical(void)
{
#ifdef __x86_64__
    unsigned long addr = 0x8000000000000000UL, val = 0;

    fault_reset();
    asm volatile ( "1: mov (%1), %0\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   : "+r" (val) : "r" (addr) : "memory" );
    check_fault(X86_EXC_GP, 0, "non-canonical access is #GP(0)");
#else
    check_skip("non-canonical access is #GP(0)", "64-bit only");
#endif
}

static void read_at(unsigned long addr)
{
    unsigned long val = 0;

    asm volatile ( "1: mov (%1), %0\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   : "+r" (val) : "r" (addr) : "memory" );
}

static void write_at(unsigned long addr)
{
    asm volatile ( "1: movb $0x5a, (%0)\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   :: "r" (addr) : "memory" );
}

static void check_pf(unsigned long err, unsigned long addr, const char *what)
{
    check_fault(X86_EXC_PF, err, what);
    check(last_fault.cr2 == addr, "CR2 holds the faulting address",
          "cr2 %#lx want %#lx", last_fault.cr2, addr);
}

static void test_pf(void)
{
    unsigned long hole = PF_HOLE_VA + 0x1238, ro = PF_RO_VA + 0x7000;

    if ( !env_has_paging() )
    {
        check_skip("#PF", "paging is off in this environment");
        return;
    }
    fault_reset();
    read_at(hole);
    check_pf(0, hole, "read of not-present page is #PF(0)");
    fault_reset();
    write_at(hole);
    check_pf(2, hole, "write to not-present page is #PF(W)");
    fault_reset();
    read_at(ro);
    CHECK(last_fault.count == 0, "read of read-only alias works");
    fault_reset();
    write_at(ro);
    check_pf(3, ro, "write to read-only page is #PF(P|W)");
}

void test_main(void)
{
    test_de();
    test_ud();
    test_gp_selector();
    test_gp_noncanonical();
    test_pf();
    /* Still alive and still able to make hypercalls. */
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "hypercalls work after the faults");
}
