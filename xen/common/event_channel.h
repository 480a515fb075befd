/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The port table, shared by event_channel.c and the ABIs behind
 * struct evtchn_port_ops (event_2l.c, event_fifo.c).
 *
 * A port has storage once its bucket exists (port < valid_evtchns; the
 * table only grows until the domain goes).  It is valid for the guest
 * when, in addition, the domain's ABI can address it: a 32-bit guest's
 * 2-level ABI reaches 1024 ports, a 64-bit one's 4096, FIFO 2^17.  A
 * domain that switches ABI or layout may so have bound ports it cannot
 * address; they still have to be closed when it goes.
 */
#ifndef EVENT_CHANNEL_PRIVATE_H
#define EVENT_CHANNEL_PRIVATE_H

#include <xen/event.h>
#include <xen/sched.h>

BUILD_BUG_ON(EVTCHN_NR_GROUPS * EVTCHNS_PER_GROUP != EVTCHN_MAX_PORTS);
BUILD_BUG_ON(ARRAY_SIZE(((struct domain *)0)->evtchn_group) !=
             EVTCHN_NR_GROUPS);

static inline bool port_has_storage(const struct domain *d,
                                    evtchn_port_t port)
{
    return port < READ_ONCE(d->valid_evtchns);
}

static inline bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn_port_ops *ops = READ_ONCE(d->evtchn_port_ops);

    return ops && port_has_storage(d, port) && port < ops->max_ports(d);
}

/* The port's struct evtchn; port must have storage. */
static inline struct evtchn *evtchn_from_port(const struct domain *d,
                                              evtchn_port_t port)
{
    unsigned int g = port / EVTCHNS_PER_GROUP;
    unsigned int b = port / EVTCHNS_PER_BUCKET % EVTCHN_BUCKETS_PER_GROUP;

    return &d->evtchn_group[g][b][port % EVTCHNS_PER_BUCKET];
}

/* vCPU id of d, or NULL: the check for every vcpu argument. */
static inline struct vcpu *domain_vcpu(const struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

#endif /* EVENT_CHANNEL_PRIVATE_H */
