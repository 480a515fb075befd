/* SPDX-License-Identifier: MIT */
/*
 * Physical device operations: interrupts of real devices (PIRQs, MSI),
 * I/O privilege, and telling the hypervisor about PCI devices.
 *
 * Hypercall: HYPERVISOR_physdev_op(int cmd, void *arg), cmd a PHYSDEVOP_*
 * number.  Return: 0 or a negative XEN_E* value.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

/* PHYSDEVOP_eoi: signal end-of-interrupt for a PIRQ.  IN: irq. */
#define PHYSDEVOP_eoi                   12
struct physdev_eoi {
    uint32_t irq;
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/_v2: register a guest page holding one bit
 * per PIRQ, set by the hypervisor when the PIRQ needs an EOI.  With it,
 * PHYSDEVOP_eoi also unmasks the bound event channel.  v2 leaves the
 * bits clear at registration (v1 set them all).
 *  IN:  gmfn.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1       17
#define PHYSDEVOP_pirq_eoi_gmfn_v2       28
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

/*
 * PHYSDEVOP_irq_status_query: how a PIRQ must be handled.
 *  IN:  irq.
 *  OUT: flags (XENIRQSTAT_*).
 */
#define PHYSDEVOP_irq_status_query       5
struct physdev_irq_status_query {
    uint32_t irq;
    uint32_t flags;
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* The PIRQ needs PHYSDEVOP_eoi after each event. */
#define _XENIRQSTAT_needs_eoi   (0)
#define  XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
/* The line is shared with another domain. */
#define _XENIRQSTAT_shared      (1)
#define  XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

/* PHYSDEVOP_set_iopl: (PV) the guest kernel's I/O privilege level. */
#define PHYSDEVOP_set_iopl               6
struct physdev_set_iopl {
    uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/* PHYSDEVOP_set_iobitmap: (PV) a TSS-style I/O permission bitmap. */
#define PHYSDEVOP_set_iobitmap           7
struct physdev_set_iobitmap {
#if __XEN_INTERFACE_VERSION__ >= 0x00030205
    XEN_GUEST_HANDLE(uint8) bitmap;
#else
    uint8_t *bitmap;
#endif
    uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

/*
 * PHYSDEVOP_apic_read/_write: (hardware domain) access an IO-APIC
 * register.  IN: apic_physbase, reg; IN (write) / OUT (read): value.
 */
#define PHYSDEVOP_apic_read              8
#define PHYSDEVOP_apic_write             9
struct physdev_apic {
    xen_ulong_t apic_physbase;
    uint32_t reg;
    uint32_t value;
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

/*
 * PHYSDEVOP_alloc_irq_vector/_free_irq_vector: (hardware domain) a CPU
 * vector for an IO-APIC pin.  IN: irq; OUT: vector.
 */
#define PHYSDEVOP_alloc_irq_vector      10
#define PHYSDEVOP_free_irq_vector       11
struct physdev_irq {
    uint32_t irq;
    uint32_t vector;
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

#define MAP_PIRQ_TYPE_MSI               0x0
#define MAP_PIRQ_TYPE_GSI               0x1
#define MAP_PIRQ_TYPE_UNKNOWN           0x2
#define MAP_PIRQ_TYPE_MSI_SEG           0x3  /* bus holds segment << 16 */
#define MAP_PIRQ_TYPE_MULTI_MSI         0x4  /* entry_nr vectors */

/*
 * PHYSDEVOP_map_pirq: give <domid> a PIRQ for a GSI or an MSI(-X).
 *  IN:  domid, type (MAP_PIRQ_TYPE_*), index (GSI number; or MSI-X
 *       entry), bus/devfn (MSI), entry_nr (MSI-X entry; MULTI_MSI IN:
 *       vector count, OUT: count possible), table_base (MSI-X table).
 *  IN/OUT: pirq (wanted PIRQ or -1 for any; OUT the one given).
 */
#define PHYSDEVOP_map_pirq               13
struct physdev_map_pirq {
    domid_t domid;
    int32_t type;
    int32_t index;
    int32_t pirq;
    int32_t bus;
    int32_t devfn;
    int32_t entry_nr;
    uint64_t table_base;
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

/* PHYSDEVOP_unmap_pirq: undo map_pirq.  IN: domid, pirq. */
#define PHYSDEVOP_unmap_pirq             14
struct physdev_unmap_pirq {
    domid_t domid;
    int32_t pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

/* PHYSDEVOP_manage_pci_add/_remove: segment-0 PCI device appeared/left. */
#define PHYSDEVOP_manage_pci_add         15
#define PHYSDEVOP_manage_pci_remove      16
struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

/* PHYSDEVOP_restore_msi: reprogram a device's MSI after resume. */
#define PHYSDEVOP_restore_msi            19
struct physdev_restore_msi {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

/* PHYSDEVOP_manage_pci_add_ext: add, with SR-IOV / ARI details. */
#define PHYSDEVOP_manage_pci_add_ext     20
struct physdev_manage_pci_ext {
    uint8_t bus;
    uint8_t devfn;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;           /* the PF, when is_virtfn */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* The old single-argument form (HYPERVISOR_physdev_op_compat). */
struct physdev_op {
    uint32_t cmd;
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

/*
 * PHYSDEVOP_setup_gsi: (hardware domain) trigger mode and polarity of a
 * GSI, from ACPI.  IN: gsi, triggering (0 edge, 1 level), polarity (0
 * high, 1 low).
 */
#define PHYSDEVOP_setup_gsi    21
struct physdev_setup_gsi {
    int32_t gsi;
    uint8_t triggering;
    uint8_t polarity;
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

/* PHYSDEVOP_get_free_pirq: a free PIRQ number.  IN: type; OUT: pirq. */
#define PHYSDEVOP_get_free_pirq    23
struct physdev_get_free_pirq {
    int32_t type;
    uint32_t pirq;
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

/*
 * PHYSDEVOP_pci_mmcfg_reserved: (hardware domain) an MMCONFIG area is
 * (flags XEN_PCI_MMCFG_RESERVED) or is not reserved in the E820 map.
 */
#define XEN_PCI_MMCFG_RESERVED         0x1
#define PHYSDEVOP_pci_mmcfg_reserved    24
struct physdev_pci_mmcfg_reserved {
    uint64_t address;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t flags;
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

/*
 * PHYSDEVOP_pci_device_add: a PCI device appeared.
 *  IN:  seg, bus, devfn, flags (XEN_PCI_DEV_*), physfn (VFs), optarr
 *       (XEN_PCI_DEV_PXM: optarr[0] is the proximity domain).
 */
#define XEN_PCI_DEV_EXTFN              0x1
#define XEN_PCI_DEV_VIRTFN             0x2
#define XEN_PCI_DEV_PXM                0x4

#define PHYSDEVOP_pci_device_add        25
struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint32_t optarr[XEN_FLEX_ARRAY_DIM];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/*
 * PHYSDEVOP_pci_device_remove, PHYSDEVOP_restore_msi_ext,
 * PHYSDEVOP_prepare_msix, PHYSDEVOP_release_msix: act on one device.
 * arg: physdev_pci_device_t.
 */
#define PHYSDEVOP_pci_device_remove     26
#define PHYSDEVOP_restore_msi_ext       27
#define PHYSDEVOP_prepare_msix          30
#define PHYSDEVOP_release_msix          31
struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

/*
 * PHYSDEVOP_dbgp_op: a USB debug port controller is being reset
 * (op PHYSDEVOP_DBGP_RESET_*), so the hypervisor stops using it.
 */
#define PHYSDEVOP_DBGP_RESET_PREPARE    1
#define PHYSDEVOP_DBGP_RESET_DONE       2

#define PHYSDEVOP_DBGP_BUS_UNKNOWN      0
#define PHYSDEVOP_DBGP_BUS_PCI          1

#define PHYSDEVOP_dbgp_op               29
struct physdev_dbgp_op {
    uint8_t op;
    uint8_t bus;
    union {
        physdev_pci_device_t pci;
    } u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

/* Old name; the operation was withdrawn. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY      4

#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define PHYSDEVOP_IRQ_STATUS_QUERY       PHYSDEVOP_irq_status_query
#define PHYSDEVOP_SET_IOPL               PHYSDEVOP_set_iopl
#define PHYSDEVOP_SET_IOBITMAP           PHYSDEVOP_set_iobitmap
#define PHYSDEVOP_APIC_READ              PHYSDEVOP_apic_read
#define PHYSDEVOP_APIC_WRITE             PHYSDEVOP_apic_write
#define PHYSDEVOP_ASSIGN_VECTOR          PHYSDEVOP_alloc_irq_vector
#define PHYSDEVOP_FREE_VECTOR            PHYSDEVOP_free_irq_vector
#define PHYSDEVOP_IRQ_NEEDS_UNMASK_NOTIFY XENIRQSTAT_needs_eoi
#define PHYSDEVOP_IRQ_SHARED             XENIRQSTAT_shared
#endif

#if __XEN_INTERFACE_VERSION__ < 0x00040200
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v1
#else
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v2
#endif

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
