/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intrusive doubly linked lists for xenstored: connections, watches,
 * transactions, queued output.  A list head is a struct list whose next and
 * prev point at itself when empty.
 */
#ifndef XENSTORED_LIST_H
#define XENSTORED_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
    struct list *next, *prev;
};

#define LIST_INIT(name) { &(name), &(name) }

static inline void list_init(struct list *l)
{
    l->next = l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
    return l->next == l;
}

static inline void list_add_tail(struct list *l, struct list *e)
{
    e->prev = l->prev;
    e->next = l;
    l->prev->next = e;
    l->prev = e;
}

static inline void list_del(struct list *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
    e->next = e->prev = e;
}

#define list_entry(p, type, member) \
    ((type *)((char *)(p) - offsetof(type, member)))

#define list_for_each(pos, head) \
    for ( (pos) = (head)->next; (pos) != (head); (pos) = (pos)->next )

/* Safe against removal of pos. */
#define list_for_each_safe(pos, n, head) \
    for ( (pos) = (head)->next, (n) = (pos)->next; (pos) != (head); \
          (pos) = (n), (n) = (pos)->next )

#endif /* XENSTORED_LIST_H */
