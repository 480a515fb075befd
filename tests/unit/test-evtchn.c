/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (xen/common/event_channel.c with the 2-level ABI of
 * event_2l.c), driven through do_event_channel_op() as a guest would:
 * the port state machine (alloc, bind, close, reset), interdomain
 * connections within a domain and between two, VIRQs per vCPU and
 * global, IPIs, rebinding, the pending/mask/selector bits in a host-side
 * shared_info in the native and the compat layout, upcall edges, port
 * exhaustion, and every error path Xen 4.17 has for bad arguments.
 * arch_evtchn_deliver() is a recording stand-in.
 */
#include "evtchn-fake.h"

/* ---- Tests ---- */

TEST(t_port0_reserved)
{
    struct evtchn_status s;

    setup();
    EXPECT_EQ(status(DOMID_SELF, 0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_closed);
    EXPECT_EQ(do_close(0), -EINVAL);
    EXPECT_EQ(do_send(0), -EINVAL);
    EXPECT_EQ(bind_vcpu(0, 0), -EINVAL);
    EXPECT_EQ(do_unmask(0), 0);
}

TEST(t_alloc_unbound)
{
    struct evtchn_status s;
    evtchn_port_t p1, p2, p3;

    setup();
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &p1), 0);
    EXPECT_EQ(p1, 1);
    EXPECT_EQ(alloc_unbound(0, DOMID_SELF, &p2), 0);
    EXPECT_EQ(p2, 2);
    EXPECT_EQ(status(DOMID_SELF, p1, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(s.u.unbound.dom, 1);
    EXPECT_EQ(s.vcpu, 0);
    EXPECT_EQ(status(0, p2, &s), 0);
    EXPECT_EQ(s.u.unbound.dom, 0);            /* DOMID_SELF resolved */
    /* The privileged domain may allocate in another one. */
    EXPECT_EQ(alloc_unbound(1, 0, &p3), 0);
    EXPECT_EQ(p3, 1);
    EXPECT_EQ(dom1->valid_evtchns, EVTCHNS_PER_BUCKET);
    /* Close frees: the number comes back. */
    EXPECT_EQ(do_close(p1), 0);
    EXPECT_EQ(do_close(p1), -EINVAL);
    EXPECT_EQ(status(DOMID_SELF, p1, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_closed);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &p1), 0);
    EXPECT_EQ(p1, 1);
}

TEST(t_alloc_unbound_errors)
{
    evtchn_port_t p;

    setup();
    EXPECT_EQ(alloc_unbound(7, 0, &p), -ESRCH);
    as(dom1);
    EXPECT_EQ(alloc_unbound(0, 1, &p), -EPERM);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p), 0);
    EXPECT_EQ(p, 1);
}

TEST(t_loopback_interdomain)
{
    struct evtchn_status s;
    evtchn_port_t rp, lp;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(alloc_unbound(DOMID_SELF, DOMID_SELF, &rp), 0);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, rp, &lp), 0);
    EXPECT_EQ(lp, 2);
    EXPECT_EQ(status(DOMID_SELF, lp, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(s.u.interdomain.dom, 0);
    EXPECT_EQ(s.u.interdomain.port, rp);
    EXPECT_EQ(status(DOMID_SELF, rp, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(s.u.interdomain.port, lp);
    /* Binding notifies the new local port (lost events from before). */
    EXPECT(pending(dom0, lp));
    EXPECT(!pending(dom0, rp));
    EXPECT_EQ(sel(v0), 1);
    EXPECT_EQ(upcall(v0), 1);
    EXPECT_EQ(deliveries, 1);
    ack(v0);
    clear_pending_bit(dom0, lp);
    /* Each end signals the other. */
    EXPECT_EQ(do_send(lp), 0);
    EXPECT(pending(dom0, rp));
    EXPECT(!pending(dom0, lp));
    clear_pending_bit(dom0, rp);
    EXPECT_EQ(do_send(rp), 0);
    EXPECT(pending(dom0, lp));
    /* Closing one end leaves the other unbound, for the same domain. */
    EXPECT_EQ(do_close(lp), 0);
    EXPECT(!pending(dom0, lp));                /* cleared on free */
    EXPECT_EQ(status(DOMID_SELF, rp, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(s.u.unbound.dom, 0);
    clear_pending_bit(dom0, rp);
    EXPECT_EQ(do_send(rp), 0);                 /* unbound: dropped */
    EXPECT(!pending(dom0, rp));
    /* ... and it may be bound again. */
    EXPECT_EQ(bind_interdomain(0, rp, &lp), 0);
    EXPECT_EQ(lp, 2);
}

TEST(t_bind_interdomain_errors)
{
    evtchn_port_t rp, other, lp, vp;

    setup();
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &other), 0);  /* for dom1 */
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 0, &vp), 0);
    EXPECT_EQ(bind_interdomain(9, 1, &lp), -ESRCH);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, 0, &lp), -EINVAL);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, 4096, &lp), -EINVAL);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, 0xffffffff, &lp), -EINVAL);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, 100, &lp), -EINVAL); /* free */
    EXPECT_EQ(bind_interdomain(DOMID_SELF, vp, &lp), -EINVAL);  /* virq */
    EXPECT_EQ(bind_interdomain(DOMID_SELF, other, &lp), -EINVAL);
    /* dom1 has no table yet: a port there is invalid, not a crash. */
    EXPECT_EQ(bind_interdomain(1, 1, &lp), -EINVAL);
    /* Failed binds consumed no port. */
    EXPECT_EQ(alloc_unbound(DOMID_SELF, DOMID_SELF, &rp), 0);
    EXPECT_EQ(rp, 3);
    /* Already connected: not unbound any more. */
    EXPECT_EQ(bind_interdomain(DOMID_SELF, rp, &lp), 0);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, rp, &lp), -EINVAL);
}

