/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's printf engine (xen/common/vsnprintf.c), checked
 * against the host C library for every combination of flags, width,
 * precision, length modifier and integer conversion over a set of edge
 * values; %s, %c, %% the same way; then %p, the places where we differ
 * from C on purpose (as Xen does), truncation and the return value.
 *
 * Our functions are renamed on inclusion so that the host's snprintf
 * stays available as the reference.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define vsnprintf xen_vsnprintf
#define snprintf xen_snprintf
#include "../../xen/common/vsnprintf.c"
#undef vsnprintf
#undef snprintf

#include "harness.h"

#define BUF 512

static char host_buf[BUF], our_buf[BUF];
static unsigned int mismatches;

/*
 * Compare one rendering; print the first few differences so a failure
 * shows what went wrong without flooding the log.
 */
static bool same(const char *fmt, int host_n, int our_n)
{
    if ( host_n == our_n && !strcmp(host_buf, our_buf) )
        return true;
    if ( mismatches++ < 12 )
        printf("  fmt \"%s\": host \"%s\" (%d), ours \"%s\" (%d)\n",
               fmt, host_buf, host_n, our_buf, our_n);
    return false;
}

/* Render with both, same arguments. */
#define BOTH(fmt, ...)                                                   \
    same(fmt, snprintf(host_buf, BUF, fmt, __VA_ARGS__),                 \
         xen_snprintf(our_buf, BUF, fmt, __VA_ARGS__))

/* Render ours only and compare with a literal. */
static bool ours_is(const char *want, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = xen_vsnprintf(our_buf, BUF, fmt, ap);
    va_end(ap);
    if ( n == (int)strlen(want) && !strcmp(our_buf, want) )
        return true;
    printf("  fmt \"%s\": want \"%s\", got \"%s\" (%d)\n", fmt, want,
           our_buf, n);
    return false;
}

/* ---- Integers: every combination against the host ---- */

static const char *const flag_sets[] = {
    "", "-", "0", "#", " ", "+", "-0", "-#", "-+", "- ", "0#", "0+", "0 ",
    "#+", "+ ", "-0#+ ", "0#+",
};
static const char *const widths[] = { "", "1", "5", "12", "25", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".20", ".*" };
static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "t" };

static const long long values[] = {
    0, 1, -1, 7, 8, 42, -42, 127, 128, -128, 255, 256, 32767, -32768,
    65535, 65536, INT_MAX, INT_MIN, UINT_MAX, 0x7fffffffffffffffLL,
    LLONG_MIN, -2, 0x123456789abcdefLL, 1000000000000LL,
};

/*
 * Combinations where C's answer is undefined, or where we follow Xen
 * rather than C (each such case is pinned down in its own test below).
 */
static bool skip_combo(const char *flags, const char *prec, const char *len,
                       char conv, long long v)
{
    bool alt = strchr(flags, '#');
    bool zero_prec = !strcmp(prec, ".") || !strcmp(prec, ".0");

    /* The value as printed: hh, h and int arguments are cut down. */
    if ( !strcmp(len, "hh") )
        v = (unsigned char)v;
    else if ( !strcmp(len, "h") )
        v = (unsigned short)v;
    else if ( !len[0] )
        v = (unsigned int)v;

    if ( alt && strchr("diu", conv) )
        return true;                    /* undefined in C */
    if ( v == 0 && zero_prec )
        return true;                    /* we print "0", C prints "" */
    if ( v == 0 && alt && (conv == 'x' || conv == 'X') )
        return true;                    /* we print "0x0", C prints "0" */
    return false;
}

/* Truncate v as the length modifier's type would, and pass it. */
static bool render_int(const char *fmt, const char *len, bool star_w,
                       bool star_p, long long v)
{
    int w = 9, p = 4;

    if ( !strcmp(len, "ll") )
    {
        if ( star_w && star_p )
            return BOTH(fmt, w, p, v);
        if ( star_w || star_p )
            return BOTH(fmt, star_w ? w : p, v);
        return BOTH(fmt, v);
    }
    if ( len[0] == 'l' || len[0] == 'z' || len[0] == 't' )
    {
        long lv = v;

        if ( star_w && star_p )
            return BOTH(fmt, w, p, lv);
        if ( star_w || star_p )
            return BOTH(fmt, star_w ? w : p, lv);
        return BOTH(fmt, lv);
    }
    if ( star_w && star_p )
        return BOTH(fmt, w, p, (int)v);
    if ( star_w || star_p )
        return BOTH(fmt, star_w ? w : p, (int)v);
    return BOTH(fmt, (int)v);
}

