/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Kernel payload decompression through zlib (gzip) and liblzma (xz, and
 * the legacy .lzma format Linux's CONFIG_KERNEL_LZMA produces).  The output
 * grows as needed up to a cap, so a hostile stream cannot exhaust memory.
 */
#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pvh-private.h"

/* An output buffer that doubles up to max. */
struct growbuf {
    uint8_t *data;
    size_t size, max;
};

static int grow(struct growbuf *g)
{
    size_t n = g->size ? g->size * 2 : (1 << 20);
    uint8_t *p;

    if ( g->size >= g->max )
    {
        errno = EFBIG;
        return -1;
    }
    if ( n > g->max )
        n = g->max;
    p = realloc(g->data, n);
    if ( !p )
        return -1;
    g->data = p;
    g->size = n;
    return 0;
}

static int gunzip(const uint8_t *in, size_t len, struct growbuf *g,
                  size_t *outlen, char *why, size_t whylen)
{
    z_stream zs = { .next_in = (Bytef *)in, .avail_in = len };
    int zr = Z_OK;

    /* 16 + MAX_WBITS: a gzip header and trailer around the deflate data. */
    if ( inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK )
    {
        snprintf(why, whylen, "gzip: zlib would not start");
        errno = ENOMEM;
        return -1;
    }
    while ( zr == Z_OK )
    {
        if ( zs.total_out == g->size && grow(g) )
            break;
        zs.next_out = g->data + zs.total_out;
        zs.avail_out = g->size - zs.total_out;
        zr = inflate(&zs, Z_NO_FLUSH);
        if ( zr == Z_BUF_ERROR && zs.avail_out == 0 )
            zr = Z_OK;                  /* only the output was full */
    }
    *outlen = zs.total_out;
    inflateEnd(&zs);
    if ( zr == Z_STREAM_END )
        return 0;
    if ( zr == Z_OK )
        snprintf(why, whylen, "gzip: output larger than %zu bytes", g->max);
    else
        snprintf(why, whylen, "gzip: %s", zs.msg ? zs.msg : "corrupt data");
    if ( zr != Z_OK )
        errno = EINVAL;
    return -1;
}

static int unlzma(const uint8_t *in, size_t len, bool xz, struct growbuf *g,
                  size_t *outlen, char *why, size_t whylen)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    lzma_ret lr;

    lr = xz ? lzma_stream_decoder(&ls, UINT64_MAX, 0)
            : lzma_alone_decoder(&ls, UINT64_MAX);
    if ( lr != LZMA_OK )
    {
        snprintf(why, whylen, "%s: liblzma would not start",
                 xz ? "xz" : "lzma");
        errno = ENOMEM;
        return -1;
    }
    ls.next_in = in;
    ls.avail_in = len;
    do {
        if ( ls.total_out == g->size && grow(g) )
            break;
        ls.next_out = g->data + ls.total_out;
        ls.avail_out = g->size - ls.total_out;
        lr = lzma_code(&ls, LZMA_FINISH);
    } while ( lr == LZMA_OK ||
              (lr == LZMA_BUF_ERROR && ls.avail_out == 0) );
    *outlen = ls.total_out;
    lzma_end(&ls);
    if ( lr == LZMA_STREAM_END )
        return 0;
    if ( lr == LZMA_OK || lr == LZMA_BUF_ERROR )
        snprintf(why, whylen, "%s: %s", xz ? "xz" : "lzma",
                 ls.avail_in ? "output too large" : "truncated stream");
    else
        snprintf(why, whylen, "%s: corrupt data (liblzma error %d)",
                 xz ? "xz" : "lzma", (int)lr);
    if ( errno != EFBIG && errno != ENOMEM )
        errno = EINVAL;
    return -1;
}

/* Formats Linux can compress a kernel with that we do not decode. */
static const char *unsupported(const uint8_t *in, size_t len)
{
    static const struct { const char *name; uint8_t magic[4]; size_t n; }
    others[] = {
        { "bzip2", { 'B', 'Z', 'h' }, 3 },
        { "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
        { "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
        { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
    };
    size_t i;

    for ( i = 0; i < sizeof(others) / sizeof(others[0]); i++ )
        if ( len >= others[i].n && !memcmp(in, others[i].magic, others[i].n) )
            return others[i].name;
    return NULL;
}

int pvh_decompress(const uint8_t *in, size_t len, size_t max,
                   uint8_t **out, size_t *outlen, const char **fmt,
                   char *why, size_t whylen)
{
    static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
    struct growbuf g = { .max = max };
    int r;

    errno = 0;
    if ( len >= 2 && in[0] == 0x1f && in[1] == 0x8b )
    {
        *fmt = "gzip";
        r = gunzip(in, len, &g, outlen, why, whylen);
    }
    else if ( len >= 6 && !memcmp(in, xz_magic, 6) )
    {
        *fmt = "xz";
        r = unlzma(in, len, true, &g, outlen, why, whylen);
    }
    /* .lzma: properties byte 0x5d, then a little-endian dictionary size. */
    else if ( len >= 13 && in[0] == 0x5d && in[1] == 0 && in[2] == 0 )
    {
        *fmt = "lzma";
        r = unlzma(in, len, false, &g, outlen, why, whylen);
    }
    else
    {
        const char *name = unsupported(in, len);

        *fmt = name ? name : "unknown";
        snprintf(why, whylen, "%s compression is not supported "
                 "(gzip, xz and lzma are)", *fmt);
        errno = name ? ENOTSUP : EINVAL;
        r = -1;
    }
    if ( r )
    {
        free(g.data);
        return -1;
    }
    *out = g.data;
    return 0;
}
