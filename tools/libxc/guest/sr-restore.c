/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_domain_restore for x86 HVM (PVH) guests, as Xen 4.17's
 * xg_sr_restore.c reads a stream: headers checked, then records until END;
 * pages are populated the first time a batch names them, HVM_PARAMS are
 * set as they come (the ring pages cleared), and at END the new event
 * channels and the HVM context go in.  A stream that is truncated, corrupt
 * or has a record we cannot honour fails with one line and leaves the
 * domain to the caller to destroy.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xc-private.h"
#include <xenguest.h>
#include "pvh-build.h"
#include "sr-stream.h"

/* Beyond this a gfn is corruption (2^36 frames: 256 TiB). */
#define MAX_GFN_BITS 36

struct sr_restore {
    xc_interface *xch;
    uint32_t domid;
    struct sr_io io;
    unsigned int store_evtchn, console_evtchn;
    uint32_t store_domid, console_domid;
    uint64_t store_gfn, console_gfn;
    uint8_t *populated;         /* bitmap of gfns we populated */
    uint64_t populated_bits;
    bool static_done, page_seen, end;
    struct sr_record hvm_ctx;   /* kept until END */
    struct sr_batch batch;
    uint8_t *scratch;
    xen_pfn_t gfns[SR_MAX_BATCH];
    int errs[SR_MAX_BATCH];
};

static int rfail(struct sr_restore *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int rfail(struct sr_restore *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->io.why, sizeof(r->io.why), fmt, ap);
    va_end(ap);
    return -1;
}

/* The bitmap grown to cover gfn; false when gfn is out of reach. */
static bool cover(struct sr_restore *r, uint64_t gfn)
{
    uint64_t bits = r->populated_bits;
    uint8_t *m;

    if ( gfn < bits )
        return true;
    if ( gfn >> MAX_GFN_BITS )
        return false;
    while ( bits <= gfn )
        bits = bits ? bits * 2 : 1u << 20;
    if ( !(m = realloc(r->populated, bits / 8)) )
        return false;
    memset(m + r->populated_bits / 8, 0, (bits - r->populated_bits) / 8);
    r->populated = m;
    r->populated_bits = bits;
    return true;
}

/* Frames the batch names that are not populated yet, populated. */
static int populate(struct sr_restore *r, const struct sr_batch *b)
{
    unsigned int i, n = 0;
    uint64_t gfn;

    for ( i = 0; i < b->nr; i++ )
    {
        gfn = b->pfn[i] & SR_PFN_MASK;
        if ( sr_pfn_type(b->pfn[i]) == SR_PFN_XTAB )
            continue;
        if ( !cover(r, gfn) )
            return rfail(r, "corrupt stream: gfn %#llx out of range",
                         (unsigned long long)gfn);
        if ( r->populated[gfn / 8] & (1u << (gfn % 8)) )
            continue;
        r->populated[gfn / 8] |= 1u << (gfn % 8);
        r->gfns[n++] = gfn;
    }
    if ( !n || !xc_domain_populate_physmap_exact(r->xch, r->domid, n, 0, 0,
                                                 r->gfns) )
        return 0;
    /* EBUSY: the hypervisor gave fewer frames than asked (Xen's libxc). */
    if ( errno == EBUSY )
        return rfail(r, "out of memory: the host has no room for %u more "
                     "frames (from gfn %#lx)", n, (unsigned long)r->gfns[0]);
    return rfail(r, "populating %u frames from gfn %#lx: %m", n,
                 (unsigned long)r->gfns[0]);
}