static unsigned int check_conversion(char conv)
{
    unsigned int f, w, p, l, v, bad = 0;
    char fmt[32];

    for ( f = 0; f < ARRAY_SIZE(flag_sets); f++ )
     for ( w = 0; w < ARRAY_SIZE(widths); w++ )
      for ( p = 0; p < ARRAY_SIZE(precs); p++ )
       for ( l = 0; l < ARRAY_SIZE(lengths); l++ )
        for ( v = 0; v < ARRAY_SIZE(values); v++ )
        {
            if ( skip_combo(flag_sets[f], precs[p], lengths[l], conv,
                            values[v]) )
                continue;
            snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flag_sets[f],
                     widths[w], precs[p], lengths[l], conv);
            bad += !render_int(fmt, lengths[l], widths[w][0] == '*',
                               strchr(precs[p], '*'), values[v]);
        }
    return bad;
}

TEST(fmt_d_all_combinations)
{
    EXPECT_EQ(check_conversion('d'), 0);
}

TEST(fmt_i_all_combinations)
{
    EXPECT_EQ(check_conversion('i'), 0);
}

TEST(fmt_u_all_combinations)
{
    EXPECT_EQ(check_conversion('u'), 0);
}

TEST(fmt_x_all_combinations)
{
    EXPECT_EQ(check_conversion('x'), 0);
}

TEST(fmt_X_all_combinations)
{
    EXPECT_EQ(check_conversion('X'), 0);
}

TEST(fmt_o_all_combinations)
{
    EXPECT_EQ(check_conversion('o'), 0);
}

TEST(fmt_length_modifiers)
{
    unsigned int before = mismatches;

    /* Spot checks that fail loudly if hh/h stop truncating. */
    EXPECT(BOTH("%hhd", 200));
    EXPECT(BOTH("%hhu", -1));
    EXPECT(BOTH("%hhx", 0x1234));
    EXPECT(BOTH("%hd", 40000));
    EXPECT(BOTH("%hu", -1));
    EXPECT(BOTH("%hX", 0x12345));
    EXPECT(BOTH("%ld", LONG_MIN));
    EXPECT(BOTH("%lu", ULONG_MAX));
    EXPECT(BOTH("%llx", ULLONG_MAX));
    EXPECT(BOTH("%zu", (size_t)-1));
    EXPECT(BOTH("%zx", (size_t)0xfedcba9876543210ULL));
    EXPECT(BOTH("%td", (ptrdiff_t)-5));
    EXPECT(BOTH("%d %u", -1, -1));
    EXPECT_EQ(mismatches, before);
}

TEST(fmt_star_negative)
{
    /* Not literals: the compiler would warn about '0' with a precision. */
    const char *zero_star = "[%0.*d]", *zero8_star = "[%08.*d]";

    /* A negative '*' width means left-justify; a negative precision none. */
    EXPECT(BOTH("[%*d]", -6, 42));
    EXPECT(BOTH("[%*x]", -1, 0xab));
    EXPECT(BOTH("[%.*d]", -3, 42));
    EXPECT(BOTH(zero_star, -3, 42));
    EXPECT(BOTH(zero8_star, -1, -42));
    EXPECT(BOTH("[%.*s]", -1, "whole"));
    EXPECT(BOTH("[%*.*s]", -8, 2, "abcdef"));
    EXPECT(BOTH("[%*s]", 0, "x"));
}

/* ---- Strings and characters ---- */

