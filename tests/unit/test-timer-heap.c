/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The timer min-heap (xen/common/timer-heap.c): the heap property and
 * every timer's recorded position after each of thousands of random
 * inserts and removals, removal of arbitrary elements, the minimum, a
 * full heap, and removal of timers that are not in the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "../../xen/common/timer-heap.c"

#include "harness.h"

#define NR_TIMERS 4096

static struct timer timers[NR_TIMERS];
static struct timer *slots[NR_TIMERS + 1];
static struct timer_heap heap;

static void heap_reset(unsigned int limit)
{
    memset(timers, 0, sizeof(timers));
    memset(slots, 0, sizeof(slots));
    heap = (struct timer_heap){ .arr = slots, .size = 0, .limit = limit };
}

/*
 * Parent no later than child, every timer's heap_index its slot, and
 * every timer not in the heap marked so.  Checked in full, O(n).
 */
static bool heap_valid(const struct timer_heap *h)
{
    unsigned int i, in_heap = 0;

    for ( i = 1; i <= h->size; i++ )
    {
        if ( h->arr[i]->heap_index != i )
            return false;
        if ( i > 1 && h->arr[i / 2]->expires > h->arr[i]->expires )
            return false;
    }
    for ( i = 0; i < NR_TIMERS; i++ )
        if ( timers[i].heap_index )
        {
            in_heap++;
            if ( timers[i].heap_index > h->size ||
                 h->arr[timers[i].heap_index] != &timers[i] )
                return false;
        }
    return in_heap == h->size;
}

/* The earliest expiry among the timers in the heap, by brute force. */
static s_time_t brute_min(void)
{
    s_time_t m = INT64_MAX;
    unsigned int i;

    for ( i = 0; i < NR_TIMERS; i++ )
        if ( timers[i].heap_index && timers[i].expires < m )
            m = timers[i].expires;
    return m;
}

static int add(unsigned int i, s_time_t expires)
{
    timers[i].expires = expires;
    return timer_heap_insert(&heap, &timers[i]);
}

TEST(theap_empty)
{
    heap_reset(8);
    EXPECT(timer_heap_min(&heap) == NULL);
    /* Removing from an empty heap is harmless. */
    timer_heap_remove(&heap, &timers[0]);
    EXPECT_EQ(heap.size, 0);
    EXPECT(heap_valid(&heap));
}

TEST(theap_single)
{
    heap_reset(8);
    EXPECT_EQ(add(0, 100), 0);
    EXPECT(timer_heap_min(&heap) == &timers[0]);
    EXPECT_EQ(timers[0].heap_index, 1);
    timer_heap_remove(&heap, &timers[0]);
    EXPECT_EQ(timers[0].heap_index, 0);
    EXPECT(timer_heap_min(&heap) == NULL);
    /* A second remove of the same timer does nothing. */
    timer_heap_remove(&heap, &timers[0]);
    EXPECT_EQ(heap.size, 0);
}

TEST(theap_sorted_drain)
{
    static const s_time_t when[] = {
        50, 10, 90, 30, 70, 20, 80, 40, 60, 0, -5, INT64_MAX, INT64_MIN,
    };
    s_time_t last = INT64_MIN;
    unsigned int i;

    heap_reset(NR_TIMERS);
    for ( i = 0; i < ARRAY_SIZE(when); i++ )
        EXPECT_EQ(add(i, when[i]), 0);
    EXPECT(heap_valid(&heap));
    for ( i = 0; i < ARRAY_SIZE(when); i++ )
    {
        struct timer *t = timer_heap_min(&heap);

        if ( !EXPECT(t != NULL) )
            return;
        EXPECT(t->expires >= last);
        last = t->expires;
        timer_heap_remove(&heap, t);
        EXPECT(heap_valid(&heap));
    }
    EXPECT_EQ(last, INT64_MAX);
    EXPECT(timer_heap_min(&heap) == NULL);
}

TEST(theap_equal_expiries)
{
    unsigned int i;

    heap_reset(NR_TIMERS);
    for ( i = 0; i < 100; i++ )
        EXPECT_EQ(add(i, 42), 0);
    EXPECT(heap_valid(&heap));
    for ( i = 0; i < 100; i += 3 )
        timer_heap_remove(&heap, &timers[i]);
    EXPECT(heap_valid(&heap));
    EXPECT_EQ(heap.size, 66);
}

TEST(theap_full)
{
    unsigned int i;

    heap_reset(16);
    for ( i = 0; i < 16; i++ )
        EXPECT_EQ(add(i, 1000 - i), 0);
    EXPECT_EQ(add(16, 1), -ENOSPC);
    EXPECT_EQ(timers[16].heap_index, 0);
    EXPECT_EQ(heap.size, 16);
    EXPECT(heap_valid(&heap));
    EXPECT(timer_heap_min(&heap) == &timers[15]);
    /* Room again after a removal. */
    timer_heap_remove(&heap, &timers[3]);
    EXPECT_EQ(add(16, 1), 0);
    EXPECT(timer_heap_min(&heap) == &timers[16]);
    EXPECT(heap_valid(&heap));
    /* A zero-capacity heap takes nothing. */
    heap_reset(0);
    EXPECT_EQ(add(0, 1), -ENOSPC);
    EXPECT(timer_heap_min(&heap) == NULL);
}

