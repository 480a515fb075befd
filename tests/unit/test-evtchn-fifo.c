/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FIFO event channels (xen/common/event_fifo.c behind event_channel.c),
 * driven through do_event_channel_op() as a guest would, with a guest
 * consumer that follows Linux's drivers/xen/events/events_fifo.c: the
 * init_control/expand_array/set_priority arguments and errors, the switch
 * from 2-level with bound ports, the queues (HEAD, LINK, READY, priority
 * order), mask/unmask, moving an event between vCPUs and queues while it
 * is LINKED, reset back to 2-level, the frame references, a guest that
 * keeps changing the tail word, and a consumer racing the links.
 */
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "evtchn-fake.h"

#define CB_GFN(i)    (FAKE_MFN0 + (i))          /* control block frames */
#define ARRAY_GFN(i) (FAKE_MFN0 + 8 + (i))      /* event array pages */

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu,
                         uint8_t *link_bits)
{
    struct evtchn_init_control ic = {
        .control_gfn = gfn, .offset = offset, .vcpu = vcpu,
    };
    long rc = op(EVTCHNOP_init_control, &ic);

    if ( link_bits )
        *link_bits = ic.link_bits;
    return rc;
}

static long expand_array(uint64_t gfn)
{
    struct evtchn_expand_array ea = { .array_gfn = gfn };

    return op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, uint32_t priority)
{
    struct evtchn_set_priority sp = { .port = port, .priority = priority };

    return op(EVTCHNOP_set_priority, &sp);
}

/* ---- The guest's side ---- */

static struct evtchn_fifo_control_block *cb_of(unsigned int vcpu)
{
    return (void *)fake_frames[CB_GFN(vcpu) - FAKE_MFN0];
}

static event_word_t *gword(evtchn_port_t port)
{
    return (event_word_t *)fake_frames[ARRAY_GFN(port / 1024) - FAKE_MFN0] +
           port % 1024;
}

static bool wbit(evtchn_port_t port, unsigned int bit)
{
    return __atomic_load_n(gword(port), __ATOMIC_SEQ_CST) & (1U << bit);
}

static uint32_t wlink(evtchn_port_t port)
{
    return *gword(port) & EVTCHN_FIFO_LINK_MASK;
}

/* dom0 as Linux sets it up: vCPUs 0-2 with control blocks, one page. */
static void fifo_setup(void)
{
    unsigned int i;

    setup();
    for ( i = 0; i < 3; i++ )
        EXPECT_EQ(init_control(CB_GFN(i), 0, i, NULL), 0);
    EXPECT_EQ(expand_array(ARRAY_GFN(0)), 0);
}

