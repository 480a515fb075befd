/* SPDX-License-Identifier: GPL-2.0-only */
/* xm's side of the XML-RPC link to xend, and small argument parsers. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"

/* XEND_SOCKET in the environment points xm at another xend (tests). */
const char *xm_socket_path(void)
{
    const char *p = getenv("XEND_SOCKET");

    return p && *p ? p : XM_DEFAULT_SOCKET;
}

static int transport_error(const char *path, int err, const char *msg)
{
    if ( err == ENOENT )
        return xm_fail("xend is not running (no %s): start it with "
                       "`xend start`", path);
    if ( err == ECONNREFUSED )
        return xm_fail("xend is not running (nothing listens on %s): "
                       "start it with `xend start`", path);
    if ( err == EACCES || err == EPERM )
        return xm_fail("cannot reach xend through %s: %s (xm needs root)",
                       path, strerror(err));
    return xm_fail("talking to xend: %s", msg);
}

int xm_call(const char *method, struct xr_value *params,
            struct xr_value **result)
{
    const char *path = xm_socket_path();
    int rc, code, err;
    char *msg;

    rc = xr_call_unix(path, method, params, result, &code, &msg, &err);
    xr_free(params);
    if ( rc < 0 )
        rc = transport_error(path, err, msg);
    else if ( rc > 0 )
        rc = xm_fail("%s", msg);    /* xend's one line, as it is */
    free(msg);
    return rc;
}

int xm_call_domain(const char *method, const char *dom, struct xr_value *x1,
                   struct xr_value *x2)
{
    struct xr_value *p = xr_array(), *r;
    int rc;

    xr_array_append(p, xr_string(dom));
    if ( x1 )
        xr_array_append(p, x1);
    if ( x2 )
        xr_array_append(p, x2);
    rc = xm_call(method, p, &r);
    xr_free(r);
    return rc;
}

int xm_parse_mib(const char *s, uint64_t *mib)
{
    char *end;
    unsigned long long n;
    unsigned int shift = 20;    /* no suffix: MiB */

    if ( !isdigit((unsigned char)*s) )
        return -1;
    errno = 0;
    n = strtoull(s, &end, 10);
    switch ( tolower((unsigned char)*end) )
    {
    case 'k': shift = 10; end++; break;
    case 'm': shift = 20; end++; break;
    case 'g': shift = 30; end++; break;
    case 't': shift = 40; end++; break;
    default: break;
    }
    if ( errno || *end || n > (~0ull >> shift) )
        return -1;
    *mib = (n << shift) >> 20;
    return *mib ? 0 : -1;
}

void xm_print_json(const struct xr_value *v)
{
    char *json = xr_json_encode(v, true);

    fputs(json ? json : "[]\n", stdout);
    free(json);
}
