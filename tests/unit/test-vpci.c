/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vPCI (the four files of xen/drivers/vpci/, with the real
 * arch/x86/msi.c): capability parsing and BAR sizing on a fake function, dom0's MSI capability
 * (host message programmed, dom0's read back, routes follow address and
 * data rewrites, mask bits reach the device, disable releases), the
 * MSI-X capability and table (entries bound on unmask while enabled,
 * host entries masked exactly when dom0's are, function mask and enable
 * passed on, teardown), and the p2m as decoding and BARs change (MSI-X
 * table pages trapped, a BAR above 4 GiB mapped and unmapped).
 *
 * Stand-ins: configuration space (one function with BARs that size like
 * hardware), the p2m (a record of the last type per frame), ioremap (the
 * MSI-X table BAR is an array), the vector table, the vLAPIC.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include <xen/sched.h>

#undef local_irq_save
#undef local_irq_restore
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

#include "../../xen/arch/x86/msi.c"
#include "../../xen/drivers/vpci/vpci.c"
#include "../../xen/drivers/vpci/header.c"
#include "../../xen/drivers/vpci/msi.c"
#include "../../xen/drivers/vpci/msix.c"

#include "harness.h"

/* ---- The fake function 00:03.0 ---- */

#define SBDF            PCI_SBDF(0, 0, 3 << 3)
#define BAR0_ADDR       0xfe000000U     /* 4 KiB, plain registers */
#define BAR1_ADDR       0xfe010000U     /* 16 KiB: MSI-X table at 0x800 */
#define BAR2_ADDR       0x800000000ULL  /* 1 MiB, 64-bit, above 4 GiB */
#define MSI_POS         0x50
#define MSIX_POS        0x70
#define MSIX_NR         8
#define TABLE_ADDR      (BAR1_ADDR + 0x800)

static uint8_t cfg[4096];
static const uint64_t bar_size[6] = { 0x1000, 0x4000, 0x100000, 0, 0x20, 0 };
static uint8_t bar1_mem[0x4000];
static unsigned int cfg_writes;

static uint32_t cfg32(unsigned int reg)
{
    uint32_t v;

    memcpy(&v, &cfg[reg], 4);
    return v;
}

static void set32(unsigned int reg, uint32_t v)
{
    memcpy(&cfg[reg], &v, 4);
}

static void fake_reset(void)
{
    memset(cfg, 0, sizeof(cfg));
    memset(bar1_mem, 0, sizeof(bar1_mem));
    set32(0x00, 0x10011af4);
    set32(0x04, 0x00100000);            /* status: capability list */
    cfg[PCI_HEADER_TYPE] = 0;
    set32(0x10, BAR0_ADDR);
    set32(0x14, BAR1_ADDR);
    set32(0x18, (uint32_t)BAR2_ADDR | PCI_BAR_MEM_TYPE_64);
    set32(0x1c, BAR2_ADDR >> 32);
    set32(0x20, 0xc000 | PCI_BAR_IO);
    cfg[PCI_CAPABILITY_LIST] = 0x40;
    cfg[0x40] = 0x01;                   /* power management */
    cfg[0x41] = MSI_POS;
    cfg[MSI_POS] = PCI_CAP_ID_MSI;
    cfg[MSI_POS + 1] = MSIX_POS;
    /* 64-bit, maskable, 4 messages capable. */
    cfg[MSI_POS + 2] = MSI_CTRL_64BIT | (2 << MSI_CTRL_MMC_SHIFT);
    cfg[MSI_POS + 3] = MSI_CTRL_MASKABLE >> 8;
    cfg[MSIX_POS] = PCI_CAP_ID_MSIX;
    cfg[MSIX_POS + 1] = 0;
    cfg[MSIX_POS + 2] = MSIX_NR - 1;
    set32(MSIX_POS + 4, 0x800 | 1);     /* table in BAR1 at 0x800 */
    set32(MSIX_POS + 8, 0x1000 | 1);    /* PBA in BAR1 at 0x1000 */
}

