/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The blkfront side of the xenbus handshake and the blkif ring, done by
 * hand so that every field can be got wrong on purpose.  Grants come
 * from our grant-table frame 0 (refs from 32 up: the toolstack's
 * reserved ones stay alone), pages from a static pool (identity-mapped:
 * virtual = guest-physical), the event channel is never bound for
 * upcalls: answers are polled off the ring.
 */
#include "hostile.h"

#include <public/io/xenbus.h>

_Static_assert(sizeof(struct blk_req) == 112, "blkif_request x86_64");
_Static_assert(sizeof(struct blk_ind) == 64, "indirect request x86_64");
_Static_assert(sizeof(struct blk_rsp) == 16, "blkif_response x86_64");
_Static_assert(sizeof(struct blk_sring) <= 4096, "one ring page");

#define POOL_PAGES 24
#define FIRST_REF 32

static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static unsigned int pool_used;
static grant_entry_v1_t *gnttab;
static grant_ref_t next_ref = FIRST_REF;

void *page_alloc(void)
{
    if ( pool_used == POOL_PAGES )
        return NULL;
    memset(pool[pool_used], 0, 4096);
    return pool[pool_used++];
}

grant_ref_t gnt_grant(const void *page, bool ro)
{
    grant_ref_t ref = next_ref++;

    if ( !gnttab )
        gnttab = gnttab_frame0_at(guest_unbacked_addr());
    gnttab[ref].domid = 0;
    gnttab[ref].frame = (unsigned long)page >> 12;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gnttab[ref].flags = GTF_permit_access | (ro ? GTF_readonly : 0);
    return ref;
}

/* Taken back whether or not the backend still has it mapped. */
void gnt_revoke(grant_ref_t ref)
{
    gnttab[ref].flags = 0;
}

bool vbd_probe(struct vbd *v, unsigned int devid)
{
    char path[80];

    memset(v, 0, sizeof(*v));
    v->devid = devid;
    snprintf(v->fe, sizeof(v->fe), "device/vbd/%u", devid);
    snprintf(path, sizeof(path), "%s/backend", v->fe);
    if ( xs_read(path, v->be, sizeof(v->be)) <= 0 )
        return false;
    snprintf(v->name, sizeof(v->name), "xvd%c", 'a' + (devid - 51712) / 16);
    return true;
}

/* The backend's state (0 when its node is gone). */
unsigned int vbd_state(const struct vbd *v)
{
    char path[112];

    snprintf(path, sizeof(path), "%s/state", v->be);
    return xs_read_u64(path, 0);
}

/* Polls the backend's state until it is want: the last state seen. */
unsigned int vbd_wait_state(const struct vbd *v, unsigned int want,
                            unsigned int ms)
{
    uint64_t end = deadline_ms(ms);
    unsigned int s;

    while ( (s = vbd_state(v)) != want && !past(end) )
        sched_op(SCHEDOP_yield, NULL);
    return s;
}

/* Until the backend connects (true) or gives up: Closing, Closed. */
static bool connected_or_closing(const struct vbd *v, unsigned int ms)
{
    uint64_t end = deadline_ms(ms);
    unsigned int s;

    while ( (s = vbd_state(v)) != XenbusStateConnected &&
            s != XenbusStateClosing && s != XenbusStateClosed && !past(end) )
        sched_op(SCHEDOP_yield, NULL);
    return s == XenbusStateConnected;
}

bool vbd_set_state(struct vbd *v, unsigned int state)
{
    char path[64];

    snprintf(path, sizeof(path), "%s/state", v->fe);
    return xs_write_u64(path, state);
}

static bool vbd_write(struct vbd *v, const char *node, uint64_t val)
{
    char path[64];

    snprintf(path, sizeof(path), "%s/%s", v->fe, node);
    return xs_write_u64(path, val);
}

/*
 * A fresh ring page and event channel, advertised with ring_ref (the
 * page's own grant when 0), state Initialised: the backend's state
 * after up to 10 s of waiting for Connected.
 */
unsigned int vbd_connect(struct vbd *v, grant_ref_t ring_ref)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };
    char path[112];

    v->ring = page_alloc();
    if ( !v->ring || event_channel_op(EVTCHNOP_alloc_unbound, &a) )
        return 0;
    v->ring->req_event = v->ring->rsp_event = 1;
    v->req_prod = v->rsp_cons = 0;
    v->ring_ref = gnt_grant((void *)v->ring, false);
    v->port = a.port;
    snprintf(path, sizeof(path), "%s/protocol", v->fe);
    if ( !vbd_write(v, "ring-ref", ring_ref ?: v->ring_ref) ||
         !vbd_write(v, "event-channel", v->port) ||
         !xs_write(path, "x86_64-abi") ||
         !vbd_set_state(v, XenbusStateInitialised) )
        return 0;
    if ( !connected_or_closing(v, 10000) )
        return vbd_state(v);
    /* blkback writes the size only as it connects. */
    snprintf(path, sizeof(path), "%s/sectors", v->be);
    v->sectors = xs_read_u64(path, 0);
    vbd_set_state(v, XenbusStateConnected);
    return XenbusStateConnected;
}

/*
 * Abruptly Closed (whatever state we were in), then Initialising: the
 * backend must come back to InitWait, ready for the next connection.
 */
bool vbd_reset(struct vbd *v)
{
    unsigned int s;

    vbd_set_state(v, XenbusStateClosed);
    s = vbd_wait_state(v, XenbusStateClosed, 10000);
    if ( !check(s == XenbusStateClosed, "backend Closed after our Closed",
                "%s state %u", v->name, s) )
        return false;
    gnt_revoke(v->ring_ref);
    vbd_set_state(v, XenbusStateInitialising);
    s = vbd_wait_state(v, XenbusStateInitWait, 10000);
    return check(s == XenbusStateInitWait, "backend InitWait again",
                 "%s state %u", v->name, s);
}

void blk_push(struct vbd *v, const union blk_slot *s, bool notify)
{
    memcpy((void *)&v->ring->ring[v->req_prod % BLK_RING_SIZE], s,
           sizeof(*s));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    v->ring->req_prod = ++v->req_prod;
    if ( notify )
        evtchn_notify(v->port);
}

/*
 * The next response off the ring: its status, or 1 when none came
 * within ms, 2 when it answers another id.
 */
int blk_wait(struct vbd *v, uint64_t id, unsigned int ms)
{
    uint64_t end = deadline_ms(ms);
    struct blk_rsp r;

    while ( v->ring->rsp_prod == v->rsp_cons )
    {
        if ( past(end) )
            return 1;
        sched_op(SCHEDOP_yield, NULL);
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    memcpy(&r, (void *)&v->ring->ring[v->rsp_cons % BLK_RING_SIZE].rsp,
           sizeof(r));
    v->rsp_cons++;
    return r.id == id ? r.status : 2;
}

/* One single-segment read or write, pushed and waited for: its status. */
int blk_rw(struct vbd *v, uint8_t op, uint64_t sector, grant_ref_t gref,
           uint8_t first, uint8_t last)
{
    union blk_slot s;

    memset(&s, 0, sizeof(s));
    s.req.op = op;
    s.req.nseg = 1;
    s.req.handle = v->devid;
    s.req.id = ++v->next_id;
    s.req.sector = sector;
    s.req.seg[0] = (struct blk_seg){ .gref = gref, .first_sect = first,
                                     .last_sect = last };
    blk_push(v, &s, true);
    return blk_wait(v, s.req.id, 10000);
}
