/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vPCI core: the functions found, their capabilities, and dom0's
 * configuration accesses dispatched to the emulated registers or passed
 * through (xen/vpci.h).
 *
 * An access covers part of one dword.  The MSI and MSI-X capability
 * dwords are emulated whole: the bytes dom0 writes are merged into the
 * emulated dword's current value, so read-only neighbours (capability
 * ID, next pointer) are never written.  The command register and the
 * BARs pass through with the size dom0 used (the status register next
 * to the command register has write-one-to-clear bits) and then update
 * the mappings.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/p2m.h>
#include <asm/pci.h>
#include "private.h"

DEFINE_SPINLOCK(vpci_lock);
struct domain *vpci_dom;
static LIST_HEAD(vpci_devs);

#define MAX_CAPS        48      /* a capability list longer than this loops */

struct vpci_dev *vpci_find(uint32_t sbdf)
{
    struct vpci_dev *dev;

    list_for_each_entry ( dev, &vpci_devs, list )
        if ( dev->sbdf == sbdf )
            return dev;
    return NULL;
}

struct vpci_dev *vpci_find_msix(uint64_t gpa)
{
    struct vpci_dev *dev;

    list_for_each_entry ( dev, &vpci_devs, list )
        if ( dev->msix && dev->msix->trap_addr &&
             PFN_DOWN(gpa) >= PFN_DOWN(dev->msix->trap_addr) &&
             PFN_DOWN(gpa) < PFN_DOWN(dev->msix->trap_addr) +
                             vpci_msix_table_pages(dev) )
            return dev;
    return NULL;
}

/* Walk the capability list for MSI and MSI-X.  0 or -ENOMEM. */
static int find_caps(struct vpci_dev *dev)
{
    unsigned int pos, n, id;
    int rc = 0;

    if ( !(pci_conf_read(dev->sbdf, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST) )
        return 0;
    pos = pci_conf_read(dev->sbdf, PCI_CAPABILITY_LIST, 1) & ~3U;
    for ( n = 0; pos >= 0x40 && n < MAX_CAPS && !rc; n++ )
    {
        id = pci_conf_read(dev->sbdf, pos, 1);
        if ( id == PCI_CAP_ID_MSI && !dev->msi.pos )
            vpci_msi_init(dev, pos);
        else if ( id == PCI_CAP_ID_MSIX && !dev->msix )
            rc = vpci_msix_init(dev, pos);
        pos = pci_conf_read(dev->sbdf, pos + 1, 1) & ~3U;
    }
    return rc;
}

static void dev_free(struct vpci_dev *dev)
{
    xfree(dev->msix);
    xfree(dev);
}

/* Record the function at sbdf.  vpci_lock held. */
static int dev_create(uint32_t sbdf)
{
    struct vpci_dev *dev;
    unsigned int hdr;
    int rc;

    if ( pci_conf_read(sbdf, PCI_VENDOR_ID, 2) == 0xffff )
        return -ENODEV;
    dev = xzalloc(struct vpci_dev);
    if ( !dev )
        return -ENOMEM;
    dev->sbdf = sbdf;
    hdr = pci_conf_read(sbdf, PCI_HEADER_TYPE, 1) & 0x7f;
    vpci_bars_init(dev, hdr);
    rc = find_caps(dev);
    if ( rc )
    {
        dev_free(dev);
        return rc;
    }
    list_add_tail(&dev->list, &vpci_devs);
    if ( vpci_dom )
        vpci_header_sync(dev);
    return 0;
}

/* ---- dom0's accesses ---- */

static uint32_t size_mask(unsigned int size)
{
    return size == 4 ? ~0U : (1U << (size * 8)) - 1;
}

static bool emul_read(struct vpci_dev *dev, unsigned int off, uint32_t *val)
{
    uint32_t hw;

    if ( !(dev->msi.pos && off >= dev->msi.pos && off < dev->msi.pos + 24) &&
         !(dev->msix && off == dev->msix->pos) )
        return false;
    hw = pci_conf_read(dev->sbdf, off, 4);
    return vpci_msi_read(dev, off, hw, val) ||
           vpci_msix_read(dev, off, hw, val);
}

static uint32_t read_aligned(uint32_t sbdf, unsigned int reg,
                             unsigned int size)
{
    unsigned int shift = (reg & 3) * 8;
    struct vpci_dev *dev;
    uint32_t val;

    spin_lock(&vpci_lock);
    dev = vpci_find(sbdf);
    if ( dev && emul_read(dev, reg & ~3U, &val) )
        val = (val >> shift) & size_mask(size);
    else
        val = pci_conf_read(sbdf, reg, size);
    spin_unlock(&vpci_lock);
    return val;
}

static bool overlaps(unsigned int reg, unsigned int size, unsigned int start,
                     unsigned int len)
{
    return reg < start + len && start < reg + size;
}

static void write_aligned(uint32_t sbdf, unsigned int reg, unsigned int size,
                          uint32_t val)
{
    unsigned int off = reg & ~3U, shift = (reg & 3) * 8;
    uint32_t mask = size_mask(size) << shift, cur;
    struct vpci_dev *dev;

    spin_lock(&vpci_lock);
    dev = vpci_find(sbdf);
    if ( dev && emul_read(dev, off, &cur) )
    {
        cur = (cur & ~mask) | ((val << shift) & mask);
        if ( !vpci_msi_write(dev, off, cur) )
            vpci_msix_write(dev, off, cur);
    }
    else if ( dev && overlaps(reg, size, PCI_COMMAND, 2) )
        vpci_cmd_write(dev, reg, size, val);
    else
    {
        pci_conf_write(sbdf, reg, size, val);
        if ( dev && overlaps(reg, size, PCI_BASE_ADDRESS_0,
                             4 * dev->nr_bars) )
            vpci_bar_written(dev, off);
    }
    spin_unlock(&vpci_lock);
}

uint32_t vpci_read(uint32_t sbdf, unsigned int reg, unsigned int size)
{
    uint32_t val = 0;
    unsigned int i;

    if ( reg >= 4096 || (size != 1 && size != 2 && size != 4) )
        return ~0U;
    if ( !(reg & (size - 1)) )
        return read_aligned(sbdf, reg, size);
    for ( i = 0; i < size; i++ )
        val |= read_aligned(sbdf, reg + i, 1) << (i * 8);
    return val;
}

void vpci_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                uint32_t val)
{
    unsigned int i;

    if ( reg >= 4096 || (size != 1 && size != 2 && size != 4) )
        return;
    if ( !(reg & (size - 1)) )
    {
        write_aligned(sbdf, reg, size, val);
        return;
    }
    for ( i = 0; i < size; i++ )
        write_aligned(sbdf, reg + i, 1, val >> (i * 8));
}