/* Linux's clear_linked(): take the word off its queue, return LINK. */
static uint32_t guest_clear_linked(event_word_t *word)
{
    event_word_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST), new;

    do {
        new = old & ~((1U << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while ( !__atomic_compare_exchange_n(word, &old, new, false,
                                           __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    return old & EVTCHN_FIFO_LINK_MASK;
}

/* A guest vCPU's consumer state: Linux's per-CPU queue heads. */
struct guest_queues {
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};

/*
 * One pass of Linux's __evtchn_fifo_handle_events(): take READY, drain
 * the queues highest priority first, acknowledge (clear PENDING) and
 * record each pending unmasked port.  Returns how many were recorded.
 */
static unsigned int guest_consume(unsigned int vcpu, struct guest_queues *gq,
                                  evtchn_port_t *out, unsigned int max)
{
    struct evtchn_fifo_control_block *cb = cb_of(vcpu);
    uint32_t ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    unsigned int n = 0;

    while ( ready )
    {
        unsigned int q = __builtin_ctz(ready);
        evtchn_port_t port = gq->head[q] ? gq->head[q]
                             : __atomic_load_n(&cb->head[q],
                                               __ATOMIC_SEQ_CST);
        event_word_t *w = gword(port);
        uint32_t link = guest_clear_linked(w);

        if ( !link )
            ready &= ~(1U << q);
        if ( (*w & (1U << EVTCHN_FIFO_PENDING)) &&
             !(*w & (1U << EVTCHN_FIFO_MASKED)) )
        {
            __atomic_fetch_and(w, ~(1U << EVTCHN_FIFO_PENDING),
                               __ATOMIC_SEQ_CST);
            if ( n < max )
                out[n] = port;
            n++;
        }
        gq->head[q] = link;
    }
    return n;
}

/* ---- Tests ---- */

TEST(t_fifo_init_control_errors)
{
    uint8_t bits = 0;

    setup();
    EXPECT_EQ(init_control(CB_GFN(0), 0, 3, &bits), -ENOENT); /* slot */
    EXPECT_EQ(init_control(CB_GFN(0), 0, 4, NULL), -ENOENT);
    EXPECT_EQ(init_control(CB_GFN(0), 0, ~0U, NULL), -ENOENT);
    EXPECT_EQ(init_control(CB_GFN(0), 4, 0, NULL), -EINVAL);  /* align */
    EXPECT_EQ(init_control(CB_GFN(0), 4096 - 72 + 8, 0, NULL), -EINVAL);
    EXPECT_EQ(init_control(CB_GFN(0), 4096, 0, NULL), -EINVAL);
    EXPECT_EQ(init_control(CB_GFN(0), ~0U & ~7U, 0, NULL), -EINVAL);
    EXPECT_EQ(init_control(0, 0, 0, NULL), -EINVAL);          /* hole */
    EXPECT_EQ(init_control(~0ULL, 0, 0, NULL), -EINVAL);
    EXPECT_EQ(init_control(FAKE_MMIO_GFN, 0, 0, NULL), -EINVAL);
    EXPECT_EQ(init_control(FAKE_OTHER_GFN, 0, 0, NULL), -EINVAL);
    EXPECT_EQ(op(EVTCHNOP_init_control, (void *)BAD_PTR), -EFAULT);
    /* Nothing changed, nothing held. */
    EXPECT(dom0->evtchn_port_ops == &evtchn_port_ops_2l);
    EXPECT(dom0->evtchn_fifo == NULL);
    EXPECT_EQ(refs_held(), 0);

    /* The last offset that fits; link_bits comes back. */
    EXPECT_EQ(init_control(CB_GFN(0), 4096 - 72, 0, &bits), 0);
    EXPECT_EQ(bits, EVTCHN_FIFO_LINK_BITS);
    EXPECT(dom0->evtchn_port_ops == &evtchn_port_ops_fifo);
    EXPECT_EQ(refs_held(), 1);
    /* Once per vCPU; a failure drops the new frame's reference. */
    EXPECT_EQ(init_control(CB_GFN(1), 0, 0, NULL), -EINVAL);
    EXPECT_EQ(refs_held(), 1);
    EXPECT_EQ(init_control(CB_GFN(1), 8, 1, NULL), 0);
    EXPECT_EQ(refs_held(), 2);
}

TEST(t_fifo_expand_array)
{
    evtchn_port_t p;
    unsigned int i;

    setup();
    EXPECT_EQ(expand_array(ARRAY_GFN(0)), -EOPNOTSUPP);       /* 2-level */
    EXPECT_EQ(init_control(CB_GFN(0), 0, 0, NULL), 0);
    EXPECT_EQ(expand_array(0), -EINVAL);
    EXPECT_EQ(expand_array(FAKE_MMIO_GFN), -EINVAL);
    EXPECT_EQ(op(EVTCHNOP_expand_array, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(refs_held(), 1);
    /* 128 pages of 1024 words: 2^17 ports (one frame may serve twice). */
    for ( i = 0; i < 128; i++ )
        EXPECT_EQ(expand_array(ARRAY_GFN(i % 8)), 0);
    EXPECT_EQ(dom0->evtchn_fifo->nr_words, EVTCHN_FIFO_NR_CHANNELS);
    EXPECT_EQ(expand_array(ARRAY_GFN(0)), -ENOSPC);
    EXPECT_EQ(refs_held(), 129);
    /* The port space is FIFO's now: past 4096, up to 2^17 - 1. */
    for ( i = 0; i < 5000; i++ )
        EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(p, 5000);
    EXPECT_EQ(do_close(EVTCHN_FIFO_NR_CHANNELS), -EINVAL);
    /* Reset: back to 2-level, every frame let go. */
    EXPECT_EQ(do_reset(DOMID_SELF), 0);
    EXPECT(dom0->evtchn_port_ops == &evtchn_port_ops_2l);
    EXPECT(dom0->evtchn_fifo == NULL);
    EXPECT_EQ(refs_held(), 0);
    EXPECT_EQ(expand_array(ARRAY_GFN(0)), -EOPNOTSUPP);
    EXPECT_EQ(set_priority(1, 0), -ENOSYS);
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(p, 1);
    /* And FIFO again. */
    EXPECT_EQ(init_control(CB_GFN(0), 0, 0, NULL), 0);
    EXPECT(dom0->evtchn_port_ops == &evtchn_port_ops_fifo);
}

TEST(t_fifo_set_priority)
{
    evtchn_port_t p;

    fifo_setup();
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(evtchn_from_port(dom0, p)->priority,
              EVTCHN_FIFO_PRIORITY_DEFAULT);
    EXPECT_EQ(set_priority(p, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
    EXPECT_EQ(set_priority(p, ~0U), -EINVAL);
    EXPECT_EQ(set_priority(EVTCHN_FIFO_NR_CHANNELS, 0), -EINVAL);
    EXPECT_EQ(set_priority(p, EVTCHN_FIFO_PRIORITY_MIN), 0);
    EXPECT_EQ(set_priority(p, EVTCHN_FIFO_PRIORITY_MAX), 0);
    EXPECT_EQ(evtchn_from_port(dom0, p)->priority, 0);
    EXPECT_EQ(op(EVTCHNOP_set_priority, (void *)BAD_PTR), -EFAULT);
    /* A port freed and bound again starts at the default. */
    EXPECT_EQ(do_close(p), 0);
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(evtchn_from_port(dom0, p)->priority,
              EVTCHN_FIFO_PRIORITY_DEFAULT);
}

TEST(t_fifo_queue_order)
{
    struct guest_queues gq = { { 0 } };
    evtchn_port_t a, b, c, d, got[8];

    fifo_setup();
    EXPECT_EQ(bind_ipi(0, &a), 0);              /* default priority 7 */
    EXPECT_EQ(bind_ipi(0, &b), 0);
    EXPECT_EQ(bind_ipi(0, &c), 0);
    EXPECT_EQ(bind_ipi(0, &d), 0);
    EXPECT_EQ(set_priority(b, 3), 0);
    EXPECT_EQ(set_priority(c, 3), 0);
    EXPECT_EQ(set_priority(d, 15), 0);

    EXPECT_EQ(do_send(d), 0);
    EXPECT_EQ(do_send(a), 0);
    EXPECT_EQ(do_send(b), 0);
    EXPECT_EQ(do_send(c), 0);
    EXPECT_EQ(do_send(c), 0);                   /* already linked */
    /* READY bits per queue, one upcall (edge) for all of them. */
    EXPECT_EQ(cb_of(0)->ready, (1U << 3) | (1U << 7) | (1U << 15));
    EXPECT_EQ(upcall(dom0->vcpu[0]), 1);
    EXPECT_EQ(deliveries, 1);
    EXPECT_EQ(cb_of(0)->head[3], b);
    EXPECT_EQ(cb_of(0)->head[7], a);
    EXPECT_EQ(cb_of(0)->head[15], d);
    EXPECT(wbit(b, EVTCHN_FIFO_LINKED) && wbit(b, EVTCHN_FIFO_PENDING));
    EXPECT_EQ(wlink(b), c);
    EXPECT_EQ(wlink(c), 0);
    EXPECT(!wbit(c, EVTCHN_FIFO_BUSY));

    EXPECT_EQ(guest_consume(0, &gq, got, 8), 4);
    EXPECT_EQ(got[0], b);
    EXPECT_EQ(got[1], c);
    EXPECT_EQ(got[2], a);
    EXPECT_EQ(got[3], d);
    EXPECT(!wbit(c, EVTCHN_FIFO_LINKED));
    EXPECT_EQ(cb_of(0)->ready, 0);

    /* The tail was consumed: the next event is a new HEAD and upcall. */
    ack(dom0->vcpu[0]);
    EXPECT_EQ(do_send(c), 0);
    EXPECT_EQ(cb_of(0)->head[3], c);
    EXPECT_EQ(cb_of(0)->ready, 1U << 3);
    EXPECT_EQ(deliveries, 2);
    EXPECT_EQ(guest_consume(0, &gq, got, 8), 1);
    EXPECT_EQ(got[0], c);
}

TEST(t_fifo_mask_unmask)
{
    struct guest_queues gq = { { 0 } };
    evtchn_port_t p, got[4];

    fifo_setup();
    EXPECT_EQ(bind_ipi(1, &p), 0);
    __atomic_fetch_or(gword(p), 1U << EVTCHN_FIFO_MASKED, __ATOMIC_SEQ_CST);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(wbit(p, EVTCHN_FIFO_PENDING));
    EXPECT(!wbit(p, EVTCHN_FIFO_LINKED));
    EXPECT_EQ(cb_of(1)->ready, 0);
    EXPECT_EQ(deliveries, 0);
    EXPECT(evtchn_fifo_is_masked(dom0, p));
    /* Unmask re-raises the pending event. */
    EXPECT_EQ(do_unmask(p), 0);
    EXPECT(!wbit(p, EVTCHN_FIFO_MASKED));
    EXPECT(wbit(p, EVTCHN_FIFO_LINKED));
    EXPECT_EQ(cb_of(1)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p);
    EXPECT_EQ(deliveries, 1);
    EXPECT(last_delivered == dom0->vcpu[1]);
    EXPECT_EQ(guest_consume(1, &gq, got, 4), 1);
    EXPECT_EQ(got[0], p);
    /* Unmasking a port that is not pending links nothing. */
    EXPECT_EQ(do_unmask(p), 0);
    EXPECT(!wbit(p, EVTCHN_FIFO_LINKED));
    EXPECT_EQ(cb_of(1)->ready, 0);
    /* A port without a word yet is masked and never pending. */
    EXPECT(evtchn_fifo_is_masked(dom0, 1500));
    EXPECT(!evtchn_fifo_is_pending(dom0, 1500));
    EXPECT_EQ(do_unmask(1500), -EINVAL);        /* not bound: no storage */
}

/*
 * Ports bound under 2-level move over: an event pending before the
 * switch is raised once the guest gives the port's page.
 */
TEST(t_fifo_switch_keeps_bound_ports)
{
    struct guest_queues gq = { { 0 } };
    evtchn_port_t ipi, quiet, got[4];

    setup();
    EXPECT_EQ(bind_ipi(2, &ipi), 0);
    EXPECT_EQ(bind_ipi(2, &quiet), 0);
    EXPECT_EQ(do_send(ipi), 0);
    EXPECT(evtchn_2l_is_pending(dom0, ipi));
    ack(dom0->vcpu[2]);
    EXPECT_EQ(init_control(CB_GFN(2), 0, 2, NULL), 0);
    EXPECT(evtchn_from_port(dom0, ipi)->fifo.pending);
    EXPECT(!evtchn_from_port(dom0, quiet)->fifo.pending);
    /* An event with no page yet waits too. */
    EXPECT_EQ(do_send(quiet), 0);
    EXPECT(evtchn_from_port(dom0, quiet)->fifo.pending);
    EXPECT_EQ(cb_of(2)->ready, 0);
    EXPECT_EQ(expand_array(ARRAY_GFN(0)), 0);
    EXPECT_EQ(cb_of(2)->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
    EXPECT_EQ(upcall(dom0->vcpu[2]), 1);
    EXPECT_EQ(guest_consume(2, &gq, got, 4), 2);
    EXPECT_EQ(got[0], ipi);
    EXPECT_EQ(got[1], quiet);
    /* The port table kept its states. */
    EXPECT_EQ(do_send(ipi), 0);
    EXPECT_EQ(cb_of(2)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], ipi);
}

/*
 * EVTCHNOP_bind_vcpu (or set_priority) while the event is LINKED: it is
 * consumed on the old queue; the next link goes to the new one, and the
 * old queue forgets it as its TAIL, so the old queue's next event is a
 * new HEAD rather than a LINK written into a word that belongs to the
 * new queue.
 */
TEST(t_fifo_move_while_linked)
{
    struct guest_queues gq0 = { { 0 } }, gq1 = { { 0 } };
    evtchn_port_t p, r, got[4];
    const unsigned int q = EVTCHN_FIFO_PRIORITY_DEFAULT;

    fifo_setup();
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &r), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, r, &p), 0);   /* pending on bind */
    EXPECT_EQ(cb_of(0)->head[q], p);
    EXPECT_EQ(bind_vcpu(p, 1), 0);
    /* Still on vCPU 0's queue, where the guest finds it. */
    EXPECT_EQ(guest_consume(0, &gq0, got, 4), 1);
    EXPECT_EQ(got[0], p);
    as(dom1);
    EXPECT_EQ(do_send(r), 0);
    EXPECT_EQ(cb_of(1)->head[q], p);            /* moved */
    EXPECT_EQ(dom0->evtchn_fifo->vcpu[0].tail[q], 0);
    EXPECT_EQ(dom0->evtchn_fifo->vcpu[1].tail[q], p);

    /* Moved again while LINKED on vCPU 1 (not consumed). */
    as(dom0);
    EXPECT_EQ(bind_vcpu(p, 0), 0);
    EXPECT_EQ(set_priority(p, 2), 0);
    as(dom1);
    EXPECT_EQ(do_send(r), 0);                   /* still LINKED: no-op */
    EXPECT_EQ(cb_of(0)->ready, 0);
    EXPECT_EQ(guest_consume(1, &gq1, got, 4), 1);
    EXPECT_EQ(do_send(r), 0);
    EXPECT_EQ(cb_of(0)->head[2], p);
    EXPECT_EQ(dom0->evtchn_fifo->vcpu[1].tail[q], 0);
    /* An IPI on vCPU 1's old queue now starts it afresh. */
    as(dom0);
    EXPECT_EQ(bind_ipi(1, &r), 0);
    EXPECT_EQ(do_send(r), 0);
    EXPECT_EQ(cb_of(1)->head[q], r);
    EXPECT_EQ(wlink(p), 0);                     /* p's word untouched */
}

/*
 * A closed port may still be on a queue: as Xen, its number is not
 * handed out again until the guest has consumed it; bound again (to
 * another vCPU) its first event leaves the old queue's TAIL.
 */
TEST(t_fifo_close_while_linked)
{
    const unsigned int q = EVTCHN_FIFO_PRIORITY_DEFAULT;
    struct guest_queues gq = { { 0 } };
    evtchn_port_t p, p2, p3, got[4];

    fifo_setup();
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(do_close(p), 0);
    EXPECT(!wbit(p, EVTCHN_FIFO_PENDING));      /* cleared, still LINKED */
    EXPECT(wbit(p, EVTCHN_FIFO_LINKED));
    EXPECT_EQ(bind_ipi(1, &p2), 0);
    EXPECT_EQ(p2, p + 1);                       /* busy: skipped */
    EXPECT_EQ(guest_consume(0, &gq, got, 4), 0);    /* not pending */
    EXPECT_EQ(bind_ipi(1, &p3), 0);
    EXPECT_EQ(p3, p);                           /* consumed: free again */
    EXPECT_EQ(do_send(p3), 0);
    EXPECT_EQ(cb_of(1)->head[q], p);
    EXPECT_EQ(dom0->evtchn_fifo->vcpu[0].tail[q], 0);
}

/*
 * The upcall: a new HEAD raises it (and re-raises a per-vCPU vector if
 * the upcall is still pending: its edge may have been lost); an event
 * appended to a non-empty queue re-raises only such a vector.
 */
TEST(t_fifo_upcall_edges)
{
    struct guest_queues gq = { { 0 } };
    evtchn_port_t p, q, r, got[4];
    struct vcpu *v0;

    fifo_setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(bind_ipi(0, &q), 0);
    EXPECT_EQ(bind_ipi(0, &r), 0);
    EXPECT_EQ(set_priority(r, 2), 0);
    /* No vector: one edge for the first HEAD, nothing more. */
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(do_send(q), 0);                   /* TAIL */
    EXPECT_EQ(do_send(r), 0);                   /* HEAD of queue 2 */
    EXPECT_EQ(deliveries, 1);
    EXPECT_EQ(guest_consume(0, &gq, got, 4), 3);
    /* A per-vCPU vector, upcall still pending: re-raised each time. */
    v0->evtchn_upcall_vector = 0xf3;
    EXPECT_EQ(do_send(p), 0);                   /* HEAD */
    EXPECT_EQ(deliveries, 2);
    EXPECT_EQ(do_send(q), 0);                   /* TAIL */
    EXPECT_EQ(deliveries, 3);
    EXPECT_EQ(do_send(q), 0);                   /* already pending */
    EXPECT_EQ(deliveries, 3);
    /* Upcall taken (the guest is on the queue): TAIL needs nothing. */
    ack(v0);
    EXPECT_EQ(do_send(r), 0);                   /* HEAD: a plain edge */
    EXPECT_EQ(deliveries, 4);
    ack(v0);
    EXPECT_EQ(set_priority(r, EVTCHN_FIFO_PRIORITY_DEFAULT), 0);
    EXPECT_EQ(guest_consume(0, &gq, got, 4), 3);
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(deliveries, 5);
    ack(v0);
    EXPECT_EQ(do_send(r), 0);                   /* TAIL, upcall clear */
    EXPECT_EQ(deliveries, 5);
    EXPECT_EQ(wlink(p), r);
}

/* Poll sees FIFO's PENDING, masked or not. */
TEST(t_fifo_poll)
{
    evtchn_port_t p;
    struct vcpu *v0;

    fifo_setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    __atomic_fetch_or(gword(p), 1U << EVTCHN_FIFO_MASKED, __ATOMIC_SEQ_CST);
    EXPECT_EQ(poll(&p, 1, 0), 0);
    EXPECT(v0->polling);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(!v0->polling);
    EXPECT_EQ(wakes, 1);
    EXPECT_EQ(poll(&p, 1, 0), 0);               /* pending: at once */
    EXPECT(!v0->polling);
    p = 5000;
    EXPECT_EQ(poll(&p, 1, 0), 0);               /* valid for FIFO */
    p = EVTCHN_FIFO_NR_CHANNELS;
    EXPECT_EQ(poll(&p, 1, 0), -EINVAL);
}

/* Interdomain peers and the frames go with the domain. */
TEST(t_fifo_destroy)
{
    struct evtchn_status s;
    evtchn_port_t r, p;

    fifo_setup();
    EXPECT_EQ(refs_held(), 4);
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &r), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, r, &p), 0);
    evtchn_destroy(dom0);
    EXPECT_EQ(refs_held(), 0);
    EXPECT(dom0->evtchn_fifo == NULL);
    as(dom1);
    EXPECT_EQ(status(DOMID_SELF, r, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
}

/* ---- A hostile tail word ---- */

static event_word_t *volatile flip_word;
static volatile bool flip_stop;

/* The guest flips PENDING on the word as fast as it can. */
static void *flipper(void *arg)
{
    while ( !flip_stop )
        __atomic_fetch_xor(flip_word, 1U << EVTCHN_FIFO_PENDING,
                           __ATOMIC_SEQ_CST);
    return NULL;
}

/*
 * set_link() gives up after a bounded number of failed cmpxchg: a guest
 * that keeps changing its tail word loses events, it cannot hold a CPU.
 * Deterministic part: a word that is not LINKED is left alone.
 */
TEST(t_fifo_link_bounded)
{
    event_word_t w = 0;
    pthread_t t;
    unsigned int i;

    fifo_setup();
    EXPECT(!set_link(dom0, &w, 5));
    EXPECT_EQ(w, 0);
    w = 1U << EVTCHN_FIFO_LINKED | 1U << EVTCHN_FIFO_BUSY | 77;
    EXPECT(set_link(dom0, &w, 5));
    EXPECT_EQ(w, 1U << EVTCHN_FIFO_LINKED | 5);   /* BUSY cleared */

    w = 1U << EVTCHN_FIFO_LINKED;
    flip_word = &w;
    flip_stop = false;
    EXPECT_EQ(pthread_create(&t, NULL, flipper, NULL), 0);
    for ( i = 0; i < 100000; i++ )
        set_link(dom0, &w, i & EVTCHN_FIFO_LINK_MASK);  /* returns */
    flip_stop = true;
    pthread_join(t, NULL);
    EXPECT(!(w & (1U << EVTCHN_FIFO_BUSY)));
}

/* ---- A guest consuming while we link ---- */

#define RACE_PORTS   200
#define RACE_BATCH   8
#define RACE_ROUNDS  3000

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile bool race_done;
static unsigned long race_handled[RACE_PORTS + 1];
static unsigned long race_total;

static void *race_consumer(void *arg)
{
    struct guest_queues gq = { { 0 } };
    evtchn_port_t got[64];
    unsigned int i, n;

    while ( !race_done )
    {
        n = guest_consume(0, &gq, got, 64);
        for ( i = 0; i < n && i < 64; i++ )
            race_handled[got[i]]++;
        __atomic_fetch_add(&race_total, n, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

/*
 * No event lost: batches of distinct ports are sent while the guest
 * unlinks and acknowledges the previous ones on another thread (so links
 * race its cmpxchg on the tail word), priorities changing under it; each
 * batch must be consumed in full before the next.  At the end no word is
 * left PENDING or LINKED.
 */
TEST(t_fifo_race_consumer)
{
    evtchn_port_t p, ports[RACE_PORTS];
    unsigned int i, j, left = 0, lost = 0;
    double start;
    pthread_t t;

    fifo_setup();
    for ( i = 0; i < RACE_PORTS; i++ )
    {
        EXPECT_EQ(bind_ipi(0, &p), 0);
        ports[i] = p;
    }
    race_done = false;
    race_total = 0;
    memset(race_handled, 0, sizeof(race_handled));
    EXPECT_EQ(pthread_create(&t, NULL, race_consumer, NULL), 0);
    for ( i = 0; i < RACE_ROUNDS && !lost; i++ )
    {
        for ( j = 0; j < RACE_BATCH; j++ )
        {
            p = ports[(i * RACE_BATCH + j) % RACE_PORTS];
            if ( (i + j) % 97 == 0 )
                set_priority(p, (i + j) % 16);
            do_send(p);
        }
        /*
         * A lost event shows as a batch never complete.  The consumer
         * may wait long for a CPU on a loaded host: yield to it, and
         * allow each batch 10 s.
         */
        start = seconds();
        while ( __atomic_load_n(&race_total, __ATOMIC_SEQ_CST) <
                (i + 1UL) * RACE_BATCH )
        {
            sched_yield();
            if ( seconds() - start > 10 )
            {
                lost = i + 1;
                break;
            }
        }
    }
    race_done = true;
    pthread_join(t, NULL);
    for ( i = 0; i < RACE_PORTS; i++ )
        left += wbit(ports[i], EVTCHN_FIFO_PENDING) ||
                wbit(ports[i], EVTCHN_FIFO_LINKED);
    EXPECT_EQ(lost, 0);
    EXPECT_EQ(left, 0);
    EXPECT_EQ(race_total, (unsigned long)RACE_ROUNDS * RACE_BATCH);
}
