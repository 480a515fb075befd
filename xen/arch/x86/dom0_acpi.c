/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's ACPI tables: a new RSDP, XSDT and MADT in hypervisor pages that
 * dom0 may read but not write, pointing at the host's other tables
 * (FADT, DSDT, FACS, SSDTs, MCFG, ...), which dom0 reads in place: every
 * non-RAM range of the host map is mapped 1:1 into dom0.
 *
 * Why a new MADT: dom0 runs on vCPUs whose local APICs are the vLAPIC
 * (APIC ID 2n for vCPU n), not on the host's CPUs; its IO-APICs are our
 * vIO-APICs, at the host's addresses and GSI bases, so the host's
 * IO-APIC and interrupt source override entries stay true.
 *
 * Why hide tables: the XSDT lists an allow-list of host tables (those
 * that describe firmware, not hardware the hypervisor owns or that would
 * contradict dom0's view).  Hidden among others: the host MADT, the HPET
 * (the hypervisor may take it as its own timer, so dom0 must not think
 * it is free), SRAT/SLIT (host NUMA, not dom0's vCPUs), DMAR/IVRS (the
 * IOMMU belongs to the hypervisor).  Tables lying in RAM are never
 * listed: RAM is dom0's and could be rewritten under the table.
 *
 * Layouts: ACPI 6.4, 5.2.5 (RSDP), 5.2.8 (XSDT), 5.2.12 (MADT).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/dom0_acpi.h>
#include <asm/e820.h>
#include <asm/p2m.h>

#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_ISO            2
#define MADT_X2APIC         9
#define MADT_ENABLED        (1U << 0)

#define MADT_LAPIC_LEN      8
#define MADT_IOAPIC_LEN     12
#define MADT_ISO_LEN        10
#define MADT_X2APIC_LEN     16

/* The vLAPIC's fixed address: the architectural default. */
#define DOM0_LAPIC_ADDR     0xfee00000U
/* An xAPIC (8-bit) ID of 0xff is broadcast: IDs from here need x2APIC. */
#define MAX_XAPIC_ID        0xfe

#define MAX_HOST_TABLES     64
/* dom0's tables: MADT, XSDT and RSDP, in these pages. */
#define DOM0_ACPI_ORDER     1
#define DOM0_ACPI_SIZE      (PAGE_SIZE << DOM0_ACPI_ORDER)

struct madt_fixed {
    struct acpi_table_header h;
    uint32_t lapic_addr;
    uint32_t flags;
} __attribute__((packed));

static const char default_oem_id[6] = { 'X', 'M', 'H', 'V', ' ', ' ' };

uint8_t dom0_acpi_checksum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while ( len-- )
        sum += *b++;
    return -sum;
}

/*
 * Host tables dom0 may see.  DSDT and FACS are reached through the FADT,
 * never through the XSDT.  MCFG is the host's ECAM, passed through.
 */
bool dom0_acpi_table_allowed(const char sig[4])
{
    static const char allowed[][4] = {
        "FACP", "SSDT", "PSDT", "SBST", "MCFG", "SLIC", "MSDM", "WDAT",
        "FPDT", "S3PT",
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(allowed); i++ )
        if ( !memcmp(sig, allowed[i], 4) )
            return true;
    return false;
}

/* Fill a table header: OEM fields from host (or ours), no checksum yet. */
static void init_header(struct acpi_table_header *h, const char sig[4],
                        const struct acpi_table_header *host, uint8_t rev)
{
    if ( host )
        *h = *host;
    else
    {
        memset(h, 0, sizeof(*h));
        memcpy(h->oem_id, default_oem_id, sizeof(h->oem_id));
        memcpy(h->oem_table_id, "XMHVDOM0", sizeof(h->oem_table_id));
    }
    memcpy(h->signature, sig, 4);
    h->revision = rev;
    h->checksum = 0;
}

static void finish_table(struct acpi_table_header *h, size_t len)
{
    h->length = len;
    h->checksum = 0;
    h->checksum = dom0_acpi_checksum(h, len);
}

