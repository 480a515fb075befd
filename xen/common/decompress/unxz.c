/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz container (The .xz File Format, version 1.1.0): stream header,
 * blocks, index and stream footer, each with its CRC-32, and the block
 * checks (none, CRC-32 or CRC-64).  Filter chains are LZMA2 alone or the
 * x86 BCJ filter before LZMA2, which is what Linux and `xz --x86` write.
 *
 * Blocks are decoded one after another straight into the output buffer;
 * the BCJ filter then runs over each block's output in place.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#include "private.h"

#define XZ_HEADER_LEN  12
#define XZ_FOOTER_LEN  12
#define XZ_CHECK_NONE  0x00
#define XZ_CHECK_CRC32 0x01
#define XZ_CHECK_CRC64 0x04

#define XZ_FILTER_X86   0x04
#define XZ_FILTER_LZMA2 0x21

#define BLOCK_FLAGS_FILTERS   0x03
#define BLOCK_FLAGS_RESERVED  0x3c
#define BLOCK_FLAGS_COMP_SIZE 0x40
#define BLOCK_FLAGS_UNC_SIZE  0x80

static const uint8_t xz_header_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
static const uint8_t xz_footer_magic[2] = { 'Y', 'Z' };

struct unxz_ws {
    struct lzma2_dec lzma2;
    struct dc_crc32_table crc32;
    struct dc_crc64_table crc64;
};

/* Where decoding stands, plus what the index must agree with. */
struct xz {
    struct unxz_ws *ws;
    const uint8_t *in;
    size_t in_len, pos;
    uint8_t *out;
    size_t out_size, out_pos;
    unsigned int check;
    /* Blocks seen: count, sums of sizes, and a CRC over the pairs. */
    uint64_t blocks, unpadded_sum, unc_sum;
    uint32_t records_crc;
};

/* Filter chain of the block being decoded. */
struct xz_filters {
    bool x86;
    uint32_t x86_start;
};

size_t unxz_workspace_size(void)
{
    return sizeof(struct unxz_ws);
}

/* A variable-length integer: 7 bits a byte, at most 9 bytes, minimal. */
static bool get_vli(const uint8_t *p, size_t len, size_t *pos, uint64_t *v)
{
    unsigned int i;

    *v = 0;
    for ( i = 0; i < 9 && *pos < len; i++ )
    {
        uint8_t b = p[(*pos)++];

        *v |= (uint64_t)(b & 0x7f) << (7 * i);
        if ( !(b & 0x80) )
            return !(b == 0 && i);
    }

    return false;
}

static unsigned int check_size(unsigned int check)
{
    return check == XZ_CHECK_CRC32 ? 4 : check == XZ_CHECK_CRC64 ? 8 : 0;
}

static bool crc32_ok(const struct xz *x, const uint8_t *p, size_t len,
                     const uint8_t *stored)
{
    return dc_crc32(&x->ws->crc32, 0, p, len) == dc_le32(stored);
}

/* Bytes between here and the next multiple of four must be zero. */
static bool skip_padding(struct xz *x)
{
    while ( x->pos & 3 )
        if ( x->pos >= x->in_len || x->in[x->pos++] )
            return false;
    return true;
}

static int parse_stream_header(struct xz *x)
{
    const uint8_t *h = x->in;

    if ( x->in_len < sizeof(xz_header_magic) ||
         memcmp(h, xz_header_magic, sizeof(xz_header_magic)) )
        return -EOPNOTSUPP;
    if ( x->in_len < XZ_HEADER_LEN + XZ_FOOTER_LEN )
        return -EINVAL;
    if ( !crc32_ok(x, h + 6, 2, h + 8) )
        return -EBADMSG;
    if ( h[6] || (h[7] & 0xf0) )
        return -EINVAL;
    x->check = h[7];
    if ( x->check != XZ_CHECK_NONE && x->check != XZ_CHECK_CRC32 &&
         x->check != XZ_CHECK_CRC64 )
        return -EOPNOTSUPP;
    x->pos = XZ_HEADER_LEN;

    return 0;
}

/* One filter's flags; LZMA2 must come last, x86 BCJ may precede it. */
static int parse_filter(const uint8_t *h, size_t len, size_t *pos,
                        bool last, struct xz_filters *f)
{
    uint64_t id, psize;

    if ( !get_vli(h, len, pos, &id) || !get_vli(h, len, pos, &psize) ||
         psize > len - *pos )
        return -EINVAL;

    if ( last )
    {
        if ( id != XZ_FILTER_LZMA2 )
            return -EOPNOTSUPP;
        /* Dictionary size: irrelevant, the output is the dictionary. */
        if ( psize != 1 || h[*pos] > 40 )
            return -EINVAL;
    }
    else
    {
        if ( id != XZ_FILTER_X86 || f->x86 )
            return -EOPNOTSUPP;
        if ( psize != 0 && psize != 4 )
            return -EINVAL;
        f->x86 = true;
        f->x86_start = psize ? dc_le32(h + *pos) : 0;
    }
    *pos += psize;

    return 0;
}