TEST(fmt_strings)
{
    static const char *const strs[] = {
        "", "a", "hello", "hello, world", "0123456789012345678901234567890",
    };
    static const char *const sflags[] = { "", "-" };
    static const char *const swidths[] = { "", "0", "1", "5", "13", "40" };
    static const char *const sprecs[] = { "", ".", ".0", ".1", ".5", ".50" };
    unsigned int s, f, w, p, bad = 0;
    char fmt[32];

    for ( s = 0; s < ARRAY_SIZE(strs); s++ )
     for ( f = 0; f < ARRAY_SIZE(sflags); f++ )
      for ( w = 0; w < ARRAY_SIZE(swidths); w++ )
       for ( p = 0; p < ARRAY_SIZE(sprecs); p++ )
       {
           snprintf(fmt, sizeof(fmt), "|%%%s%s%ss|", sflags[f], swidths[w],
                    sprecs[p]);
           bad += !BOTH(fmt, strs[s]);
       }
    EXPECT_EQ(bad, 0);
}

TEST(fmt_string_precision_no_nul)
{
    /* With a precision, the string need not be terminated (ASan watches). */
    static const char four[4] = { 'a', 'b', 'c', 'd' };

    EXPECT(ours_is("ab", "%.2s", four));
    EXPECT(ours_is("abcd", "%.4s", four));
    EXPECT(ours_is("  abcd", "%6.4s", four));
}

TEST(fmt_null_string)
{
    const char *volatile null = NULL;

    EXPECT(ours_is("(null)", "%s", null));
    EXPECT(ours_is("  (null)|", "%8s|", null));
    EXPECT(ours_is("(n", "%.2s", null));
}

TEST(fmt_chars)
{
    static const char *const cfmts[] = {
        "[%c]", "[%1c]", "[%4c]", "[%-4c]", "[%*c]", "[%c%c]",
    };
    static const int chars[] = { 'a', 'Z', ' ', '%', 0x141 };
    unsigned int i, c, bad = 0;

    for ( i = 0; i < ARRAY_SIZE(cfmts); i++ )
        for ( c = 0; c < ARRAY_SIZE(chars); c++ )
        {
            if ( strchr(cfmts[i], '*') )
                bad += !BOTH(cfmts[i], 3, chars[c]);
            else if ( strstr(cfmts[i], "%c%c") )
                bad += !BOTH(cfmts[i], chars[c], 'q');
            else
                bad += !BOTH(cfmts[i], chars[c]);
        }
    EXPECT_EQ(bad, 0);
}

TEST(fmt_percent_and_plain)
{
    EXPECT(ours_is("100%", "100%%"));
    EXPECT(ours_is("%%", "%%%%"));
    EXPECT(ours_is("", ""));
    EXPECT(ours_is("no conversions at all", "no conversions at all"));
    EXPECT(ours_is("a1b-2c", "a%db%dc", 1, -2));
    EXPECT(ours_is("mixed x=0x1f s=ok c=! 9%",
                   "mixed x=%#x s=%s c=%c %u%%", 31, "ok", '!', 9));
}

/* ---- %p and our own extensions ---- */

TEST(fmt_pointer)
{
    int local;
    void *p = &local;
    char want[40];

    EXPECT(ours_is("0000000000000000", "%p", NULL));
    EXPECT(ours_is("0000000000001234", "%p", (void *)0x1234));
    EXPECT(ours_is("ffff82d080200000", "%p", (void *)0xffff82d080200000UL));
    EXPECT(ours_is("ffffffffffffffff", "%p", (void *)~0UL));
    snprintf(want, sizeof(want), "%016lx", (unsigned long)p);
    EXPECT(ours_is(want, "%p", p));
    /* A letter after %p that is not an extension is printed as text. */
    EXPECT(ours_is("00000000000000abx", "%px", (void *)0xab));
    /* Width applies as for a number. */
    EXPECT(ours_is("[000000000000000000ab]", "[%20p]", (void *)0xab));
    EXPECT(ours_is("[ab        ]", "[%-10p]", (void *)0xab));
}

TEST(fmt_vcpu_domain_default_hooks)
{
    /* The weak defaults print the pointer after "v" or "d". */
    EXPECT(ours_is("v0000000000001000", "%pv", (void *)0x1000));
    EXPECT(ours_is("d0000000000002000", "%pd", (void *)0x2000));
    EXPECT(ours_is("[d0000000000002000   ]", "[%-20pd]", (void *)0x2000));
    EXPECT(ours_is("[   v0000000000000001]", "[%20pv]", (void *)1));
}

