/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm save and xm restore (Xen 3's forms): xend writes and reads the image,
 * so the path travels absolute (xend's working directory is not ours).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"

/* path made absolute against our working directory (malloc()ed). */
static char *absolute(const char *path)
{
    char cwd[PATH_MAX], *abs;

    if ( path[0] == '/' )
        return strdup(path);
    if ( !getcwd(cwd, sizeof(cwd)) )
        return NULL;
    if ( asprintf(&abs, "%s/%s", cwd, path) < 0 )
        return NULL;
    return abs;
}

int xm_cmd_save(const struct xm_args *a)
{
    char *file = absolute(a->pos[1]);
    struct xr_value *p, *r = NULL;
    int rc;

    if ( !file )
        return xm_fail("%s: cannot make the path absolute", a->pos[1]);
    p = xr_array();
    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string(file));
    xr_array_append(p, xr_bool(a->set['c']));
    xr_array_append(p, xr_bool(a->set['z']));
    rc = xm_call("xend.domain.save", p, &r);
    xr_free(r);
    free(file);
    return rc;
}

int xm_cmd_restore(const struct xm_args *a)
{
    struct xr_value *p = xr_array(), *result = NULL;
    const struct xr_value *name, *id;
    char *file = absolute(a->pos[0]);
    int rc;

    if ( !file )
    {
        xr_free(p);
        return xm_fail("%s: cannot make the path absolute", a->pos[0]);
    }
    xr_array_append(p, xr_string(file));
    free(file);
    if ( (rc = xm_call("xend.domain.restore", p, &result)) )
        return rc;
    name = xr_struct_get(result, "name");
    id = xr_struct_get(result, "domid");
    if ( name && name->type == XR_STRING && id && id->type == XR_INT )
        printf("Restored domain %s (id=%lld)\n", name->u.s,
               (long long)id->u.i);
    xr_free(result);
    return XM_OK;
}

/* The sender's lines as Xen 3's xm showed a migration going. */
static void print_progress(const char *log)
{
    unsigned int round;
    long dirty;
    unsigned long sent, last_sent = 0;
    double t, last_t = -1;
    const char *l;

    for ( l = log; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "" )
    {
        if ( sscanf(l, "round %u dirty %ld sent %lu t %lf", &round, &dirty,
                    &sent, &t) != 4 )
            continue;
        if ( last_t >= 0 && t > last_t )
            printf("round %u: %lu pages sent so far, %ld dirty, %.1f MiB/s\n",
                   round, sent, dirty,
                   (sent - last_sent) * 4096.0 / 1048576 / (t - last_t));
        else
            printf("round %u: %ld pages to send\n", round, dirty);
        last_sent = sent;
        last_t = t;
    }
}

static double double_of(const struct xr_value *s, const char *key)
{
    const struct xr_value *v = xr_struct_get(s, key);

    return v && v->type == XR_DOUBLE ? v->u.d : -1;
}

int xm_cmd_migrate(const struct xm_args *a)
{
    struct xr_value *p = xr_array(), *r = NULL;
    const struct xr_value *log, *id;
    int rc;

    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string(a->pos[1]));
    xr_array_append(p, xr_bool(a->set['l']));
    xr_array_append(p, xr_int(a->set['p'] ? atoi(a->value['p']) : 0));
    if ( (rc = xm_call("xend.domain.migrate", p, &r)) )
        return rc;
    log = xr_struct_get(r, "progress");
    id = xr_struct_get(r, "domid");
    print_progress(log && log->type == XR_STRING ? log->u.s : NULL);
    printf("Migrated %s to %s (id=%lld there) in %.2f s, downtime %.0f ms\n",
           a->pos[0], a->pos[1], id && id->type == XR_INT ?
           (long long)id->u.i : -1ll, double_of(r, "total_secs"),
           double_of(r, "downtime_secs") * 1000);
    xr_free(r);
    return XM_OK;
}
