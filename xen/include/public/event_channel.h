/* SPDX-License-Identifier: MIT */
/*
 * Event channels: the guest's interrupt lines.  A port is bound to one
 * source (another domain's port, a virtual IRQ, a physical IRQ, an IPI
 * from another vCPU of the same domain) and delivers one bit of
 * "something happened" to the vCPU it is bound to.
 *
 * Hypercall: HYPERVISOR_event_channel_op(int cmd, void *arg), cmd is one
 * of the EVTCHNOP_* numbers below and arg points to the matching struct.
 * Return: 0 or a negative XEN_E* value.
 *
 * Two delivery ABIs share the port space: the 2-level bitmap kept in
 * shared_info (the default) and the FIFO queues set up through
 * EVTCHNOP_init_control.
 *
 * Fields named _pad that fill what is implicit padding in Xen's own
 * header are ignored on input: guests built against Xen do not zero them.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13
#ifdef __XEN__
/* Internal: continuation of a preempted EVTCHNOP_reset. */
#define EVTCHNOP_reset_cont      14
#endif

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: make a fresh port in <dom> that only
 * <remote_dom> may later connect to (with EVTCHNOP_bind_interdomain).
 *  IN:  dom (DOMID_SELF, or another domain if privileged), remote_dom
 *       (may be DOMID_SELF, meaning the caller).
 *  OUT: port, the new port in <dom>.
 */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;
    evtchn_port_t port;
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to an unbound
 * port of <remote_dom> that was allocated for us.
 *  IN:  remote_dom, remote_port.
 *  OUT: local_port.
 * NOTES:
 *  1. remote_dom may be DOMID_SELF: a loopback channel.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;
    uint16_t _pad;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind a virtual IRQ (VIRQ_* in xen.h) to a new port.
 *  IN:  virq, vcpu (where per-vCPU VIRQs are raised and events delivered).
 *  OUT: port.
 * NOTES:
 *  1. A global VIRQ must be bound on vCPU 0; move it with bind_vcpu.
 *  2. A VIRQ may be bound to one port per vCPU at most.
 */
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind a physical IRQ (privileged domains, or ones
 * granted the IRQ) to a new port.
 *  IN:  pirq, flags (BIND_PIRQ__*).
 *  OUT: port.
 */
struct evtchn_bind_pirq {
    uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE 1 /* the line may be shared with others */
    uint32_t flags;
    evtchn_port_t port;
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/*
 * EVTCHNOP_bind_ipi: a port for sending events between our own vCPUs.
 *  IN:  vcpu (the one notified).
 *  OUT: port.
 */
struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: unbind a port and free it.  An interdomain peer's port
 * goes back to unbound, waiting for a new connection.
 *  IN:  port.
 */
struct evtchn_close {
    evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

/*
 * EVTCHNOP_send: raise the event at the other end of a port (the remote
 * port of an interdomain channel, or the target vCPU of an IPI port).
 *  IN:  port.
 */
struct evtchn_send {
    evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: what a port is bound to.
 *  IN:  dom (DOMID_SELF, or another if privileged), port.
 *  OUT: status (EVTCHNSTAT_*), vcpu, and the union member named by status.
 */
struct evtchn_status {
    domid_t dom;
    uint16_t _pad;
    evtchn_port_t port;
#define EVTCHNSTAT_closed       0  /* free                                */
#define EVTCHNSTAT_unbound      1  /* waiting for a remote to connect     */
#define EVTCHNSTAT_interdomain  2  /* connected to a port of a domain     */
#define EVTCHNSTAT_pirq         3  /* bound to a physical IRQ             */
#define EVTCHNSTAT_virq         4  /* bound to a virtual IRQ              */
#define EVTCHNSTAT_ipi          5  /* bound to one of our own vCPUs       */
    uint32_t status;
    uint32_t vcpu;
    union {
        struct {
            domid_t dom;           /* who may connect */
        } unbound;
        struct {
            domid_t dom;
            uint16_t _pad;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: deliver a port's events to another vCPU.
 *  IN:  port, vcpu.
 * NOTES:
 *  1. Allowed for interdomain, unbound, global-VIRQ and PIRQ ports.
 *  2. A pending event is not moved; it is seen on the new vCPU's next
 *     scan.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear a port's mask bit and, if it is pending,
 * notify the vCPU again (what a guest cannot do race-free alone).
 *  IN:  port.
 */
struct evtchn_unmask {
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of a domain and go back to the
 * 2-level ABI.
 *  IN:  dom (DOMID_SELF, or another if privileged).
 */
struct evtchn_reset {
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: switch the domain to the FIFO ABI by giving a
 * vCPU its control block.  Called once per vCPU; the first call makes
 * the switch.
 *  IN:  control_gfn (the page holding the block), offset (of the block
 *       in that page; 8-byte aligned, block must fit in the page), vcpu.
 *  OUT: link_bits (width of the LINK field, EVTCHN_FIFO_LINK_BITS).
 */
struct evtchn_init_control {
    uint64_t control_gfn;
    uint32_t offset;
    uint32_t vcpu;
    uint8_t link_bits;
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * EVTCHNOP_expand_array: add one more page of FIFO event words (each
 * page holds PAGE_SIZE / sizeof(event_word_t) ports).
 *  IN:  array_gfn.
 */
struct evtchn_expand_array {
    uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/*
 * EVTCHNOP_set_priority: choose the FIFO queue a port is linked to.
 *  IN:  port, priority (EVTCHN_FIFO_PRIORITY_MAX .. _MIN).
 */
struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * The old single-argument form, HYPERVISOR_event_channel_op_compat(op):
 * the command and its argument in one struct.
 */
struct evtchn_op {
    uint32_t cmd;
    union {
        evtchn_alloc_unbound_t    alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t        bind_virq;
        evtchn_bind_pirq_t        bind_pirq;
        evtchn_bind_ipi_t         bind_ipi;
        evtchn_close_t            close;
        evtchn_send_t             send;
        evtchn_status_t           status;
        evtchn_bind_vcpu_t        bind_vcpu;
        evtchn_unmask_t           unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/*
 * 2-level ABI: one pending and one mask bit per port in shared_info, a
 * selector word per vCPU picks the pending words.  That bounds the port
 * count to (bits per word) squared.
 */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI: each port has a 32-bit event word; pending ports are linked
 * into one of 16 queues per vCPU, queue 0 served first.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

/* Bit numbers in an event word; the low LINK_BITS hold the next port. */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/*
 * Per-vCPU control block.  ready: bit q set when queue q is non-empty
 * (guest clears it once the queue is drained); head[q]: first port of
 * queue q, or 0 when empty.
 */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
