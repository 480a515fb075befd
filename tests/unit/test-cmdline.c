/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line parsing (xen/common/kernel.c): parse_params() against a
 * table holding an option of every type and width, and the number
 * parsers simple_strtoul() and parse_size_and_unit() on their own.
 */
#include <stdlib.h>
#include <string.h>

#include "../../xen/common/kernel.c"

#include "harness.h"

/* ---- The option table ---- */

static bool opt_flag;
static bool opt_other;
static uint8_t opt_u8;
static uint16_t opt_u16;
static uint32_t opt_u32;
static uint64_t opt_u64;
static unsigned int opt_bool_int;       /* a boolean stored in 4 bytes */
static uint64_t opt_size;
static uint32_t opt_size32;
static char opt_str[8];
static char opt_long_str[64];

static unsigned int custom_calls;
static char custom_seen[64];
static int custom_rc;

static int parse_custom(const char *val)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", val);
    return custom_rc;
}

#define P_VAR(n, t, v)  { n, t, sizeof(v), { .var = &(v) } }
#define P_STR(n, v)     { n, PARAM_STRING, sizeof(v), { .var = (v) } }

static const struct kernel_param table[] = {
    P_VAR("flag", PARAM_BOOL, opt_flag),
    P_VAR("other", PARAM_BOOL, opt_other),
    P_VAR("bool-int", PARAM_BOOL, opt_bool_int),
    P_VAR("u8", PARAM_INT, opt_u8),
    P_VAR("u16", PARAM_INT, opt_u16),
    P_VAR("u32", PARAM_INT, opt_u32),
    P_VAR("u64", PARAM_INT, opt_u64),
    P_VAR("mem", PARAM_SIZE, opt_size),
    P_VAR("mem32", PARAM_SIZE, opt_size32),
    P_STR("str", opt_str),
    P_STR("console", opt_long_str),
    { "custom", PARAM_CUSTOM, 0, { .func = parse_custom } },
    /* An option whose own name starts with "no-". */
    P_VAR("no-thing", PARAM_BOOL, opt_other),
};

static void reset(void)
{
    opt_flag = opt_other = false;
    opt_u8 = 0xa5;
    opt_u16 = 0xa5a5;
    opt_u32 = 0xa5a5a5a5;
    opt_u64 = 0xa5a5a5a5a5a5a5a5ULL;
    opt_bool_int = 0x5a5a5a5a;
    opt_size = opt_size32 = 7;
    memset(opt_str, 'X', sizeof(opt_str) - 1);
    opt_str[sizeof(opt_str) - 1] = '\0';
    strcpy(opt_long_str, "old");
    custom_calls = 0;
    custom_seen[0] = '\0';
    custom_rc = 0;
}

/* Parse against the table, variables as they are. */
static int parse_keep(const char *cmdline)
{
    return parse_params(cmdline, table, table + ARRAY_SIZE(table));
}

static int parse(const char *cmdline)
{
    reset();
    return parse_keep(cmdline);
}

/* ---- simple_strtoul ---- */

static unsigned long stoul(const char *s, unsigned int base, size_t *used)
{
    const char *end;
    unsigned long v = simple_strtoul(s, &end, base);

    *used = end - s;
    return v;
}

TEST(strtoul_decimal)
{
    size_t used;

    EXPECT_EQ(stoul("0", 0, &used), 0);
    EXPECT_EQ(used, 1);
    EXPECT_EQ(stoul("12345", 0, &used), 12345);
    EXPECT_EQ(used, 5);
    EXPECT_EQ(stoul("18446744073709551615", 10, &used), ~0UL);
    EXPECT_EQ(used, 20);
    EXPECT_EQ(stoul("42abc", 10, &used), 42);
    EXPECT_EQ(used, 2);
    EXPECT_EQ(stoul("", 0, &used), 0);
    EXPECT_EQ(used, 0);
    EXPECT_EQ(stoul("-1", 0, &used), 0);
    EXPECT_EQ(used, 0);
    EXPECT_EQ(stoul(" 1", 0, &used), 0);
    EXPECT_EQ(used, 0);
    /* A leading zero is not octal here: "010" is ten. */
    EXPECT_EQ(stoul("010", 0, &used), 10);
    EXPECT_EQ(used, 3);
    /* No end pointer wanted. */
    EXPECT_EQ(simple_strtoul("77", NULL, 0), 77);
}

