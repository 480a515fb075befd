/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few libc functions the tests need (the compiler may also emit calls
 * to memset and memcpy), and 64-bit arithmetic that 32-bit builds can do
 * without libgcc.
 */
#include "guest.h"

void *memset(void *s, int c, size_t n)
{
    uint8_t *p = s;

    while ( n-- )
        *p++ = c;
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;

    while ( n-- )
        *dp++ = *sp++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
        if ( *a != *b || !*a )
            return (uint8_t)*a - (uint8_t)*b;
    return 0;
}

int strcmp(const char *a, const char *b)
{
    return strncmp(a, b, (size_t)-1);
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *hay; hay++ )
        if ( !strncmp(hay, needle, n) )
            return (char *)hay;
    return n ? NULL : (char *)hay;
}

uint64_t udiv64(uint64_t n, uint32_t d, uint32_t *rem)
{
#ifdef __x86_64__
    *rem = n % d;
    return n / d;
#else
    uint32_t hi = n >> 32, lo = n, qhi = hi / d, qlo, r = hi % d;

    /* r < d, so the 64-by-32 divide cannot overflow. */
    asm ( "divl %4" : "=a" (qlo), "=d" (r) : "0" (lo), "1" (r), "rm" (d) );
    *rem = r;
    return ((uint64_t)qhi << 32) | qlo;
#endif
}

uint64_t mul64_frac32(uint64_t a, uint32_t mul)
{
    uint64_t lo = (uint64_t)(uint32_t)a * mul;
    uint64_t hi = (uint64_t)(uint32_t)(a >> 32) * mul;

    return hi + (lo >> 32);
}

uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
    uint32_t version, mul;
    uint64_t stamp, sys, delta;
    int8_t shift;

    do {
        version = t->version;
        barrier();
        stamp = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        delta = rdtsc_ordered() - stamp;
        barrier();
    } while ( (version & 1) || version != t->version );

    if ( shift < 0 )
        delta >>= -shift;
    else
        delta <<= shift;
    return sys + mul64_frac32(delta, mul);
}
