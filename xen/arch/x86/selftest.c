/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest_fault=: make the hypervisor take a fatal exception on purpose,
 * so the system tests can check the register dump and stack trace.
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
    printk(XENLOG_WARNING "selftest: unknown fault '%s'\n", which);
}
