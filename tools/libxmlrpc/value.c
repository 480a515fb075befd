/* SPDX-License-Identifier: GPL-2.0-only */
/* XML-RPC value trees: construction, lookup, copy, comparison, freeing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlrpc.h"

void xr_alloc_failed(void)
{
    fputs("out of memory\n", stderr);
    abort();
}

void *xr_xmalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);

    if ( !p )
        xr_alloc_failed();
    return p;
}

void *xr_xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if ( !p )
        xr_alloc_failed();
    return p;
}

char *xr_xstrdup(const char *s)
{
    char *d = strdup(s);

    if ( !d )
        xr_alloc_failed();
    return d;
}

static struct xr_value *value_new(enum xr_type type)
{
    struct xr_value *v = xr_xmalloc(sizeof(*v));

    v->type = type;
    return v;
}

struct xr_value *xr_nil(void)
{
    return value_new(XR_NIL);
}

struct xr_value *xr_bool(bool b)
{
    struct xr_value *v = value_new(XR_BOOL);

    v->u.b = b;
    return v;
}

struct xr_value *xr_int(int64_t i)
{
    struct xr_value *v = value_new(XR_INT);

    v->u.i = i;
    return v;
}

struct xr_value *xr_double(double d)
{
    struct xr_value *v = value_new(XR_DOUBLE);

    v->u.d = d;
    return v;
}

struct xr_value *xr_string_n(const char *s, size_t len)
{
    struct xr_value *v = value_new(XR_STRING);

    v->u.s = xr_xmalloc(len + 1);
    memcpy(v->u.s, s, len);
    v->u.s[len] = '\0';
    return v;
}

struct xr_value *xr_string(const char *s)
{
    return xr_string_n(s, strlen(s));
}

struct xr_value *xr_array(void)
{
    return value_new(XR_ARRAY);
}

struct xr_value *xr_struct(void)
{
    return value_new(XR_STRUCT);
}

void xr_array_append(struct xr_value *array, struct xr_value *v)
{
    if ( array->u.array.n == array->u.array.cap )
    {
        array->u.array.cap = array->u.array.cap ? array->u.array.cap * 2 : 4;
        array->u.array.items = xr_xrealloc(array->u.array.items,
            array->u.array.cap * sizeof(*array->u.array.items));
    }
    array->u.array.items[array->u.array.n++] = v;
}

static struct xr_member *struct_find(const struct xr_value *strct,
                                     const char *name)
{
    size_t i;

    for ( i = 0; i < strct->u.strct.n; i++ )
        if ( !strcmp(strct->u.strct.members[i].name, name) )
            return &strct->u.strct.members[i];
    return NULL;
}

void xr_struct_set(struct xr_value *strct, const char *name,
                   struct xr_value *v)
{
    struct xr_member *m = struct_find(strct, name);

    if ( m )
    {
        xr_free(m->value);
        m->value = v;
        return;
    }
    if ( strct->u.strct.n == strct->u.strct.cap )
    {
        strct->u.strct.cap = strct->u.strct.cap ? strct->u.strct.cap * 2 : 8;
        strct->u.strct.members = xr_xrealloc(strct->u.strct.members,
            strct->u.strct.cap * sizeof(*strct->u.strct.members));
    }
    m = &strct->u.strct.members[strct->u.strct.n++];
    m->name = xr_xstrdup(name);
    m->value = v;
}

const struct xr_value *xr_struct_get(const struct xr_value *strct,
                                     const char *name)
{
    const struct xr_member *m;

    if ( !strct || strct->type != XR_STRUCT )
        return NULL;
    m = struct_find(strct, name);
    return m ? m->value : NULL;
}

bool xr_struct_del(struct xr_value *strct, const char *name)
{
    struct xr_member *m = struct_find(strct, name);
    size_t i;

    if ( !m )
        return false;
    i = m - strct->u.strct.members;
    free(m->name);
    xr_free(m->value);
    memmove(m, m + 1, (strct->u.strct.n - i - 1) * sizeof(*m));
    strct->u.strct.n--;
    return true;
}

void xr_free(struct xr_value *v)
{
    size_t i;

    if ( !v )
        return;
    switch ( v->type )
    {
    case XR_STRING:
        free(v->u.s);
        break;
    case XR_ARRAY:
        for ( i = 0; i < v->u.array.n; i++ )
            xr_free(v->u.array.items[i]);
        free(v->u.array.items);
        break;
    case XR_STRUCT:
        for ( i = 0; i < v->u.strct.n; i++ )
        {
            free(v->u.strct.members[i].name);
            xr_free(v->u.strct.members[i].value);
        }
        free(v->u.strct.members);
        break;
    default:
        break;
    }
    free(v);
}

struct xr_value *xr_copy(const struct xr_value *v)
{
    struct xr_value *c;
    size_t i;

    switch ( v->type )
    {
    case XR_STRING:
        return xr_string(v->u.s);
    case XR_ARRAY:
        c = xr_array();
        for ( i = 0; i < v->u.array.n; i++ )
            xr_array_append(c, xr_copy(v->u.array.items[i]));
        return c;
    case XR_STRUCT:
        c = xr_struct();
        for ( i = 0; i < v->u.strct.n; i++ )
            xr_struct_set(c, v->u.strct.members[i].name,
                          xr_copy(v->u.strct.members[i].value));
        return c;
    default:
        c = value_new(v->type);
        c->u = v->u;
        return c;
    }
}

/* Structs are equal when they hold the same members, in any order. */
static bool struct_equal(const struct xr_value *a, const struct xr_value *b)
{
    size_t i;

    if ( a->u.strct.n != b->u.strct.n )
        return false;
    for ( i = 0; i < a->u.strct.n; i++ )
    {
        const struct xr_member *m = &a->u.strct.members[i];
        const struct xr_value *o = xr_struct_get(b, m->name);

        if ( !o || !xr_equal(m->value, o) )
            return false;
    }
    return true;
}

bool xr_equal(const struct xr_value *a, const struct xr_value *b)
{
    size_t i;

    if ( a->type != b->type )
        return false;
    switch ( a->type )
    {
    case XR_NIL:
        return true;
    case XR_BOOL:
        return a->u.b == b->u.b;
    case XR_INT:
        return a->u.i == b->u.i;
    case XR_DOUBLE:
        return a->u.d == b->u.d;
    case XR_STRING:
        return !strcmp(a->u.s, b->u.s);
    case XR_ARRAY:
        if ( a->u.array.n != b->u.array.n )
            return false;
        for ( i = 0; i < a->u.array.n; i++ )
            if ( !xr_equal(a->u.array.items[i], b->u.array.items[i]) )
                return false;
        return true;
    case XR_STRUCT:
        return struct_equal(a, b);
    }
    return false;
}

const char *xr_type_name(enum xr_type type)
{
    static const char *const names[] = {
        [XR_NIL] = "nil", [XR_BOOL] = "boolean", [XR_INT] = "int",
        [XR_DOUBLE] = "double", [XR_STRING] = "string",
        [XR_ARRAY] = "array", [XR_STRUCT] = "struct",
    };

    return type <= XR_STRUCT ? names[type] : "?";
}
