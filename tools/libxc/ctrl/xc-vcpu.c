/* SPDX-License-Identifier: LGPL-2.1-only */
/* vCPU affinity, vCPU state and the credit scheduler's parameters. */
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"

int xc_get_cpumap_size(xc_interface *xch)
{
    int max_cpus = xc_get_max_cpus(xch);

    return max_cpus < 0 ? -1 : (max_cpus + 7) / 8;
}

xc_cpumap_t xc_cpumap_alloc(xc_interface *xch)
{
    int size = xc_get_cpumap_size(xch);

    if ( size <= 0 )
        return NULL;
    return calloc(1, size);
}

/* The affinity domctl; maps not named by flags are left alone. */
static int affinity_op(xc_interface *xch, uint32_t cmd, uint32_t domid,
                       int vcpu, xc_cpumap_t hard, xc_cpumap_t soft,
                       uint32_t flags)
{
    struct xen_domctl op = {
        .cmd = cmd, .domain = domid,
        .u.vcpuaffinity.vcpu = vcpu, .u.vcpuaffinity.flags = flags,
    };
    int size = xc_get_cpumap_size(xch);
    bool set = cmd == XEN_DOMCTL_setvcpuaffinity;
    void *hbuf = NULL, *sbuf = NULL;
    int r = -1;

    if ( size <= 0 )
        return -1;
    if ( (flags & XEN_VCPUAFFINITY_HARD) &&
         !(hbuf = xc_bounce_in(xch, set ? hard : NULL, size)) )
        goto out;
    if ( (flags & XEN_VCPUAFFINITY_SOFT) &&
         !(sbuf = xc_bounce_in(xch, set ? soft : NULL, size)) )
        goto out;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, hbuf);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = hbuf ? size * 8 : 0;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_soft.bitmap, sbuf);
    op.u.vcpuaffinity.cpumap_soft.nr_bits = sbuf ? size * 8 : 0;
    r = xc_do_domctl(xch, &op);
 out:
    xc_bounce_out(xch, hbuf, r ? NULL : hard, size);
    xc_bounce_out(xch, sbuf, r ? NULL : soft, size);
    return r;
}

int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard_inout,
                        xc_cpumap_t cpumap_soft_inout, uint32_t flags)
{
    return affinity_op(xch, XEN_DOMCTL_setvcpuaffinity, domid, vcpu,
                       cpumap_hard_inout, cpumap_soft_inout, flags);
}

int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard, xc_cpumap_t cpumap_soft,
                        uint32_t flags)
{
    return affinity_op(xch, XEN_DOMCTL_getvcpuaffinity, domid, vcpu,
                       cpumap_hard, cpumap_soft, flags);
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_getvcpuinfo, .domain = domid,
        .u.getvcpuinfo.vcpu = vcpu,
    };

    if ( xc_do_domctl(xch, &op) )
        return -1;
    *info = op.u.getvcpuinfo;
    return 0;
}

static int credit_op(xc_interface *xch, uint32_t domid, uint32_t cmd,
                     struct xen_domctl_sched_credit *sdom)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_scheduler_op, .domain = domid,
        .u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT,
        .u.scheduler_op.cmd = cmd,
        .u.scheduler_op.u.credit = *sdom,
    };

    if ( xc_do_domctl(xch, &op) )
        return -1;
    *sdom = op.u.scheduler_op.u.credit;
    return 0;
}

int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom)
{
    return credit_op(xch, domid, XEN_DOMCTL_SCHEDOP_getinfo, sdom);
}

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom)
{
    struct xen_domctl_sched_credit copy = *sdom;

    return credit_op(xch, domid, XEN_DOMCTL_SCHEDOP_putinfo, &copy);
}
