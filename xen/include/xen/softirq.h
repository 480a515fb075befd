/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: work an interrupt handler defers to a safe point (the idle
 * loop, or just before returning to a guest), run with interrupts enabled
 * and no locks held.  Lower numbers run first.
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/types.h>

enum {
    TIMER_SOFTIRQ,
    SCHEDULE_SOFTIRQ,
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler handler);
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
bool softirq_pending(unsigned int cpu);
/* Run every pending softirq of this CPU. */
void do_softirq(void);

#endif /* XEN_SOFTIRQ_H */