TEST(t_cross_domain)
{
    struct evtchn_status s;
    evtchn_port_t p1, p0;
    struct vcpu *d1v0;

    setup();
    d1v0 = dom1->vcpu[0];
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p1), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, p1, &p0), 0);
    EXPECT_EQ(p0, 1);
    ack(dom0->vcpu[0]);
    clear_pending_bit(dom0, p0);
    deliveries = 0;
    EXPECT_EQ(do_send(p0), 0);
    EXPECT(pending(dom1, p1));
    EXPECT(!pending(dom0, p1));
    EXPECT_EQ(sel(d1v0), 1);
    EXPECT_EQ(upcall(d1v0), 1);
    EXPECT_EQ(deliveries, 1);
    EXPECT(last_delivered == d1v0);
    /* dom1 moves its end to vCPU 1. */
    as(dom1);
    EXPECT_EQ(bind_vcpu(p1, 1), 0);
    EXPECT_EQ(status(DOMID_SELF, p1, &s), 0);
    EXPECT_EQ(s.vcpu, 1);
    clear_pending_bit(dom1, p1);
    as(dom0);
    EXPECT_EQ(do_send(p0), 0);
    EXPECT_EQ(sel(dom1->vcpu[1]), 1);
    EXPECT(last_delivered == dom1->vcpu[1]);
    /* dom1 may not look at dom0's ports; dom0 may look at dom1's. */
    as(dom1);
    EXPECT_EQ(status(0, p0, &s), -EPERM);
    as(dom0);
    EXPECT_EQ(status(1, p1, &s), 0);
    EXPECT_EQ(s.u.interdomain.dom, 0);
    /* dom1 closes: dom0's end waits for dom1 again. */
    as(dom1);
    EXPECT_EQ(do_close(p1), 0);
    as(dom0);
    EXPECT_EQ(status(DOMID_SELF, p0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(s.u.unbound.dom, 1);
}

TEST(t_destroy_unbinds_peer)
{
    struct evtchn_status s;
    evtchn_port_t p1, p0;

    setup();
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p1), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, p1, &p0), 0);
    evtchn_destroy(dom1);
    EXPECT(dom1->evtchn_group[0] == NULL);
    EXPECT_EQ(status(DOMID_SELF, p0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(s.u.unbound.dom, 1);
}

TEST(t_virq_per_vcpu)
{
    struct evtchn_status s;
    evtchn_port_t p, q, r;
    struct vcpu *v1;

    setup();
    v1 = dom0->vcpu[1];
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 1, &p), 0);
    EXPECT_EQ(v1->virq_to_evtchn[VIRQ_TIMER], p);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 1, &q), -EEXIST);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 0, &q), 0);        /* other vCPU */
    EXPECT(q != p);
    EXPECT_EQ(status(DOMID_SELF, p, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_virq);
    EXPECT_EQ(s.u.virq, VIRQ_TIMER);
    EXPECT_EQ(s.vcpu, 1);
    /* The hypervisor raises it on v1: v1's selector, not v0's. */
    send_guest_vcpu_virq(v1, VIRQ_TIMER);
    EXPECT(pending(dom0, p));
    EXPECT(!pending(dom0, q));
    EXPECT_EQ(sel(v1), 1);
    EXPECT_EQ(sel(dom0->vcpu[0]), 0);
    EXPECT(last_delivered == v1);
    /* Unbound VIRQs and bad numbers are ignored. */
    deliveries = 0;
    send_guest_vcpu_virq(dom0->vcpu[2], VIRQ_TIMER);
    send_guest_vcpu_virq(v1, NR_VIRQS);
    send_guest_vcpu_virq(v1, VIRQ_DEBUG);
    EXPECT_EQ(deliveries, 0);
    /* Not something a guest sends on, nor moves. */
    EXPECT_EQ(do_send(p), -EINVAL);
    EXPECT_EQ(bind_vcpu(p, 2), -EINVAL);
    /* Close unbinds it from v1; it may be bound again. */
    EXPECT_EQ(do_close(p), 0);
    EXPECT_EQ(v1->virq_to_evtchn[VIRQ_TIMER], 0);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 1, &r), 0);
    EXPECT_EQ(r, p);
}

