/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qcow2's cluster-sized tables (L2 tables, refcount blocks): a small LRU
 * cache of each kind, kept in the on-disk (big-endian) form so that a
 * changed entry is written through to the file as it is.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qcow2.h"

/* All of [off, off + len): past the end of the file, -EIO or zeroes. */
static int pread_all(struct qcow2 *q, void *buf, size_t len, uint64_t off,
                     bool zero_past_end)
{
    ssize_t r;

    while ( len )
    {
        r = pread(q->fd, buf, len, off);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        if ( r == 0 )
            return zero_past_end ? (memset(buf, 0, len), 0) : -EIO;
        buf = (uint8_t *)buf + r;
        len -= r;
        off += r;
    }
    return 0;
}

int qcow2_pread(struct qcow2 *q, void *buf, size_t len, uint64_t off)
{
    return pread_all(q, buf, len, off, false);
}

int qcow2_pread_data(struct qcow2 *q, void *buf, size_t len, uint64_t off)
{
    return pread_all(q, buf, len, off, true);
}

int qcow2_pwrite(struct qcow2 *q, const void *buf, size_t len, uint64_t off)
{
    ssize_t r;

    while ( len )
    {
        r = pwrite(q->fd, buf, len, off);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return r < 0 ? -errno : -EIO;
        buf = (const uint8_t *)buf + r;
        len -= r;
        off += r;
    }
    return 0;
}

/* The least recently used slot (a free one first). */
static struct qcow2_table *victim(struct qcow2_table *cache)
{
    struct qcow2_table *v = &cache[0];
    unsigned int i;

    for ( i = 0; i < QCOW2_TABLE_CACHE; i++ )
    {
        if ( !cache[i].off )
            return &cache[i];
        if ( cache[i].used < v->used )
            v = &cache[i];
    }
    return v;
}

void *qcow2_table_get(struct qcow2 *q, struct qcow2_table *cache,
                      uint64_t off, int *rc)
{
    struct qcow2_table *t;
    unsigned int i;

    *rc = 0;
    for ( i = 0; i < QCOW2_TABLE_CACHE; i++ )
        if ( cache[i].off == off )
        {
            cache[i].used = ++q->stamp;
            return cache[i].data;
        }
    t = victim(cache);
    if ( !t->data && !(t->data = malloc(q->cluster_size)) )
        return *rc = -ENOMEM, NULL;
    t->off = 0;
    if ( (*rc = qcow2_pread(q, t->data, q->cluster_size, off)) )
        return NULL;
    t->off = off;
    t->used = ++q->stamp;
    return t->data;
}

void qcow2_table_drop(struct qcow2_table *cache)
{
    unsigned int i;

    for ( i = 0; i < QCOW2_TABLE_CACHE; i++ )
    {
        free(cache[i].data);
        cache[i].data = NULL;
        cache[i].off = 0;
    }
}

int qcow2_l2_entry(struct qcow2 *q, uint64_t off, uint64_t *entry)
{
    unsigned int l2_bits = q->cluster_bits - 3;
    uint64_t idx = off >> q->cluster_bits;
    uint64_t l1e = q->l1[idx >> l2_bits] & QCOW2_OFFSET_MASK;
    const uint64_t *l2;
    int rc;

    *entry = 0;
    if ( !l1e )
        return 0;
    if ( !(l2 = qcow2_table_get(q, q->l2, l1e, &rc)) )
        return rc;
    *entry = be64toh(l2[idx & ((1ULL << l2_bits) - 1)]);
    return 0;
}
