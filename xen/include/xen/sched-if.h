/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interface between the scheduler core (common/sched/core.c) and a
 * scheduling policy (credit.c).  The core owns vCPU state transitions and
 * the per-CPU schedule lock; the policy owns run queues and decides who
 * runs next and for how long.
 *
 * Every hook is called with the schedule lock of the CPU concerned held
 * (for insert/remove/wake/sleep: the vCPU's CPU; for do_schedule: the
 * CPU scheduling), except the alloc/free and adjust hooks, which take what
 * they need themselves.
 */
#ifndef XEN_SCHED_IF_H
#define XEN_SCHED_IF_H

#include <xen/sched.h>

struct task_slice {
    struct vcpu *task;              /* next to run (maybe the idle vCPU) */
    s_time_t time;                  /* how long, or -1 for no limit */
};

struct scheduler {
    const char *name;
    const char *opt_name;

    int (*init)(void);
    int (*init_cpu)(unsigned int cpu, struct vcpu *idle);
    int (*alloc_vdata)(struct vcpu *v);
    void (*free_vdata)(struct vcpu *v);
    int (*alloc_domdata)(struct domain *d);
    void (*free_domdata)(struct domain *d);

    void (*insert_vcpu)(struct vcpu *v);    /* v is runnable */
    void (*remove_vcpu)(struct vcpu *v);
    void (*wake)(struct vcpu *v);
    void (*sleep)(struct vcpu *v);
    void (*yield)(struct vcpu *v);

    /* Pick the CPU v should run on next (within its affinity). */
    unsigned int (*pick_cpu)(const struct vcpu *v);
    struct task_slice (*do_schedule)(unsigned int cpu, s_time_t now,
                                     bool tasklet_work);
    int (*adjust)(struct domain *d, unsigned int weight, unsigned int cap);
    void (*dump_cpu)(unsigned int cpu);
};

/* Per-CPU scheduling state, owned by the core. */
struct sched_resource {
    spinlock_t lock;                /* the schedule lock */
    struct vcpu *curr;              /* running now */
    struct vcpu *idle;              /* this CPU's idle vCPU */
    struct timer s_timer;           /* end of the current slice */
    void *sched_priv;               /* policy's per-CPU data */
};

extern struct sched_resource sched_res[NR_CPUS];
extern const struct scheduler sched_credit_def;

/* Core helpers a policy may use. */
static inline spinlock_t *vcpu_schedule_lock_ptr(const struct vcpu *v)
{
    return &sched_res[v->processor].lock;
}

#endif /* XEN_SCHED_IF_H */
