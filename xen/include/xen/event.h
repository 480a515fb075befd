/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (common/event_channel.c) and event delivery to vCPUs.
 *
 * A port is a small integer in a domain's port space.  Its state
 * machine (struct evtchn.state), as Xen's:
 *
 *   FREE --alloc_unbound--> UNBOUND --bind_interdomain (peer)--> INTERDOMAIN
 *   FREE --bind_interdomain--> INTERDOMAIN
 *   FREE --bind_virq--> VIRQ       FREE --bind_ipi--> IPI
 *   UNBOUND, INTERDOMAIN, VIRQ, IPI --close--> FREE
 *   INTERDOMAIN --peer closes--> UNBOUND (waiting for the same peer)
 *   RESERVED: port 0, never bound, never freed.
 *
 * Every other transition is refused with -EINVAL.  Pending and mask bits
 * live in guest memory and are handled by the domain's evtchn_port_ops:
 * the 2-level ABI (common/event_2l.c) until the guest switches to the
 * FIFO ABI with EVTCHNOP_init_control (common/event_fifo.c), and back to
 * 2-level on EVTCHNOP_reset.
 *
 * Locking (docs/event-channels.md): d->event_lock guards d's port table,
 * each port's state and its vCPUs' virq_to_evtchn[].  It is taken with
 * interrupts off.  An operation on two domains (bind_interdomain, close
 * of an interdomain port) takes both locks, lower address first.  The
 * pending/mask bits are atomic guest-memory bits and need no lock; the
 * FIFO queues have their own lock, taken under event_lock or alone.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/* Port states. */
#define ECS_FREE         0      /* may be allocated */
#define ECS_RESERVED     1      /* port 0 */
#define ECS_UNBOUND      2      /* waiting for u.unbound.remote_domid */
#define ECS_INTERDOMAIN  3      /* connected to u.interdomain */
#define ECS_PIRQ         4      /* physical IRQ (not implemented) */
#define ECS_VIRQ         5      /* virtual IRQ u.virq */
#define ECS_IPI          6      /* an IPI within the domain */

/*
 * Ports come in buckets, allocated as the domain's port space grows, and
 * buckets in groups: port -> group -> bucket -> struct evtchn, so the
 * 2^17 FIFO ports need no big table up front (a 2-level domain has one
 * group of pointers and at most 32 buckets).
 */
#define EVTCHNS_PER_BUCKET        128
#define EVTCHN_BUCKETS_PER_GROUP  64
#define EVTCHNS_PER_GROUP   (EVTCHNS_PER_BUCKET * EVTCHN_BUCKETS_PER_GROUP)
#define EVTCHN_MAX_PORTS    EVTCHN_FIFO_NR_CHANNELS
#define EVTCHN_NR_GROUPS    (EVTCHN_MAX_PORTS / EVTCHNS_PER_GROUP)

/*
 * One port.  Fields are guarded by its domain's event_lock, except fifo,
 * which the FIFO queue lock guards (event_fifo.c); fifo.last_* outlive a
 * close, since the guest may still hold the event on that queue.
 */
