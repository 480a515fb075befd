/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define NANOSECONDS(ns)   ((s_time_t)(ns))
#define MICROSECS(us)     ((s_time_t)(us) * 1000L)
#define MILLISECS(ms)     ((s_time_t)(ms) * 1000000L)
#define SECONDS(s)        ((s_time_t)(s) * 1000000000L)
#define STIME_MAX         ((s_time_t)INT64_MAX)
/*
 * The longest guest-given interval the hypervisor adds to a time (2^62 ns,
 * 146 years, as Xen): NOW() + STIME_DELTA_MAX cannot overflow while NOW()
 * is below 2^62.
 */
#define STIME_DELTA_MAX   ((s_time_t)(1ULL << 62))

/* Nanoseconds since boot, consistent across CPUs. */
s_time_t NOW(void);

extern uint64_t cpu_khz;            /* calibrated TSC frequency */

/* Calibrate the TSC and the APIC timer (BSP), then per-CPU set-up. */
void time_init(void);
void time_init_cpu(void);

/*
 * Program this CPU's one-shot timer interrupt for deadline (system time);
 * 0 stops it.  Returns false if the deadline has already passed.
 */
bool reprogram_timer(s_time_t deadline);

/* Busy-wait, for hardware delays only. */
void udelay(unsigned long us);
void mdelay(unsigned long ms);

/* Convert TSC ticks to nanoseconds with the calibrated scale. */
uint64_t tsc_ticks_to_ns(uint64_t ticks);

#endif /* XEN_TIME_H */
