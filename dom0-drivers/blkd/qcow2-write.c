/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing qcow2: a guest cluster with a host cluster of its own (refcount
 * 1: the COPIED flag) is written in place; any other (unallocated, zero,
 * compressed, from the backing file) gets a new host cluster at the end
 * of the file (qcow2-refcount.c), filled with its old contents and the
 * new bytes, before its L2 entry points there and the old host cluster's
 * refcount drops.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"

/* The L2 table for guest offset off, made when absent; its offset. */
static int l2_for_write(struct qcow2 *q, uint64_t off, uint64_t *l2off)
{
    uint64_t i = (off >> q->cluster_bits) >> (q->cluster_bits - 3), be;
    uint8_t *zero;
    int rc;

    if ( q->l1[i] & QCOW2_OFFSET_MASK )
    {
        *l2off = q->l1[i] & QCOW2_OFFSET_MASK;
        return q->l1[i] & QCOW2_OFLAG_COPIED ? 0 : -EIO;    /* shared */
    }
    if ( !(zero = calloc(1, q->cluster_size)) )
        return -ENOMEM;
    rc = qcow2_alloc_cluster(q, l2off);
    if ( !rc )
        rc = qcow2_pwrite(q, zero, q->cluster_size, *l2off);
    free(zero);
    be = htobe64(*l2off | QCOW2_OFLAG_COPIED);
    if ( !rc )
        rc = qcow2_pwrite(q, &be, 8, q->l1_off + i * 8);
    if ( !rc )
        q->l1[i] = *l2off | QCOW2_OFLAG_COPIED;
    return rc;
}

/* Point guest offset off's L2 entry at entry. */
static int set_l2_entry(struct qcow2 *q, uint64_t off, uint64_t entry)
{
    uint64_t l2off, i = (off >> q->cluster_bits) &
                        ((1ULL << (q->cluster_bits - 3)) - 1);
    uint64_t *l2;
    int rc;

    if ( (rc = l2_for_write(q, off, &l2off)) ||
         !(l2 = qcow2_table_get(q, q->l2, l2off, &rc)) )
        return rc;
    l2[i] = htobe64(entry);
    return qcow2_pwrite(q, &l2[i], 8, l2off + i * 8);
}

static bool in_place(const struct qcow2 *q, uint64_t entry)
{
    return (entry & QCOW2_OFFSET_MASK) && (entry & QCOW2_OFLAG_COPIED) &&
           !(entry & QCOW2_OFLAG_COMPRESSED) &&
           !(q->version >= 3 && (entry & QCOW2_OFLAG_ZERO));
}

int qcow2_write_part(struct qcow2 *q, const uint8_t *buf, uint64_t len,
                     uint64_t off)
{
    uint64_t entry, host, in = off & (q->cluster_size - 1);
    uint64_t start = off - in;
    const uint8_t *data = buf;
    int rc;

    if ( (rc = qcow2_l2_entry(q, off, &entry)) )
        return rc;
    if ( in_place(q, entry) )
        return qcow2_pwrite(q, buf, len, (entry & QCOW2_OFFSET_MASK) + in);
    if ( len != q->cluster_size )
    {
        if ( (rc = qcow2_read_part(q, q->scratch, q->cluster_size, start)) )
            return rc;
        memcpy(q->scratch + in, buf, len);
        data = q->scratch;
    }
    if ( (rc = qcow2_alloc_cluster(q, &host)) ||
         (rc = qcow2_pwrite(q, data, q->cluster_size, host)) ||
         (rc = set_l2_entry(q, start, host | QCOW2_OFLAG_COPIED)) )
        return rc;
    return qcow2_free_entry(q, entry);
}

/* A whole guest cluster dropped: it reads as zeroes after (v3: the zero
 * flag; v2: unallocated, unless a backing file would show through). */
int qcow2_discard_cluster(struct qcow2 *q, uint64_t off)
{
    uint64_t entry, now;
    int rc;

    if ( (rc = qcow2_l2_entry(q, off, &entry)) )
        return rc;
    if ( q->version >= 3 )
        now = q->backing ? QCOW2_OFLAG_ZERO : 0;
    else if ( q->backing )
        return 0;
    else
        now = 0;
    if ( entry == now )
        return 0;
    if ( (rc = set_l2_entry(q, off, now)) )
        return rc;
    return qcow2_free_entry(q, entry);
}
