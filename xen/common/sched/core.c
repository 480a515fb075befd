/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler core: vCPU state transitions, run-state accounting and
 * the schedule() softirq, with the policy (credit.c) behind struct
 * scheduler.  The hypervisor is not preemptible: schedule() runs from the
 * idle loop or on the way back into a guest, and a switch to another vCPU
 * throws the current stack away (context_switch() does not return).
 *
 * vCPU states and transitions (runstate):
 *   offline  -> runnable   vcpu_wake() once _VPF_down is cleared
 *   blocked  -> runnable   vcpu_wake() (event, timer, unpause)
 *   runnable -> running    schedule() picks it
 *   running  -> runnable   slice over or yield, still runnable
 *   running  -> blocked    vcpu_block(), a pause, or shutdown
 *   running/runnable/blocked -> offline   _VPF_down set
 * A running vCPU keeps is_running set until its state is saved
 * (context_switch() calls sched_context_saved()); no other CPU may pick
 * it before that.
 *
 * Lock order: sched_res[cpu].lock before the timer locks; never two
 * schedule locks at once except through the policy's steal, which uses
 * trylock.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/sched-if.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/xmalloc.h>

#define IDLE_REBALANCE  MILLISECS(10)

struct sched_resource sched_res[NR_CPUS];
static const struct scheduler *ops = &sched_credit_def;

bool vcpu_runnable(const struct vcpu *v)
{
    return !READ_ONCE(v->pause_flags) && !READ_ONCE(v->pause_count) &&
           !READ_ONCE(v->domain->pause_count);
}

static void runstate_change(struct vcpu *v, enum vcpu_runstate new,
                            s_time_t now)
{
    s_time_t delta = now - v->runstate_entry;

    if ( delta > 0 )
        v->runstate_time[v->runstate] += delta;
    v->runstate_entry = now;
    v->runstate = new;
}

/*
 * Lock v's CPU's schedule lock.  The policy may move v to another CPU
 * (stealing) while we wait, so check v->processor again once we hold it.
 */
static spinlock_t *vcpu_schedule_lock_irqsave(const struct vcpu *v,
                                              unsigned long *flags)
{
    for ( ; ; )
    {
        spinlock_t *lock = vcpu_schedule_lock_ptr(v);

        spin_lock_irqsave(lock, *flags);
        if ( lock == vcpu_schedule_lock_ptr(v) )
            return lock;
        spin_unlock_irqrestore(lock, *flags);
    }
}

static enum vcpu_runstate idle_state(const struct vcpu *v)
{
    if ( vcpu_runnable(v) )
        return RUNSTATE_runnable;
    return test_bit(_VPF_down, &v->pause_flags) ? RUNSTATE_offline
                                                : RUNSTATE_blocked;
}

static void s_timer_fn(void *unused)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_resource *sr = &sched_res[cpu];
    struct vcpu *prev = current, *next;
    struct task_slice slice;
    s_time_t now;

    stop_timer(&sr->s_timer);
    spin_lock_irq(&sr->lock);
    now = NOW();
    slice = ops->do_schedule(cpu, now, false);
    next = slice.task;
    /*
     * An idle CPU looks again every IDLE_REBALANCE: stealing from a busy
     * CPU uses trylock and may lose a race, and nobody else would retry.
     */
    if ( slice.time < 0 && is_idle_vcpu(next) )
        slice.time = IDLE_REBALANCE;
    if ( slice.time >= 0 )
        set_timer(&sr->s_timer, now + slice.time);
    if ( next == prev )
    {
        spin_unlock_irq(&sr->lock);
        return;
    }
    runstate_change(prev, idle_state(prev), now);
    runstate_change(next, RUNSTATE_running, now);
    ASSERT(!next->is_running);
    next->is_running = true;
    next->processor = cpu;
    sr->curr = next;
    spin_unlock_irq(&sr->lock);

    context_switch(prev, next);
}

