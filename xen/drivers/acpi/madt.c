/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MADT (ACPI 6.4, 5.2.12): local APICs (and x2APICs), IO-APICs and the
 * ISA interrupt source overrides, collected into acpi_info.
 */
#include <xen/lib.h>
#include <asm/acpi.h>

#include "acpi-private.h"

#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_ISO            2
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC         9

#define MADT_ENABLED        (1U << 0)
#define MADT_ONLINE_CAPABLE (1U << 1)

struct madt_header {
    char hdr[36];
    uint32_t lapic_addr;
    uint32_t flags;
} __attribute__((packed));

static void add_lapic(uint32_t apic_id, uint32_t acpi_id, uint32_t flags)
{
    unsigned int i;

    /* Disabled but online-capable CPUs could be hot-added: not supported. */
    if ( !(flags & MADT_ENABLED) )
        return;
    for ( i = 0; i < acpi_info.nr_lapics; i++ )
        if ( acpi_info.lapic_ids[i] == apic_id )
            return;
    if ( acpi_info.nr_lapics == CONFIG_NR_CPUS )
    {
        printk(XENLOG_WARNING "ACPI: more than %u CPUs, APIC %u ignored\n",
               CONFIG_NR_CPUS, apic_id);
        return;
    }
    acpi_info.acpi_ids[acpi_info.nr_lapics] = acpi_id;
    acpi_info.lapic_ids[acpi_info.nr_lapics++] = apic_id;
}

static void add_ioapic(const uint8_t *e)
{
    struct acpi_ioapic_info *io;

    if ( acpi_info.nr_ioapics == MAX_IO_APICS )
        return;
    io = &acpi_info.ioapics[acpi_info.nr_ioapics++];
    io->id = e[2];
    io->addr = *(const uint32_t *)(e + 4);
    io->gsi_base = *(const uint32_t *)(e + 8);
}

static void add_iso(const uint8_t *e)
{
    uint8_t irq = e[3];

    if ( e[2] != 0 || irq >= MAX_ISA_IRQS )
        return;
    acpi_info.isa_irq[irq].gsi = *(const uint32_t *)(e + 4);
    acpi_info.isa_irq[irq].flags = *(const uint16_t *)(e + 8);
    acpi_info.isa_irq[irq].present = true;
}

static void parse_entry(const uint8_t *e)
{
    switch ( e[0] )
    {
    case MADT_LAPIC:
        if ( e[1] >= 8 )
            add_lapic(e[3], e[2], *(const uint32_t *)(e + 4));
        break;
    case MADT_X2APIC:
        if ( e[1] >= 16 )
            add_lapic(*(const uint32_t *)(e + 4),
                      *(const uint32_t *)(e + 12),
                      *(const uint32_t *)(e + 8));
        break;
    case MADT_IOAPIC:
        if ( e[1] >= 12 )
            add_ioapic(e);
        break;
    case MADT_ISO:
        if ( e[1] >= 10 )
            add_iso(e);
        break;
    case MADT_LAPIC_OVERRIDE:
        if ( e[1] >= 12 )
            acpi_info.lapic_addr = *(const uint64_t *)(e + 4);
        break;
    }
}

void acpi_parse_madt(const void *table)
{
    const struct madt_header *m = table;
    uint32_t len = *(const uint32_t *)(m->hdr + 4);
    const uint8_t *p = (const uint8_t *)(m + 1);
    const uint8_t *end = (const uint8_t *)m + len;

    acpi_info.have_madt = true;
    if ( !acpi_info.lapic_addr )
        acpi_info.lapic_addr = m->lapic_addr;
    while ( p + 2 <= end && p[1] >= 2 && p + p[1] <= end )
    {
        parse_entry(p);
        p += p[1];
    }
}
