/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler: a proportional-share policy in the manner of Xen's
 * "credit" scheduler.
 *
 * Every domain has a weight (1..65535, default 256) and an optional cap
 * (percent of one CPU, 0 = none).  Each accounting period (30 ms) one
 * "master" CPU shares out CSCHED_CREDITS_PER_ACCT credits per CPU that runs
 * guests (sched/guest-cpus.c) among the domains that used CPU time lately,
 * in proportion to their weight; a running vCPU is debited for the time it
 * ran.  A vCPU with credit left runs at UNDER priority, one that spent more
 * than its share at OVER; a vCPU woken from a block with credit left is
 * BOOSTed so that I/O-bound guests see low latency.  Run queues are per
 * CPU, sorted by priority, round-robin within a priority; a CPU about to
 * idle (or to run an OVER vCPU) steals better work from its peers.  A
 * capped domain that used up its cap has its vCPUs "parked" (kept off the
 * run queues) until a later accounting period gives them credit again.
 *
 * The decisions live in small static functions that take the CPU and the
 * time as arguments, so tests/unit/test-sched-credit.c can drive them.
 *
 * Locking (see the field legends below):
 *   (s) the schedule lock of the CPU concerned, sched_res[cpu].lock, held
 *       by the scheduler core around every hook except alloc/free/adjust;
 *   (p) csched_priv.lock, always taken with interrupts off and always
 *       after (inside) a schedule lock, never the other way round;
 *   (a) atomic, no lock.
 * Stealing takes a peer's schedule lock with spin_trylock() only, so two
 * CPUs stealing from each other cannot deadlock.  The accounting timer
 * first bills each CPU's running vCPU under that CPU's schedule lock, one
 * at a time, then shares credit under prv->lock alone: it writes pri and
 * the parked flag without the schedule locks.  The run queues it leaves
 * out of order are sorted again by each CPU at its next schedule (a
 * generation count says when), and CPUs with vCPUs parked or unparked
 * are kicked so they look at once.
 */

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/sched-if.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/* Priorities: higher runs first. */
#define CSCHED_PRI_BOOST        0       /* woke from a block with credit */
#define CSCHED_PRI_UNDER        (-1)    /* has credit left */
#define CSCHED_PRI_OVER         (-2)    /* used more than its share */
#define CSCHED_PRI_IDLE         (-64)   /* the idle vCPU */

#define CSCHED_DEFAULT_WEIGHT   256
#define CSCHED_MAX_WEIGHT       65535

#define CSCHED_TSLICE           MILLISECS(30)
#define CSCHED_ACCT_PERIOD      MILLISECS(30)
#define CSCHED_CREDITS_PER_MSEC 10
/* Credits one CPU is worth per accounting period. */
#define CSCHED_CREDITS_PER_ACCT (CSCHED_CREDITS_PER_MSEC * 30)
#define CSCHED_NS_PER_CREDIT    (MILLISECS(1) / CSCHED_CREDITS_PER_MSEC)
/* A BOOSTed vCPU that has run this long is CPU-bound after all. */
#define CSCHED_BOOST_MAX        MILLISECS(10)

/* Bits in csched_vcpu.flags (atomic). */
#define CSCHED_FLAG_PARKED      0   /* capped out: kept off the run queue */
#define CSCHED_FLAG_YIELD       1   /* let one lower-priority vCPU go first */
#define CSCHED_FLAG_BLOCKED     2   /* last descheduled because it blocked */

struct csched_dom;

/* Per vCPU. */
struct csched_vcpu {
    struct vcpu *vcpu;                  /* (c) */
    struct csched_dom *sdom;            /* (c) NULL for idle vCPUs */
    struct list_head runq_elem;         /* (s) on a runq or parked list */
    bool queued;                        /* (s) runq_elem is on a list */
    struct list_head active_elem;       /* (p) on sdom->active_vcpus */
    bool active;                        /* (p) earning credit */
    int pri;                            /* (s), written by accounting */
    int credit;                         /* (a) */
    unsigned long flags;                /* (a) CSCHED_FLAG_* */
    s_time_t start_time;                /* (s) start of the unbilled run */
    s_time_t boost_ran;                 /* (s) time run while BOOSTed */
};

