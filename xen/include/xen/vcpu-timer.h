/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU's guest-visible timers (common/sched/sched_op.c): the
 * singleshot timer (set_timer_op, VCPUOP_set_singleshot_timer) and the
 * periodic timer (VCPUOP_set_periodic_timer).  Both raise VIRQ_TIMER.
 */
#ifndef XEN_VCPU_TIMER_H
#define XEN_VCPU_TIMER_H

#include <xen/types.h>

struct vcpu;

/* Called from vcpu_guest_init() / vcpu_guest_destroy() (xen/shared.h). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_destroy(struct vcpu *v);
/* Has vcpu_timers_init() run?  Hypercalls refuse timers until then. */
bool vcpu_timers_ready(const struct vcpu *v);

/*
 * Arm v's singleshot timer for system time expires (in the past: it
 * fires at once), on the calling CPU.  v must be current.
 */
void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t expires);
void vcpu_stop_singleshot_timer(struct vcpu *v);

/* Fire every period ns (the first at once); 0 stops it. */
void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);

#endif /* XEN_VCPU_TIMER_H */
