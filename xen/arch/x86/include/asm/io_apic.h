/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_IO_APIC_H
#define X86_IO_APIC_H

#include <xen/types.h>
#include <asm/acpi.h>

struct io_apic {
    volatile uint32_t *regs;        /* (i) MMIO window */
    uint8_t id;
    uint32_t gsi_base;
    unsigned int nr_pins;
};

extern struct io_apic io_apics[MAX_IO_APICS];
extern unsigned int nr_io_apics;

/* Mask the 8259s and every IO-APIC pin. */
void io_apic_init(void);
uint32_t io_apic_read(const struct io_apic *io, unsigned int reg);
void io_apic_write(const struct io_apic *io, unsigned int reg, uint32_t v);

#endif /* X86_IO_APIC_H */