/* Per domain. */
struct csched_dom {
    struct domain *dom;                 /* (c) */
    struct list_head active_vcpus;      /* (p) vCPUs earning credit */
    struct list_head active_elem;       /* (p) on prv->active_sdoms */
    unsigned int nr_active;             /* (p) length of active_vcpus */
    unsigned int weight;                /* (p) */
    unsigned int cap;                   /* (p) percent of one CPU, 0: none */
};

/* Per CPU. */
struct csched_pcpu {
    unsigned int cpu;                   /* (c) */
    struct list_head runq;              /* (s) sorted by pri, highest first */
    struct list_head parked;            /* (s) runnable but capped out */
    unsigned int sort_gen;              /* (s) prv->sort_gen at last sort */
};

/* Global. */
struct csched_private {
    spinlock_t lock;
    struct list_head active_sdoms;      /* (p) domains earning credit */
    cpumask_t idlers;                   /* (a) CPUs running their idle vCPU */
    unsigned int master;                /* (p) CPU doing accounting */
    unsigned int sort_gen;              /* (a) bumped by each accounting */
    struct timer acct_timer;            /* on master */
};

static struct csched_private csched_priv;

static struct csched_pcpu *csched_pcpu(unsigned int cpu)
{
    return sched_res[cpu].sched_priv;
}

static struct csched_vcpu *csched_vcpu(const struct vcpu *v)
{
    return v->sched_priv;
}

static int csched_credit_add(struct csched_vcpu *svc, int n)
{
    return __atomic_add_fetch(&svc->credit, n, __ATOMIC_RELAXED);
}

static void csched_credit_set(struct csched_vcpu *svc, int n)
{
    __atomic_store_n(&svc->credit, n, __ATOMIC_RELAXED);
}

static int csched_credit(const struct csched_vcpu *svc)
{
    return __atomic_load_n(&svc->credit, __ATOMIC_RELAXED);
}

/* Priority of what cpu runs now (IDLE if nothing or its idle vCPU). */
static int csched_cur_pri(unsigned int cpu)
{
    const struct vcpu *curr = sched_res[cpu].curr;

    if ( !curr || is_idle_vcpu(curr) || !csched_vcpu(curr) )
        return CSCHED_PRI_IDLE;
    return READ_ONCE(csched_vcpu(curr)->pri);
}

/* ---- Run queues ---- */

/*
 * Queue svc behind every entry of its priority or higher, so equal
 * priorities take turns.  A vCPU that yielded also lets the first entry
 * of lower priority go ahead of it, once.
 */
static void csched_runq_insert(struct list_head *runq,
                               struct csched_vcpu *svc)
{
    struct list_head *pos = runq->next;

    while ( pos != runq &&
            list_entry(pos, struct csched_vcpu, runq_elem)->pri >= svc->pri )
        pos = pos->next;
    if ( test_and_clear_bit(CSCHED_FLAG_YIELD, &svc->flags) && pos != runq )
        pos = pos->next;
    list_add_tail(&svc->runq_elem, pos);
    svc->queued = true;
}

static void csched_runq_remove(struct csched_vcpu *svc)
{
    ASSERT(svc->queued);
    list_del(&svc->runq_elem);
    svc->queued = false;
}

/* Queue a runnable svc on spc: the run queue, or parked if capped out. */
static void csched_enqueue(struct csched_pcpu *spc, struct csched_vcpu *svc)
{
    ASSERT(!svc->queued);
    if ( test_bit(CSCHED_FLAG_PARKED, &svc->flags) )
    {
        list_add_tail(&svc->runq_elem, &spc->parked);
        svc->queued = true;
    }
    else
        csched_runq_insert(&spc->runq, svc);
}

/* Move the vCPUs the accounting unparked back onto the run queue. */
static void csched_unpark_ready(struct csched_pcpu *spc)
{
    struct csched_vcpu *svc, *tmp;

    list_for_each_entry_safe(svc, tmp, &spc->parked, runq_elem)
    {
        if ( test_bit(CSCHED_FLAG_PARKED, &svc->flags) )
            continue;
        csched_runq_remove(svc);
        csched_runq_insert(&spc->runq, svc);
    }
}

/*
 * Sort spc's run queue again if priorities were changed by an accounting
 * since it was last sorted (this also brings a yielded vCPU forward).
 * Stable: equal priorities keep their order.
 */
