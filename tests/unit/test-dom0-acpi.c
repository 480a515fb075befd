/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's ACPI tables (xen/arch/x86/dom0_acpi.c): checksums, the MADT for
 * N vCPUs (APIC IDs 2n, x2APIC entries past ID 254, host IO-APIC and
 * override entries kept, everything else dropped), XSDT filtering, the
 * RSDP, MCFG parsing, and the glue that walks a fake host RSDT/XSDT in
 * "physical memory" (a host buffer) and maps dom0's pages read-only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>

#include "../../xen/arch/x86/dom0_acpi.c"

#include "harness.h"

/* ---- Host stand-ins ---- */

#define FAKE_PA     0x7ffe0000UL
#define FAKE_LEN    0x4000UL

static uint8_t fake_phys[FAKE_LEN];
struct acpi_info acpi_info;
struct e820map e820;

void *acpi_map(paddr_t pa, size_t len)
{
    if ( pa < FAKE_PA || pa + len > FAKE_PA + FAKE_LEN )
        return NULL;
    return fake_phys + (pa - FAKE_PA);
}

static void *xenheap_buf;
static bool xenheap_fail;

void *alloc_xenheap_pages(unsigned int order)
{
    if ( xenheap_fail )
        return NULL;
    xenheap_buf = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
    return xenheap_buf;
}

void free_xenheap_pages(void *va, unsigned int order)
{
    free(va);
    if ( va == xenheap_buf )
        xenheap_buf = NULL;
}

static struct {
    unsigned long gfn, mfn;
    p2m_type_t t;
} p2m_log[8];
static unsigned int p2m_nr;

int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    if ( p2m_nr < ARRAY_SIZE(p2m_log) )
    {
        p2m_log[p2m_nr].gfn = gfn;
        p2m_log[p2m_nr].mfn = mfn;
        p2m_log[p2m_nr].t = t;
    }
    p2m_nr++;
    return 0;
}

/* ---- Helpers ---- */

static uint8_t sum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while ( len-- )
        s += *b++;
    return s;
}

static void fill_header(void *t, const char *sig, uint32_t len, uint8_t rev)
{
    struct acpi_table_header *h = t;

    memset(h, 0, sizeof(*h));
    memcpy(h->signature, sig, 4);
    h->length = len;
    h->revision = rev;
    memcpy(h->oem_id, "BOCHS ", 6);
    memcpy(h->oem_table_id, "BXPC    ", 8);
    h->oem_revision = 1;
    h->checksum = dom0_acpi_checksum(h, len);
}

/*
 * A host MADT like QEMU's for -smp 2: two local APICs, one IO-APIC,
 * five overrides (IRQ0 -> GSI2; 5, 9, 10, 11 level/high), one local
 * APIC NMI.  Returns its length.
 */
static size_t make_host_madt(uint8_t *b)
{
    static const uint8_t iso_irq[] = { 0, 5, 9, 10, 11 };
    size_t off = 44;
    unsigned int i;
    uint32_t v;

    for ( i = 0; i < 2; i++, off += 8 )
    {
        uint8_t e[8] = { MADT_LAPIC, 8, i, i, 1, 0, 0, 0 };

        memcpy(b + off, e, 8);
    }
    {
        uint8_t e[12] = { MADT_IOAPIC, 12, 0, 0 };

        v = 0xfec00000;
        memcpy(e + 4, &v, 4);
        memset(e + 8, 0, 4);
        memcpy(b + off, e, 12);
        off += 12;
    }
    for ( i = 0; i < ARRAY_SIZE(iso_irq); i++, off += 10 )
    {
        uint8_t e[10] = { MADT_ISO, 10, 0, iso_irq[i] };
        uint16_t flags = iso_irq[i] ? 0xd : 0;

        v = iso_irq[i] ? iso_irq[i] : 2;
        memcpy(e + 4, &v, 4);
        memcpy(e + 8, &flags, 2);
        memcpy(b + off, e, 10);
    }
    {
        uint8_t e[6] = { 4, 6, 0xff, 0, 0, 1 };     /* LAPIC NMI, LINT1 */

        memcpy(b + off, e, 6);
        off += 6;
    }
    v = 0xfee00000;
    memcpy(b + 36, &v, 4);
    v = 1;                                          /* PCAT_COMPAT */
    memcpy(b + 40, &v, 4);
    fill_header(b, "APIC", off, 1);
    return off;
}