TEST(fmt_xen_divergences)
{
    /*
     * Where we print what Xen prints, not what C does: "%#x" of zero
     * keeps its prefix, and a zero precision still prints "0".
     */
    EXPECT(ours_is("0x0", "%#x", 0));
    EXPECT(ours_is("0X0", "%#X", 0));
    EXPECT(ours_is("0x00000", "%#07x", 0));
    EXPECT(ours_is("0", "%.0d", 0));
    EXPECT(ours_is("0", "%.0u", 0));
    EXPECT(ours_is("   0", "%4.0x", 0));
    EXPECT(ours_is("0", "%#.0o", 0));
    /* Unknown conversions are printed as they are. */
    EXPECT(ours_is("%q %y", "%q %y"));
    EXPECT(ours_is("abc", "abc%"));
}

/* ---- Truncation and the return value ---- */

/* Three formats with their arguments, rendered into any buffer. */
static int render_case(unsigned int i, char *buf, size_t size)
{
    switch ( i )
    {
    case 0:
        return xen_snprintf(buf, size, "%s", "truncate me");
    case 1:
        return xen_snprintf(buf, size, "%5d|%-7s|%#x", -42, "ab", 0xbeef);
    default:
        return xen_snprintf(buf, size, "%p%c", (void *)0x77, 'z');
    }
}

TEST(fmt_truncation)
{
    char buf[64];
    size_t size;
    unsigned int i;

    for ( i = 0; i < 3; i++ )
    {
        int full = render_case(i, our_buf, BUF);

        for ( size = 0; size <= (size_t)full + 2; size++ )
        {
            int n;

            memset(buf, '#', sizeof(buf));
            n = render_case(i, buf, size);
            /* The would-be length, whatever the buffer. */
            EXPECT_EQ(n, full);
            /* Nothing written past size. */
            EXPECT_EQ(buf[size], '#');
            if ( !size )
                continue;
            /* A prefix of the full output, terminated. */
            EXPECT_EQ(strlen(buf), min(size - 1, (size_t)full));
            EXPECT(!strncmp(buf, our_buf, strlen(buf)));
        }
    }
    EXPECT_EQ(render_case(1, our_buf, BUF), 20);
    EXPECT(!strcmp(our_buf, "  -42|ab     |0xbeef"));
}

TEST(fmt_size_zero)
{
    char c = '#';

    /* Size 0: nothing written, not even the NUL; NULL buffer allowed. */
    EXPECT_EQ(xen_snprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);
    EXPECT_EQ(xen_snprintf(&c, 0, "%d", 7), 1);
    EXPECT_EQ(c, '#');
    EXPECT_EQ(xen_snprintf(&c, 1, "%d", 7), 1);
    EXPECT_EQ(c, '\0');
    EXPECT_EQ(xen_snprintf(NULL, 0, "%s", ""), 0);
}

TEST(fmt_long_output)
{
    static char big[3000];
    char want[3100];
    int n;

    /* Output longer than any internal buffer: widths of 1000s. */
    n = xen_snprintf(big, sizeof(big), "%1000d|%-1000s|%01000x", 5, "s",
                     0xff);
    EXPECT_EQ(n, 3002);
    snprintf(want, sizeof(want), "%1000d|%-1000s|%01000x", 5, "s", 0xff);
    EXPECT(!strncmp(big, want, sizeof(big) - 1));
    EXPECT_EQ(strlen(big), sizeof(big) - 1);
}

/* vsnprintf takes a va_list it must not consume for the caller. */
static int twice(char *a, char *b, const char *fmt, ...)
{
    va_list ap;
    int n1, n2;

    va_start(ap, fmt);
    n1 = xen_vsnprintf(a, 32, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    n2 = xen_vsnprintf(b, 32, fmt, ap);
    va_end(ap);
    return n1 == n2 ? n1 : -1;
}

TEST(fmt_vsnprintf_va_list)
{
    char a[32], b[32];

    EXPECT_EQ(twice(a, b, "%d %s %lx", 3, "x", 0x10UL), 6);
    EXPECT(!strcmp(a, "3 x 10"));
    EXPECT(!strcmp(b, "3 x 10"));
}
