/* SPDX-License-Identifier: GPL-2.0-only */
/* No hypervisor (--no-domains, or no /dev/xen): sockets only. */
#include <stddef.h>

#include "core.h"
#include "platform.h"

static int none_fd(void) { return -1; }
static int none_bind(unsigned int d, unsigned int p) { return -1; }
static void none_port(unsigned int p) { }
static int none_pending(void) { return -1; }
static int none_virq(void) { return -1; }
static void *none_map(unsigned int d, uint64_t gfn) { return NULL; }
static void none_unmap(unsigned int d, void *r) { }
static void *none_dom0(unsigned int *p) { return NULL; }
static int none_state(unsigned int d, unsigned int *f) { return -1; }

const struct xs_platform xs_platform_none = {
    .name = "none",
    .evtchn_fd = none_fd,
    .evtchn_bind = none_bind,
    .evtchn_unbind = none_port,
    .evtchn_notify = none_port,
    .evtchn_pending = none_pending,
    .evtchn_unmask = none_port,
    .evtchn_bind_dom_exc = none_virq,
    .ring_map = none_map,
    .ring_unmap = none_unmap,
    .dom0_ring = none_dom0,
    .domain_state = none_state,
};
