/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XML-RPC documents from values, written with libxml2's text writer (which
 * does the escaping).  Shapes follow the XML-RPC specification and what
 * Python's xmlrpc.client writes and reads: <int> for 32-bit integers and
 * its <i8> extension beyond, <nil/> as with allow_none=True.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "xmlrpc.h"

static void write_value(xmlTextWriterPtr w, const struct xr_value *v);

/* The characters XML 1.0 can carry (its "Char" production). */
static bool xml_char(int c)
{
    return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
           (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/*
 * text with every byte that is not valid UTF-8, and every character XML
 * cannot carry (control characters), replaced by U+FFFD: the document
 * stays well-formed whatever a message or a log holds.
 */
static char *xml_safe(const char *text)
{
    size_t n = strlen(text), i = 0, o = 0;
    char *out = xr_xmalloc(3 * n + 1);
    int len, c;

    while ( i < n )
    {
        len = n - i;
        c = xmlGetUTF8Char((const unsigned char *)text + i, &len);
        if ( c >= 0 && xml_char(c) )
        {
            memcpy(out + o, text + i, len);
            o += len;
            i += len;
            continue;
        }
        memcpy(out + o, "\xef\xbf\xbd", 3);
        o += 3;
        i += c >= 0 ? len : 1;
    }
    out[o] = '\0';
    return out;
}

static void write_elem(xmlTextWriterPtr w, const char *name, const char *text)
{
    char *safe = xml_safe(text);

    xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST safe);
    free(safe);
}

static void write_scalar(xmlTextWriterPtr w, const struct xr_value *v)
{
    char buf[64];

    switch ( v->type )
    {
    case XR_NIL:
        xmlTextWriterStartElement(w, BAD_CAST "nil");
        xmlTextWriterEndElement(w);
        break;
    case XR_BOOL:
        write_elem(w, "boolean", v->u.b ? "1" : "0");
        break;
    case XR_INT:
        snprintf(buf, sizeof(buf), "%" PRId64, v->u.i);
        write_elem(w, v->u.i == (int32_t)v->u.i ? "int" : "i8", buf);
        break;
    case XR_DOUBLE:
        snprintf(buf, sizeof(buf), "%.17g", v->u.d);
        write_elem(w, "double", buf);
        break;
    case XR_STRING:
        write_elem(w, "string", v->u.s);
        break;
    default:
        break;
    }
}

static void write_array(xmlTextWriterPtr w, const struct xr_value *v)
{
    size_t i;

    xmlTextWriterStartElement(w, BAD_CAST "array");
    xmlTextWriterStartElement(w, BAD_CAST "data");
    for ( i = 0; i < v->u.array.n; i++ )
        write_value(w, v->u.array.items[i]);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

static void write_struct(xmlTextWriterPtr w, const struct xr_value *v)
{
    size_t i;

    xmlTextWriterStartElement(w, BAD_CAST "struct");
    for ( i = 0; i < v->u.strct.n; i++ )
    {
        xmlTextWriterStartElement(w, BAD_CAST "member");
        write_elem(w, "name", v->u.strct.members[i].name);
        write_value(w, v->u.strct.members[i].value);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void write_value(xmlTextWriterPtr w, const struct xr_value *v)
{
    xmlTextWriterStartElement(w, BAD_CAST "value");
    if ( v->type == XR_ARRAY )
        write_array(w, v);
    else if ( v->type == XR_STRUCT )
        write_struct(w, v);
    else
        write_scalar(w, v);
    xmlTextWriterEndElement(w);
}

/* <params><param><value/></param>...</params> */
static void write_params(xmlTextWriterPtr w, const struct xr_value *params)
{
    size_t i;

    xmlTextWriterStartElement(w, BAD_CAST "params");
    for ( i = 0; params && i < params->u.array.n; i++ )
    {
        xmlTextWriterStartElement(w, BAD_CAST "param");
        write_value(w, params->u.array.items[i]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

/* Start a document; finish_doc() closes it and hands back the text. */
static xmlTextWriterPtr start_doc(xmlBufferPtr *buf, const char *root)
{
    xmlTextWriterPtr w;

    *buf = xmlBufferCreate();
    if ( !*buf )
        xr_alloc_failed();
    w = xmlNewTextWriterMemory(*buf, 0);
    if ( !w )
        xr_alloc_failed();
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST root);
    return w;
}

static char *finish_doc(xmlTextWriterPtr w, xmlBufferPtr buf, size_t *len)
{
    char *doc;

    xmlTextWriterEndDocument(w);    /* closes every open element */
    xmlFreeTextWriter(w);
    *len = xmlBufferLength(buf);
    doc = xr_xmalloc(*len + 1);
    memcpy(doc, xmlBufferContent(buf), *len);
    doc[*len] = '\0';
    xmlBufferFree(buf);
    return doc;
}

char *xr_call_encode(const char *method, const struct xr_value *params,
                     size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start_doc(&buf, "methodCall");

    write_elem(w, "methodName", method);
    write_params(w, params);
    return finish_doc(w, buf, len);
}

char *xr_response_encode(const struct xr_value *result, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start_doc(&buf, "methodResponse");
    struct xr_value one = { .type = XR_ARRAY };
    struct xr_value *item = (struct xr_value *)result;

    one.u.array.items = &item;
    one.u.array.n = 1;
    write_params(w, &one);
    return finish_doc(w, buf, len);
}

char *xr_fault_encode(int code, const char *message, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start_doc(&buf, "methodResponse");
    struct xr_value *fault = xr_struct();

    xr_struct_set(fault, "faultCode", xr_int(code));
    xr_struct_set(fault, "faultString", xr_string(message));
    xmlTextWriterStartElement(w, BAD_CAST "fault");
    write_value(w, fault);
    xr_free(fault);
    return finish_doc(w, buf, len);
}
