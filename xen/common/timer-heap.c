/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The binary min-heap behind struct timer_heap.  Each timer records its
 * own position (heap_index), so removing an arbitrary timer is O(log n):
 * move the last element into its slot and sift it up or down.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/timer.h>

static void place(struct timer_heap *h, unsigned int i, struct timer *t)
{
    h->arr[i] = t;
    t->heap_index = i;
}

static void sift_up(struct timer_heap *h, unsigned int i)
{
    struct timer *t = h->arr[i];

    while ( i > 1 && h->arr[i / 2]->expires > t->expires )
    {
        place(h, i, h->arr[i / 2]);
        i /= 2;
    }
    place(h, i, t);
}

static void sift_down(struct timer_heap *h, unsigned int i)
{
    struct timer *t = h->arr[i];

    for ( ; ; )
    {
        unsigned int c = 2 * i;

        if ( c > h->size )
            break;
        if ( c + 1 <= h->size && h->arr[c + 1]->expires < h->arr[c]->expires )
            c++;
        if ( h->arr[c]->expires >= t->expires )
            break;
        place(h, i, h->arr[c]);
        i = c;
    }
    place(h, i, t);
}

int timer_heap_insert(struct timer_heap *h, struct timer *t)
{
    if ( h->size == h->limit )
        return -ENOSPC;
    h->size++;
    place(h, h->size, t);
    sift_up(h, h->size);
    return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer *t)
{
    unsigned int i = t->heap_index;
    struct timer *last;

    if ( !i || i > h->size || h->arr[i] != t )
        return;
    last = h->arr[h->size--];
    t->heap_index = 0;
    if ( last == t )
        return;
    place(h, i, last);
    sift_up(h, i);
    sift_down(h, last->heap_index);
}

struct timer *timer_heap_min(const struct timer_heap *h)
{
    return h->size ? h->arr[1] : NULL;
}