/* Walk a MADT's entries: count of each type, and entry i's offset. */
static unsigned int count_type(const uint8_t *m, uint8_t type)
{
    const struct acpi_table_header *h = (const void *)m;
    unsigned int off, n = 0;

    for ( off = 44; off + 2 <= h->length && m[off + 1] >= 2;
          off += m[off + 1] )
        n += m[off] == type;
    return n;
}

static const uint8_t *nth_entry(const uint8_t *m, unsigned int i)
{
    unsigned int off = 44;

    while ( i-- )
        off += m[off + 1];
    return m + off;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

/* ---- Checksums and the allow-list ---- */

TEST(checksum_makes_sum_zero)
{
    uint8_t b[16] = { 1, 2, 3, 250, 0 };

    b[4] = dom0_acpi_checksum(b, sizeof(b));
    EXPECT_EQ(sum(b, sizeof(b)), 0);
    EXPECT_EQ(dom0_acpi_checksum(b, 0), 0);
    memset(b, 0, sizeof(b));
    EXPECT_EQ(dom0_acpi_checksum(b, sizeof(b)), 0);
}

TEST(allow_list)
{
    EXPECT(dom0_acpi_table_allowed("FACP"));
    EXPECT(dom0_acpi_table_allowed("SSDT"));
    EXPECT(dom0_acpi_table_allowed("MCFG"));
    EXPECT(!dom0_acpi_table_allowed("APIC"));
    EXPECT(!dom0_acpi_table_allowed("HPET"));
    EXPECT(!dom0_acpi_table_allowed("SRAT"));
    EXPECT(!dom0_acpi_table_allowed("SLIT"));
    EXPECT(!dom0_acpi_table_allowed("DMAR"));
    EXPECT(!dom0_acpi_table_allowed("IVRS"));
    EXPECT(!dom0_acpi_table_allowed("DSDT"));
    EXPECT(!dom0_acpi_table_allowed("FACS"));
    EXPECT(!dom0_acpi_table_allowed("facp"));
}

/* ---- MADT ---- */

TEST(madt_two_vcpus_from_qemu_host)
{
    static uint8_t host[512], m[1024];
    size_t hlen = make_host_madt(host);
    size_t len = dom0_acpi_build_madt(m, sizeof(m), host, 2);
    const struct madt_fixed *f = (const void *)m;

    EXPECT(hlen > 44);
    EXPECT_EQ(len, 44 + 2 * 8 + 12 + 5 * 10);
    EXPECT_EQ(f->h.length, len);
    EXPECT_EQ(sum(m, len), 0);
    EXPECT(!memcmp(f->h.signature, "APIC", 4));
    EXPECT(!memcmp(f->h.oem_id, "BOCHS ", 6));
    EXPECT_EQ(f->h.revision, 1);
    EXPECT_EQ(f->lapic_addr, 0xfee00000U);
    EXPECT_EQ(f->flags, 0);
    EXPECT_EQ(count_type(m, MADT_LAPIC), 2);
    EXPECT_EQ(count_type(m, MADT_IOAPIC), 1);
    EXPECT_EQ(count_type(m, MADT_ISO), 5);
    EXPECT_EQ(count_type(m, 4), 0);                 /* host NMI dropped */
    EXPECT_EQ(nth_entry(m, 0)[3], 0);               /* vCPU0: APIC 0 */
    EXPECT_EQ(nth_entry(m, 1)[2], 1);               /* vCPU1: UID 1 */
    EXPECT_EQ(nth_entry(m, 1)[3], 2);               /* ... APIC 2 */
    EXPECT_EQ(rd32(nth_entry(m, 1) + 4), MADT_ENABLED);
    EXPECT_EQ(rd32(nth_entry(m, 2) + 4), 0xfec00000U);
    EXPECT_EQ(rd32(nth_entry(m, 3) + 4), 2);        /* IRQ0 -> GSI2 */
    EXPECT_EQ(nth_entry(m, 4)[3], 5);
}

TEST(madt_many_vcpus_use_x2apic_past_254)
{
    static uint8_t host[512], m[8192];
    size_t len;
    const uint8_t *e;

    make_host_madt(host);
    len = dom0_acpi_build_madt(m, sizeof(m), host, 130);
    EXPECT_EQ(len, 44 + 128 * 8 + 2 * 16 + 12 + 5 * 10);
    EXPECT_EQ(sum(m, len), 0);
    EXPECT_EQ(count_type(m, MADT_LAPIC), 128);
    EXPECT_EQ(count_type(m, MADT_X2APIC), 2);
    EXPECT_EQ(nth_entry(m, 127)[3], 254);
    e = nth_entry(m, 128);
    EXPECT_EQ(e[0], MADT_X2APIC);
    EXPECT_EQ(rd32(e + 4), 256);                    /* APIC ID */
    EXPECT_EQ(rd32(e + 8), MADT_ENABLED);
    EXPECT_EQ(rd32(e + 12), 128);                   /* UID */
    EXPECT_EQ(rd32(nth_entry(m, 129) + 4), 258);
}

TEST(madt_without_host_or_room)
{
    static uint8_t host[512], m[1024];
    size_t len = dom0_acpi_build_madt(m, sizeof(m), NULL, 4);

    EXPECT_EQ(len, 44 + 4 * 8);
    EXPECT_EQ(sum(m, len), 0);
    EXPECT(!memcmp(m + 10, "XMHV  ", 6));
    EXPECT_EQ(count_type(m, MADT_IOAPIC), 0);
    make_host_madt(host);
    EXPECT_EQ(dom0_acpi_build_madt(m, 60, host, 2), 0);
    EXPECT_EQ(dom0_acpi_build_madt(m, 20, NULL, 1), 0);
    EXPECT_EQ(dom0_acpi_build_madt(m, 44 + 2 * 8 + 12 + 5 * 10, host, 2),
              44 + 2 * 8 + 12 + 5 * 10);
}

TEST(madt_stops_at_malformed_host_entry)
{
    static uint8_t host[512], m[1024];
    size_t hlen = make_host_madt(host);

    host[44 + 16 + 1] = 0;      /* the IO-APIC entry's length: 0 */
    ((struct acpi_table_header *)host)->checksum = 0;
    EXPECT_EQ(dom0_acpi_build_madt(m, sizeof(m), host, 1), 44 + 8);
    EXPECT(hlen > 0);
}

/* ---- XSDT and RSDP ---- */

static const struct dom0_acpi_table qemu_tables[] = {
    { "FACP", 0x7ffe1000, 116, false },
    { "APIC", 0x7ffe1100, 120, false },
    { "HPET", 0x7ffe1200, 56, false },
    { "WAET", 0x7ffe1300, 40, false },
    { "SSDT", 0x7ffe1400, 200, true },          /* lies in RAM */
    { "MCFG", 0x7ffe1500, 60, false },
};

TEST(xsdt_filters_and_lists_madt_first)
{
    static uint8_t x[256];
    struct acpi_table_header root;
    size_t len;

    fill_header(&root, "RSDT", 36, 1);
    len = dom0_acpi_build_xsdt(x, sizeof(x), &root, qemu_tables,
                               ARRAY_SIZE(qemu_tables), 0x12345000);
    EXPECT_EQ(len, 36 + 3 * 8);
    EXPECT_EQ(sum(x, len), 0);
    EXPECT(!memcmp(x, "XSDT", 4));
    EXPECT_EQ(x[8], 1);
    EXPECT(!memcmp(x + 10, "BOCHS ", 6));
    EXPECT_EQ(rd64(x + 36), 0x12345000);
    EXPECT_EQ(rd64(x + 44), 0x7ffe1000);
    EXPECT_EQ(rd64(x + 52), 0x7ffe1500);
    EXPECT_EQ(dom0_acpi_build_xsdt(x, 36 + 8 * 2, &root, qemu_tables,
                                   ARRAY_SIZE(qemu_tables), 1), 0);
    EXPECT_EQ(dom0_acpi_build_xsdt(x, 40, NULL, NULL, 0, 1), 0);
    EXPECT_EQ(dom0_acpi_build_xsdt(x, 44, NULL, NULL, 0, 7), 44);
}

TEST(rsdp_v2)
{
    struct acpi_rsdp r;

    memset(&r, 0xaa, sizeof(r));
    dom0_acpi_build_rsdp(&r, "BOCHS ", 0xabcdef000ULL);
    EXPECT(!memcmp(r.signature, "RSD PTR ", 8));
    EXPECT_EQ(sizeof(r), 36);
    EXPECT_EQ(r.revision, 2);
    EXPECT_EQ(r.length, 36);
    EXPECT_EQ(r.rsdt, 0);
    EXPECT_EQ(r.xsdt, 0xabcdef000ULL);
    EXPECT_EQ(sum(&r, 20), 0);
    EXPECT_EQ(sum(&r, 36), 0);
    EXPECT(!memcmp(r.oem_id, "BOCHS ", 6));
    EXPECT_EQ(r.reserved[0] | r.reserved[1] | r.reserved[2], 0);
}

/* ---- MCFG ---- */

static size_t make_mcfg(uint8_t *b)
{
    uint64_t base = 0xb0000000;
    uint16_t seg = 0;

    memset(b, 0, 60);
    memcpy(b + 44, &base, 8);
    memcpy(b + 52, &seg, 2);
    b[54] = 0;
    b[55] = 0xff;
    fill_header(b, "MCFG", 60, 1);
    return 60;
}

TEST(mcfg_parse)
{
    uint8_t b[64];
    struct dom0_mcfg_region r[2];

    make_mcfg(b);
    EXPECT_EQ(dom0_acpi_parse_mcfg(b, r, 2), 1);
    EXPECT_EQ(r[0].base, 0xb0000000);
    EXPECT_EQ(r[0].segment, 0);
    EXPECT_EQ(r[0].start_bus, 0);
    EXPECT_EQ(r[0].end_bus, 0xff);
    EXPECT_EQ(dom0_acpi_parse_mcfg(b, r, 0), 0);
}

/* ---- The glue, over a fake host ---- */

/*
 * Host layout in fake_phys: RSDP at +0 (revision rev), root table at
 * +0x100, FACP at +0x400, MADT at +0x600, HPET at +0x900, MCFG at +0xa00.
 */
static void make_host(uint8_t rev)
{
    struct acpi_rsdp *r = (void *)fake_phys;
    uint8_t *root = fake_phys + 0x100;
    uint64_t pas[] = { FAKE_PA + 0x400, FAKE_PA + 0x600, FAKE_PA + 0x900,
                       FAKE_PA + 0xa00 };
    unsigned int i, esize = rev >= 2 ? 8 : 4;

    memset(fake_phys, 0, sizeof(fake_phys));
    fill_header(fake_phys + 0x400, "FACP", 116, 1);
    make_host_madt(fake_phys + 0x600);
    fill_header(fake_phys + 0x900, "HPET", 56, 1);
    make_mcfg(fake_phys + 0xa00);
    for ( i = 0; i < ARRAY_SIZE(pas); i++ )
        memcpy(root + 36 + i * esize, &pas[i], esize);
    fill_header(root, rev >= 2 ? "XSDT" : "RSDT", 36 + 4 * esize, 1);
    memcpy(r->signature, "RSD PTR ", 8);
    memcpy(r->oem_id, "BOCHS ", 6);
    r->revision = rev;
    if ( rev >= 2 )
        r->xsdt = FAKE_PA + 0x100;
    else
        r->rsdt = FAKE_PA + 0x100;
    acpi_info.rsdp = FAKE_PA;
    e820.nr_map = 2;
    e820.map[0] = (struct e820entry){ 0x100000, FAKE_PA - 0x100000,
                                      E820_RAM };
    e820.map[1] = (struct e820entry){ FAKE_PA, 0x20000, E820_RESERVED };
}

static void check_dom0_tables(uint64_t rsdp, unsigned int nr_vcpus)
{
    uint64_t ma = (uint64_t)virt_to_mfn(xenheap_buf) << PAGE_SHIFT;
    const struct acpi_rsdp *r = (const void *)((uint8_t *)xenheap_buf +
                                                  (rsdp - ma));
    const uint8_t *x = (const uint8_t *)xenheap_buf + (r->xsdt - ma);
    const uint8_t *m;

    EXPECT_EQ(sum(r, 36), 0);
    EXPECT_EQ(rd32(x + 4), 36 + 3 * 8);          /* MADT, FACP, MCFG */
    EXPECT_EQ(sum(x, rd32(x + 4)), 0);
    EXPECT_EQ(rd64(x + 44), FAKE_PA + 0x400);
    EXPECT_EQ(rd64(x + 52), FAKE_PA + 0xa00);
    m = (const uint8_t *)xenheap_buf + (rd64(x + 36) - ma);
    EXPECT(!memcmp(m, "APIC", 4));
    EXPECT_EQ(sum(m, rd32(m + 4)), 0);
    EXPECT_EQ(count_type(m, MADT_LAPIC), nr_vcpus);
    EXPECT_EQ(p2m_nr, 2);
    EXPECT_EQ(p2m_log[0].gfn, p2m_log[0].mfn);
    EXPECT_EQ(p2m_log[0].gfn, ma >> PAGE_SHIFT);
    EXPECT_EQ(p2m_log[1].gfn, (ma >> PAGE_SHIFT) + 1);
    EXPECT_EQ(p2m_log[0].t, p2m_ram_ro);
}

TEST(setup_from_rsdt_host)
{
    struct domain d = { .max_vcpus = 3 };
    uint64_t rsdp = 0, base = 0;

    make_host(0);
    p2m_nr = 0;
    EXPECT_EQ(dom0_acpi_setup(&d, &rsdp), 0);
    check_dom0_tables(rsdp, 3);
    EXPECT_EQ(dom0_acpi_mcfg_find(0, 0, 0xff, &base), 0);
    EXPECT_EQ(base, 0xb0000000);
    EXPECT_EQ(dom0_acpi_mcfg_find(0, 0, 0x7f, &base), -ENODEV);
    EXPECT_EQ(dom0_acpi_mcfg_find(1, 0, 0xff, &base), -ENODEV);
    free_xenheap_pages(xenheap_buf, DOM0_ACPI_ORDER);
}

TEST(setup_from_xsdt_host)
{
    struct domain d = { .max_vcpus = 1 };
    uint64_t rsdp = 0;

    make_host(2);
    p2m_nr = 0;
    EXPECT_EQ(dom0_acpi_setup(&d, &rsdp), 0);
    check_dom0_tables(rsdp, 1);
    free_xenheap_pages(xenheap_buf, DOM0_ACPI_ORDER);
}

TEST(setup_failures)
{
    struct domain d = { .max_vcpus = 1 };
    uint64_t rsdp = 0;

    make_host(2);
    acpi_info.rsdp = 0;
    EXPECT_EQ(dom0_acpi_setup(&d, &rsdp), -ENODEV);
    make_host(2);
    xenheap_fail = true;
    EXPECT_EQ(dom0_acpi_setup(&d, &rsdp), -ENOMEM);
    xenheap_fail = false;
    make_host(2);
    d.max_vcpus = 4000;         /* the MADT cannot fit in two pages */
    p2m_nr = 0;
    EXPECT_EQ(dom0_acpi_setup(&d, &rsdp), -ENOSPC);
    EXPECT_EQ(p2m_nr, 0);
    EXPECT(xenheap_buf == NULL);
}
