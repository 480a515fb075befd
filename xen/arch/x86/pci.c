/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host PCI configuration space: see asm/pci.h.  Mechanism #1 for the
 * first 256 bytes of every function (it reaches every machine, and
 * Xen does the same), ECAM for the extended space when the MCFG table
 * describes it.  An ECAM bus is mapped (uncached, in the direct map) the
 * first time one of its registers is needed: 1 MiB per bus.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/pci.h>
#include <asm/processor.h>

#define CF8_PORT        0xcf8
#define CFC_PORT        0xcfc
#define CF8_ENABLE      0x80000000U
#define ECAM_BUS_SIZE   (1UL << 20)

static DEFINE_SPINLOCK(pci_cfg_lock);

static struct pci_mmcfg mmcfg[PCI_MAX_MMCFG];
static unsigned int nr_mmcfg;
/* Buses of each region already mapped, one bit per bus. */
static uint64_t mmcfg_mapped[PCI_MAX_MMCFG][4];

void pci_mmcfg_init(void)
{
    unsigned int i;

    for ( i = 0; i < acpi_info.nr_mcfg && nr_mmcfg < PCI_MAX_MMCFG; i++ )
    {
        const struct acpi_mcfg_info *m = &acpi_info.mcfg[i];

        if ( m->end_bus < m->start_bus || (m->base & (ECAM_BUS_SIZE - 1)) )
            continue;
        mmcfg[nr_mmcfg].base = m->base;
        mmcfg[nr_mmcfg].segment = m->segment;
        mmcfg[nr_mmcfg].start_bus = m->start_bus;
        mmcfg[nr_mmcfg++].end_bus = m->end_bus;
        printk("PCI: MMCONFIG segment %u buses %02x-%02x at %#lx\n",
               m->segment, m->start_bus, m->end_bus,
               m->base + ((uint64_t)m->start_bus << 20));
    }
}

const struct pci_mmcfg *pci_mmcfg_region(unsigned int i)
{
    return i < nr_mmcfg ? &mmcfg[i] : NULL;
}

/* The ECAM address of sbdf's register 0, mapped; NULL if there is none. */
static volatile uint8_t *ecam_function(uint32_t sbdf)
{
    unsigned int i, bus = PCI_SBDF_BUS(sbdf);

    for ( i = 0; i < nr_mmcfg; i++ )
    {
        const struct pci_mmcfg *m = &mmcfg[i];
        uint64_t pa = m->base + ((uint64_t)bus << 20) +
                      ((uint64_t)PCI_SBDF_DEVFN(sbdf) << 12);

        if ( m->segment != PCI_SBDF_SEG(sbdf) || bus < m->start_bus ||
             bus > m->end_bus )
            continue;
        if ( !(mmcfg_mapped[i][bus / 64] & (1ULL << (bus % 64))) )
        {
            if ( !ioremap(m->base + ((uint64_t)bus << 20), ECAM_BUS_SIZE) )
                return NULL;
            mmcfg_mapped[i][bus / 64] |= 1ULL << (bus % 64);
        }
        return __va(pa);
    }
    return NULL;
}

static uint32_t cf8_address(uint32_t sbdf, unsigned int reg)
{
    return CF8_ENABLE | (PCI_SBDF_BUS(sbdf) << 16) |
           (PCI_SBDF_DEVFN(sbdf) << 8) | (reg & 0xfc);
}

static uint32_t port_in(unsigned int port, unsigned int size)
{
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void port_out(unsigned int port, unsigned int size, uint32_t val)
{
    if ( size == 1 )
        outb(val, port);
    else if ( size == 2 )
        outw(val, port);
    else
        outl(val, port);
}

static uint32_t mmio_in(volatile uint8_t *p, unsigned int size)
{
    return size == 1 ? *p : size == 2 ? *(volatile uint16_t *)p
                                      : *(volatile uint32_t *)p;
}

static void mmio_out(volatile uint8_t *p, unsigned int size, uint32_t val)
{
    if ( size == 1 )
        *p = val;
    else if ( size == 2 )
        *(volatile uint16_t *)p = val;
    else
        *(volatile uint32_t *)p = val;
}

static uint32_t size_mask(unsigned int size)
{
    return size == 4 ? ~0U : (1U << (size * 8)) - 1;
}

uint32_t pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size)
{
    volatile uint8_t *ecam;
    unsigned long flags;
    uint32_t val = ~0U;

    spin_lock_irqsave(&pci_cfg_lock, flags);
    if ( reg < 256 && !PCI_SBDF_SEG(sbdf) )
    {
        outl(cf8_address(sbdf, reg), CF8_PORT);
        val = port_in(CFC_PORT + (reg & 3), size);
    }
    else if ( reg < 4096 && (ecam = ecam_function(sbdf)) )
        val = mmio_in(ecam + reg, size);
    spin_unlock_irqrestore(&pci_cfg_lock, flags);
    return val & size_mask(size);
}

void pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                    uint32_t val)
{
    volatile uint8_t *ecam;
    unsigned long flags;

    spin_lock_irqsave(&pci_cfg_lock, flags);
    if ( reg < 256 && !PCI_SBDF_SEG(sbdf) )
    {
        outl(cf8_address(sbdf, reg), CF8_PORT);
        port_out(CFC_PORT + (reg & 3), size, val);
    }
    else if ( reg < 4096 && (ecam = ecam_function(sbdf)) )
        mmio_out(ecam + reg, size, val);
    spin_unlock_irqrestore(&pci_cfg_lock, flags);
}

uint32_t pci_cf8_port_read(unsigned int port, unsigned int size)
{
    unsigned long flags;
    uint32_t val;

    spin_lock_irqsave(&pci_cfg_lock, flags);
    val = port_in(port, size);
    spin_unlock_irqrestore(&pci_cfg_lock, flags);
    return val;
}

void pci_cf8_port_write(unsigned int port, unsigned int size, uint32_t val)
{
    unsigned long flags;

    spin_lock_irqsave(&pci_cfg_lock, flags);
    port_out(port, size, val);
    spin_unlock_irqrestore(&pci_cfg_lock, flags);
}
