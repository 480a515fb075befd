/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pretend hypervisor for the tests and the fuzzer: ring pages are
 * plain memory, event channel ports are numbers, domain states come from
 * a table the test sets.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "platform.h"

#define FAKE_DOMS 64

static struct {
    bool exists;
    unsigned int flags;
    struct xenstore_domain_interface *ring;
    int port;
} doms[FAKE_DOMS];
static unsigned int notifications;
static int next_port = 10;
static bool virq_raised;

#define FAKE_VIRQ_PORT 1

struct xenstore_domain_interface *fake_ring(unsigned int domid)
{
    return domid < FAKE_DOMS ? doms[domid].ring : NULL;
}

void fake_domain_set(unsigned int domid, bool exists, unsigned int flags)
{
    if ( domid < FAKE_DOMS )
    {
        doms[domid].exists = exists;
        doms[domid].flags = flags;
    }
}

unsigned int fake_notifications(void)
{
    return notifications;
}

int fake_port_of(unsigned int domid)
{
    return domid < FAKE_DOMS ? doms[domid].port : -1;
}

static int fake_fd(void) { return -1; }

static int fake_bind(unsigned int domid, unsigned int remote)
{
    if ( domid >= FAKE_DOMS || !doms[domid].exists )
        return -1;
    doms[domid].port = next_port;
    return next_port++;
}

static void fake_unbind(unsigned int port) { }
static void fake_notify(unsigned int port) { notifications++; }
void fake_raise_virq(void)
{
    virq_raised = true;
}

static int fake_pending(void)
{
    if ( !virq_raised )
        return -1;
    virq_raised = false;
    return FAKE_VIRQ_PORT;
}

static void fake_unmask(unsigned int port) { }
static int fake_virq(void) { return FAKE_VIRQ_PORT; }

static void *fake_map(unsigned int domid, uint64_t gfn)
{
    if ( domid >= FAKE_DOMS || !doms[domid].exists )
        return NULL;
    if ( !doms[domid].ring )
        doms[domid].ring = calloc(1, 4096);
    return doms[domid].ring;
}

static void fake_unmap(unsigned int domid, void *ring)
{
    if ( domid < FAKE_DOMS && doms[domid].ring == ring )
    {
        free(ring);
        doms[domid].ring = NULL;
    }
}

static void *fake_dom0(unsigned int *port) { return NULL; }

static int fake_state(unsigned int domid, unsigned int *flags)
{
    if ( domid >= FAKE_DOMS || !doms[domid].exists )
        return -1;
    *flags = doms[domid].flags;
    return 0;
}

const struct xs_platform xs_platform_fake = {
    .name = "fake",
    .evtchn_fd = fake_fd,
    .evtchn_bind = fake_bind,
    .evtchn_unbind = fake_unbind,
    .evtchn_notify = fake_notify,
    .evtchn_pending = fake_pending,
    .evtchn_unmask = fake_unmask,
    .evtchn_bind_dom_exc = fake_virq,
    .ring_map = fake_map,
    .ring_unmap = fake_unmap,
    .dom0_ring = fake_dom0,
    .domain_state = fake_state,
};
