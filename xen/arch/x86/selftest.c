/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest_fault=: make the hypervisor take a fatal exception on purpose,
 * so the system tests can check the register dump and stack trace (and,
 * for a triple fault, which no handler sees, that their harness reports
 * the registers QEMU logged).
 */
#include <xen/lib.h>
#include <xen/selftest.h>

static __attribute__((__noinline__)) void fault_pf(void)
{
    *(volatile unsigned long *)0xdead0000UL = 1;
}

static __attribute__((__noinline__)) void fault_gp(void)
{
    /* A non-canonical address. */
    *(volatile unsigned long *)0x8000000000000000UL = 1;
}

static __attribute__((__noinline__)) void fault_de(volatile unsigned int zero)
{
    volatile unsigned int r = 1 / zero;

    (void)r;
}

/*
 * An IDT with no entries: the breakpoint cannot be delivered, nor the
 * double fault that follows, and the CPU shuts down (a triple fault: what
 * the system tests' harness must report with the registers it left).
 */
static __attribute__((__noinline__)) void fault_triple(void)
{
    const struct __attribute__((__packed__)) {
        uint16_t limit;
        uint64_t base;
    } none = { 0, 0 };

    __asm__ volatile ( "lidt %0; int3" :: "m" (none) : "memory" );
}

void arch_selftest_fault(const char *which)
{
    printk("selftest: provoking a fault: %s\n", which);
    if ( !strcmp(which, "pf") )
        fault_pf();
    else if ( !strcmp(which, "gp") )
        fault_gp();
    else if ( !strcmp(which, "ud") )
        __asm__ volatile ( "ud2" );
    else if ( !strcmp(which, "de") )
        fault_de(0);
    else if ( !strcmp(which, "bug") )
        BUG();
    else if ( !strcmp(which, "triple") )
        fault_triple();
    printk(XENLOG_WARNING "selftest: unknown fault '%s'\n", which);
}
