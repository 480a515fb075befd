/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: each domain's port table and the event_channel_op
 * hypercall (public/event_channel.h), with Xen 4.17's argument checks
 * and error codes.  The port state machine is in xen/event.h; where the
 * pending and mask bits live is the port ops' business (event_2l.c,
 * event_fifo.c); how an upcall reaches a vCPU is arch_evtchn_deliver()'s.
 *
 * Locking (docs/event-channels.md): d->event_lock, with interrupts off,
 * guards d's table, port states and virq_to_evtchn[].  Two domains' locks
 * are taken lower address first (double_event_lock()).  Sending on an
 * interdomain port holds only the sender's lock: the connection cannot
 * be undone without it, and the receiver's bits are atomic.  Under an
 * event_lock we may take a vCPU's interrupt and scheduler locks (through
 * arch_evtchn_deliver()), never the other way round.
 *
 * Not implemented: physical IRQs (bind_pirq is -ENOSYS).
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>

#include "event_channel.h"

BUILD_BUG_ON(sizeof(struct evtchn_alloc_unbound) != 8);
BUILD_BUG_ON(sizeof(struct evtchn_bind_interdomain) != 12);
BUILD_BUG_ON(sizeof(struct evtchn_bind_virq) != 12);
BUILD_BUG_ON(sizeof(struct evtchn_bind_ipi) != 8);
BUILD_BUG_ON(sizeof(struct evtchn_status) != 24);
BUILD_BUG_ON(sizeof(struct evtchn_bind_vcpu) != 8);
BUILD_BUG_ON(sizeof(struct evtchn_reset) != 2);
BUILD_BUG_ON(sizeof(struct evtchn_init_control) != 24);
BUILD_BUG_ON(sizeof(struct evtchn_expand_array) != 8);
BUILD_BUG_ON(sizeof(struct evtchn_set_priority) != 8);

/* ---- Locks ---- */

static void event_lock(struct domain *d, unsigned long *flags)
{
    spin_lock_irqsave(&d->event_lock, *flags);
}

static void event_unlock(struct domain *d, unsigned long flags)
{
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/* Both domains' locks, lower address first; d1 may be d2. */
static void double_event_lock(struct domain *d1, struct domain *d2,
                              unsigned long *flags)
{
    local_irq_save(*flags);
    if ( d1 == d2 )
    {
        spin_lock(&d1->event_lock);
        return;
    }
    if ( d1 > d2 )
    {
        struct domain *t = d1;

        d1 = d2;
        d2 = t;
    }
    spin_lock(&d1->event_lock);
    spin_lock(&d2->event_lock);
}

static void double_event_unlock(struct domain *d1, struct domain *d2,
                                unsigned long flags)
{
    if ( d1 != d2 )
        spin_unlock(&d2->event_lock);
    spin_unlock(&d1->event_lock);
    local_irq_restore(flags);
}

/* ---- Port table (event_lock held; lookups in event_channel.h) ---- */

static struct vcpu *notify_vcpu(const struct domain *d,
                                const struct evtchn *chn)
{
    return domain_vcpu(d, READ_ONCE(chn->notify_vcpu_id));
}

/*
 * Give d one more bucket of ports (and the group holding it, the first
 * time).  0, -ENOSPC or -ENOMEM.  A new bucket is published after it is
 * zeroed, and valid_evtchns after the bucket: lockless readers of a port
 * below valid_evtchns find its storage.
 */
static int grow_table(struct domain *d)
{
    unsigned int n = d->valid_evtchns;
    unsigned int g = n / EVTCHNS_PER_GROUP;
    unsigned int b = n / EVTCHNS_PER_BUCKET % EVTCHN_BUCKETS_PER_GROUP;
    struct evtchn *bucket;

    if ( n >= EVTCHN_MAX_PORTS || n >= d->evtchn_port_ops->max_ports(d) )
        return -ENOSPC;
    if ( !d->evtchn_group[g] )
    {
        d->evtchn_group[g] = xzalloc_array(struct evtchn *,
                                           EVTCHN_BUCKETS_PER_GROUP);
        if ( !d->evtchn_group[g] )
            return -ENOMEM;
    }
    bucket = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
    if ( !bucket )
        return -ENOMEM;
    smp_wmb();
    d->evtchn_group[g][b] = bucket;
    smp_wmb();
    WRITE_ONCE(d->valid_evtchns, n + EVTCHNS_PER_BUCKET);
    return 0;
}

/* A free port whose last event the guest still holds is not reused. */
static bool port_is_free(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn_port_ops *ops = d->evtchn_port_ops;

    return evtchn_from_port(d, port)->state == ECS_FREE &&
           !(ops->is_busy && ops->is_busy(d, port));
}

/*
 * The lowest free port of d (still ECS_FREE, default FIFO priority), or
 * -ENOSPC/-ENOMEM.  As Xen, a closed FIFO port still LINKED on a queue
 * is skipped until the guest has consumed it; a dying domain gets no new
 * port (-EINVAL, as Xen).
 */
static int get_free_port(struct domain *d)
{
    evtchn_port_t port;
    int rc;

    if ( d->is_dying )
        return -EINVAL;
    for ( port = 1; port_is_valid(d, port); port++ )
        if ( port_is_free(d, port) )
            break;
    /* The limit the toolstack created it with (Xen's max_evtchn_port). */
    if ( port > d->max_evtchn_port )
        return -ENOSPC;
    if ( !port_is_valid(d, port) )
    {
        rc = grow_table(d);
        if ( rc )
            return rc;
    }
    evtchn_from_port(d, port)->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    return port;
}

/*
 * Back to ECS_FREE, with no stale pending bit for the next binding.  The
 * FIFO queue it was last linked to is kept: the guest may not have
 * consumed the event yet, and the next link must take it off that queue.
 */
static void evtchn_free(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_from_port(d, port);
    uint16_t last_vcpu = chn->fifo.last_vcpu;
    uint8_t last_priority = chn->fifo.last_priority;

    d->evtchn_port_ops->clear_pending(d, port);
    memset(chn, 0, sizeof(*chn));
    chn->state = ECS_FREE;
    chn->fifo.last_vcpu = last_vcpu;
    chn->fifo.last_priority = last_priority;
}

/* Mark port pending for its notify vCPU. */
static void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
    struct vcpu *v = notify_vcpu(d, evtchn_from_port(d, port));

    if ( v )
        d->evtchn_port_ops->set_pending(v, port);
}