TEST(strtoul_hex_and_other_bases)
{
    size_t used;

    EXPECT_EQ(stoul("0x1f", 0, &used), 0x1f);
    EXPECT_EQ(used, 4);
    EXPECT_EQ(stoul("0XABCdef", 0, &used), 0xabcdef);
    EXPECT_EQ(used, 8);
    EXPECT_EQ(stoul("0xffffffffffffffff", 0, &used), ~0UL);
    EXPECT_EQ(stoul("0x10g", 0, &used), 0x10);
    EXPECT_EQ(used, 4);
    EXPECT_EQ(stoul("ff", 16, &used), 0xff);
    EXPECT_EQ(used, 2);
    EXPECT_EQ(stoul("1fz", 16, &used), 0x1f);
    EXPECT_EQ(used, 2);
    EXPECT_EQ(stoul("777", 8, &used), 0777);
    EXPECT_EQ(stoul("78", 8, &used), 7);
    EXPECT_EQ(used, 1);
    EXPECT_EQ(stoul("1012", 2, &used), 5);
    EXPECT_EQ(used, 3);
    EXPECT_EQ(stoul("zz", 36, &used), 0);   /* only 0-9a-f are digits */
    EXPECT_EQ(used, 0);
    /* Decimal parsing stops at the first hex letter. */
    EXPECT_EQ(stoul("12a", 10, &used), 12);
    EXPECT_EQ(used, 2);
}

/* ---- parse_size_and_unit ---- */

static unsigned long long size_of(const char *s, const char **rest)
{
    return parse_size_and_unit(s, rest);
}

TEST(size_units)
{
    const char *rest;

    EXPECT_EQ(size_of("1K", &rest), 1ULL << 10);
    EXPECT_EQ(*rest, '\0');
    EXPECT_EQ(size_of("3k", &rest), 3ULL << 10);
    EXPECT_EQ(size_of("5M", &rest), 5ULL << 20);
    EXPECT_EQ(size_of("5m", &rest), 5ULL << 20);
    EXPECT_EQ(size_of("2G", &rest), 2ULL << 30);
    EXPECT_EQ(size_of("2g", &rest), 2ULL << 30);
    EXPECT_EQ(size_of("7T", &rest), 7ULL << 40);
    EXPECT_EQ(size_of("7t", &rest), 7ULL << 40);
    EXPECT_EQ(*rest, '\0');
    EXPECT_EQ(size_of("4096B", &rest), 4096);
    EXPECT_EQ(size_of("4096b", &rest), 4096);
    EXPECT_EQ(*rest, '\0');
    /* No unit: kilobytes, as Xen does. */
    EXPECT_EQ(size_of("512", &rest), 512ULL << 10);
    EXPECT_EQ(*rest, '\0');
    EXPECT_EQ(size_of("0x10M", &rest), 16ULL << 20);
    EXPECT_EQ(size_of("0", &rest), 0);
    /* The unit is consumed, what follows is left for the caller. */
    EXPECT_EQ(size_of("1G,max:2G", &rest), 1ULL << 30);
    EXPECT(!strcmp(rest, ",max:2G"));
    EXPECT_EQ(size_of("8Mx", &rest), 8ULL << 20);
    EXPECT(!strcmp(rest, "x"));
    EXPECT_EQ(size_of("9q", &rest), 9ULL << 10);
    EXPECT(!strcmp(rest, "q"));
    EXPECT_EQ(parse_size_and_unit("2M", NULL), 2ULL << 20);
}

/* ---- parse_bool ---- */

