/* SPDX-License-Identifier: GPL-2.0-only */
/* Value helpers of the config checker: integers, CPU lists, messages. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domcfg.h"

#define MAX_CPUS 1024

int domcfg_fail(struct domcfg_error *err, const char *key, const char *fmt,
                ...)
{
    va_list ap;

    snprintf(err->key, sizeof(err->key), "%s", key);
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

/* A value as the config's author wrote it, in Python's spelling. */
const char *domcfg_describe(const struct xr_value *v, char *buf, size_t len)
{
    switch ( v->type )
    {
    case XR_NIL:
        return "None";
    case XR_BOOL:
        return v->u.b ? "True" : "False";
    case XR_INT:
        snprintf(buf, len, "%lld", (long long)v->u.i);
        return buf;
    case XR_DOUBLE:
        snprintf(buf, len, "%g", v->u.d);
        if ( !strpbrk(buf, ".en") )
            strncat(buf, ".0", len - strlen(buf) - 1);
        return buf;
    case XR_STRING:
        snprintf(buf, len, strlen(v->u.s) > 40 ? "'%.40s...'" : "'%s'",
                 v->u.s);
        return buf;
    case XR_ARRAY:
        return "a list";
    case XR_STRUCT:
        return "a dict";
    }
    return "?";
}

/*
 * A non-negative integer: an int, or a string of decimal digits (Xen 3's xm
 * converted its settings from strings, and command-line values are strings).
 */
int domcfg_get_uint(const struct xr_value *v, uint64_t *out)
{
    const char *s;
    char *end;

    if ( v->type == XR_INT )
    {
        if ( v->u.i < 0 )
            return -1;
        *out = v->u.i;
        return 0;
    }
    if ( v->type != XR_STRING )
        return -1;
    s = v->u.s;
    while ( isspace((unsigned char)*s) )
        s++;
    if ( !isdigit((unsigned char)*s) )
        return -1;
    errno = 0;
    *out = strtoull(s, &end, 10);
    while ( isspace((unsigned char)*end) )
        end++;
    return errno || *end ? -1 : 0;
}

/* "3", "0-3" or "^2" into the map (a '^' term clears). */
static int cpus_term(const char *t, size_t n, bool *map)
{
    bool clear = (*t == '^');
    unsigned long lo, hi, i;
    char buf[32], *end;

    if ( clear )
        t++, n--;
    if ( n == 0 || n >= sizeof(buf) )
        return -1;
    memcpy(buf, t, n);
    buf[n] = '\0';
    if ( !isdigit((unsigned char)buf[0]) )
        return -1;
    lo = hi = strtoul(buf, &end, 10);
    if ( *end == '-' && isdigit((unsigned char)end[1]) )
        hi = strtoul(end + 1, &end, 10);
    if ( *end || lo > hi || hi >= MAX_CPUS )
        return -1;
    for ( i = lo; i <= hi; i++ )
        map[i] = !clear;
    return 0;
}

static int cpus_from_string(const char *s, bool *map)
{
    size_t n;

    if ( !strcmp(s, "all") )
    {
        memset(map, 1, MAX_CPUS * sizeof(*map));
        return 0;
    }
    for ( ; ; s += n + 1 )
    {
        n = strcspn(s, ",");
        if ( cpus_term(s, n, map) )
            return -1;
        if ( !s[n] )
            return 0;
    }
}

static int cpus_from_list(const struct xr_value *v, bool *map)
{
    const struct xr_value *c;
    size_t i;

    for ( i = 0; i < v->u.array.n; i++ )
    {
        c = v->u.array.items[i];
        if ( c->type != XR_INT || c->u.i < 0 || c->u.i >= MAX_CPUS )
            return -1;
        map[c->u.i] = true;
    }
    return 0;
}

/* The map as ranges: "0-3,6". */
static char *cpus_canonical(const bool *map)
{
    char *out = xr_xmalloc(MAX_CPUS * 6), *p = out;
    unsigned int i = 0, j;

    while ( i < MAX_CPUS )
    {
        if ( !map[i] )
        {
            i++;
            continue;
        }
        for ( j = i; j + 1 < MAX_CPUS && map[j + 1]; j++ )
            ;
        p += sprintf(p, p == out ? "%u" : ",%u", i);
        if ( j > i )
            p += sprintf(p, "-%u", j);
        i = j + 1;
    }
    return out;
}

/*
 * cpus = "0-3,^1" (Xen 3), an int, or a list of ints.  Returns 0 with the
 * canonical list, -1 when malformed or selecting no CPU.
 */
int domcfg_parse_cpus(const struct xr_value *v, char **canonical)
{
    bool *map = xr_xmalloc(MAX_CPUS * sizeof(*map));
    int rc = -1;

    if ( v->type == XR_STRING )
        rc = cpus_from_string(v->u.s, map);
    else if ( v->type == XR_INT && v->u.i >= 0 && v->u.i < MAX_CPUS )
        rc = (map[v->u.i] = true) ? 0 : -1;
    else if ( v->type == XR_ARRAY )
        rc = cpus_from_list(v, map);
    if ( !rc )
    {
        *canonical = cpus_canonical(map);
        if ( !**canonical )
        {
            free(*canonical);
            *canonical = NULL;
            rc = -1;
        }
    }
    free(map);
    return rc;
}
