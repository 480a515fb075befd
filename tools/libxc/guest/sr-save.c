/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_domain_save for x86 HVM (PVH) guests, in the order Xen 4.17's
 * xg_sr_save.c writes an HVM stream: image and domain headers,
 * STATIC_DATA_END, the memory (live: pre-copy rounds under log-dirty,
 * then the stop-and-copy), X86_TSC_INFO, HVM_PARAMS, HVM_CONTEXT, END.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sr-save.h"

/* Our own stop rule for pre-copy (Xen's simple_precopy_policy values). */
#define MAX_ROUNDS        5
#define TARGET_DIRTY      50

/* The HVM parameters Xen 4.17 saves (each only when non-zero). */
static const uint32_t saved_params[] = {
    HVM_PARAM_STORE_PFN, HVM_PARAM_IOREQ_PFN, HVM_PARAM_BUFIOREQ_PFN,
    HVM_PARAM_PAGING_RING_PFN, HVM_PARAM_MONITOR_RING_PFN,
    HVM_PARAM_SHARING_RING_PFN, HVM_PARAM_VM86_TSS_SIZED,
    HVM_PARAM_CONSOLE_PFN, HVM_PARAM_ACPI_IOPORTS_LOCATION,
    HVM_PARAM_VIRIDIAN, HVM_PARAM_IDENT_PT,
    HVM_PARAM_VM_GENERATION_ID_ADDR, HVM_PARAM_IOREQ_SERVER_PFN,
    HVM_PARAM_NR_IOREQ_SERVER_PAGES, HVM_PARAM_X87_FIP_WIDTH,
    HVM_PARAM_MCA_CAP,
};
#define NR_SAVED_PARAMS (sizeof(saved_params) / sizeof(saved_params[0]))

int sr_save_fail(struct sr_save *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s->io.why, sizeof(s->io.why), fmt, ap);
    va_end(ap);
    return -1;
}

static int write_tsc_info(struct sr_save *s)
{
    struct {
        uint32_t mode, khz;
        uint64_t nsec;
        uint32_t incarnation, reserved;
    } t = { 0 };

    if ( xc_domain_get_tsc_info(s->xch, s->domid, &t.mode, &t.nsec, &t.khz,
                                &t.incarnation) )
        return sr_save_fail(s, "XEN_DOMCTL_gettscinfo: %m");
    return sr_write_record(&s->io, REC_TYPE_X86_TSC_INFO, &t, sizeof(t));
}

static int write_hvm_params(struct sr_save *s)
{
    struct {
        uint32_t count, reserved;
        uint64_t p[NR_SAVED_PARAMS][2];
    } r = { 0 };
    uint64_t v;
    unsigned int i;

    for ( i = 0; i < NR_SAVED_PARAMS; i++ )
    {
        /* Parameters this hypervisor does not know are not the guest's. */
        if ( xc_hvm_param_get(s->xch, s->domid, saved_params[i], &v) )
        {
            if ( errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP )
                continue;
            return sr_save_fail(s, "HVMOP_get_param %u: %m",
                                saved_params[i]);
        }
        if ( !v )
            continue;
        r.p[r.count][0] = saved_params[i];
        r.p[r.count++][1] = v;
    }
    return sr_write_record(&s->io, REC_TYPE_HVM_PARAMS, &r,
                           8 + r.count * sizeof(r.p[0]));
}

static int write_hvm_context(struct sr_save *s)
{
    int len = xc_domain_hvm_getcontext(s->xch, s->domid, NULL, 0);
    uint8_t *ctx;
    int r;

    if ( len <= 0 || !(ctx = malloc(len)) )
        return sr_save_fail(s, "XEN_DOMCTL_gethvmcontext (size): %m");
    len = xc_domain_hvm_getcontext(s->xch, s->domid, ctx, len);
    r = len > 0 ? sr_write_record(&s->io, REC_TYPE_HVM_CONTEXT, ctx, len)
                : sr_save_fail(s, "XEN_DOMCTL_gethvmcontext: %m");
    free(ctx);
    return r;
}

/* The guest stopped by the caller, as Xen checks it: shut down, suspend. */
static int suspend(struct sr_save *s)
{
    xc_dominfo_t info;

    if ( !s->cb || !s->cb->suspend || !s->cb->suspend(s->cb->data) )
        return sr_save_fail(s, "the guest did not suspend");
    if ( xc_domain_getinfo(s->xch, s->domid, 1, &info) != 1 ||
         info.domid != s->domid )
        return sr_save_fail(s, "the domain went away while suspending");
    if ( !info.shutdown || info.shutdown_reason != SHUTDOWN_suspend )
        return sr_save_fail(s, "the domain has not suspended (shutdown %d, "
                            "reason %u)", info.shutdown,
                            info.shutdown_reason);
    return 0;
}

static long count_bits(const uint8_t *map, uint64_t bits)
{
    long n = 0;
    uint64_t i;

    for ( i = 0; i < (bits + 7) / 8; i++ )
        n += __builtin_popcount(map[i]);
    return n;
}

/* The pages dirtied since the last CLEAN into s->dirty: their number. */
static long clean(struct sr_save *s)
{
    memset(s->dirty, 0, (s->p2m_size + 7) / 8);
    if ( xc_sr_logdirty(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_CLEAN,
                        s->dirty, s->p2m_size, 0, NULL) < 0 )
        return sr_save_fail(s, "XEN_DOMCTL_SHADOW_OP_CLEAN: %m");
    return count_bits(s->dirty, s->p2m_size);
}