void sched_context_saved(struct vcpu *prev)
{
    smp_wmb();
    WRITE_ONCE(prev->is_running, false);
    /* It may have become runnable while we were saving it. */
    if ( vcpu_runnable(prev) && !is_idle_vcpu(prev) )
        vcpu_wake(prev);
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    /*
     * The policy's wake is idempotent (already queued or running: no-op),
     * and it must always be asked: a vCPU woken while its CPU was
     * descheduling it can already read "runnable" without being queued.
     */
    if ( vcpu_runnable(v) )
    {
        if ( v->runstate != RUNSTATE_running &&
             v->runstate != RUNSTATE_runnable )
            runstate_change(v, RUNSTATE_runnable, NOW());
        ops->wake(v);
    }
    spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    if ( !vcpu_runnable(v) )
    {
        if ( v->runstate == RUNSTATE_runnable )
            runstate_change(v, idle_state(v), NOW());
        ops->sleep(v);
        if ( v->is_running )
            cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    }
    spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_sync(struct vcpu *v)
{
    vcpu_sleep_nosync(v);
    while ( !vcpu_runnable(v) && READ_ONCE(v->is_running) )
        cpu_relax();
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    ops->yield(v);
    spin_unlock_irqrestore(lock, flags);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    set_bit(_VPF_blocked, &v->pause_flags);
    vcpu_sleep_nosync(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *affinity)
{
    cpumask_t allowed;
    spinlock_t *lock;
    unsigned long flags;

    /* As Xen refuses a mask of offline CPUs: none that runs guests. */
    cpumask_and(&allowed, affinity, &sched_guest_cpus);
    if ( cpumask_empty(&allowed) )
        return -EINVAL;
    lock = vcpu_schedule_lock_irqsave(v, &flags);
    cpumask_copy(&v->cpu_hard_affinity, affinity);
    spin_unlock_irqrestore(lock, flags);
    /* Let the policy move it on its next decision. */
    cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    return 0;
}

int sched_init_vcpu(struct vcpu *v, unsigned int processor)
{
    v->processor = processor;
    cpumask_setall(&v->cpu_hard_affinity);
    cpumask_setall(&v->cpu_soft_affinity);
    v->runstate = is_idle_vcpu(v) ? RUNSTATE_running : RUNSTATE_offline;
    v->runstate_entry = NOW();
    if ( is_idle_vcpu(v) )
        return 0;
    return ops->alloc_vdata(v);
}

void sched_destroy_vcpu(struct vcpu *v)
{
    /* free_vdata takes the schedule lock and dequeues v itself. */
    if ( !is_idle_vcpu(v) )
        ops->free_vdata(v);
}

int sched_init_domain(struct domain *d)
{
    d->weight = 256;
    d->cap = 0;
    return is_idle_domain(d) ? 0 : ops->alloc_domdata(d);
}

void sched_destroy_domain(struct domain *d)
{
    if ( !is_idle_domain(d) )
        ops->free_domdata(d);
}

int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap)
{
    return ops->adjust(d, weight, cap);
}

int sched_init_cpu(unsigned int cpu)
{
    struct sched_resource *sr = &sched_res[cpu];
    struct vcpu *idle = vcpu_create(idle_domain, cpu);

    if ( !idle )
        return -ENOMEM;
    spin_lock_init(&sr->lock);
    sr->idle = sr->curr = idle;
    init_timer(&sr->s_timer, s_timer_fn, NULL, cpu);
    return ops->init_cpu(cpu, idle);
}

noreturn void sched_start_idle(unsigned int cpu)
{
    struct vcpu *idle = sched_res[cpu].idle;

    idle->is_running = true;
    set_current(idle);
    local_irq_enable();
    idle_loop();
}

void sched_dump_runq(void)
{
    unsigned int cpu;

    printk("Scheduler: %s\n", ops->name);
    for_each_online_cpu ( cpu )
    {
        printk("CPU%u: running %pv\n", cpu, sched_res[cpu].curr);
        if ( ops->dump_cpu )
            ops->dump_cpu(cpu);
    }
}

void scheduler_init(void)
{
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    if ( ops->init() )
        panic("scheduler %s failed to initialise", ops->name);
    idle_domain = domain_create(DOMID_IDLE, NR_CPUS, false);
    if ( !idle_domain || sched_init_cpu(0) )
        panic("cannot create the idle domain");
    printk("Using scheduler: %s (%s)\n", ops->name, ops->opt_name);
}