/* ---- Life cycle ---- */

/*
 * struct domain comes zeroed from xzalloc(), and a zeroed spinlock is
 * free, so event_lock needs no init and evtchn_init() may run late.
 */
int evtchn_init(struct domain *d)
{
    unsigned long flags;
    int rc = 0;

    event_lock(d, &flags);
    if ( d->evtchn_port_ops )
        goto out;
    /* Not again once evtchn_destroy() has run (or will). */
    rc = -EINVAL;
    if ( !d->shared_info || d->is_dying )
        goto out;
    d->evtchn_port_ops = &evtchn_port_ops_2l;
    rc = grow_table(d);
    if ( rc )
    {
        d->evtchn_port_ops = NULL;
        xfree(d->evtchn_group[0]);
        d->evtchn_group[0] = NULL;
        goto out;
    }
    evtchn_from_port(d, 0)->state = ECS_RESERVED;
 out:
    event_unlock(d, flags);
    return rc;
}

static bool virq_is_global(uint32_t virq)
{
    switch ( virq )
    {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    }
    return true;
}

/* ---- Hypercall workers (arguments already copied in) ---- */

static long evtchn_alloc_unbound_in(struct domain *d,
                                    struct evtchn_alloc_unbound *a)
{
    domid_t rdom = a->remote_dom;
    unsigned long flags;
    int port;

    if ( !domain_may_target(d) )
        return -EPERM;
    if ( rdom == DOMID_SELF )
        rdom = current->domain->domain_id;
    port = evtchn_init(d);
    if ( port )
        return port;

    event_lock(d, &flags);
    port = get_free_port(d);
    if ( port > 0 )
    {
        struct evtchn *chn = evtchn_from_port(d, port);

        chn->state = ECS_UNBOUND;
        chn->u.unbound.remote_domid = rdom;
        a->port = port;
    }
    event_unlock(d, flags);
    return port < 0 ? port : 0;
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d = domain_lookup_any(a->dom);
    long rc;

    if ( !d )
        return -ESRCH;
    rc = evtchn_alloc_unbound_in(d, a);
    put_domain(d);
    return rc;
}

/* Is rport of rd an unbound port offered to ld?  Both locks held. */
static int check_remote(const struct domain *rd, evtchn_port_t rport,
                        const struct domain *ld)
{
    const struct evtchn *rchn;

    if ( !port_is_valid(rd, rport) )
        return -EINVAL;
    rchn = evtchn_from_port(rd, rport);
    if ( rchn->state != ECS_UNBOUND ||
         rchn->u.unbound.remote_domid != ld->domain_id )
        return -EINVAL;
    return 0;
}

