/* SPDX-License-Identifier: GPL-2.0-only */
/* xm's host commands: info, dmesg, log. */
#include <stdio.h>
#include <string.h>

#include "xm.h"

/* Print a string answer as it is, ending with one newline. */
static int print_text(const char *method)
{
    struct xr_value *r;
    int rc = xm_call(method, xr_array(), &r);
    size_t n;

    if ( rc )
        return rc;
    if ( r->type == XR_STRING )
    {
        n = strlen(r->u.s);
        fputs(r->u.s, stdout);
        if ( n && r->u.s[n - 1] != '\n' )
            putchar('\n');
    }
    else
        rc = xm_fail("xend answered %s with a %s, not text", method,
                     xr_type_name(r->type));
    xr_free(r);
    return rc;
}

static void print_scalar(const struct xr_value *v)
{
    switch ( v->type )
    {
    case XR_STRING:
        printf("%s\n", v->u.s);
        break;
    case XR_INT:
        printf("%lld\n", (long long)v->u.i);
        break;
    case XR_DOUBLE:
        printf("%g\n", v->u.d);
        break;
    case XR_BOOL:
        printf("%s\n", v->u.b ? "True" : "False");
        break;
    default:
        printf("(%s)\n", xr_type_name(v->type));
        break;
    }
}

int xm_cmd_info(const struct xm_args *a)
{
    struct xr_value *r;
    size_t i;
    int rc = xm_call("xend.node.info", xr_array(), &r);

    if ( rc )
        return rc;
    for ( i = 0; r->type == XR_STRUCT && i < r->u.strct.n; i++ )
    {
        printf("%-23s: ", r->u.strct.members[i].name);
        print_scalar(r->u.strct.members[i].value);
    }
    xr_free(r);
    return XM_OK;
}

int xm_cmd_dmesg(const struct xm_args *a)
{
    struct xr_value *r;
    int rc = print_text("xend.node.dmesg.info");

    if ( rc || !a->set['c'] )
        return rc;
    rc = xm_call("xend.node.dmesg.clear", xr_array(), &r);
    if ( !rc )
        xr_free(r);
    return rc;
}

int xm_cmd_log(const struct xm_args *a)
{
    return print_text("xend.node.log");
}
