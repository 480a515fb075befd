/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU maps for the libxc backend: Xen 3's CPU lists to xc_cpumap_t and back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv-xc.h"

static void set_range(xc_cpumap_t map, int nr, long lo, long hi)
{
    long c;

    for ( c = lo; c <= hi && c < nr; c++ )
        map[c / 8] |= 1 << (c % 8);
}

/* The list is canonical (libdomcfg checked it): "a", "a-b", joined by ','. */
xc_cpumap_t hvxc_cpumap(const char *cpus)
{
    int nr = xc_get_max_cpus(hvxc.xch);
    xc_cpumap_t map;
    const char *p = cpus;
    char *end;
    long lo, hi;

    if ( nr <= 0 || !(map = xc_cpumap_alloc(hvxc.xch)) )
        return NULL;
    if ( !cpus || !strcmp(cpus, "all") )
        return set_range(map, nr, 0, nr - 1), map;
    while ( *p )
    {
        lo = hi = strtol(p, &end, 10);
        if ( *end == '-' )
            hi = strtol(end + 1, &end, 10);
        set_range(map, nr, lo, hi);
        p = *end == ',' ? end + 1 : end;
        if ( end == p && *p )
            break;
    }
    return map;
}

static bool is_set(xc_cpumap_t map, int c)
{
    return map[c / 8] & (1 << (c % 8));
}

void hvxc_cpumap_string(xc_cpumap_t map, char *buf, size_t len)
{
    int nr = xc_get_max_cpus(hvxc.xch), c, lo, n = 0;
    size_t used = 0;

    buf[0] = '\0';
    for ( c = 0; c < nr; c++ )
        n += is_set(map, c);
    if ( n == nr )
    {
        snprintf(buf, len, "any cpu");
        return;
    }
    for ( c = 0; c < nr && used < len; c++ )
    {
        if ( !is_set(map, c) )
            continue;
        for ( lo = c; c + 1 < nr && is_set(map, c + 1); c++ )
            ;
        used += snprintf(buf + used, len - used, lo == c ? "%s%d" : "%s%d-%d",
                         used ? "," : "", lo, c);
    }
}