/* Ours first, then the caller's policy, which may only stop or abort. */
static int policy(struct sr_save *s, long last_dirty)
{
    const struct precopy_stats *st = &s->stats;
    int mine = XGS_POLICY_CONTINUE_PRECOPY, theirs;

    if ( st->iteration >= MAX_ROUNDS || st->dirty_count < TARGET_DIRTY ||
         (st->iteration >= 2 && st->dirty_count >= last_dirty) )
        mine = XGS_POLICY_STOP_AND_COPY;
    if ( !s->cb || !s->cb->precopy_policy )
        return mine;
    theirs = s->cb->precopy_policy(s->stats, s->cb->data);
    return theirs == XGS_POLICY_CONTINUE_PRECOPY ? mine : theirs;
}

/* Xen's send_memory_live: decide, send the dirty set, CLEAN, again. */
static int precopy(struct sr_save *s)
{
    long last = -1;
    unsigned long sent;
    int decision;

    s->stats.dirty_count = s->p2m_size;
    memset(s->dirty, 0xff, (s->p2m_size + 7) / 8);
    for ( ;; )
    {
        decision = policy(s, last);
        if ( decision == XGS_POLICY_ABORT )
            return sr_save_fail(s, "migration aborted by the caller");
        if ( sr_send_dirty(s, s->stats.iteration == 0, &sent) )
            return -1;
        s->stats.total_written += sent;
        if ( decision != XGS_POLICY_CONTINUE_PRECOPY )
            return 0;
        last = s->stats.dirty_count;
        s->stats.iteration++;
        if ( (s->stats.dirty_count = clean(s)) < 0 )
            return -1;
    }
}

static int send_memory(struct sr_save *s)
{
    unsigned long sent;

    if ( !s->live )
    {
        if ( suspend(s) )
            return -1;
        memset(s->dirty, 0xff, (s->p2m_size + 7) / 8);
        return sr_send_dirty(s, true, &sent);
    }
    if ( xc_shadow_control(s->xch, s->domid,
                           XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0) )
        return sr_save_fail(s, "enabling log-dirty mode: %m");
    if ( precopy(s) || suspend(s) || clean(s) < 0 )
        return -1;
    if ( sr_send_dirty(s, false, &sent) )
        return -1;
    s->stats.total_written += sent;
    return 0;
}

static int save(struct sr_save *s)
{
    int major = xc_version(s->xch, XENVER_version, NULL);

    if ( sr_write_image_header(&s->io) ||
         sr_write_domain_header(&s->io, SR_DHDR_TYPE_X86_HVM,
                                major >> 16, major & 0xffff) ||
         sr_write_record(&s->io, REC_TYPE_STATIC_DATA_END, NULL, 0) )
        return -1;
    if ( send_memory(s) || write_tsc_info(s) || write_hvm_params(s) ||
         write_hvm_context(s) )
        return -1;
    return sr_write_record(&s->io, REC_TYPE_END, NULL, 0);
}

static int setup(struct sr_save *s)
{
    xc_dominfo_t info;
    xen_pfn_t max;

    if ( xc_domain_getinfo(s->xch, s->domid, 1, &info) != 1 ||
         info.domid != s->domid )
        return sr_save_fail(s, "no such domain");
    if ( !info.hvm )
    {
        errno = EOPNOTSUPP;
        return sr_save_fail(s, "only HVM (PVH) domains are saved here");
    }
    if ( xc_domain_maximum_gpfn(s->xch, s->domid, &max) )
        return sr_save_fail(s, "XENMEM_maximum_gpfn: %m");
    s->p2m_size = (uint64_t)max + 1;
    s->dirty = malloc((s->p2m_size + 7) / 8);
    s->pages = malloc((size_t)SR_MAX_BATCH * SR_PAGE_SIZE);
    if ( !s->dirty || !s->pages )
        return sr_save_fail(s, "no memory for %llu gfns",
                            (unsigned long long)s->p2m_size);
    return 0;
}

int xc_domain_save(xc_interface *xch, int io_fd, uint32_t dom,
                   uint32_t flags, struct save_callbacks *callbacks,
                   xc_stream_type_t stream_type, int recv_fd)
{
    struct sr_save *s = calloc(1, sizeof(*s));
    int r = -1;

    (void)recv_fd;
    if ( !s )
        return -1;
    *s = (struct sr_save){
        .xch = xch, .domid = dom, .io.fd = io_fd, .cb = callbacks,
        .live = flags & XCFLAGS_LIVE,
        .compress = flags & XCFLAGS_XMHV_COMPRESS,
    };
    if ( stream_type != XC_STREAM_PLAIN )
    {
        errno = EOPNOTSUPP;
        sr_save_fail(s, "only plain streams (no Remus/COLO)");
    }
    else if ( !setup(s) )
        r = save(s);
    if ( s->live )
        xc_shadow_control(xch, dom, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0);
    if ( r )
        xc_report(xch, XC_INTERNAL_ERROR, "xc_domain_save d%u: %s", dom,
                  s->io.why);
    free(s->dirty);
    free(s->pages);
    free(s);
    return r;
}
