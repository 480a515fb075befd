/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XML-RPC documents to values, with libxml2's tree parser.  Every document
 * comes from a socket, so: no network access, no DTD (and therefore no
 * entity definitions to expand), a size cap and a nesting cap.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xmlrpc.h"

#define MAX_DEPTH 64

static char *fmt_err(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *fmt_err(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if ( vasprintf(&s, fmt, ap) < 0 )
        xr_alloc_failed();
    va_end(ap);
    return s;
}

static bool is_named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           !strcmp((const char *)n->name, name);
}

/* The first element at or after n (text and comments skipped). */
static xmlNode *next_elem(xmlNode *n)
{
    while ( n && n->type != XML_ELEMENT_NODE )
        n = n->next;
    return n;
}

static xmlNode *first_elem(xmlNode *parent)
{
    return next_elem(parent->children);
}

static char *node_text(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = xr_xstrdup(t ? (const char *)t : "");

    xmlFree(t);
    return s;
}

static struct xr_value *read_value(xmlNode *n, int depth, char **err);

static struct xr_value *read_int(xmlNode *n, char **err)
{
    char *text = node_text(n), *end;
    long long i;

    errno = 0;
    i = strtoll(text, &end, 10);
    while ( *end == ' ' || *end == '\t' || *end == '\n' || *end == '\r' )
        end++;
    if ( errno || end == text || *end )
    {
        *err = fmt_err("bad <%s> value '%.40s'", n->name, text);
        free(text);
        return NULL;
    }
    free(text);
    return xr_int(i);
}

static struct xr_value *read_double(xmlNode *n, char **err)
{
    char *text = node_text(n), *end;
    double d = strtod(text, &end);

    if ( end == text || *end )
    {
        *err = fmt_err("bad <double> value '%.40s'", text);
        free(text);
        return NULL;
    }
    free(text);
    return xr_double(d);
}

static struct xr_value *read_bool(xmlNode *n, char **err)
{
    char *text = node_text(n);
    struct xr_value *v = NULL;

    if ( !strcmp(text, "0") || !strcmp(text, "1") )
        v = xr_bool(text[0] == '1');
    else
        *err = fmt_err("bad <boolean> value '%.40s'", text);
    free(text);
    return v;
}

static struct xr_value *read_array(xmlNode *n, int depth, char **err)
{
    xmlNode *data = first_elem(n), *c;
    struct xr_value *a, *item;

    if ( !is_named(data, "data") )
    {
        *err = fmt_err("<array> without <data>");
        return NULL;
    }
    a = xr_array();
    for ( c = first_elem(data); c; c = next_elem(c->next) )
    {
        item = read_value(c, depth + 1, err);
        if ( !item )
        {
            xr_free(a);
            return NULL;
        }
        xr_array_append(a, item);
    }
    return a;
}

static int read_member(xmlNode *m, struct xr_value *s, int depth, char **err)
{
    xmlNode *name = first_elem(m);
    xmlNode *val = name ? next_elem(name->next) : NULL;
    struct xr_value *v;
    char *key;

    if ( !is_named(m, "member") || !is_named(name, "name") || !val )
    {
        *err = fmt_err("<struct> member is not <member><name/><value/>");
        return -1;
    }
    v = read_value(val, depth + 1, err);
    if ( !v )
        return -1;
    key = node_text(name);
    xr_struct_set(s, key, v);
    free(key);
    return 0;
}

static struct xr_value *read_struct(xmlNode *n, int depth, char **err)
{
    struct xr_value *s = xr_struct();
    xmlNode *m;

    for ( m = first_elem(n); m; m = next_elem(m->next) )
        if ( read_member(m, s, depth, err) )
        {
            xr_free(s);
            return NULL;
        }
    return s;
}

/* The typed child t of a <value>. */
static struct xr_value *read_typed(xmlNode *t, int depth, char **err)
{
    const char *name = (const char *)t->name;

    if ( !strcmp(name, "int") || !strcmp(name, "i4") || !strcmp(name, "i8") )
        return read_int(t, err);
    if ( !strcmp(name, "boolean") )
        return read_bool(t, err);
    if ( !strcmp(name, "double") )
        return read_double(t, err);
    if ( !strcmp(name, "string") )
    {
        char *s = node_text(t);
        struct xr_value *v = xr_string(s);

        free(s);
        return v;
    }
    if ( !strcmp(name, "nil") )
        return xr_nil();
    if ( !strcmp(name, "array") )
        return read_array(t, depth, err);
    if ( !strcmp(name, "struct") )
        return read_struct(t, depth, err);
    *err = fmt_err("unsupported XML-RPC type <%.40s>", name);
    return NULL;
}

static struct xr_value *read_value(xmlNode *n, int depth, char **err)
{
    xmlNode *t;

