/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's view of a function's MSI-X capability and table (PCI Local Bus
 * spec 3.0, 6.8.2).
 *
 * Capability: the enable and function mask bits are dom0's (emulated);
 * table size, table and PBA locations come from the device.  Table:
 * while the function decodes memory, the pages holding the table leave
 * dom0's p2m and every access to them faults here.  Entries are dom0's
 * (address, data, vector control); bytes of those pages outside the
 * table (a PBA sharing the page, say) go to the device as they are.  A
 * PBA on pages of its own stays mapped: its bits are the device's.
 *
 * Host side.  An entry is bound to a host vector (asm/msi.h) the first
 * time it is unmasked while MSI-X is enabled; the device's entry then
 * holds the host message and is masked exactly when dom0's entry is.
 * Unbound entries stay masked on the device.  dom0's function mask and
 * enable bits are the device's.  Rewriting an entry's address or data
 * changes only its route.  Disabling MSI-X, removing the function or
 * losing the table mapping releases every vector.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/dom0_mmio.h>
#include <asm/msi.h>
#include <asm/p2m.h>
#include <asm/pci.h>
#include <asm/hvm/mmio.h>
#include <asm/x86_emulate.h>
#include "private.h"

#define MSIX_TABLE_REG      4   /* table offset/BIR in the capability */

int vpci_msix_init(struct vpci_dev *dev, unsigned int pos)
{
    uint16_t ctrl = pci_conf_read(dev->sbdf, pos + 2, 2);
    uint32_t table = pci_conf_read(dev->sbdf, pos + MSIX_TABLE_REG, 4);
    unsigned int nr = (ctrl & MSIX_CTRL_SIZE_MASK) + 1, i;
    struct vpci_msix *x;

    x = xzalloc_bytes(sizeof(*x) + nr * sizeof(x->entries[0]));
    if ( !x )
        return -ENOMEM;
    x->pos = pos;
    x->nr = nr;
    x->table_bir = table & MSIX_BIR_MASK;
    x->table_off = table & ~MSIX_BIR_MASK;
    for ( i = 0; i < nr; i++ )
        x->entries[i].ctrl = MSIX_ENTRY_CTRL_MASKED;
    dev->msix = x;
    /* A clean start: MSI-X off until dom0 turns it on. */
    if ( ctrl & (MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK) )
        pci_conf_write(dev->sbdf, pos + 2, 2,
                       ctrl & ~(MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK));
    return 0;
}

uint64_t vpci_msix_table_addr(const struct vpci_dev *dev, bool decoding)
{
    const struct vpci_msix *x = dev->msix;
    const struct vpci_bar *bar;

    if ( !x || !decoding || x->table_bir >= dev->nr_bars )
        return 0;
    bar = &dev->bars[x->table_bir];
    if ( (bar->kind != VPCI_BAR_MEM32 && bar->kind != VPCI_BAR_MEM64) ||
         !bar->addr || x->table_off + x->nr * MSIX_ENTRY_SIZE > bar->size )
        return 0;
    return bar->addr + x->table_off;
}

unsigned int vpci_msix_table_pages(const struct vpci_dev *dev)
{
    uint64_t a = dev->msix->trap_addr;

    return PFN_UP(a + dev->msix->nr * MSIX_ENTRY_SIZE) - PFN_DOWN(a);
}

/* ---- The device's entries ---- */

static volatile uint32_t *host_word(const struct vpci_msix *x,
                                    unsigned int i, unsigned int reg)
{
    return (volatile uint32_t *)(x->host + i * MSIX_ENTRY_SIZE + reg);
}

static bool entry_live(const struct vpci_msix *x, unsigned int i)
{
    return x->enabled && !(x->entries[i].ctrl & MSIX_ENTRY_CTRL_MASKED);
}

static void host_mask(struct vpci_msix *x, unsigned int i, bool masked)
{
    volatile uint32_t *c;

    if ( !x->host )
        return;
    c = host_word(x, i, MSIX_ENTRY_CTRL);
    *c = masked ? *c | MSIX_ENTRY_CTRL_MASKED : *c & ~MSIX_ENTRY_CTRL_MASKED;
}

static void set_route(const struct vpci_msix_entry *e)
{
    struct msi_route r;

    msi_decode(e->addr, e->data, &r);
    msi_set_route(e->host_vector, &r);
}

/* Bind entry i if it is live and can be; mask or unmask it on the host. */
static void entry_sync(struct vpci_msix *x, unsigned int i)
{
    struct vpci_msix_entry *e = &x->entries[i];
    uint64_t addr;
    uint32_t data;

    if ( entry_live(x, i) && x->host && !e->host_vector &&
         (e->host_vector = msi_bind(vpci_dom, 1, &addr, &data)) )
    {
        host_mask(x, i, true);
        *host_word(x, i, MSIX_ENTRY_ADDR_LO) = addr;
        *host_word(x, i, MSIX_ENTRY_ADDR_HI) = addr >> 32;
        *host_word(x, i, MSIX_ENTRY_DATA) = data;
    }
    if ( e->host_vector )
        set_route(e);
    host_mask(x, i, !e->host_vector || (e->ctrl & MSIX_ENTRY_CTRL_MASKED));
}

