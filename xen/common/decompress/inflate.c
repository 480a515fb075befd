/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw deflate decoder (RFC 1951), written from the RFC.
 *
 * Input bits are kept in a 64-bit buffer refilled eight bytes at a time, so
 * one refill covers a whole length/distance pair.  Huffman codes are
 * decoded through a table indexed by the next INFLATE_FAST_BITS bits; the
 * rare longer codes fall back to a canonical walk, one bit at a time.
 * Every bit taken is checked against what the input really holds, and every
 * output byte against out_size.
 */
#include <xen/errno.h>
#include <xen/lib.h>

#include "private.h"

#define FAST_MASK ((1U << INFLATE_FAST_BITS) - 1)
#define MAX_CODE_LEN 15

struct bits {
    const uint8_t *p, *end;     /* next input byte not yet in buf */
    uint64_t buf;               /* next bit is bit 0 */
    unsigned int cnt;           /* valid bits in buf */
};

struct inflate {
    struct bits b;
    struct inflate_ws *ws;
    uint8_t *out;
    size_t size, pos;
};

/* RFC 1951 3.2.5: length codes 257..285 and distance codes 0..29. */
static const uint16_t len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* RFC 1951 3.2.7: order in which code length code lengths are sent. */
static const uint8_t clen_order[19] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static inline void bits_refill(struct bits *b)
{
    if ( likely(b->end - b->p >= 8) )
    {
        /*
         * Bits above cnt already hold the bytes at p, so OR-ing them in
         * again is harmless; p advances by the whole bytes that fit.
         */
        b->buf |= dc_le64(b->p) << b->cnt;
        b->p += (63 - b->cnt) >> 3;
        b->cnt |= 56;
        return;
    }

    while ( b->cnt <= 56 && b->p < b->end )
    {
        b->buf |= (uint64_t)*b->p++ << b->cnt;
        b->cnt += 8;
    }
}

/* Takes n (<= 32) bits into *v; false if the input ran out. */
static inline bool bits_get(struct bits *b, unsigned int n, unsigned int *v)
{
    if ( unlikely(b->cnt < n) )
    {
        bits_refill(b);
        if ( b->cnt < n )
            return false;
    }
    *v = b->buf & ((1ULL << n) - 1);
    b->buf >>= n;
    b->cnt -= n;
    return true;
}

/* Builds the decode tables for n code lengths; rejects over-full codes. */
static int huff_build(struct inflate_huff *h, const uint8_t *lens,
                      unsigned int n)
{
    uint16_t next[MAX_CODE_LEN + 2];
    unsigned int len, sym, code = 0;
    int left = 1;

    memset(h->count, 0, sizeof(h->count));
    memset(h->fast, 0, sizeof(h->fast));
    for ( sym = 0; sym < n; sym++ )
        h->count[lens[sym]]++;
    h->count[0] = 0;

    for ( len = 1; len <= MAX_CODE_LEN; len++ )
    {
        left = (left << 1) - h->count[len];
        if ( left < 0 )
            return -EINVAL;
    }

    /* next[len]: canonical code, and slot in symbol[], of the next symbol. */
    for ( len = 1; len <= MAX_CODE_LEN; len++ )
    {
        code = (code + h->count[len - 1]) << 1;
        next[len] = code;
    }

    for ( sym = 0; sym < n; sym++ )
    {
        unsigned int l = lens[sym], rev = 0, c, i;

        if ( !l )
            continue;
        c = next[l]++;
        if ( l > INFLATE_FAST_BITS )
            continue;
        /* Codes are sent most significant bit first: reverse them. */
        for ( i = 0; i < l; i++ )
            rev |= ((c >> i) & 1) << (l - 1 - i);
        for ( i = rev; i <= FAST_MASK; i += 1U << l )
            h->fast[i] = (sym << 4) | l;
    }

    /* symbol[]: ordered by length, then value, for the slow walk. */
    next[1] = 0;
    for ( len = 1; len < MAX_CODE_LEN; len++ )
        next[len + 1] = next[len] + h->count[len];
    for ( sym = 0; sym < n; sym++ )
        if ( lens[sym] )
            h->symbol[next[lens[sym]]++] = sym;

    return 0;
}