static void csched_runq_sort(struct csched_pcpu *spc, unsigned int gen)
{
    struct csched_vcpu *svc, *tmp;
    LIST_HEAD(old);

    if ( spc->sort_gen == gen )
        return;
    spc->sort_gen = gen;
    if ( list_empty(&spc->runq) )
        return;
    /* Hang the whole chain on old, then empty the run queue. */
    list_insert(&old, spc->runq.prev, spc->runq.next);
    INIT_LIST_HEAD(&spc->runq);
    list_for_each_entry_safe(svc, tmp, &old, runq_elem)
    {
        list_del(&svc->runq_elem);
        csched_runq_insert(&spc->runq, svc);
    }
}

/*
 * The best runnable entry of spc's run queue, left queued; entries the
 * accounting parked meanwhile are moved to the parked list on the way.
 * NULL if nothing can run.
 */
static struct csched_vcpu *csched_runq_pick(struct csched_pcpu *spc)
{
    struct csched_vcpu *svc;

    while ( !list_empty(&spc->runq) )
    {
        svc = list_first_entry(&spc->runq, struct csched_vcpu, runq_elem);
        if ( !test_bit(CSCHED_FLAG_PARKED, &svc->flags) )
            return svc;
        csched_runq_remove(svc);
        csched_enqueue(spc, svc);
    }
    return NULL;
}

/* ---- Credit accounting ---- */

/* Start earning credit: svc ran, so its domain is active. */
static void csched_acct_start(struct csched_private *prv,
                              struct csched_vcpu *svc)
{
    struct csched_dom *sdom = svc->sdom;
    unsigned long flags;

    if ( !sdom || READ_ONCE(svc->active) )
        return;
    spin_lock_irqsave(&prv->lock, flags);
    if ( !svc->active )
    {
        list_add_tail(&svc->active_elem, &sdom->active_vcpus);
        svc->active = true;
        if ( sdom->nr_active++ == 0 )
            list_add_tail(&sdom->active_elem, &prv->active_sdoms);
    }
    spin_unlock_irqrestore(&prv->lock, flags);
}

/* Stop earning credit; prv->lock held. */
static void csched_acct_stop_locked(struct csched_vcpu *svc)
{
    struct csched_dom *sdom = svc->sdom;

    if ( !svc->active )
        return;
    list_del(&svc->active_elem);
    svc->active = false;
    if ( --sdom->nr_active == 0 )
        list_del(&sdom->active_elem);
}

static void csched_acct_stop(struct csched_private *prv,
                             struct csched_vcpu *svc)
{
    unsigned long flags;

    spin_lock_irqsave(&prv->lock, flags);
    csched_acct_stop_locked(svc);
    spin_unlock_irqrestore(&prv->lock, flags);
}

/*
 * Debit svc for the time it ran up to now.  The part of a credit not
 * billed stays in start_time for next time.  A BOOSTed vCPU that has run
 * CSCHED_BOOST_MAX drops back to UNDER.
 */
static void csched_burn(struct csched_vcpu *svc, s_time_t now)
{
    s_time_t delta = now - svc->start_time;
    int credits;

    if ( delta <= 0 )
        return;
    /* Far more than a period (a stale start_time): bill one second. */
    if ( delta > SECONDS(1) )
    {
        delta = SECONDS(1);
        svc->start_time = now - delta;
    }
    credits = delta / CSCHED_NS_PER_CREDIT;
    csched_credit_add(svc, -credits);
    svc->start_time += (s_time_t)credits * CSCHED_NS_PER_CREDIT;
    if ( svc->pri != CSCHED_PRI_BOOST )
        return;
    svc->boost_ran += delta;
    if ( svc->boost_ran >= CSCHED_BOOST_MAX )
        svc->pri = CSCHED_PRI_UNDER;
}

/* Credits a domain may get per period: its vCPUs' worth, or its cap. */
static unsigned int csched_dom_peak(const struct csched_dom *sdom)
{
    unsigned int peak = sdom->nr_active * CSCHED_CREDITS_PER_ACCT;
    unsigned int cap = DIV_ROUND_UP(sdom->cap * CSCHED_CREDITS_PER_ACCT,
                                    100);

    return sdom->cap && cap < peak ? cap : peak;
}

/* sdom's weighted share of total, rounded up. */
static unsigned int csched_dom_fair(const struct csched_dom *sdom,
                                    uint64_t total, uint64_t weight_total)
{
    uint64_t w = (uint64_t)sdom->weight * sdom->nr_active;

    return (total * w + weight_total - 1) / weight_total;
}

