/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-blkd: one guest disk served from an image file in dom0 userspace,
 * speaking Xen's blkif protocol (xen/include/public/io/blkif.h) with the
 * guest's blkfront through /dev/xen/gntdev and /dev/xen/evtchn
 * (docs/blkd.md).
 */
#ifndef BLKD_PRIVATE_H
#define BLKD_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

/* blkif.h leaves the barriers to its includer (interface >= 3.2.8). */
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <xen/io/blkif.h>

#include <xenevtchn.h>
#include <xengnttab.h>

#include "image.h"

#define SECTOR 512
#define PAGE 4096
/* What we offer (feature-max-indirect-segments): Linux blkback's. */
#define BLKD_MAX_INDIRECT_SEGS 256
#define SEGS_PER_INDIRECT_PAGE (PAGE / sizeof(struct blkif_request_segment))
/* Persistent grants kept mapped per disk (Linux blkback's default). */
#define BLKD_MAX_PGRANTS 1056

/* XenbusState. */
enum {
    XB_UNKNOWN, XB_INITIALISING, XB_INITWAIT, XB_INITIALISED, XB_CONNECTED,
    XB_CLOSING, XB_CLOSED,
};

struct pgrant;

struct blkd {
    struct xs_handle *xs;
    xenevtchn_handle *xce;
    xengnttab_handle *xgt;
    char be[128], fe[128];
    uint32_t domid;                 /* the frontend's */
    struct image *img;
    int state;                      /* the backend state we wrote last */
    bool quit;
    /* While connected: */
    bool connected, broken, persistent;
    evtchn_port_t port;             /* local */
    void *sring;
    blkif_back_ring_t ring;
    struct pgrant **pg_hash;        /* gref -> persistent mapping */
    unsigned int nr_pgrants;
    /* Counters, logged at disconnect. */
    uint64_t nr_reqs, nr_errors;
};

/* Log one line to stderr (xend sends it to /var/log/xen/blkd.log). */
void blkd_log(const struct blkd *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* xenbus.c: the backend's side of the xenstore handshake. */
int xenbus_start(struct blkd *b, const char *be);
void xenbus_changed(struct blkd *b);
void xenbus_fatal(struct blkd *b, const char *why);
/* State Closed written (unless the backend directory is gone). */
void xenbus_closed_state(struct blkd *b);
/* Ring and channel let go (persistent grants: see xenbus.c). */
void xenbus_disconnect(struct blkd *b);

/* ring.c: take every request on the ring, answer each. */
void ring_process(struct blkd *b);

/* grants.c: grant mappings, persistent or for one request. */
#define BLKD_MAX_PAGES (BLKD_MAX_INDIRECT_SEGS + \
                        BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST)
struct grant_set {
    void *page[BLKD_MAX_PAGES];     /* one per ref asked for */
    void *batch;                    /* the request's own mapping, or NULL */
    unsigned int batch_count;
};
/*
 * Map count grants of b->domid for one request (write: the backend writes
 * into them).  Persistent grants are looked up, and mapped once and kept
 * while there is room; the rest are mapped together for this request.
 * 0 or -errno (nothing of this request left mapped then).
 */
int grants_map(struct blkd *b, const uint32_t *refs, unsigned int count,
               bool write, struct grant_set *gs);
void grants_unmap(struct blkd *b, struct grant_set *gs);
void grants_free_persistent(struct blkd *b);

#endif /* BLKD_PRIVATE_H */