/* A BAR register takes an address; its size bits read as zero. */
static uint32_t bar_value(unsigned int i, uint32_t v)
{
    uint32_t flags = cfg32(0x10 + 4 * i) & (i == 4 ? 0x3 : 0xf);
    uint64_t size = bar_size[i];

    if ( i == 3 )                       /* BAR2's upper half */
        return v & ~(uint32_t)((bar_size[2] - 1) >> 32);
    if ( !size )
        return 0;
    return (v & ~(uint32_t)(size - 1) & ~(i == 4 ? 0x3U : 0xfU)) | flags;
}

uint32_t pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size)
{
    uint32_t v = 0;

    if ( sbdf != SBDF )
        return size == 4 ? ~0U : (1U << (size * 8)) - 1;
    memcpy(&v, &cfg[reg], size);
    return v;
}

void pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                    uint32_t val)
{
    if ( sbdf != SBDF )
        return;
    cfg_writes++;
    if ( reg >= 0x10 && reg < 0x28 && size == 4 )
        val = bar_value((reg - 0x10) / 4, val);
    memcpy(&cfg[reg], &val, size);
}

void pci_mmcfg_init(void)
{
}

const struct pci_mmcfg *pci_mmcfg_region(unsigned int i)
{
    return NULL;
}

/* ---- p2m, MMIO, vectors, vLAPIC ---- */

#define P2M_FRAMES      64
static struct {
    unsigned long gfn;
    p2m_type_t t;
} p2m[P2M_FRAMES];
static unsigned int p2m_n;

static void p2m_record(unsigned long gfn, p2m_type_t t)
{
    unsigned int i;

    for ( i = 0; i < p2m_n; i++ )
        if ( p2m[i].gfn == gfn )
            break;
    if ( i == p2m_n && p2m_n < P2M_FRAMES )
        p2m_n++;
    if ( i < P2M_FRAMES )
    {
        p2m[i].gfn = gfn;
        p2m[i].t = t;
    }
}

/* The last type set for gfn; -1 if never touched. */
static int p2m_type(unsigned long gfn)
{
    unsigned int i;

    for ( i = 0; i < p2m_n; i++ )
        if ( p2m[i].gfn == gfn )
            return p2m[i].t;
    return -1;
}

int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    p2m_record(gfn, t);
    return 0;
}

int p2m_map_identity(struct domain *d, unsigned long gfn, unsigned long nr,
                     p2m_type_t t)
{
    /* Only the first and last frames: BARs are large. */
    p2m_record(gfn, t);
    p2m_record(gfn + nr - 1, t);
    return 0;
}

bool dom0_mmio_allowed(unsigned long start, unsigned long nr)
{
    return start >= 0x100;      /* no RAM in this machine's PCI space */
}

bool dom0_mmio_default(unsigned long mfn)
{
    return mfn < 0x100000;
}

void *ioremap(paddr_t pa, size_t size)
{
    if ( pa < BAR1_ADDR || pa + size > BAR1_ADDR + sizeof(bar1_mem) )
        return NULL;
    return bar1_mem + (pa - BAR1_ADDR);
}

static const struct hvm_mmio_ops *mmio;

void hvm_mmio_register(const struct hvm_mmio_ops *ops)
{
    mmio = ops;
}

#define FAKE_APIC_ID 1
#include "msi-fake.h"

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

static struct domain dom0;
static struct vcpu v0 = { .domain = &dom0 };

static struct vpci_dev *setup(void)
{
    struct vpci_dev *dev;

    while ( !list_empty(&vpci_devs) )
    {
        dev = list_first_entry(&vpci_devs, struct vpci_dev, list);
        list_del(&dev->list);
        dev_free(dev);
    }
    memset(vectors, 0, sizeof(vectors));
    memset(bindings, 0, sizeof(bindings));
    memset(&sent, 0, sizeof(sent));
    p2m_n = 0;
    vpci_dom = NULL;
    fake_reset();
    vpci_init();
    vpci_domain_init(&dom0);
    return vpci_find(SBDF);
}

static void fire(unsigned int vector)
{
    if ( vectors[vector] )
        vectors[vector](vector, NULL);
}

/* ---- Discovery ---- */