/* The local APIC (or x2APIC) entry of vCPU i at p; its length. */
static size_t madt_vcpu_entry(uint8_t *p, unsigned int i)
{
    uint32_t apic_id = i * 2, uid = i, flags = MADT_ENABLED;

    if ( apic_id <= MAX_XAPIC_ID && uid <= 0xff )
    {
        p[0] = MADT_LAPIC;
        p[1] = MADT_LAPIC_LEN;
        p[2] = uid;
        p[3] = apic_id;
        memcpy(p + 4, &flags, 4);
        return MADT_LAPIC_LEN;
    }
    p[0] = MADT_X2APIC;
    p[1] = MADT_X2APIC_LEN;
    p[2] = p[3] = 0;
    memcpy(p + 4, &apic_id, 4);
    memcpy(p + 8, &flags, 4);
    memcpy(p + 12, &uid, 4);
    return MADT_X2APIC_LEN;
}

/* Is host MADT entry e one dom0's MADT keeps as it is? */
static bool madt_keep_entry(const uint8_t *e)
{
    return (e[0] == MADT_IOAPIC && e[1] == MADT_IOAPIC_LEN) ||
           (e[0] == MADT_ISO && e[1] == MADT_ISO_LEN);
}

/* Copy the kept host entries to buf + off; the new offset, 0: no room. */
static size_t madt_copy_host(uint8_t *buf, size_t off, size_t room,
                             const void *host_madt)
{
    const struct madt_fixed *m = host_madt;
    const uint8_t *p = (const uint8_t *)(m + 1);
    const uint8_t *end = (const uint8_t *)m + m->h.length;

    /* A malformed entry ends the walk, as the boot parser does. */
    for ( ; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1] )
    {
        if ( !madt_keep_entry(p) )
            continue;
        if ( off + p[1] > room )
            return 0;
        memcpy(buf + off, p, p[1]);
        off += p[1];
    }
    return off;
}

size_t dom0_acpi_build_madt(void *buf, size_t room, const void *host_madt,
                            unsigned int nr_vcpus)
{
    struct madt_fixed *m = buf;
    const struct madt_fixed *host = host_madt;
    size_t off = sizeof(*m);
    unsigned int i;

    if ( host && host->h.length < sizeof(*host) )
        host = NULL;
    if ( room < off )
        return 0;
    init_header(&m->h, "APIC", host ? &host->h : NULL,
                host ? host->h.revision : 4);
    m->lapic_addr = DOM0_LAPIC_ADDR;
    m->flags = 0;           /* no PC-AT 8259s: dom0 must not use them */
    for ( i = 0; i < nr_vcpus; i++ )
    {
        if ( off + MADT_X2APIC_LEN > room )
            return 0;
        off += madt_vcpu_entry((uint8_t *)buf + off, i);
    }
    if ( host && !(off = madt_copy_host(buf, off, room, host)) )
        return 0;
    finish_table(&m->h, off);
    return off;
}

size_t dom0_acpi_build_xsdt(void *buf, size_t room,
                            const struct acpi_table_header *host_root,
                            const struct dom0_acpi_table *t, unsigned int n,
                            uint64_t madt_pa)
{
    struct acpi_table_header *h = buf;
    size_t off = sizeof(*h);
    unsigned int i;

    if ( room < off + 8 )
        return 0;
    init_header(h, "XSDT", host_root, 1);
    memcpy((uint8_t *)buf + off, &madt_pa, 8);
    off += 8;
    for ( i = 0; i < n; i++ )
    {
        if ( t[i].in_ram || !dom0_acpi_table_allowed(t[i].sig) )
            continue;
        if ( off + 8 > room )
            return 0;
        memcpy((uint8_t *)buf + off, &t[i].pa, 8);
        off += 8;
    }
    finish_table(h, off);
    return off;
}