static int write_pages(struct sr_restore *r, const struct sr_batch *b)
{
    unsigned int i, n = 0;
    uint8_t *va;

    for ( i = 0; i < b->nr; i++ )
        if ( sr_pfn_type(b->pfn[i]) == SR_PFN_NOTAB )
            r->gfns[n++] = b->pfn[i] & SR_PFN_MASK;
    if ( !n )
        return 0;
    va = xenforeignmemory_map(r->xch->fmem, r->domid, PROT_WRITE, n,
                              r->gfns, r->errs);
    if ( !va )
        return rfail(r, "mapping %u new frames: %m", n);
    for ( i = 0; i < n && !r->errs[i]; i++ )
        memcpy(va + (size_t)i * SR_PAGE_SIZE,
               b->data + (size_t)i * SR_PAGE_SIZE, SR_PAGE_SIZE);
    xenforeignmemory_unmap(r->xch->fmem, va, n);
    if ( i < n )
        return rfail(r, "gfn %#lx did not map: %s",
                     (unsigned long)r->gfns[i], strerror(-r->errs[i]));
    return 0;
}

static int handle_pages(struct sr_restore *r, const struct sr_record *rec)
{
    /* A v2 stream has no STATIC_DATA_END: the first page implies it. */
    r->static_done = true;
    r->page_seen = true;
    if ( sr_parse_batch(&r->io, rec, &r->batch, &r->scratch) )
        return -1;
    if ( populate(r, &r->batch) )
        return -1;
    return write_pages(r, &r->batch);
}

static int handle_tsc(struct sr_restore *r, const struct sr_record *rec)
{
    const struct {
        uint32_t mode, khz;
        uint64_t nsec;
        uint32_t incarnation, reserved;
    } *t = rec->body;

    if ( rec->length != sizeof(*t) )
        return rfail(r, "corrupt stream: X86_TSC_INFO of %u octets",
                     rec->length);
    if ( xc_domain_set_tsc_info(r->xch, r->domid, t->mode, t->nsec, t->khz,
                                t->incarnation) )
        return rfail(r, "XEN_DOMCTL_settscinfo: %m");
    return 0;
}

/* A ring page the guest finds empty, as on Xen (xc_clear_domain_page). */
static int clear_ring(struct sr_restore *r, uint64_t gfn, uint64_t *keep)
{
    *keep = gfn;
    if ( pvh_write_guest(r->xch, r->domid, gfn << XC_PAGE_SHIFT, NULL,
                         XC_PAGE_SIZE) )
        return rfail(r, "clearing the ring page at gfn %#llx: %m",
                     (unsigned long long)gfn);
    return 0;
}

static int handle_params(struct sr_restore *r, const struct sr_record *rec)
{
    const uint32_t *count = rec->body;
    const uint64_t *p = (const uint64_t *)rec->body + 1;
    uint32_t i;
    int rc = 0;

    if ( rec->length < 8 || (rec->length - 8) / 16 < *count )
        return rfail(r, "corrupt stream: HVM_PARAMS of %u octets",
                     rec->length);
    for ( i = 0; i < *count && !rc; i++, p += 2 )
    {
        if ( p[0] == HVM_PARAM_STORE_PFN )
            rc = clear_ring(r, p[1], &r->store_gfn);
        else if ( p[0] == HVM_PARAM_CONSOLE_PFN )
            rc = clear_ring(r, p[1], &r->console_gfn);
        if ( !rc && xc_hvm_param_set(r->xch, r->domid, p[0], p[1]) )
            rc = rfail(r, "HVMOP_set_param %llu: %m",
                       (unsigned long long)p[0]);
    }
    return rc;
}

/* END: the new ports, the vCPUs' state, the rings' grants. */
static int complete(struct sr_restore *r)
{
    struct pvh_layout l = {
        .store_gfn = r->store_gfn, .console_gfn = r->console_gfn,
    };
    char why[200];

    if ( !r->hvm_ctx.body || !r->store_gfn || !r->console_gfn )
        return rfail(r, "incomplete stream: no %s before END",
                     !r->hvm_ctx.body ? "HVM_CONTEXT" : "ring parameters");
    if ( xc_hvm_param_set(r->xch, r->domid, HVM_PARAM_STORE_EVTCHN,
                          r->store_evtchn) ||
         xc_hvm_param_set(r->xch, r->domid, HVM_PARAM_CONSOLE_EVTCHN,
                          r->console_evtchn) )
        return rfail(r, "setting the rings' event channels: %m");
    if ( xc_domain_hvm_setcontext(r->xch, r->domid, r->hvm_ctx.body,
                                  r->hvm_ctx.length) )
        return rfail(r, "XEN_DOMCTL_sethvmcontext: %m");
    if ( pvh_seed_grants(r->xch, r->domid, &l, r->console_domid,
                         r->store_domid, why, sizeof(why)) )
        return rfail(r, "seeding the rings' grants: %s", why);
    r->end = true;
    return 0;
}

