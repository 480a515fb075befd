/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BARs and the command register of dom0's PCI functions.
 *
 * Below 4 GiB every frame that is not RAM is mapped into dom0 already
 * (dom0_mmio.c), whatever BAR sits there.  Above 4 GiB nothing is, so a
 * memory BAR there is mapped 1:1 while the function decodes memory
 * (command bit 1) and unmapped when decoding stops or the BAR moves, as
 * Xen's vPCI does for a PVH dom0 (xen/drivers/vpci/header.c there).  The
 * MSI-X table pages are taken out of dom0's map where the table is when
 * decoding is turned on, and stay trapped while it is off (msix.c
 * emulates them).
 *
 * BAR writes pass through to the device at any time (Linux writes 32-bit
 * BARs with decoding on when it reassigns them); the new address is read
 * back from the device, so the mappings follow what the device decodes.
 * A BAR is mapped only where dom0_mmio_allowed() says MMIO may be: never
 * over RAM, ECAM or a page the hypervisor owns.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/dom0_mmio.h>
#include <asm/p2m.h>
#include <asm/pci.h>
#include "private.h"

#define FOUR_GB         (1ULL << 32)

/* Size one BAR (decoding is off).  Returns how many BAR slots it used. */
static unsigned int size_bar(struct vpci_dev *dev, unsigned int i,
                             bool last)
{
    unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * i;
    uint32_t lo = pci_conf_read(dev->sbdf, reg, 4), hi = 0, szlo, szhi = ~0U;
    bool is64 = !(lo & PCI_BAR_IO) &&
                (lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 && !last;
    struct vpci_bar *bar = &dev->bars[i];
    uint64_t mask;

    pci_conf_write(dev->sbdf, reg, 4, ~0U);
    szlo = pci_conf_read(dev->sbdf, reg, 4);
    pci_conf_write(dev->sbdf, reg, 4, lo);
    if ( is64 )
    {
        hi = pci_conf_read(dev->sbdf, reg + 4, 4);
        pci_conf_write(dev->sbdf, reg + 4, 4, ~0U);
        szhi = pci_conf_read(dev->sbdf, reg + 4, 4);
        pci_conf_write(dev->sbdf, reg + 4, 4, hi);
    }
    if ( lo & PCI_BAR_IO )
    {
        mask = (szlo & ~3U) | 0xffff0000U;
        bar->kind = (szlo & ~3U) ? VPCI_BAR_IO : VPCI_BAR_EMPTY;
    }
    else
    {
        mask = ((uint64_t)szhi << 32) | (szlo & ~0xfU);
        bar->kind = (szlo & ~0xfU) ? is64 ? VPCI_BAR_MEM64 : VPCI_BAR_MEM32
                                   : VPCI_BAR_EMPTY;
        bar->addr = ((uint64_t)hi << 32) | (lo & ~0xfU);
    }
    bar->size = bar->kind == VPCI_BAR_EMPTY ? 0 : ~mask + 1;
    if ( bar->kind == VPCI_BAR_IO )
        bar->size &= 0xffff;
    if ( !is64 )
        return 1;
    dev->bars[i + 1].kind = VPCI_BAR_MEM64_HI;
    return 2;
}

void vpci_bars_init(struct vpci_dev *dev, unsigned int header_type)
{
    uint16_t cmd = pci_conf_read(dev->sbdf, PCI_COMMAND, 2);
    unsigned int i;

    dev->nr_bars = header_type == 0 ? 6 : header_type == 1 ? 2 : 0;
    if ( !dev->nr_bars )
        return;
    /* Sizing writes all ones: nothing may decode meanwhile. */
    pci_conf_write(dev->sbdf, PCI_COMMAND, 2,
                   cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    for ( i = 0; i < dev->nr_bars; )
        i += size_bar(dev, i, i + 1 == dev->nr_bars);
    pci_conf_write(dev->sbdf, PCI_COMMAND, 2, cmd);
}

static bool is_mem_bar(const struct vpci_bar *bar)
{
    return (bar->kind == VPCI_BAR_MEM32 || bar->kind == VPCI_BAR_MEM64) &&
           bar->size;
}

/* Read BAR i's address back from the device. */
static void reread_bar(struct vpci_dev *dev, unsigned int i)
{
    unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * i;
    struct vpci_bar *bar = &dev->bars[i];
    uint64_t a = pci_conf_read(dev->sbdf, reg, 4) & ~0xfU;

    if ( bar->kind == VPCI_BAR_MEM64 )
        a |= (uint64_t)pci_conf_read(dev->sbdf, reg + 4, 4) << 32;
    bar->addr = a & ~(bar->size - 1);
}

bool vpci_bar_maps(const struct vpci_dev *dev, unsigned long gfn)
{
    unsigned int i;

    for ( i = 0; i < dev->nr_bars; i++ )
        if ( dev->bars[i].map_addr &&
             gfn >= PFN_DOWN(dev->bars[i].map_addr) &&
             gfn < PFN_DOWN(dev->bars[i].map_addr) +
                   PFN_UP(dev->bars[i].size) )
            return true;
    return false;
}

/* Map (or unmap) BAR i above 4 GiB as decoding and its address say. */
static void sync_bar(struct vpci_dev *dev, unsigned int i, bool decoding)
{
    struct vpci_bar *bar = &dev->bars[i];
    unsigned long nr = PFN_UP(bar->size);
    uint64_t want = decoding && is_mem_bar(bar) && bar->addr >= FOUR_GB &&
                    dom0_mmio_allowed(PFN_DOWN(bar->addr), nr) ? bar->addr
                                                               : 0;

    if ( want == bar->map_addr )
        return;
    if ( bar->map_addr )
        p2m_map_identity(vpci_dom, PFN_DOWN(bar->map_addr), nr, p2m_invalid);
    if ( want && p2m_map_identity(vpci_dom, PFN_DOWN(want), nr,
                                  p2m_mmio_direct) )
    {
        p2m_map_identity(vpci_dom, PFN_DOWN(want), nr, p2m_invalid);
        want = 0;
    }
    if ( decoding && is_mem_bar(bar) && bar->addr >= FOUR_GB && !want )
        printk(XENLOG_G_WARNING "vPCI %04x:%02x:%02x.%u: BAR%u at %#lx "
               "(%#lx bytes) not mapped for dom0\n", PCI_SBDF_SEG(dev->sbdf),
               PCI_SBDF_BUS(dev->sbdf), PCI_SBDF_DEVFN(dev->sbdf) >> 3,
               dev->sbdf & 7, i, bar->addr, bar->size);
    bar->map_addr = want;
}

static void sync(struct vpci_dev *dev, uint16_t cmd)
{
    bool decoding = cmd & PCI_COMMAND_MEMORY;
    unsigned int i;

    if ( !vpci_dom )
        return;
    for ( i = 0; i < dev->nr_bars; i++ )
        sync_bar(dev, i, decoding);
    /*
     * The table follows its BAR while the function decodes memory; with
     * decoding off it stays where it was (Linux turns decoding off to
     * size each BAR: the table must not wander to the sizing pattern,
     * nor its vectors be torn down and rebound each time).
     */
    if ( dev->msix && decoding )
        vpci_msix_table_moved(dev, vpci_msix_table_addr(dev, true));
}

void vpci_header_sync(struct vpci_dev *dev)
{
    sync(dev, pci_conf_read(dev->sbdf, PCI_COMMAND, 2));
}

/*
 * Turning decoding on: take the MSI-X table pages away before the device
 * answers there; turning it off: after it stopped.
 */
void vpci_cmd_write(struct vpci_dev *dev, unsigned int reg,
                    unsigned int size, uint32_t val)
{
    uint16_t cur = pci_conf_read(dev->sbdf, PCI_COMMAND, 2), cmd = cur;

    if ( reg == PCI_COMMAND )
        cmd = size == 1 ? (cur & 0xff00) | (val & 0xff) : val;
    else if ( reg == PCI_COMMAND + 1 )
        cmd = (cur & 0xff) | ((val & 0xff) << 8);
    if ( (cmd & PCI_COMMAND_MEMORY) && !(cur & PCI_COMMAND_MEMORY) )
        sync(dev, cmd);
    pci_conf_write(dev->sbdf, reg, size, val);
    if ( !(cmd & PCI_COMMAND_MEMORY) || (cur & PCI_COMMAND_MEMORY) )
        sync(dev, cmd);
}

void vpci_bar_written(struct vpci_dev *dev, unsigned int reg)
{
    unsigned int i = (reg - PCI_BASE_ADDRESS_0) / 4;

    if ( i >= dev->nr_bars )
        return;
    if ( dev->bars[i].kind == VPCI_BAR_MEM64_HI && i )
        i--;
    if ( !is_mem_bar(&dev->bars[i]) )
        return;
    reread_bar(dev, i);
    vpci_header_sync(dev);
}