void dom0_acpi_build_rsdp(void *buf, const char oem_id[6], uint64_t xsdt_pa)
{
    struct acpi_rsdp *r = buf;

    memset(r, 0, sizeof(*r));
    memcpy(r->signature, "RSD PTR ", 8);
    memcpy(r->oem_id, oem_id ? oem_id : default_oem_id, 6);
    r->revision = 2;
    r->rsdt = 0;            /* ACPI 2.0+ OSes use the XSDT */
    r->length = sizeof(*r);
    r->xsdt = xsdt_pa;
    r->checksum = dom0_acpi_checksum(r, 20);
    r->ext_checksum = dom0_acpi_checksum(r, sizeof(*r));
}

unsigned int dom0_acpi_parse_mcfg(const void *mcfg,
                                  struct dom0_mcfg_region *out,
                                  unsigned int max)
{
    const struct acpi_table_header *h = mcfg;
    const uint8_t *p = (const uint8_t *)mcfg + sizeof(*h) + 8;
    unsigned int n = 0;

    for ( ; p + 16 <= (const uint8_t *)mcfg + h->length && n < max; p += 16 )
    {
        memcpy(&out[n].base, p, 8);
        memcpy(&out[n].segment, p + 8, 2);
        out[n].start_bus = p[10];
        out[n].end_bus = p[11];
        n++;
    }
    return n;
}

/* ---- Glue: the host's tables in, dom0's tables out ---- */

static struct dom0_mcfg_region mcfg_regions[DOM0_MAX_MCFG];
static unsigned int nr_mcfg_regions;

int dom0_acpi_mcfg_find(uint16_t segment, uint8_t start_bus,
                        uint8_t end_bus, uint64_t *base)
{
    unsigned int i;

    for ( i = 0; i < nr_mcfg_regions; i++ )
    {
        const struct dom0_mcfg_region *r = &mcfg_regions[i];

        if ( r->segment == segment && r->start_bus == start_bus &&
             r->end_bus == end_bus )
        {
            *base = r->base;
            return 0;
        }
    }
    return -ENODEV;
}

/* Does [pa, pa + len) touch RAM in the host's memory map? */
static bool host_range_in_ram(uint64_t pa, uint64_t len)
{
    unsigned int i;

    for ( i = 0; i < e820.nr_map; i++ )
    {
        const struct e820entry *e = &e820.map[i];

        if ( e->type == E820_RAM && pa < e->addr + e->size &&
             e->addr < pa + len )
            return true;
    }
    return false;
}

struct host_acpi {
    const struct acpi_rsdp *rsdp;
    const struct acpi_table_header *root;     /* XSDT or RSDT */
    const void *madt;                       /* NULL: none */
    struct dom0_acpi_table t[MAX_HOST_TABLES];
    unsigned int n;
};

/* Record the host table at pa; the MADT and MCFG are read fully. */
static void host_table(struct host_acpi *ha, uint64_t pa)
{
    const struct acpi_table_header *h = acpi_map(pa, sizeof(*h));
    struct dom0_acpi_table *t;

    if ( !h || ha->n == MAX_HOST_TABLES )
        return;
    t = &ha->t[ha->n++];
    memcpy(t->sig, h->signature, 4);
    t->pa = pa;
    t->len = h->length;
    t->in_ram = host_range_in_ram(pa, h->length);
    if ( t->in_ram )
        printk(XENLOG_WARNING "dom0: ACPI %.4s at %#lx lies in RAM: "
               "hidden\n", t->sig, pa);
    if ( !memcmp(t->sig, "APIC", 4) && !ha->madt )
        ha->madt = acpi_map(pa, h->length);
    else if ( !memcmp(t->sig, "MCFG", 4) && acpi_map(pa, h->length) )
        nr_mcfg_regions = dom0_acpi_parse_mcfg(h, mcfg_regions,
                                               DOM0_MAX_MCFG);
}

