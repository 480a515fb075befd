/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command line the domain builder put in hvm_start_info
 * (cmdline_paddr): space-separated "key=value" words.  A test reads its
 * own options, e.g. "fuzz.seed=123", with cmdline_str() or cmdline_u64().
 */
#include "guest.h"

const char *guest_cmdline(void)
{
    if ( !start_info || !start_info->cmdline_paddr )
        return "";
    return (const char *)(unsigned long)start_info->cmdline_paddr;
}

/* The value of the first word "key=value", or NULL if there is none. */
const char *cmdline_str(const char *key)
{
    const char *p = guest_cmdline();
    size_t n = strlen(key);

    while ( *p )
    {
        while ( *p == ' ' )
            p++;
        if ( !strncmp(p, key, n) && p[n] == '=' )
            return p + n + 1;
        while ( *p && *p != ' ' )
            p++;
    }
    return NULL;
}

/* Parse decimal, or hexadecimal after "0x"; stops at a space or NUL. */
static bool parse_u64(const char *s, uint64_t *val)
{
    unsigned int base = 10, d;
    uint64_t v = 0;

    if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
    {
        base = 16;
        s += 2;
    }
    if ( !*s || *s == ' ' )
        return false;
    for ( ; *s && *s != ' '; s++ )
    {
        if ( *s >= '0' && *s <= '9' )
            d = *s - '0';
        else if ( base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' )
            d = (*s | 0x20) - 'a' + 10;
        else
            return false;
        v = (base == 16 ? v << 4 : (v << 3) + (v << 1)) + d;
    }
    *val = v;
    return true;
}

uint64_t cmdline_u64(const char *key, uint64_t dflt)
{
    const char *s = cmdline_str(key);
    uint64_t v;

    return s && parse_u64(s, &v) ? v : dflt;
}