    if ( !is_named(n, "value") )
    {
        *err = fmt_err("expected <value>, found <%.40s>", n->name);
        return NULL;
    }
    if ( depth > MAX_DEPTH )
    {
        *err = fmt_err("values nested deeper than %d", MAX_DEPTH);
        return NULL;
    }
    t = first_elem(n);
    if ( !t )
    {
        /* A <value> without a type element is a string. */
        char *s = node_text(n);
        struct xr_value *v = xr_string(s);

        free(s);
        return v;
    }
    return read_typed(t, depth, err);
}

/* <params><param><value/></param>...</params> into an array. */
static struct xr_value *read_params(xmlNode *params, char **err)
{
    struct xr_value *a = xr_array(), *v;
    xmlNode *p;

    for ( p = params ? first_elem(params) : NULL; p; p = next_elem(p->next) )
    {
        xmlNode *val = first_elem(p);

        if ( !is_named(p, "param") || !val )
        {
            *err = fmt_err("<params> holds something else than <param>");
            xr_free(a);
            return NULL;
        }
        v = read_value(val, 0, err);
        if ( !v )
        {
            xr_free(a);
            return NULL;
        }
        xr_array_append(a, v);
    }
    return a;
}

static xmlDoc *parse_doc(const char *doc, size_t len, const char *root,
                         char **err)
{
    xmlDoc *d;
    xmlNode *r;

    if ( len > XR_MAX_DOCUMENT )
    {
        *err = fmt_err("document of %zu bytes is too large", len);
        return NULL;
    }
    d = xmlReadMemory(doc, len, "xmlrpc", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING);
    if ( !d )
    {
        const xmlError *e = xmlGetLastError();

        *err = fmt_err("not well-formed XML: %s",
                       e && e->message ? e->message : "parse error");
        if ( (*err)[strlen(*err) - 1] == '\n' )
            (*err)[strlen(*err) - 1] = '\0';
        return NULL;
    }
    r = xmlDocGetRootElement(d);
    if ( d->intSubset || !is_named(r, root) )
    {
        *err = fmt_err(d->intSubset ? "DOCTYPE is not allowed"
                                    : "root element is not <%s>", root);
        xmlFreeDoc(d);
        return NULL;
    }
    return d;
}

int xr_call_decode(const char *doc, size_t len, char **method,
                   struct xr_value **params, char **err)
{
    xmlDoc *d = parse_doc(doc, len, "methodCall", err);
    xmlNode *name, *p;

    if ( !d )
        return -1;
    name = first_elem(xmlDocGetRootElement(d));
    if ( !is_named(name, "methodName") )
    {
        *err = fmt_err("<methodCall> without <methodName>");
        xmlFreeDoc(d);
        return -1;
    }
    p = next_elem(name->next);
    if ( p && !is_named(p, "params") )
    {
        *err = fmt_err("expected <params>, found <%.40s>", p->name);
        xmlFreeDoc(d);
        return -1;
    }
    *params = read_params(p, err);
    *method = *params ? node_text(name) : NULL;
    xmlFreeDoc(d);
    return *params ? 0 : -1;
}

static int read_fault(xmlNode *f, int *code, char **msg, char **err)
{
    xmlNode *val = first_elem(f);
    const struct xr_value *c, *s;
    struct xr_value *v;

    if ( !val )
    {
        *err = fmt_err("empty <fault>");
        return -1;
    }
    v = read_value(val, 0, err);
    if ( !v )
        return -1;
    c = xr_struct_get(v, "faultCode");
    s = xr_struct_get(v, "faultString");
    if ( !c || c->type != XR_INT || !s || s->type != XR_STRING )
    {
        *err = fmt_err("<fault> is not {faultCode, faultString}");
        xr_free(v);
        return -1;
    }
    *code = c->u.i;
    *msg = xr_xstrdup(s->u.s);
    xr_free(v);
    return 0;
}

int xr_response_decode(const char *doc, size_t len, struct xr_value **result,
                       int *fault_code, char **fault_msg, char **err)
{
    xmlDoc *d = parse_doc(doc, len, "methodResponse", err);
    xmlNode *body;
    struct xr_value *params;
    int rc = -1;

    *result = NULL;
    if ( !d )
        return -1;
    body = first_elem(xmlDocGetRootElement(d));
    if ( is_named(body, "fault") )
        rc = read_fault(body, fault_code, fault_msg, err);
    else if ( is_named(body, "params") )
    {
        params = read_params(body, err);
        if ( params && params->u.array.n == 1 )
        {
            *result = params->u.array.items[0];
            params->u.array.n = 0;
            rc = 0;
        }
        else if ( params )
            *err = fmt_err("response holds %zu values, not one",
                           params->u.array.n);
        xr_free(params);
    }
    else
        *err = fmt_err("<methodResponse> holds neither <params> nor <fault>");
    xmlFreeDoc(d);
    return rc;
}
