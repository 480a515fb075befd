/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EXPECT-OUTCOME: OWN-SCENARIO
 *
 * A misbehaving blkfront (issue 9, point 6), run as an unprivileged domU
 * by xm (config/guest/hostile-blk.cfg, scenario hostile-blkfront in
 * tests/system/scenarios_hostile_blk.py) with a file: disk (dom0's
 * xen-blkback) and a tap:aio: disk (our xen-blkd).  On each disk, in
 * turn, over fresh connections:
 *
 *  1. a good write and read back, then requests the protocol answers
 *     with an error: sectors at and across the disk's end and wrapping,
 *     grant references beyond the table, never granted, read-only for
 *     a read, segments with first > last or past the page, 0 and 12
 *     segments, 5000 indirect segments, an unknown operation
 *     (EOPNOTSUPP); then the whole ring and more pushed with no
 *     response ever collected, and an abrupt Closed from Connected;
 *  2. a ring-ref the backend cannot map: it must not connect;
 *  3. a wild producer index (a ring and a half ahead): no response may
 *     be placed (blkback halts the ring, xen-blkd stops it and says
 *     Closing);
 *  4. the ring page's grant revoked and the frame given back to the
 *     hypervisor while the backend has it mapped, then Closed.
 *
 * After each, Closed then Initialising must bring the backend back to
 * InitWait.  Finally each disk connects once more and gets a full ring
 * of requests and an event storm it never collects; the verdict is
 * printed and we wait, halted, for xm destroy (the scenario checks that
 * the backends, dom0, xend and a second guest stand, and that nothing
 * of ours is left).
 */
#include "hostile-blkfront/hostile.h"

#include <public/io/xenbus.h>
#include <public/memory.h>

static bool expect(int got, int want, const struct vbd *v, const char *what)
{
    char w[96];

    snprintf(w, sizeof(w), "%s %s", v->name, what);
    return check(got == want, w, "status %d want %d%s", got, want,
                 got == 1 ? " (no response within 10 s)" : "");
}

/* A request with nseg single-sector segments through gref. */
static int blk_nseg(struct vbd *v, unsigned int nseg, grant_ref_t gref)
{
    union blk_slot s;
    unsigned int i;

    memset(&s, 0, sizeof(s));
    s.req.op = BLKIF_OP_READ;
    s.req.nseg = nseg;
    s.req.handle = v->devid;
    s.req.id = ++v->next_id;
    for ( i = 0; i < 11; i++ )
        s.req.seg[i] = (struct blk_seg){ .gref = gref };
    blk_push(v, &s, true);
    return blk_wait(v, s.req.id, 10000);
}

static int blk_indirect(struct vbd *v, unsigned int nseg, grant_ref_t gref)
{
    union blk_slot s;

    memset(&s, 0, sizeof(s));
    s.ind.op = BLKIF_OP_INDIRECT;
    s.ind.indirect_op = BLKIF_OP_READ;
    s.ind.nseg = nseg;
    s.ind.handle = v->devid;
    s.ind.id = ++v->next_id;
    s.ind.grefs[0] = gref;
    blk_push(v, &s, true);
    return blk_wait(v, s.ind.id, 10000);
}

static int blk_op(struct vbd *v, uint8_t op)
{
    union blk_slot s;

    memset(&s, 0, sizeof(s));
    s.req.op = op;
    s.req.handle = v->devid;
    s.req.id = ++v->next_id;
    blk_push(v, &s, true);
    return blk_wait(v, s.req.id, 10000);
}

/* A good write of 8 sectors and its read back. */
static void good_io(struct vbd *v, uint8_t *data, grant_ref_t gd,
                    uint8_t *back, grant_ref_t gb)
{
    unsigned int i;
    char w[64];

    for ( i = 0; i < 4096; i++ )
        data[i] = (uint8_t)(i * 7 + v->devid);
    expect(blk_rw(v, BLKIF_OP_WRITE, 8, gd, 0, 7), BLKIF_RSP_OKAY, v,
           "write 8 sectors");
    if ( expect(blk_rw(v, BLKIF_OP_READ, 8, gb, 0, 7), BLKIF_RSP_OKAY, v,
                "read them back") )
    {
        snprintf(w, sizeof(w), "%s data read back", v->name);
        CHECK(!memcmp(data, back, 4096), w);
    }
}