/* Codes longer than the fast table: walk the canonical code bit by bit. */
static int huff_decode_slow(struct bits *b, const struct inflate_huff *h)
{
    unsigned int code = 0, first = 0, index = 0, len;
    uint64_t buf = b->buf;

    for ( len = 1; len <= MAX_CODE_LEN && len <= b->cnt; len++ )
    {
        unsigned int count = h->count[len];

        code |= buf & 1;
        buf >>= 1;
        if ( code - first < count )
        {
            b->buf >>= len;
            b->cnt -= len;
            return h->symbol[index + code - first];
        }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }

    return -1;
}

/* Returns the next symbol, or -1 if the input is truncated or invalid. */
static inline int huff_decode(struct bits *b, const struct inflate_huff *h)
{
    unsigned int e, len;

    if ( unlikely(b->cnt < MAX_CODE_LEN) )
        bits_refill(b);
    e = h->fast[b->buf & FAST_MASK];
    len = e & 15;
    if ( likely(len) )
    {
        if ( unlikely(len > b->cnt) )
            return -1;
        b->buf >>= len;
        b->cnt -= len;
        return e >> 4;
    }

    return huff_decode_slow(b, h);
}

/* Copies a match; distance and length have been checked by the caller. */
static inline void copy_match(uint8_t *dst, unsigned int dist,
                              unsigned int len)
{
    const uint8_t *src = dst - dist;

    if ( dist >= 8 )
        for ( ; len >= 8; len -= 8, src += 8, dst += 8 )
            __builtin_memcpy(dst, src, 8);
    while ( len-- )
        *dst++ = *src++;
}

/* Decodes one length/distance pair after length symbol sym (>= 257). */
static int inflate_match(struct inflate *s, unsigned int sym)
{
    unsigned int extra, len, dist;
    int dsym;

    sym -= 257;
    if ( sym >= ARRAY_SIZE(len_base) ||
         !bits_get(&s->b, len_extra[sym], &extra) )
        return -EINVAL;
    len = len_base[sym] + extra;

    dsym = huff_decode(&s->b, &s->ws->dist);
    if ( dsym < 0 || dsym >= ARRAY_SIZE(dist_base) ||
         !bits_get(&s->b, dist_extra[dsym], &extra) )
        return -EINVAL;
    dist = dist_base[dsym] + extra;

    if ( dist > s->pos )
        return -EINVAL;
    if ( len > s->size - s->pos )
        return -E2BIG;
    copy_match(s->out + s->pos, dist, len);
    s->pos += len;

    return 0;
}

/* The symbols of one compressed block, up to its end-of-block code. */
static int inflate_codes(struct inflate *s)
{
    for ( ;; )
    {
        int sym, rc;

        bits_refill(&s->b);
        sym = huff_decode(&s->b, &s->ws->lit);
        if ( likely(sym >= 0 && sym < 256) )
        {
            if ( unlikely(s->pos >= s->size) )
                return -E2BIG;
            s->out[s->pos++] = sym;
            continue;
        }
        if ( sym == 256 )
            return 0;
        if ( sym < 0 )
            return -EINVAL;
        rc = inflate_match(s, sym);
        if ( rc )
            return rc;
    }
}

/* A stored block: LEN, NLEN, then LEN raw bytes from a byte boundary. */
static int inflate_stored(struct inflate *s)
{
    struct bits *b = &s->b;
    unsigned int len, nlen, pad;
    size_t avail;

    if ( !bits_get(b, b->cnt & 7, &pad) || !bits_get(b, 16, &len) ||
         !bits_get(b, 16, &nlen) || len != (~nlen & 0xffff) )
        return -EINVAL;
    if ( len > s->size - s->pos )
        return -E2BIG;

    /* Whole bytes still in the bit buffer come first. */
    for ( ; len && b->cnt; len-- )
        s->out[s->pos++] = bits_get(b, 8, &pad) ? pad : 0;

    avail = b->end - b->p;
    if ( len > avail )
        return -EINVAL;
    memcpy(s->out + s->pos, b->p, len);
    s->pos += len;
    b->p += len;
    /* With the buffer empty, its bits above cnt mirrored the old p. */
    if ( !b->cnt )
        b->buf = 0;

    return 0;
}

