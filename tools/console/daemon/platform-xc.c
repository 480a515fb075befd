/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor through Xen 4.17's libraries: libxenctrl (domain list,
 * console ring of the hypervisor), libxenevtchn (one handle per bound
 * port, so each has its own fd), libxengnttab (the GNTTAB_RESERVED_CONSOLE
 * grant) and libxenforeignmemory (the gfn, when the grant is missing).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>

#include "platform.h"

struct plat_evtchn {
    xenevtchn_handle *xce;
    evtchn_port_t port;
};

static xc_interface *xch;
static xengnttab_handle *xgt;
static xenforeignmemory_handle *xfm;

int plat_open(void)
{
    xch = xc_interface_open(NULL, NULL, 0);
    if ( !xch )
        return -1;
    xfm = xenforeignmemory_open(NULL, 0);
    if ( !xfm )
        return -1;
    /* No gntdev: every ring is foreign-mapped (Xen does the same). */
    xgt = xengnttab_open(NULL, 0);
    return 0;
}

void plat_close(void)
{
    if ( xgt )
        xengnttab_close(xgt);
    if ( xfm )
        xenforeignmemory_close(xfm);
    if ( xch )
        xc_interface_close(xch);
    xgt = NULL;
    xfm = NULL;
    xch = NULL;
}

int plat_domains(unsigned int first, struct plat_dominfo *info,
                 unsigned int max)
{
    xc_domaininfo_t xi[64];
    int n, i;

    if ( max > 64 )
        max = 64;
    n = xc_domain_getinfolist(xch, first, max, xi);
    for ( i = 0; i < n; i++ )
    {
        info[i].domid = xi[i].domain;
        info[i].dying = xi[i].flags & XEN_DOMINF_dying;
    }
    return n;
}

bool plat_domain_exists(unsigned int domid)
{
    xc_domaininfo_t xi;

    return xc_domain_getinfolist(xch, domid, 1, &xi) == 1 &&
           xi.domain == domid;
}

struct xencons_interface *plat_map_ring(unsigned int domid, uint64_t gfn,
                                        bool *by_grant)
{
    xen_pfn_t pfn = gfn;
    void *p = NULL;

    if ( xgt )
        p = xengnttab_map_grant_ref(xgt, domid, GNTTAB_RESERVED_CONSOLE,
                                    PROT_READ | PROT_WRITE);
    *by_grant = p != NULL;
    if ( !p )
        p = xenforeignmemory_map(xfm, domid, PROT_READ | PROT_WRITE, 1,
                                 &pfn, NULL);
    return p;
}

void plat_unmap_ring(struct xencons_interface *intf, bool by_grant)
{
    if ( by_grant )
        xengnttab_unmap(xgt, intf, 1);
    else
        xenforeignmemory_unmap(xfm, intf, 1);
}

static struct plat_evtchn *plat_evtchn_new(void)
{
    struct plat_evtchn *e = calloc(1, sizeof(*e));

    if ( !e )
        return NULL;
    e->xce = xenevtchn_open(NULL, 0);
    if ( !e->xce )
    {
        free(e);
        return NULL;
    }
    /* A stale poll result must never block the loop in a read. */
    fcntl(xenevtchn_fd(e->xce), F_SETFL, O_NONBLOCK);
    return e;
}

/* Keep the bind's errno across the cleanup. */
static struct plat_evtchn *plat_evtchn_failed(struct plat_evtchn *e)
{
    int err = errno;

    xenevtchn_close(e->xce);
    free(e);
    errno = err;
    return NULL;
}

struct plat_evtchn *plat_bind(unsigned int domid, unsigned int remote_port)
{
    struct plat_evtchn *e = plat_evtchn_new();
    xenevtchn_port_or_error_t p;

    if ( !e )
        return NULL;
    p = xenevtchn_bind_interdomain(e->xce, domid, remote_port);
    if ( p < 0 )
        return plat_evtchn_failed(e);
    e->port = p;
    return e;
}

struct plat_evtchn *plat_bind_virq(unsigned int virq)
{
    struct plat_evtchn *e = plat_evtchn_new();
    xenevtchn_port_or_error_t p;

    if ( !e )
        return NULL;
    p = xenevtchn_bind_virq(e->xce, virq);
    if ( p < 0 )
        return plat_evtchn_failed(e);
    e->port = p;
    return e;
}

void plat_unbind(struct plat_evtchn *e)
{
    xenevtchn_unbind(e->xce, e->port);
    xenevtchn_close(e->xce);
    free(e);
}

int plat_evtchn_fd(const struct plat_evtchn *e)
{
    return xenevtchn_fd(e->xce);
}

bool plat_evtchn_pending(struct plat_evtchn *e)
{
    return xenevtchn_pending(e->xce) == (xenevtchn_port_or_error_t)e->port;
}

void plat_evtchn_unmask(struct plat_evtchn *e)
{
    xenevtchn_unmask(e->xce, e->port);
}

void plat_notify(struct plat_evtchn *e)
{
    xenevtchn_notify(e->xce, e->port);
}

int plat_read_hv_console(char *buf, unsigned int size, uint32_t *index)
{
    unsigned int n = size;

    if ( xc_readconsolering(xch, buf, &n, 0, 1, index) )
        return -1;
    return n;
}