TEST(t_virq_errors)
{
    evtchn_port_t p;

    setup();
    EXPECT_EQ(bind_virq(NR_VIRQS, 0, &p), -EINVAL);
    EXPECT_EQ(bind_virq(0xffffffff, 0, &p), -EINVAL);
    EXPECT_EQ(bind_virq(VIRQ_CONSOLE, 1, &p), -EINVAL);   /* global */
    EXPECT_EQ(bind_virq(VIRQ_DOM_EXC, 99, &p), -EINVAL);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 3, &p), -ENOENT);     /* no vCPU 3 */
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 4, &p), -ENOENT);     /* >= max */
    EXPECT_EQ(bind_virq(VIRQ_DEBUG, 0xffffffff, &p), -ENOENT);
    /* Nothing was allocated on the way. */
    EXPECT_EQ(bind_virq(VIRQ_CONSOLE, 0, &p), 0);
    EXPECT_EQ(p, 1);
}

TEST(t_virq_global)
{
    evtchn_port_t p;
    struct vcpu *v2;

    setup();
    v2 = dom0->vcpu[2];
    EXPECT_EQ(bind_virq(VIRQ_DOM_EXC, 0, &p), 0);
    EXPECT_EQ(dom0->vcpu[0]->virq_to_evtchn[VIRQ_DOM_EXC], p);
    send_guest_global_virq(dom0, VIRQ_DOM_EXC);
    EXPECT(pending(dom0, p));
    EXPECT(last_delivered == dom0->vcpu[0]);
    clear_pending_bit(dom0, p);
    /* A global VIRQ may move to another vCPU. */
    EXPECT_EQ(bind_vcpu(p, 2), 0);
    send_guest_global_virq(dom0, VIRQ_DOM_EXC);
    EXPECT(pending(dom0, p));
    EXPECT_EQ(sel(v2), 1);
    EXPECT(last_delivered == v2);
    /* Unbound global VIRQs, and a domain without event channels. */
    deliveries = 0;
    send_guest_global_virq(dom0, VIRQ_CONSOLE);
    send_guest_global_virq(dom1, VIRQ_CONSOLE);
    send_guest_global_virq(dom0, 1000);
    EXPECT_EQ(deliveries, 0);
    EXPECT_EQ(do_close(p), 0);
    EXPECT_EQ(dom0->vcpu[0]->virq_to_evtchn[VIRQ_DOM_EXC], 0);
}

