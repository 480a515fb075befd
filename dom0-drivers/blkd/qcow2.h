/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qcow2 images, versions 2 and 3 (QEMU's docs/interop/qcow2.txt): a
 * two-level table (L1 in memory, L2 tables cached) maps guest clusters to
 * host clusters; 16-bit refcounts count the references to each host
 * cluster.  We read and write, allocate at the end of the file, keep
 * refcounts exact (qemu-img check passes), read backing files and
 * zlib-compressed clusters.  Refused: encryption, internal snapshots when
 * writing, external data files, extended L2, refcount widths but 16, any
 * incompatible feature bit.
 */
#ifndef QCOW2_PRIVATE_H
#define QCOW2_PRIVATE_H

#include <stdint.h>

#include "image.h"

#define QCOW2_MAGIC        0x514649fbU
#define QCOW2_OFLAG_COPIED     (1ULL << 63)   /* refcount is exactly 1 */
#define QCOW2_OFLAG_COMPRESSED (1ULL << 62)
#define QCOW2_OFLAG_ZERO       1ULL           /* v3: reads as zeroes */
#define QCOW2_OFFSET_MASK      0x00fffffffffffe00ULL
#define QCOW2_TABLE_CACHE      16
/* Bounds on the L1 and refcount tables we keep in memory. */
#define QCOW2_MAX_TABLE_BYTES  (32U << 20)

/* One cached cluster-sized table (an L2 table or a refcount block). */
struct qcow2_table {
    uint64_t off;                   /* host offset, 0: slot free */
    uint64_t used;                  /* LRU stamp */
    void *data;                     /* big-endian, as on disk */
};

struct qcow2 {
    struct image img;
    int fd;
    unsigned int version, cluster_bits;
    uint64_t cluster_size;
    uint64_t *l1;                   /* host order */
    uint32_t l1_size;
    uint64_t l1_off;
    uint64_t *rt;                   /* the refcount table, host order */
    uint32_t rt_size;
    uint64_t rt_off;
    uint64_t end;                   /* next cluster to allocate */
    struct image *backing;          /* or NULL */
    struct qcow2_table l2[QCOW2_TABLE_CACHE], rb[QCOW2_TABLE_CACHE];
    uint64_t stamp;
    uint8_t *zbuf, *cbuf;           /* compressed input, one cluster out */
    uint64_t cbuf_off;              /* the cluster in cbuf (+1), 0: none */
    uint8_t *scratch;               /* one cluster, for copy-on-write */
};

#define Q(i) ((struct qcow2 *)(i))

/* The 512-byte sectors a compressed cluster's bytes touch. */
static inline uint64_t qcow2_csectors(const struct qcow2 *q, uint64_t entry)
{
    unsigned int shift = 62 - (q->cluster_bits - 8);

    return ((entry >> shift) & ((1ULL << (q->cluster_bits - 8)) - 1)) + 1;
}

/* qcow2-table.c: L2 tables and refcount blocks, cached, written through. */
void *qcow2_table_get(struct qcow2 *q, struct qcow2_table *cache,
                      uint64_t off, int *rc);
void qcow2_table_drop(struct qcow2_table *cache);
int qcow2_pwrite(struct qcow2 *q, const void *buf, size_t len, uint64_t off);
/* Tables: the file must hold them (-EIO past its end). */
int qcow2_pread(struct qcow2 *q, void *buf, size_t len, uint64_t off);
/* Data: zeroes past the end of the file. */
int qcow2_pread_data(struct qcow2 *q, void *buf, size_t len, uint64_t off);
/* The L2 entry of guest offset off (0 when its L2 table is absent). */
int qcow2_l2_entry(struct qcow2 *q, uint64_t off, uint64_t *entry);

/* qcow2-read.c: one guest cluster's bytes (or part of it). */
int qcow2_read_part(struct qcow2 *q, uint8_t *buf, uint64_t len,
                    uint64_t off);

/* qcow2-refcount.c: refcounts and allocation. */
int qcow2_update_refcount(struct qcow2 *q, uint64_t host, int delta);
int qcow2_alloc_cluster(struct qcow2 *q, uint64_t *off);
/* The host cluster(s) of an L2 entry lose a reference. */
int qcow2_free_entry(struct qcow2 *q, uint64_t entry);

/* qcow2-write.c: writes and discards. */
int qcow2_write_part(struct qcow2 *q, const uint8_t *buf, uint64_t len,
                     uint64_t off);
int qcow2_discard_cluster(struct qcow2 *q, uint64_t off);

#endif /* QCOW2_PRIVATE_H */