static void bad_requests(struct vbd *v, grant_ref_t g, grant_ref_t gro,
                         grant_ref_t dead)
{
    const int E = BLKIF_RSP_ERROR;

    expect(blk_rw(v, BLKIF_OP_READ, v->sectors, g, 0, 0), E, v,
           "read at the disk's end");
    expect(blk_rw(v, BLKIF_OP_READ, v->sectors - 4, g, 0, 7), E, v,
           "read across the end");
    expect(blk_rw(v, BLKIF_OP_WRITE, ~0ULL - 3, g, 0, 7), E, v,
           "write at a wrapping sector");
    expect(blk_rw(v, BLKIF_OP_READ, 0, 0xfffff0, 0, 0), E, v,
           "grant ref beyond the table");
    expect(blk_rw(v, BLKIF_OP_READ, 0, dead, 0, 0), E, v,
           "grant ref not granted");
    expect(blk_rw(v, BLKIF_OP_READ, 0, gro, 0, 0), E, v,
           "read into a read-only grant");
    expect(blk_rw(v, BLKIF_OP_READ, 0, g, 3, 2), E, v, "first > last sect");
    expect(blk_rw(v, BLKIF_OP_READ, 0, g, 0, 8), E, v, "last sect 8");
    expect(blk_nseg(v, 0, g), E, v, "0 segments");
    expect(blk_nseg(v, 12, g), E, v, "12 segments");
    expect(blk_indirect(v, 5000, g), E, v, "5000 indirect segments");
    expect(blk_op(v, 0x7f), BLKIF_RSP_EOPNOTSUPP, v, "operation 0x7f");
}

/* Pushes n good reads (one notification) and waits till all answered. */
static bool flood(struct vbd *v, unsigned int n, grant_ref_t g,
                  unsigned int ms)
{
    union blk_slot s;
    uint64_t end;
    unsigned int i;

    memset(&s, 0, sizeof(s));
    s.req.op = BLKIF_OP_READ;
    s.req.nseg = 1;
    s.req.handle = v->devid;
    s.req.seg[0] = (struct blk_seg){ .gref = g, .last_sect = 7 };
    for ( i = 0; i < n; i++ )
    {
        s.req.id = ++v->next_id;
        s.req.sector = i * 8;
        blk_push(v, &s, i + 1 == n);
    }
    end = deadline_ms(ms);
    while ( v->ring->rsp_prod != v->req_prod && !past(end) )
        sched_op(SCHEDOP_yield, NULL);
    return v->ring->rsp_prod == v->req_prod;
}

static void session_requests(struct vbd *v)
{
    uint8_t *data = page_alloc(), *back = page_alloc();
    grant_ref_t gd = gnt_grant(data, false), gb = gnt_grant(back, false);
    grant_ref_t gro = gnt_grant(back, true), dead = gnt_grant(back, false);
    char w[80];

    gnt_revoke(dead);
    if ( !check(vbd_connect(v, 0) == XenbusStateConnected, "connected",
                "%s backend state %u", v->name, vbd_state(v)) ||
         !check(v->sectors > 64, "the backend's size", "%s: %llu sectors",
                v->name, (unsigned long long)v->sectors) )
        return;
    good_io(v, data, gd, back, gb);
    bad_requests(v, gd, gro, dead);
    good_io(v, data, gd, back, gb);
    snprintf(w, sizeof(w), "%s full ring never collected answered",
             v->name);
    check(flood(v, BLK_RING_SIZE, gb, 20000), w, "rsp_prod %u req_prod %u",
          v->ring->rsp_prod, v->req_prod);
    snprintf(w, sizeof(w), "%s 8 more over uncollected answers", v->name);
    check(flood(v, 8, gb, 20000), w, "rsp_prod %u req_prod %u",
          v->ring->rsp_prod, v->req_prod);
    vbd_reset(v);
}

