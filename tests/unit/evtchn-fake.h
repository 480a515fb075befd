/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the event-channel tests (test-evtchn.c for the
 * port state machine and 2-level, test-evtchn-fifo.c for FIFO): the real
 * event_channel.c, event_2l.c and event_fifo.c, two domains with
 * host-side shared_info pages, guest frames from a small pool, a
 * recording arch_evtchn_deliver(), and the hypercall wrappers a guest
 * would call.
 */
#ifndef EVTCHN_FAKE_H
#define EVTCHN_FAKE_H

/* The hypervisor's view of the public headers. */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <public/sched.h>

static struct vcpu *test_current;

#undef current
#define current test_current

/* User mode may not cli/popf IF: the irq forms do nothing here. */
#undef local_irq_save
#undef local_irq_restore
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

/* Guest frames for the FIFO ABI: see the frame pool below. */
#undef mfn_to_virt
#define mfn_to_virt(m)  ((void *)fake_frames[(m) - FAKE_MFN0])

#define FAKE_MFN0    0x100UL
#define FAKE_FRAMES  64UL
static uint8_t fake_frames[FAKE_FRAMES][4096] __attribute__((aligned(4096)));

#include "../../xen/common/event_channel.c"
#include "../../xen/common/event_2l.c"
#include "../../xen/common/event_fifo.c"

#include "harness.h"

#define BAD_PTR 0x10000000UL

/* Two domains: dom0 (privileged, vCPUs 0-2, slot 3 empty), dom1 (0-1). */
static struct domain *dom0, *dom1;
static struct vcpu *vcpus[2][4];
static uint8_t shinfo[2][4096] __attribute__((aligned(4096)));

/* What arch_evtchn_deliver() was asked. */
static unsigned int deliveries;
static struct vcpu *last_delivered;

void arch_evtchn_deliver(struct vcpu *v)
{
    deliveries++;
    last_delivered = v;
}

struct domain *domain_list;
DEFINE_SPINLOCK(domlist_lock);

int format_vcpu(char *buf, size_t size, const void *p)
{
    return 0;
}

int format_domain(char *buf, size_t size, const void *p)
{
    return 0;
}

static unsigned int wakes;

void vcpu_wake(struct vcpu *v)
{
    wakes++;
}

/* SCHEDOP_poll's surroundings. */
static bool test_compat, need_delivery;
static unsigned int sleeps, timers_set;
static s_time_t timer_expiry;

bool hypercall_is_compat(void)
{
    return test_compat;
}

bool arch_evtchn_need_delivery(struct vcpu *v)
{
    return need_delivery;
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    sleeps++;
}

void raise_softirq(unsigned int nr)
{
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    timers_set++;
    timer_expiry = expires;
}

void stop_timer(struct timer *t)
{
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

/*
 * Guest frames: gfn g in [FAKE_MFN0, FAKE_MFN0 + FAKE_FRAMES) is RAM at
 * mfn g (host memory fake_frames[]), except FAKE_MMIO_GFN (MMIO) and
 * FAKE_OTHER_GFN (RAM another domain owns: no reference for us).
 * Anything else is a hole.  frame_refs[] counts the references taken.
 */
#define FAKE_MMIO_GFN   (FAKE_MFN0 + FAKE_FRAMES - 1)
#define FAKE_OTHER_GFN  (FAKE_MFN0 + FAKE_FRAMES - 2)

static struct page_info fake_frame_table[FAKE_MFN0 + FAKE_FRAMES];
struct page_info *frame_table = fake_frame_table;
unsigned long max_page = FAKE_MFN0 + FAKE_FRAMES;
static int frame_refs[FAKE_MFN0 + FAKE_FRAMES];

unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t)
{
    *t = p2m_invalid;
    if ( gfn < FAKE_MFN0 || gfn >= FAKE_MFN0 + FAKE_FRAMES )
        return INVALID_MFN;
    *t = gfn == FAKE_MMIO_GFN ? p2m_mmio_direct : p2m_ram_rw;
    return gfn;
}

#include "logdirty-fake.h"

bool page_get_ref(struct page_info *pg, const struct domain *d)
{
    if ( page_to_mfn(pg) == FAKE_OTHER_GFN )
        return false;
    frame_refs[page_to_mfn(pg)]++;
    return true;
}

void page_put_ref(struct page_info *pg)
{
    BUG_ON(frame_refs[page_to_mfn(pg)] <= 0);
    frame_refs[page_to_mfn(pg)]--;
}

/* References held on all fake frames. */
static int refs_held(void)
{
    int n = 0;
    unsigned long m;

    for ( m = 0; m < FAKE_MFN0 + FAKE_FRAMES; m++ )
        n += frame_refs[m];
    return n;
}

/* shared_info's ownership (physmap.c): a host page here. */
void share_xen_page_with_domain(void *va, struct domain *d)
{
}

void unshare_xen_page(void *va)
{
    free(va);
}

/* Counted as domain.c counts them; tests check nothing leaks. */
static unsigned int destroyed __attribute__((unused));

struct domain *get_domain_by_id(domid_t id)
{
    struct domain *d = id == 0 ? dom0 : id == 1 ? dom1 : NULL;

    return d && get_domain(d) ? d : NULL;
}

void domain_destroy_final(struct domain *d)
{
    destroyed++;
}