/*
 * Block header: size byte, flags, optional compressed and uncompressed
 * sizes, filter flags, zero padding, CRC-32.  ~0 in *comp / *unc means
 * "not given".
 */
static int parse_block_header(struct xz *x, struct xz_filters *f,
                              uint64_t *comp, uint64_t *unc)
{
    const uint8_t *h = x->in + x->pos;
    size_t len = (h[0] + 1) * 4, pos = 2;
    unsigned int flags, i, nfilters;
    int rc;

    if ( len > x->in_len - x->pos )
        return -EINVAL;
    if ( !crc32_ok(x, h, len - 4, h + len - 4) )
        return -EBADMSG;
    len -= 4;
    flags = h[1];
    if ( flags & BLOCK_FLAGS_RESERVED )
        return -EINVAL;
    nfilters = (flags & BLOCK_FLAGS_FILTERS) + 1;

    *comp = *unc = ~0ULL;
    if ( (flags & BLOCK_FLAGS_COMP_SIZE) && !get_vli(h, len, &pos, comp) )
        return -EINVAL;
    if ( (flags & BLOCK_FLAGS_UNC_SIZE) && !get_vli(h, len, &pos, unc) )
        return -EINVAL;

    f->x86 = false;
    for ( i = 0; i < nfilters; i++ )
    {
        rc = parse_filter(h, len, &pos, i == nfilters - 1, f);
        if ( rc )
            return rc;
    }
    for ( ; pos < len; pos++ )
        if ( h[pos] )
            return -EINVAL;

    x->pos += len + 4;

    return 0;
}