/* ---- Devices coming and going ---- */

int vpci_add_device(uint32_t sbdf)
{
    int rc = 0;

    spin_lock(&vpci_lock);
    if ( !vpci_find(sbdf) )
        rc = dev_create(sbdf);
    spin_unlock(&vpci_lock);
    return rc;
}

int vpci_remove_device(uint32_t sbdf)
{
    struct vpci_dev *dev;

    spin_lock(&vpci_lock);
    dev = vpci_find(sbdf);
    if ( dev )
    {
        vpci_msi_teardown(dev);
        vpci_msix_teardown(dev);
        list_del(&dev->list);
    }
    spin_unlock(&vpci_lock);
    if ( !dev )
        return -ENODEV;
    dev_free(dev);
    return 0;
}

/* Every function of bus, one device number at a time. */
static unsigned int scan_bus(unsigned int seg, unsigned int bus)
{
    unsigned int dev, fn, found = 0;

    for ( dev = 0; dev < 32; dev++ )
        for ( fn = 0; fn < 8; fn++ )
        {
            uint32_t sbdf = PCI_SBDF(seg, bus, (dev << 3) | fn);

            if ( dev_create(sbdf) )
            {
                if ( !fn )
                    break;
                continue;
            }
            found++;
            if ( !fn && !(pci_conf_read(sbdf, PCI_HEADER_TYPE, 1) &
                          PCI_HEADER_MULTI_FUNC) )
                break;
        }
    return found;
}

void vpci_init(void)
{
    unsigned int bus, found = 0;

    pci_mmcfg_init();
    spin_lock(&vpci_lock);
    for ( bus = 0; bus < 256; bus++ )
        found += scan_bus(0, bus);
    spin_unlock(&vpci_lock);
    vpci_msix_mmio_register();
    printk("vPCI: %u PCI functions on segment 0\n", found);
}

int vpci_domain_init(struct domain *d)
{
    const struct pci_mmcfg *m;
    struct vpci_dev *dev;
    unsigned int i;
    int rc = 0;

    spin_lock(&vpci_lock);
    vpci_dom = d;
    /* ECAM is emulated: dom0's accesses fault into hvm/vpci-io.c. */
    for ( i = 0; (m = pci_mmcfg_region(i)) && !rc; i++ )
        rc = p2m_map_identity(d, PFN_DOWN(m->base) + (m->start_bus << 8),
                              (m->end_bus - m->start_bus + 1UL) << 8,
                              p2m_invalid);
    list_for_each_entry ( dev, &vpci_devs, list )
        vpci_header_sync(dev);
    spin_unlock(&vpci_lock);
    return rc;
}
