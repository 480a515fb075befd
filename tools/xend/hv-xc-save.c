/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Save, resume and restore through libxc (xc_domain_save/_restore), with
 * the guest's cooperation as libxl asks for it: control/shutdown =
 * "suspend", then the guest's own kernel suspends its devices and calls
 * SCHEDOP_shutdown(SHUTDOWN_suspend).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenguest.h>
#include <xenstore.h>

#include "hv-xc.h"
#include "xend.h"
#include "xend-stream.h"
#include "xend-xs.h"

/* How long a guest may take to suspend (libxl waits 60 s too). */
#define SUSPEND_TIMEOUT_MS  60000
#define SUSPEND_POLL_MS     20

static bool suspended(uint32_t domid)
{
    xc_domaininfo_t i;

    return !hvxc_dominfo(domid, &i) && (i.flags & XEN_DOMINF_shutdown) &&
           ((i.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask)
               == SHUTDOWN_suspend;
}

struct save_ctx {
    uint32_t domid;
    int progress_fd;
};

static double monotonic(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One line "<what> t <monotonic seconds>" to the progress descriptor. */
static void progress(const struct save_ctx *c, const char *what)
{
    char line[160];
    int n;

    if ( c->progress_fd < 0 )
        return;
    n = snprintf(line, sizeof(line), "%s t %.3f\n", what, monotonic());
    if ( write(c->progress_fd, line, n) != n )
        XLOG_WARN("save progress line lost");
}

/* Ours only reports: libxc's own rule decides when to stop. */
static int policy_cb(struct precopy_stats st, void *data)
{
    char what[96];

    snprintf(what, sizeof(what), "round %u dirty %ld sent %lu",
             st.iteration, st.dirty_count, st.total_written);
    progress(data, what);
    return XGS_POLICY_CONTINUE_PRECOPY;
}

static int wait_suspended(uint32_t domid);

/* libxc's suspend callback: non-zero once the guest has suspended. */
static int suspend_cb(void *data)
{
    int ok = wait_suspended(((struct save_ctx *)data)->domid);

    if ( ok )
        progress(data, "suspended");
    return ok;
}

static int wait_suspended(uint32_t domid)
{
    const struct timespec poll = { 0, SUSPEND_POLL_MS * 1000000L };
    struct xs_handle *xs = hvxc_xs();
    xc_domaininfo_t i;
    unsigned int waited;

    /* A guest that has stopped (crashed, powered off) cannot suspend. */
    if ( !hvxc_dominfo(domid, &i) && (i.flags & XEN_DOMINF_shutdown) &&
         !suspended(domid) )
        return hvxc_fail(EINVAL, "the domain has shut down (reason %u): it "
                         "cannot suspend", (i.flags >> XEN_DOMINF_shutdownshift)
                         & XEN_DOMINF_shutdownmask), 0;
    if ( !xs || xend_xs_shutdown(xs, domid, "suspend") )
        return hvxc_fail(ENOTCONN, "asking the guest to suspend: xenstore"),
               0;
    for ( waited = 0; waited < SUSPEND_TIMEOUT_MS; waited += SUSPEND_POLL_MS )
    {
        if ( suspended(domid) )
            return 1;
        nanosleep(&poll, NULL);
    }
    /* Withdrawn, so that a late guest does not suspend by itself. */
    xend_xs_shutdown(xs, domid, "");
    hvxc_fail(ETIMEDOUT, "the guest did not suspend within %d s (does its "
              "kernel have Xen suspend support?)", SUSPEND_TIMEOUT_MS / 1000);
    return 0;
}

int hvxc_save(uint32_t domid, int fd, unsigned int flags, int progress_fd)
{
    struct save_ctx ctx = { .domid = domid, .progress_fd = progress_fd };
    struct save_callbacks cb = {
        .suspend = suspend_cb, .precopy_policy = policy_cb, .data = &ctx,
    };
    uint32_t xf = (flags & XEND_SAVE_LIVE ? XCFLAGS_LIVE : 0) |
                  (flags & XEND_SAVE_COMPRESS ? XCFLAGS_XMHV_COMPRESS : 0);
    const xc_error *e;

    xen_pfn_t max = 0;

    hvxc_begin();
    xc_domain_maximum_gpfn(hvxc.xch, domid, &max);
    XLOG_INFO("domain %u: saving gfns 0-%#lx%s", domid, (unsigned long)max,
              flags & XEND_SAVE_LIVE ? " (live)" : "");
    if ( !xc_domain_save(hvxc.xch, fd, domid, xf, &cb, XC_STREAM_PLAIN, -1) )
        return 0;
    if ( hvxc.why[0] )
        return -(errno ? errno : EIO);
    e = xc_get_last_error(hvxc.xch);
    return hvxc_fail(errno ? errno : EIO, "%s", e->message);
}

/*
 * The guest's suspend hypercall returns "cancelled": it runs on as it was.
 * Log-dirty mode goes off first: a sender that died in pre-copy (killed,
 * or the destination gone) left it on, and the next migration's ENABLE
 * would fail.
 */
int hvxc_resume(uint32_t domid)
{
    hvxc_begin();
    xc_shadow_control(hvxc.xch, domid, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0);
    if ( !suspended(domid) )
        return hvxc_fail(EINVAL, "domain %u is not suspended", domid);
    return xc_domain_resume(hvxc.xch, domid, 1) ? hvxc_errno() : 0;
}

/* The create step that stands for the build: new ports, then the stream. */
int hvxc_restore_prim(uint32_t domid, const struct domain_config *cfg,
                      int fd, struct xend_build_info *out)
{
    int store = xc_evtchn_alloc_unbound(hvxc.xch, domid, 0);
    int console = xc_evtchn_alloc_unbound(hvxc.xch, domid, 0);
    unsigned long store_gfn = 0, console_gfn = 0;

    (void)cfg;
    if ( store < 0 || console < 0 )
        return hvxc_fail(errno, "allocating the rings' event channels: %s",
                         strerror(errno));
    if ( xc_domain_restore(hvxc.xch, fd, domid, store, &store_gfn, 0,
                           console, &console_gfn, 0, XC_STREAM_PLAIN, NULL,
                           -1) )
        return hvxc_fail(errno ? errno : EIO, "%s",
                         xc_get_last_error(hvxc.xch)->message);
    if ( xend_stream_read_end(fd, hvxc.why, sizeof(hvxc.why)) )
        return -EINVAL;
    *out = (struct xend_build_info){
        .store_gfn = store_gfn, .console_gfn = console_gfn,
        .store_port = store, .console_port = console,
    };
    return 0;
}

int hvxc_restore(const struct domain_config *cfg, int fd, bool paused,
                 uint32_t *domid)
{
    char *why = NULL;
    int rc;

    hvxc_begin();
    rc = xend_restore_domain(&hvxc_prims, cfg, fd, paused, domid, &why);
    return hvxc_fail_why(rc, why);
}