static bool bcj_x86_msbyte(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

/*
 * Undoes the x86 BCJ filter over a whole block.  The encoder turned the
 * relative targets of E8 (call) and E9 (jmp) rel32 into absolute ones when
 * the top byte of the operand was 00 or FF; prev_mask remembers which of
 * the three bytes before the current one were E8/E9 too, since such
 * overlapping candidates are converted only in some patterns.
 */
static void bcj_x86(uint8_t *buf, size_t len, uint32_t start)
{
    static const bool allowed[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
    static const uint8_t shift_of[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
    size_t i, last = (size_t)-1;
    unsigned int mask = 0;

    for ( i = 0; i + 4 < len; i++ )
    {
        uint32_t src, dst;

        if ( (buf[i] & 0xfe) != 0xe8 )
            continue;

        if ( i - last > 3 )
            mask = 0;
        else
        {
            mask = (mask << (i - last - 1)) & 7;
            if ( mask && (!allowed[mask] ||
                          bcj_x86_msbyte(buf[i + 4 - shift_of[mask]])) )
            {
                last = i;
                mask = (mask << 1) | 1;
                continue;
            }
        }
        last = i;

        if ( !bcj_x86_msbyte(buf[i + 4]) )
        {
            mask = (mask << 1) | 1;
            continue;
        }

        src = dc_le32(buf + i + 1);
        for ( ;; )
        {
            unsigned int bits;

            dst = src - (start + (uint32_t)i + 5);
            if ( !mask )
                break;
            bits = shift_of[mask] * 8;
            if ( !bcj_x86_msbyte(dst >> (24 - bits)) )
                break;
            src = dst ^ ((1U << (32 - bits)) - 1);
        }
        /* Bit 24 of the result is sign-extended over the top byte. */
        dst &= 0x01ffffff;
        dst |= 0U - (dst & 0x01000000);
        __builtin_memcpy(buf + i + 1, &dst, 4);
        i += 4;
    }
}

/* Compares the block's check field with the decoded data. */
static int verify_check(struct xz *x, const uint8_t *data, size_t len)
{
    const uint8_t *stored = x->in + x->pos;
    unsigned int size = check_size(x->check);

    if ( size > x->in_len - x->pos )
        return -EINVAL;
    x->pos += size;
    if ( x->check == XZ_CHECK_CRC32 &&
         dc_crc32(&x->ws->crc32, 0, data, len) != dc_le32(stored) )
        return -EBADMSG;
    if ( x->check == XZ_CHECK_CRC64 &&
         dc_crc64(&x->ws->crc64, 0, data, len) != dc_le64(stored) )
        return -EBADMSG;

    return 0;
}

/* Folds one (unpadded size, uncompressed size) pair into the tallies. */
static void tally(struct xz *x, uint64_t *sum_unpadded, uint64_t *sum_unc,
                  uint32_t *crc, uint64_t unpadded, uint64_t unc)
{
    uint8_t pair[16];

    __builtin_memcpy(pair, &unpadded, 8);
    __builtin_memcpy(pair + 8, &unc, 8);
    *sum_unpadded += unpadded;
    *sum_unc += unc;
    *crc = dc_crc32(&x->ws->crc32, *crc, pair, sizeof(pair));
}

static int decode_block(struct xz *x)
{
    size_t start = x->pos, used, produced;
    uint8_t *data = x->out + x->out_pos;
    struct xz_filters f = { .x86 = false };
    uint64_t comp, unc;
    int rc;

    rc = parse_block_header(x, &f, &comp, &unc);
    if ( rc )
        return rc;
    rc = dc_lzma2_decode(&x->ws->lzma2, x->in + x->pos, x->in_len - x->pos,
                         &used, data, x->out_size - x->out_pos, &produced);
    if ( rc )
        return rc;
    if ( (comp != ~0ULL && comp != used) || (unc != ~0ULL && unc != produced) )
        return -EINVAL;
    x->pos += used;
    if ( f.x86 )
        bcj_x86(data, produced, f.x86_start);

    tally(x, &x->unpadded_sum, &x->unc_sum, &x->records_crc,
          x->pos - start + check_size(x->check), produced);
    x->blocks++;
    x->out_pos += produced;
    if ( !skip_padding(x) )
        return -EINVAL;

    return verify_check(x, data, produced);
}

/* The index must list exactly the blocks we decoded. */
static int parse_index(struct xz *x)
{
    size_t start = x->pos++;
    uint64_t n, i, unpadded_sum = 0, unc_sum = 0;
    uint32_t crc = 0;

    if ( !get_vli(x->in, x->in_len, &x->pos, &n) )
        return -EINVAL;
    for ( i = 0; i < n; i++ )
    {
        uint64_t unpadded, unc;

        if ( !get_vli(x->in, x->in_len, &x->pos, &unpadded) ||
             !get_vli(x->in, x->in_len, &x->pos, &unc) )
            return -EINVAL;
        tally(x, &unpadded_sum, &unc_sum, &crc, unpadded, unc);
    }
    if ( !skip_padding(x) || x->in_len - x->pos < 4 )
        return -EINVAL;
    if ( !crc32_ok(x, x->in + start, x->pos - start, x->in + x->pos) )
        return -EBADMSG;
    x->pos += 4;

    if ( n != x->blocks || unpadded_sum != x->unpadded_sum ||
         unc_sum != x->unc_sum || crc != x->records_crc )
        return -EBADMSG;

    return 0;
}

static int parse_stream_footer(struct xz *x, size_t index_len)
{
    const uint8_t *f = x->in + x->pos;

    if ( x->in_len - x->pos < XZ_FOOTER_LEN )
        return -EINVAL;
    if ( !crc32_ok(x, f + 4, 6, f) )
        return -EBADMSG;
    if ( memcmp(f + 10, xz_footer_magic, sizeof(xz_footer_magic)) ||
         ((uint64_t)dc_le32(f + 4) + 1) * 4 != index_len ||
         memcmp(f + 8, x->in + 6, 2) )
        return -EINVAL;
    x->pos += XZ_FOOTER_LEN;

    return 0;
}

int unxz(const void *in, size_t in_len, void *out, size_t out_size,
         size_t *out_len, void *workspace)
{
    struct xz x = {
        .ws = workspace,
        .in = in,
        .in_len = in_len,
        .out = out,
        .out_size = out_size,
    };
    size_t index_start;
    int rc;

    dc_crc32_init(&x.ws->crc32);
    dc_crc64_init(&x.ws->crc64);
    rc = parse_stream_header(&x);

    while ( !rc )
    {
        if ( x.pos >= x.in_len )
            return -EINVAL;
        if ( !x.in[x.pos] )
            break;                      /* index indicator */
        rc = decode_block(&x);
    }
    if ( rc )
        return rc;

    index_start = x.pos;
    rc = parse_index(&x);
    if ( !rc )
        rc = parse_stream_footer(&x, x.pos - index_start);
    if ( !rc )
        *out_len = x.out_pos;

    return rc;
}
