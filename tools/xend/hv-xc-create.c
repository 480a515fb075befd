/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The primitives of a create (xend-create.c runs them in order, with their
 * undos) through libxc, the PVH builder and libxenstore, with the values
 * libxl gives a PVH guest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xc_pvh.h>
#include <xenstore.h>

#include "hv-xc.h"
#include "xend-devices.h"
#include "xend-vbd.h"
#include "xend-vif.h"

/* libxl's defaults for a guest (LIBXL_MAX_*_FRAMES_DEFAULT, event_channels). */
#define MAX_EVTCHN_PORT     1023
#define MAX_GRANT_FRAMES    64
#define MAX_MAPTRACK_FRAMES 1024
#define GRANT_VERSION       1

static int p_create(const struct domain_config *cfg, uint32_t *domid)
{
    struct xen_domctl_createdomain c = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = cfg->vcpus,
        .max_evtchn_port = MAX_EVTCHN_PORT,
        .max_grant_frames = MAX_GRANT_FRAMES,
        .max_maptrack_frames = MAX_MAPTRACK_FRAMES,
        .grant_opts = XEN_DOMCTL_GRANT_version(GRANT_VERSION),
        /* PVH: the local APIC is the only device emulated. */
        .arch.emulation_flags = XEN_X86_EMU_LAPIC,
    };

    memcpy(c.handle, cfg->uuid, sizeof(c.handle));
    *domid = 0;                 /* any free id */
    return xc_domain_create(hvxc.xch, domid, &c) ? hvxc_errno() : 0;
}

static int p_destroy(uint32_t domid)
{
    return xc_domain_destroy(hvxc.xch, domid) ? hvxc_errno() : 0;
}

static int p_maxmem(uint32_t domid, uint64_t kib)
{
    return xc_domain_setmaxmem(hvxc.xch, domid, kib) ? hvxc_errno() : 0;
}

static int p_pool(uint32_t domid, uint64_t bytes)
{
    return xc_set_paging_mempool_size(hvxc.xch, domid, bytes) ? hvxc_errno()
                                                               : 0;
}

/* Xen 4.17 still creates the vCPUs with their own domctl. */
static int p_max_vcpus(uint32_t domid, unsigned int nr)
{
    return xc_domain_max_vcpus(hvxc.xch, domid, nr) ? hvxc_errno() : 0;
}

static int p_affinity(uint32_t domid, unsigned int nr, const char *cpus)
{
    xc_cpumap_t map = hvxc_cpumap(cpus);
    unsigned int v;
    int rc = 0;

    if ( !map )
        return hvxc_errno();
    for ( v = 0; !rc && v < nr; v++ )
        if ( xc_vcpu_setaffinity(hvxc.xch, domid, v, map, NULL,
                                 XEN_VCPUAFFINITY_HARD) )
            rc = hvxc_errno();
    free(map);
    return rc;
}

/* Weight and cap are the credit scheduler's; others keep their defaults. */
static int p_credit(uint32_t domid, unsigned int weight, unsigned int cap)
{
    struct xen_domctl_sched_credit s = { .weight = weight, .cap = cap };
    int id;

    if ( xc_sched_id(hvxc.xch, &id) )
        return hvxc_errno();
    if ( id != XEN_SCHEDULER_CREDIT )
    {
        if ( weight == 256 && cap == 0 )
            return 0;
        return hvxc_fail(EINVAL, "cpu_weight and cpu_cap need the credit "
                         "scheduler (the hypervisor runs scheduler %d)", id);
    }
    return xc_sched_credit_domain_set(hvxc.xch, domid, &s) ? hvxc_errno()
                                                            : 0;
}

static int p_build(uint32_t domid, const struct domain_config *cfg,
                   struct xend_build_info *out)
{
    struct xc_pvh_config c = {
        .kernel = cfg->kernel,
        .ramdisk = cfg->ramdisk,
        .cmdline = cfg->cmdline,
        .memory_kib = cfg->memory * 1024,
        .nr_vcpus = cfg->vcpus,
        .console_domid = 0,
        .xenstore_domid = 0,
    };
    struct xc_pvh_result r = { 0 };
    const xc_error *e;
    int err;

    if ( xc_pvh_build(hvxc.xch, domid, &c, &r) )
    {
        err = errno ? errno : EIO;
        e = xc_get_last_error(hvxc.xch);
        if ( e && e->message[0] )
            return hvxc_fail(err, "%s", e->message);
        return -err;
    }
    out->store_gfn = r.store_gfn;
    out->console_gfn = r.console_gfn;
    out->store_port = r.store_port;
    out->console_port = r.console_port;
    return 0;
}

static int p_introduce(uint32_t domid, uint64_t gfn, uint32_t port)
{
    struct xs_handle *xs = hvxc_xs();

    if ( !xs )
        return -ENOTCONN;
    return xs_introduce_domain(xs, domid, gfn, port) ? 0 : hvxc_errno();
}

static int p_release(uint32_t domid)
{
    struct xs_handle *xs = hvxc_xs();

    return xs && xs_release_domain(xs, domid) ? 0 : -ENOTCONN;
}

/* A device that fails takes those added before it down with it: a failed
 * step has no undo of its own. */
static int p_devices_add(uint32_t domid, const struct domain_config *cfg)
{
    struct xs_handle *xs = hvxc_xs();
    char *why = NULL;
    int rc;

    if ( !xs )
        return -ENOTCONN;
    rc = xend_vbd_add_all(xs, domid, cfg, &why);
    if ( !rc )
        rc = xend_vif_add_all(xs, domid, cfg, &why);
    if ( rc )
        xend_devices_remove_all(xs, domid);
    return hvxc_fail_why(rc, why);
}

static int p_devices_remove(uint32_t domid)
{
    struct xs_handle *xs = hvxc_xs();

    return xs ? xend_devices_remove_all(xs, domid) : -ENOTCONN;
}

static int p_unpause(uint32_t domid)
{
    return xc_domain_unpause(hvxc.xch, domid) ? hvxc_errno() : 0;
}

static const char *p_why(void)
{
    return hvxc.why[0] ? hvxc.why : NULL;
}

const struct xend_prims hvxc_prims = {
    .domain_create = p_create,
    .domain_destroy = p_destroy,
    .set_maxmem = p_maxmem,
    .paging_pool = p_pool,
    .max_vcpus = p_max_vcpus,
    .affinity = p_affinity,
    .credit = p_credit,
    .build = p_build,
    .restore = hvxc_restore_prim,
    .introduce = p_introduce,
    .release = p_release,
    .devices_add = p_devices_add,
    .devices_remove = p_devices_remove,
    .unpause = p_unpause,
    .why = p_why,
    .xs = hvxc_xs,
};