TEST(theap_remove_not_in_heap)
{
    struct timer stranger = { .expires = 1 };
    unsigned int i;

    heap_reset(NR_TIMERS);
    for ( i = 0; i < 10; i++ )
        add(i, i * 10);
    /* Never inserted. */
    timer_heap_remove(&heap, &stranger);
    /* A stale index that points at another timer's slot. */
    stranger.heap_index = 3;
    timer_heap_remove(&heap, &stranger);
    /* A stale index beyond the end. */
    stranger.heap_index = 11;
    timer_heap_remove(&heap, &stranger);
    stranger.heap_index = ~0U;
    timer_heap_remove(&heap, &stranger);
    EXPECT_EQ(heap.size, 10);
    EXPECT(heap_valid(&heap));
    EXPECT(timer_heap_min(&heap) == &timers[0]);
    /* Removed twice. */
    timer_heap_remove(&heap, &timers[4]);
    timer_heap_remove(&heap, &timers[4]);
    EXPECT_EQ(heap.size, 9);
    EXPECT(heap_valid(&heap));
}

TEST(theap_remove_each_position)
{
    unsigned int n, pos, i;

    /* For heaps of 1..40 timers, remove the one at every position. */
    for ( n = 1; n <= 40; n++ )
        for ( pos = 1; pos <= n; pos++ )
        {
            struct timer *victim;

            heap_reset(NR_TIMERS);
            for ( i = 0; i < n; i++ )
                add(i, (i * 7919) % 97);
            victim = heap.arr[pos];
            timer_heap_remove(&heap, victim);
            if ( !EXPECT(heap_valid(&heap)) || !EXPECT_EQ(heap.size, n - 1) ||
                 !EXPECT_EQ(victim->heap_index, 0) )
                return;
            if ( n > 1 && !EXPECT_EQ(timer_heap_min(&heap)->expires,
                                     brute_min()) )
                return;
        }
}

TEST(theap_remove_needs_sift_up)
{
    /*
     * Removing a deep element whose replacement (the last element) is
     * earlier than the removed one's parent: the replacement must move
     * up, not only down.
     */
    heap_reset(NR_TIMERS);
    add(0, 0);
    add(1, 100);
    add(2, 1);
    add(3, 101);
    add(4, 102);
    add(5, 2);
    add(6, 3);
    EXPECT(heap_valid(&heap));
    timer_heap_remove(&heap, &timers[4]);
    EXPECT(heap_valid(&heap));
    EXPECT_EQ(heap.size, 6);
}

TEST(theap_random)
{
    unsigned int op, checks_failed = 0;

    srand(7);
    heap_reset(NR_TIMERS / 2);
    for ( op = 0; op < 20000 && !checks_failed; op++ )
    {
        unsigned int i = rand() % NR_TIMERS;
        struct timer *t = &timers[i];

        if ( !t->heap_index && rand() % 3 )
        {
            int rc = add(i, rand() % 5000 - 100);

            if ( heap.size == heap.limit && rc == -ENOSPC )
                continue;
            checks_failed += !EXPECT_EQ(rc, 0);
        }
        else if ( rand() % 4 == 0 && heap.size )
            /* Remove the minimum, as the timer interrupt does. */
            timer_heap_remove(&heap, timer_heap_min(&heap));
        else
            timer_heap_remove(&heap, t);
        checks_failed += !EXPECT(heap_valid(&heap));
        if ( heap.size )
            checks_failed +=
                !EXPECT_EQ(timer_heap_min(&heap)->expires, brute_min());
    }
    EXPECT(heap.size > 0);
}

TEST(theap_random_reinsert)
{
    unsigned int op, i;

    /* Re-arming: remove and insert with a new expiry, as set_timer does. */
    srand(77);
    heap_reset(NR_TIMERS);
    for ( i = 0; i < 1000; i++ )
        add(i, rand());
    for ( op = 0; op < 5000; op++ )
    {
        struct timer *t = &timers[rand() % 1000];

        timer_heap_remove(&heap, t);
        t->expires = rand() % 2 ? rand() : -(s_time_t)rand();
        timer_heap_insert(&heap, t);
        if ( op % 64 == 0 && !EXPECT(heap_valid(&heap)) )
            return;
    }
    EXPECT_EQ(heap.size, 1000);
    EXPECT(heap_valid(&heap));
    EXPECT_EQ(timer_heap_min(&heap)->expires, brute_min());
}
