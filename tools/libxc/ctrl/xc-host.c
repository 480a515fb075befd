/* SPDX-License-Identifier: LGPL-2.1-only */
/* The host: physinfo, the console ring, CPUs, scheduler, version. */
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };

    if ( xc_do_sysctl(xch, &op) )
        return -1;
    *info = op.u.physinfo;
    return 0;
}

int xc_get_max_cpus(xc_interface *xch)
{
    xc_physinfo_t info;

    if ( xc_physinfo(xch, &info) )
        return -1;
    return info.max_cpu_id + 1;
}

int xc_get_max_nodes(xc_interface *xch)
{
    xc_physinfo_t info;

    if ( xc_physinfo(xch, &info) )
        return -1;
    return info.max_node_id + 1;
}

int xc_readconsolering(xc_interface *xch, char *buffer,
                       unsigned int *pnr_chars, int clear, int incremental,
                       uint32_t *pindex)
{
    struct xen_sysctl op = {
        .cmd = XEN_SYSCTL_readconsole,
        .u.readconsole.clear = !!clear,
        .u.readconsole.incremental = !!incremental,
        .u.readconsole.index = pindex ? *pindex : 0,
        .u.readconsole.count = *pnr_chars,
    };
    void *buf = xc_bounce_in(xch, NULL, *pnr_chars);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    r = xc_do_sysctl(xch, &op);
    xc_bounce_out(xch, buf, r ? NULL : buffer, *pnr_chars);
    if ( r )
        return -1;
    *pnr_chars = op.u.readconsole.count;
    if ( pindex )
        *pindex = op.u.readconsole.index;
    return 0;
}

int xc_sched_id(xc_interface *xch, int *sched_id)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_sched_id };

    if ( xc_do_sysctl(xch, &op) )
        return -1;
    *sched_id = op.u.sched_id.sched_id;
    return 0;
}

int xc_getcpuinfo(xc_interface *xch, int max_cpus, xc_cpuinfo_t *info,
                  int *nr_cpus)
{
    size_t len = (size_t)(max_cpus > 0 ? max_cpus : 0) * sizeof(*info);
    struct xen_sysctl op = {
        .cmd = XEN_SYSCTL_getcpuinfo, .u.getcpuinfo.max_cpus = max_cpus,
    };
    void *buf = xc_bounce_in(xch, NULL, len);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.getcpuinfo.info, buf);
    r = xc_do_sysctl(xch, &op);
    xc_bounce_out(xch, buf, r ? NULL : info, len);
    if ( !r && nr_cpus )
        *nr_cpus = op.u.getcpuinfo.nr_cpus;
    return r ? -1 : 0;
}

int xc_cputopoinfo(xc_interface *xch, unsigned int *max_cpus,
                   xc_cputopo_t *cputopo)
{
    size_t len = cputopo ? (size_t)*max_cpus * sizeof(*cputopo) : 0;
    struct xen_sysctl op = {
        .cmd = XEN_SYSCTL_cputopoinfo,
        .u.cputopoinfo.num_cpus = cputopo ? *max_cpus : 0,
    };
    void *buf = NULL;
    int r;

    if ( cputopo && !(buf = xc_bounce_in(xch, NULL, len)) )
        return -1;
    set_xen_guest_handle(op.u.cputopoinfo.cputopo, buf);
    r = xc_do_sysctl(xch, &op);
    if ( buf )
        xc_bounce_out(xch, buf, r ? NULL : cputopo, len);
    if ( r )
        return -1;
    *max_cpus = op.u.cputopoinfo.num_cpus;
    return 0;
}

/* The size of what each XENVER_* sub-op writes (0: it writes nothing). */
static size_t version_arg_size(int cmd)
{
    switch ( cmd )
    {
    case XENVER_extraversion:   return sizeof(xen_extraversion_t);
    case XENVER_compile_info:   return sizeof(xen_compile_info_t);
    case XENVER_capabilities:   return sizeof(xen_capabilities_info_t);
    case XENVER_changeset:      return sizeof(xen_changeset_info_t);
    case XENVER_platform_parameters:
        return sizeof(xen_platform_parameters_t);
    case XENVER_get_features:   return sizeof(xen_feature_info_t);
    }
    return 0;
}

int xc_version(xc_interface *xch, int cmd, void *arg)
{
    size_t len = version_arg_size(cmd);
    void *buf;
    int r;

    if ( !len )
        return xencall2(xch->xcall, __HYPERVISOR_xen_version, cmd, 0);
    buf = xc_bounce_in(xch, arg, len);
    if ( !buf )
        return -1;
    r = xencall2(xch->xcall, __HYPERVISOR_xen_version, cmd, (uintptr_t)buf);
    xc_bounce_out(xch, buf, r < 0 ? NULL : arg, len);
    return r;
}
