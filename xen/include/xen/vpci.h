/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vPCI: the hardware domain's view of PCI configuration space
 * (xen/drivers/vpci/; docs/pci-msi.md).  dom0 reaches every function's
 * configuration space through the hypervisor (ports 0xcf8/0xcfc and the
 * ECAM regions, hvm/vpci-io.c); most registers pass through to the
 * hardware, but the MSI and MSI-X capabilities are emulated (dom0's
 * messages are bound to host vectors, asm/msi.h), the MSI-X tables are
 * trapped, and writes to the command register and the BARs keep dom0's
 * p2m in step (BARs above 4 GiB mapped, MSI-X table pages trapped).
 *
 * Lock: vpci_lock (one, not irqsave) guards the device list and every
 * device's state; under it: the p2m lock, msi_lock, pci_cfg_lock.
 */
#ifndef XEN_VPCI_H
#define XEN_VPCI_H

#include <xen/types.h>

struct domain;

/*
 * Boot, before dom0 is created: find every function of segment 0 (and
 * the ECAM regions), record BARs and MSI/MSI-X capabilities, disable
 * MSI/MSI-X left on, and claim the configuration ports and ECAM.
 */
void vpci_init(void);

/*
 * d (the hardware domain, its MMIO already mapped) gets the vPCI view:
 * ECAM and MSI-X table pages leave its p2m, enabled BARs above 4 GiB
 * join it.  0 or -errno.
 */
int vpci_domain_init(struct domain *d);

/*
 * dom0 reads or writes size (1, 2, 4) bytes at reg (< 4096) of sbdf.
 * Unaligned accesses are split into bytes.
 */
uint32_t vpci_read(uint32_t sbdf, unsigned int reg, unsigned int size);
void vpci_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                uint32_t val);

/*
 * PHYSDEVOP_pci_device_add / _remove: learn a function not seen at boot
 * (0, -ENODEV if absent, -ENOMEM); forget one, its MSIs torn down
 * (0, -ENODEV if unknown).
 */
int vpci_add_device(uint32_t sbdf);
int vpci_remove_device(uint32_t sbdf);

#endif /* XEN_VPCI_H */
