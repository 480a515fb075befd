/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding Xen through CPUID and installing the hypercall page.
 *
 * Xen's leaves start at 0x40000000 or at a later 0x100-aligned base (when
 * the guest also sees another hypervisor's leaves first).  Leaf base + 2
 * names the MSR that, written with a page's guest-physical address, makes
 * the hypervisor fill that page with one 32-byte call stub per hypercall.
 */
#include "guest.h"
#include "private.h"

uint32_t xen_cpuid_base;
uint8_t hypercall_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static bool xen_signature(uint32_t base)
{
    struct cpuid_regs r = cpuid(base);

    return r.b == XEN_CPUID_SIGNATURE_EBX &&
           r.c == XEN_CPUID_SIGNATURE_ECX &&
           r.d == XEN_CPUID_SIGNATURE_EDX &&
           r.a >= base + 2;
}

static uint32_t find_xen_base(void)
{
    uint32_t base;

    for ( base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000;
          base += 0x100 )
        if ( xen_signature(base) )
            return base;
    return 0;
}

bool hypercall_init(void)
{
    struct cpuid_regs r;

    xen_cpuid_base = find_xen_base();
    if ( !xen_cpuid_base )
        return false;
    r = cpuid(xen_cpuid_base + 2);
    if ( r.a < 1 )
        return false;
    /* Identity mapped everywhere: the address is guest-physical. */
    wrmsr(r.b, (unsigned long)hypercall_page);
    return hypercall_page[0] != 0;
}

#ifdef __x86_64__
long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm ( "r10" ) = a4;
    register unsigned long r8 asm ( "r8" ) = a5;
    void *entry = hypercall_page + nr * 32;
    long ret;

    asm volatile ( "call *%[entry]"
                   : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
                     "+r" (r10), "+r" (r8)
                   : [entry] "r" (entry)
                   : "memory", "rcx", "r9", "r11" );
    return ret;
}

bool hypercall_raw(unsigned long nr, long *ret)
{
    void *insn = hypercall_page + 5;
    unsigned long d = 0, s = 0, dx = 0;

    if ( hypercall_page[0] != 0xb8 )    /* mov $imm32, %eax */
        return false;
    asm volatile ( "call *%[insn]"
                   : "=a" (*ret), "+D" (d), "+S" (s), "+d" (dx)
                   : [insn] "r" (insn), "0" (nr)
                   : "memory", "rcx", "r8", "r9", "r10", "r11" );
    return true;
}
#else
long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5)
{
    void *entry = hypercall_page + nr * 32;
    long ret;

    /* All six usable registers carry arguments: call through memory. */
    asm volatile ( "call *%[entry]"
                   : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3),
                     "+S" (a4), "+D" (a5)
                   : [entry] "m" (entry)
                   : "memory" );
    return ret;
}

bool hypercall_raw(unsigned long nr, long *ret)
{
    void *insn = hypercall_page + 5;
    unsigned long b = 0, c = 0, d = 0;

    if ( hypercall_page[0] != 0xb8 )    /* mov $imm32, %eax */
        return false;
    asm volatile ( "call *%[insn]"
                   : "=a" (*ret), "+b" (b), "+c" (c), "+d" (d)
                   : [insn] "m" (insn), "0" (nr)
                   : "memory", "esi", "edi" );
    return true;
}
#endif

long shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return sched_op(SCHEDOP_shutdown, &s);
}
