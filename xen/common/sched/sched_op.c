/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op and set_timer_op: a vCPU yielding, blocking, shutting its
 * domain down, and the per-vCPU timers that end a block.
 *
 * Blocking: SCHEDOP_block sets _VPF_blocked, then looks for a pending
 * event; a waker marks the event pending, then clears _VPF_blocked and
 * wakes the vCPU (xen/event.h).  Each side writes before it reads, with a
 * full barrier between, so one of them always sees the other: no wake-up
 * is lost.  A block may end without an event (the ABI allows it).
 *
 * Timers: the singleshot timer is only set by its own vCPU and is moved
 * to the CPU it is set from; the periodic timer stays on the CPU it was
 * created for and is guarded by v->periodic_lock.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/vcpu-timer.h>
#include <asm/hvm/guest_access.h>
#include <public/sched.h>

/* ---- Timers ---- */

static void send_timer_event(struct vcpu *v)
{
    /* Its CPU is here: refresh the time it will read on waking. */
    if ( v == current )
        update_vcpu_system_time(v);
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void singleshot_timer_fn(void *data)
{
    send_timer_event(data);
}

/* With periodic_lock held: event if due, then arm for the next one. */
static void periodic_work_locked(struct vcpu *v)
{
    s_time_t now = NOW(), next = v->periodic_last_event + v->periodic_period;

    if ( now >= next )
    {
        send_timer_event(v);
        v->periodic_last_event = now;
        next = now + v->periodic_period;
    }
    set_timer(&v->periodic_timer, next);
}

static void periodic_timer_fn(void *data)
{
    struct vcpu *v = data;
    unsigned long flags;

    spin_lock_irqsave(&v->periodic_lock, flags);
    if ( v->periodic_period )
        periodic_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_timer_fn, v, v->processor);
    init_timer(&v->periodic_timer, periodic_timer_fn, v, v->processor);
    spin_lock_init(&v->periodic_lock);
    v->periodic_period = 0;
    v->periodic_last_event = 0;
}

void vcpu_timers_destroy(struct vcpu *v)
{
    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
}

bool vcpu_timers_ready(const struct vcpu *v)
{
    return v->singleshot_timer.function != NULL;
}

void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t expires)
{
    ASSERT(v == current);
    /* Off every heap, so its CPU may change (Xen's migrate_timer). */
    stop_timer(&v->singleshot_timer);
    v->singleshot_timer.cpu = smp_processor_id();
    set_timer(&v->singleshot_timer, expires);
}

void vcpu_stop_singleshot_timer(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
}

void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
    unsigned long flags;

    spin_lock_irqsave(&v->periodic_lock, flags);
    stop_timer(&v->periodic_timer);
    v->periodic_period = period;
    if ( period )
        periodic_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
}

/*
 * set_timer_op(timeout): 0 stops the singleshot timer.  As Xen does, a
 * timeout that is negative or more than 2^50 ns (13 days) ahead is taken
 * for a guest's wrapped jiffies and fires in 100 ms instead.
 */
long do_set_timer_op(uint64_t timeout)
{
    struct vcpu *v = current;
    s_time_t t = timeout, offset = t - NOW();

    if ( !vcpu_timers_ready(v) )
        return -ENOSYS;
    if ( t == 0 )
        vcpu_stop_singleshot_timer(v);
    else if ( t < 0 || (offset > 0 && (offset >> 50)) )
        vcpu_set_singleshot_timer(v, NOW() + MILLISECS(100));
    else
        vcpu_set_singleshot_timer(v, t);
    return 0;
}

/* ---- sched_op ---- */

static long sched_block(struct vcpu *v)
{
    set_bit(_VPF_blocked, &v->pause_flags);
    smp_mb();
    if ( vcpu_event_pending(v) )
    {
        clear_bit(_VPF_blocked, &v->pause_flags);
        return 0;
    }
    /* A waker that already cleared the bit leaves us runnable here. */
    vcpu_sleep_nosync(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
}

/*
 * SCHEDOP_shutdown: as Xen, the reason is taken modulo 256 and not
 * checked (unknown ones are recorded as they are); a code latched by
 * SCHEDOP_shutdown_code wins over it.
 */
static long sched_shutdown(struct domain *d, uint64_t arg)
{
    struct sched_shutdown s;
    int reason;

    if ( copy_from_guest(&s, arg, sizeof(s)) )
        return -EFAULT;
    spin_lock(&d->lock);
    reason = d->shutdown_code >= 0 ? d->shutdown_code : (uint8_t)s.reason;
    spin_unlock(&d->lock);
    domain_shutdown(d, reason);
    return 0;
}

/* SCHEDOP_shutdown_code: latch a reason for a later shutdown. */
static long sched_shutdown_code(struct domain *d, uint64_t arg)
{
    struct sched_shutdown s;

    if ( copy_from_guest(&s, arg, sizeof(s)) )
        return -EFAULT;
    spin_lock(&d->lock);
    if ( d->shutdown_code < 0 )
        d->shutdown_code = (uint8_t)s.reason;
    spin_unlock(&d->lock);
    return 0;
}

/*
 * SCHEDOP_remote_shutdown: the privileged domain (Xen: XSM_DM_PRIV, also
 * a device model for its target) shuts another domain down.
 */
static long sched_remote_shutdown(uint64_t arg)
{
    struct sched_remote_shutdown s;
    struct domain *d;

    if ( copy_from_guest(&s, arg, sizeof(s)) )
        return -EFAULT;
    d = get_domain_by_id(s.domain_id);
    if ( !d )
        return -ESRCH;
    if ( current->domain->is_privileged )
        domain_shutdown(d, (uint8_t)s.reason);
    put_domain(d);
    return current->domain->is_privileged ? 0 : -EPERM;
}

long do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_shutdown:
        return sched_shutdown(v->domain, arg);
    case SCHEDOP_shutdown_code:
        return sched_shutdown_code(v->domain, arg);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(arg);
    case SCHEDOP_poll:          /* common/event_channel.c */
        return evtchn_do_poll(arg);
    case SCHEDOP_watchdog:      /* no domain watchdogs yet */
    case SCHEDOP_pin_override:  /* no temporary affinity yet */
        return -ENOSYS;
    }
    return -ENOSYS;
}
