/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's view of a function's MSI capability (PCI Local Bus spec 3.0,
 * 6.8.1).  Emulated: message control (enable, multiple message enable),
 * address, data and mask bits; the capability ID, next pointer, the
 * read-only control bits and the pending bits come from the device.
 *
 * While dom0 has MSI enabled, the device holds a host message for a
 * block of 2^MME host vectors (asm/msi.h) and each host vector routes to
 * the vector and destination dom0's message names, message number i
 * going where dom0's data with i in its low bits would.  dom0 rewriting
 * address or data (moving the interrupt to another vCPU) only changes
 * the routes.  dom0's mask bits are the device's (one bit per message).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include "private.h"

/* Register offsets in the capability. */
#define MSI_ADDR_LO         4
#define MSI_ADDR_HI         8   /* 64-bit only */

static unsigned int data_off(const struct vpci_msi *m)
{
    return m->is64 ? 12 : 8;
}

static unsigned int mask_off(const struct vpci_msi *m)
{
    return data_off(m) + 4;
}

/* Bytes the capability occupies, pending bits excluded. */
static unsigned int emul_len(const struct vpci_msi *m)
{
    return m->maskable ? mask_off(m) + 4 : data_off(m) + 4;
}

void vpci_msi_init(struct vpci_dev *dev, unsigned int pos)
{
    struct vpci_msi *m = &dev->msi;
    uint16_t ctrl = pci_conf_read(dev->sbdf, pos + 2, 2);

    m->pos = pos;
    m->is64 = ctrl & MSI_CTRL_64BIT;
    m->maskable = ctrl & MSI_CTRL_MASKABLE;
    m->max_vec = 1U << min((ctrl & MSI_CTRL_MMC_MASK) >> MSI_CTRL_MMC_SHIFT,
                           5);
    /* A clean start: nobody has asked for MSI yet. */
    if ( ctrl & MSI_CTRL_ENABLE )
        pci_conf_write(dev->sbdf, pos + 2, 2, ctrl & ~MSI_CTRL_ENABLE);
}

static unsigned int nr_enabled(const struct vpci_msi *m)
{
    unsigned int n = 1U << ((m->ctrl & MSI_CTRL_MME_MASK) >>
                            MSI_CTRL_MME_SHIFT);

    return min(n, m->max_vec);
}

/* Point every bound host vector at dom0's message. */
static void set_routes(struct vpci_msi *m)
{
    unsigned int i, n = m->nr_bound;
    struct msi_route r;

    for ( i = 0; i < n; i++ )
    {
        msi_decode(m->addr, (m->data & ~(n - 1)) | i, &r);
        msi_set_route(m->host_vector + i, &r);
    }
}

static void msi_host_disable(struct vpci_dev *dev)
{
    struct vpci_msi *m = &dev->msi;
    uint16_t ctrl = pci_conf_read(dev->sbdf, m->pos + 2, 2);

    pci_conf_write(dev->sbdf, m->pos + 2, 2,
                   ctrl & ~(MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK));
    if ( m->host_vector )
        msi_unbind(m->host_vector, m->nr_bound);
    m->host_vector = 0;
    m->nr_bound = 0;
}

static void msi_host_enable(struct vpci_dev *dev)
{
    struct vpci_msi *m = &dev->msi;
    unsigned int n = nr_enabled(m);
    uint16_t ctrl = pci_conf_read(dev->sbdf, m->pos + 2, 2);
    uint64_t addr;
    uint32_t data;

    m->host_vector = msi_bind(vpci_dom, n, &addr, &data);
    if ( !m->host_vector )
    {
        printk(XENLOG_G_WARNING "vPCI %02x:%02x.%u: no host vector for "
               "%u MSI message(s)\n", PCI_SBDF_BUS(dev->sbdf),
               PCI_SBDF_DEVFN(dev->sbdf) >> 3, dev->sbdf & 7, n);
        return;
    }
    m->nr_bound = n;
    set_routes(m);
    pci_conf_write(dev->sbdf, m->pos + MSI_ADDR_LO, 4, addr);
    if ( m->is64 )
        pci_conf_write(dev->sbdf, m->pos + MSI_ADDR_HI, 4, addr >> 32);
    pci_conf_write(dev->sbdf, m->pos + data_off(m), 2, data);
    if ( m->maskable )
        pci_conf_write(dev->sbdf, m->pos + mask_off(m), 4, m->mask);
    ctrl &= ~MSI_CTRL_MME_MASK;
    ctrl |= (m->ctrl & MSI_CTRL_MME_MASK) | MSI_CTRL_ENABLE;
    pci_conf_write(dev->sbdf, m->pos + 2, 2, ctrl);
}

static void msi_ctrl_write(struct vpci_dev *dev, uint16_t val)
{
    struct vpci_msi *m = &dev->msi;
    uint16_t old = m->ctrl;

    m->ctrl = val & (MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK);
    if ( old == m->ctrl )
        return;
    if ( old & MSI_CTRL_ENABLE )
        msi_host_disable(dev);
    if ( m->ctrl & MSI_CTRL_ENABLE )
        msi_host_enable(dev);
}

bool vpci_msi_read(struct vpci_dev *dev, unsigned int off, uint32_t hw,
                   uint32_t *val)
{
    const struct vpci_msi *m = &dev->msi;
    unsigned int rel = off - m->pos;

    if ( !m->pos || off < m->pos || rel >= emul_len(m) )
        return false;
    if ( rel == 0 )
        *val = (hw & 0x0000ffffU) |
               ((hw & ((uint32_t)(MSI_CTRL_MMC_MASK | MSI_CTRL_64BIT |
                                  MSI_CTRL_MASKABLE) << 16))) |
               ((uint32_t)m->ctrl << 16);
    else if ( rel == MSI_ADDR_LO )
        *val = (uint32_t)m->addr;
    else if ( rel == MSI_ADDR_HI && m->is64 )
        *val = m->addr >> 32;
    else if ( rel == data_off(m) )
        *val = m->data;
    else
        *val = m->mask;
    return true;
}

bool vpci_msi_write(struct vpci_dev *dev, unsigned int off, uint32_t val)
{
    struct vpci_msi *m = &dev->msi;
    unsigned int rel = off - m->pos;

    if ( !m->pos || off < m->pos || rel >= emul_len(m) )
        return false;
    if ( rel == 0 )
    {
        msi_ctrl_write(dev, val >> 16);
        return true;
    }
    if ( rel == MSI_ADDR_LO )
        m->addr = (m->addr & ~0xffffffffULL) | (val & ~3U);
    else if ( rel == MSI_ADDR_HI && m->is64 )
        m->addr = (uint32_t)m->addr | ((uint64_t)val << 32);
    else if ( rel == data_off(m) )
        m->data = val;
    else
    {
        m->mask = val;
        pci_conf_write(dev->sbdf, off, 4, val);
        return true;
    }
    if ( m->host_vector )
        set_routes(m);
    return true;
}

void vpci_msi_teardown(struct vpci_dev *dev)
{
    if ( dev->msi.pos && dev->msi.host_vector )
        msi_host_disable(dev);
    dev->msi.ctrl = 0;
}
