/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op for HVM/PVH domains, with Xen 4.17's semantics for a PVH
 * hardware domain (xen/arch/x86/hvm/hypercall.c hvm_physdev_op() there):
 * only the hardware domain's PCI bookkeeping sub-ops exist; PIRQs do
 * not (dom0 has our vIO-APIC and no XENFEAT_hvm_pirqs), so map_pirq,
 * eoi, irq_status_query and the rest answer -ENOSYS, as they do on Xen.
 * Any other domain gets -ENOSYS for everything, as on Xen.
 *
 * setup_gsi is accepted as newer Xen does for PVH dom0 (Linux 6.12+
 * calls it): trigger and polarity reach the pin through dom0's own
 * vIO-APIC entry, so it only checks the GSI exists.
 *
 * Every structure here has one layout for 32- and 64-bit callers.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/vpci.h>
#include <asm/dom0_acpi.h>
#include <asm/pci.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/vioapic.h>
#include <public/physdev.h>

/*
 * PCI functions of segment 0 that dom0 reported (pci_device_add), one
 * bit per bus/devfn.  Other segments are accepted and not tracked.  vPCI
 * learns a function it did not find at boot here, and forgets (tears
 * down the MSIs of) a removed one.
 */
static DEFINE_SPINLOCK(pci_lock);
static unsigned long pci_seg0[65536 / (8 * sizeof(unsigned long))];

#define BITS_PER_UL     (8 * sizeof(unsigned long))

/* Mark (add) or unmark seg:bus:devfn; false if it was not there. */
static bool pci_track(uint16_t seg, uint8_t bus, uint8_t devfn, bool add)
{
    unsigned int sbdf = (bus << 8) | devfn;
    unsigned long bit = 1UL << (sbdf % BITS_PER_UL);
    unsigned long *w = &pci_seg0[sbdf / BITS_PER_UL];
    bool was;

    if ( seg )
        return add;
    spin_lock(&pci_lock);
    was = *w & bit;
    *w = add ? *w | bit : *w & ~bit;
    spin_unlock(&pci_lock);
    return add || was;
}

static long physdev_pci_device_add(uint64_t arg)
{
    struct physdev_pci_device_add add;
    uint32_t pxm;

    if ( copy_from_guest(&add, arg, sizeof(add)) )
        return -EFAULT;
    /* The proximity domain is read (as Xen does) and has no use here. */
    if ( (add.flags & XEN_PCI_DEV_PXM) &&
         copy_from_guest(&pxm, arg + offsetof(typeof(add), optarr),
                         sizeof(pxm)) )
        return -EFAULT;
    /* A virtual function's physical function is added with it. */
    if ( add.flags & XEN_PCI_DEV_VIRTFN )
        pci_track(add.seg, add.physfn.bus, add.physfn.devfn, true);
    pci_track(add.seg, add.bus, add.devfn, true);
    if ( !add.seg )
        vpci_add_device(PCI_SBDF(0, add.bus, add.devfn));
    printk(XENLOG_G_INFO "PCI add %s %04x:%02x:%02x.%u\n",
           add.flags & XEN_PCI_DEV_VIRTFN ? "virtual function" :
           add.flags & XEN_PCI_DEV_EXTFN ? "extended function" : "device",
           add.seg, add.bus, add.devfn >> 3, add.devfn & 7);
    return 0;
}

static long physdev_pci_device_remove(uint64_t arg)
{
    struct physdev_pci_device dev;

    if ( copy_from_guest(&dev, arg, sizeof(dev)) )
        return -EFAULT;
    if ( !pci_track(dev.seg, dev.bus, dev.devfn, false) )
        return -ENODEV;
    if ( !dev.seg )
        vpci_remove_device(PCI_SBDF(0, dev.bus, dev.devfn));
    return 0;
}

/*
 * dom0 found (or dropped) an MMCONFIG area: it must be the host MCFG's
 * (Xen: -ENODEV if unknown, -EIO if the address differs).  dom0 reaches
 * it through its 1:1 MMIO map; the hypervisor does not use it.
 */
static long physdev_mmcfg_reserved(uint64_t arg)
{
    struct physdev_pci_mmcfg_reserved info;
    uint64_t base;
    int rc;

    if ( copy_from_guest(&info, arg, sizeof(info)) )
        return -EFAULT;
    if ( info.flags & ~XEN_PCI_MMCFG_RESERVED )
        return -EINVAL;
    rc = dom0_acpi_mcfg_find(info.segment, info.start_bus, info.end_bus,
                             &base);
    if ( rc )
        return rc;
    return base == info.address ? 0 : -EIO;
}

/* No EHCI debug port is in use: nothing to stop or restart. */
static long physdev_dbgp_op(uint64_t arg)
{
    struct physdev_dbgp_op op;

    return copy_from_guest(&op, arg, sizeof(op)) ? -EFAULT : 0;
}

static long physdev_setup_gsi(uint64_t arg)
{
    struct physdev_setup_gsi setup;

    if ( copy_from_guest(&setup, arg, sizeof(setup)) )
        return -EFAULT;
    if ( setup.gsi < 0 || !vioapic_of_gsi(current->domain, setup.gsi) )
        return -EINVAL;
    return 0;
}

long do_physdev_op(int cmd, uint64_t arg)
{
    if ( !current->domain->is_privileged )
        return -ENOSYS;
    switch ( cmd )
    {
    case PHYSDEVOP_pci_device_add:
        return physdev_pci_device_add(arg);
    case PHYSDEVOP_pci_device_remove:
        return physdev_pci_device_remove(arg);
    case PHYSDEVOP_pci_mmcfg_reserved:
        return physdev_mmcfg_reserved(arg);
    case PHYSDEVOP_dbgp_op:
        return physdev_dbgp_op(arg);
    case PHYSDEVOP_setup_gsi:
        return physdev_setup_gsi(arg);
    }
    return -ENOSYS;
}