/* Walk the host's XSDT (or RSDT for an ACPI 1.0 RSDP). */
static int read_host_tables(struct host_acpi *ha)
{
    bool x;
    unsigned int i, esize, n;
    uint64_t root_pa;

    memset(ha, 0, sizeof(*ha));
    nr_mcfg_regions = 0;
    ha->rsdp = acpi_info.rsdp ? acpi_map(acpi_info.rsdp, sizeof(*ha->rsdp))
                              : NULL;
    if ( !ha->rsdp )
        return -ENODEV;
    x = ha->rsdp->revision >= 2 && ha->rsdp->xsdt;
    root_pa = x ? ha->rsdp->xsdt : ha->rsdp->rsdt;
    esize = x ? 8 : 4;
    ha->root = acpi_map(root_pa, sizeof(*ha->root));
    if ( !ha->root || ha->root->length < sizeof(*ha->root) ||
         !acpi_map(root_pa, ha->root->length) )
        return -ENODEV;
    n = (ha->root->length - sizeof(*ha->root)) / esize;
    for ( i = 0; i < n; i++ )
    {
        const uint8_t *e = (const uint8_t *)(ha->root + 1) + i * esize;
        uint64_t pa = 0;

        memcpy(&pa, e, esize);
        if ( pa )
            host_table(ha, pa);
    }
    return 0;
}

static void log_hidden(const struct host_acpi *ha)
{
    unsigned int i;

    for ( i = 0; i < ha->n; i++ )
        if ( !dom0_acpi_table_allowed(ha->t[i].sig) )
            printk("dom0: ACPI %.4s at %#lx hidden%s\n", ha->t[i].sig,
                   ha->t[i].pa,
                   !memcmp(ha->t[i].sig, "APIC", 4) ? " (replaced)" : "");
}

/* Lay out MADT, XSDT and RSDP in buf (at machine address ma). */
static int build_tables(const struct host_acpi *ha, uint8_t *buf,
                        uint64_t ma, unsigned int nr_vcpus, uint64_t *rsdp)
{
    size_t madt_len, xsdt_off, xsdt_len, rsdp_off;

    madt_len = dom0_acpi_build_madt(buf, DOM0_ACPI_SIZE, ha->madt,
                                    nr_vcpus);
    xsdt_off = ROUNDUP(madt_len, 16);
    if ( !madt_len || xsdt_off >= DOM0_ACPI_SIZE )
        return -ENOSPC;
    xsdt_len = dom0_acpi_build_xsdt(buf + xsdt_off,
                                    DOM0_ACPI_SIZE - xsdt_off, ha->root,
                                    ha->t, ha->n, ma);
    rsdp_off = ROUNDUP(xsdt_off + xsdt_len, 16);
    if ( !xsdt_len ||
         rsdp_off + sizeof(struct acpi_rsdp) > DOM0_ACPI_SIZE )
        return -ENOSPC;
    dom0_acpi_build_rsdp(buf + rsdp_off, ha->rsdp->oem_id, ma + xsdt_off);
    *rsdp = ma + rsdp_off;
    printk("dom0: ACPI RSDP %#lx, XSDT %#lx (%zu tables), MADT %#lx "
           "(%u vCPUs)\n", *rsdp, ma + xsdt_off, (xsdt_len - 36) / 8, ma,
           nr_vcpus);
    return 0;
}

int dom0_acpi_setup(struct domain *d, uint64_t *rsdp)
{
    static struct host_acpi ha;
    uint8_t *buf;
    unsigned long mfn, i;
    int rc;

    if ( (rc = read_host_tables(&ha)) )
        return rc;
    buf = alloc_xenheap_pages(DOM0_ACPI_ORDER);
    if ( !buf )
        return -ENOMEM;
    memset(buf, 0, DOM0_ACPI_SIZE);
    mfn = virt_to_mfn(buf);
    rc = build_tables(&ha, buf, (uint64_t)mfn << PAGE_SHIFT, d->max_vcpus,
                      rsdp);
    /* 1:1 like the rest of dom0, read-only: the tables are ours. */
    for ( i = 0; !rc && i < (1UL << DOM0_ACPI_ORDER); i++ )
        rc = p2m_set_entry(d, mfn + i, mfn + i, P2M_ORDER_4K, p2m_ram_ro);
    if ( rc )
    {
        while ( i-- )
            p2m_set_entry(d, mfn + i, 0, P2M_ORDER_4K, p2m_invalid);
        free_xenheap_pages(buf, DOM0_ACPI_ORDER);
        return rc;
    }
    log_hidden(&ha);
    return 0;
}