static void entry_unbind(struct vpci_msix *x, unsigned int i)
{
    struct vpci_msix_entry *e = &x->entries[i];

    host_mask(x, i, true);
    if ( e->host_vector )
        msi_unbind(e->host_vector, 1);
    e->host_vector = 0;
}

static void sync_all(struct vpci_msix *x)
{
    unsigned int i;

    for ( i = 0; i < x->nr; i++ )
        entry_sync(x, i);
}

static void unbind_all(struct vpci_msix *x)
{
    unsigned int i;

    for ( i = 0; i < x->nr; i++ )
        entry_unbind(x, i);
}

/* ---- The capability ---- */

static void msix_ctrl_write(struct vpci_dev *dev, uint16_t val)
{
    struct vpci_msix *x = dev->msix;
    uint16_t hw = pci_conf_read(dev->sbdf, x->pos + 2, 2);
    bool was = x->enabled;

    x->enabled = val & MSIX_CTRL_ENABLE;
    x->fmask = val & MSIX_CTRL_FMASK;
    hw &= ~(MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK);
    hw |= val & (MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK);
    if ( x->enabled && !was )
    {
        /* Entries first, while the device still ignores them. */
        sync_all(x);
        pci_conf_write(dev->sbdf, x->pos + 2, 2, hw);
        return;
    }
    pci_conf_write(dev->sbdf, x->pos + 2, 2, hw);
    if ( !x->enabled && was )
        unbind_all(x);
}

bool vpci_msix_read(struct vpci_dev *dev, unsigned int off, uint32_t hw,
                    uint32_t *val)
{
    const struct vpci_msix *x = dev->msix;

    if ( !x || off != x->pos )
        return false;
    hw &= ~((uint32_t)(MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK) << 16);
    *val = hw | (x->enabled ? MSIX_CTRL_ENABLE << 16 : 0) |
           (x->fmask ? MSIX_CTRL_FMASK << 16 : 0);
    return true;
}

bool vpci_msix_write(struct vpci_dev *dev, unsigned int off, uint32_t val)
{
    if ( !dev->msix || off != dev->msix->pos )
        return false;
    msix_ctrl_write(dev, val >> 16);
    return true;
}

/* ---- Where the table is ---- */

/* Give dom0 back the pages at addr: what it has there by default. */
static void untrap(struct vpci_dev *dev, uint64_t addr, unsigned int pages)
{
    unsigned long gfn = PFN_DOWN(addr), i;

    for ( i = 0; i < pages; i++ )
        if ( dom0_mmio_default(gfn + i) || vpci_bar_maps(dev, gfn + i) )
            p2m_set_entry(vpci_dom, gfn + i, gfn + i, P2M_ORDER_4K,
                          p2m_mmio_direct);
}

static void trap(uint64_t addr, unsigned int pages)
{
    unsigned long gfn = PFN_DOWN(addr), i;

    for ( i = 0; i < pages; i++ )
        p2m_set_entry(vpci_dom, gfn + i, 0, P2M_ORDER_4K, p2m_invalid);
}

void vpci_msix_table_moved(struct vpci_dev *dev, uint64_t addr)
{
    struct vpci_msix *x = dev->msix;
    unsigned int pages;

    if ( addr == x->trap_addr )
        return;
    if ( x->trap_addr )
    {
        unbind_all(x);
        untrap(dev, x->trap_addr, vpci_msix_table_pages(dev));
    }
    x->trap_addr = addr;
    x->host = NULL;
    if ( !addr )
        return;
    pages = vpci_msix_table_pages(dev);
    if ( addr >= (1ULL << 40) || !dom0_mmio_allowed(PFN_DOWN(addr), pages) )
    {
        printk(XENLOG_G_WARNING "vPCI %02x:%02x.%u: MSI-X table at %#lx "
               "not usable\n", PCI_SBDF_BUS(dev->sbdf),
               PCI_SBDF_DEVFN(dev->sbdf) >> 3, dev->sbdf & 7, addr);
        x->trap_addr = 0;
        return;
    }
    x->host = ioremap(addr, x->nr * MSIX_ENTRY_SIZE);
    if ( !x->host )
    {
        x->trap_addr = 0;
        return;
    }
    trap(addr, pages);
    sync_all(x);
}

void vpci_msix_teardown(struct vpci_dev *dev)
{
    struct vpci_msix *x = dev->msix;

    if ( !x )
        return;
    unbind_all(x);
    if ( x->trap_addr )
        untrap(dev, x->trap_addr, vpci_msix_table_pages(dev));
    x->trap_addr = 0;
    x->host = NULL;
    x->enabled = false;
}

/* ---- dom0's accesses to the table pages (hvm/mmio.c) ---- */

/* The 16 bytes of dom0's entry i. */
static void entry_image(const struct vpci_msix_entry *e, uint32_t w[4])
{
    w[0] = e->addr;
    w[1] = e->addr >> 32;
    w[2] = e->data;
    w[3] = e->ctrl;
}