TEST(t_ipi)
{
    struct evtchn_status s;
    evtchn_port_t p, q;

    setup();
    EXPECT_EQ(bind_ipi(2, &p), 0);
    EXPECT_EQ(status(DOMID_SELF, p, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_ipi);
    EXPECT_EQ(s.vcpu, 2);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(pending(dom0, p));
    EXPECT_EQ(sel(dom0->vcpu[2]), 1);
    EXPECT(last_delivered == dom0->vcpu[2]);
    EXPECT_EQ(bind_vcpu(p, 1), -EINVAL);       /* IPIs stay put */
    EXPECT_EQ(bind_ipi(3, &q), -ENOENT);
    EXPECT_EQ(bind_ipi(4, &q), -ENOENT);
    EXPECT_EQ(bind_ipi(0x80000000, &q), -ENOENT);
    EXPECT_EQ(do_close(p), 0);
    EXPECT_EQ(do_send(p), -EINVAL);            /* closed */
}

TEST(t_bind_vcpu_checks)
{
    struct evtchn_status s;
    evtchn_port_t p;

    setup();
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &p), 0);
    EXPECT_EQ(bind_vcpu(p, 3), -ENOENT);
    EXPECT_EQ(bind_vcpu(p, 4), -ENOENT);
    EXPECT_EQ(bind_vcpu(200, 1), -EINVAL);     /* free port */
    EXPECT_EQ(bind_vcpu(5000, 1), -EINVAL);    /* beyond the table */
    EXPECT_EQ(bind_vcpu(p, 2), 0);
    EXPECT_EQ(status(DOMID_SELF, p, &s), 0);
    EXPECT_EQ(s.vcpu, 2);
    /* Freeing resets the binding to vCPU 0. */
    EXPECT_EQ(do_close(p), 0);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &p), 0);
    EXPECT_EQ(status(DOMID_SELF, p, &s), 0);
    EXPECT_EQ(s.vcpu, 0);
}

TEST(t_mask_unmask)
{
    evtchn_port_t p;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    set_mask(dom0, p);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(pending(dom0, p));
    EXPECT_EQ(sel(v0), 0);                     /* masked: no upcall */
    EXPECT_EQ(upcall(v0), 0);
    EXPECT_EQ(deliveries, 0);
    EXPECT_EQ(do_unmask(p), 0);
    EXPECT(!masked(dom0, p));
    EXPECT_EQ(sel(v0), 1);
    EXPECT_EQ(upcall(v0), 1);
    EXPECT_EQ(deliveries, 1);
    /* Unmasking an unmasked port does nothing. */
    ack(v0);
    EXPECT_EQ(do_unmask(p), 0);
    EXPECT_EQ(sel(v0), 0);
    EXPECT_EQ(deliveries, 1);
    /* Masked but not pending: unmask just clears the mask. */
    clear_pending_bit(dom0, p);
    set_mask(dom0, p);
    EXPECT_EQ(do_unmask(p), 0);
    EXPECT(!masked(dom0, p));
    EXPECT_EQ(deliveries, 1);
    EXPECT_EQ(do_unmask(4096), -EINVAL);
    EXPECT_EQ(do_unmask(EVTCHNS_PER_BUCKET), -EINVAL);   /* not grown */
}

TEST(t_2l_edges)
{
    evtchn_port_t p, q;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(bind_ipi(0, &q), 0);
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(deliveries, 1);
    /* Still pending: no second edge. */
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(deliveries, 1);
    /* Another port in the same word: selector already set, no edge. */
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 1);
    EXPECT(pending(dom0, q));
    /* Selector clear but upcall still pending: no new delivery. */
    clear_pending_bit(dom0, q);
    ((struct vcpu_info *)v0->vcpu_info)->evtchn_pending_sel = 0;
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(sel(v0), 1);
    EXPECT_EQ(deliveries, 1);
    /* After the guest's acknowledgement, the next event delivers. */
    ack(v0);
    clear_pending_bit(dom0, q);
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 2);
    EXPECT(vcpu_event_pending(v0));
}

TEST(t_2l_selector_words)
{
    unsigned long flags;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(evtchn_init(dom0), 0);
    /* Grow the table so ports up to 4095 exist. */
    event_lock(dom0, &flags);
    while ( !grow_table(dom0) )
        ;
    event_unlock(dom0, flags);
    EXPECT_EQ(dom0->valid_evtchns, 4096);
    evtchn_2l_set_pending(v0, 4095);
    EXPECT_EQ(sel(v0), 1ULL << 63);
    EXPECT_EQ(shared_info_native(dom0)->evtchn_pending[63], 1ULL << 63);
    ack(v0);
    evtchn_2l_set_pending(v0, 64);
    EXPECT_EQ(sel(v0), 2);
    EXPECT_EQ(shared_info_native(dom0)->evtchn_pending[1], 1);
    evtchn_2l_clear_pending(dom0, 64);
    EXPECT_EQ(shared_info_native(dom0)->evtchn_pending[1], 0);
    EXPECT_EQ(evtchn_2l_max_ports(dom0), 4096);
}

