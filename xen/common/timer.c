/* SPDX-License-Identifier: GPL-2.0-only */
/* Software timers on per-CPU heaps; see xen/timer.h. */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/cpumask.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#define HEAP_INITIAL 64

struct timers {
    spinlock_t lock;
    struct timer_heap heap;
};

static struct timers timers[NR_CPUS];

/* Double the heap's array; called and returns with the lock held. */
static int grow_heap(struct timer_heap *h)
{
    unsigned int limit = h->limit ? h->limit * 2 : HEAP_INITIAL;
    struct timer **arr = xzalloc_array(struct timer *, limit + 1);

    if ( !arr )
        return -ENOMEM;
    if ( h->arr )
        memcpy(arr, h->arr, (h->size + 1) * sizeof(*arr));
    xfree(h->arr);
    h->arr = arr;
    h->limit = limit;
    return 0;
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

bool timer_is_active(const struct timer *t)
{
    return t->heap_index != 0;
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timers *ts = &timers[t->cpu];
    unsigned long flags;
    bool first;

    spin_lock_irqsave(&ts->lock, flags);
    if ( t->killed )
    {
        spin_unlock_irqrestore(&ts->lock, flags);
        return;
    }
    timer_heap_remove(&ts->heap, t);
    t->expires = expires;
    if ( timer_heap_insert(&ts->heap, t) == -ENOSPC )
    {
        /* Out of memory here is a hypervisor failure, not a guest's. */
        BUG_ON(grow_heap(&ts->heap));
        timer_heap_insert(&ts->heap, t);
    }
    first = timer_heap_min(&ts->heap) == t;
    spin_unlock_irqrestore(&ts->lock, flags);

    /* A new earliest timer: that CPU must re-arm its APIC timer. */
    if ( first )
        cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ);
}

void stop_timer(struct timer *t)
{
    struct timers *ts = &timers[t->cpu];
    unsigned long flags;

    spin_lock_irqsave(&ts->lock, flags);
    timer_heap_remove(&ts->heap, t);
    spin_unlock_irqrestore(&ts->lock, flags);
}

void kill_timer(struct timer *t)
{
    struct timers *ts = &timers[t->cpu];
    unsigned long flags;

    spin_lock_irqsave(&ts->lock, flags);
    timer_heap_remove(&ts->heap, t);
    t->killed = true;
    spin_unlock_irqrestore(&ts->lock, flags);
}

/*
 * Another CPU whose earliest timer is this late missed its timer
 * interrupt (QEMU 7.2's TCG may drop an interrupt request that races
 * with its own VMRUN) or stalled; either way its guests' timers wait.
 * Each CPU looks at the others every 100 ms from its own timer softirq
 * and kicks a late one, saying so the first few times.
 */
#define TIMER_OVERDUE       MILLISECS(500)
#define OVERDUE_LOOK_EVERY  MILLISECS(100)
#define OVERDUE_REPORTS     10

static s_time_t overdue_by(unsigned int cpu, s_time_t now)
{
    struct timers *ts = &timers[cpu];
    const struct timer *t;
    unsigned long flags;
    s_time_t late = 0;

    local_irq_save(flags);
    /* Never wait here: a busy CPU is not a late one. */
    if ( spin_trylock(&ts->lock) )
    {
        t = timer_heap_min(&ts->heap);
        if ( t )
            late = now - t->expires;
        spin_unlock(&ts->lock);
    }
    local_irq_restore(flags);
    return late;
}

static DEFINE_PER_CPU(s_time_t, next_look);

static void kick_overdue_cpus(s_time_t now)
{
    static unsigned int reports;
    unsigned int cpu, me = smp_processor_id();
    s_time_t late;

    if ( now < this_cpu(next_look) )
        return;
    this_cpu(next_look) = now + OVERDUE_LOOK_EVERY;
    for_each_online_cpu ( cpu )
    {
        if ( cpu == me || (late = overdue_by(cpu, now)) < TIMER_OVERDUE )
            continue;
        if ( __atomic_fetch_add(&reports, 1, __ATOMIC_RELAXED) <
             OVERDUE_REPORTS )
            printk(XENLOG_WARNING "CPU%u: its earliest timer is %ld ms "
                   "overdue (timer interrupt lost, or the CPU stalled): "
                   "kicked by CPU%u\n", cpu, (long)(late / MILLISECS(1)),
                   me);
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
        /* The softirq may be marked already, its IPI lost as well. */
        smp_send_event_check_cpu(cpu);
    }
}

/* Run what has expired, then arm the APIC timer for what is left. */
static void timer_softirq_action(void)
{
    struct timers *ts = &timers[smp_processor_id()];
    struct timer *t;
    unsigned long flags;

    spin_lock_irqsave(&ts->lock, flags);
    for ( ; ; )
    {
        while ( (t = timer_heap_min(&ts->heap)) && t->expires <= NOW() )
        {
            timer_heap_remove(&ts->heap, t);
            spin_unlock_irqrestore(&ts->lock, flags);
            t->function(t->data);
            spin_lock_irqsave(&ts->lock, flags);
        }
        if ( reprogram_timer(t ? t->expires : 0) )
            break;
    }
    spin_unlock_irqrestore(&ts->lock, flags);
    kick_overdue_cpus(NOW());
}

void timer_interrupt(void)
{
    raise_softirq(TIMER_SOFTIRQ);
}

void timer_init(void)
{
    unsigned int cpu;

    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        spin_lock_init(&timers[cpu].lock);
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}
