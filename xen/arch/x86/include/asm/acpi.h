/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hypervisor learns from the ACPI tables at boot (ACPI 6.4,
 * chapter 5.2 "ACPI System Description Tables").
 */
#ifndef X86_ACPI_H
#define X86_ACPI_H

#include <xen/types.h>

#define MAX_IO_APICS    8
#define MAX_ISA_IRQS    16
#define MAX_MCFG        8

struct acpi_gas {                   /* Generic Address Structure */
    uint8_t space_id;               /* 0 memory, 1 I/O port */
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_size;
    uint64_t address;
} __attribute__((packed));

/* Every ACPI description table starts with this header (5.2.6). */
struct acpi_table_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __attribute__((packed));

/* The RSDP (5.2.5.3): 36 bytes from revision 2; the first 20 before. */
struct acpi_rsdp {
    char signature[8];
    uint8_t checksum;               /* over the first 20 bytes */
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
    uint8_t ext_checksum;           /* over all 36 bytes */
    uint8_t reserved[3];
} __attribute__((packed));

struct acpi_ioapic_info {
    uint8_t id;
    paddr_t addr;
    uint32_t gsi_base;
};

struct acpi_iso_info {              /* ISA interrupt source override */
    uint32_t gsi;
    uint16_t flags;                 /* MPS INTI polarity/trigger */
    bool present;
};

struct acpi_mcfg_info {            /* one MCFG allocation (ECAM region) */
    uint64_t base;
    uint16_t segment;
    uint8_t start_bus, end_bus;
};

struct acpi_info {
    paddr_t rsdp;
    bool have_madt, have_fadt;
    paddr_t lapic_addr;
    unsigned int nr_lapics;         /* enabled local APICs */
    uint32_t lapic_ids[CONFIG_NR_CPUS];
    uint32_t acpi_ids[CONFIG_NR_CPUS];
    unsigned int nr_ioapics;
    struct acpi_ioapic_info ioapics[MAX_IO_APICS];
    struct acpi_iso_info isa_irq[MAX_ISA_IRQS];
    /* FADT */
    uint32_t pm1a_cnt, pm1b_cnt, pm_tmr;
    bool pm_tmr_32bit;
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    bool reset_reg_valid;
    paddr_t dsdt;
    uint16_t slp_typ_s5;            /* from \_S5 in the DSDT, or ~0 */
    /* HPET */
    paddr_t hpet_addr;
    /* MCFG (PCI Firmware spec 3.2, 4.1.2) */
    unsigned int nr_mcfg;
    struct acpi_mcfg_info mcfg[MAX_MCFG];
};

extern struct acpi_info acpi_info;

/* Find and parse the tables; false if there are none (then no SMP). */
bool acpi_tables_init(paddr_t rsdp_hint);

/* Map a physical range for reading tables; the direct-map address. */
void *acpi_map(paddr_t pa, size_t len);

#endif /* X86_ACPI_H */
