/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>
#include <xen/cpumask.h>
#include <asm/current.h>

extern unsigned int nr_cpu_ids;         /* CPUs found in the MADT */
extern cpumask_t cpu_online_map;        /* CPUs running the hypervisor */
extern cpumask_t cpu_present_map;

/* Run fn(arg) on every other online CPU; wait for them if wait. */
void smp_call_function(void (*fn)(void *), void *arg, bool wait);
/* Run fn(arg) on each CPU in mask (this CPU included if set). */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *arg,
                      bool wait);
/* Make cpu look at its softirqs (scheduler, timers) soon. */
void smp_send_event_check_cpu(unsigned int cpu);
void smp_send_event_check_mask(const cpumask_t *mask);
/* Halt every other CPU, for panic and shutdown. */
void smp_send_stop(void);

#endif /* XEN_SMP_H */