static int inflate_fixed(struct inflate *s)
{
    uint8_t *lens = s->ws->lens;
    unsigned int i;

    /* RFC 1951 3.2.6. */
    for ( i = 0; i < 288; i++ )
        lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    huff_build(&s->ws->lit, lens, 288);
    for ( i = 0; i < 30; i++ )
        lens[i] = 5;
    huff_build(&s->ws->dist, lens, 30);

    return inflate_codes(s);
}

/* Reads the code lengths of a dynamic block (RFC 1951 3.2.7). */
static int read_code_lengths(struct inflate *s, unsigned int n)
{
    uint8_t *lens = s->ws->lens;
    struct inflate_huff *clen = &s->ws->dist;  /* free until the end */
    unsigned int i = 0;

    while ( i < n )
    {
        int sym = huff_decode(&s->b, clen);
        unsigned int rep, fill = 0, v;

        if ( sym < 0 )
            return -EINVAL;
        if ( sym < 16 )
        {
            lens[i++] = sym;
            continue;
        }
        if ( sym == 16 )
        {
            if ( !i || !bits_get(&s->b, 2, &v) )
                return -EINVAL;
            fill = lens[i - 1];
            rep = 3 + v;
        }
        else if ( sym == 17 )
            rep = bits_get(&s->b, 3, &v) ? 3 + v : 0;
        else
            rep = bits_get(&s->b, 7, &v) ? 11 + v : 0;
        if ( !rep || rep > n - i )
            return -EINVAL;
        while ( rep-- )
            lens[i++] = fill;
    }

    return 0;
}

static int inflate_dynamic(struct inflate *s)
{
    uint8_t *lens = s->ws->lens;
    unsigned int nlit, ndist, nclen, i, v;
    int rc;

    if ( !bits_get(&s->b, 5, &nlit) || !bits_get(&s->b, 5, &ndist) ||
         !bits_get(&s->b, 4, &nclen) )
        return -EINVAL;
    nlit += 257;
    ndist += 1;
    nclen += 4;
    if ( nlit > 286 || ndist > 30 )
        return -EINVAL;

    memset(lens, 0, 19);
    for ( i = 0; i < nclen; i++ )
    {
        if ( !bits_get(&s->b, 3, &v) )
            return -EINVAL;
        lens[clen_order[i]] = v;
    }
    rc = huff_build(&s->ws->dist, lens, 19);
    if ( rc )
        return rc;

    rc = read_code_lengths(s, nlit + ndist);
    if ( rc )
        return rc;
    if ( !lens[256] )
        return -EINVAL;         /* no way to end the block */

    rc = huff_build(&s->ws->lit, lens, nlit);
    if ( !rc )
        rc = huff_build(&s->ws->dist, lens + nlit, ndist);

    return rc ?: inflate_codes(s);
}

int dc_inflate(struct inflate_ws *ws, const uint8_t *in, size_t in_len,
               uint8_t *out, size_t out_size, size_t *consumed,
               size_t *out_len)
{
    struct inflate s = {
        .b = { .p = in, .end = in + in_len },
        .ws = ws,
        .out = out,
        .size = out_size,
    };
    unsigned int last, type;
    int rc;

    do {
        if ( !bits_get(&s.b, 1, &last) || !bits_get(&s.b, 2, &type) )
            return -EINVAL;
        switch ( type )
        {
        case 0:
            rc = inflate_stored(&s);
            break;
        case 1:
            rc = inflate_fixed(&s);
            break;
        case 2:
            rc = inflate_dynamic(&s);
            break;
        default:
            rc = -EINVAL;
            break;
        }
        if ( rc )
            return rc;
    } while ( !last );

    /* Whole bytes left in the bit buffer were not part of the stream. */
    *consumed = (s.b.p - in) - s.b.cnt / 8;
    *out_len = s.pos;

    return 0;
}