TEST(bool_words)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    static const char *const bad[] = {
        "", "2", "y", "n", "On", "TRUE", "yes ", "enabled", "offf", "-1",
    };
    static const char offset[] = "offset", on_x[] = "on,x";
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(yes); i++ )
        EXPECT_EQ(parse_bool(yes[i], NULL), 1);
    for ( i = 0; i < ARRAY_SIZE(no); i++ )
        EXPECT_EQ(parse_bool(no[i], NULL), 0);
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
        EXPECT_EQ(parse_bool(bad[i], NULL), -1);
    /* With an explicit end: only the first n characters count. */
    EXPECT_EQ(parse_bool(offset, offset + 3), 0);
    EXPECT_EQ(parse_bool(on_x, on_x + 2), 1);
    EXPECT_EQ(parse_bool(yes[1], yes[1] + 2), -1);
}

/* ---- parse_params: booleans ---- */

TEST(params_bool_forms)
{
    static const struct { const char *cmd; bool want; } cases[] = {
        { "flag", true }, { "flag=1", true }, { "flag=0", false },
        { "flag=yes", true }, { "flag=no", false }, { "flag=on", true },
        { "flag=off", false }, { "flag=true", true }, { "flag=false", false },
        { "flag=enable", true }, { "flag=disable", false },
        { "no-flag", false }, { "no-flag=0", true }, { "no-flag=1", false },
        { "flag=0 flag", true }, { "flag no-flag", false },
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        /* Start from the opposite, so each form must write. */
        reset();
        opt_flag = !cases[i].want;
        EXPECT_EQ(parse_keep(cases[i].cmd), 0);
        if ( !EXPECT_EQ(opt_flag, cases[i].want) )
            printf("  (cmdline '%s')\n", cases[i].cmd);
    }
}

TEST(params_bool_bad_value)
{
    reset();
    opt_flag = true;
    EXPECT_EQ(parse_keep("flag=maybe"), 1);
    EXPECT_EQ(opt_flag, true);          /* bad value: old value kept */
    EXPECT_EQ(parse_keep("flag="), 1);
    EXPECT_EQ(opt_flag, true);
    EXPECT_EQ(parse_keep("no-flag=2"), 1);
    EXPECT_EQ(opt_flag, true);
}

TEST(params_bool_wide_var)
{
    /* The whole 4-byte variable is written, not just its low byte. */
    EXPECT_EQ(parse("bool-int"), 0);
    EXPECT_EQ(opt_bool_int, 1);
    EXPECT_EQ(parse("no-bool-int"), 0);
    EXPECT_EQ(opt_bool_int, 0);
}

TEST(params_no_prefix_own_name)
{
    /* "no-thing" is an option in its own right, not "thing" negated. */
    EXPECT_EQ(parse("no-thing"), 0);
    EXPECT_EQ(opt_other, true);
    EXPECT_EQ(parse("no-thing=0"), 0);
    EXPECT_EQ(opt_other, false);
    /* "no-other" negates the "other" boolean. */
    opt_other = true;
    EXPECT_EQ(parse_keep("no-other"), 0);
    EXPECT_EQ(opt_other, false);
}

/* ---- parse_params: integers ---- */

TEST(params_int_widths)
{
    EXPECT_EQ(parse("u8=200 u16=60000 u32=4000000000 "
                    "u64=18446744073709551615"), 0);
    EXPECT_EQ(opt_u8, 200);
    EXPECT_EQ(opt_u16, 60000);
    EXPECT_EQ(opt_u32, 4000000000U);
    EXPECT(opt_u64 == ~0ULL);
    /* Hexadecimal. */
    EXPECT_EQ(parse("u8=0x7f u16=0XBEEF u32=0xdeadbeef "
                    "u64=0x123456789abcdef0"), 0);
    EXPECT_EQ(opt_u8, 0x7f);
    EXPECT_EQ(opt_u16, 0xbeef);
    EXPECT_EQ(opt_u32, 0xdeadbeef);
    EXPECT(opt_u64 == 0x123456789abcdef0ULL);
    /* Too big for the variable: truncated, and nothing next to it hit. */
    EXPECT_EQ(parse("u8=0x1ff u16=0x12345"), 0);
    EXPECT_EQ(opt_u8, 0xff);
    EXPECT_EQ(opt_u16, 0x2345);
    EXPECT_EQ(opt_u32, 0xa5a5a5a5);
    EXPECT(opt_u64 == 0xa5a5a5a5a5a5a5a5ULL);
    EXPECT_EQ(parse("u32=0"), 0);
    EXPECT_EQ(opt_u32, 0);
    EXPECT_EQ(opt_u16, 0xa5a5);
}