/* Connect lport of ld and rport of rd.  Both locks held. */
static void connect_ports(struct domain *ld, evtchn_port_t lport,
                          struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *lchn = evtchn_from_port(ld, lport);
    struct evtchn *rchn = evtchn_from_port(rd, rport);

    lchn->state = ECS_INTERDOMAIN;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = lport;
    /*
     * The peer may have signalled its port while it was unbound, which
     * was dropped: make up for it with an event on the new port.
     */
    evtchn_set_pending(ld, lport);
}

static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b)
{
    struct domain *ld = current->domain, *rd;
    domid_t rdom = b->remote_dom == DOMID_SELF ? ld->domain_id
                                               : b->remote_dom;
    unsigned long flags;
    int lport, rc;

    rd = get_domain_by_id(rdom);
    if ( !rd )
        return -ESRCH;
    rc = evtchn_init(rd);
    if ( rc )
        goto out;

    double_event_lock(ld, rd, &flags);
    lport = get_free_port(ld);
    rc = lport < 0 ? lport : rd->is_dying ? -EINVAL
                           : check_remote(rd, b->remote_port, ld);
    if ( !rc )
    {
        connect_ports(ld, lport, rd, b->remote_port);
        b->local_port = lport;
    }
    double_event_unlock(ld, rd, flags);
 out:
    put_domain(rd);
    return rc;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *b)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    unsigned long flags;
    int port;

    if ( b->virq >= NR_VIRQS )
        return -EINVAL;
    if ( virq_is_global(b->virq) && b->vcpu != 0 )
        return -EINVAL;
    v = domain_vcpu(d, b->vcpu);
    if ( !v )
        return -ENOENT;

    event_lock(d, &flags);
    port = v->virq_to_evtchn[b->virq] ? -EEXIST : get_free_port(d);
    if ( port > 0 )
    {
        struct evtchn *chn = evtchn_from_port(d, port);

        chn->state = ECS_VIRQ;
        chn->notify_vcpu_id = b->vcpu;
        chn->u.virq = b->virq;
        v->virq_to_evtchn[b->virq] = port;
        b->port = port;
    }
    event_unlock(d, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
    struct domain *d = current->domain;
    unsigned long flags;
    int port;

    if ( !domain_vcpu(d, b->vcpu) )
        return -ENOENT;

    event_lock(d, &flags);
    port = get_free_port(d);
    if ( port > 0 )
    {
        struct evtchn *chn = evtchn_from_port(d, port);

        chn->state = ECS_IPI;
        chn->notify_vcpu_id = b->vcpu;
        b->port = port;
    }
    event_unlock(d, flags);
    return port < 0 ? port : 0;
}

/* Unbind a VIRQ port from whichever vCPU holds it.  Lock held. */
static void unbind_virq(struct domain *d, evtchn_port_t port, uint32_t virq)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        if ( v->virq_to_evtchn[virq] == port )
            v->virq_to_evtchn[virq] = 0;
}

/*
 * Close an interdomain port: its peer goes back to UNBOUND, waiting for
 * d1 again.  Called with d1's lock held (flags); takes the peer's too,
 * in order, and rechecks the port (it may change while unlocked).
 * Returns with d1's lock held in *flags, true if the port was closed.
 * The peer comes back in *peer with a reference, which the caller drops
 * once it holds no event lock (it may be the last).
 */
static bool close_interdomain(struct domain *d1, evtchn_port_t port1,
                              unsigned long *flags, struct domain **peer)
{
    struct evtchn *chn1 = evtchn_from_port(d1, port1), *chn2;
    struct domain *d2 = chn1->u.interdomain.remote_dom;
    bool done = false;

    /*
     * Connected to d1's port, d2 cannot be freed while we hold d1's
     * lock; our reference keeps it while we hold neither.
     */
    if ( !get_domain(d2) )
        BUG();
    *peer = d2;
    event_unlock(d1, *flags);
    double_event_lock(d1, d2, flags);
    if ( chn1->state == ECS_INTERDOMAIN &&
         chn1->u.interdomain.remote_dom == d2 )
    {
        chn2 = evtchn_from_port(d2, chn1->u.interdomain.remote_port);
        BUG_ON(chn2->state != ECS_INTERDOMAIN ||
               chn2->u.interdomain.remote_dom != d1);
        chn2->state = ECS_UNBOUND;
        chn2->u.unbound.remote_domid = d1->domain_id;
        evtchn_free(d1, port1);
        done = true;
    }
    /* Keep d1's lock (ticket locks may be released in any order). */
    if ( d1 != d2 )
        spin_unlock(&d2->event_lock);
    return done;
}