/* Apply one period's credit to svc; mark in kick CPUs that must look. */
static void csched_acct_vcpu(struct csched_vcpu *svc, int fair, int cap,
                             cpumask_t *kick)
{
    int credit = csched_credit_add(svc, fair);
    unsigned int cpu = READ_ONCE(svc->vcpu->processor);

    if ( credit < 0 )
    {
        WRITE_ONCE(svc->pri, CSCHED_PRI_OVER);
        if ( cap && credit < -cap &&
             !test_and_set_bit(CSCHED_FLAG_PARKED, &svc->flags) )
            cpumask_set_cpu(cpu, kick);
        if ( credit < -CSCHED_CREDITS_PER_ACCT )
            csched_credit_set(svc, -CSCHED_CREDITS_PER_ACCT);
    }
    else
    {
        WRITE_ONCE(svc->pri, CSCHED_PRI_UNDER);
        /* Idle for long enough: stop earning, keep half as a head start. */
        if ( credit > CSCHED_CREDITS_PER_ACCT )
        {
            csched_acct_stop_locked(svc);
            csched_credit_set(svc, credit / 2);
        }
    }
    if ( (credit >= 0 || !cap) &&
         test_and_clear_bit(CSCHED_FLAG_PARKED, &svc->flags) )
        cpumask_set_cpu(cpu, kick);
}

/* Share fair credits (plus extra) among sdom's active vCPUs. */
static void csched_acct_dom(struct csched_dom *sdom, unsigned int fair,
                            cpumask_t *kick)
{
    struct csched_vcpu *svc, *tmp;
    unsigned int n = sdom->nr_active;
    unsigned int cap = 0;

    if ( sdom->cap )
        cap = DIV_ROUND_UP(DIV_ROUND_UP(sdom->cap * CSCHED_CREDITS_PER_ACCT,
                                        100), n);
    fair = DIV_ROUND_UP(fair, n);
    list_for_each_entry_safe(svc, tmp, &sdom->active_vcpus, active_elem)
        csched_acct_vcpu(svc, fair, cap, kick);
}

static uint64_t csched_weight_total(const struct csched_private *prv)
{
    const struct csched_dom *sdom;
    uint64_t total = 0;

    list_for_each_entry(sdom, &prv->active_sdoms, active_elem)
        total += (uint64_t)sdom->weight * sdom->nr_active;
    return total;
}

/*
 * Weight of the domains whose share stays under their peak, and the
 * credits the others cannot use, to hand out a second time.
 */
static uint64_t csched_excess(const struct csched_private *prv,
                              uint64_t total, uint64_t weight_total,
                              uint64_t *weight_left)
{
    const struct csched_dom *sdom;
    uint64_t excess = 0;

    *weight_left = 0;
    list_for_each_entry(sdom, &prv->active_sdoms, active_elem)
    {
        unsigned int fair = csched_dom_fair(sdom, total, weight_total);
        unsigned int peak = csched_dom_peak(sdom);

        if ( fair >= peak )
            excess += fair - peak;
        else
            *weight_left += (uint64_t)sdom->weight * sdom->nr_active;
    }
    return excess;
}

/*
 * One accounting period for the nr_cpus CPUs that run guests: every
 * active domain gets its weighted share, limited by its peak, plus a
 * weighted part of what capped domains could not take.  prv->lock held.
 * CPUs whose vCPUs were parked or unparked are added to kick.
 */
static void csched_acct(struct csched_private *prv, unsigned int nr_cpus,
                        cpumask_t *kick)
{
    struct csched_dom *sdom, *tmp;
    uint64_t total = (uint64_t)nr_cpus * CSCHED_CREDITS_PER_ACCT;
    uint64_t weight_total = csched_weight_total(prv), weight_left, excess;

    if ( !weight_total )
        return;
    excess = csched_excess(prv, total, weight_total, &weight_left);
    list_for_each_entry_safe(sdom, tmp, &prv->active_sdoms, active_elem)
    {
        unsigned int fair = csched_dom_fair(sdom, total, weight_total);
        unsigned int peak = csched_dom_peak(sdom);

        if ( fair < peak && excess )
            fair += csched_dom_fair(sdom, excess, weight_left);
        csched_acct_dom(sdom, min(fair, peak), kick);
    }
}

/*
 * Bill what cpu runs up to now, so the accounting sees current credit
 * (otherwise a vCPU is billed only when descheduled, up to a slice late).
 * Called with no lock held.
 */