TEST(caps_and_bars_found)
{
    struct vpci_dev *dev = setup();

    EXPECT(dev != NULL);
    EXPECT(vpci_find(PCI_SBDF(0, 0, 4 << 3)) == NULL);
    EXPECT_EQ(dev->nr_bars, 6);
    EXPECT_EQ(dev->bars[0].kind, VPCI_BAR_MEM32);
    EXPECT_EQ(dev->bars[0].size, 0x1000);
    EXPECT_EQ(dev->bars[0].addr, BAR0_ADDR);
    EXPECT_EQ(dev->bars[2].kind, VPCI_BAR_MEM64);
    EXPECT_EQ(dev->bars[2].size, 0x100000);
    EXPECT_EQ(dev->bars[2].addr, BAR2_ADDR);
    EXPECT_EQ(dev->bars[3].kind, VPCI_BAR_MEM64_HI);
    EXPECT_EQ(dev->bars[4].kind, VPCI_BAR_IO);
    EXPECT_EQ(dev->bars[4].size, 0x20);
    EXPECT_EQ(dev->bars[5].kind, VPCI_BAR_EMPTY);
    /* Sizing left the BARs as they were. */
    EXPECT_EQ(cfg32(0x14), BAR1_ADDR);
    EXPECT_EQ(dev->msi.pos, MSI_POS);
    EXPECT(dev->msi.is64 && dev->msi.maskable);
    EXPECT_EQ(dev->msi.max_vec, 4);
    EXPECT(dev->msix != NULL);
    EXPECT_EQ(dev->msix->pos, MSIX_POS);
    EXPECT_EQ(dev->msix->nr, MSIX_NR);
    EXPECT_EQ(dev->msix->table_bir, 1);
    EXPECT_EQ(dev->msix->table_off, 0x800);
}

TEST(looping_capability_list_ends)
{
    struct vpci_dev *dev;

    fake_reset();
    cfg[MSIX_POS + 1] = 0x40;           /* back to the first one */
    spin_lock(&vpci_lock);
    EXPECT_EQ(dev_create(PCI_SBDF(0, 0, 3 << 3)), 0);
    dev = list_entry(vpci_devs.prev, struct vpci_dev, list);
    EXPECT_EQ(dev->msi.pos, MSI_POS);
    list_del(&dev->list);
    dev_free(dev);
    spin_unlock(&vpci_lock);
}

/* ---- MSI ---- */

TEST(msi_enable_programs_host_message)
{
    struct vpci_dev *dev = setup();
    uint8_t hv;

    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee02000);
    vpci_write(SBDF, MSI_POS + 8, 4, 0);
    vpci_write(SBDF, MSI_POS + 12, 2, 0x0041);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 4, 4), 0xfee02000);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 12, 2), 0x41);
    EXPECT_EQ(cfg32(MSI_POS + 4), 0);   /* not on the device yet */
    vpci_write(SBDF, MSI_POS + 2, 2, MSI_CTRL_ENABLE);
    hv = dev->msi.host_vector;
    EXPECT(hv != 0);
    EXPECT_EQ(cfg32(MSI_POS + 4), 0xfee01000);  /* host CPU: APIC 1 */
    EXPECT_EQ(cfg[MSI_POS + 12], hv);
    EXPECT(cfg[MSI_POS + 2] & MSI_CTRL_ENABLE);
    /* dom0 reads its own message and control back. */
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 4, 4), 0xfee02000);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 2, 2) & 0x1ff,
              MSI_CTRL_ENABLE | MSI_CTRL_64BIT | (2 << MSI_CTRL_MMC_SHIFT) |
              MSI_CTRL_MASKABLE);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS, 1), PCI_CAP_ID_MSI);
    fire(hv);
    EXPECT_EQ(sent.n, 1);
    EXPECT_EQ(sent.dest, 2);
    EXPECT_EQ(sent.vector, 0x41);
}

