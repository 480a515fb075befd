/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor interface through Xen 4.17's libraries (tools/libxc)
 * and one Linux device:
 *  - libxenevtchn: bind, notify, pending ports (read without blocking),
 *    unmask, VIRQ_DOM_EXC;
 *  - libxengnttab: a guest's GNTTAB_RESERVED_XENSTORE grant, with a
 *    libxenforeignmemory mapping of the introduced gfn as fallback;
 *  - libxenctrl: xc_domain_getinfolist for domain states;
 *  - /dev/xen/xenbus_backend: dom0's own page (mmap) and port (ioctl),
 *    which no library wraps (Xen's xenstored opens it the same way);
 *    the ioctl is Linux's include/xen/xenbus_dev.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>

#include "core.h"
#include "platform.h"

#define IOCTL_XENBUS_BACKEND_EVTCHN  _IOC(_IOC_NONE, 'B', 0, 0)

static xenevtchn_handle *xce;
static xengnttab_handle *xgt;
static xenforeignmemory_handle *xfm;
static xc_interface *xch;

/* How each ring was mapped, to undo it the same way. */
struct lx_mapping {
    void *ring;
    bool by_grant;
    struct lx_mapping *next;
};
static struct lx_mapping *mappings;

static int lx_evtchn_fd(void)
{
    if ( !xce && (xce = xenevtchn_open(NULL, 0)) )
        fcntl(xenevtchn_fd(xce), F_SETFL, O_NONBLOCK);
    return xce ? xenevtchn_fd(xce) : -1;
}

static int lx_evtchn_bind(unsigned int domid, unsigned int remote_port)
{
    if ( lx_evtchn_fd() < 0 )
        return -1;
    return xenevtchn_bind_interdomain(xce, domid, remote_port);
}

static void lx_evtchn_unbind(unsigned int port)
{
    if ( xce )
        xenevtchn_unbind(xce, port);
}

static void lx_evtchn_notify(unsigned int port)
{
    if ( xce )
        xenevtchn_notify(xce, port);
}

static int lx_evtchn_pending(void)
{
    return xce ? xenevtchn_pending(xce) : -1;
}

static void lx_evtchn_unmask(unsigned int port)
{
    if ( xce && xenevtchn_unmask(xce, port) )
        xs_log("cannot unmask port %u\n", port);
}

static int lx_evtchn_bind_dom_exc(void)
{
    if ( lx_evtchn_fd() < 0 )
        return -1;
    return xenevtchn_bind_virq(xce, VIRQ_DOM_EXC);
}

static void *lx_map(unsigned int domid, uint64_t gfn, bool *by_grant)
{
    xen_pfn_t pfn = gfn;
    void *p = NULL;

    if ( !xgt )
        xgt = xengnttab_open(NULL, 0);
    if ( xgt )
        p = xengnttab_map_grant_ref(xgt, domid, GNTTAB_RESERVED_XENSTORE,
                                    PROT_READ | PROT_WRITE);
    *by_grant = p != NULL;
    if ( p )
        return p;
    if ( !xfm )
        xfm = xenforeignmemory_open(NULL, 0);
    return xfm ? xenforeignmemory_map(xfm, domid, PROT_READ | PROT_WRITE, 1,
                                      &pfn, NULL) : NULL;
}

static void *lx_ring_map(unsigned int domid, uint64_t gfn)
{
    struct lx_mapping *m = calloc(1, sizeof(*m));

    if ( !m )
        return NULL;
    m->ring = lx_map(domid, gfn, &m->by_grant);
    if ( !m->ring )
    {
        free(m);
        return NULL;
    }
    m->next = mappings;
    mappings = m;
    return m->ring;
}

static void lx_ring_unmap(unsigned int domid, void *ring)
{
    struct lx_mapping **pp, *m;

    for ( pp = &mappings; (m = *pp); pp = &m->next )
    {
        if ( m->ring != ring )
            continue;
        if ( m->by_grant )
            xengnttab_unmap(xgt, ring, 1);
        else
            xenforeignmemory_unmap(xfm, ring, 1);
        *pp = m->next;
        free(m);
        return;
    }
}

static void *lx_dom0_ring(unsigned int *remote_port)
{
    int fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC), port;
    void *p = MAP_FAILED;

    if ( fd < 0 )
        return NULL;
    port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
    if ( port > 0 )
        p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if ( p == MAP_FAILED )
        return NULL;
    *remote_port = port;
    return p;
}

static int lx_domain_state(unsigned int domid, unsigned int *flags)
{
    xc_domaininfo_t info;
    int n;

    if ( !xch && !(xch = xc_interface_open(NULL, NULL, 0)) )
        return 0;   /* cannot tell: assume it lives */
    n = xc_domain_getinfolist(xch, domid, 1, &info);
    if ( n < 0 )
        return errno == ESRCH ? -1 : 0;
    /* The list starts at the next domain when domid is gone. */
    if ( n == 0 || info.domain != domid )
        return -1;
    *flags = (info.flags & XEN_DOMINF_dying ? XS_DOMSTATE_DYING : 0) |
             (info.flags & XEN_DOMINF_shutdown ? XS_DOMSTATE_SHUTDOWN : 0);
    return 0;
}

const struct xs_platform xs_platform_linux = {
    .name = "linux",
    .evtchn_fd = lx_evtchn_fd,
    .evtchn_bind = lx_evtchn_bind,
    .evtchn_unbind = lx_evtchn_unbind,
    .evtchn_notify = lx_evtchn_notify,
    .evtchn_pending = lx_evtchn_pending,
    .evtchn_unmask = lx_evtchn_unmask,
    .evtchn_bind_dom_exc = lx_evtchn_bind_dom_exc,
    .ring_map = lx_ring_map,
    .ring_unmap = lx_ring_unmap,
    .dom0_ring = lx_dom0_ring,
    .domain_state = lx_domain_state,
};