static void csched_bill_running(struct csched_private *prv, unsigned int cpu,
                                s_time_t now)
{
    spinlock_t *lock = &sched_res[cpu].lock;
    struct vcpu *curr;
    unsigned long flags;

    spin_lock_irqsave(lock, flags);
    curr = sched_res[cpu].curr;
    if ( curr && !is_idle_vcpu(curr) && csched_vcpu(curr) )
    {
        csched_burn(csched_vcpu(curr), now);
        csched_acct_start(prv, csched_vcpu(curr));
    }
    spin_unlock_irqrestore(lock, flags);
}

/* Every CSCHED_ACCT_PERIOD on the master CPU: no lock held on entry. */
static void csched_acct_timer(void *data)
{
    struct csched_private *prv = data;
    s_time_t now = NOW();
    cpumask_t kick;
    unsigned int cpu;
    unsigned long flags;

    for_each_online_cpu(cpu)
        if ( csched_pcpu(cpu) )
            csched_bill_running(prv, cpu, now);
    cpumask_clear(&kick);
    spin_lock_irqsave(&prv->lock, flags);
    csched_acct(prv, cpumask_weight(&sched_guest_cpus), &kick);
    spin_unlock_irqrestore(&prv->lock, flags);
    __atomic_add_fetch(&prv->sort_gen, 1, __ATOMIC_RELAXED);
    for_each_cpu(cpu, &kick)
        cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    set_timer(&prv->acct_timer, now + CSCHED_ACCT_PERIOD);
}

/* ---- Placement ---- */

/* First CPU of mask at or after start, wrapping; NR_CPUS if none. */
static unsigned int csched_cycle(unsigned int start, const cpumask_t *mask)
{
    unsigned int cpu = find_next_bit(mask->bits, NR_CPUS, start);

    return cpu < NR_CPUS ? cpu : cpumask_first(mask);
}

/*
 * Where a vCPU on cur with the given affinity should run: cur if allowed
 * and idle, else an idle allowed CPU (searching from cur, to spread
 * load), else cur if allowed, else the first allowed CPU.  cur if no
 * CPU of the online mask given is allowed at all.
 */
static unsigned int csched_choose_cpu(const cpumask_t *affinity,
                                      const cpumask_t *online,
                                      const cpumask_t *idlers,
                                      unsigned int cur)
{
    cpumask_t allowed, idle;

    cpumask_and(&allowed, affinity, online);
    if ( cpumask_empty(&allowed) )
        return cur;
    cpumask_and(&idle, &allowed, idlers);
    if ( cpumask_test_cpu(cur, &idle) )
        return cur;
    if ( !cpumask_empty(&idle) )
        return csched_cycle(cur, &idle);
    if ( cpumask_test_cpu(cur, &allowed) )
        return cur;
    return cpumask_first(&allowed);
}

/*
 * CPUs to kick after queueing v at priority pri on v->processor: that
 * CPU if v beats what it runs, otherwise one idle CPU v may run on, which
 * will steal it.
 */
static void csched_tickle_mask(cpumask_t *kick, const struct vcpu *v,
                               int pri, const cpumask_t *idlers)
{
    unsigned int cpu = v->processor;
    cpumask_t idle;

    if ( pri > csched_cur_pri(cpu) )
    {
        cpumask_set_cpu(cpu, kick);
        return;
    }
    cpumask_and(&idle, &v->cpu_hard_affinity, &sched_guest_cpus);
    cpumask_and(&idle, &idle, idlers);
    cpumask_clear_cpu(cpu, &idle);
    if ( !cpumask_empty(&idle) )
        cpumask_set_cpu(csched_cycle(cpu, &idle), kick);
}

