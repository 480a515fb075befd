/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The node store.  The base tree is a hash map from path to node record;
 * a transaction sees the base through its own entries, copied on first
 * access (see txn.c), so every operation is written once against
 * tree_read / tree_write / tree_delete and works inside or outside a
 * transaction.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static struct hmap tree;
static uint64_t generation;

uint64_t tree_next_gen(void)
{
    return ++generation;
}

struct node *node_alloc(const char *name)
{
    struct node *n = calloc(1, sizeof(*n));

    if ( !n )
        return NULL;
    n->name = strdup(name);
    if ( !n->name )
    {
        free(n);
        return NULL;
    }
    return n;
}

void node_free(struct node *n)
{
    if ( !n )
        return;
    free(n->name);
    free(n->perms);
    free(n->value);
    free(n->children);
    free(n);
}

static void *memdup(const void *p, size_t len)
{
    void *q = malloc(len ? len : 1);

    if ( q && len )
        memcpy(q, p, len);
    return q;
}

struct node *node_dup(const struct node *n)
{
    struct node *d = node_alloc(n->name);

    if ( !d )
        return NULL;
    d->gen = n->gen;
    if ( node_set_perms(d, n->perms, n->nperms) ||
         node_set_value(d, n->value, n->vlen) )
        goto fail;
    d->children = memdup(n->children, n->clen);
    if ( !d->children )
        goto fail;
    d->clen = n->clen;
    return d;

 fail:
    node_free(d);
    return NULL;
}

/* Xen's record: generation, counts and lengths (20 bytes), then data. */
unsigned int node_record_size(const struct node *n)
{
    return 20 + n->nperms * 8 + n->vlen + n->clen;
}

int node_set_value(struct node *n, const void *val, unsigned int len)
{
    char *v = memdup(val, len);

    if ( !v )
        return ENOMEM;
    free(n->value);
    n->value = v;
    n->vlen = len;
    return 0;
}

int node_set_perms(struct node *n, const struct xs_permissions *p,
                   unsigned int num)
{
    struct xs_permissions *c = memdup(p, num * sizeof(*p));

    if ( !c )
        return ENOMEM;
    free(n->perms);
    n->perms = c;
    n->nperms = num;
    return 0;
}

int node_add_child(struct node *n, const char *base)
{
    size_t bl = strlen(base) + 1;
    char *c = realloc(n->children, n->clen + bl);

    if ( !c )
        return ENOMEM;
    memcpy(c + n->clen, base, bl);
    n->children = c;
    n->clen += bl;
    return 0;
}

bool node_del_child(struct node *n, const char *base)
{
    unsigned int off, l;

    for ( off = 0; off < n->clen; off += l + 1 )
    {
        l = strlen(n->children + off);
        if ( strcmp(n->children + off, base) )
            continue;
        memmove(n->children + off, n->children + off + l + 1,
                n->clen - off - l - 1);
        n->clen -= l + 1;
        return true;
    }
    return false;
}

void tree_init(void)
{
    hmap_init(&tree);
}

static void tree_free_node(void *n)
{
    node_free(n);
}

void tree_destroy(void)
{
    hmap_destroy(&tree, tree_free_node);
}

struct node *tree_lookup(const char *name)
{
    return hmap_get(&tree, name);
}

unsigned long tree_count(void)
{
    return tree.count;
}

/* First access by t to name: copy the base node into a new entry. */
static struct txn_entry *tree_txn_enter(struct txn *t, const char *name)
{
    struct node *base = tree_lookup(name), *copy = NULL;
    struct txn_entry *e;

    if ( !txn_may_grow(t) )
    {
        errno = ENOSPC;
        return NULL;
    }
    if ( base && !(copy = node_dup(base)) )
    {
        errno = ENOMEM;
        return NULL;
    }
    e = txn_entry_add(t, name, copy, base ? base->gen : XS_NO_GEN);
    if ( !e )
        node_free(copy);   /* errno: ENOMEM, or the memory quota */
    return e;
}

struct node *tree_read(struct txn *t, const char *name)
{
    struct txn_entry *e;
    struct node *n;

    if ( !t )
        n = tree_lookup(name);
    else
    {
        e = txn_entry_get(t, name);
        if ( !e && !(e = tree_txn_enter(t, name)) )
            return NULL;
        n = *txn_entry_node(e);
    }
    if ( !n )
        errno = ENOENT;
    return n;
}

int tree_write(struct txn *t, struct node *n)
{
    struct txn_entry *e;
    struct node *old, **slot;

    n->gen = tree_next_gen();
    if ( !t )
    {
        old = tree_lookup(n->name);
        if ( old != n )
        {
            if ( hmap_put(&tree, n->name, n) )
                return ENOMEM;
            node_free(old);
        }
        return 0;
    }
    e = txn_entry_get(t, n->name);
    if ( !e && !(e = tree_txn_enter(t, n->name)) )
        return errno;
    slot = txn_entry_node(e);
    if ( *slot != n )
    {
        node_free(*slot);
        *slot = n;
    }
    txn_entry_modified(e);
    return 0;
}

int tree_delete(struct txn *t, const char *name)
{
    struct txn_entry *e;
    struct node **slot;

    if ( !t )
    {
        node_free(hmap_del(&tree, name));
        return 0;
    }
    e = txn_entry_get(t, name);
    if ( !e && !(e = tree_txn_enter(t, name)) )
        return errno;
    slot = txn_entry_node(e);
    node_free(*slot);
    *slot = NULL;
    txn_entry_modified(e);
    return 0;
}

struct foreach_arg {
    void (*fn)(struct node *n, void *arg);
    void *arg;
};

static void tree_foreach_one(void *val, void *arg)
{
    struct foreach_arg *a = arg;

    a->fn(val, a->arg);
}

void tree_foreach(void (*fn)(struct node *n, void *arg), void *arg)
{
    struct foreach_arg a = { fn, arg };

    hmap_foreach(&tree, tree_foreach_one, &a);
}
