/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table discovery: RSDP (from the boot loader, or a scan of the EBDA
 * and the BIOS ROM area), then the XSDT (or RSDT), then the MADT, FADT
 * and HPET tables.  Every table's checksum is verified; a table that fails
 * is ignored with a warning.  Layouts: ACPI 6.4, section 5.2.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/acpi.h>

#include "acpi-private.h"

struct acpi_info acpi_info;

void *acpi_map(paddr_t pa, size_t len)
{
    paddr_t start = ROUNDDOWN(pa, PAGE_SIZE);
    unsigned long nr = PFN_UP(pa + len) - PFN_DOWN(pa);

    if ( map_pages_to_xen(DIRECTMAP_VIRT_START + start, PFN_DOWN(start), nr,
                          PAGE_HYPERVISOR) )
        return NULL;
    return __va(pa);
}

static bool checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while ( len-- )
        sum += *b++;
    return sum == 0;
}

static const struct acpi_rsdp *rsdp_at(paddr_t pa)
{
    const struct acpi_rsdp *r = __va(pa);

    if ( memcmp(r->signature, "RSD PTR ", 8) || !checksum_ok(r, 20) )
        return NULL;
    if ( r->revision >= 2 && !checksum_ok(r, r->length) )
        return NULL;
    return r;
}

static paddr_t scan_rsdp(paddr_t start, paddr_t end)
{
    paddr_t pa;

    for ( pa = start; pa + 36 <= end; pa += 16 )
        if ( rsdp_at(pa) )
            return pa;
    return 0;
}

static paddr_t find_rsdp(paddr_t hint)
{
    paddr_t ebda = (paddr_t)*(const uint16_t *)__va(0x40e) << 4;
    paddr_t pa;

    if ( hint && rsdp_at(hint) )
        return hint;
    pa = ebda >= 0x80000 && ebda < 0xa0000 ? scan_rsdp(ebda, ebda + 1024)
                                           : 0;
    return pa ? pa : scan_rsdp(0xe0000, 0x100000);
}

static const struct acpi_table_header *map_table(paddr_t pa)
{
    const struct acpi_table_header *h = acpi_map(pa, sizeof(*h));

    if ( !h || h->length < sizeof(*h) || h->length > (1U << 24) )
        return NULL;
    h = acpi_map(pa, h->length);
    if ( !h || !checksum_ok(h, h->length) )
    {
        printk(XENLOG_WARNING "ACPI: table at %#lx: bad checksum, ignored\n",
               pa);
        return NULL;
    }
    return h;
}

/* HPET description table: the base address is in a GAS at offset 40. */
static void parse_hpet(const struct acpi_table_header *h)
{
    const struct acpi_gas *base = (const void *)((const char *)h + 40);

    if ( h->length >= 52 && base->space_id == 0 )
        acpi_info.hpet_addr = base->address;
}

/* MCFG: 8 reserved bytes, then 16-byte allocations (base, seg, buses). */
static void parse_mcfg(const struct acpi_table_header *h)
{
    const uint8_t *p = (const uint8_t *)h + sizeof(*h) + 8;
    const uint8_t *end = (const uint8_t *)h + h->length;

    for ( ; p + 16 <= end && acpi_info.nr_mcfg < MAX_MCFG; p += 16 )
    {
        struct acpi_mcfg_info *m = &acpi_info.mcfg[acpi_info.nr_mcfg++];

        memcpy(&m->base, p, 8);
        memcpy(&m->segment, p + 8, 2);
        m->start_bus = p[10];
        m->end_bus = p[11];
    }
}

static void parse_table(paddr_t pa)
{
    const struct acpi_table_header *h = map_table(pa);

    if ( !h )
        return;
    printk("ACPI: %.4s %#010lx %06x (v%02u %.6s %.8s)\n", h->signature, pa,
           h->length, h->revision, h->oem_id, h->oem_table_id);
    if ( !memcmp(h->signature, "APIC", 4) )
        acpi_parse_madt(h);
    else if ( !memcmp(h->signature, "FACP", 4) )
        acpi_parse_fadt(h);
    else if ( !memcmp(h->signature, "HPET", 4) )
        parse_hpet(h);
    else if ( !memcmp(h->signature, "MCFG", 4) )
        parse_mcfg(h);
}

bool acpi_tables_init(paddr_t rsdp_hint)
{
    const struct acpi_rsdp *r;
    const struct acpi_table_header *sdt;
    paddr_t pa = find_rsdp(rsdp_hint);
    unsigned int i, n, esize;

    acpi_info.slp_typ_s5 = ~0;
    if ( !pa )
    {
        printk(XENLOG_WARNING "ACPI: no RSDP found\n");
        return false;
    }
    r = rsdp_at(pa);
    acpi_info.rsdp = pa;
    printk("ACPI: RSDP %#010lx (v%02u %.6s)\n", pa, r->revision, r->oem_id);

    esize = r->revision >= 2 && r->xsdt ? 8 : 4;
    sdt = map_table(esize == 8 ? r->xsdt : r->rsdt);
    if ( !sdt )
        return false;
    n = (sdt->length - sizeof(*sdt)) / esize;
    for ( i = 0; i < n; i++ )
    {
        const uint8_t *e = (const uint8_t *)(sdt + 1) + i * esize;

        parse_table(esize == 8 ? *(const uint64_t *)e
                               : *(const uint32_t *)e);
    }
    return acpi_info.have_madt;
}