/*
 * The work of EVTCHNOP_close on port1 of d1 (guest: the port must be
 * valid for d1's ABI; else any port with storage).  0 or -EINVAL.
 */
static long evtchn_close(struct domain *d1, evtchn_port_t port1, bool guest)
{
    struct evtchn *chn1;
    struct domain *peer = NULL;
    unsigned long flags;
    long rc = 0;

    event_lock(d1, &flags);
 again:
    if ( guest ? !port_is_valid(d1, port1)
               : !d1->evtchn_port_ops || !port_has_storage(d1, port1) )
    {
        rc = -EINVAL;
        goto out;
    }
    chn1 = evtchn_from_port(d1, port1);
    switch ( chn1->state )
    {
    case ECS_UNBOUND:
    case ECS_IPI:
        evtchn_free(d1, port1);
        break;
    case ECS_VIRQ:
        unbind_virq(d1, port1, chn1->u.virq);
        evtchn_free(d1, port1);
        break;
    case ECS_INTERDOMAIN:
        if ( peer )
        {
            /* A retry: drop the last peer's reference unlocked. */
            event_unlock(d1, flags);
            put_domain(peer);
            peer = NULL;
            event_lock(d1, &flags);
            goto again;
        }
        if ( !close_interdomain(d1, port1, &flags, &peer) )
            goto again;
        break;
    default:                    /* free, reserved, (no) pirq */
        rc = -EINVAL;
    }
 out:
    event_unlock(d1, flags);
    if ( peer )
        put_domain(peer);
    return rc;
}

int evtchn_send(struct domain *ld, evtchn_port_t lport)
{
    const struct evtchn *lchn;
    unsigned long flags;
    int rc = 0;

    event_lock(ld, &flags);
    if ( !port_is_valid(ld, lport) )
    {
        rc = -EINVAL;
        goto out;
    }
    lchn = evtchn_from_port(ld, lport);
    switch ( lchn->state )
    {
    case ECS_INTERDOMAIN:
        evtchn_set_pending(lchn->u.interdomain.remote_dom,
                           lchn->u.interdomain.remote_port);
        break;
    case ECS_IPI:
        evtchn_set_pending(ld, lport);
        break;
    case ECS_UNBOUND:
        /* Nobody to tell yet: Xen drops the event silently. */
        break;
    default:
        rc = -EINVAL;
    }
 out:
    event_unlock(ld, flags);
    return rc;
}

/* Fill s from port's state.  Lock held. */
static void fill_status(const struct domain *d, evtchn_port_t port,
                        struct evtchn_status *s)
{
    const struct evtchn *chn = evtchn_from_port(d, port);

    memset(&s->u, 0, sizeof(s->u));
    s->vcpu = chn->notify_vcpu_id;
    switch ( chn->state )
    {
    case ECS_UNBOUND:
        s->status = EVTCHNSTAT_unbound;
        s->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        s->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_PIRQ:
        s->status = EVTCHNSTAT_pirq;
        s->u.pirq = chn->u.pirq;
        break;
    case ECS_VIRQ:
        s->status = EVTCHNSTAT_virq;
        s->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        s->status = EVTCHNSTAT_ipi;
        break;
    default:                    /* free, reserved */
        s->status = EVTCHNSTAT_closed;
    }
}

static long evtchn_status_in(struct domain *d, struct evtchn_status *s)
{
    unsigned long flags;
    long rc;

    if ( !domain_may_target(d) )
        return -EPERM;
    rc = evtchn_init(d);
    if ( rc )
        return rc;

    event_lock(d, &flags);
    if ( port_is_valid(d, s->port) )
        fill_status(d, s->port, s);
    else
        rc = -EINVAL;
    event_unlock(d, flags);
    return rc;
}

static long evtchn_status(struct evtchn_status *s)
{
    struct domain *d = domain_lookup_any(s->dom);
    long rc;

    if ( !d )
        return -ESRCH;
    rc = evtchn_status_in(d, s);
    put_domain(d);
    return rc;
}

