/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's ways into PCI configuration space, both ending in vPCI
 * (xen/vpci.h):
 *
 * - configuration mechanism #1 (PCI Local Bus spec 3.0, 3.2.2.3.2):
 *   a 32-bit write to 0xcf8 selects bus/device/function/register (kept
 *   here, never written to the hardware), accesses to 0xcfc-0xcff reach
 *   that register.  Other accesses to 0xcf8-0xcfb (the reset control
 *   register at 0xcf9) go to the hardware.
 * - the ECAM regions of the MCFG table, unmapped from dom0 so that every
 *   access faults into the MMIO emulator: address bits 27:20 are the
 *   bus, 19:15 the device, 14:12 the function, 11:0 the register.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/vpci.h>
#include <asm/pci.h>
#include <asm/hvm/io.h>
#include <asm/hvm/mmio.h>
#include <asm/x86_emulate.h>

#define CF8_ENABLE      0x80000000U

/* dom0's 0xcf8 (one hardware domain; its vCPUs serialise as Linux does). */
static uint32_t dom0_cf8;

static uint32_t cf8_sbdf(uint32_t cf8)
{
    return PCI_SBDF(0, (cf8 >> 16) & 0xff, (cf8 >> 8) & 0xff);
}

static void cf8_portio(struct vcpu *v, unsigned int port, unsigned int size,
                       bool dir_in, uint32_t *val)
{
    uint32_t cf8 = __atomic_load_n(&dom0_cf8, __ATOMIC_RELAXED);
    unsigned int reg = (cf8 & 0xfc) | (port & 3);

    if ( port == 0xcf8 && size == 4 )
    {
        if ( dir_in )
            *val = cf8;
        else
            __atomic_store_n(&dom0_cf8, *val, __ATOMIC_RELAXED);
    }
    else if ( port < 0xcfc )
    {
        if ( dir_in )
            *val = pci_cf8_port_read(port, size);
        else
            pci_cf8_port_write(port, size, *val);
    }
    else if ( !(cf8 & CF8_ENABLE) || (port & 3) + size > 4 )
        return;                 /* nothing selected: all ones, dropped */
    else if ( dir_in )
        *val = vpci_read(cf8_sbdf(cf8), reg, size);
    else
        vpci_write(cf8_sbdf(cf8), reg, size, *val);
}

/* ---- ECAM ---- */

static const struct pci_mmcfg *ecam_region(uint64_t gpa)
{
    const struct pci_mmcfg *m;
    unsigned int i;

    for ( i = 0; (m = pci_mmcfg_region(i)); i++ )
        if ( gpa >= m->base + ((uint64_t)m->start_bus << 20) &&
             gpa < m->base + ((m->end_bus + 1ULL) << 20) )
            return m;
    return NULL;
}

static bool ecam_accepts(struct vcpu *v, uint64_t gpa)
{
    return v->domain->is_privileged && ecam_region(gpa);
}

static void ecam_decode(uint64_t gpa, uint32_t *sbdf, unsigned int *reg)
{
    const struct pci_mmcfg *m = ecam_region(gpa);
    uint64_t off = gpa - m->base;

    *sbdf = PCI_SBDF(m->segment, (off >> 20) & 0xff, (off >> 12) & 0xff);
    *reg = off & 0xfff;
}

static int ecam_read(struct vcpu *v, uint64_t gpa, unsigned int len,
                     uint64_t *val)
{
    unsigned int reg;
    uint32_t sbdf;

    ecam_decode(gpa, &sbdf, &reg);
    if ( len == 8 )
        *val = vpci_read(sbdf, reg, 4) |
               ((uint64_t)vpci_read(sbdf, reg + 4, 4) << 32);
    else
        *val = vpci_read(sbdf, reg, len);
    return X86EMUL_OKAY;
}

static int ecam_write(struct vcpu *v, uint64_t gpa, unsigned int len,
                      uint64_t val)
{
    unsigned int reg;
    uint32_t sbdf;

    ecam_decode(gpa, &sbdf, &reg);
    if ( len == 8 )
    {
        vpci_write(sbdf, reg, 4, val);
        vpci_write(sbdf, reg + 4, 4, val >> 32);
    }
    else
        vpci_write(sbdf, reg, len, val);
    return X86EMUL_OKAY;
}

static const struct hvm_mmio_ops ecam_mmio_ops = {
    .name = "ECAM",
    .accepts = ecam_accepts,
    .read = ecam_read,
    .write = ecam_write,
};

void hvm_vpci_io_register(void)
{
    hvm_portio_register(0xcf8, 8, cf8_portio);
    if ( pci_mmcfg_region(0) )
        hvm_mmio_register(&ecam_mmio_ops);
}
