/* SPDX-License-Identifier: LGPL-2.1-only */
/* Domain lifecycle and per-domain settings: the domctls of xenctrl.h. */
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"

/* A domctl with no arguments beyond the domain. */
static int simple_domctl(xc_interface *xch, uint32_t domid, uint32_t cmd)
{
    struct xen_domctl op = { .cmd = cmd, .domain = domid };

    return xc_do_domctl(xch, &op);
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_createdomain, .domain = *pdomid,
    };

    op.u.createdomain = *config;
    if ( xc_do_domctl(xch, &op) )
        return -1;
    *pdomid = op.domain;
    *config = op.u.createdomain;
    return 0;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    int r;

    /* Destruction is preemptible: the hypervisor asks us to go again. */
    do {
        r = simple_domctl(xch, domid, XEN_DOMCTL_destroydomain);
    } while ( r && errno == EAGAIN );
    return r;
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    return simple_domctl(xch, domid, XEN_DOMCTL_pausedomain);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    return simple_domctl(xch, domid, XEN_DOMCTL_unpausedomain);
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_max_vcpus, .domain = domid,
        .u.max_vcpus.max = max,
    };

    return xc_do_domctl(xch, &op);
}

static void decode_info(xc_dominfo_t *info, const xc_domaininfo_t *d)
{
    uint32_t f = d->flags;

    memset(info, 0, sizeof(*info));
    info->domid = d->domain;
    info->ssidref = d->ssidref;
    info->dying = !!(f & XEN_DOMINF_dying);
    info->shutdown = !!(f & XEN_DOMINF_shutdown);
    info->paused = !!(f & XEN_DOMINF_paused);
    info->blocked = !!(f & XEN_DOMINF_blocked);
    info->running = !!(f & XEN_DOMINF_running);
    info->hvm = !!(f & XEN_DOMINF_hvm_guest);
    info->debugged = !!(f & XEN_DOMINF_debugged);
    info->xenstore = !!(f & XEN_DOMINF_xs_domain);
    info->hap = !!(f & XEN_DOMINF_hap);
    info->shutdown_reason = (f >> XEN_DOMINF_shutdownshift) &
                            XEN_DOMINF_shutdownmask;
    /* As Xen's libxc: a crash is reported as crashed, not shut down. */
    if ( info->shutdown && info->shutdown_reason == SHUTDOWN_crash )
    {
        info->shutdown = 0;
        info->crashed = 1;
    }
    info->nr_pages = d->tot_pages;
    info->nr_outstanding_pages = d->outstanding_pages;
    info->nr_shared_pages = d->shr_pages;
    info->nr_paged_pages = d->paged_pages;
    info->max_memkb = d->max_pages << (XC_PAGE_SHIFT - 10);
    info->shared_info_frame = d->shared_info_frame;
    info->cpu_time = d->cpu_time;
    info->nr_online_vcpus = d->nr_online_vcpus;
    info->max_vcpu_id = d->max_vcpu_id;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->cpupool = d->cpupool;
    info->gpaddr_bits = d->gpaddr_bits;
    info->arch_config = d->arch_config;
}

/* getdomaininfo answers for the first domain whose id is >= the one asked. */
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
                      unsigned int max_doms, xc_dominfo_t *info)
{
    uint32_t next = first_domid;
    unsigned int n;
    int r = 0;

    for ( n = 0; n < max_doms; n++ )
    {
        struct xen_domctl op = {
            .cmd = XEN_DOMCTL_getdomaininfo, .domain = next,
        };

        r = xc_do_domctl(xch, &op);
        if ( r < 0 )
            break;
        decode_info(&info[n], &op.u.getdomaininfo);
        next = op.u.getdomaininfo.domain + 1;
    }
    return n ? (int)n : r;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info)
{
    size_t len = (size_t)max_domains * sizeof(*info);
    struct xen_sysctl op = {
        .cmd = XEN_SYSCTL_getdomaininfolist,
        .u.getdomaininfolist.first_domain = first_domain,
        .u.getdomaininfolist.max_domains = max_domains,
    };
    void *buf = xc_bounce_in(xch, NULL, len);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
    r = xc_do_sysctl(xch, &op);
    xc_bounce_out(xch, buf, r ? NULL : info, len);
    return r ? -1 : (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
                        uint64_t max_memkb)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_max_mem, .domain = domid,
        .u.max_mem.max_memkb = max_memkb,
    };

    return xc_do_domctl(xch, &op);
}

int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        xen_domain_handle_t handle)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_setdomainhandle, .domain = domid,
    };

    memcpy(op.u.setdomainhandle.handle, handle, sizeof(xen_domain_handle_t));
    return xc_do_domctl(xch, &op);
}

int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                              int32_t time_offset_seconds)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_settimeoffset, .domain = domid,
        .u.settimeoffset.time_offset_seconds = time_offset_seconds,
    };

    return xc_do_domctl(xch, &op);
}

int xc_get_paging_mempool_size(xc_interface *xch, uint32_t domid,
                               uint64_t *size)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_get_paging_mempool_size, .domain = domid,
    };

    if ( xc_do_domctl(xch, &op) )
        return -1;
    *size = op.u.paging_mempool.size;
    return 0;
}

int xc_set_paging_mempool_size(xc_interface *xch, uint32_t domid,
                               uint64_t size)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_set_paging_mempool_size, .domain = domid,
        .u.paging_mempool.size = size,
    };

    return xc_do_domctl(xch, &op);
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct sched_remote_shutdown arg = {
        .domain_id = domid, .reason = reason,
    };

    return xc_do_hypercall_arg(xch, __HYPERVISOR_sched_op,
                           SCHEDOP_remote_shutdown, &arg, sizeof(arg));
}
