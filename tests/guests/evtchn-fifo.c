/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FIFO event channels (public/event_channel.h), as Linux's
 * drivers/xen/events/events_fifo.c uses them: EVTCHNOP_init_control with
 * good and bad arguments, EVTCHNOP_expand_array, EVTCHNOP_set_priority,
 * then events sent to ourselves and consumed from the per-vCPU queues in
 * priority order (READY word, HEAD, LINK), mask/unmask re-raising a
 * pending event, a port closed while linked not reused until consumed,
 * a port bound before the switch keeping its event, a port on the second
 * event page, EVTCHNOP_bind_vcpu while the event is
 * still linked, and EVTCHNOP_reset back to 2-level.
 *
 * No upcall route is set, so nothing interrupts us: the test reads the
 * control block itself.  vCPU 1 (down) gets a control block too, as
 * Linux gives one to each CPU before it comes up.
 *
 * On a hypervisor without the FIFO ABI init_control is ENOSYS (Linux
 * then falls back to 2-level) and the test fails.
 */
#include "guest.h"

#include <public/event_channel.h>

_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control");
_Static_assert(__builtin_offsetof(struct evtchn_init_control, offset) == 8,
               "init_control.offset");
_Static_assert(__builtin_offsetof(struct evtchn_init_control, vcpu) == 12,
               "init_control.vcpu");
_Static_assert(__builtin_offsetof(struct evtchn_init_control,
                                  link_bits) == 16, "init_control.link_bits");
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "expand_array");
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "set_priority");
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72,
               "control block");
_Static_assert(__builtin_offsetof(struct evtchn_fifo_control_block,
                                  head) == 8, "control block head");

#define Q_DEFAULT  EVTCHN_FIFO_PRIORITY_DEFAULT
#define WORDS      (PAGE_SIZE / sizeof(event_word_t))
#define BIT(b)     (1U << (b))

static uint8_t cb_page[2][4096] __aligned(4096);
static event_word_t array[2][WORDS] __aligned(4096);

/* Linux's per-CPU queue heads for the consumer below. */
static uint32_t local_head[2][EVTCHN_FIFO_MAX_QUEUES];

static struct evtchn_fifo_control_block *cb(unsigned int vcpu)
{
    return (struct evtchn_fifo_control_block *)cb_page[vcpu];
}

static uint64_t gfn_of(const void *p)
{
    return (unsigned long)p >> 12;
}

static volatile event_word_t *word(evtchn_port_t port)
{
    return &array[port / WORDS][port % WORDS];
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu,
                         uint8_t *link_bits)
{
    struct evtchn_init_control ic = {
        .control_gfn = gfn, .offset = offset, .vcpu = vcpu,
    };
    long rc = event_channel_op(EVTCHNOP_init_control, &ic);

    if ( link_bits )
        *link_bits = ic.link_bits;
    return rc;
}

static long expand_array(uint64_t gfn)
{
    struct evtchn_expand_array ea = { .array_gfn = gfn };

    return event_channel_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, uint32_t priority)
{
    struct evtchn_set_priority sp = { .port = port, .priority = priority };

    return event_channel_op(EVTCHNOP_set_priority, &sp);
}

static evtchn_port_t bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };

    return event_channel_op(EVTCHNOP_bind_ipi, &b) ? 0 : b.port;
}

static long send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return event_channel_op(EVTCHNOP_send, &s);
}

static long unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return event_channel_op(EVTCHNOP_unmask, &u);
}

static long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return event_channel_op(EVTCHNOP_close, &c);
}