/* Which vCPU a port's events go to.  Lock held.  0 or -EINVAL. */
static long rebind_port(struct evtchn *chn, uint32_t vcpu_id)
{
    switch ( chn->state )
    {
    case ECS_VIRQ:
        /* A per-vCPU VIRQ belongs to its vCPU. */
        if ( !virq_is_global(chn->u.virq) )
            return -EINVAL;
        chn->notify_vcpu_id = vcpu_id;
        return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu_id = vcpu_id;
        return 0;
    }
    return -EINVAL;             /* IPIs stay put; free ports have none */
}

static long evtchn_bind_vcpu(const struct evtchn_bind_vcpu *b)
{
    struct domain *d = current->domain;
    unsigned long flags;
    long rc = -EINVAL;

    if ( !domain_vcpu(d, b->vcpu) )
        return -ENOENT;

    event_lock(d, &flags);
    if ( port_is_valid(d, b->port) )
        rc = rebind_port(evtchn_from_port(d, b->port), b->vcpu);
    event_unlock(d, flags);
    return rc;
}

static long evtchn_unmask(evtchn_port_t port)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    unsigned long flags;
    long rc = -EINVAL;

    event_lock(d, &flags);
    if ( port_is_valid(d, port) )
    {
        v = notify_vcpu(d, evtchn_from_port(d, port));
        if ( v )
            d->evtchn_port_ops->unmask(v, port);
        rc = 0;
    }
    event_unlock(d, flags);
    return rc;
}

/*
 * EVTCHNOP_set_priority: -EINVAL for a port the ABI does not address,
 * -ENOSYS under the 2-level ABI (it has no priorities), then the ABI's
 * answer (-EINVAL above EVTCHN_FIFO_PRIORITY_MIN).
 */
static long evtchn_set_priority(const struct evtchn_set_priority *sp)
{
    struct domain *d = current->domain;
    unsigned long flags;
    long rc = -EINVAL;

    event_lock(d, &flags);
    if ( port_is_valid(d, sp->port) )
        rc = d->evtchn_port_ops->set_priority
             ? d->evtchn_port_ops->set_priority(d, sp->port, sp->priority)
             : -ENOSYS;
    event_unlock(d, flags);
    return rc;
}

/*
 * Close every port of d, including ports its ABI no longer addresses
 * (bound before a switch to the 32-bit layout): their peers must not
 * keep pointing at d.  Port 0 and free ports refuse, quietly.
 */
static void close_all_ports(struct domain *d)
{
    evtchn_port_t port;

    for ( port = 1; port_has_storage(d, port); port++ )
        evtchn_close(d, port, false);
}

/* Is any port of d bound?  Lock held. */
static bool any_port_bound(const struct domain *d)
{
    evtchn_port_t port;

    for ( port = 1; port_has_storage(d, port); port++ )
        if ( evtchn_from_port(d, port)->state != ECS_FREE )
            return true;
    return false;
}

/*
 * EVTCHNOP_reset: the domain itself, or the privileged domain while d is
 * paused (Xen: paused by the controller), closes all of d's ports and
 * goes back to the 2-level ABI.  -EAGAIN, as Xen, if another vCPU bound
 * a port meanwhile (the FIFO state cannot go while a port may be sent
 * on).
 */
static long evtchn_reset(const struct evtchn_reset *r)
{
    struct domain *d = domain_lookup_any(r->dom);
    unsigned long flags;
    long rc = 0;

    if ( !d )
        return -ESRCH;
    if ( !domain_may_target(d) )
        rc = -EPERM;
    else if ( d != current->domain && !READ_ONCE(d->pause_count) )
        rc = -EINVAL;
    else
    {
        close_all_ports(d);
        event_lock(d, &flags);
        if ( any_port_bound(d) )
            rc = -EAGAIN;
        else if ( d->evtchn_fifo )
        {
            WRITE_ONCE(d->evtchn_port_ops, &evtchn_port_ops_2l);
            evtchn_fifo_destroy(d);
        }
        event_unlock(d, flags);
    }
    put_domain(d);
    return rc;
}

void evtchn_destroy(struct domain *d)
{
    unsigned long flags;
    unsigned int g, b;

    close_all_ports(d);
    event_lock(d, &flags);
    if ( d->evtchn_fifo )
        evtchn_fifo_destroy(d);
    for ( g = 0; g < EVTCHN_NR_GROUPS; g++ )
    {
        if ( !d->evtchn_group[g] )
            continue;
        for ( b = 0; b < EVTCHN_BUCKETS_PER_GROUP; b++ )
            xfree(d->evtchn_group[g][b]);
        xfree(d->evtchn_group[g]);
        d->evtchn_group[g] = NULL;
    }
    d->evtchn_port_ops = NULL;
    d->valid_evtchns = 0;
    event_unlock(d, flags);
}

