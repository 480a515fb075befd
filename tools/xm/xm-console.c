/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm console, and the attach of xm create -c: as Xen 3's xm, find the
 * domain's id (through xend, like every other command) and become Xen's
 * client, /usr/lib/xen/bin/xenconsole <domid>, which owns the terminal
 * until Ctrl-].  $XM_XENCONSOLE names another client (the tests use it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"

#define XENCONSOLE "/usr/lib/xen/bin/xenconsole"

int xm_console_attach(long long domid)
{
    const char *prog = getenv("XM_XENCONSOLE");
    char id[24];

    if ( !prog || !*prog )
        prog = XENCONSOLE;
    if ( domid <= 0 )
        return xm_fail("xm console: domain %lld has no console to attach "
                       "to", domid);
    snprintf(id, sizeof(id), "%lld", domid);
    fflush(stdout);
    fflush(stderr);
    execl(prog, "xenconsole", id, (char *)NULL);
    return xm_fail("xm console: cannot run %s: %s", prog, strerror(errno));
}

int xm_cmd_console(const struct xm_args *a)
{
    struct xr_value *params = xr_array(), *r;
    const struct xr_value *id;
    long long domid;
    int rc;

    xr_array_append(params, xr_string(a->pos[0]));
    rc = xm_call("xend.domain", params, &r);
    if ( rc )
        return rc;
    id = xr_struct_get(r, "domid");
    domid = id && id->type == XR_INT ? id->u.i : -1;
    xr_free(r);
    return xm_console_attach(domid);
}
