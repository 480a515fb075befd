/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers.  Each CPU keeps its pending timers in a binary min-heap
 * ordered by expiry; the CPU's one-shot APIC timer is always programmed
 * for the heap's minimum.  A timer's function runs on the timer's CPU, in
 * softirq context (interrupts enabled, no locks held).
 *
 * Lock: each CPU's heap has its own lock (irqsave).  A timer's fields are
 * guarded by the lock of the CPU it is on.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/types.h>

struct timer {
    s_time_t expires;               /* system time to fire at */
    void (*function)(void *data);
    void *data;
    unsigned int cpu;               /* CPU whose heap holds it */
    unsigned int heap_index;        /* 0: not in a heap; else 1-based */
    bool killed;
};

/* A per-CPU min-heap of timers, 1-based, arr[1] the earliest. */
struct timer_heap {
    struct timer **arr;
    unsigned int size;              /* timers held */
    unsigned int limit;             /* capacity of arr, less one */
};

/* Heap primitives (timer-heap.c); callers hold the heap's lock. */
int timer_heap_insert(struct timer_heap *h, struct timer *t);
void timer_heap_remove(struct timer_heap *h, struct timer *t);
struct timer *timer_heap_min(const struct timer_heap *h);

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu);
/* (Re)arm t to fire at expires; a pending t is moved. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Stop t for good; it may not be set again. */
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);

void timer_init(void);
/* Called from the APIC timer interrupt. */
void timer_interrupt(void);

#endif /* XEN_TIMER_H */
