/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the decompressors in this directory only. */
#ifndef DECOMPRESS_PRIVATE_H
#define DECOMPRESS_PRIVATE_H

#include <xen/types.h>

/*
 * Unaligned little-endian loads.  __builtin_memcpy is spelled out because
 * the hypervisor builds with -ffreestanding, where a plain memcpy() would
 * stay an out-of-line call in the hot loops.
 */
static inline uint16_t dc_le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static inline uint32_t dc_le32(const uint8_t *p)
{
    uint32_t v;

    __builtin_memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint64_t dc_le64(const uint8_t *p)
{
    uint64_t v;

    __builtin_memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t dc_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320), as gzip and xz use
 * it, and CRC-64 (ECMA-182, reflected 0xc96c5795d7870f42), as xz uses it.
 * Tables are built into caller memory so nothing needs initialising.
 * Pass crc = 0 for a fresh checksum; the return value is final (already
 * inverted) and can be passed back in to continue.
 */
struct dc_crc32_table {
    uint32_t t[4][256];
};

struct dc_crc64_table {
    uint64_t t[256];
};

void dc_crc32_init(struct dc_crc32_table *tab);
uint32_t dc_crc32(const struct dc_crc32_table *tab, uint32_t crc,
                  const uint8_t *p, size_t len);
void dc_crc64_init(struct dc_crc64_table *tab);
uint64_t dc_crc64(const struct dc_crc64_table *tab, uint64_t crc,
                  const uint8_t *p, size_t len);

/* Raw deflate (RFC 1951): the workspace and its decoder. */
#define INFLATE_FAST_BITS 10

struct inflate_huff {
    /* Indexed by the next FAST_BITS input bits: (symbol << 4) | length. */
    uint16_t fast[1 << INFLATE_FAST_BITS];
    uint16_t count[16];         /* number of codes of each length */
    uint16_t symbol[288];       /* symbols ordered by (length, value) */
};

struct inflate_ws {
    struct inflate_huff lit;
    struct inflate_huff dist;
    uint8_t lens[288 + 32];
};

/*
 * Decodes the deflate stream at in[0..in_len) into out.  On success
 * *consumed is the number of input bytes used (the stream ends on a byte
 * boundary after its final block) and *out_len the bytes produced.
 */
int dc_inflate(struct inflate_ws *ws, const uint8_t *in, size_t in_len,
               uint8_t *out, size_t out_size, size_t *consumed,
               size_t *out_len);

/*
 * LZMA2 decoder state (lzma2.c).  Probabilities are 11-bit fixed point;
 * literal coders are 0x300 each, up to 2^(lc + lp) of them, and LZMA2
 * limits lc + lp to 4.
 */
#define LZMA_STATES      12
#define LZMA_POS_STATES  16
#define LZMA_LIT_SIZE    0x300
#define LZMA_LCLP_MAX    4

struct lzma_len_probs {
    uint16_t choice;
    uint16_t choice2;
    uint16_t low[LZMA_POS_STATES][8];
    uint16_t mid[LZMA_POS_STATES][8];
    uint16_t high[256];
};

struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES];
    uint16_t is_rep[LZMA_STATES];
    uint16_t is_rep0[LZMA_STATES];
    uint16_t is_rep1[LZMA_STATES];
    uint16_t is_rep2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES];
    uint16_t dist_slot[4][64];
    uint16_t dist_special[114];     /* reverse trees of slots 4..13 */
    uint16_t dist_align[16];
    struct lzma_len_probs match_len;
    struct lzma_len_probs rep_len;
    uint16_t literal[LZMA_LIT_SIZE << LZMA_LCLP_MAX];
};

struct lzma2_dec {
    /* Properties from the last chunk that set them. */
    unsigned int lc, lp, pb;
    /* Coder state carried from chunk to chunk until a state reset. */
    unsigned int state;
    uint32_t rep[4];
    struct lzma_probs probs;
};

/*
 * Decodes one LZMA2 stream (up to and including its end byte) from
 * in[0..in_len) into out[0..out_size), which is also the dictionary.
 * *consumed and *out_len say how much was read and written.
 */
int dc_lzma2_decode(struct lzma2_dec *s, const uint8_t *in, size_t in_len,
                    size_t *consumed, uint8_t *out, size_t out_size,
                    size_t *out_len);

#endif /* DECOMPRESS_PRIVATE_H */