TEST(t_2l_compat_layout)
{
    const struct compat_shared_info *cs;
    evtchn_port_t p;
    struct vcpu *v1;
    int i;

    setup_compat(true);
    cs = shared_info_compat(dom1);
    v1 = dom1->vcpu[1];
    EXPECT_EQ(evtchn_init(dom1), 0);
    EXPECT_EQ(evtchn_2l_max_ports(dom1), 1024);
    evtchn_2l_set_pending(v1, 33);
    EXPECT_EQ(cs->evtchn_pending[1], 2);
    EXPECT_EQ(sel(v1), 2);                      /* word 1 of 32 bits */
    EXPECT_EQ(upcall(v1), 1);
    ack(v1);
    evtchn_2l_set_pending(v1, 1023);
    EXPECT_EQ(cs->evtchn_pending[31], 0x80000000U);
    EXPECT_EQ(sel(v1), 0x80000000U);
    /* The mask array is the compat one too. */
    ack(v1);
    set_bit(40, mask_bits(dom1));
    EXPECT_EQ(cs->evtchn_mask[1], 1U << 8);
    evtchn_2l_set_pending(v1, 40);
    EXPECT_EQ(sel(v1), 0);
    evtchn_2l_unmask(v1, 40);
    EXPECT_EQ(sel(v1), 2);
    /* Ports run out at 1023 in this layout. */
    as(dom1);
    for ( i = 0; i < 2000; i++ )
        if ( alloc_unbound(DOMID_SELF, 0, &p) )
            break;
    EXPECT_EQ(i, 1023);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p), -ENOSPC);
    EXPECT_EQ(dom1->valid_evtchns, 1024);
}

TEST(t_port_exhaustion)
{
    evtchn_port_t p, last = 0;
    unsigned int n = 0, bad = 0;

    setup();
    while ( alloc_unbound(DOMID_SELF, 1, &p) == 0 )
    {
        bad += p != last + 1;
        last = p;
        n++;
    }
    EXPECT_EQ(n, 4095);
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(last, 4095);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &p), -ENOSPC);
    EXPECT_EQ(bind_ipi(0, &p), -ENOSPC);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 0, &p), -ENOSPC);
    EXPECT_EQ(dom0->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);
    EXPECT_EQ(do_close(1000), 0);
    EXPECT_EQ(bind_ipi(1, &p), 0);
    EXPECT_EQ(p, 1000);
    EXPECT_EQ(do_close(4096), -EINVAL);
}

TEST(t_reset)
{
    struct evtchn_status s;
    evtchn_port_t p1, p0, v;

    setup();
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p1), 0);
    EXPECT_EQ(do_reset(0), -EPERM);
    EXPECT_EQ(do_reset(5), -ESRCH);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, p1, &p0), 0);
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 1, &v), 0);
    /* Another domain only while it is paused. */
    EXPECT_EQ(do_reset(1), -EINVAL);
    dom1->pause_count = 1;
    EXPECT_EQ(do_reset(1), 0);
    dom1->pause_count = 0;
    EXPECT_EQ(status(1, p1, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_closed);
    EXPECT_EQ(status(DOMID_SELF, p0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
    /* A domain resets itself: everything closed, VIRQs unbound. */
    EXPECT_EQ(do_reset(DOMID_SELF), 0);
    EXPECT_EQ(status(DOMID_SELF, p0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_closed);
    EXPECT_EQ(dom0->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], 0);
    EXPECT_EQ(status(DOMID_SELF, 0, &s), 0);    /* port 0 survives */
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 1, &v), 0);
    EXPECT_EQ(v, 1);
}

TEST(t_status_errors)
{
    struct evtchn_status s;

    setup();
    EXPECT_EQ(status(3, 0, &s), -ESRCH);
    EXPECT_EQ(status(DOMID_SELF, EVTCHNS_PER_BUCKET, &s), -EINVAL);
    EXPECT_EQ(status(DOMID_SELF, 0xffffffff, &s), -EINVAL);
    EXPECT_EQ(status(DOMID_SELF, 5, &s), 0);     /* free */
    EXPECT_EQ(s.status, EVTCHNSTAT_closed);
    EXPECT_EQ(s.vcpu, 0);
    EXPECT_EQ(s.u.virq, 0);                     /* union cleared */
}

