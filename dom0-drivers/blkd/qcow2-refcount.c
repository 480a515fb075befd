/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qcow2's refcounts (16 bits per host cluster, in refcount blocks the
 * refcount table points to) and allocation: new clusters are taken at the
 * end of the file and counted before anything points to them, so a crash
 * leaves at worst a leaked cluster, never one used twice.  The refcount
 * table itself moves to the end of the file, twice as large, when a
 * cluster lies beyond what it covers.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"

/* A new refcount block for refcount table slot i, at the end of the
 * file; it counts itself when it covers its own cluster. */
static int new_refblock(struct qcow2 *q, uint64_t i)
{
    uint64_t off = q->end, be;
    uint16_t *blk = calloc(1, q->cluster_size);
    bool self = (off >> q->cluster_bits) >> (q->cluster_bits - 1) == i;
    int rc;

    if ( !blk )
        return -ENOMEM;
    q->end += q->cluster_size;
    if ( self )
        blk[(off >> q->cluster_bits) & ((q->cluster_size / 2) - 1)] =
            htobe16(1);
    rc = qcow2_pwrite(q, blk, q->cluster_size, off);
    free(blk);
    be = htobe64(off);
    if ( !rc )
        rc = qcow2_pwrite(q, &be, 8, q->rt_off + i * 8);
    if ( rc )
        return rc;
    q->rt[i] = off;
    return self ? 0 : qcow2_update_refcount(q, off, 1);
}

/* The refcount table's entries (in memory and at the end of the file)
 * for a table of clusters starting at end with n entries: enough to
 * cover slot need and the table's own clusters. */
static uint64_t table_entries(const struct qcow2 *q, uint64_t need)
{
    uint64_t n = q->rt_size * 2, clusters, last;

    for ( ;; n *= 2 )
    {
        clusters = (n * 8 + q->cluster_size - 1) >> q->cluster_bits;
        last = ((q->end >> q->cluster_bits) + clusters) >>
               (q->cluster_bits - 1);
        if ( n > need && n > last + 1 )
            return clusters << (q->cluster_bits - 3);
    }
}

/* Write the in-memory table at the end of the file and point the header
 * at it. */
static int write_table(struct qcow2 *q, uint64_t off, uint64_t n)
{
    uint64_t *be = malloc(n * 8), i;
    uint32_t clusters = htobe32(n * 8 >> q->cluster_bits);
    uint64_t where = htobe64(off);
    int rc;

    if ( !be )
        return -ENOMEM;
    for ( i = 0; i < n; i++ )
        be[i] = htobe64(q->rt[i]);
    rc = qcow2_pwrite(q, be, n * 8, off);
    free(be);
    if ( !rc && !(rc = qcow2_pwrite(q, &where, 8, 48)) )
        rc = qcow2_pwrite(q, &clusters, 4, 56);
    return rc;
}

/* A larger refcount table at the end of the file: counted, and the old
 * one's clusters freed. */
static int grow_table(struct qcow2 *q, uint64_t need)
{
    uint64_t n = table_entries(q, need), off = q->end, old = q->rt_off;
    uint64_t old_bytes = (uint64_t)q->rt_size * 8, c;
    uint64_t *rt;
    int rc;

    if ( n * 8 > QCOW2_MAX_TABLE_BYTES || !(rt = realloc(q->rt, n * 8)) )
        return -ENOSPC;
    memset(rt + q->rt_size, 0, (n - q->rt_size) * 8);
    q->rt = rt;
    q->rt_size = n;
    q->end += n * 8;
    if ( (rc = write_table(q, off, n)) )
        return rc;
    q->rt_off = off;
    for ( c = off; c < off + n * 8 && !rc; c += q->cluster_size )
        rc = qcow2_update_refcount(q, c, 1);
    for ( c = old; c < old + old_bytes && !rc; c += q->cluster_size )
        rc = qcow2_update_refcount(q, c, -1);
    return rc;
}

int qcow2_update_refcount(struct qcow2 *q, uint64_t host, int delta)
{
    uint64_t c = host >> q->cluster_bits, i = c >> (q->cluster_bits - 1);
    unsigned int idx = c & ((q->cluster_size / 2) - 1);
    uint16_t *blk;
    int rc, v;

    if ( i >= q->rt_size && (delta < 0 || (rc = grow_table(q, i))) )
        return delta < 0 ? -EIO : rc;
    if ( !(q->rt[i] & QCOW2_OFFSET_MASK) &&
         (delta < 0 || (rc = new_refblock(q, i))) )
        return delta < 0 ? -EIO : rc;
    blk = qcow2_table_get(q, q->rb, q->rt[i] & QCOW2_OFFSET_MASK, &rc);
    if ( !blk )
        return rc;
    v = be16toh(blk[idx]) + delta;
    if ( v < 0 || v > 0xffff )
        return -EIO;
    blk[idx] = htobe16(v);
    return qcow2_pwrite(q, &blk[idx], 2,
                        (q->rt[i] & QCOW2_OFFSET_MASK) + idx * 2);
}

/* A new host cluster at the end of the file, counted; its offset. */
int qcow2_alloc_cluster(struct qcow2 *q, uint64_t *off)
{
    *off = q->end;
    q->end += q->cluster_size;
    return qcow2_update_refcount(q, *off, 1);
}

/* The host clusters a compressed cluster's bytes lie in lose one
 * reference each. */
int qcow2_free_entry(struct qcow2 *q, uint64_t entry)
{
    unsigned int shift = 62 - (q->cluster_bits - 8);
    uint64_t coff, end, c;
    int rc = 0;

    if ( !(entry & QCOW2_OFLAG_COMPRESSED) )
        return entry & QCOW2_OFFSET_MASK
               ? qcow2_update_refcount(q, entry & QCOW2_OFFSET_MASK, -1) : 0;
    coff = entry & ((1ULL << shift) - 1);
    end = (coff & ~511ULL) + qcow2_csectors(q, entry) * 512;
    for ( c = coff & ~(q->cluster_size - 1); c < end && !rc;
          c += q->cluster_size )
        rc = qcow2_update_refcount(q, c, -1);
    q->cbuf_off = 0;
    return rc;
}

