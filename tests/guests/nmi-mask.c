/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NMIs do not nest: from the delivery of an NMI until its handler's IRET
 * a second one stays pending, and it arrives after that IRET (Intel SDM
 * vol. 3A "NMI Handling While Processing an NMI"; AMD APM vol. 2 "NMI
 * Masking").  SVM does not mask the NMIs a hypervisor injects, so the
 * hypervisor must (Xen 4.17 intercepts IRET).  A nested NMI would run on
 * the handler's own stack: Linux's IST-based handler does not survive it.
 *
 * The handler sends itself a second NMI through its local APIC, then
 * reads the APIC many times (each read is an exit and a re-entry, where a
 * pending NMI would be injected) and must not be entered again.  After its
 * IRET the second NMI must come.  SVM hypervisors (Xen's too) deliver it
 * once interrupts are enabled, so the wait for it runs with IF set; no
 * interrupt source is enabled meanwhile.
 */
#include "guest.h"

#define APIC            0xfee00000ul
#define APIC_ID         0x20
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define ICR_NMI         0x00004400u     /* delivery mode NMI, assert */
#define READS_IN_NMI    2000

static volatile unsigned int depth, max_depth, taken;

static void apic_write(unsigned int off, uint32_t val)
{
    *(volatile uint32_t *)(APIC + off) = val;
}

static uint32_t apic_read(unsigned int off)
{
    return *(volatile uint32_t *)(APIC + off);
}

static void self_nmi(void)
{
    apic_write(APIC_ICR2, apic_read(APIC_ID) & 0xff000000u);
    apic_write(APIC_ICR, ICR_NMI);
}

static void on_nmi(void)
{
    unsigned int i;

    if ( ++depth > max_depth )
        max_depth = depth;
    if ( ++taken == 1 )
    {
        self_nmi();
        for ( i = 0; i < READS_IN_NMI; i++ )
            (void)apic_read(APIC_ID);
    }
    depth--;
}

/* Up to about a second of spinning with interrupts enabled. */
static void wait_taken(unsigned int n)
{
    unsigned long i;

    asm volatile ( "sti" ::: "memory" );
    for ( i = 0; i < (1ul << 26) && taken < n; i++ )
        cpu_relax();
    asm volatile ( "cli" ::: "memory" );
}

void test_main(void)
{
    nmi_hook = on_nmi;
    self_nmi();
    wait_taken(1);
    if ( !check(taken >= 1, "a self NMI is delivered", "taken %u", taken) )
        return;
    wait_taken(2);
    check(max_depth == 1, "an NMI sent inside the NMI handler waits for "
          "its IRET", "handler entered %u deep", max_depth);
    check(taken == 2, "that NMI is delivered after the IRET",
          "%u NMIs taken", taken);
}
