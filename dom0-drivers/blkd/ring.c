/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The request ring: every request is copied out of the shared page before
 * it is looked at (the frontend may change it under us), checked (segment
 * counts, sector ranges, grant references), carried out on the image and
 * answered with BLKIF_RSP_OKAY, _ERROR or _EOPNOTSUPP.  Ring indexes that
 * cannot be right stop the ring for good (as Linux's blkback does): no
 * response could be placed safely.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "blkd.h"

/* One read or write, its segments flattened (direct or indirect). */
struct rw {
    uint8_t op;                     /* BLKIF_OP_READ or _WRITE */
    uint64_t sector;
    unsigned int nr_segs, nr_indirect;
    struct blkif_request_segment seg[BLKD_MAX_INDIRECT_SEGS];
    uint32_t indirect[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};

/* The bytes of each segment, and their sum in sectors; -EINVAL for a
 * segment outside its page or a range outside the disk. */
static int rw_check(const struct blkd *b, const struct rw *r,
                    uint64_t *sectors)
{
    unsigned int i;

    *sectors = 0;
    if ( r->nr_segs == 0 )
        return -EINVAL;
    for ( i = 0; i < r->nr_segs; i++ )
    {
        if ( r->seg[i].first_sect > r->seg[i].last_sect ||
             r->seg[i].last_sect >= PAGE / SECTOR )
            return -EINVAL;
        *sectors += r->seg[i].last_sect - r->seg[i].first_sect + 1;
    }
    if ( r->sector >= b->img->size / SECTOR ||
         *sectors > b->img->size / SECTOR - r->sector )
        return -EINVAL;
    return 0;
}

static int rw_do(struct blkd *b, const struct rw *r)
{
    static struct grant_set gs;
    struct iovec iov[BLKD_MAX_INDIRECT_SEGS];
    uint32_t refs[BLKD_MAX_INDIRECT_SEGS];
    uint64_t sectors;
    unsigned int i;
    bool write = r->op == BLKIF_OP_WRITE;
    int rc = rw_check(b, r, &sectors);

    if ( rc )
        return rc;
    if ( write && b->img->readonly )
        return -EROFS;
    for ( i = 0; i < r->nr_segs; i++ )
        refs[i] = r->seg[i].gref;
    /* A read fills the guest's pages: we write them. */
    if ( (rc = grants_map(b, refs, r->nr_segs, !write, &gs)) )
        return rc;
    for ( i = 0; i < r->nr_segs; i++ )
    {
        iov[i].iov_base = (char *)gs.page[i] + r->seg[i].first_sect * SECTOR;
        iov[i].iov_len = (r->seg[i].last_sect - r->seg[i].first_sect + 1) *
                         SECTOR;
    }
    rc = write ? b->img->ops->writev(b->img, iov, r->nr_segs,
                                     r->sector * SECTOR)
               : b->img->ops->readv(b->img, iov, r->nr_segs,
                                    r->sector * SECTOR);
    grants_unmap(b, &gs);
    return rc;
}

/* Copy the segments out of the indirect pages (mapped read-only). */
static int indirect_segs(struct blkd *b, struct rw *r)
{
    static struct grant_set gs;
    const struct blkif_request_segment *src;
    unsigned int i;
    int rc;

    if ( r->nr_segs == 0 || r->nr_segs > BLKD_MAX_INDIRECT_SEGS ||
         r->nr_indirect != (r->nr_segs + SEGS_PER_INDIRECT_PAGE - 1) /
                           SEGS_PER_INDIRECT_PAGE )
        return -EINVAL;
    if ( (rc = grants_map(b, r->indirect, r->nr_indirect, false, &gs)) )
        return rc;
    for ( i = 0; i < r->nr_segs; i++ )
    {
        src = gs.page[i / SEGS_PER_INDIRECT_PAGE];
        r->seg[i] = ((volatile const struct blkif_request_segment *)src)
                        [i % SEGS_PER_INDIRECT_PAGE];
    }
    grants_unmap(b, &gs);
    return 0;
}

static int do_indirect(struct blkd *b, const blkif_request_t *req,
                       uint8_t *op)
{
    const blkif_request_indirect_t *ind = (const void *)req;
    static struct rw r;
    int rc;

    r.op = *op = ind->indirect_op;
    if ( r.op != BLKIF_OP_READ && r.op != BLKIF_OP_WRITE )
        return -EOPNOTSUPP;
    r.sector = ind->sector_number;
    r.nr_segs = ind->nr_segments;
    r.nr_indirect = (r.nr_segs + SEGS_PER_INDIRECT_PAGE - 1) /
                    SEGS_PER_INDIRECT_PAGE;
    if ( r.nr_indirect > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST )
        return -EINVAL;
    memcpy(r.indirect, ind->indirect_grefs, r.nr_indirect * sizeof(uint32_t));
    return (rc = indirect_segs(b, &r)) ? rc : rw_do(b, &r);
}

static int do_direct(struct blkd *b, const blkif_request_t *req)
{
    static struct rw r;

    r.op = req->operation;
    r.sector = req->sector_number;
    r.nr_segs = req->nr_segments;
    if ( r.nr_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST )
        return -EINVAL;
    memcpy(r.seg, req->seg, r.nr_segs * sizeof(r.seg[0]));
    return rw_do(b, &r);
}

static int do_discard(struct blkd *b, const blkif_request_t *req)
{
    const blkif_request_discard_t *d = (const void *)req;
    uint64_t disk = b->img->size / SECTOR;

    if ( !b->img->discard_granularity || (d->flag & BLKIF_DISCARD_SECURE) )
        return -EOPNOTSUPP;
    if ( d->sector_number >= disk || d->nr_sectors > disk - d->sector_number )
        return -EINVAL;
    return b->img->ops->discard(b->img, d->sector_number * SECTOR,
                                d->nr_sectors * SECTOR);
}

/* One request; its status (and the operation the answer names). */
static int16_t do_request(struct blkd *b, const blkif_request_t *req,
                          uint8_t *op)
{
    int rc;

    *op = req->operation;
    switch ( req->operation )
    {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
        rc = do_direct(b, req);
        break;
    case BLKIF_OP_FLUSH_DISKCACHE:
        rc = b->img->readonly ? 0 : b->img->ops->flush(b->img);
        break;
    case BLKIF_OP_DISCARD:
        rc = do_discard(b, req);
        break;
    case BLKIF_OP_INDIRECT:
        rc = do_indirect(b, req, op);
        break;
    default:
        rc = -EOPNOTSUPP;
    }
    if ( rc == -EOPNOTSUPP )
        return BLKIF_RSP_EOPNOTSUPP;
    return rc ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
}

static void respond(struct blkd *b, uint64_t id, uint8_t op, int16_t st)
{
    blkif_response_t *rsp = RING_GET_RESPONSE(&b->ring, b->ring.rsp_prod_pvt);

    rsp->id = id;
    rsp->operation = op;
    rsp->status = st;
    b->ring.rsp_prod_pvt++;
    b->nr_reqs++;
    if ( st != BLKIF_RSP_OKAY )
        b->nr_errors++;
}

/* Take what is on the ring now; false when the indexes are wild. */
static bool take_requests(struct blkd *b)
{
    RING_IDX rp = b->ring.sring->req_prod;
    blkif_request_t req;
    uint8_t op;
    int16_t st;

    xen_rmb();
    if ( RING_REQUEST_PROD_OVERFLOW(&b->ring, rp) )
        return false;
    while ( b->ring.req_cons != rp &&
            !RING_REQUEST_CONS_OVERFLOW(&b->ring, b->ring.req_cons) )
    {
        RING_COPY_REQUEST(&b->ring, b->ring.req_cons, &req);
        b->ring.req_cons++;
        st = do_request(b, &req, &op);
        respond(b, req.id, op, st);
    }
    return true;
}

void ring_process(struct blkd *b)
{
    int more, notify;

    if ( !b->connected || b->broken )
        return;
    do {
        if ( !take_requests(b) )
        {
            b->broken = true;
            blkd_log(b, "bogus ring indexes (req_prod %u, rsp_prod %u): "
                     "ring stopped", b->ring.sring->req_prod,
                     b->ring.rsp_prod_pvt);
            xenbus_fatal(b, "bogus ring indexes");
            return;
        }
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->ring, notify);
        if ( notify )
            xenevtchn_notify(b->xce, b->port);
        RING_FINAL_CHECK_FOR_REQUESTS(&b->ring, more);
    } while ( more );
}
