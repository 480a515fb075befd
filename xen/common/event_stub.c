/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event delivery before event channels exist.  No port can be bound
 * yet, so send_guest_vcpu_virq() cannot mark a port pending; it marks
 * the vCPU's upcall pending (evtchn_upcall_pending) and wakes it, as if
 * the guest had bound the VIRQ.  That is what makes timed blocks work
 * (set_timer_op or a singleshot timer, then SCHEDOP_block), also when
 * the timer fires before the guest gets to block: the pending upcall
 * then ends the block at once, as a pending VIRQ_TIMER event does on
 * Xen.  A guest that bound nothing sees a spurious upcall with no port
 * set, which the ABI allows (Xen makes one itself when vcpu_info moves).
 *
 * The event-channel code replaces this file behind xen/event.h.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/shared.h>

bool vcpu_event_pending(const struct vcpu *v)
{
    const struct vcpu_info *vi = v->vcpu_info;

    /* Same offset in the native and the compat layout. */
    return vi && READ_ONCE(vi->evtchn_upcall_pending);
}

void vcpu_unblock(struct vcpu *v)
{
    if ( test_and_clear_bit(_VPF_blocked, &v->pause_flags) )
        vcpu_wake(v);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    if ( vi )
    {
        WRITE_ONCE(vi->evtchn_upcall_pending, 1);
        /* Pending before the blocked test: pairs with SCHEDOP_block. */
        smp_mb();
    }
    vcpu_unblock(v);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    /* No port to mark yet: the upcall alone stands for the event. */
    vcpu_mark_events_pending(v);
}
