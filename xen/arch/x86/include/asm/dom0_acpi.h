/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's ACPI tables (ACPI 6.4, 5.2 "ACPI System Description Tables").
 *
 * dom0 gets its own RSDP, XSDT and MADT; every other table it sees is
 * the host's, at its host address (mapped 1:1).  The MADT lists dom0's
 * vCPUs (APIC ID 2n for vCPU n, as the vLAPIC reports) instead of the
 * host's CPUs, and the IO-APICs and interrupt source overrides as the
 * host has them (dom0's vIO-APICs sit at the host addresses).  The XSDT
 * lists an allow-list of the host's tables; see docs/dom0-platform.md.
 *
 * The builders below are pure (buffers in, lengths out) and unit tested;
 * dom0_acpi_setup() is the glue that reads the host tables and hands the
 * result to dom0.
 */
#ifndef X86_DOM0_ACPI_H
#define X86_DOM0_ACPI_H

#include <xen/types.h>
#include <asm/acpi.h>

struct domain;

/* One host table the XSDT builder may list. */
struct dom0_acpi_table {
    char sig[4];
    uint64_t pa;
    uint32_t len;
    bool in_ram;    /* (part of) it is RAM in the host map: never listed */
};

/* MCFG: one ECAM region (PCI Firmware spec 3.2, 4.1.2). */
struct dom0_mcfg_region {
    uint64_t base;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
};

#define DOM0_MAX_MCFG   8

/* The byte that makes p[0..len) sum to zero when stored in its slot. */
uint8_t dom0_acpi_checksum(const void *p, size_t len);

/* May dom0's XSDT list a host table with this signature? */
bool dom0_acpi_table_allowed(const char sig[4]);

/*
 * dom0's MADT in buf (room bytes): local APICs for nr_vcpus vCPUs
 * (x2APIC entries for IDs past 254), then the IO-APIC and interrupt
 * source override entries copied from host_madt (NULL: none).  Returns
 * its length, or 0 if it does not fit or host_madt is malformed.
 */
size_t dom0_acpi_build_madt(void *buf, size_t room, const void *host_madt,
                            unsigned int nr_vcpus);

/*
 * dom0's XSDT in buf: madt_pa first, then every table of t[0..n) that is
 * allowed and not in RAM.  host_root (the host XSDT or RSDT, or NULL)
 * lends its OEM fields.  Returns the length, or 0 if it does not fit.
 */
size_t dom0_acpi_build_xsdt(void *buf, size_t room,
                            const struct acpi_table_header *host_root,
                            const struct dom0_acpi_table *t, unsigned int n,
                            uint64_t madt_pa);

/* A revision 2 RSDP pointing at xsdt_pa (no RSDT) into buf (36 bytes). */
void dom0_acpi_build_rsdp(void *buf, const char oem_id[6], uint64_t xsdt_pa);

/*
 * Parse a host MCFG table into out[0..max); the number of regions.
 */
unsigned int dom0_acpi_parse_mcfg(const void *mcfg,
                                  struct dom0_mcfg_region *out,
                                  unsigned int max);

/*
 * Build d's tables in hypervisor pages, map them read-only into d at
 * their machine address, and return the RSDP's address in *rsdp.
 * 0, -ENOMEM or -ENOSPC (then d gets the host's RSDP: see the caller).
 */
int dom0_acpi_setup(struct domain *d, uint64_t *rsdp);

/*
 * The host MCFG region for (segment, start_bus, end_bus), as found at
 * dom0_acpi_setup(): 0 and *base, or -ENODEV.
 */
int dom0_acpi_mcfg_find(uint16_t segment, uint8_t start_bus,
                        uint8_t end_bus, uint64_t *base);

#endif /* X86_DOM0_ACPI_H */
