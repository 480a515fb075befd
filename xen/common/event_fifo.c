/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event-channel ABI (public/event_channel.h; Xen's design note
 * "FIFO-based event channel ABI").
 *
 * Each port has a 32-bit event word in the event array, pages the guest
 * gives us one at a time (EVTCHNOP_expand_array, 1024 words each, up to
 * 2^17 ports).  Bits: PENDING, MASKED, LINKED (on a queue), BUSY (we are
 * linking to it) and a 17-bit LINK, the next port in the queue.  Each
 * vCPU has a control block in a guest frame (EVTCHNOP_init_control)
 * with, per priority (0 highest .. 15), the HEAD of its queue and a READY
 * bit.  We keep each queue's TAIL here.
 *
 * Raising port p on vCPU v, priority q:
 *   set PENDING; if not MASKED and LINKED was clear (we just set it):
 *   link p after TAIL (cmpxchg of TAIL's LINK field) or, if the queue is
 *   empty (no TAIL, or the guest already consumed TAIL), write HEAD[q] = p
 *   and set READY bit q, raising the upcall if READY bit q was clear.
 * The guest consumes HEAD: it clears LINKED and LINK in one cmpxchg and
 * follows the link it read; a zero link ends the queue (Linux's
 * consume_one_event()).  Meanwhile it may set or clear MASKED and clear
 * PENDING at any time, so every change we make to a word is one atomic
 * operation on the guest's 32 bits, and the cmpxchg loop on TAIL is
 * bounded (set_link()).  Nothing here ever follows a LINK the guest could
 * have written, so no guest value can make us loop or index out of range:
 * ports come from our own table, TAIL from our own links.
 *
 * An event that moves (EVTCHNOP_bind_vcpu, EVTCHNOP_set_priority) while
 * LINKED stays on its old queue until the guest consumes it; its next
 * link goes to the new queue, and if it was the old queue's TAIL that
 * TAIL is forgotten, so a later link there cannot write into an event
 * that now belongs to another queue.  Hence fifo.last_* per port.
 *
 * Frames: every page we write (control blocks, event array) is mapped
 * through the direct map with a page reference held until the domain
 * goes back to 2-level or dies, so a guest giving the frame back cannot
 * make us write into a frame someone else owns.
 *
 * Locking (docs/locking.md): the queue lock (evtchn_fifo_domain.lock,
 * irq-safe) guards every TAIL of the domain and each port's fifo fields;
 * it is taken alone (a sender on another domain's interdomain port holds
 * only its own event_lock) or under d->event_lock.  The upcall is raised
 * after it is dropped.  Structures are created and freed, and the array
 * grows, under event_lock; lockless readers see a page before the
 * word count that covers it.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/p2m.h>

#include "event_channel.h"

#define WORDS_PER_PAGE   (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES  (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
/* cmpxchg attempts on a TAIL word once BUSY is set (Xen's bound). */
#define LINK_TRIES       4

#define EVW_PENDING  (1U << EVTCHN_FIFO_PENDING)
#define EVW_MASKED   (1U << EVTCHN_FIFO_MASKED)
#define EVW_LINKED   (1U << EVTCHN_FIFO_LINKED)
#define EVW_BUSY     (1U << EVTCHN_FIFO_BUSY)

BUILD_BUG_ON(sizeof(struct evtchn_fifo_control_block) != 72);
BUILD_BUG_ON(MAX_ARRAY_PAGES != 128);
BUILD_BUG_ON(EVTCHN_FIFO_NR_CHANNELS > EVTCHN_MAX_PORTS);

/* One vCPU's queues. */
struct evtchn_fifo_vcpu {
    struct evtchn_fifo_control_block *cb; /* (e) NULL: no init_control */
    unsigned long cb_mfn;               /* (e) its frame, referenced */
    unsigned long cb_gfn;               /* (e) where the guest has it */
    uint32_t tail[EVTCHN_FIFO_MAX_QUEUES]; /* (q) 0: queue empty */
};

/*
 * (e) set under event_lock; (q) under lock below.  Created by the first
 * init_control, freed by evtchn_fifo_destroy().
 */
struct evtchn_fifo_domain {
    spinlock_t lock;                    /* the queue lock */
    unsigned int nr_words;              /* (e) ports with an event word */
    event_word_t *array[MAX_ARRAY_PAGES]; /* (e) */
    unsigned long array_mfn[MAX_ARRAY_PAGES]; /* (e) referenced frames */
    unsigned long array_gfn[MAX_ARRAY_PAGES]; /* (e) their gfns */
    unsigned int nr_vcpus;              /* (c) d->max_vcpus */
    struct evtchn_fifo_vcpu vcpu[];     /* indexed by vcpu_id */
};

/* ---- Guest frames ---- */

/*
 * d's writable RAM frame gfn, mapped, with a page reference: NULL if it
 * is anything else (a hole, MMIO, a grant or foreign map, not d's).
 */
static void *map_guest_frame(struct domain *d, uint64_t gfn,
                             unsigned long *mfn)
{
    p2m_type_t t;
    unsigned long m = p2m_get_entry(d, gfn, &t);

    if ( m == INVALID_MFN || !p2m_is_ram_rw(t) || !mfn_valid(m) ||
         !page_get_ref(mfn_to_page(m), d) )
        return NULL;
    *mfn = m;
    return mfn_to_virt(m);
}

static void unmap_guest_frame(unsigned long mfn)
{
    page_put_ref(mfn_to_page(mfn));
}

/* ---- Event words: 32-bit atomics only (a word may end its page) ---- */

static bool word_test(const event_word_t *w, uint32_t bit)
{
    return READ_ONCE(*w) & bit;
}

static bool word_test_and_set(event_word_t *w, uint32_t bit)
{
    return __atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST) & bit;
}

