/* SPDX-License-Identifier: MIT */
/*
 * NMI callbacks and the reasons the hardware domain is told about.
 *
 * Hypercall: HYPERVISOR_nmi_op(unsigned int cmd, void *arg).  Superseded
 * by CALLBACKTYPE_nmi in callback.h; kept for old guests.
 */
#ifndef __XEN_PUBLIC_NMI_H__
#define __XEN_PUBLIC_NMI_H__

#include "xen.h"

/*
 * Bits of arch_shared_info.nmi_reason, set when a physical NMI is passed
 * to the hardware domain.
 */
/* I/O check error. */
#define _XEN_NMIREASON_io_error     0
#define XEN_NMIREASON_io_error      (1UL << _XEN_NMIREASON_io_error)
/* PCI SERR. */
#define _XEN_NMIREASON_pci_serr     1
#define XEN_NMIREASON_pci_serr      (1UL << _XEN_NMIREASON_pci_serr)
#if __XEN_INTERFACE_VERSION__ < 0x00040300
/* Old name of the same bit. */
#define _XEN_NMIREASON_parity_error 1
#define XEN_NMIREASON_parity_error  (1UL << _XEN_NMIREASON_parity_error)
#endif
/* Cause not known. */
#define _XEN_NMIREASON_unknown      2
#define XEN_NMIREASON_unknown       (1UL << _XEN_NMIREASON_unknown)

/*
 * XENNMI_register_callback: set the NMI entry point.
 *  IN:  handler_address; pad must be 0.
 */
#define XENNMI_register_callback   0
struct xennmi_callback {
    xen_ulong_t handler_address;
    xen_ulong_t pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

/* XENNMI_unregister_callback: remove it.  arg: NULL. */
#define XENNMI_unregister_callback 1

#endif /* __XEN_PUBLIC_NMI_H__ */
