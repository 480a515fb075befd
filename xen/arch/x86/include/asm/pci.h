/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host PCI configuration space (arch/x86/pci.c).  Registers below 256 go
 * through configuration mechanism #1 (ports 0xcf8/0xcfc, PCI Local Bus
 * spec 3.0, 3.2.2.3.2); extended registers (256-4095) through the ECAM
 * regions of the ACPI MCFG table (PCI Firmware spec 3.2, 4.1), mapped by
 * the hypervisor one bus at a time as they are first used.
 *
 * Lock: pci_cfg_lock (irqsave, leaf) makes each 0xcf8/0xcfc pair atomic.
 */
#ifndef X86_PCI_H
#define X86_PCI_H

#include <xen/types.h>

/* seg:bus:dev.fn packed as Xen's pci_sbdf_t: seg << 16 | bus << 8 | devfn */
#define PCI_SBDF(seg, bus, devfn) \
    (((uint32_t)(seg) << 16) | ((uint32_t)(bus) << 8) | (devfn))
#define PCI_SBDF_SEG(sbdf)      ((sbdf) >> 16)
#define PCI_SBDF_BUS(sbdf)      (((sbdf) >> 8) & 0xff)
#define PCI_SBDF_DEVFN(sbdf)    ((sbdf) & 0xff)

/* Standard configuration header (PCI Local Bus spec 3.0, 6.1). */
#define PCI_VENDOR_ID           0x00
#define PCI_COMMAND             0x04
#define  PCI_COMMAND_IO         0x0001
#define  PCI_COMMAND_MEMORY     0x0002
#define PCI_STATUS              0x06
#define  PCI_STATUS_CAP_LIST    0x0010
#define PCI_HEADER_TYPE         0x0e
#define  PCI_HEADER_MULTI_FUNC  0x80
#define PCI_BASE_ADDRESS_0      0x10
#define  PCI_BAR_IO             0x1
#define  PCI_BAR_MEM_TYPE_MASK  0x6
#define  PCI_BAR_MEM_TYPE_64    0x4
#define PCI_CAPABILITY_LIST     0x34
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_MSIX         0x11

/* The ECAM regions of segment 0..: at most this many. */
#define PCI_MAX_MMCFG           8

struct pci_mmcfg {
    uint64_t base;              /* ECAM address of bus 0 (not start_bus) */
    uint16_t segment;
    uint8_t start_bus, end_bus;
};

/* Take the MCFG regions the ACPI parser found (boot, before any use). */
void pci_mmcfg_init(void);

/* The i-th ECAM region, or NULL past the last. */
const struct pci_mmcfg *pci_mmcfg_region(unsigned int i);

/*
 * Read/write size (1, 2 or 4) bytes at reg (naturally aligned, < 4096)
 * of function sbdf.  Absent functions and registers nobody can reach
 * read as all ones; writes to them vanish.
 */
uint32_t pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size);
void pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                    uint32_t val);

/*
 * A port in 0xcf8-0xcff accessed outside the mechanism #1 protocol
 * (anything but a 32-bit 0xcf8 or a data access: e.g. the reset control
 * register at 0xcf9): done on the hardware under the config lock.
 */
uint32_t pci_cf8_port_read(unsigned int port, unsigned int size);
void pci_cf8_port_write(unsigned int port, unsigned int size, uint32_t val);

#endif /* X86_PCI_H */