/* Linux's clear_linked(): off the queue in one cmpxchg, return LINK. */
static uint32_t clear_linked(volatile event_word_t *w)
{
    event_word_t old = *w, new;

    do {
        new = old & ~(BIT(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while ( !__atomic_compare_exchange_n(w, &old, new, false,
                                           __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    return old & EVTCHN_FIFO_LINK_MASK;
}

/*
 * Linux's __evtchn_fifo_handle_events() for one vCPU: take READY, drain
 * the queues highest priority first, acknowledge each pending unmasked
 * port and record it in out[].  The number recorded.
 */
static unsigned int consume(unsigned int vcpu, evtchn_port_t *out,
                            unsigned int max)
{
    uint32_t ready = __atomic_exchange_n(&cb(vcpu)->ready, 0,
                                         __ATOMIC_SEQ_CST);
    unsigned int n = 0, guard = 0;

    while ( ready && guard++ < 4096 )
    {
        unsigned int q = __builtin_ctz(ready);
        uint32_t *head = &local_head[vcpu][q];
        evtchn_port_t port = *head ? *head
                             : __atomic_load_n(&cb(vcpu)->head[q],
                                               __ATOMIC_SEQ_CST);
        uint32_t link = port < 2 * WORDS ? clear_linked(word(port)) : 0;

        if ( !link )
            ready &= ~BIT(q);
        if ( port < 2 * WORDS &&
             (*word(port) & BIT(EVTCHN_FIFO_PENDING)) &&
             !(*word(port) & BIT(EVTCHN_FIFO_MASKED)) )
        {
            __atomic_fetch_and(word(port), ~BIT(EVTCHN_FIFO_PENDING),
                               __ATOMIC_SEQ_CST);
            if ( n < max )
                out[n++] = port;
        }
        *head = link;
    }
    return n;
}

/* Consume vCPU vcpu's queues and compare with want[0..n). */
static void expect_events(unsigned int vcpu, const evtchn_port_t *want,
                          unsigned int n, const char *what)
{
    evtchn_port_t got[8] = { 0 };
    unsigned int i, k = consume(vcpu, got, 8);
    bool ok = k == n;

    for ( i = 0; ok && i < n; i++ )
        ok = got[i] == want[i];
    check(ok, what, "%u events: %u %u %u %u (want %u: %u %u %u %u)", k,
          got[0], got[1], got[2], got[3], n, n > 0 ? want[0] : 0,
          n > 1 ? want[1] : 0, n > 2 ? want[2] : 0, n > 3 ? want[3] : 0);
}

static void test_init_control(void)
{
    uint8_t bits = 0;

    check_eq_rc(init_control(gfn_of(cb_page[0]), 0, 4096, NULL),
                -XEN_ENOENT, "init_control: vcpu 4096 is ENOENT");
    check_eq_rc(init_control(gfn_of(cb_page[0]), 4, 0, NULL), -XEN_EINVAL,
                "init_control: offset not 8-aligned is EINVAL");
    check_eq_rc(init_control(gfn_of(cb_page[0]), 4096 - 64, 0, NULL),
                -XEN_EINVAL, "init_control: block past the page is EINVAL");
    check_eq_rc(init_control(gfn_of(cb_page[0]), 4096, 0, NULL),
                -XEN_EINVAL, "init_control: offset 4096 is EINVAL");
    check_eq_rc(init_control(guest_unbacked_addr() >> 12, 0, 0, NULL),
                -XEN_EINVAL, "init_control: unbacked frame is EINVAL");
    check_eq_rc(expand_array(gfn_of(array[0])), -XEN_EOPNOTSUPP,
                "expand_array before init_control is EOPNOTSUPP");
    check_eq_rc(init_control(gfn_of(cb_page[0]), 0, 0, &bits), 0,
                "init_control vCPU 0");
    check_eq(bits, EVTCHN_FIFO_LINK_BITS, "link_bits");
    check_eq_rc(init_control(gfn_of(cb_page[1]), 0, 0, NULL), -XEN_EINVAL,
                "init_control twice for a vCPU is EINVAL");
}

/*
 * Ports up to 1023 are on page 0; expand it and the event of the port
 * bound before the switch (early) arrives on vCPU 0's default queue.
 */
static void test_expand(evtchn_port_t early)
{
    check_eq_rc(expand_array(guest_unbacked_addr() >> 12), -XEN_EINVAL,
                "expand_array: unbacked frame is EINVAL");
    check_eq(cb(0)->ready, 0, "nothing ready before the first page");
    check_eq_rc(expand_array(gfn_of(array[0])), 0, "expand_array page 0");
    check_eq(cb(0)->ready, BIT(Q_DEFAULT),
             "port bound under 2-level: its queue is READY");
    check_eq(cb(0)->head[Q_DEFAULT], early, "... with it as HEAD");
    check_eq(*word(early) & (BIT(EVTCHN_FIFO_PENDING) |
                             BIT(EVTCHN_FIFO_LINKED)),
             BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED),
             "... PENDING and LINKED");
    expect_events(0, &early, 1, "the event sent before the switch");
}

static void test_priorities(evtchn_port_t a)
{
    evtchn_port_t b = bind_ipi(0), c = bind_ipi(0), d = bind_ipi(0), e, f;
    evtchn_port_t want[4] = { b, c, a, d };

    CHECK(b && c && d, "bind_ipi x3");
    check_eq_rc(set_priority(b, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL,
                "set_priority 16 is EINVAL");
    check_eq_rc(set_priority(EVTCHN_FIFO_NR_CHANNELS, 0), -XEN_EINVAL,
                "set_priority on port 2^17 is EINVAL");
    check_eq_rc(set_priority(b, 3), 0, "set_priority 3");
    check_eq_rc(set_priority(c, 3), 0, "set_priority 3 (second port)");
    check_eq_rc(set_priority(d, EVTCHN_FIFO_PRIORITY_MIN), 0,
                "set_priority 15");
    send(d);
    send(a);
    send(b);
    send(c);
    send(c);
    check_eq(cb(0)->ready, BIT(3) | BIT(Q_DEFAULT) | BIT(15),
             "READY: queues 3, 7 and 15");
    check_eq(*word(b) & EVTCHN_FIFO_LINK_MASK, c, "b's LINK is c");
    expect_events(0, want, 4, "consumed in priority order, FIFO within");

    /* Mask, send, unmask: the hypercall links the pending event. */
    __atomic_fetch_or(word(b), BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    check_eq_rc(send(b), 0, "send to a masked port");
    check(*word(b) & BIT(EVTCHN_FIFO_PENDING) &&
          !(*word(b) & BIT(EVTCHN_FIFO_LINKED)) && !cb(0)->ready,
          "masked: PENDING, not LINKED, nothing READY", "word %#x ready %#x",
          *word(b), cb(0)->ready);
    check_eq_rc(unmask(b), 0, "EVTCHNOP_unmask");
    check_eq(*word(b) & (BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_LINKED)),
             BIT(EVTCHN_FIFO_LINKED), "unmask clears MASKED and links");
    expect_events(0, &b, 1, "the event re-raised by unmask");

    /* Closed while still LINKED: its number waits until consumed. */
    send(d);
    check_eq_rc(evtchn_close(d), 0, "close a port still on its queue");
    check_eq(*word(d) & (BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED)),
             BIT(EVTCHN_FIFO_LINKED), "close clears PENDING, not LINKED");
    e = bind_ipi(0);
    check(e != d, "a LINKED port is not reused", "got port %u", e);
    expect_events(0, NULL, 0, "the closed port is skipped");
    f = bind_ipi(0);
    check_eq(f, d, "once consumed it is reused");
    evtchn_close(b);
    evtchn_close(c);
    evtchn_close(e);
    evtchn_close(f);
}

/* A port of the second page: pending before the page exists. */
static void test_second_page(void)
{
    static evtchn_port_t ports[1100];
    evtchn_port_t hi = 0;
    unsigned int n, i;

    for ( n = 0; n < ARRAY_SIZE(ports) && hi < WORDS; n++ )
        hi = ports[n] = bind_ipi(0);
    if ( !check(hi >= WORDS, "bind ports up to the second page",
                "last port %u", hi) )
        return;
    check_eq_rc(send(hi), 0, "send on a port without an event word");
    check_eq(cb(0)->ready, 0, "nothing READY without its page");
    check_eq_rc(expand_array(gfn_of(array[1])), 0, "expand_array page 1");
    check_eq(cb(0)->head[Q_DEFAULT], hi, "its event arrives with the page");
    expect_events(0, &hi, 1, "the event on page 1");
    for ( i = 0; i < n; i++ )
        evtchn_close(ports[i]);
}

/*
 * An interdomain loopback (a port connected to another of ours), moved
 * to vCPU 1 with EVTCHNOP_bind_vcpu while its event is still linked on
 * vCPU 0: consumed there, the next event goes to vCPU 1, and vCPU 0's
 * queue starts afresh.
 */
static void test_bind_vcpu(evtchn_port_t a)
{
    struct evtchn_alloc_unbound au = {
        .dom = DOMID_SELF, .remote_dom = DOMID_SELF,
    };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_bind_vcpu bv = { .vcpu = 1 };
    evtchn_port_t l;
    long rc = init_control(gfn_of(cb_page[1]), 0, 1, NULL);

    if ( rc == -XEN_ENOENT )
    {
        check_skip("bind_vcpu", "one vCPU only");
        return;
    }
    check_eq_rc(rc, 0, "init_control vCPU 1 (down)");
    check_eq_rc(event_channel_op(EVTCHNOP_alloc_unbound, &au), 0,
                "alloc_unbound");
    bi.remote_port = au.port;
    check_eq_rc(event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0,
                "bind_interdomain to our own port");
    l = bi.local_port;
    expect_events(0, &l, 1, "bind_interdomain raises the new port");
    check_eq_rc(send(au.port), 0, "send on the loopback");
    bv.port = l;
    check_eq_rc(event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0,
                "bind_vcpu while LINKED");
    expect_events(0, &l, 1, "consumed on the old vCPU's queue");
    send(au.port);
    check_eq(cb(1)->ready, BIT(Q_DEFAULT), "next event: vCPU 1 READY");
    check_eq(cb(1)->head[Q_DEFAULT], l, "... with the port as HEAD");
    check_eq(cb(0)->ready, 0, "nothing on vCPU 0");
    send(a);
    check_eq(cb(0)->head[Q_DEFAULT], a, "vCPU 0's queue starts afresh");
    check_eq(*word(l) & EVTCHN_FIFO_LINK_MASK, 0,
             "the moved port's LINK untouched");
    expect_events(0, &a, 1, "vCPU 0's event");
    expect_events(1, &l, 1, "vCPU 1's event (read by vCPU 0)");
}

static void test_reset(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    evtchn_port_t p;

    check_eq_rc(event_channel_op(EVTCHNOP_reset, &r), 0, "EVTCHNOP_reset");
    check_eq_rc(expand_array(gfn_of(array[1])), -XEN_EOPNOTSUPP,
                "after reset: 2-level again (expand_array EOPNOTSUPP)");
    p = bind_ipi(0);
    check_eq(p, 1, "after reset: ports start again at 1");
    check_eq_rc(set_priority(p, 0), -XEN_ENOSYS,
                "after reset: set_priority ENOSYS");
}

void test_main(void)
{
    evtchn_port_t a = bind_ipi(0);

    CHECK(a != 0, "bind_ipi under 2-level");
    check_eq_rc(set_priority(a, 0), -XEN_ENOSYS,
                "set_priority under 2-level is ENOSYS");
    check_eq_rc(send(a), 0, "send under 2-level");
    test_init_control();
    test_expand(a);
    test_priorities(a);
    test_second_page();
    test_bind_vcpu(a);
    test_reset();
}