static int static_data_end(struct sr_restore *r,
                           struct restore_callbacks *cb)
{
    if ( r->page_seen )
        return rfail(r, "corrupt stream: STATIC_DATA_END after memory");
    r->static_done = true;
    if ( cb && cb->static_data_done &&
         cb->static_data_done(XGR_SDD_MISSING_CPUID | XGR_SDD_MISSING_MSR,
                              cb->data) )
        return rfail(r, "the caller refused the static data");
    return 0;
}

static int handle(struct sr_restore *r, struct sr_record *rec,
                  struct restore_callbacks *cb)
{
    switch ( rec->type )
    {
    case REC_TYPE_END:
        return complete(r);
    case REC_TYPE_PAGE_DATA:
    case REC_TYPE_XMHV_PAGE_DATA_ZLIB:
        return handle_pages(r, rec);
    case REC_TYPE_STATIC_DATA_END:
        return static_data_end(r, cb);
    case REC_TYPE_X86_TSC_INFO:
        return handle_tsc(r, rec);
    case REC_TYPE_HVM_PARAMS:
        return handle_params(r, rec);
    case REC_TYPE_HVM_CONTEXT:
        sr_record_free(&r->hvm_ctx);
        r->hvm_ctx = *rec;
        rec->body = NULL;
        return 0;
    }
    if ( rec->type & REC_TYPE_OPTIONAL )
        return 0;
    return rfail(r, "%s record (type %#x) is not supported here",
                 sr_record_name(rec->type), rec->type);
}

static int restore(struct sr_restore *r, struct restore_callbacks *cb)
{
    struct sr_record rec;
    uint16_t major, minor;
    int rc = 0;

    if ( sr_read_image_header(&r->io) ||
         sr_read_domain_header(&r->io, &major, &minor) )
        return -1;
    while ( !r->end && !rc )
    {
        if ( sr_read_record(&r->io, &rec) )
            return -1;
        rc = handle(r, &rec, cb);
        sr_record_free(&rec);
    }
    return rc;
}

int xc_domain_restore(xc_interface *xch, int io_fd, uint32_t dom,
                      unsigned int store_evtchn, unsigned long *store_mfn,
                      uint32_t store_domid, unsigned int console_evtchn,
                      unsigned long *console_mfn, uint32_t console_domid,
                      xc_stream_type_t stream_type,
                      struct restore_callbacks *callbacks, int send_back_fd)
{
    struct sr_restore *r = calloc(1, sizeof(*r));
    int rc = -1;

    (void)send_back_fd;
    if ( !r )
        return -1;
    *r = (struct sr_restore){
        .xch = xch, .domid = dom, .io.fd = io_fd,
        .store_evtchn = store_evtchn, .console_evtchn = console_evtchn,
        .store_domid = store_domid, .console_domid = console_domid,
    };
    if ( stream_type != XC_STREAM_PLAIN )
        rfail(r, "only plain streams (no Remus/COLO)");
    else
        rc = restore(r, callbacks);
    if ( rc )
    {
        if ( !errno )
            errno = EINVAL;
        xc_report(xch, XC_INTERNAL_ERROR, "xc_domain_restore d%u: %s", dom,
                  r->io.why);
    }
    else
    {
        *store_mfn = r->store_gfn;
        *console_mfn = r->console_gfn;
        if ( callbacks && callbacks->restore_results )
            callbacks->restore_results(r->store_gfn, r->console_gfn,
                                       callbacks->data);
    }
    sr_record_free(&r->hvm_ctx);
    free(r->populated);
    free(r->scratch);
    free(r);
    return rc;
}