static void entry_store(struct vpci_msix *x, unsigned int i,
                        const uint32_t w[4])
{
    struct vpci_msix_entry *e = &x->entries[i];

    e->addr = w[0] | ((uint64_t)w[1] << 32);
    e->data = w[2];
    e->ctrl = w[3];
    entry_sync(x, i);
}

static bool in_table(const struct vpci_msix *x, uint64_t gpa)
{
    return gpa >= x->trap_addr &&
           gpa < x->trap_addr + x->nr * MSIX_ENTRY_SIZE;
}

static struct vpci_dev *dev_at(struct vcpu *v, uint64_t gpa)
{
    return v->domain == vpci_dom ? vpci_find_msix(gpa) : NULL;
}

static bool msix_accepts(struct vcpu *v, uint64_t gpa)
{
    bool found;

    spin_lock(&vpci_lock);
    found = dev_at(v, gpa);
    spin_unlock(&vpci_lock);
    return found;
}

/* One byte dom0 reads at gpa on a trapped page. */
static uint8_t read_byte(const struct vpci_msix *x, uint64_t gpa)
{
    uint64_t rel = gpa - x->trap_addr;
    uint32_t w[4];

    if ( !in_table(x, gpa) )
        return *(volatile uint8_t *)__va(gpa);
    entry_image(&x->entries[rel / MSIX_ENTRY_SIZE], w);
    return w[(rel % MSIX_ENTRY_SIZE) / 4] >> ((rel % 4) * 8);
}

static int msix_read(struct vcpu *v, uint64_t gpa, unsigned int len,
                     uint64_t *val)
{
    struct vpci_dev *dev;
    unsigned int i;

    spin_lock(&vpci_lock);
    dev = dev_at(v, gpa);
    if ( !dev || !dev->msix->host )
    {
        spin_unlock(&vpci_lock);
        return X86EMUL_RETRY;   /* moved meanwhile: try again */
    }
    *val = 0;
    /* Outside the table, the device sees dom0's access as it was. */
    if ( !in_table(dev->msix, gpa) && !in_table(dev->msix, gpa + len - 1) &&
         (len == 4 || len == 8) && !(gpa & (len - 1)) )
        *val = len == 4 ? *(volatile uint32_t *)__va(gpa)
                        : *(volatile uint64_t *)__va(gpa);
    else
        for ( i = 0; i < len; i++ )
            *val |= (uint64_t)read_byte(dev->msix, gpa + i) << (i * 8);
    spin_unlock(&vpci_lock);
    return X86EMUL_OKAY;
}

/* dom0 writes len bytes of val at gpa, inside the table. */
static void table_write(struct vpci_msix *x, uint64_t gpa, unsigned int len,
                        uint64_t val)
{
    unsigned int i = 0;

    while ( i < len )
    {
        uint64_t rel = gpa + i - x->trap_addr;
        unsigned int n = (rel / MSIX_ENTRY_SIZE), b;
        uint32_t w[4];

        entry_image(&x->entries[n], w);
        for ( ; i < len && (gpa + i - x->trap_addr) / MSIX_ENTRY_SIZE == n;
              i++ )
        {
            b = (gpa + i - x->trap_addr) % MSIX_ENTRY_SIZE;
            w[b / 4] &= ~(0xffU << ((b % 4) * 8));
            w[b / 4] |= ((val >> (i * 8)) & 0xff) << ((b % 4) * 8);
        }
        entry_store(x, n, w);
    }
}

static void passthrough_write(uint64_t gpa, unsigned int len, uint64_t val)
{
    volatile void *p = __va(gpa);

    if ( len == 1 )
        *(volatile uint8_t *)p = val;
    else if ( len == 2 )
        *(volatile uint16_t *)p = val;
    else if ( len == 4 )
        *(volatile uint32_t *)p = val;
    else
        *(volatile uint64_t *)p = val;
}

static int msix_write(struct vcpu *v, uint64_t gpa, unsigned int len,
                      uint64_t val)
{
    struct vpci_dev *dev;

    spin_lock(&vpci_lock);
    dev = dev_at(v, gpa);
    if ( !dev || !dev->msix->host )
    {
        spin_unlock(&vpci_lock);
        return X86EMUL_RETRY;
    }
    if ( in_table(dev->msix, gpa) && in_table(dev->msix, gpa + len - 1) )
        table_write(dev->msix, gpa, len, val);
    else if ( !in_table(dev->msix, gpa) &&
              !in_table(dev->msix, gpa + len - 1) )
        passthrough_write(gpa, len, val);
    /* Half in, half out of the table: dropped, as Xen does. */
    spin_unlock(&vpci_lock);
    return X86EMUL_OKAY;
}

static const struct hvm_mmio_ops msix_mmio_ops = {
    .name = "MSI-X table",
    .accepts = msix_accepts,
    .read = msix_read,
    .write = msix_write,
};

void vpci_msix_mmio_register(void)
{
    hvm_mmio_register(&msix_mmio_ops);
}