TEST(t_unsupported_and_faults)
{
    struct evtchn_bind_pirq bp = { .pirq = 9 };
    struct evtchn_init_control ic = { 0 };
    struct evtchn_expand_array ea = { 0 };
    struct evtchn_set_priority sp = { 0 };

    setup();
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -ENOSYS);
    /* FIFO sub-ops on a 2-level domain (test-evtchn-fifo.c for more). */
    EXPECT_EQ(op(EVTCHNOP_init_control, &ic), -EINVAL);   /* gfn 0 */
    EXPECT_EQ(op(EVTCHNOP_expand_array, &ea), -EOPNOTSUPP);
    EXPECT_EQ(op(EVTCHNOP_set_priority, &sp), -ENOSYS);
    sp.port = 4096;
    EXPECT_EQ(op(EVTCHNOP_set_priority, &sp), -EINVAL);
    EXPECT_EQ(op(EVTCHNOP_init_control, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(EVTCHNOP_expand_array, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(EVTCHNOP_set_priority, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(14, &sp), -ENOSYS);
    EXPECT_EQ(op(-1, &sp), -ENOSYS);
    EXPECT_EQ(op(EVTCHNOP_alloc_unbound, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(EVTCHNOP_send, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(EVTCHNOP_status, (void *)BAD_PTR), -EFAULT);
    EXPECT_EQ(op(EVTCHNOP_reset, (void *)BAD_PTR), -EFAULT);
    /* A domain without shared_info has no event channels. */
    dom1->shared_info = NULL;
    as(dom1);
    EXPECT_EQ(op(EVTCHNOP_send, &sp), -ENOSYS);
    as(dom0);
    EXPECT_EQ(evtchn_init(dom1), -EINVAL);
    dom1->shared_info = shinfo[1];
}

TEST(t_vcpu_without_vcpu_info)
{
    evtchn_port_t p;
    struct vcpu *v2;

    setup();
    v2 = dom0->vcpu[2];
    v2->vcpu_info = NULL;
    EXPECT_EQ(bind_ipi(2, &p), 0);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(pending(dom0, p));                   /* kept for later */
    EXPECT_EQ(deliveries, 0);
    EXPECT(!vcpu_event_pending(v2));
    vcpu_mark_events_pending(v2);
    EXPECT_EQ(deliveries, 0);
}

TEST(t_unblock)
{
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    set_bit(_VPF_blocked, &v0->pause_flags);
    vcpu_unblock(v0);
    EXPECT(!test_bit(_VPF_blocked, &v0->pause_flags));
    EXPECT(!vcpu_event_pending(v0));
    vcpu_mark_events_pending(v0);
    EXPECT(vcpu_event_pending(v0));
    EXPECT_EQ(deliveries, 1);
    vcpu_mark_events_pending(v0);
    EXPECT_EQ(deliveries, 1);
}

/* ---- SCHEDOP_poll ---- */

static bool blocked(const struct vcpu *v)
{
    return test_bit(_VPF_blocked, &v->pause_flags);
}

TEST(t_poll_blocks_and_wakes)
{
    evtchn_port_t p, q, ports[2];
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(bind_ipi(0, &q), 0);
    set_mask(dom0, p);                  /* a PV spinlock kicker is masked */
    EXPECT_EQ(poll(&p, 1, 0), 0);
    EXPECT(blocked(v0));
    EXPECT(v0->polling);
    EXPECT_EQ(v0->poll_evtchn, p);
    EXPECT_EQ(sleeps, 1);
    EXPECT_EQ(timers_set, 0);
    /* Another port does not wake a single-port poller. */
    EXPECT_EQ(do_send(q), 0);
    EXPECT(v0->polling);
    /* Its own port does, though masked, and without an upcall. */
    clear_bit(_VPF_blocked, &v0->pause_flags);  /* undo q's upcall kick */
    set_bit(_VPF_blocked, &v0->pause_flags);
    ack(v0);
    deliveries = 0;
    EXPECT_EQ(do_send(p), 0);
    EXPECT(!v0->polling);
    EXPECT(!blocked(v0));
    EXPECT_EQ(v0->poll_evtchn, 0);
    EXPECT_EQ(deliveries, 0);
    /* Several ports: any event wakes. */
    clear_pending_bit(dom0, p);
    clear_pending_bit(dom0, q);
    ports[0] = p, ports[1] = q;
    EXPECT_EQ(poll(ports, 2, 0), 0);
    EXPECT_EQ(v0->poll_evtchn, -1);
    EXPECT_EQ(do_send(q), 0);
    EXPECT(!v0->polling);
    EXPECT(!blocked(v0));
}

TEST(t_poll_returns_at_once)
{
    evtchn_port_t p, ports[3];
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(do_send(p), 0);
    ports[0] = 5, ports[1] = p, ports[2] = 7;
    EXPECT_EQ(poll(ports, 3, 0), 0);            /* already pending */
    EXPECT(!blocked(v0));
    EXPECT(!v0->polling);
    EXPECT_EQ(sleeps, 0);
    clear_pending_bit(dom0, p);
    need_delivery = true;                       /* an interrupt waits */
    EXPECT_EQ(poll(&p, 1, 0), 0);
    EXPECT(!blocked(v0));
    EXPECT_EQ(sleeps, 0);
    need_delivery = false;
    EXPECT_EQ(poll(ports, 0, 0), 0);            /* no ports: block */
    EXPECT(blocked(v0));
}

TEST(t_poll_errors)
{
    evtchn_port_t ports[2] = { 4096, 1 };
    static evtchn_port_t many[129];
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(poll(ports, 1, 0), -EINVAL);      /* beyond 2-level */
    EXPECT(!blocked(v0));
    EXPECT(!v0->polling);
    EXPECT_EQ(poll(many, 129, 0), -EINVAL);     /* more than 128 */
    EXPECT_EQ(poll((void *)BAD_PTR, 1, 0), -EFAULT);
    EXPECT(!blocked(v0));
    EXPECT_EQ(evtchn_do_poll(BAD_PTR), -EFAULT);
    EXPECT_EQ(sleeps, 0);
}

TEST(t_poll_timeout)
{
    evtchn_port_t p;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(poll(&p, 1, 123456789), 0);
    EXPECT_EQ(timers_set, 1);
    EXPECT_EQ(timer_expiry, 123456789);
    EXPECT(v0->poll_timer.function != NULL);
    v0->poll_timer.function(v0->poll_timer.data);   /* it fires */
    EXPECT(!blocked(v0));
    EXPECT(!v0->polling);
    /* A late timer after the poll ended does nothing. */
    v0->poll_timer.function(v0->poll_timer.data);
    EXPECT(!v0->polling);
}

TEST(t_poll_compat_layout)
{
    /* handle (4 bytes), nr_ports, timeout (8 bytes at 8). */
    uint32_t raw[4] = { 0, 200, 0, 0 };
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    test_compat = true;
    EXPECT_EQ(evtchn_do_poll((uint64_t)(uintptr_t)raw), -EINVAL);
    raw[1] = 0;
    raw[2] = 777;
    EXPECT_EQ(evtchn_do_poll((uint64_t)(uintptr_t)raw), 0);
    EXPECT(blocked(v0));
    EXPECT_EQ(timer_expiry, 777);
}

TEST(t_dump_key)
{
    evtchn_port_t p, q;

    setup();
    EXPECT_EQ(bind_virq(VIRQ_TIMER, 0, &p), 0);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 1, &q), 0);
    EXPECT_EQ(bind_interdomain(DOMID_SELF, 0, &q), -EINVAL);
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &q), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, q, &p), 0);
    dom0->vcpu[2]->vcpu_info = NULL;
    domain_list = dom0;
    dom0->next_in_list = dom1;
    evtchn_dump('e');                   /* walks everything, prints */
    domain_list = NULL;
    EXPECT(true);
}