TEST(msi_affinity_change_reroutes_only)
{
    struct vpci_dev *dev = setup();
    unsigned int writes;
    uint8_t hv;

    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee00000);
    vpci_write(SBDF, MSI_POS + 12, 2, 0x0031);
    vpci_write(SBDF, MSI_POS + 2, 2, MSI_CTRL_ENABLE);
    hv = dev->msi.host_vector;
    writes = cfg_writes;
    /* Linux moves it: new destination, then new vector, while enabled. */
    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee06000);
    vpci_write(SBDF, MSI_POS + 12, 2, 0x0052);
    EXPECT_EQ(cfg_writes, writes);      /* the device is not touched */
    EXPECT_EQ(dev->msi.host_vector, hv);
    fire(hv);
    EXPECT_EQ(sent.dest, 6);
    EXPECT_EQ(sent.vector, 0x52);
}

TEST(msi_mask_bits_and_disable)
{
    struct vpci_dev *dev = setup();
    uint8_t hv;

    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee00000);
    vpci_write(SBDF, MSI_POS + 12, 2, 0x0031);
    vpci_write(SBDF, MSI_POS + 2, 2, MSI_CTRL_ENABLE);
    hv = dev->msi.host_vector;
    vpci_write(SBDF, MSI_POS + 16, 4, 1);
    EXPECT_EQ(cfg32(MSI_POS + 16), 1);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 16, 4), 1);
    vpci_write(SBDF, MSI_POS + 16, 4, 0);
    EXPECT_EQ(cfg32(MSI_POS + 16), 0);
    set32(MSI_POS + 20, 1);             /* pending comes from the device */
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 20, 4), 1);
    vpci_write(SBDF, MSI_POS + 2, 2, 0);
    EXPECT(!(cfg[MSI_POS + 2] & MSI_CTRL_ENABLE));
    EXPECT(vectors[hv] == NULL);
    EXPECT_EQ(dev->msi.host_vector, 0);
}

TEST(msi_multi_message)
{
    struct vpci_dev *dev = setup();
    uint8_t hv;

    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee00000);
    vpci_write(SBDF, MSI_POS + 12, 2, 0x0040);
    vpci_write(SBDF, MSI_POS + 2, 2,
               MSI_CTRL_ENABLE | (2 << MSI_CTRL_MME_SHIFT));
    hv = dev->msi.host_vector;
    EXPECT_EQ(dev->msi.nr_bound, 4);
    EXPECT_EQ(hv % 4, 0);
    EXPECT_EQ((cfg[MSI_POS + 2] & MSI_CTRL_MME_MASK) >> MSI_CTRL_MME_SHIFT,
              2);
    fire(hv + 3);
    EXPECT_EQ(sent.vector, 0x43);
}

/* ---- MSI-X ---- */

