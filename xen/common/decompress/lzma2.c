/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA2 and LZMA decoding in single-call mode, written from the xz file
 * format specification and the LZMA algorithm description in the LZMA SDK
 * (lzma-specification.txt).
 *
 * The output buffer is the dictionary: a match copies from bytes already
 * written, so no separate window is needed.  Each LZMA chunk restarts the
 * range decoder on exactly its compressed bytes; the coder runs on a local
 * copy so the hot loop keeps it in registers, and instead of checking every
 * input byte it notes an overrun and lets the chunk fail at its end.
 */
#include <xen/errno.h>
#include <xen/lib.h>

#include "private.h"

#define hot_inline static inline __attribute__((__always_inline__))

#define RC_TOP        (1U << 24)
#define RC_MODEL_BITS 11
#define RC_MOVE_BITS  5
#define PROB_INIT     (1U << (RC_MODEL_BITS - 1))

#define LIT_STATES    7     /* states below this follow a literal */
#define MATCH_LEN_MIN 2

struct rc {
    uint32_t range, code;
    const uint8_t *p, *end;
    bool overrun;
};

/* The window of one chunk: dict[0..pos) is decoded, limit is the end. */
struct window {
    uint8_t *dict;
    size_t pos, limit;
};

hot_inline void rc_normalize(struct rc *rc)
{
    if ( rc->range >= RC_TOP )
        return;
    rc->range <<= 8;
    rc->code <<= 8;
    if ( likely(rc->p < rc->end) )
        rc->code |= *rc->p++;
    else
        rc->overrun = true;
}

hot_inline unsigned int rc_bit(struct rc *rc, uint16_t *prob)
{
    uint32_t bound;

    rc_normalize(rc);
    bound = (rc->range >> RC_MODEL_BITS) * *prob;
    if ( rc->code < bound )
    {
        rc->range = bound;
        *prob += ((1U << RC_MODEL_BITS) - *prob) >> RC_MOVE_BITS;
        return 0;
    }
    rc->range -= bound;
    rc->code -= bound;
    *prob -= *prob >> RC_MOVE_BITS;
    return 1;
}

/* A bit tree of nbits, most significant bit first; probs[1..2^nbits). */
hot_inline unsigned int rc_tree(struct rc *rc, uint16_t *probs,
                                unsigned int nbits)
{
    unsigned int m = 1;

    do {
        m = (m << 1) | rc_bit(rc, &probs[m]);
    } while ( m < (1U << nbits) );

    return m - (1U << nbits);
}

/* Least significant bit first; tree node m lives at probs[m - 1]. */
hot_inline unsigned int rc_tree_rev(struct rc *rc, uint16_t *probs,
                                    unsigned int nbits)
{
    unsigned int m = 1, sym = 0, i;

    for ( i = 0; i < nbits; i++ )
    {
        unsigned int bit = rc_bit(rc, &probs[m - 1]);

        m = (m << 1) | bit;
        sym |= bit << i;
    }

    return sym;
}

/* Bits with probability one half, most significant first. */
hot_inline uint32_t rc_direct(struct rc *rc, unsigned int nbits)
{
    uint32_t v = 0;

    while ( nbits-- )
    {
        rc_normalize(rc);
        rc->range >>= 1;
        v <<= 1;
        if ( rc->code >= rc->range )
        {
            rc->code -= rc->range;
            v |= 1;
        }
    }

    return v;
}