size_t copy_from_guest_va(struct vcpu *v, void *dst, uint64_t va,
                          size_t len)
{
    if ( va == BAD_PTR )
        return len;
    memcpy(dst, (const void *)(uintptr_t)va, len);
    return 0;
}

size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len)
{
    if ( va == BAD_PTR )
        return len;
    memcpy((void *)(uintptr_t)va, src, len);
    return 0;
}

static struct domain *make_domain(unsigned int i, unsigned int nr_vcpus,
                                  bool compat)
{
    struct domain *d = calloc(1, sizeof(*d));
    unsigned int id;

    d->refcnt = 1;
    memset(shinfo[i], 0, sizeof(shinfo[i]));
    d->domain_id = i;
    d->is_privileged = i == 0;
    d->max_evtchn_port = ~0U;
    d->max_vcpus = 4;
    d->vcpu = calloc(4, sizeof(*d->vcpu));
    d->shared_info = shinfo[i];
    d->has_32bit_shinfo = compat;
    for ( id = 0; id < nr_vcpus; id++ )
    {
        struct vcpu *v = calloc(1, sizeof(*v));

        v->vcpu_id = id;
        v->domain = d;
        v->vcpu_info = compat
            ? (void *)&shared_info_compat(d)->vcpu_info[id]
            : (void *)&shared_info_native(d)->vcpu_info[id];
        d->vcpu[id] = vcpus[i][id] = v;
    }
    return d;
}

static void free_domain(struct domain *d)
{
    unsigned int id;

    if ( !d )
        return;
    evtchn_destroy(d);
    for ( id = 0; id < d->max_vcpus; id++ )
        free(d->vcpu[id]);
    free(d->vcpu);
    free(d);
}

static void setup_compat(bool compat1)
{
    free_domain(dom0);
    free_domain(dom1);
    memset(vcpus, 0, sizeof(vcpus));
    dom0 = make_domain(0, 3, false);
    dom1 = make_domain(1, 2, compat1);
    test_current = dom0->vcpu[0];
    test_compat = need_delivery = false;
    sleeps = timers_set = wakes = 0;
    timer_expiry = 0;
    deliveries = 0;
    last_delivered = NULL;
    memset(fake_frames, 0, sizeof(fake_frames));
    memset(frame_refs, 0, sizeof(frame_refs));
}

static void setup(void)
{
    setup_compat(false);
}

static void as(struct domain *d)
{
    test_current = d->vcpu[0];
}

static long op(int cmd, void *arg)
{
    return do_event_channel_op(cmd, (uint64_t)(uintptr_t)arg);
}

/* Guest-side views of the 2-level bits. */
static bool pending(const struct domain *d, evtchn_port_t p)
{
    return evtchn_2l_is_pending(d, p);
}

static bool masked(const struct domain *d, evtchn_port_t p)
{
    return evtchn_2l_is_masked(d, p);
}

static void set_mask(struct domain *d, evtchn_port_t p)
{
    set_bit(p, mask_bits(d));
}

static uint64_t sel(const struct vcpu *v)
{
    if ( v->domain->has_32bit_shinfo )
        return ((const struct compat_vcpu_info *)v->vcpu_info)
                   ->evtchn_pending_sel;
    return ((const struct vcpu_info *)v->vcpu_info)->evtchn_pending_sel;
}

static uint8_t upcall(const struct vcpu *v)
{
    return ((const struct vcpu_info *)v->vcpu_info)->evtchn_upcall_pending;
}

/* The guest acknowledges everything on v (as its upcall handler). */
static void ack(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    vi->evtchn_upcall_pending = 0;
    if ( v->domain->has_32bit_shinfo )
        ((struct compat_vcpu_info *)vi)->evtchn_pending_sel = 0;
    else
        vi->evtchn_pending_sel = 0;
}

static void clear_pending_bit(struct domain *d, evtchn_port_t p)
{
    clear_bit(p, pending_bits(d));
}

static long alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return rc;
}

static long bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain b = {
        .remote_dom = remote, .remote_port = rport,
    };
    long rc = op(EVTCHNOP_bind_interdomain, &b);

    *lport = b.local_port;
    return rc;
}

static long bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_virq, &b);

    *port = b.port;
    return rc;
}

static long bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_ipi, &b);

    *port = b.port;
    return rc;
}

static long do_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return op(EVTCHNOP_close, &c);
}

static long do_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return op(EVTCHNOP_send, &s);
}

static long do_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return op(EVTCHNOP_unmask, &u);
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return op(EVTCHNOP_bind_vcpu, &b);
}

static long do_reset(domid_t dom)
{
    struct evtchn_reset r = { .dom = dom };

    return op(EVTCHNOP_reset, &r);
}

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *s)
{
    memset(s, 0xa5, sizeof(*s));
    s->dom = dom;
    s->port = port;
    return op(EVTCHNOP_status, s);
}

/* SCHEDOP_poll on nr ports, absolute timeout to (0: none). */
static long poll(const evtchn_port_t *ports, unsigned int nr, uint64_t to)
{
    struct sched_poll p = { .nr_ports = nr, .timeout = to };

    set_xen_guest_handle(p.ports, (evtchn_port_t *)ports);
    return evtchn_do_poll((uint64_t)(uintptr_t)&p);
}

#endif /* EVTCHN_FAKE_H */