TEST(params_int_bad)
{
    static const char *const bad[] = {
        "u32=12x", "u32=-1", "u32=x", "u32=1K", "u32", "no-u32", "u32=",
        "u32=+1",
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        if ( !EXPECT_EQ(parse(bad[i]), 1) )
            printf("  (cmdline '%s')\n", bad[i]);
        EXPECT_EQ(opt_u32, 0xa5a5a5a5);
    }
    /* A space after '=': an empty value and an unknown option "5". */
    EXPECT_EQ(parse("u32= 5"), 2);
    EXPECT_EQ(opt_u32, 0xa5a5a5a5);
}

/* ---- parse_params: sizes ---- */

TEST(params_size)
{
    static const struct { const char *cmd; uint64_t want; } cases[] = {
        { "mem=512", 512ULL << 10 }, { "mem=512K", 512ULL << 10 },
        { "mem=384M", 384ULL << 20 }, { "mem=4G", 4ULL << 30 },
        { "mem=2T", 2ULL << 40 }, { "mem=4096B", 4096 },
        { "mem=0x100M", 256ULL << 20 }, { "mem=0", 0 },
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        EXPECT_EQ(parse(cases[i].cmd), 0);
        if ( !EXPECT(opt_size == cases[i].want) )
            printf("  (cmdline '%s')\n", cases[i].cmd);
    }
    /* A 4-byte size variable keeps the low 32 bits only. */
    EXPECT_EQ(parse("mem32=3G"), 0);
    EXPECT_EQ(opt_size32, 3U << 30);
    EXPECT_EQ(parse("mem32=4G"), 0);
    EXPECT_EQ(opt_size32, 0);
    /* Junk after the unit, an empty value, no value, negated. */
    EXPECT_EQ(parse("mem=4GB"), 1);
    EXPECT_EQ(parse("mem=4X"), 1);
    EXPECT_EQ(parse("mem=M"), 1);
    EXPECT_EQ(parse("mem="), 1);
    EXPECT_EQ(parse("mem"), 1);
    EXPECT_EQ(parse("no-mem"), 1);
    EXPECT_EQ(opt_size, 7);
}

/* ---- parse_params: strings ---- */

TEST(params_string)
{
    EXPECT_EQ(parse("console=com1,vga"), 0);
    EXPECT(!strcmp(opt_long_str, "com1,vga"));
    /* opt_str holds 7 characters and the NUL. */
    EXPECT_EQ(parse("str=abcdefg"), 0);
    EXPECT(!strcmp(opt_str, "abcdefg"));
    EXPECT_EQ(parse("str=abcdefghijkl"), 0);
    EXPECT(!strcmp(opt_str, "abcdefg"));
    EXPECT_EQ(parse("str=abc"), 0);
    EXPECT(!strcmp(opt_str, "abc"));
    /* Empty value: an empty string.  "=" inside the value is kept. */
    EXPECT_EQ(parse("str="), 0);
    EXPECT(!strcmp(opt_str, ""));
    EXPECT_EQ(parse("console=a=b=c"), 0);
    EXPECT(!strcmp(opt_long_str, "a=b=c"));
    /* No value or negated: refused, old value kept. */
    EXPECT_EQ(parse("str"), 1);
    EXPECT(!strcmp(opt_str, "XXXXXXX"));
    EXPECT_EQ(parse("no-str"), 1);
    EXPECT(!strcmp(opt_str, "XXXXXXX"));
}

/* ---- parse_params: custom ---- */