/* ---- Sending from the hypervisor ---- */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned long flags;
    evtchn_port_t port;

    if ( virq >= NR_VIRQS )
        return;
    event_lock(d, &flags);
    port = v->virq_to_evtchn[virq];
    if ( port && port_is_valid(d, port) )
        d->evtchn_port_ops->set_pending(v, port);
    event_unlock(d, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    struct vcpu *v0 = domain_vcpu(d, 0);
    unsigned long flags;
    evtchn_port_t port;

    if ( virq >= NR_VIRQS || !v0 )
        return;
    event_lock(d, &flags);
    port = v0->virq_to_evtchn[virq];
    if ( port && port_is_valid(d, port) )
        evtchn_set_pending(d, port);
    event_unlock(d, flags);
}

/* ---- vCPU upcall state ---- */

bool vcpu_event_pending(const struct vcpu *v)
{
    const struct vcpu_info *vi = READ_ONCE(v->vcpu_info);

    /* evtchn_upcall_pending is byte 0 in the native and compat layout. */
    return vi && READ_ONCE(vi->evtchn_upcall_pending);
}

void vcpu_unblock(struct vcpu *v)
{
    if ( test_and_clear_bit(_VPF_blocked, &v->pause_flags) )
        vcpu_wake(v);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    struct vcpu_info *vi = READ_ONCE(v->vcpu_info);

    if ( !vi )
        return;
    /* Only the 0->1 edge delivers: until the guest clears it, it knows. */
    if ( __atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST) )
        return;
    arch_evtchn_deliver(v);
}

/* ---- SCHEDOP_poll ---- */

#define POLL_MAX_PORTS  128     /* Xen's limit */

/* struct sched_poll in either layout. */
struct poll_args {
    uint64_t ports;             /* guest address of evtchn_port_t[] */
    uint32_t nr_ports;
    uint64_t timeout;           /* absolute system time, 0: none */
};

/*
 * Native: ports handle at 0 (8 bytes), nr_ports at 8, timeout at 16 (24
 * bytes).  Compat: handle at 0 (4 bytes), nr_ports at 4, timeout at 8
 * (16 bytes, i386 aligns uint64_t to 4).
 */
static int poll_args_from_guest(uint64_t arg, struct poll_args *p)
{
    bool compat = hypercall_is_compat();
    uint8_t raw[24];
    uint32_t ports32;

    if ( copy_from_guest(raw, arg, compat ? 16 : 24) )
        return -EFAULT;
    if ( compat )
    {
        memcpy(&ports32, raw, 4);
        p->ports = ports32;
        memcpy(&p->nr_ports, raw + 4, 4);
        memcpy(&p->timeout, raw + 8, 8);
    }
    else
    {
        memcpy(&p->ports, raw, 8);
        memcpy(&p->nr_ports, raw + 8, 4);
        memcpy(&p->timeout, raw + 16, 8);
    }
    return 0;
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    struct vcpu *v;
    int want;

    for_each_vcpu ( d, v )
    {
        if ( !__atomic_load_n(&v->polling, __ATOMIC_SEQ_CST) )
            continue;
        want = READ_ONCE(v->poll_evtchn);
        if ( want > 0 && (evtchn_port_t)want != port )
            continue;
        if ( __atomic_exchange_n(&v->polling, false, __ATOMIC_SEQ_CST) )
        {
            WRITE_ONCE(v->poll_evtchn, 0);
            vcpu_unblock(v);
        }
    }
}

static void poll_timer_fn(void *data)
{
    struct vcpu *v = data;

    if ( __atomic_exchange_n(&v->polling, false, __ATOMIC_SEQ_CST) )
    {
        WRITE_ONCE(v->poll_evtchn, 0);
        vcpu_unblock(v);
    }
}

/*
 * Is any of the polled ports pending?  0 (none, *last = the last port),
 * 1 (one is), -EFAULT or -EINVAL.  The ports are copied in first; the
 * check runs under event_lock, so the ABI (its FIFO state) cannot go
 * under it (another vCPU's EVTCHNOP_reset).
 */
