/* SPDX-License-Identifier: GPL-2.0-only */
/* Circular doubly-linked lists with a sentinel head. */
#ifndef XEN_LIST_H
#define XEN_LIST_H

#include <xen/compiler.h>
#include <stddef.h>
#include <stdbool.h>

struct list_head {
    struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(n) { &(n), &(n) }
#define LIST_HEAD(n) struct list_head n = LIST_HEAD_INIT(n)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
    l->next = l->prev = l;
}

static inline void list_insert(struct list_head *n, struct list_head *prev,
                               struct list_head *next)
{
    next->prev = n;
    n->next = next;
    n->prev = prev;
    prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *head)
{
    list_insert(n, head, head->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
    list_insert(n, head->prev, head);
}

static inline void list_del(struct list_head *e)
{
    e->next->prev = e->prev;
    e->prev->next = e->next;
    e->next = e->prev = NULL;
}

static inline bool list_empty(const struct list_head *h)
{
    return h->next == h;
}

#define list_entry(p, t, m)       container_of(p, t, m)
#define list_first_entry(h, t, m) list_entry((h)->next, t, m)

#define list_for_each_entry(pos, head, m)                               \
    for ( (pos) = list_entry((head)->next, __typeof__(*(pos)), m);      \
          &(pos)->m != (head);                                          \
          (pos) = list_entry((pos)->m.next, __typeof__(*(pos)), m) )

#define list_for_each_entry_safe(pos, n, head, m)                       \
    for ( (pos) = list_entry((head)->next, __typeof__(*(pos)), m),      \
          (n) = list_entry((pos)->m.next, __typeof__(*(pos)), m);       \
          &(pos)->m != (head);                                          \
          (pos) = (n),                                                  \
          (n) = list_entry((n)->m.next, __typeof__(*(n)), m) )

#endif /* XEN_LIST_H */