static void session_bad_ring(struct vbd *v)
{
    unsigned int s = vbd_connect(v, 0xfffff0);
    char w[64];

    snprintf(w, sizeof(w), "%s unmappable ring-ref refused", v->name);
    check(s != XenbusStateConnected, w, "backend state %u", s);
    vbd_reset(v);
}

static void session_wild_index(struct vbd *v)
{
    char w[64];
    uint64_t end;

    if ( !check(vbd_connect(v, 0) == XenbusStateConnected, "connected",
                "%s backend state %u", v->name, vbd_state(v)) )
        return;
    v->ring->req_prod = BLK_RING_SIZE * 3 / 2;
    evtchn_notify(v->port);
    end = deadline_ms(3000);
    while ( !past(end) )
        sched_op(SCHEDOP_yield, NULL);
    snprintf(w, sizeof(w), "%s no response to a wild req_prod", v->name);
    check(v->ring->rsp_prod == 0, w, "rsp_prod %u", v->ring->rsp_prod);
    printk("info %s backend state %u after the wild index\n", v->name,
           vbd_state(v));
    vbd_reset(v);
}

static void session_revoke(struct vbd *v)
{
    xen_pfn_t gfn;
    struct xen_memory_reservation r = {
        .nr_extents = 1, .domid = DOMID_SELF,
    };
    char w[64];

    if ( !check(vbd_connect(v, 0) == XenbusStateConnected, "connected",
                "%s backend state %u", v->name, vbd_state(v)) )
        return;
    gnt_revoke(v->ring_ref);
    gfn = (unsigned long)v->ring >> 12;
    set_xen_guest_handle(r.extent_start, &gfn);
    snprintf(w, sizeof(w), "%s ring frame given back while mapped",
             v->name);
    check_eq_rc(memory_op(XENMEM_decrease_reservation, &r), 1, w);
    evtchn_notify(v->port);
    evtchn_notify(v->port);
    vbd_reset(v);
}

/* Connected once more with a full ring and an event storm, left so. */
static void session_last(struct vbd *v)
{
    uint8_t *data = page_alloc();
    grant_ref_t g = gnt_grant(data, false);
    unsigned int i;

    if ( !check(vbd_connect(v, 0) == XenbusStateConnected, "connected",
                "%s backend state %u", v->name, vbd_state(v)) )
        return;
    flood(v, BLK_RING_SIZE, g, 0);
    for ( i = 0; i < 2000; i++ )
        evtchn_notify(v->port);
}

/* Our disks: the backend at InitWait and its size. */
static unsigned int find_disks(struct vbd *vbds, unsigned int max)
{
    unsigned int n = 0, id, s;

    for ( id = 51712; id < 51712 + 16 * 4 && n < max; id += 16 )
    {
        struct vbd *v = &vbds[n];

        if ( !vbd_probe(v, id) )
            continue;
        s = vbd_wait_state(v, XenbusStateInitWait, 30000);
        printk("info %s backend %s state %u\n", v->name, v->be, s);
        if ( check(s == XenbusStateInitWait, "backend in InitWait", "%s",
                   v->name) )
            n++;
    }
    return n;
}

void test_main(void)
{
    struct vbd vbds[4];
    unsigned int n, i;

    if ( !xs_init() )
        verdict_stay();
    n = find_disks(vbds, 4);
    check(n == cmdline_u64("hostile.disks", 2), "disks found", "%u", n);
    for ( i = 0; i < n; i++ )
    {
        session_requests(&vbds[i]);
        session_bad_ring(&vbds[i]);
        session_wild_index(&vbds[i]);
        session_revoke(&vbds[i]);
    }
    for ( i = 0; i < n; i++ )
        session_last(&vbds[i]);
    verdict_stay();
}
