/* SPDX-License-Identifier: GPL-2.0-only */
/* Bit operations on arrays of unsigned long; set/clear are atomic. */
#ifndef XEN_BITMAP_H
#define XEN_BITMAP_H

#include <xen/lib.h>

#define BITS_PER_LONG       64
#define BITS_TO_LONGS(n)    DIV_ROUND_UP(n, BITS_PER_LONG)

static inline void set_bit(unsigned int nr, unsigned long *addr)
{
    __atomic_fetch_or(&addr[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
                      __ATOMIC_SEQ_CST);
}

static inline void clear_bit(unsigned int nr, unsigned long *addr)
{
    __atomic_fetch_and(&addr[nr / BITS_PER_LONG],
                       ~(1UL << (nr % BITS_PER_LONG)), __ATOMIC_SEQ_CST);
}

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
    return (__atomic_load_n(&addr[nr / BITS_PER_LONG], __ATOMIC_RELAXED) >>
            (nr % BITS_PER_LONG)) & 1;
}

static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
    unsigned long m = 1UL << (nr % BITS_PER_LONG);

    return __atomic_fetch_or(&addr[nr / BITS_PER_LONG], m,
                             __ATOMIC_SEQ_CST) & m;
}

static inline bool test_and_clear_bit(unsigned int nr, unsigned long *addr)
{
    unsigned long m = 1UL << (nr % BITS_PER_LONG);

    return __atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~m,
                              __ATOMIC_SEQ_CST) & m;
}

static inline void bitmap_zero(unsigned long *b, unsigned int nbits)
{
    memset(b, 0, BITS_TO_LONGS(nbits) * sizeof(long));
}

static inline void bitmap_fill(unsigned long *b, unsigned int nbits)
{
    unsigned int i;

    for ( i = 0; i < nbits; i++ )
        set_bit(i, b);
}

/* Set bits in a word (no libgcc: the hypervisor links nothing). */
static inline unsigned int hweight64(uint64_t w)
{
    w = w - ((w >> 1) & 0x5555555555555555UL);
    w = (w & 0x3333333333333333UL) + ((w >> 2) & 0x3333333333333333UL);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (w * 0x0101010101010101UL) >> 56;
}

static inline unsigned int bitmap_weight(const unsigned long *b,
                                         unsigned int nbits)
{
    unsigned int i, w = 0;

    for ( i = 0; i < BITS_TO_LONGS(nbits); i++ )
        w += hweight64(b[i]);
    return w;
}

/* Index of the first set bit at or after start, or size if none. */
static inline unsigned int find_next_bit(const unsigned long *b,
                                         unsigned int size,
                                         unsigned int start)
{
    while ( start < size )
    {
        unsigned long w = b[start / BITS_PER_LONG] >> (start % BITS_PER_LONG);

        if ( w )
        {
            start += __builtin_ctzl(w);
            return start < size ? start : size;
        }
        start = ROUNDUP(start + 1, BITS_PER_LONG);
    }
    return size;
}

#endif /* XEN_BITMAP_H */
