/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event delivery to vCPUs.  For now backed by common/event_stub.c (no
 * event channels yet); the event-channel code replaces the stub behind
 * the same three functions.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>

struct vcpu;

/* Raise virq (VIRQ_*, public/xen.h) on v, if the guest bound it. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* Does v have an event waiting (vcpu_info evtchn_upcall_pending)? */
bool vcpu_event_pending(const struct vcpu *v);

/* Set v's evtchn_upcall_pending and wake v if it is blocked. */
void vcpu_mark_events_pending(struct vcpu *v);

/* Wake v if it is blocked in SCHEDOP_block (clears _VPF_blocked). */
void vcpu_unblock(struct vcpu *v);

#endif /* XEN_EVENT_H */