static void decode_on(void)
{
    vpci_write(SBDF, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
}

static void tbl_write(unsigned int entry, unsigned int reg, uint32_t v)
{
    mmio->write(&v0, TABLE_ADDR + entry * 16 + reg, 4, v);
}

static uint32_t tbl_read(unsigned int entry, unsigned int reg)
{
    uint64_t v = 0;

    mmio->read(&v0, TABLE_ADDR + entry * 16 + reg, 4, &v);
    return v;
}

static uint32_t host_entry(unsigned int entry, unsigned int reg)
{
    uint32_t v;

    memcpy(&v, &bar1_mem[0x800 + entry * 16 + reg], 4);
    return v;
}

TEST(msix_table_trapped_while_decoding)
{
    struct vpci_dev *dev = setup();

    EXPECT(!mmio->accepts(&v0, TABLE_ADDR));
    decode_on();
    EXPECT_EQ(p2m_type(PFN_DOWN(TABLE_ADDR)), p2m_invalid);
    EXPECT(mmio->accepts(&v0, TABLE_ADDR));
    EXPECT(mmio->accepts(&v0, BAR1_ADDR));      /* same page */
    EXPECT(!mmio->accepts(&v0, BAR1_ADDR + 0x1000));
    /* The 64-bit BAR above 4 GiB is mapped while decoding. */
    EXPECT_EQ(p2m_type(PFN_DOWN(BAR2_ADDR)), p2m_mmio_direct);
    EXPECT_EQ(dev->bars[2].map_addr, BAR2_ADDR);
    /* Decoding off: the high BAR goes, the table stays trapped. */
    vpci_write(SBDF, PCI_COMMAND, 2, 0);
    EXPECT_EQ(p2m_type(PFN_DOWN(BAR2_ADDR)), p2m_invalid);
    EXPECT_EQ(p2m_type(PFN_DOWN(TABLE_ADDR)), p2m_invalid);
    EXPECT(mmio->accepts(&v0, TABLE_ADDR));
    /* Sized meanwhile (all ones) and restored: nothing moved. */
    vpci_write(SBDF, 0x14, 4, ~0U);
    vpci_write(SBDF, 0x14, 4, BAR1_ADDR);
    decode_on();
    EXPECT_EQ(dev->msix->trap_addr, TABLE_ADDR);
    /* Moved while off: the table follows once decoding is back on. */
    vpci_write(SBDF, PCI_COMMAND, 2, 0);
    vpci_write(SBDF, 0x14, 4, BAR1_ADDR + 0x4000);
    EXPECT(mmio->accepts(&v0, TABLE_ADDR));
    decode_on();
    EXPECT_EQ(p2m_type(PFN_DOWN(TABLE_ADDR)), p2m_mmio_direct);
    EXPECT(!mmio->accepts(&v0, TABLE_ADDR));
    EXPECT_EQ(dev->msix->trap_addr, 0);     /* outside the fake BAR1 */
}

TEST(msix_bar_move_follows)
{
    struct vpci_dev *dev = setup();

    decode_on();
    /* dom0 moves BAR2 (decoding off, then on, as Linux does). */
    vpci_write(SBDF, PCI_COMMAND, 2, 0);
    vpci_write(SBDF, 0x18, 4, 0x00000004);
    vpci_write(SBDF, 0x1c, 4, 0x9);
    decode_on();
    EXPECT_EQ(dev->bars[2].addr, 0x900000000ULL);
    EXPECT_EQ(p2m_type(PFN_DOWN(0x900000000ULL)), p2m_mmio_direct);
    EXPECT_EQ(p2m_type(PFN_DOWN(BAR2_ADDR)), p2m_invalid);
    /* Sizing with decoding off maps nothing. */
    vpci_write(SBDF, PCI_COMMAND, 2, 0);
    vpci_write(SBDF, 0x18, 4, ~0U);
    EXPECT_EQ(dev->bars[2].map_addr, 0);
}

TEST(msix_entries_bound_on_unmask)
{
    struct vpci_dev *dev = setup();
    uint8_t hv;

    decode_on();
    tbl_write(0, MSIX_ENTRY_ADDR_LO, 0xfee04000);
    tbl_write(0, MSIX_ENTRY_ADDR_HI, 0);
    tbl_write(0, MSIX_ENTRY_DATA, 0x61);
    EXPECT_EQ(tbl_read(0, MSIX_ENTRY_ADDR_LO), 0xfee04000);
    EXPECT_EQ(tbl_read(0, MSIX_ENTRY_CTRL), MSIX_ENTRY_CTRL_MASKED);
    EXPECT_EQ(host_entry(0, MSIX_ENTRY_ADDR_LO), 0);
    /* Enable with the function masked, as Linux does. */
    vpci_write(SBDF, MSIX_POS + 2, 2, MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK);
    EXPECT_EQ(cfg[MSIX_POS + 3] & 0xc0, 0xc0);
    EXPECT_EQ(vpci_read(SBDF, MSIX_POS + 2, 2),
              MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK | (MSIX_NR - 1));
    EXPECT_EQ(dev->msix->entries[0].host_vector, 0);
    vpci_write(SBDF, MSIX_POS + 2, 2, MSIX_CTRL_ENABLE);
    EXPECT_EQ(cfg[MSIX_POS + 3] & 0xc0, 0x80);
    tbl_write(0, MSIX_ENTRY_CTRL, 0);
    hv = dev->msix->entries[0].host_vector;
    EXPECT(hv != 0);
    EXPECT_EQ(host_entry(0, MSIX_ENTRY_ADDR_LO), 0xfee01000);
    EXPECT_EQ(host_entry(0, MSIX_ENTRY_DATA), hv);
    EXPECT_EQ(host_entry(0, MSIX_ENTRY_CTRL), 0);
    EXPECT_EQ(host_entry(1, MSIX_ENTRY_CTRL), MSIX_ENTRY_CTRL_MASKED);
    fire(hv);
    EXPECT_EQ(sent.dest, 4);
    EXPECT_EQ(sent.vector, 0x61);
    /* dom0's view is still its own message. */
    EXPECT_EQ(tbl_read(0, MSIX_ENTRY_DATA), 0x61);
}

TEST(msix_mask_reroute_disable)
{
    struct vpci_dev *dev = setup();
    uint64_t q = 0;
    uint8_t hv;

    decode_on();
    vpci_write(SBDF, MSIX_POS + 2, 2, MSIX_CTRL_ENABLE);
    tbl_write(2, MSIX_ENTRY_ADDR_LO, 0xfee00000);
    tbl_write(2, MSIX_ENTRY_DATA, 0x45);
    tbl_write(2, MSIX_ENTRY_CTRL, 0);
    hv = dev->msix->entries[2].host_vector;
    tbl_write(2, MSIX_ENTRY_CTRL, MSIX_ENTRY_CTRL_MASKED);
    EXPECT_EQ(host_entry(2, MSIX_ENTRY_CTRL), MSIX_ENTRY_CTRL_MASKED);
    /* Rewritten while masked (Linux's affinity change), then unmasked. */
    mmio->write(&v0, TABLE_ADDR + 2 * 16, 8, 0xfee02000ULL);
    tbl_write(2, MSIX_ENTRY_DATA, 0x55);
    tbl_write(2, MSIX_ENTRY_CTRL, 0);
    EXPECT_EQ(dev->msix->entries[2].host_vector, hv);
    EXPECT_EQ(host_entry(2, MSIX_ENTRY_CTRL), 0);
    fire(hv);
    EXPECT_EQ(sent.dest, 2);
    EXPECT_EQ(sent.vector, 0x55);
    mmio->read(&v0, TABLE_ADDR + 2 * 16 + 8, 8, &q);
    EXPECT_EQ(q, 0x55);
    vpci_write(SBDF, MSIX_POS + 2, 2, 0);
    EXPECT(vectors[hv] == NULL);
    EXPECT_EQ(host_entry(2, MSIX_ENTRY_CTRL), MSIX_ENTRY_CTRL_MASKED);
    EXPECT_EQ(dev->msix->entries[2].host_vector, 0);
    EXPECT_EQ(cfg[MSIX_POS + 3] & 0x80, 0);
}

TEST(device_remove_tears_down)
{
    struct vpci_dev *dev = setup();
    uint8_t hv;

    decode_on();
    vpci_write(SBDF, MSIX_POS + 2, 2, MSIX_CTRL_ENABLE);
    tbl_write(0, MSIX_ENTRY_ADDR_LO, 0xfee00000);
    tbl_write(0, MSIX_ENTRY_DATA, 0x45);
    tbl_write(0, MSIX_ENTRY_CTRL, 0);
    hv = dev->msix->entries[0].host_vector;
    EXPECT(hv != 0);
    EXPECT_EQ(vpci_remove_device(SBDF), 0);
    EXPECT(vectors[hv] == NULL);
    EXPECT_EQ(p2m_type(PFN_DOWN(TABLE_ADDR)), p2m_mmio_direct);
    EXPECT_EQ(vpci_remove_device(SBDF), -ENODEV);
    EXPECT_EQ(vpci_add_device(SBDF), 0);
    EXPECT(vpci_find(SBDF) != NULL);
    EXPECT_EQ(vpci_add_device(PCI_SBDF(0, 1, 0)), -ENODEV);
}

TEST(unaligned_and_odd_accesses)
{
    setup();
    vpci_write(SBDF, MSI_POS + 4, 4, 0xfee0a000);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 5, 2), 0xe0a0);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS + 4, 3), ~0U);    /* bad size */
    EXPECT_EQ(vpci_read(SBDF, 4096, 4), ~0U);
    /* A byte write to the capability ID changes nothing. */
    vpci_write(SBDF, MSI_POS, 1, 0xff);
    EXPECT_EQ(vpci_read(SBDF, MSI_POS, 1), PCI_CAP_ID_MSI);
    EXPECT_EQ(cfg[MSI_POS], PCI_CAP_ID_MSI);
}
