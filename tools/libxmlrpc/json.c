/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Values to and from JSON with yajl: xend keeps its domain records in this
 * form and `xm create -n` prints it.  XML-RPC's nil is JSON's null; struct
 * members keep their order on the way out.
 */
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "xmlrpc.h"

static yajl_gen_status gen_value(yajl_gen g, const struct xr_value *v);

static yajl_gen_status gen_str(yajl_gen g, const char *s)
{
    return yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static yajl_gen_status gen_array(yajl_gen g, const struct xr_value *v)
{
    yajl_gen_status st = yajl_gen_array_open(g);
    size_t i;

    for ( i = 0; st == yajl_gen_status_ok && i < v->u.array.n; i++ )
        st = gen_value(g, v->u.array.items[i]);
    return st == yajl_gen_status_ok ? yajl_gen_array_close(g) : st;
}

static yajl_gen_status gen_struct(yajl_gen g, const struct xr_value *v)
{
    yajl_gen_status st = yajl_gen_map_open(g);
    size_t i;

    for ( i = 0; st == yajl_gen_status_ok && i < v->u.strct.n; i++ )
    {
        st = gen_str(g, v->u.strct.members[i].name);
        if ( st == yajl_gen_status_ok )
            st = gen_value(g, v->u.strct.members[i].value);
    }
    return st == yajl_gen_status_ok ? yajl_gen_map_close(g) : st;
}

static yajl_gen_status gen_value(yajl_gen g, const struct xr_value *v)
{
    switch ( v->type )
    {
    case XR_NIL:
        return yajl_gen_null(g);
    case XR_BOOL:
        return yajl_gen_bool(g, v->u.b);
    case XR_INT:
        return yajl_gen_integer(g, v->u.i);
    case XR_DOUBLE:
        return yajl_gen_double(g, v->u.d);
    case XR_STRING:
        return gen_str(g, v->u.s);
    case XR_ARRAY:
        return gen_array(g, v);
    case XR_STRUCT:
        return gen_struct(g, v);
    }
    return yajl_gen_invalid_string;
}

char *xr_json_encode(const struct xr_value *v, bool pretty)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    char *out = NULL;

    if ( !g )
        xr_alloc_failed();
    yajl_gen_config(g, yajl_gen_beautify, pretty);
    yajl_gen_config(g, yajl_gen_indent_string, "    ");
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    if ( gen_value(g, v) == yajl_gen_status_ok &&
         yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok )
    {
        out = xr_xmalloc(len + 1);
        memcpy(out, buf, len);
        out[len] = '\0';
    }
    yajl_gen_free(g);
    return out;
}

static struct xr_value *from_yajl(yajl_val y, char *err, size_t errlen);

static struct xr_value *from_object(yajl_val y, char *err, size_t errlen)
{
    struct xr_value *s = xr_struct(), *m;
    size_t i;

    for ( i = 0; i < y->u.object.len; i++ )
    {
        m = from_yajl(y->u.object.values[i], err, errlen);
        if ( !m )
        {
            xr_free(s);
            return NULL;
        }
        xr_struct_set(s, y->u.object.keys[i], m);
    }
    return s;
}

static struct xr_value *from_array(yajl_val y, char *err, size_t errlen)
{
    struct xr_value *a = xr_array(), *m;
    size_t i;

    for ( i = 0; i < y->u.array.len; i++ )
    {
        m = from_yajl(y->u.array.values[i], err, errlen);
        if ( !m )
        {
            xr_free(a);
            return NULL;
        }
        xr_array_append(a, m);
    }
    return a;
}

static struct xr_value *from_yajl(yajl_val y, char *err, size_t errlen)
{
    switch ( y->type )
    {
    case yajl_t_string:
        return xr_string(y->u.string);
    case yajl_t_number:
        if ( YAJL_IS_INTEGER(y) )
            return xr_int(y->u.number.i);
        if ( YAJL_IS_DOUBLE(y) )
            return xr_double(y->u.number.d);
        snprintf(err, errlen, "number %.40s is out of range", y->u.number.r);
        return NULL;
    case yajl_t_object:
        return from_object(y, err, errlen);
    case yajl_t_array:
        return from_array(y, err, errlen);
    case yajl_t_true:
    case yajl_t_false:
        return xr_bool(y->type == yajl_t_true);
    case yajl_t_null:
        return xr_nil();
    default:
        snprintf(err, errlen, "unexpected JSON value");
        return NULL;
    }
}

struct xr_value *xr_json_decode(const char *text, char *err, size_t errlen)
{
    yajl_val y = yajl_tree_parse(text, err, errlen);
    struct xr_value *v;
    char *nl;

    if ( !y )
    {
        /* yajl's message spans lines (it quotes the input): keep one. */
        nl = strchr(err, '\n');
        if ( nl )
            *nl = '\0';
        return NULL;
    }
    v = from_yajl(y, err, errlen);
    yajl_tree_free(y);
    return v;
}
