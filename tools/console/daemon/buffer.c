/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bounded output buffer of a console: a byte ring that grows on
 * demand up to its bound (so an idle guest costs nothing) and, once
 * full, drops its oldest bytes.  Xen's xenconsoled bounds its buffer by
 * console/limit the same way; we always bound it.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"

/* Memory kept by an empty buffer; more is given back. */
#define CBUF_KEEP 65536

void cbuf_init(struct cbuf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
}

void cbuf_free(struct cbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->cap = b->head = b->len = 0;
}

/* Reallocate to cap bytes with the contents made contiguous at 0. */
static bool cbuf_resize(struct cbuf *b, size_t cap)
{
    char *p = malloc(cap);
    size_t first;

    if ( !p )
        return false;
    if ( b->len )
    {
        first = b->cap - b->head < b->len ? b->cap - b->head : b->len;
        memcpy(p, b->data + b->head, first);
        memcpy(p + first, b->data, b->len - first);
    }
    free(b->data);
    b->data = p;
    b->cap = cap;
    b->head = 0;
    return true;
}

static void cbuf_drop(struct cbuf *b, size_t n)
{
    b->head = (b->head + n) % b->cap;
    b->len -= n;
    b->dropped += n;
}

bool cbuf_append(struct cbuf *b, const char *p, size_t n)
{
    size_t want, tail, first;

    if ( n > b->max )
    {
        b->dropped += n - b->max;
        p += n - b->max;
        n = b->max;
    }
    want = b->len + n < b->max ? b->len + n : b->max;
    if ( want > b->cap )
    {
        size_t cap = b->cap * 2 > want ? b->cap * 2 : want;

        if ( cap < 4096 )
            cap = 4096;
        if ( !cbuf_resize(b, cap < b->max ? cap : b->max) )
            return false;
    }
    if ( b->len + n > b->cap )
        cbuf_drop(b, b->len + n - b->cap);
    tail = (b->head + b->len) % b->cap;
    first = b->cap - tail < n ? b->cap - tail : n;
    memcpy(b->data + tail, p, first);
    memcpy(b->data, p + first, n - first);
    b->len += n;
    return true;
}

const char *cbuf_peek(const struct cbuf *b, size_t *n)
{
    *n = b->cap - b->head < b->len ? b->cap - b->head : b->len;
    return b->data + b->head;
}

void cbuf_consume(struct cbuf *b, size_t n)
{
    if ( n > b->len )
        n = b->len;
    b->len -= n;
    b->head = b->len ? (b->head + n) % b->cap : 0;
    if ( !b->len && b->cap > CBUF_KEEP )
        cbuf_free(b);
}
