/* SPDX-License-Identifier: MIT */
/*
 * Registering the guest entry points the hypervisor calls (PV guests):
 * event upcall, failsafe, syscall/sysenter and NMI.
 *
 * Hypercall: HYPERVISOR_callback_op(int cmd, void *arg), cmd a
 * CALLBACKOP_* number.  Return: 0 or a negative XEN_E* value.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

/* Event-channel upcall: entered when events are pending. */
#define CALLBACKTYPE_event                 0
/* Entered when a guest segment reload on return fails. */
#define CALLBACKTYPE_failsafe              1
/* x86_64: 64-bit SYSCALL from guest user mode. */
#define CALLBACKTYPE_syscall               2
/* Old number of the 32-bit SYSENTER entry; not for new guests. */
#define CALLBACKTYPE_sysenter_deprecated   3
/* NMI handler (the hypervisor masks NMIs until it is called). */
#define CALLBACKTYPE_nmi                   4
/* x86: SYSENTER from guest user mode. */
#define CALLBACKTYPE_sysenter              5
/* x86_64: SYSCALL from 32-bit guest user mode. */
#define CALLBACKTYPE_syscall32             7

/* Disable event delivery on entry (like an interrupt gate clearing IF). */
#define _CALLBACKF_mask_events             0
#define CALLBACKF_mask_events              (1U << _CALLBACKF_mask_events)

/*
 * CALLBACKOP_register: set one entry point.
 *  IN:  type (CALLBACKTYPE_*), flags (CALLBACKF_*), address.
 */
#define CALLBACKOP_register                0
struct callback_register {
    uint16_t type;
    uint16_t flags;
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/*
 * CALLBACKOP_unregister: clear one entry point (not all types may be
 * cleared).
 *  IN:  type; _unused must be 0.
 */
#define CALLBACKOP_unregister              1
struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#if __XEN_INTERFACE_VERSION__ < 0x00030207
#undef CALLBACKTYPE_sysenter
#define CALLBACKTYPE_sysenter CALLBACKTYPE_sysenter_deprecated
#endif

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