struct evtchn {
    uint8_t state;                      /* ECS_* */
    uint8_t priority;                   /* FIFO queue of its next link */
    uint32_t notify_vcpu_id;            /* vCPU whose upcall signals it */
    struct {
        uint16_t last_vcpu;             /* queue it was last linked to */
        uint8_t last_priority;
        bool pending;                   /* raised while it had no word */
    } fifo;
    union {
        struct {
            domid_t remote_domid;       /* who may bind to it */
        } unbound;
        struct {
            struct domain *remote_dom;
            evtchn_port_t remote_port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};

/*
 * An event-channel ABI: where a port's pending and mask bits live and how
 * an event reaches a vCPU.  Called with or without the port's event_lock
 * (the bits are atomic); v is the port's notify vCPU.  A port beyond what
 * the ABI addresses for d (max_ports) is ignored: not pending, masked.
 */
struct evtchn_port_ops {
    const char *name;
    /* Mark port pending and, if it is not masked, raise v's upcall. */
    void (*set_pending)(struct vcpu *v, evtchn_port_t port);
    void (*clear_pending)(struct domain *d, evtchn_port_t port);
    /* Clear port's mask; a pending port then raises v's upcall. */
    void (*unmask)(struct vcpu *v, evtchn_port_t port);
    bool (*is_pending)(const struct domain *d, evtchn_port_t port);
    bool (*is_masked)(const struct domain *d, evtchn_port_t port);
    /* Still in the guest's hands (FIFO: LINKED); NULL: never. */
    bool (*is_busy)(const struct domain *d, evtchn_port_t port);
    /* How many ports the ABI can address for d. */
    unsigned int (*max_ports)(const struct domain *d);
    /* EVTCHNOP_set_priority (event_lock held): 0, -EINVAL; NULL: none. */
    int (*set_priority)(struct domain *d, evtchn_port_t port,
                        unsigned int priority);
};

/* The 2-level ABI (common/event_2l.c). */
extern const struct evtchn_port_ops evtchn_port_ops_2l;
/* The FIFO ABI (common/event_fifo.c). */
extern const struct evtchn_port_ops evtchn_port_ops_fifo;

/*
 * EVTCHNOP_init_control for the current domain: give a vCPU its control
 * block, switching the domain to FIFO on the first call (bound ports
 * keep their pending state).  Sets link_bits.  0, -ENOENT (no vCPU),
 * -EINVAL (offset misaligned or past the page, frame not the domain's
 * writable RAM, vCPU already has one) or -ENOMEM.
 */
long evtchn_fifo_init_control(struct evtchn_init_control *ic);
/*
 * EVTCHNOP_expand_array: one more page of event words.  0, -EOPNOTSUPP
 * (2-level), -ENOSPC (all 2^17 ports have words), -EINVAL (bad frame).
 */
long evtchn_fifo_expand_array(const struct evtchn_expand_array *ea);
/*
 * Back to 2-level: drop the frames and the queues.  event_lock held, no
 * port bound (nobody can be sending on one).
 */
void evtchn_fifo_destroy(struct domain *d);
/* Mark the event array and control block frames dirty (log-dirty). */
void evtchn_fifo_mark_dirty(struct domain *d);

/*
 * Set up d's port table (port 0 reserved, the 2-level ABI): 0 or
 * -ENOMEM.  Call once at domain creation, after d->shared_info exists.
 * The hypercalls also call it on first use, so a domain created without
 * it still works.
 */
int evtchn_init(struct domain *d);
/*
 * Close every port of d (a peer's interdomain port goes back to
 * UNBOUND) and free the table.  d must be paused or dying.
 */
void evtchn_destroy(struct domain *d);

/* Raise the per-vCPU virq (VIRQ_TIMER, ...) on v, if the guest bound it. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/*
 * Raise a global virq (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) on d: it is bound
 * through vCPU 0 and delivered to the port's notify vCPU.
 */
void send_guest_global_virq(struct domain *d, unsigned int virq);
/*
 * Signal ld's port lport as EVTCHNOP_send does (for in-hypervisor
 * users): 0, or -EINVAL if lport is not an interdomain or IPI port.
 */
int evtchn_send(struct domain *ld, evtchn_port_t lport);

/*
 * SCHEDOP_poll (public/sched.h, struct sched_poll at guest address arg,
 * native or compat layout): block the current vCPU until one of the
 * ports is pending (masked or not), an interrupt can be delivered, or
 * the absolute timeout (system time, 0: none) passes.  0, -EINVAL (more
 * than 128 ports, or a port beyond the ABI's range) or -EFAULT.
 */
long evtchn_do_poll(uint64_t arg);
/* port of d became pending: wake the vCPUs polling it (event_2l.c). */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);

/* Does v have an event waiting (vcpu_info evtchn_upcall_pending)? */
bool vcpu_event_pending(const struct vcpu *v);

/*
 * Set v's evtchn_upcall_pending; on its 0->1 edge deliver the upcall
 * (arch_evtchn_deliver()) and wake v if it is blocked.
 */
void vcpu_mark_events_pending(struct vcpu *v);

/*
 * A port of v became pending while v's selector bit was already set:
 * make sure an upcall is on its way (re-raises a per-vCPU vector).
 */
void evtchn_notify_vcpu(struct vcpu *v);

/* Wake v if it is blocked in SCHEDOP_block (clears _VPF_blocked). */
void vcpu_unblock(struct vcpu *v);

/*
 * Architecture part (common/event_upcall.c for x86 HVM): make v take its
 * event upcall (per-vCPU vector, or the HVM_PARAM_CALLBACK_IRQ route)
 * and kick it so a blocked or running vCPU notices.
 */
void arch_evtchn_deliver(struct vcpu *v);

/*
 * Could v take an interrupt right now (the callback vector or a vLAPIC
 * vector, with RFLAGS.IF set)?  Ends SCHEDOP_poll at once, as Xen's
 * local_events_need_delivery().
 */
bool arch_evtchn_need_delivery(struct vcpu *v);

/*
 * HVM_PARAM_CALLBACK_IRQ of d was set: (de)assert the callback vector on
 * each vCPU, so that an upcall already pending is delivered.
 */
void hvm_evtchn_callback_via_changed(struct domain *d);

/*
 * HVMOP_set_evtchn_upcall_vector: deliver vCPU vcpu_id's upcalls through
 * its local APIC on vector.  0, -ENOENT (no such vCPU) or -EINVAL (a
 * vector below 0x10).
 */
int hvm_set_evtchn_upcall_vector(struct domain *d, unsigned int vcpu_id,
                                 uint8_t vector);
/* The hvm_op sub-op: copy struct xen_hvm_evtchn_upcall_vector from arg. */
long hvmop_set_evtchn_upcall_vector(uint64_t arg);

#endif /* XEN_EVENT_H */
