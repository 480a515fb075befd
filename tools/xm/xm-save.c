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
    int rc;

    if ( !file )
        return xm_fail("%s: cannot make the path absolute", a->pos[1]);
    rc = xm_call_domain("xend.domain.save", a->pos[0], xr_string(file),
                        xr_bool(a->set['c']));
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