static void lzma_reset(struct lzma2_dec *s)
{
    uint16_t *p = (uint16_t *)&s->probs;
    size_t i, n = offsetof(struct lzma_probs, literal) / sizeof(*p) +
                  (LZMA_LIT_SIZE << (s->lc + s->lp));

    for ( i = 0; i < n; i++ )
        p[i] = PROB_INIT;
    s->state = 0;
    s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

hot_inline unsigned int lzma_len(struct rc *rc, struct lzma_len_probs *l,
                                 unsigned int pos_state)
{
    if ( !rc_bit(rc, &l->choice) )
        return MATCH_LEN_MIN + rc_tree(rc, l->low[pos_state], 3);
    if ( !rc_bit(rc, &l->choice2) )
        return MATCH_LEN_MIN + 8 + rc_tree(rc, l->mid[pos_state], 3);
    return MATCH_LEN_MIN + 16 + rc_tree(rc, l->high, 8);
}

/* The distance (minus one) of a new match of length len. */
hot_inline uint32_t lzma_dist(struct rc *rc, struct lzma_probs *p,
                              unsigned int len)
{
    unsigned int lstate = min(len - MATCH_LEN_MIN, 3U);
    unsigned int slot = rc_tree(rc, p->dist_slot[lstate], 6);
    unsigned int nbits;
    uint32_t dist;

    if ( slot < 4 )
        return slot;

    /* Slot: two top bits of the distance, then nbits more below them. */
    nbits = (slot >> 1) - 1;
    dist = (2 | (slot & 1)) << nbits;
    if ( slot < 14 )
        return dist + rc_tree_rev(rc, p->dist_special + dist - slot, nbits);

    dist += rc_direct(rc, nbits - 4) << 4;
    return dist + rc_tree_rev(rc, p->dist_align, 4);
}

/*
 * Everything the hot loop touches besides the probabilities, copied out
 * of struct lzma2_dec for the length of a chunk: output bytes are written
 * through a uint8_t pointer, which may alias anything in memory, so only
 * locals whose address never escapes stay in registers.
 */
struct coder {
    struct rc rc;
    unsigned int state;
    uint32_t rep[4];
    unsigned int lc, lp_mask, pb_mask;
    uint8_t *dict;
    size_t pos, limit;
};

hot_inline unsigned int lzma_literal(struct lzma_probs *p, struct coder *c)
{
    unsigned int prev = c->pos ? c->dict[c->pos - 1] : 0;
    unsigned int lit = ((c->pos & c->lp_mask) << c->lc) +
                       (prev >> (8 - c->lc));
    uint16_t *probs = p->literal + LZMA_LIT_SIZE * lit;
    unsigned int sym = 1, match;

    if ( c->state < LIT_STATES )
        return rc_tree(&c->rc, probs, 8);

    /*
     * After a match the byte at rep0 is a good guess: its bits select
     * separate probabilities until the first bit that differs.
     */
    match = c->dict[c->pos - c->rep[0] - 1];
    do {
        unsigned int mbit = (match >> 7) & 1, bit;

        match <<= 1;
        bit = rc_bit(&c->rc, &probs[((1 + mbit) << 8) + sym]);
        sym = (sym << 1) | bit;
        if ( bit != mbit )
        {
            while ( sym < 0x100 )
                sym = (sym << 1) | rc_bit(&c->rc, &probs[sym]);
            break;
        }
    } while ( sym < 0x100 );

    return sym & 0xff;
}

/* Picks rep1..rep3 as the new rep0, moving the ones in between down. */
hot_inline void lzma_rep_shuffle(struct lzma_probs *p, struct coder *c)
{
    unsigned int st = c->state;
    uint32_t dist;

    if ( !rc_bit(&c->rc, &p->is_rep1[st]) )
        dist = c->rep[1];
    else
    {
        if ( !rc_bit(&c->rc, &p->is_rep2[st]) )
            dist = c->rep[2];
        else
        {
            dist = c->rep[3];
            c->rep[3] = c->rep[2];
        }
        c->rep[2] = c->rep[1];
    }
    c->rep[1] = c->rep[0];
    c->rep[0] = dist;
}

/*
 * After the is_match bit said "match": decodes which kind, updates the
 * state and the rep distances, and returns the length (1 for a short rep).
 */
hot_inline unsigned int lzma_match(struct lzma_probs *p, struct coder *c,
                                   unsigned int pos_state)
{
    unsigned int st = c->state, len;

    if ( !rc_bit(&c->rc, &p->is_rep[st]) )
    {
        len = lzma_len(&c->rc, &p->match_len, pos_state);
        c->state = st < LIT_STATES ? 7 : 10;
        c->rep[3] = c->rep[2];
        c->rep[2] = c->rep[1];
        c->rep[1] = c->rep[0];
        c->rep[0] = lzma_dist(&c->rc, p, len);
        return len;
    }

    if ( !rc_bit(&c->rc, &p->is_rep0[st]) )
    {
        if ( !rc_bit(&c->rc, &p->is_rep0_long[st][pos_state]) )
        {
            c->state = st < LIT_STATES ? 9 : 11;
            return 1;
        }
    }
    else
        lzma_rep_shuffle(p, c);
    c->state = st < LIT_STATES ? 8 : 11;

    return lzma_len(&c->rc, &p->rep_len, pos_state);
}

static inline void lz_copy(uint8_t *dst, size_t dist, size_t len)
{
    const uint8_t *src = dst - dist;

    if ( dist >= 8 )
        for ( ; len >= 8; len -= 8, src += 8, dst += 8 )
            __builtin_memcpy(dst, src, 8);
    while ( len-- )
        *dst++ = *src++;
}

static inline unsigned int next_lit_state(unsigned int st)
{
    return st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
}

/* Decodes until c->pos reaches c->limit; the coder must end exactly. */
hot_inline int lzma_loop(struct lzma_probs *p, struct coder *c)
{
    while ( c->pos < c->limit )
    {
        unsigned int pos_state = c->pos & c->pb_mask, len;

        if ( !rc_bit(&c->rc, &p->is_match[c->state][pos_state]) )
        {
            c->dict[c->pos++] = lzma_literal(p, c);
            c->state = next_lit_state(c->state);
            continue;
        }

        len = lzma_match(p, c, pos_state);
        if ( c->rep[0] >= c->pos || len > c->limit - c->pos )
            return -EINVAL;
        lz_copy(c->dict + c->pos, (size_t)c->rep[0] + 1, len);
        c->pos += len;
    }

    rc_normalize(&c->rc);
    if ( c->rc.overrun || c->rc.p != c->rc.end || c->rc.code )
        return -EINVAL;

    return 0;
}

/* One LZMA chunk whose header said unc and comp bytes. */
static int lzma2_lzma(struct lzma2_dec *s, const uint8_t *in, size_t comp,
                      struct window *w, size_t unc)
{
    struct coder c = {
        .rc = { .range = 0xffffffff, .p = in + 5, .end = in + comp },
        .state = s->state,
        .rep = { s->rep[0], s->rep[1], s->rep[2], s->rep[3] },
        .lc = s->lc,
        .lp_mask = (1U << s->lp) - 1,
        .pb_mask = (1U << s->pb) - 1,
        .dict = w->dict,
        .pos = w->pos,
        .limit = w->pos + unc,
    };
    int ret;

    if ( comp < 5 || in[0] )
        return -EINVAL;
    c.rc.code = dc_be32(in + 1);
    ret = lzma_loop(&s->probs, &c);
    w->pos = c.pos;
    s->state = c.state;
    memcpy(s->rep, c.rep, sizeof(s->rep));

    return ret;
}

static int lzma2_props(struct lzma2_dec *s, unsigned int b)
{
    if ( b >= 9 * 5 * 5 )
        return -EINVAL;
    s->lc = b % 9;
    b /= 9;
    s->lp = b % 5;
    s->pb = b / 5;
    if ( s->lc + s->lp > LZMA_LCLP_MAX )
        return -EINVAL;

    return 0;
}

/*
 * One chunk after its control byte ctrl (xz file format, LZMA2):
 *   0x01 / 0x02     uncompressed, with / without dictionary reset;
 *   0x80 + flags    LZMA; bits 5-6: 0 nothing reset, 1 state reset,
 *                   2 state reset + new properties, 3 all that + dict
 *                   reset; bits 0-4: bits 16-20 of the unpacked size - 1.
 * *need holds what the next chunk must reset: bit 0 dictionary, bit 1
 * properties.  Returns the input bytes used, or a negative error.
 */
#define NEED_DICT  1
#define NEED_PROPS 2

static long lzma2_chunk(struct lzma2_dec *s, unsigned int ctrl,
                        const uint8_t *in, size_t len, struct window *w,
                        unsigned int *need)
{
    size_t unc, comp, hdr = ctrl >= 0x80 ? (ctrl >= 0xc0 ? 5 : 4) : 2;
    int ret;

    if ( (ctrl > 2 && ctrl < 0x80) || len < hdr )
        return -EINVAL;
    if ( ctrl == 1 || ctrl >= 0xe0 )
    {
        /* The dictionary restarts here: earlier bytes are out of reach. */
        w->dict += w->pos;
        w->limit -= w->pos;
        w->pos = 0;
        *need = NEED_PROPS;
    }
    else if ( *need & NEED_DICT )
        return -EINVAL;

    unc = ((size_t)(ctrl & 0x1f) << 16) + (in[0] << 8) + in[1] + 1;
    if ( ctrl < 0x80 )
        comp = unc = (in[0] << 8) + in[1] + 1;
    else
        comp = (in[2] << 8) + in[3] + 1;
    if ( comp > len - hdr )
        return -EINVAL;
    if ( unc > w->limit - w->pos )
        return -E2BIG;

    if ( ctrl < 0x80 )
    {
        memcpy(w->dict + w->pos, in + hdr, unc);
        w->pos += unc;
        return hdr + comp;
    }

    if ( ctrl >= 0xc0 )
    {
        ret = lzma2_props(s, in[4]);
        if ( ret )
            return ret;
        *need = 0;
    }
    else if ( *need & NEED_PROPS )
        return -EINVAL;
    if ( ctrl >= 0xa0 )
        lzma_reset(s);

    ret = lzma2_lzma(s, in + hdr, comp, w, unc);

    return ret ?: (long)(hdr + comp);
}

int dc_lzma2_decode(struct lzma2_dec *s, const uint8_t *in, size_t in_len,
                    size_t *consumed, uint8_t *out, size_t out_size,
                    size_t *out_len)
{
    struct window w = { .dict = out, .pos = 0, .limit = out_size };
    unsigned int need = NEED_DICT | NEED_PROPS;
    size_t pos = 0;

    for ( ;; )
    {
        unsigned int ctrl;
        long used;

        if ( pos >= in_len )
            return -EINVAL;
        ctrl = in[pos++];
        if ( !ctrl )
            break;
        used = lzma2_chunk(s, ctrl, in + pos, in_len - pos, &w, &need);
        if ( used < 0 )
            return used;
        pos += used;
    }

    *consumed = pos;
    *out_len = (w.dict - out) + w.pos;

    return 0;
}