static void csched_tickle(const struct vcpu *v, int pri)
{
    cpumask_t kick;
    unsigned int cpu;

    cpumask_clear(&kick);
    csched_tickle_mask(&kick, v, pri, &csched_priv.idlers);
    for_each_cpu(cpu, &kick)
        cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

/* May svc leave its queue to run on cpu? */
static bool csched_can_steal(const struct csched_vcpu *svc, unsigned int cpu)
{
    const struct vcpu *v = svc->vcpu;

    /* is_running: its state may still be being saved on its old CPU. */
    return !READ_ONCE(v->is_running) &&
           !test_bit(CSCHED_FLAG_PARKED, &svc->flags) &&
           cpumask_test_cpu(cpu, &v->cpu_hard_affinity);
}

/* Take from peer's run queue the best vCPU above pri that cpu may run. */
static struct csched_vcpu *csched_runq_steal(struct csched_pcpu *peer,
                                             unsigned int cpu, int pri)
{
    struct csched_vcpu *svc;

    list_for_each_entry(svc, &peer->runq, runq_elem)
    {
        if ( svc->pri <= pri || !csched_can_steal(svc, cpu) )
            continue;
        csched_runq_remove(svc);
        svc->vcpu->processor = cpu;
        return svc;
    }
    return NULL;
}

/*
 * Look through the other CPUs that run guests, starting after cpu, for a
 * vCPU of priority above pri that cpu may run.  Peers whose lock is busy are
 * skipped, never waited for.  cpu's schedule lock held.
 */
static struct csched_vcpu *csched_steal(unsigned int cpu, int pri)
{
    struct csched_vcpu *svc = NULL;
    unsigned int i, peer;

    for ( i = 1; i < NR_CPUS && !svc; i++ )
    {
        peer = (cpu + i) % NR_CPUS;
        if ( !cpumask_test_cpu(peer, &sched_guest_cpus) ||
             !csched_pcpu(peer) )
            continue;
        if ( !spin_trylock(&sched_res[peer].lock) )
            continue;
        svc = csched_runq_steal(csched_pcpu(peer), cpu, pri);
        spin_unlock(&sched_res[peer].lock);
    }
    return svc;
}

/* ---- Hooks ---- */

static int csched_init(void)
{
    struct csched_private *prv = &csched_priv;

    spin_lock_init(&prv->lock);
    INIT_LIST_HEAD(&prv->active_sdoms);
    cpumask_clear(&prv->idlers);
    prv->master = NR_CPUS;
    prv->sort_gen = 0;
    return 0;
}

static int csched_alloc_vdata(struct vcpu *v)
{
    struct csched_vcpu *svc;
    bool idle = is_idle_vcpu(v);

    if ( !idle && !v->domain->sched_priv )
        return -EINVAL;
    svc = xzalloc(struct csched_vcpu);
    if ( !svc )
        return -ENOMEM;
    svc->vcpu = v;
    svc->sdom = idle ? NULL : v->domain->sched_priv;
    INIT_LIST_HEAD(&svc->runq_elem);
    INIT_LIST_HEAD(&svc->active_elem);
    svc->pri = idle ? CSCHED_PRI_IDLE : CSCHED_PRI_UNDER;
    v->sched_priv = svc;
    return 0;
}

/* The first CPU brought up does the accounting. */
static int csched_init_cpu(unsigned int cpu, struct vcpu *idle)
{
    struct csched_private *prv = &csched_priv;
    struct csched_pcpu *spc = xzalloc(struct csched_pcpu);

    if ( !spc )
        return -ENOMEM;
    if ( idle && !idle->sched_priv && csched_alloc_vdata(idle) )
    {
        xfree(spc);
        return -ENOMEM;
    }
    spc->cpu = cpu;
    INIT_LIST_HEAD(&spc->runq);
    INIT_LIST_HEAD(&spc->parked);
    sched_res[cpu].sched_priv = spc;
    cpumask_set_cpu(cpu, &prv->idlers);
    if ( prv->master >= NR_CPUS )
    {
        prv->master = cpu;
        init_timer(&prv->acct_timer, csched_acct_timer, prv, cpu);
        set_timer(&prv->acct_timer, NOW() + CSCHED_ACCT_PERIOD);
    }
    return 0;
}

/* Take v off its queue and the accounting; v's schedule lock held. */
static void csched_remove_vcpu(struct vcpu *v)
{
    struct csched_vcpu *svc = csched_vcpu(v);

    if ( !svc )
        return;
    if ( svc->queued )
        csched_runq_remove(svc);
    csched_acct_stop(&csched_priv, svc);
}

static void csched_free_vdata(struct vcpu *v)
{
    spinlock_t *lock = vcpu_schedule_lock_ptr(v);
    unsigned long flags;

    if ( !v->sched_priv )
        return;
    spin_lock_irqsave(lock, flags);
    csched_remove_vcpu(v);
    spin_unlock_irqrestore(lock, flags);
    xfree(v->sched_priv);
    v->sched_priv = NULL;
}

static int csched_alloc_domdata(struct domain *d)
{
    struct csched_dom *sdom = xzalloc(struct csched_dom);

    if ( !sdom )
        return -ENOMEM;
    if ( !d->weight )
        d->weight = CSCHED_DEFAULT_WEIGHT;
    sdom->dom = d;
    sdom->weight = d->weight;
    sdom->cap = d->cap;
    INIT_LIST_HEAD(&sdom->active_vcpus);
    INIT_LIST_HEAD(&sdom->active_elem);
    d->sched_priv = sdom;
    return 0;
}

/* All of d's vCPUs have been freed first. */
static void csched_free_domdata(struct domain *d)
{
    struct csched_dom *sdom = d->sched_priv;

    if ( !sdom )
        return;
    ASSERT(!sdom->nr_active);
    xfree(sdom);
    d->sched_priv = NULL;
}

/* Queue a runnable, not running, v on its CPU and kick whoever should. */
static void csched_insert_vcpu(struct vcpu *v)
{
    struct csched_vcpu *svc = csched_vcpu(v);

    if ( svc->queued || sched_res[v->processor].curr == v )
        return;
    csched_enqueue(csched_pcpu(v->processor), svc);
    if ( !test_bit(CSCHED_FLAG_PARKED, &svc->flags) )
        csched_tickle(v, svc->pri);
}

static void csched_sleep(struct vcpu *v)
{
    struct csched_vcpu *svc = csched_vcpu(v);

    if ( test_bit(_VPF_blocked, &v->pause_flags) )
        set_bit(CSCHED_FLAG_BLOCKED, &svc->flags);
    if ( sched_res[v->processor].curr == v )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    else if ( svc->queued )
        csched_runq_remove(svc);
}

/*
 * A vCPU that blocked and still has credit comes back BOOSTed, ahead of
 * the CPU-bound ones.  One paused or parked gets no boost.
 */
static void csched_wake_boost(struct csched_vcpu *svc)
{
    if ( test_and_clear_bit(CSCHED_FLAG_BLOCKED, &svc->flags) &&
         svc->pri == CSCHED_PRI_UNDER &&
         !test_bit(CSCHED_FLAG_PARKED, &svc->flags) )
    {
        svc->pri = CSCHED_PRI_BOOST;
        svc->boost_ran = 0;
    }
}

static void csched_wake(struct vcpu *v)
{
    struct csched_vcpu *svc = csched_vcpu(v);

    if ( svc->queued || sched_res[v->processor].curr == v )
        return;
    csched_wake_boost(svc);
    csched_insert_vcpu(v);
}

static void csched_yield(struct vcpu *v)
{
    set_bit(CSCHED_FLAG_YIELD, &csched_vcpu(v)->flags);
}

static unsigned int csched_pick_cpu(const struct vcpu *v)
{
    return csched_choose_cpu(&v->cpu_hard_affinity, &sched_guest_cpus,
                             &csched_priv.idlers, v->processor);
}

/*
 * Bill the vCPU that ran on cpu until now and queue it again if it can
 * still run.  One that blocked is remembered, for the boost on wake.
 */
static void csched_prev_done(struct csched_pcpu *spc, struct vcpu *prev,
                             s_time_t now)
{
    struct csched_vcpu *svc;

    if ( !prev || is_idle_vcpu(prev) || !(svc = csched_vcpu(prev)) )
        return;
    csched_burn(svc, now);
    csched_acct_start(&csched_priv, svc);
    if ( vcpu_runnable(prev) )
    {
        if ( !svc->queued && prev->processor == spc->cpu )
            csched_enqueue(spc, svc);
    }
    else if ( test_bit(_VPF_blocked, &prev->pause_flags) )
        set_bit(CSCHED_FLAG_BLOCKED, &svc->flags);
    clear_bit(CSCHED_FLAG_YIELD, &svc->flags);
}

/* Run snext (NULL: the idle vCPU) on cpu from now. */
static struct task_slice csched_run(unsigned int cpu,
                                    struct csched_vcpu *snext, s_time_t now)
{
    struct task_slice ret = { .task = sched_res[cpu].idle, .time = -1 };

    if ( !snext )
    {
        cpumask_set_cpu(cpu, &csched_priv.idlers);
        return ret;
    }
    cpumask_clear_cpu(cpu, &csched_priv.idlers);
    if ( snext->queued )
        csched_runq_remove(snext);
    snext->start_time = now;
    ret.task = snext->vcpu;
    ret.time = CSCHED_TSLICE;
    return ret;
}

/*
 * Choose what cpu runs next: the head of its run queue, unless that is
 * only OVER (or nothing) and a peer has better work cpu may run.
 * Tasklet work runs in the idle vCPU.  cpu's schedule lock held.
 */
static struct task_slice csched_schedule(unsigned int cpu, s_time_t now,
                                         bool tasklet_work)
{
    struct csched_pcpu *spc = csched_pcpu(cpu);
    struct csched_vcpu *snext, *stolen;

    csched_unpark_ready(spc);
    csched_runq_sort(spc, READ_ONCE(csched_priv.sort_gen));
    csched_prev_done(spc, sched_res[cpu].curr, now);
    /* A CPU kept from guests (sched/guest-cpus.c) steals none. */
    if ( tasklet_work || !cpumask_test_cpu(cpu, &sched_guest_cpus) )
        return csched_run(cpu, NULL, now);
    snext = csched_runq_pick(spc);
    if ( !snext || snext->pri <= CSCHED_PRI_OVER )
    {
        stolen = csched_steal(cpu, snext ? snext->pri : CSCHED_PRI_IDLE);
        if ( stolen )
            snext = stolen;
    }
    return csched_run(cpu, snext, now);
}

/* Weight 1..65535; cap 0 (none) up to every CPU that runs guests. */
static int csched_check_params(unsigned int weight, unsigned int cap,
                               unsigned int nr_cpus)
{
    if ( weight < 1 || weight > CSCHED_MAX_WEIGHT )
        return -EINVAL;
    if ( cap > 100 * nr_cpus )
        return -EINVAL;
    return 0;
}

static int csched_adjust(struct domain *d, unsigned int weight,
                         unsigned int cap)
{
    struct csched_dom *sdom = d->sched_priv;
    unsigned long flags;
    int rc;

    if ( !sdom )
        return -EINVAL;
    rc = csched_check_params(weight, cap, cpumask_weight(&sched_guest_cpus));
    if ( rc )
        return rc;
    spin_lock_irqsave(&csched_priv.lock, flags);
    sdom->weight = d->weight = weight;
    sdom->cap = d->cap = cap;
    spin_unlock_irqrestore(&csched_priv.lock, flags);
    return 0;
}

static void csched_dump_vcpu(const char *tag, unsigned int n,
                             const struct csched_vcpu *svc)
{
    const struct vcpu *v = svc->vcpu;

    printk("  %-6s %u: d%uv%u pri=%d credit=%d%s%s\n", tag, n,
           v->domain->domain_id, v->vcpu_id, svc->pri, csched_credit(svc),
           svc->active ? " active" : "",
           test_bit(CSCHED_FLAG_PARKED, &svc->flags) ? " parked" : "");
}

/* The 'r' debug key: what cpu runs and what waits there. */
static void csched_dump_cpu(unsigned int cpu)
{
    const struct csched_pcpu *spc = csched_pcpu(cpu);
    const struct vcpu *curr = sched_res[cpu].curr;
    const struct csched_vcpu *svc;
    unsigned int n = 0;

    if ( !spc )
        return;
    printk("CPU[%02u] %s\n", cpu,
           cpumask_test_cpu(cpu, &csched_priv.idlers) ? "idle" : "busy");
    if ( curr && !is_idle_vcpu(curr) && csched_vcpu(curr) )
        csched_dump_vcpu("run", 0, csched_vcpu(curr));
    list_for_each_entry(svc, &spc->runq, runq_elem)
        csched_dump_vcpu("runq", ++n, svc);
    n = 0;
    list_for_each_entry(svc, &spc->parked, runq_elem)
        csched_dump_vcpu("parked", ++n, svc);
}

const struct scheduler sched_credit_def = {
    .name           = "SMP Credit Scheduler",
    .opt_name       = "credit",
    .init           = csched_init,
    .init_cpu       = csched_init_cpu,
    .alloc_vdata    = csched_alloc_vdata,
    .free_vdata     = csched_free_vdata,
    .alloc_domdata  = csched_alloc_domdata,
    .free_domdata   = csched_free_domdata,
    .insert_vcpu    = csched_insert_vcpu,
    .remove_vcpu    = csched_remove_vcpu,
    .wake           = csched_wake,
    .sleep          = csched_sleep,
    .yield          = csched_yield,
    .pick_cpu       = csched_pick_cpu,
    .do_schedule    = csched_schedule,
    .adjust         = csched_adjust,
    .dump_cpu       = csched_dump_cpu,
};