static void word_set(event_word_t *w, uint32_t bit)
{
    __atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST);
}

static void word_clear(event_word_t *w, uint32_t bit)
{
    __atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
}

/* port's event word, or NULL if the guest has not given its page yet. */
static event_word_t *word_from_port(const struct domain *d,
                                    evtchn_port_t port)
{
    const struct evtchn_fifo_domain *fd = READ_ONCE(d->evtchn_fifo);

    if ( !fd || port >= READ_ONCE(fd->nr_words) )
        return NULL;
    smp_rmb();                  /* the page before the count covering it */
    return fd->array[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

/* ---- Linking ---- */

/*
 * One attempt to point LINKED word's LINK at port, from its value *old.
 * 1 done (BUSY cleared with it), 0 word not LINKED (the guest consumed
 * it: the queue is empty), -EAGAIN the word changed (*old updated).
 */
static int link_once(event_word_t *word, event_word_t *old,
                     evtchn_port_t port)
{
    event_word_t new;

    if ( !(*old & EVW_LINKED) )
        return 0;
    new = (*old & ~(EVW_BUSY | EVTCHN_FIFO_LINK_MASK)) | port;
    return __atomic_compare_exchange_n(word, old, new, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
           ? 1 : -EAGAIN;
}

/*
 * Link port after the TAIL word, if it is still LINKED.  The guest may
 * change the word under us, but with BUSY set it does not unmask (the
 * ABI), leaving it a bounded number of changes; a guest that keeps
 * changing it anyway loses this event, we do not spin.  true: linked
 * (or given up), false: TAIL was consumed, port is the new HEAD.
 */
static bool set_link(const struct domain *d, event_word_t *word,
                     evtchn_port_t port)
{
    event_word_t old = READ_ONCE(*word);
    unsigned int try;
    int rc = link_once(word, &old, port);

    if ( rc >= 0 )
        return rc;
    word_set(word, EVW_BUSY);
    old = READ_ONCE(*word);
    for ( try = 0; try < LINK_TRIES; try++ )
    {
        rc = link_once(word, &old, port);
        if ( rc == 0 )
            word_clear(word, EVW_BUSY);
        if ( rc >= 0 )
            return rc;
    }
    word_clear(word, EVW_BUSY);
    gprintk(XENLOG_WARNING, "%pd port %u: tail word keeps changing, event lost\n",
            d, port);
    return true;
}

/* What linking an event did, for the upcall. */
enum link_result {
    LINK_NONE,                  /* masked, already linked, no block */
    LINK_HEAD,                  /* new HEAD of an empty queue */
    LINK_TAIL,                  /* appended to a non-empty queue */
};

/* Forget port as TAIL of the queue it was last linked to.  Queue lock. */
static void leave_last_queue(struct domain *d, struct evtchn *chn,
                             evtchn_port_t port)
{
    struct evtchn_fifo_domain *fd = d->evtchn_fifo;
    unsigned int id = chn->fifo.last_vcpu;
    unsigned int q = chn->fifo.last_priority;

    if ( id < fd->nr_vcpus && q < EVTCHN_FIFO_MAX_QUEUES &&
         fd->vcpu[id].tail[q] == port )
        fd->vcpu[id].tail[q] = 0;
}

/*
 * Put the PENDING event port on v's queue q, unless it is masked or
 * already LINKED (it will be seen where it is).  Queue lock held.
 */
static enum link_result link_event(struct vcpu *v, struct evtchn *chn,
                                   evtchn_port_t port, event_word_t *word,
                                   unsigned int q)
{
    struct domain *d = v->domain;
    struct evtchn_fifo_vcpu *fv = &d->evtchn_fifo->vcpu[v->vcpu_id];
    event_word_t *tail_word;

    /* No control block: the guest may not unmask before it has one. */
    if ( !fv->cb )
        return LINK_NONE;
    if ( word_test(word, EVW_MASKED) || word_test_and_set(word, EVW_LINKED) )
        return LINK_NONE;
    leave_last_queue(d, chn, port);
    chn->fifo.last_vcpu = v->vcpu_id;
    chn->fifo.last_priority = q;

    tail_word = fv->tail[q] ? word_from_port(d, fv->tail[q]) : NULL;
    fv->tail[q] = port;
    if ( tail_word && set_link(d, tail_word, port) )
        return LINK_TAIL;
    WRITE_ONCE(fv->cb->head[q], port);
    return LINK_HEAD;
}

/*
 * Tell v about queue q: a new HEAD sets READY bit q and raises the
 * upcall.  Xen raises it only on READY's 0->1 edge; we go through
 * evtchn_notify_vcpu() as 2-level does, which also re-raises a per-vCPU
 * vector when the upcall is already pending: Linux leaves an AP's
 * upcall pending (VCPUOP_register_vcpu_info) before the AP's INIT clears
 * its vLAPIC, and with an edge-only upcall the AP's first timer event
 * would sit on its queue for good.  An event appended to a non-empty
 * queue is reached through the LINK; only if the upcall is pending (the
 * guest has not started on the queue) is a per-vCPU vector re-raised,
 * for the same reason (2-level does it for a selector bit already set).
 */
static void raise_queue(struct vcpu *v, unsigned int q,
                        enum link_result link)
{
    struct evtchn_fifo_control_block *cb =
        v->domain->evtchn_fifo->vcpu[v->vcpu_id].cb;

    if ( link == LINK_HEAD )
    {
        __atomic_fetch_or(&cb->ready, 1U << q, __ATOMIC_SEQ_CST);
        evtchn_notify_vcpu(v);
    }
    else if ( link == LINK_TAIL && vcpu_event_pending(v) &&
              READ_ONCE(v->evtchn_upcall_vector) )
        arch_evtchn_deliver(v);
}

static void evtchn_fifo_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;
    struct evtchn_fifo_domain *fd = d->evtchn_fifo;
    struct evtchn *chn = evtchn_from_port(d, port);
    enum link_result link = LINK_NONE;
    unsigned int q = READ_ONCE(chn->priority);
    event_word_t *word;
    unsigned long flags;
    bool was_pending;

    if ( !fd )                  /* going back to 2-level: no port bound */
        return;
    if ( q > EVTCHN_FIFO_PRIORITY_MIN )
        q = EVTCHN_FIFO_PRIORITY_DEFAULT;
    spin_lock_irqsave(&fd->lock, flags);
    word = word_from_port(d, port);
    if ( !word )
    {
        /* Raised when its page arrives (add_array_page()). */
        chn->fifo.pending = true;
        spin_unlock_irqrestore(&fd->lock, flags);
        return;
    }
    was_pending = word_test_and_set(word, EVW_PENDING);
    link = link_event(v, chn, port, word, q);
    spin_unlock_irqrestore(&fd->lock, flags);

    raise_queue(v, q, link);
    if ( !was_pending )
        evtchn_check_pollers(d, port);
}

/*
 * Only PENDING goes: a LINKED event stays on its queue, and the guest
 * skips it there as not pending.
 */
static void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
    struct evtchn_fifo_domain *fd = d->evtchn_fifo;
    event_word_t *word = word_from_port(d, port);
    unsigned long flags;

    spin_lock_irqsave(&fd->lock, flags);
    if ( port_has_storage(d, port) )
        evtchn_from_port(d, port)->fifo.pending = false;
    spin_unlock_irqrestore(&fd->lock, flags);
    if ( word )
        word_clear(word, EVW_PENDING);
}

static void evtchn_fifo_unmask(struct vcpu *v, evtchn_port_t port)
{
    event_word_t *word = word_from_port(v->domain, port);

    if ( !word )
        return;
    word_clear(word, EVW_MASKED);
    /* An event that came while masked is linked now. */
    if ( word_test(word, EVW_PENDING) )
        evtchn_fifo_set_pending(v, port);
}

static bool evtchn_fifo_is_pending(const struct domain *d,
                                   evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return word && word_test(word, EVW_PENDING);
}

static bool evtchn_fifo_is_masked(const struct domain *d,
                                  evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return !word || word_test(word, EVW_MASKED);
}

static bool evtchn_fifo_is_busy(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = word_from_port(d, port);

    return word && word_test(word, EVW_LINKED);
}

static unsigned int evtchn_fifo_max_ports(const struct domain *d)
{
    return EVTCHN_FIFO_NR_CHANNELS;
}

/* Future links only; a LINKED event is consumed where it is. */
static int evtchn_fifo_set_priority(struct domain *d, evtchn_port_t port,
                                    unsigned int priority)
{
    if ( priority > EVTCHN_FIFO_PRIORITY_MIN )
        return -EINVAL;
    WRITE_ONCE(evtchn_from_port(d, port)->priority, priority);
    return 0;
}

const struct evtchn_port_ops evtchn_port_ops_fifo = {
    .name = "FIFO",
    .set_pending = evtchn_fifo_set_pending,
    .clear_pending = evtchn_fifo_clear_pending,
    .unmask = evtchn_fifo_unmask,
    .is_pending = evtchn_fifo_is_pending,
    .is_masked = evtchn_fifo_is_masked,
    .is_busy = evtchn_fifo_is_busy,
    .max_ports = evtchn_fifo_max_ports,
    .set_priority = evtchn_fifo_set_priority,
};

/* ---- Switching ABI (event_lock held) ---- */

static struct evtchn_fifo_domain *fifo_alloc(const struct domain *d)
{
    struct evtchn_fifo_domain *fd;

    fd = xzalloc_bytes(sizeof(*fd) +
                       d->max_vcpus * sizeof(struct evtchn_fifo_vcpu));
    if ( !fd )
        return NULL;
    spin_lock_init(&fd->lock);
    fd->nr_vcpus = d->max_vcpus;
    return fd;
}

/*
 * Bound ports move over from 2-level: a pending one stays pending (it is
 * raised once the guest gives its event page; Linux binds its first
 * ports before switching), all get the default priority, and none is on
 * a queue yet.
 */
static void move_ports_from_2l(struct domain *d)
{
    evtchn_port_t port;

    for ( port = 1; port_has_storage(d, port); port++ )
    {
        struct evtchn *chn = evtchn_from_port(d, port);

        chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        chn->fifo.last_vcpu = chn->notify_vcpu_id;
        chn->fifo.last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        chn->fifo.pending = chn->state != ECS_FREE &&
                            evtchn_port_ops_2l.is_pending(d, port);
    }
}

/* Give v its control block (cb at mfn, referenced).  0 or -EINVAL. */
static long install_control_block(struct vcpu *v, void *cb,
                                  unsigned long mfn, unsigned long gfn)
{
    struct evtchn_fifo_domain *fd = v->domain->evtchn_fifo;
    struct evtchn_fifo_vcpu *fv = &fd->vcpu[v->vcpu_id];
    unsigned long flags;

    if ( fv->cb )
        return -EINVAL;
    spin_lock_irqsave(&fd->lock, flags);
    memset(fv->tail, 0, sizeof(fv->tail));
    fv->cb_mfn = mfn;
    fv->cb_gfn = gfn;
    fv->cb = cb;
    spin_unlock_irqrestore(&fd->lock, flags);
    return 0;
}

/* The first init_control: FIFO state, then the ops that use it. */
static long switch_to_fifo(struct domain *d)
{
    struct evtchn_fifo_domain *fd = fifo_alloc(d);

    if ( !fd )
        return -ENOMEM;
    move_ports_from_2l(d);
    smp_wmb();
    WRITE_ONCE(d->evtchn_fifo, fd);
    smp_wmb();
    WRITE_ONCE(d->evtchn_port_ops, &evtchn_port_ops_fifo);
    return 0;
}

long evtchn_fifo_init_control(struct evtchn_init_control *ic)
{
    struct domain *d = current->domain;
    struct vcpu *v = domain_vcpu(d, ic->vcpu);
    unsigned long mfn, flags;
    uint8_t *frame;
    long rc = 0;

    ic->link_bits = EVTCHN_FIFO_LINK_BITS;
    if ( !v )
        return -ENOENT;
    /* Inside the page and 8-byte aligned. */
    if ( ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
         (ic->offset & 7) )
        return -EINVAL;
    /* Mapped before the lock: the p2m lock is not taken under it. */
    frame = map_guest_frame(d, ic->control_gfn, &mfn);
    if ( !frame )
        return -EINVAL;

    spin_lock_irqsave(&d->event_lock, flags);
    if ( !d->evtchn_fifo )
        rc = switch_to_fifo(d);
    if ( !rc )
        rc = install_control_block(v, frame + ic->offset, mfn,
                                   ic->control_gfn);
    spin_unlock_irqrestore(&d->event_lock, flags);
    if ( rc )
        unmap_guest_frame(mfn);
    return rc;
}

/*
 * Add the page (mapped at words, frame mfn) as the next 1024 event words;
 * raise the bound ports in it that became pending before it existed.
 * event_lock held.  0 or -ENOSPC.
 */
static long add_array_page(struct domain *d, event_word_t *words,
                           unsigned long mfn, unsigned long gfn)
{
    struct evtchn_fifo_domain *fd = d->evtchn_fifo;
    unsigned int slot = fd->nr_words / WORDS_PER_PAGE;
    evtchn_port_t port;

    if ( slot >= MAX_ARRAY_PAGES )
        return -ENOSPC;
    fd->array[slot] = words;
    fd->array_mfn[slot] = mfn;
    fd->array_gfn[slot] = gfn;
    smp_wmb();
    WRITE_ONCE(fd->nr_words, fd->nr_words + WORDS_PER_PAGE);

    for ( port = slot * WORDS_PER_PAGE;
          port < fd->nr_words && port_has_storage(d, port); port++ )
    {
        struct evtchn *chn = evtchn_from_port(d, port);
        struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

        if ( chn->state != ECS_FREE && chn->fifo.pending && v )
        {
            chn->fifo.pending = false;
            evtchn_fifo_set_pending(v, port);
        }
    }
    return 0;
}

long evtchn_fifo_expand_array(const struct evtchn_expand_array *ea)
{
    struct domain *d = current->domain;
    const struct evtchn_fifo_domain *fd = READ_ONCE(d->evtchn_fifo);
    unsigned long mfn, flags;
    event_word_t *words;
    long rc;

    /* Xen's order: not FIFO, then full, then a bad frame. */
    if ( !fd )
        return -EOPNOTSUPP;
    if ( READ_ONCE(fd->nr_words) >= EVTCHN_FIFO_NR_CHANNELS )
        return -ENOSPC;
    words = map_guest_frame(d, ea->array_gfn, &mfn);
    if ( !words )
        return -EINVAL;

    spin_lock_irqsave(&d->event_lock, flags);
    rc = d->evtchn_fifo ? add_array_page(d, words, mfn, ea->array_gfn)
                         : -EOPNOTSUPP;
    spin_unlock_irqrestore(&d->event_lock, flags);
    if ( rc )
        unmap_guest_frame(mfn);
    return rc;
}

/*
 * The hypervisor writes these frames at any time: a migration's last
 * round sends them whatever the bitmap says (Xen's
 * hvm_mapped_guest_frames_mark_dirty()).
 */
void evtchn_fifo_mark_dirty(struct domain *d)
{
    const struct evtchn_fifo_domain *fd;
    unsigned long flags;
    unsigned int i;

    spin_lock_irqsave(&d->event_lock, flags);
    fd = d->evtchn_fifo;
    for ( i = 0; fd && i < fd->nr_words / WORDS_PER_PAGE; i++ )
        p2m_logdirty_mark(d, fd->array_gfn[i], 1);
    for ( i = 0; fd && i < fd->nr_vcpus; i++ )
        if ( fd->vcpu[i].cb )
            p2m_logdirty_mark(d, fd->vcpu[i].cb_gfn, 1);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

void evtchn_fifo_destroy(struct domain *d)
{
    struct evtchn_fifo_domain *fd = d->evtchn_fifo;
    unsigned int i;

    if ( !fd )
        return;
    d->evtchn_fifo = NULL;
    for ( i = 0; i < fd->nr_words / WORDS_PER_PAGE; i++ )
        unmap_guest_frame(fd->array_mfn[i]);
    for ( i = 0; i < fd->nr_vcpus; i++ )
        if ( fd->vcpu[i].cb )
            unmap_guest_frame(fd->vcpu[i].cb_mfn);
    xfree(fd);
}