TEST(params_custom)
{
    EXPECT_EQ(parse("custom=all,-7"), 0);
    EXPECT_EQ(custom_calls, 1);
    EXPECT(!strcmp(custom_seen, "all,-7"));
    /* No '=': called with "". */
    EXPECT_EQ(parse("custom"), 0);
    EXPECT_EQ(custom_calls, 1);
    EXPECT(!strcmp(custom_seen, ""));
    /* The handler's error is counted. */
    reset();
    custom_rc = -EINVAL;
    EXPECT_EQ(parse_keep("custom=x custom=y flag"), 2);
    EXPECT_EQ(custom_calls, 2);
    EXPECT(!strcmp(custom_seen, "y"));
    EXPECT_EQ(opt_flag, true);
    /* "no-custom" is not a boolean: unknown, handler not called. */
    EXPECT_EQ(parse("no-custom"), 1);
    EXPECT_EQ(custom_calls, 0);
}

/* ---- parse_params: words ---- */

TEST(params_unknown_counted)
{
    EXPECT_EQ(parse("bogus"), 1);
    EXPECT_EQ(parse("bogus=1 flag other=1 nope no-bogus"), 3);
    EXPECT_EQ(opt_flag, true);
    EXPECT_EQ(opt_other, true);
    /* Names match whole: no prefixes, no case folding. */
    EXPECT_EQ(parse("fla flags FLAG u3 =1 ="), 6);
    EXPECT_EQ(opt_flag, false);
    EXPECT_EQ(parse("no-"), 1);
    EXPECT_EQ(parse("no-no-flag"), 1);
}

TEST(params_spaces)
{
    EXPECT_EQ(parse(""), 0);
    EXPECT_EQ(parse("    "), 0);
    EXPECT_EQ(parse_params(NULL, table, table + ARRAY_SIZE(table)), 0);
    EXPECT_EQ(parse("   flag    u8=3   str=ab  "), 0);
    EXPECT_EQ(opt_flag, true);
    EXPECT_EQ(opt_u8, 3);
    EXPECT(!strcmp(opt_str, "ab"));
    /* Only spaces separate words: a tab is part of the value. */
    EXPECT_EQ(parse("u8=3\tflag"), 1);
    EXPECT_EQ(opt_flag, false);
}

TEST(params_last_wins)
{
    EXPECT_EQ(parse("u16=1 u16=2 u16=0x30"), 0);
    EXPECT_EQ(opt_u16, 0x30);
    EXPECT_EQ(parse("str=first str=second"), 0);
    EXPECT(!strcmp(opt_str, "second"));
}

TEST(params_long_word)
{
    char cmd[1024];

    /* 255 characters fit the word buffer; 256 do not. */
    memset(cmd, 0, sizeof(cmd));
    strcpy(cmd, "console=");
    memset(cmd + 8, 'a', 255 - 8);
    EXPECT_EQ(parse(cmd), 0);
    EXPECT_EQ(strlen(opt_long_str), sizeof(opt_long_str) - 1);
    EXPECT_EQ(opt_long_str[0], 'a');

    strcpy(cmd, "flag console=");
    memset(cmd + 13, 'b', 300);
    strcpy(cmd + 313, " u8=9");
    EXPECT_EQ(parse(cmd), 1);
    EXPECT_EQ(opt_flag, true);
    EXPECT(!strcmp(opt_long_str, "old"));
    EXPECT_EQ(opt_u8, 9);

    /* Exactly 256 characters: one too many. */
    memset(cmd, 0, sizeof(cmd));
    strcpy(cmd, "console=");
    memset(cmd + 8, 'c', 256 - 8);
    EXPECT_EQ(parse(cmd), 1);
    EXPECT(!strcmp(opt_long_str, "old"));

    /* A long unknown word is one bad option, not several. */
    memset(cmd, 'z', 1000);
    cmd[1000] = '\0';
    EXPECT_EQ(parse(cmd), 1);
}

TEST(params_empty_table)
{
    EXPECT_EQ(parse_params("flag u8=1", table, table), 2);
}
