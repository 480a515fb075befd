/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IO-APICs and the legacy 8259 PICs at boot: the PICs are masked for
 * good (everything goes through the local APIC), and every IO-APIC pin is
 * masked until something (dom0's interrupt routing, later) asks for it.
 * 82093AA IOAPIC datasheet: IOREGSEL at +0x00, IOWIN at +0x10.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/acpi.h>
#include <asm/io_apic.h>
#include <asm/processor.h>

#define IOAPIC_REG_ID       0x00
#define IOAPIC_REG_VER      0x01
#define IOAPIC_REG_RTE(n)   (0x10 + 2 * (n))
#define RTE_MASKED          (1U << 16)

struct io_apic io_apics[MAX_IO_APICS];
unsigned int nr_io_apics;

uint32_t io_apic_read(const struct io_apic *io, unsigned int reg)
{
    io->regs[0] = reg;
    return io->regs[4];
}

void io_apic_write(const struct io_apic *io, unsigned int reg, uint32_t v)
{
    io->regs[0] = reg;
    io->regs[4] = v;
}

static void mask_legacy_pics(void)
{
    outb(0xff, 0x21);
    outb(0xff, 0xa1);
}

static void io_apic_setup_one(struct io_apic *io,
                              const struct acpi_ioapic_info *info)
{
    unsigned int pin;

    io->regs = ioremap(info->addr, PAGE_SIZE);
    if ( !io->regs )
        panic("cannot map IO-APIC at %#lx", info->addr);
    io->id = info->id;
    io->gsi_base = info->gsi_base;
    io->nr_pins = ((io_apic_read(io, IOAPIC_REG_VER) >> 16) & 0xff) + 1;
    for ( pin = 0; pin < io->nr_pins; pin++ )
    {
        io_apic_write(io, IOAPIC_REG_RTE(pin) + 1, 0);
        io_apic_write(io, IOAPIC_REG_RTE(pin), RTE_MASKED);
    }
    printk("IOAPIC[%u]: apic_id %u, address %#lx, GSI %u-%u, all masked\n",
           (unsigned int)(io - io_apics), io->id, info->addr, io->gsi_base,
           io->gsi_base + io->nr_pins - 1);
}

void io_apic_init(void)
{
    unsigned int i;

    mask_legacy_pics();
    for ( i = 0; i < acpi_info.nr_ioapics; i++ )
        io_apic_setup_one(&io_apics[nr_io_apics++], &acpi_info.ioapics[i]);
}
