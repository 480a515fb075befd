/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MOV to CR4 with a reserved bit, or the bit of a feature our CPUID does
 * not show (VMXE: no nested virtualisation; OSXSAVE: XSAVE hidden; UMIP,
 * PCIDE, PKE where CPUID lacks them; SMXE, LA57 never), is #GP(0) and
 * leaves CR4 as it was, as Xen 4.17 does (it intercepts CR4 writes and
 * checks them against hvm_cr4_guest_valid_bits()).  Before, such a write
 * went through to the VMCB: under QEMU the vCPU then died at VMRUN.
 * Allowed writes (PGE off and on again, the way Linux flushes global
 * pages) take effect and read back.
 */
#include "guest.h"

#define CR4_PAE         (1ul << 5)
#define CR4_PGE         (1ul << 7)
#define CR4_UMIP        (1ul << 11)
#define CR4_LA57        (1ul << 12)
#define CR4_VMXE        (1ul << 13)
#define CR4_SMXE        (1ul << 14)
#define CR4_RSVD15      (1ul << 15)
#define CR4_PCIDE       (1ul << 17)
#define CR4_OSXSAVE     (1ul << 18)
#define CR4_PKE         (1ul << 22)

static bool write_cr4_safe(unsigned long val)
{
    unsigned int before = last_fault.count;

    asm volatile ( "1: mov %0, %%cr4\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   :: "r" (val) : "memory" );
    return last_fault.count != before;
}

/* Writing val to CR4 must fault with #GP(0) and change nothing. */
static void check_refused_value(unsigned long val, const char *what)
{
    unsigned long cr4 = read_cr4();
    bool faulted;

    fault_reset();
    faulted = write_cr4_safe(val);
    check(faulted, what, "the write went through: CR4 %#lx", read_cr4());
    check_fault(X86_EXC_GP, 0, "... as #GP(0)");
    check_eq(read_cr4(), cr4, "... and CR4 is unchanged");
}

static void check_refused(unsigned long bit, const char *name)
{
    char what[64];

    snprintf(what, sizeof(what), "setting CR4.%s faults", name);
    check_refused_value(read_cr4() | bit, what);
}

static void check_allowed(unsigned long val, const char *what)
{
    bool faulted;

    fault_reset();
    faulted = write_cr4_safe(val);
    check(!faulted, what, "#%u(%lu)", last_fault.vector, last_fault.error);
    check_eq(read_cr4(), val, "... and CR4 reads it back");
}

void test_main(void)
{
    struct cpuid_regs l1 = cpuid(1), l7 = { 0 };
    unsigned long cr4 = read_cr4();

    if ( cpuid(0).a >= 7 )
        l7 = cpuid_count(7, 0);
    printk("info CR4 %#lx, CPUID.1 ECX %#x EDX %#x, CPUID.7 EBX %#x ECX %#x\n",
           cr4, l1.c, l1.d, l7.b, l7.c);

    CHECK(!(l1.c & (1u << 5)), "CPUID hides VMX");
    check_refused(CR4_VMXE, "VMXE");
    check_refused(CR4_SMXE, "SMXE");
    check_refused(CR4_RSVD15, "bit 15 (reserved)");
    CHECK(!(l1.c & (1u << 26)), "CPUID hides XSAVE");
    check_refused(CR4_OSXSAVE, "OSXSAVE");
    check_refused(CR4_LA57, "LA57");
    if ( !(l7.c & (1u << 2)) )
        check_refused(CR4_UMIP, "UMIP (CPUID has no UMIP)");
    else
        check_skip("UMIP refused", "CPUID offers UMIP");
    if ( !(l7.c & (1u << 3)) )
        check_refused(CR4_PKE, "PKE (CPUID has no PKU)");
    else
        check_skip("PKE refused", "CPUID offers PKU");
    /* PCIDE needs PCID in CPUID and long mode. */
    if ( !(l1.c & (1u << 17)) || !env_is_64bit() )
        check_refused(CR4_PCIDE, "PCIDE (no PCID, or not in long mode)");
#ifdef __x86_64__
    check_refused(1ul << 32, "bit 32 (reserved)");
    check_refused_value(cr4 & ~CR4_PAE, "clearing CR4.PAE in long mode faults");
#endif

    if ( l1.d & (1u << 13) )
    {
        check_allowed(cr4 ^ CR4_PGE, "toggling CR4.PGE is allowed");
        check_allowed(cr4, "toggling it back is allowed");
    }
    else
        check_skip("toggling CR4.PGE", "CPUID has no PGE");
    check_eq(read_cr4(), cr4, "CR4 is as it was at the start");
}