TEST(t_vector_reraise)
{
    evtchn_port_t p, q;
    struct vcpu *v0;

    setup();
    v0 = dom0->vcpu[0];
    EXPECT_EQ(bind_ipi(0, &p), 0);
    EXPECT_EQ(bind_ipi(0, &q), 0);
    /* Without a per-vCPU vector a pending upcall needs no reminder. */
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 1);
    /* With one, each newly pending port re-raises it ... */
    v0->evtchn_upcall_vector = 0xf3;
    clear_pending_bit(dom0, q);
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 2);
    /* ... but not an event on a port already pending ... */
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 2);
    /* ... nor one on a masked port. */
    clear_pending_bit(dom0, q);
    set_mask(dom0, q);
    EXPECT_EQ(do_send(q), 0);
    EXPECT_EQ(deliveries, 2);
    /* The selector set with no upcall pending: a plain edge. */
    ((struct vcpu_info *)v0->vcpu_info)->evtchn_upcall_pending = 0;
    clear_pending_bit(dom0, p);
    EXPECT_EQ(do_send(p), 0);
    EXPECT_EQ(deliveries, 3);
    EXPECT_EQ(upcall(v0), 1);
}

/*
 * Regression: a domain binds ports above 1023 and then latches the 32-bit
 * layout (domain_latch_shinfo_size(), e.g. its hypercall page written
 * from 32-bit mode).  An event on such a port used to shift the compat
 * selector by up to 127 bits and set bits past the compat arrays (into
 * the wall clock and beyond); now the port is dropped as beyond the
 * layout, and still closed when the domain goes.
 */
