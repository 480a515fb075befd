/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * PAGE_DATA batches (count, reserved, count pfn words, the pages with
 * data) and our XMHV_PAGE_DATA_ZLIB variant, where the pages' contents are
 * one zlib stream (docs/save-restore.md).  A batch read is checked whole
 * before anything uses it: count, every type, and the exact data length.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sr-stream.h"

struct sr_page_data_hdr {
    uint32_t count;
    uint32_t reserved;
};

static unsigned int data_pages(const struct sr_batch *b)
{
    unsigned int i, n = 0;

    for ( i = 0; i < b->nr; i++ )
        n += sr_type_has_data(sr_pfn_type(b->pfn[i]));
    return n;
}

static int write_plain(struct sr_io *io, const struct sr_batch *b,
                       struct iovec *iov)
{
    iov[2].iov_base = (void *)b->data;
    iov[2].iov_len = (size_t)b->nr_data * SR_PAGE_SIZE;
    return sr_write_record_iov(io, REC_TYPE_PAGE_DATA, iov, 3);
}

static int write_zlib(struct sr_io *io, const struct sr_batch *b,
                      struct iovec *iov)
{
    uLong in = (uLong)b->nr_data * SR_PAGE_SIZE;
    uLongf out = compressBound(in);
    uint8_t *z = malloc(out);
    int r;

    if ( !z )
    {
        snprintf(io->why, sizeof(io->why), "no memory to compress a batch");
        return -1;
    }
    if ( compress2(z, &out, b->data, in, Z_BEST_SPEED) != Z_OK )
    {
        free(z);
        snprintf(io->why, sizeof(io->why), "zlib failed on a page batch");
        return -1;
    }
    iov[2].iov_base = z;
    iov[2].iov_len = out;
    r = sr_write_record_iov(io, REC_TYPE_XMHV_PAGE_DATA_ZLIB, iov, 3);
    free(z);
    return r;
}

int sr_write_batch(struct sr_io *io, const struct sr_batch *b,
                   bool compress, size_t *written)
{
    struct sr_page_data_hdr h = { .count = b->nr };
    struct iovec iov[3] = {
        { .iov_base = &h, .iov_len = sizeof(h) },
        { .iov_base = (void *)b->pfn, .iov_len = b->nr * sizeof(uint64_t) },
    };
    uint64_t start = io->offset;
    int r;

    if ( !b->nr || b->nr > SR_MAX_BATCH || data_pages(b) != b->nr_data )
    {
        snprintf(io->why, sizeof(io->why), "bad page batch (%u pfns)",
                 b->nr);
        return -1;
    }
    r = compress && b->nr_data ? write_zlib(io, b, iov)
                               : write_plain(io, b, iov);
    if ( written )
        *written = io->offset - start;
    return r;
}

static int bad(struct sr_io *io, const char *what, unsigned int v)
{
    snprintf(io->why, sizeof(io->why),
             "corrupt stream: page batch before octet %llu: %s (%#x)",
             (unsigned long long)io->offset, what, v);
    return -1;
}

/* Count and pfn words; every type one an HVM guest's memory may have. */
static int parse_pfns(struct sr_io *io, const struct sr_record *rec,
                      struct sr_batch *b)
{
    const struct sr_page_data_hdr *h = rec->body;
    unsigned int i, t;

    if ( rec->length < sizeof(*h) )
        return bad(io, "record shorter than its header", rec->length);
    if ( !h->count || h->count > SR_MAX_BATCH )
        return bad(io, "page count out of range", h->count);
    if ( (rec->length - sizeof(*h)) / sizeof(uint64_t) < h->count )
        return bad(io, "record shorter than its pfn list", rec->length);
    b->nr = h->count;
    memcpy(b->pfn, h + 1, b->nr * sizeof(uint64_t));
    for ( i = 0; i < b->nr; i++ )
    {
        t = sr_pfn_type(b->pfn[i]);
        if ( t != SR_PFN_NOTAB && sr_type_has_data(t) )
            return bad(io, "page type not valid for an HVM guest", t);
        if ( (b->pfn[i] >> 52) & 0xff )
            return bad(io, "reserved pfn bits set", i);
    }
    b->nr_data = data_pages(b);
    return 0;
}

static int inflate_pages(struct sr_io *io, const uint8_t *z, size_t zlen,
                         struct sr_batch *b, uint8_t **scratch)
{
    uLongf out = (uLongf)b->nr_data * SR_PAGE_SIZE;
    uint8_t *buf = realloc(*scratch, out ? out : 1);

    if ( !buf )
        return bad(io, "no memory to inflate", b->nr_data);
    *scratch = buf;
    if ( uncompress(buf, &out, z, zlen) != Z_OK ||
         out != (uLongf)b->nr_data * SR_PAGE_SIZE )
        return bad(io, "compressed pages do not inflate to the batch",
                   b->nr_data);
    b->data = buf;
    return 0;
}

int sr_parse_batch(struct sr_io *io, const struct sr_record *rec,
                   struct sr_batch *b, uint8_t **scratch)
{
    size_t head, rest;

    if ( parse_pfns(io, rec, b) )
        return -1;
    head = sizeof(struct sr_page_data_hdr) + b->nr * sizeof(uint64_t);
    rest = rec->length - head;
    b->data = (const uint8_t *)rec->body + head;
    if ( rec->type == REC_TYPE_XMHV_PAGE_DATA_ZLIB )
        return b->nr_data ? inflate_pages(io, b->data, rest, b, scratch)
                          : 0;
    if ( rest != (size_t)b->nr_data * SR_PAGE_SIZE )
        return bad(io, "page data length does not match its pfns",
                   (unsigned int)rest);
    return 0;
}
