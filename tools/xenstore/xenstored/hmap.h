/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A string-keyed hash map.  Keys are not copied: each key must live as
 * long as its entry (xenstored keys a node by its own name).
 */
#ifndef XENSTORED_HMAP_H
#define XENSTORED_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap_entry {
    struct hmap_entry *next;
    const char *key;
    uint32_t hash;
    void *val;
};

struct hmap {
    struct hmap_entry **buckets;
    size_t nbuckets;   /* a power of two, or 0 before the first insert */
    size_t count;
};

void hmap_init(struct hmap *h);
/* Frees the map's own memory; free_val (may be NULL) is called per value. */
void hmap_destroy(struct hmap *h, void (*free_val)(void *val));
void *hmap_get(const struct hmap *h, const char *key);
/* Insert or replace.  Returns 0, or -1 when out of memory. */
int hmap_put(struct hmap *h, const char *key, void *val);
/* Remove key; returns its value or NULL. */
void *hmap_del(struct hmap *h, const char *key);
/* Call fn on every value; fn must not change the map. */
void hmap_foreach(const struct hmap *h, void (*fn)(void *val, void *arg),
                  void *arg);

#endif /* XENSTORED_HMAP_H */
