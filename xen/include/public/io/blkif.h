/* SPDX-License-Identifier: MIT */
/*
 * The PV block device protocol (blkfront <-> blkback).
 *
 * Setup through xenstore (each end's device directory):
 *  backend writes:  sectors, sector-size, info (VDISK_*), physical-sector-
 *                   size, feature-barrier, feature-flush-cache,
 *                   feature-discard (+ discard-granularity,
 *                   discard-alignment, discard-secure),
 *                   feature-persistent, feature-max-indirect-segments,
 *                   max-ring-page-order, multi-queue-max-queues.
 *  frontend writes: ring-ref (or ring-ref0.. with ring-page-order),
 *                   event-channel, protocol (io/protocols.h),
 *                   feature-persistent, multi-queue-num-queues (then the
 *                   per-queue keys under queue-N/).
 * Sectors are always 512 bytes in requests, whatever sector-size says.
 *
 * A request names up to BLKIF_MAX_SEGMENTS_PER_REQUEST granted pages,
 * each with the first and last 512-byte sector used in that page.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include "ring.h"
#include "../grant_table.h"

#ifndef blkif_vdev_t
#define blkif_vdev_t   uint16_t
#endif
#define blkif_sector_t uint64_t

#define BLKIF_OP_READ              0
#define BLKIF_OP_WRITE             1
/* Writes before this one reach stable media before it (feature-barrier). */
#define BLKIF_OP_WRITE_BARRIER     2
/* Flush the disk's write cache (feature-flush-cache). */
#define BLKIF_OP_FLUSH_DISKCACHE   3
/* Used by an old out-of-tree protocol; never reuse. */
#define BLKIF_OP_RESERVED_1        4
/* The sectors' contents may be dropped (feature-discard). */
#define BLKIF_OP_DISCARD           5
/*
 * The segments are in separate granted pages (feature-max-indirect-
 * segments): struct blkif_request_indirect, indirect_op is the real op.
 */
#define BLKIF_OP_INDIRECT          6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* Indirect pages one request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

struct blkif_request_segment {
    grant_ref_t gref;        /* the data page */
    uint8_t     first_sect, last_sect;  /* 0..7, inclusive */
};

/* READ, WRITE, WRITE_BARRIER, FLUSH_DISKCACHE. */
struct blkif_request {
    uint8_t        operation;    /* BLKIF_OP_* */
    uint8_t        nr_segments;  /* 0 only for a flush */
    blkif_vdev_t   handle;       /* the device (usually ignored) */
    uint64_t       id;           /* echoed in the response */
    blkif_sector_t sector_number;
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* DISCARD. */
struct blkif_request_discard {
    uint8_t        operation;
    uint8_t        flag;
#define BLKIF_DISCARD_SECURE (1 << 0)  /* erase so it cannot be read back */
    blkif_vdev_t   handle;
    uint64_t       id;
    blkif_sector_t sector_number;
    uint64_t       nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/*
 * INDIRECT: indirect_grefs name pages full of blkif_request_segment
 * (PAGE_SIZE / 8 per page) describing nr_segments segments.
 */
struct blkif_request_indirect {
    uint8_t        operation;
    uint8_t        indirect_op;
    uint16_t       nr_segments;
    uint64_t       id;
    blkif_sector_t sector_number;
    blkif_vdev_t   handle;
    grant_ref_t    indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
#ifdef __i386__
    uint64_t       pad;          /* same size as on x86_64 */
#endif
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
    uint64_t        id;          /* from the request */
    uint8_t         operation;   /* from the request */
    int16_t         status;      /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP  -2  /* operation not supported */
#define BLKIF_RSP_ERROR       -1  /* failed */
#define BLKIF_RSP_OKAY         0  /* done */

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Bits of the backend's "info" node. */
#define VDISK_CDROM        0x1
#define VDISK_REMOVABLE    0x2
#define VDISK_READONLY     0x4

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
