/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading one guest cluster (or a part of it): from its host cluster,
 * from the backing file when it has none, as zeroes, or inflated from a
 * compressed cluster (raw deflate, as QEMU writes it; the last one is
 * kept, since a guest reads a cluster in several requests).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "qcow2.h"

static int from_backing(struct qcow2 *q, uint8_t *buf, uint64_t len,
                        uint64_t off)
{
    struct image *b = q->backing;
    uint64_t n = 0;
    struct iovec iov;

    if ( b && off < b->size )
    {
        n = b->size - off < len ? b->size - off : len;
        iov = (struct iovec){ .iov_base = buf, .iov_len = n };
        if ( b->ops->readv(b, &iov, 1, off) < 0 )
            return -EIO;
    }
    memset(buf + n, 0, len - n);
    return 0;
}

/* Inflate the compressed cluster entry into q->cbuf. */
static int inflate_cluster(struct qcow2 *q, uint64_t entry)
{
    unsigned int shift = 62 - (q->cluster_bits - 8);
    uint64_t coff = entry & ((1ULL << shift) - 1);
    uint64_t nsect = qcow2_csectors(q, entry);
    uint64_t csize = nsect * 512 - (coff & 511);
    z_stream z = { 0 };
    ssize_t got;
    int zr;

    if ( q->cbuf_off == coff + 1 )
        return 0;
    if ( csize > 2 * q->cluster_size )
        return -EIO;
    /* The image may end inside the last compressed sector. */
    if ( (got = pread(q->fd, q->zbuf, csize, coff)) <= 0 )
        return got < 0 ? -errno : -EIO;
    if ( inflateInit2(&z, -12) != Z_OK )
        return -ENOMEM;
    z.next_in = q->zbuf;
    z.avail_in = got;
    z.next_out = q->cbuf;
    z.avail_out = q->cluster_size;
    zr = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    if ( (zr != Z_STREAM_END && zr != Z_BUF_ERROR) || z.avail_out )
        return -EIO;
    q->cbuf_off = coff + 1;
    return 0;
}

int qcow2_read_part(struct qcow2 *q, uint8_t *buf, uint64_t len,
                    uint64_t off)
{
    uint64_t entry, in = off & (q->cluster_size - 1);
    int rc;

    if ( (rc = qcow2_l2_entry(q, off, &entry)) )
        return rc;
    if ( entry & QCOW2_OFLAG_COMPRESSED )
    {
        if ( (rc = inflate_cluster(q, entry)) )
            return rc;
        memcpy(buf, q->cbuf + in, len);
        return 0;
    }
    if ( q->version >= 3 && (entry & QCOW2_OFLAG_ZERO) )
        return memset(buf, 0, len), 0;
    if ( !(entry & QCOW2_OFFSET_MASK) )
        return from_backing(q, buf, len, off);
    /* Not every writer pads the file's last cluster: zeroes past it. */
    return qcow2_pread_data(q, buf, len, (entry & QCOW2_OFFSET_MASK) + in);
}
