/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xenstored needs from the hypervisor, behind one table so the core
 * runs (and is tested) without /dev/xen: event channels, mapping a
 * domain's xenstore ring, dom0's own ring, and a domain's state.
 * platform-linux.c implements it with Linux's /dev/xen devices; the tests
 * bring their own.  Every entry may fail; none may block.
 */
#ifndef XENSTORED_PLATFORM_H
#define XENSTORED_PLATFORM_H

#include <stdint.h>

#define XS_DOMSTATE_SHUTDOWN  (1u << 0)   /* shut down or crashed */
#define XS_DOMSTATE_DYING     (1u << 1)   /* being destroyed */

struct xs_platform {
    const char *name;
    /* An fd readable when event channels are pending, or -1. */
    int (*evtchn_fd)(void);
    /* Bind to remote_port of domid: the local port, or -1. */
    int (*evtchn_bind)(unsigned int domid, unsigned int remote_port);
    void (*evtchn_unbind)(unsigned int port);
    void (*evtchn_notify)(unsigned int port);
    /* A pending local port (to be unmasked after service), or -1. */
    int (*evtchn_pending)(void);
    void (*evtchn_unmask)(unsigned int port);
    /* Bind VIRQ_DOM_EXC: the local port, or -1. */
    int (*evtchn_bind_dom_exc)(void);
    /* Map domid's xenstore page (grant GNTTAB_RESERVED_XENSTORE or gfn). */
    void *(*ring_map)(unsigned int domid, uint64_t gfn);
    void (*ring_unmap)(unsigned int domid, void *ring);
    /* dom0's own kernel's page and its unbound port (xenbus_backend). */
    void *(*dom0_ring)(unsigned int *remote_port);
    /* XS_DOMSTATE_* flags of domid: 0, or -1 when it does not exist. */
    int (*domain_state)(unsigned int domid, unsigned int *flags);
};

/* The platform in use; tests may point it elsewhere before domain_init. */
extern const struct xs_platform *xs_platform;
extern const struct xs_platform xs_platform_linux;
extern const struct xs_platform xs_platform_none;

#endif /* XENSTORED_PLATFORM_H */