TEST(t_2l_compat_switch_with_high_ports)
{
    uint8_t before[4096];
    struct evtchn_status s;
    evtchn_port_t p, p0, high = 0;
    struct vcpu *v1;
    int i;

    setup();
    v1 = dom1->vcpu[1];
    as(dom1);
    for ( i = 0; i < 2000; i++ )
        EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &high), 0);
    EXPECT_EQ(high, 2000);
    EXPECT_EQ(bind_vcpu(high, 1), 0);
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, high, &p0), 0);
    as(dom1);
    EXPECT_EQ(do_close(33), 0);                 /* one free in range */
    for ( i = 0; i < 2; i++ )
        ack(dom1->vcpu[i]);

    /* The switch, as domain_latch_shinfo_size() does it. */
    dom1->has_32bit_shinfo = true;
    memcpy(before, shinfo[1], sizeof(before));
    as(dom0);
    EXPECT_EQ(do_send(p0), 0);                  /* dropped */
    EXPECT(!memcmp(before, shinfo[1], sizeof(before)));
    EXPECT_EQ(sel(v1), 0);
    EXPECT(!pending(dom1, high));
    EXPECT(masked(dom1, high));
    as(dom1);
    EXPECT_EQ(do_send(high), -EINVAL);          /* beyond the layout */
    EXPECT_EQ(do_unmask(high), -EINVAL);
    EXPECT_EQ(do_close(high), -EINVAL);
    EXPECT_EQ(bind_vcpu(high, 0), -EINVAL);
    EXPECT(!memcmp(before, shinfo[1], sizeof(before)));
    /* A port in range still works in the compat layout. */
    EXPECT_EQ(bind_ipi(1, &p), 0);
    EXPECT_EQ(p, 33);
    EXPECT_EQ(do_send(p), 0);
    EXPECT(pending(dom1, p));
    EXPECT_EQ(sel(v1), 2);                      /* 32-bit word 1 */

    /* Going away, dom1 still unbinds dom0's side of the high port. */
    evtchn_destroy(dom1);
    as(dom0);
    EXPECT_EQ(status(DOMID_SELF, p0, &s), 0);
    EXPECT_EQ(s.status, EVTCHNSTAT_unbound);
}

/*
 * A dying domain gets no new port, in its own table or as the remote
 * end of a bind (issue 7, item 4); lookups give their references back,
 * and closing an interdomain port holds the peer while it is unlocked.
 */
TEST(t_dying_domain_refuses_ports)
{
    evtchn_port_t p1, lp;
    evtchn_port_t before;

    setup();
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &p1), 0);
    as(dom0);
    EXPECT_EQ(alloc_unbound(1, 0, &before), 0);     /* privileged */
    dom1->is_dying = true;
    EXPECT_EQ(bind_interdomain(1, p1, &lp), -EINVAL);
    EXPECT_EQ(alloc_unbound(1, 0, &lp), -EINVAL);
    /* Nothing was half-bound: dom1's port still waits for dom0. */
    as(dom1);
    EXPECT_EQ(alloc_unbound(DOMID_SELF, 0, &lp), -EINVAL);
    dom1->is_dying = false;
    as(dom0);
    EXPECT_EQ(bind_interdomain(1, p1, &lp), 0);
    EXPECT_EQ(dom1->refcnt, 1);
    EXPECT_EQ(do_close(lp), 0);
    EXPECT_EQ(dom0->refcnt, 1);
    EXPECT_EQ(dom1->refcnt, 1);
    EXPECT_EQ(destroyed, 0);
}
