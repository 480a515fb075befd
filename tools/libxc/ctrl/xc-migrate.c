/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The domctls a save or migration needs beyond a create's: the domain's
 * TSC settings (XEN_DOMCTL_get/settscinfo) and log-dirty paging
 * (XEN_DOMCTL_shadow_op), with Xen 4.17's signatures; the dirty bitmap
 * itself goes through xc_sr_logdirty() (xc-private.h), as our libxc has no
 * hypercall-buffer type for Xen's xc_logdirty_control().
 */
#include <string.h>

#include "xc-private.h"

int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t *tsc_mode, uint64_t *elapsed_nsec,
                           uint32_t *gtsc_khz, uint32_t *incarnation)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_gettscinfo, .domain = domid,
    };

    if ( xc_do_domctl(xch, &op) )
        return -1;
    *tsc_mode = op.u.tsc_info.tsc_mode;
    *elapsed_nsec = op.u.tsc_info.elapsed_nsec;
    *gtsc_khz = op.u.tsc_info.gtsc_khz;
    *incarnation = op.u.tsc_info.incarnation;
    return 0;
}

int xc_domain_set_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t tsc_mode, uint64_t elapsed_nsec,
                           uint32_t gtsc_khz, uint32_t incarnation)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_settscinfo, .domain = domid,
        .u.tsc_info = {
            .tsc_mode = tsc_mode, .elapsed_nsec = elapsed_nsec,
            .gtsc_khz = gtsc_khz, .incarnation = incarnation,
        },
    };

    return xc_do_domctl(xch, &op);
}

int xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned int sop,
                      unsigned int *mb, unsigned int mode)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_shadow_op, .domain = domid,
        .u.shadow_op = { .op = sop, .mode = mode, .mb = mb ? *mb : 0 },
    };

    if ( xc_do_domctl(xch, &op) )
        return -1;
    if ( mb )
        *mb = op.u.shadow_op.mb;
    return 0;
}

long long xc_sr_logdirty(xc_interface *xch, uint32_t domid, unsigned int sop,
                         uint8_t *bitmap, unsigned long pages,
                         unsigned int mode,
                         struct xen_domctl_shadow_op_stats *stats)
{
    size_t len = (pages + 7) / 8;
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_shadow_op, .domain = domid,
        .u.shadow_op = { .op = sop, .mode = mode, .pages = pages },
    };
    void *buf = xc_bounce_in(xch, NULL, len);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.shadow_op.dirty_bitmap, buf);
    r = xc_do_domctl(xch, &op);
    xc_bounce_out(xch, buf, r ? NULL : bitmap, len);
    if ( r )
        return -1;
    if ( stats )
        *stats = op.u.shadow_op.stats;
    return op.u.shadow_op.pages;
}

int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num,
                          xen_pfn_t *arr)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_getpageframeinfo3, .domain = dom,
        .u.getpageframeinfo3.num = num,
    };
    size_t len = num * sizeof(*arr);
    void *buf = xc_bounce_in(xch, arr, len);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.getpageframeinfo3.array, buf);
    r = xc_do_domctl(xch, &op);
    xc_bounce_out(xch, buf, r ? NULL : arr, len);
    return r;
}
