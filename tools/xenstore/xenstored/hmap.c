/* SPDX-License-Identifier: GPL-2.0-only */
/* String-keyed hash map with chaining; grows at load factor 1. */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"

/* FNV-1a: short keys (paths), cheap, good enough spread. */
static uint32_t hmap_hash(const char *s)
{
    uint32_t h = 2166136261u;

    while ( *s )
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

void hmap_init(struct hmap *h)
{
    h->buckets = NULL;
    h->nbuckets = 0;
    h->count = 0;
}

void hmap_destroy(struct hmap *h, void (*free_val)(void *val))
{
    size_t i;
    struct hmap_entry *e, *n;

    for ( i = 0; i < h->nbuckets; i++ )
        for ( e = h->buckets[i]; e; e = n )
        {
            n = e->next;
            if ( free_val )
                free_val(e->val);
            free(e);
        }
    free(h->buckets);
    hmap_init(h);
}

static struct hmap_entry **hmap_slot(const struct hmap *h, const char *key,
                                     uint32_t hash)
{
    struct hmap_entry **p = &h->buckets[hash & (h->nbuckets - 1)];

    for ( ; *p; p = &(*p)->next )
        if ( (*p)->hash == hash && !strcmp((*p)->key, key) )
            break;
    return p;
}

void *hmap_get(const struct hmap *h, const char *key)
{
    struct hmap_entry *e;

    if ( !h->nbuckets )
        return NULL;
    e = *hmap_slot(h, key, hmap_hash(key));
    return e ? e->val : NULL;
}

static int hmap_grow(struct hmap *h)
{
    size_t n = h->nbuckets ? h->nbuckets * 2 : 64, i;
    struct hmap_entry **b = calloc(n, sizeof(*b)), *e, *next;

    if ( !b )
        return -1;
    for ( i = 0; i < h->nbuckets; i++ )
        for ( e = h->buckets[i]; e; e = next )
        {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    free(h->buckets);
    h->buckets = b;
    h->nbuckets = n;
    return 0;
}

int hmap_put(struct hmap *h, const char *key, void *val)
{
    uint32_t hash = hmap_hash(key);
    struct hmap_entry **p, *e;

    if ( h->count >= h->nbuckets && hmap_grow(h) && !h->nbuckets )
        return -1;
    p = hmap_slot(h, key, hash);
    if ( *p )
    {
        (*p)->key = key;
        (*p)->val = val;
        return 0;
    }
    e = malloc(sizeof(*e));
    if ( !e )
        return -1;
    e->next = NULL;
    e->key = key;
    e->hash = hash;
    e->val = val;
    *p = e;
    h->count++;
    return 0;
}

void *hmap_del(struct hmap *h, const char *key)
{
    struct hmap_entry **p, *e;
    void *val;

    if ( !h->nbuckets )
        return NULL;
    p = hmap_slot(h, key, hmap_hash(key));
    e = *p;
    if ( !e )
        return NULL;
    *p = e->next;
    val = e->val;
    free(e);
    h->count--;
    return val;
}

void hmap_foreach(const struct hmap *h, void (*fn)(void *val, void *arg),
                  void *arg)
{
    size_t i;
    struct hmap_entry *e;

    for ( i = 0; i < h->nbuckets; i++ )
        for ( e = h->buckets[i]; e; e = e->next )
            fn(e->val, arg);
}