static int poll_ports_pending(struct vcpu *v, const struct poll_args *p,
                              evtchn_port_t *last)
{
    struct domain *d = v->domain;
    evtchn_port_t ports[POLL_MAX_PORTS];
    unsigned long flags;
    unsigned int i;
    int rc = 0;

    if ( p->nr_ports &&
         copy_from_guest(ports, p->ports, p->nr_ports * sizeof(ports[0])) )
        return -EFAULT;
    event_lock(d, &flags);
    for ( i = 0; i < p->nr_ports && !rc; i++ )
    {
        if ( ports[i] >= d->evtchn_port_ops->max_ports(d) )
            rc = -EINVAL;
        else if ( d->evtchn_port_ops->is_pending(d, ports[i]) )
            rc = 1;
        *last = ports[i];
    }
    event_unlock(d, flags);
    return rc;
}

/*
 * As SCHEDOP_block: announce the poll (blocked, polling), then look for
 * a reason not to sleep.  A waker sets a pending bit, then looks for
 * pollers; each side writes before it reads, so one sees the other.
 */
long evtchn_do_poll(uint64_t arg)
{
    struct vcpu *v = current;
    struct poll_args p;
    evtchn_port_t port = 0;
    int rc = poll_args_from_guest(arg, &p);

    if ( rc )
        return rc;
    if ( p.nr_ports > POLL_MAX_PORTS )
        return -EINVAL;
    rc = evtchn_init(v->domain);
    if ( rc )
        return rc;

    set_bit(_VPF_blocked, &v->pause_flags);
    WRITE_ONCE(v->poll_evtchn, -1);
    __atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
    rc = arch_evtchn_need_delivery(v) ? 1 : poll_ports_pending(v, &p, &port);
    if ( rc )
    {
        __atomic_store_n(&v->polling, false, __ATOMIC_SEQ_CST);
        WRITE_ONCE(v->poll_evtchn, 0);
        clear_bit(_VPF_blocked, &v->pause_flags);
        return rc < 0 ? rc : 0;
    }
    if ( p.nr_ports == 1 )
        WRITE_ONCE(v->poll_evtchn, port);
    /* The timer is ours: the vCPU's own, set up on its first poll. */
    if ( !v->poll_timer.function )
        init_timer(&v->poll_timer, poll_timer_fn, v, v->processor);
    stop_timer(&v->poll_timer);
    if ( p.timeout )
        set_timer(&v->poll_timer, p.timeout);
    /* A waker that already cleared _VPF_blocked leaves us runnable. */
    vcpu_sleep_nosync(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
}

/* ---- Debug key 'e' ---- */

static void dump_vcpu(const struct vcpu *v)
{
    const struct vcpu_info *vi = READ_ONCE(v->vcpu_info);
    uint64_t sel = 0;

    if ( !vi )
    {
        printk("  %pv: no vcpu_info\n", v);
        return;
    }
    sel = v->domain->has_32bit_shinfo
          ? ((const struct compat_vcpu_info *)vi)->evtchn_pending_sel
          : vi->evtchn_pending_sel;
    printk("  %pv: upcall pending %u mask %u sel %#lx vector %#x\n", v,
           vi->evtchn_upcall_pending, vi->evtchn_upcall_mask,
           (unsigned long)sel, v->evtchn_upcall_vector);
}

static void dump_port(const struct domain *d, evtchn_port_t port)
{
    static const char *const names[] = {
        "free", "reserved", "unbound", "interdomain", "pirq", "virq", "ipi",
    };
    const struct evtchn *chn = evtchn_from_port(d, port);
    const struct evtchn_port_ops *ops = d->evtchn_port_ops;

    printk("  port %4u: %-11s v%u %c%c%c", port, names[chn->state],
           chn->notify_vcpu_id, ops->is_pending(d, port) ? 'P' : '-',
           ops->is_masked(d, port) ? 'M' : '-',
           ops->is_busy && ops->is_busy(d, port) ? 'L' : '-');
    if ( chn->state == ECS_UNBOUND )
        printk(" for d%u\n", chn->u.unbound.remote_domid);
    else if ( chn->state == ECS_INTERDOMAIN )
        printk(" to d%u port %u\n",
               chn->u.interdomain.remote_dom->domain_id,
               chn->u.interdomain.remote_port);
    else if ( chn->state == ECS_VIRQ )
        printk(" virq %u\n", chn->u.virq);
    else
        printk("\n");
}

static void dump_domain(struct domain *d)
{
    const struct vcpu *v;
    unsigned long flags;
    evtchn_port_t port;

    printk("%pd: %u ports, %s\n", d, d->valid_evtchns,
           d->evtchn_port_ops ? d->evtchn_port_ops->name
                              : "no event channels");
    for_each_vcpu ( d, v )
        dump_vcpu(v);
    event_lock(d, &flags);
    for ( port = 1; port_is_valid(d, port); port++ )
        if ( evtchn_from_port(d, port)->state != ECS_FREE )
            dump_port(d, port);
    event_unlock(d, flags);
}

void evtchn_dump(unsigned char key)
{
    struct domain *d;

    printk("'%c' pressed -> event channels (P pending, M masked, "
           "L linked)\n", key);
    spin_lock(&domlist_lock);
    for_each_domain ( d )
        dump_domain(d);
    spin_unlock(&domlist_lock);
}

/*
 * A new event for v while its upcall is already pending.  Through the
 * callback vector nothing is needed (it is injected for as long as the
 * upcall is pending), but a per-vCPU vector is an edge in the vLAPIC
 * and can be lost: Linux sets it, and registers the vcpu_info (which
 * leaves the upcall pending), before the AP's INIT clears its vLAPIC.
 * Re-raising costs at worst a spurious upcall, which the ABI allows.
 */
void evtchn_notify_vcpu(struct vcpu *v)
{
    if ( !vcpu_event_pending(v) )
        vcpu_mark_events_pending(v);
    else if ( READ_ONCE(v->evtchn_upcall_vector) )
        arch_evtchn_deliver(v);
}

/* ---- The hypercall ---- */

/*
 * Copy the argument of type T in, run worker on it, copy it back if the
 * worker succeeded and out is set (the sub-op has OUT fields).
 */
#define EVTCHN_OP(T, worker, out)                                       \
    do {                                                                \
        T a_;                                                           \
        long rc_;                                                       \
                                                                        \
        if ( copy_from_guest(&a_, arg, sizeof(a_)) )                    \
            return -EFAULT;                                             \
        rc_ = (worker)(&a_);                                            \
        if ( !rc_ && (out) && copy_to_guest(arg, &a_, sizeof(a_)) )     \
            rc_ = -EFAULT;                                              \
        return rc_;                                                     \
    } while ( 0 )

static long close_current(const struct evtchn_close *c)
{
    return evtchn_close(current->domain, c->port, true);
}

static long send_current(const struct evtchn_send *s)
{
    return evtchn_send(current->domain, s->port);
}

static long unmask_current(const struct evtchn_unmask *u)
{
    return evtchn_unmask(u->port);
}

long do_event_channel_op(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;
    long rc = READ_ONCE(d->evtchn_port_ops) ? 0 : evtchn_init(d);

    if ( rc )
        return rc == -EINVAL ? -ENOSYS : rc;   /* no shared_info: none */

    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(struct evtchn_alloc_unbound, evtchn_alloc_unbound, true);
    case EVTCHNOP_bind_interdomain:
        EVTCHN_OP(struct evtchn_bind_interdomain, evtchn_bind_interdomain,
                  true);
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq, true);
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(struct evtchn_bind_ipi, evtchn_bind_ipi, true);
    case EVTCHNOP_status:
        EVTCHN_OP(struct evtchn_status, evtchn_status, true);
    case EVTCHNOP_close:
        EVTCHN_OP(struct evtchn_close, close_current, false);
    case EVTCHNOP_send:
        EVTCHN_OP(struct evtchn_send, send_current, false);
    case EVTCHNOP_bind_vcpu:
        EVTCHN_OP(struct evtchn_bind_vcpu, evtchn_bind_vcpu, false);
    case EVTCHNOP_unmask:
        EVTCHN_OP(struct evtchn_unmask, unmask_current, false);
    case EVTCHNOP_reset:
        EVTCHN_OP(struct evtchn_reset, evtchn_reset, false);
    case EVTCHNOP_init_control:
        EVTCHN_OP(struct evtchn_init_control, evtchn_fifo_init_control,
                  true);
    case EVTCHNOP_expand_array:
        EVTCHN_OP(struct evtchn_expand_array, evtchn_fifo_expand_array,
                  false);
    case EVTCHNOP_set_priority:
        EVTCHN_OP(struct evtchn_set_priority, evtchn_set_priority, false);
    case EVTCHNOP_bind_pirq:        /* no physical IRQs for guests yet */
        return -ENOSYS;
    }
    return -ENOSYS;
}
