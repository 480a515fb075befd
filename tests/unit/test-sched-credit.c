/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler's decisions (xen/common/sched/credit.c): run queue
 * order, yield, credit billing and sharing by weight, caps (parking and
 * unparking), boost on wake, stealing within affinity, CPU choice, and
 * parameter checks; then whole runs of the policy on a simulated clock,
 * driven the way the scheduler core drives it (hooks under the CPU's
 * schedule lock, curr/is_running kept by the "core" below).
 */
#include <stdlib.h>
#include <string.h>

#include <xen/spinlock.h>

/*
 * The host has no interrupts to mask (cli would fault in user mode), so
 * the irqsave forms only take the lock.
 */
#undef spin_lock_irqsave
#undef spin_unlock_irqrestore
#define spin_lock_irqsave(l, f) do { (f) = 0; spin_lock(l); } while ( 0 )
#define spin_unlock_irqrestore(l, f) do { (void)(f); spin_unlock(l); } \
                                     while ( 0 )

#include "../../xen/common/sched/credit.c"

#include "harness.h"

/* Count the checks made, for the closing line. */
static unsigned long nr_checks;

#undef EXPECT
#undef EXPECT_EQ
#define EXPECT(c)       (nr_checks++, test_check(!!(c), #c, __FILE__, \
                                                 __LINE__))
#define EXPECT_EQ(a, b) (nr_checks++,                                   \
                         test_check_eq((long long)(a), (long long)(b), \
                                       #a, #b, __FILE__, __LINE__))

/* ---- Host stand-ins for what credit.c uses ---- */

struct sched_resource sched_res[NR_CPUS];
cpumask_t cpu_online_map;
cpumask_t sched_guest_cpus;

static s_time_t fake_now;
static cpumask_t kicked;                /* CPUs sent SCHEDULE_SOFTIRQ */

s_time_t NOW(void)
{
    return fake_now;
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    t->expires = expires;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    if ( nr == SCHEDULE_SOFTIRQ )
        cpumask_set_cpu(cpu, &kicked);
}

#include "xmalloc-fake.h"

bool vcpu_runnable(const struct vcpu *v)
{
    return !v->pause_flags && !v->pause_count && !v->domain->pause_count;
}

/* ---- A small world: CPUs with idle vCPUs, domains with vCPUs ---- */

#define T_CPUS   4
#define T_VCPUS  4

static const struct scheduler *const ops = &sched_credit_def;
static struct domain idle_dom = { .domain_id = DOMID_IDLE };
static struct vcpu idle_vcpu[T_CPUS];

struct tdom {
    struct domain d;
    struct vcpu v[T_VCPUS];
    struct vcpu *vp[T_VCPUS];
};

static void world_init(unsigned int ncpus)
{
    unsigned int cpu;

    memset(sched_res, 0, sizeof(sched_res));
    memset(idle_vcpu, 0, sizeof(idle_vcpu));
    cpumask_clear(&cpu_online_map);
    cpumask_clear(&sched_guest_cpus);
    cpumask_clear(&kicked);
    fake_now = 0;
    EXPECT_EQ(ops->init(), 0);
    for ( cpu = 0; cpu < ncpus; cpu++ )
    {
        struct vcpu *idle = &idle_vcpu[cpu];

        idle->vcpu_id = cpu;
        idle->domain = &idle_dom;
        idle->processor = cpu;
        idle->is_running = true;
        spin_lock_init(&sched_res[cpu].lock);
        sched_res[cpu].idle = sched_res[cpu].curr = idle;
        cpumask_set_cpu(cpu, &cpu_online_map);
        cpumask_set_cpu(cpu, &sched_guest_cpus);
        if ( ops->init_cpu(cpu, idle) )
            abort();
    }
}

static void world_fini(void)
{
    unsigned int cpu;

    for ( cpu = 0; cpu < T_CPUS; cpu++ )
    {
        if ( idle_vcpu[cpu].domain )
            ops->free_vdata(&idle_vcpu[cpu]);
        xfree(sched_res[cpu].sched_priv);
        sched_res[cpu].sched_priv = NULL;
    }
}

/* A domain of n vCPUs, all on cpu, allowed everywhere, not queued. */
static struct tdom *dom_new(domid_t id, unsigned int n, unsigned int weight,
                            unsigned int cap, unsigned int cpu)
{
    struct tdom *t = calloc(1, sizeof(*t));
    unsigned int i;

    t->d.domain_id = id;
    t->d.max_vcpus = n;
    t->d.vcpu = t->vp;
    t->d.weight = weight;
    t->d.cap = cap;
    if ( ops->alloc_domdata(&t->d) )
        abort();
    for ( i = 0; i < n; i++ )
    {
        t->vp[i] = &t->v[i];
        t->v[i].vcpu_id = i;
        t->v[i].domain = &t->d;
        t->v[i].processor = cpu;
        cpumask_setall(&t->v[i].cpu_hard_affinity);
        if ( ops->alloc_vdata(&t->v[i]) )
            abort();
    }
    return t;
}

static void dom_free(struct tdom *t)
{
    unsigned int i;

    for ( i = 0; i < t->d.max_vcpus; i++ )
        ops->free_vdata(&t->v[i]);
    ops->free_domdata(&t->d);
    free(t);
}

static struct csched_vcpu *SVC(const struct vcpu *v)
{
    return csched_vcpu(v);
}

/* ---- The "core": hooks called under the schedule lock ---- */

typedef void (*vcpu_hook_t)(struct vcpu *v);

static void call_locked(vcpu_hook_t hook, struct vcpu *v)
{
    spinlock_t *lock = &sched_res[v->processor].lock;

    spin_lock(lock);
    hook(v);
    spin_unlock(lock);
}

static s_time_t last_slice;

/* do_schedule on cpu at fake_now, then "context switch" to the choice. */
static struct vcpu *resched(unsigned int cpu, bool tasklet_work)
{
    struct vcpu *prev = sched_res[cpu].curr;
    struct task_slice ts;

    spin_lock(&sched_res[cpu].lock);
    ts = ops->do_schedule(cpu, fake_now, tasklet_work);
    spin_unlock(&sched_res[cpu].lock);
    EXPECT_EQ(ts.task->processor, cpu);
    prev->is_running = false;
    ts.task->is_running = true;
    sched_res[cpu].curr = ts.task;
    last_slice = ts.time;
    return ts.task;
}

/* The run queue of cpu, as vCPUs, into out[]; returns the length. */
static unsigned int runq_of(unsigned int cpu, struct vcpu **out,
                            unsigned int max)
{
    struct csched_vcpu *svc;
    unsigned int n = 0;

    list_for_each_entry(svc, &csched_pcpu(cpu)->runq, runq_elem)
        if ( n < max )
            out[n++] = svc->vcpu;
    return n;
}

static void block(struct vcpu *v)
{
    set_bit(_VPF_blocked, &v->pause_flags);
}

static void unblock_and_wake(struct vcpu *v)
{
    clear_bit(_VPF_blocked, &v->pause_flags);
    call_locked(ops->wake, v);
}

/* ---- Run queue order and yield ---- */

TEST(ops_identify)
{
    EXPECT(!strcmp(ops->name, "SMP Credit Scheduler"));
    EXPECT(!strcmp(ops->opt_name, "credit"));
}

TEST(runq_sorted_by_priority_fifo_within)
{
    static const int pri[] = { CSCHED_PRI_UNDER, CSCHED_PRI_OVER,
                               CSCHED_PRI_BOOST, CSCHED_PRI_UNDER,
                               CSCHED_PRI_OVER };
    static const unsigned int want[] = { 2, 0, 3, 1, 4 };
    struct csched_vcpu s[5];
    struct csched_vcpu *it;
    LIST_HEAD(runq);
    unsigned int i = 0;

    memset(s, 0, sizeof(s));
    for ( i = 0; i < ARRAY_SIZE(s); i++ )
    {
        s[i].pri = pri[i];
        csched_runq_insert(&runq, &s[i]);
    }
    i = 0;
    list_for_each_entry(it, &runq, runq_elem)
        EXPECT_EQ(it - s, want[i++]);
    EXPECT_EQ(i, 5);
}

TEST(yield_goes_behind_one_lower_priority_once)
{
    struct csched_vcpu a, b, c, *it;
    struct csched_vcpu *order[3];
    LIST_HEAD(runq);
    unsigned int n = 0;

    memset(&a, 0, sizeof(a));
    b = c = a;
    b.pri = CSCHED_PRI_UNDER;
    c.pri = CSCHED_PRI_OVER;
    a.pri = CSCHED_PRI_UNDER;
    csched_runq_insert(&runq, &b);
    csched_runq_insert(&runq, &c);
    set_bit(CSCHED_FLAG_YIELD, &a.flags);
    csched_runq_insert(&runq, &a);
    list_for_each_entry(it, &runq, runq_elem)
        order[n++] = it;
    EXPECT(n == 3 && order[0] == &b && order[1] == &c && order[2] == &a);
    EXPECT(!test_bit(CSCHED_FLAG_YIELD, &a.flags));
    /* Once only: queued again, it is back ahead of the OVER one. */
    csched_runq_remove(&a);
    csched_runq_insert(&runq, &a);
    EXPECT(runq.next->next == &a.runq_elem);
}

TEST(yield_hook_lets_the_others_run_first)
{
    struct tdom *d;
    struct vcpu *v0, *v1, *v2, *q[4];

    world_init(1);
    d = dom_new(1, 3, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    v2 = &d->v[2];
    call_locked(ops->insert_vcpu, v0);
    EXPECT(resched(0, false) == v0);
    SVC(v2)->pri = CSCHED_PRI_OVER;
    call_locked(ops->insert_vcpu, v1);
    call_locked(ops->insert_vcpu, v2);
    call_locked(ops->yield, v0);
    fake_now += MILLISECS(1);
    EXPECT(resched(0, false) == v1);
    EXPECT(runq_of(0, q, 4) == 2 && q[0] == v2 && q[1] == v0);
    /* Without a yield, v1 goes back ahead of the OVER one. */
    fake_now += MILLISECS(1);
    EXPECT(resched(0, false) == v1);
    EXPECT(runq_of(0, q, 4) == 2 && q[0] == v2 && q[1] == v0);
    /* The next accounting re-sorts: v0 is ahead of the OVER one again. */
    fake_now += MILLISECS(1);
    csched_acct_timer(&csched_priv);
    EXPECT(resched(0, false) == v0);
    EXPECT(runq_of(0, q, 4) == 2 && q[0] == v1 && q[1] == v2);
    dom_free(d);
    world_fini();
}

/* ---- Billing and round robin ---- */

TEST(round_robin_with_30ms_slices)
{
    struct tdom *d;
    struct vcpu *v0, *v1;

    world_init(1);
    d = dom_new(1, 2, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    call_locked(ops->insert_vcpu, v0);
    call_locked(ops->insert_vcpu, v1);
    EXPECT(cpumask_test_cpu(0, &kicked));
    EXPECT(resched(0, false) == v0);
    EXPECT_EQ(last_slice, MILLISECS(30));
    EXPECT(!cpumask_test_cpu(0, &csched_priv.idlers));
    fake_now += MILLISECS(30);
    EXPECT(resched(0, false) == v1);
    fake_now += MILLISECS(30);
    EXPECT(resched(0, false) == v0);
    EXPECT_EQ(SVC(v0)->credit, -300);
    EXPECT_EQ(SVC(v1)->credit, -300);
    /* Both ran, so the domain earns credit now. */
    EXPECT_EQ(SVC(v0)->sdom->nr_active, 2);
    dom_free(d);
    world_fini();
}

TEST(burn_keeps_the_unbilled_remainder)
{
    struct csched_vcpu svc;

    memset(&svc, 0, sizeof(svc));
    svc.pri = CSCHED_PRI_UNDER;
    csched_burn(&svc, MILLISECS(10));
    EXPECT_EQ(svc.credit, -100);
    csched_burn(&svc, MILLISECS(10) + MICROSECS(150));
    EXPECT_EQ(svc.credit, -101);
    csched_burn(&svc, MILLISECS(10) + MICROSECS(200));
    EXPECT_EQ(svc.credit, -102);
    /* A stale start is billed one second at most. */
    csched_burn(&svc, SECONDS(100));
    EXPECT_EQ(svc.credit, -10102);
}

TEST(boost_drops_after_10ms_of_running)
{
    struct csched_vcpu svc;

    memset(&svc, 0, sizeof(svc));
    svc.pri = CSCHED_PRI_BOOST;
    csched_burn(&svc, MILLISECS(6));
    EXPECT_EQ(svc.pri, CSCHED_PRI_BOOST);
    csched_burn(&svc, MILLISECS(11));
    EXPECT_EQ(svc.pri, CSCHED_PRI_UNDER);
}

/* ---- Accounting ---- */

static void make_active(struct tdom *t)
{
    unsigned int i;

    for ( i = 0; i < t->d.max_vcpus; i++ )
        csched_acct_start(&csched_priv, SVC(&t->v[i]));
}

static void acct(unsigned int nr_cpus)
{
    csched_acct(&csched_priv, nr_cpus, &kicked);
}

TEST(credit_shared_by_weight)
{
    struct tdom *a, *b;

    world_init(2);
    a = dom_new(1, 1, 256, 0, 0);
    b = dom_new(2, 1, 512, 0, 0);
    make_active(a);
    make_active(b);
    acct(1);
    EXPECT_EQ(SVC(&a->v[0])->credit, 100);
    EXPECT_EQ(SVC(&b->v[0])->credit, 200);
    EXPECT_EQ(SVC(&b->v[0])->credit, 2 * SVC(&a->v[0])->credit);
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(credit_split_among_a_domains_vcpus)
{
    struct tdom *a, *b;

    world_init(2);
    a = dom_new(1, 2, 256, 0, 0);
    b = dom_new(2, 2, 512, 0, 0);
    make_active(a);
    make_active(b);
    acct(2);
    EXPECT_EQ(SVC(&a->v[0])->credit, 100);
    EXPECT_EQ(SVC(&a->v[1])->credit, 100);
    EXPECT_EQ(SVC(&b->v[0])->credit, 200);
    EXPECT_EQ(SVC(&b->v[1])->credit, 200);
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(inactive_domains_get_nothing)
{
    struct tdom *a, *b;

    world_init(1);
    a = dom_new(1, 1, 256, 0, 0);
    b = dom_new(2, 1, 256, 0, 0);
    make_active(a);
    acct(1);
    EXPECT_EQ(SVC(&a->v[0])->credit, 300);
    EXPECT_EQ(SVC(&b->v[0])->credit, 0);
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(credit_bounds_and_priority)
{
    struct tdom *a;
    struct csched_vcpu *svc;

    world_init(1);
    a = dom_new(1, 1, 256, 0, 0);
    svc = SVC(&a->v[0]);
    make_active(a);
    svc->credit = -1000;
    acct(1);
    EXPECT_EQ(svc->credit, -CSCHED_CREDITS_PER_ACCT);
    EXPECT_EQ(svc->pri, CSCHED_PRI_OVER);
    svc->credit = 250;
    acct(1);
    /* 550 is more than a period's worth: stop earning, keep half. */
    EXPECT_EQ(svc->credit, 275);
    EXPECT_EQ(svc->pri, CSCHED_PRI_UNDER);
    EXPECT(!svc->active);
    EXPECT(list_empty(&csched_priv.active_sdoms));
    dom_free(a);
    world_fini();
}

TEST(cap_limits_share_and_excess_goes_to_others)
{
    struct tdom *a, *b;

    world_init(1);
    a = dom_new(1, 1, 256, 10, 0);
    b = dom_new(2, 1, 256, 0, 0);
    make_active(a);
    make_active(b);
    acct(1);
    EXPECT_EQ(SVC(&a->v[0])->credit, 30);
    EXPECT_EQ(SVC(&b->v[0])->credit, 270);
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(cap_parks_then_unparks)
{
    struct tdom *a;
    struct vcpu *v;
    struct csched_vcpu *svc;

    world_init(1);
    a = dom_new(1, 1, 256, 50, 0);
    v = &a->v[0];
    svc = SVC(v);
    call_locked(ops->insert_vcpu, v);
    EXPECT(resched(0, false) == v);
    /* Runs a whole period, earns 150 of the 300 it burns: -150. */
    fake_now += MILLISECS(30);
    EXPECT(resched(0, false) == v);
    cpumask_clear(&kicked);
    acct(1);
    EXPECT(!test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    fake_now += MILLISECS(30);
    EXPECT(resched(0, false) == v);
    acct(1);
    EXPECT(test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    EXPECT(cpumask_test_cpu(0, &kicked));
    /* Kicked: it leaves the CPU and waits on the parked list. */
    fake_now += MILLISECS(1);
    EXPECT(resched(0, false) == &idle_vcpu[0]);
    EXPECT(list_empty(&csched_pcpu(0)->runq));
    EXPECT(!list_empty(&csched_pcpu(0)->parked));
    /* Owes 310, earns 150 a period: parked while it is in debt. */
    EXPECT_EQ(svc->credit, -310);
    acct(1);
    acct(1);
    EXPECT(test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    EXPECT(list_empty(&csched_pcpu(0)->runq));
    acct(1);
    EXPECT(!test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    EXPECT_EQ(svc->credit, 140);
    EXPECT(resched(0, false) == v);
    EXPECT(list_empty(&csched_pcpu(0)->parked));
    dom_free(a);
    world_fini();
}

TEST(uncapping_unparks_at_next_accounting)
{
    struct tdom *a;
    struct csched_vcpu *svc;

    struct tdom *b;

    world_init(1);
    a = dom_new(1, 1, 256, 10, 0);
    b = dom_new(2, 1, 256, 0, 0);
    svc = SVC(&a->v[0]);
    make_active(a);
    make_active(b);
    svc->credit = -290;
    acct(1);
    EXPECT(test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    EXPECT_EQ(ops->adjust(&a->d, 256, 0), 0);
    acct(1);
    /* Still in debt (-110), but no cap holds it back any more. */
    EXPECT_EQ(svc->credit, -110);
    EXPECT(!test_bit(CSCHED_FLAG_PARKED, &svc->flags));
    EXPECT_EQ(svc->pri, CSCHED_PRI_OVER);
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(acct_timer_bills_running_and_rearms)
{
    struct tdom *a;
    struct vcpu *v;

    world_init(2);
    a = dom_new(1, 1, 256, 0, 1);
    v = &a->v[0];
    EXPECT_EQ(csched_priv.master, 0);
    EXPECT(csched_priv.acct_timer.function == csched_acct_timer);
    EXPECT_EQ(csched_priv.acct_timer.expires, MILLISECS(30));
    call_locked(ops->insert_vcpu, v);
    EXPECT(resched(1, false) == v);
    fake_now = MILLISECS(31);
    csched_priv.acct_timer.function(csched_priv.acct_timer.data);
    EXPECT_EQ(csched_priv.acct_timer.expires, MILLISECS(61));
    /* Billed 310 while still running, then earned 2 CPUs' worth. */
    EXPECT(SVC(v)->active);
    EXPECT_EQ(SVC(v)->credit, -310 + 300);
    EXPECT_EQ(SVC(v)->start_time, MILLISECS(31));
    dom_free(a);
    world_fini();
}

/* ---- Wake, boost, sleep, tickle ---- */

TEST(blocked_vcpu_with_credit_wakes_boosted)
{
    struct tdom *io, *hog;
    struct vcpu *v, *h, *q[4];

    world_init(1);
    io = dom_new(1, 1, 256, 0, 0);
    hog = dom_new(2, 1, 256, 0, 0);
    v = &io->v[0];
    h = &hog->v[0];
    call_locked(ops->insert_vcpu, v);
    call_locked(ops->insert_vcpu, h);
    EXPECT(resched(0, false) == v);
    SVC(v)->credit = 100;
    block(v);
    fake_now += MILLISECS(1);
    EXPECT(resched(0, false) == h);
    cpumask_clear(&kicked);
    unblock_and_wake(v);
    EXPECT_EQ(SVC(v)->pri, CSCHED_PRI_BOOST);
    /* BOOST beats the UNDER hog: its CPU is told to reschedule. */
    EXPECT(cpumask_test_cpu(0, &kicked));
    fake_now += MILLISECS(1);
    EXPECT(resched(0, false) == v);
    EXPECT(runq_of(0, q, 4) == 1 && q[0] == h);
    dom_free(io);
    dom_free(hog);
    world_fini();
}

TEST(no_boost_without_credit_or_block)
{
    struct tdom *d;
    struct vcpu *v0, *v1;

    world_init(1);
    d = dom_new(1, 2, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    /* Blocked, but OVER: no boost. */
    call_locked(ops->insert_vcpu, v0);
    EXPECT(resched(0, false) == v0);
    SVC(v0)->pri = CSCHED_PRI_OVER;
    block(v0);
    EXPECT(resched(0, false) == &idle_vcpu[0]);
    unblock_and_wake(v0);
    EXPECT_EQ(SVC(v0)->pri, CSCHED_PRI_OVER);
    /* Paused, not blocked: no boost either. */
    call_locked(ops->insert_vcpu, v1);
    call_locked(ops->sleep, v1);
    EXPECT(!SVC(v1)->queued);
    call_locked(ops->wake, v1);
    EXPECT_EQ(SVC(v1)->pri, CSCHED_PRI_UNDER);
    EXPECT(SVC(v1)->queued);
    dom_free(d);
    world_fini();
}

TEST(sleep_of_running_vcpu_kicks_its_cpu)
{
    struct tdom *d;
    struct vcpu *v;

    world_init(2);
    d = dom_new(1, 1, 256, 0, 1);
    v = &d->v[0];
    call_locked(ops->insert_vcpu, v);
    EXPECT(resched(1, false) == v);
    cpumask_clear(&kicked);
    v->pause_count++;
    call_locked(ops->sleep, v);
    EXPECT(cpumask_test_cpu(1, &kicked));
    EXPECT(resched(1, false) == &idle_vcpu[1]);
    EXPECT(!SVC(v)->queued);
    v->pause_count--;
    dom_free(d);
    world_fini();
}

TEST(wake_on_busy_cpu_tickles_an_idle_one)
{
    struct tdom *d;
    struct vcpu *v0, *v1;

    world_init(3);
    d = dom_new(1, 2, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    call_locked(ops->insert_vcpu, v0);
    EXPECT(resched(0, false) == v0);
    cpumask_clear(&kicked);
    /* CPU 1 may not run v1, so CPU 2 is the one to steal it. */
    cpumask_clear_cpu(1, &v1->cpu_hard_affinity);
    call_locked(ops->insert_vcpu, v1);
    EXPECT(!cpumask_test_cpu(0, &kicked));
    EXPECT(!cpumask_test_cpu(1, &kicked));
    EXPECT(cpumask_test_cpu(2, &kicked));
    EXPECT(resched(2, false) == v1);
    EXPECT_EQ(v1->processor, 2);
    dom_free(d);
    world_fini();
}

/* ---- Stealing ---- */

TEST(idle_cpu_steals_within_affinity)
{
    struct tdom *d;
    struct vcpu *v0, *v1, *v2;

    world_init(2);
    d = dom_new(1, 3, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    v2 = &d->v[2];
    cpumask_clear(&v1->cpu_hard_affinity);
    cpumask_set_cpu(0, &v1->cpu_hard_affinity);
    call_locked(ops->insert_vcpu, v0);
    call_locked(ops->insert_vcpu, v1);
    call_locked(ops->insert_vcpu, v2);
    EXPECT(resched(0, false) == v0);
    /* v1 is pinned to CPU 0: CPU 1 passes it over and takes v2. */
    EXPECT(resched(1, false) == v2);
    EXPECT_EQ(v2->processor, 1);
    EXPECT(resched(1, false) == v2);
    EXPECT_EQ(v1->processor, 0);
    EXPECT(SVC(v1)->queued);
    dom_free(d);
    world_fini();
}

/*
 * A CPU kept from guests (CPU0 under QEMU's TCG, sched/guest-cpus.c) is
 * never kicked for a guest vCPU, never steals one, and runs its idle
 * vCPU even with guest work waiting elsewhere.
 */
TEST(cpu_kept_from_guests_runs_none)
{
    struct tdom *d;
    struct vcpu *v0, *v1, *v2;

    world_init(3);
    cpumask_clear_cpu(0, &sched_guest_cpus);
    d = dom_new(1, 3, 256, 0, 1);
    v0 = &d->v[0];
    v1 = &d->v[1];
    v2 = &d->v[2];
    call_locked(ops->insert_vcpu, v0);
    EXPECT(resched(1, false) == v0);
    cpumask_clear(&kicked);
    call_locked(ops->insert_vcpu, v1);
    call_locked(ops->insert_vcpu, v2);
    EXPECT(!cpumask_test_cpu(0, &kicked));
    EXPECT(cpumask_test_cpu(2, &kicked));
    EXPECT(resched(0, false) == &idle_vcpu[0]);
    EXPECT(resched(2, false) == v1);
    EXPECT(resched(0, false) == &idle_vcpu[0]);
    EXPECT(SVC(v2)->queued);
    EXPECT_EQ(v2->processor, 1);
    dom_free(d);
    world_fini();
}

TEST(steal_skips_running_and_parked)
{
    struct tdom *d;
    struct vcpu *v0, *v1;

    world_init(2);
    d = dom_new(1, 2, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    call_locked(ops->insert_vcpu, v0);
    call_locked(ops->insert_vcpu, v1);
    /* v0 still being switched out elsewhere; v1 capped out. */
    v0->is_running = true;
    set_bit(CSCHED_FLAG_PARKED, &SVC(v1)->flags);
    EXPECT(resched(1, false) == &idle_vcpu[1]);
    EXPECT(cpumask_test_cpu(1, &csched_priv.idlers));
    EXPECT_EQ(last_slice, -1);
    v0->is_running = false;
    EXPECT(resched(1, false) == v0);
    dom_free(d);
    world_fini();
}

TEST(cpu_with_only_over_work_steals_under)
{
    struct tdom *d;
    struct vcpu *over, *under;

    world_init(2);
    d = dom_new(1, 2, 256, 0, 0);
    over = &d->v[0];
    under = &d->v[1];
    over->processor = 1;
    SVC(over)->pri = CSCHED_PRI_OVER;
    call_locked(ops->insert_vcpu, over);
    call_locked(ops->insert_vcpu, under);
    EXPECT(resched(1, false) == under);
    EXPECT(SVC(over)->queued);
    /* CPU 0, idle now, takes the OVER one rather than nothing. */
    EXPECT(resched(0, false) == over);
    EXPECT_EQ(over->processor, 0);
    dom_free(d);
    world_fini();
}

TEST(tasklet_work_runs_idle)
{
    struct tdom *d;

    world_init(1);
    d = dom_new(1, 1, 256, 0, 0);
    call_locked(ops->insert_vcpu, &d->v[0]);
    EXPECT(resched(0, true) == &idle_vcpu[0]);
    EXPECT(SVC(&d->v[0])->queued);
    EXPECT(resched(0, false) == &d->v[0]);
    dom_free(d);
    world_fini();
}

/* ---- CPU choice and parameters ---- */

static cpumask_t mask_of(unsigned long bits)
{
    cpumask_t m;

    cpumask_clear(&m);
    m.bits[0] = bits;
    return m;
}

TEST(choose_cpu_order_of_preference)
{
    cpumask_t all = mask_of(0xf), online = mask_of(0xf);
    cpumask_t idle_1_3 = mask_of(0xa), none = mask_of(0);
    cpumask_t only_2_3 = mask_of(0xc), offline_only = mask_of(0x30);

    /* Current CPU idle and allowed. */
    EXPECT_EQ(csched_choose_cpu(&all, &online, &idle_1_3, 3), 3);
    /* Otherwise an idle allowed CPU, searching from the current one. */
    EXPECT_EQ(csched_choose_cpu(&all, &online, &idle_1_3, 2), 3);
    EXPECT_EQ(csched_choose_cpu(&all, &online, &idle_1_3, 0), 1);
    /* Nothing idle: stay. */
    EXPECT_EQ(csched_choose_cpu(&all, &online, &none, 1), 1);
    /* Nothing idle, current not allowed: first allowed. */
    EXPECT_EQ(csched_choose_cpu(&only_2_3, &online, &none, 0), 2);
    /* Idle CPUs outside the affinity do not count. */
    EXPECT_EQ(csched_choose_cpu(&only_2_3, &online, &idle_1_3, 2), 3);
    /* No online CPU allowed at all: stay where it is. */
    EXPECT_EQ(csched_choose_cpu(&offline_only, &online, &none, 1), 1);
}

TEST(pick_cpu_hook_uses_idlers)
{
    struct tdom *d;
    struct vcpu *v0, *v1;

    world_init(2);
    d = dom_new(1, 2, 256, 0, 0);
    v0 = &d->v[0];
    v1 = &d->v[1];
    EXPECT_EQ(ops->pick_cpu(v0), 0);
    call_locked(ops->insert_vcpu, v0);
    EXPECT(resched(0, false) == v0);
    /* CPU 0 is busy now: v1 is better off on idle CPU 1. */
    EXPECT_EQ(ops->pick_cpu(v1), 1);
    dom_free(d);
    world_fini();
}

TEST(adjust_validates_and_stores)
{
    struct tdom *d;

    world_init(2);
    d = dom_new(1, 1, 0, 0, 0);
    EXPECT_EQ(d->d.weight, CSCHED_DEFAULT_WEIGHT);
    EXPECT_EQ(ops->adjust(&d->d, 0, 0), -EINVAL);
    EXPECT_EQ(ops->adjust(&d->d, 65536, 0), -EINVAL);
    EXPECT_EQ(ops->adjust(&d->d, 1, 0), 0);
    EXPECT_EQ(ops->adjust(&d->d, 256, 201), -EINVAL);
    EXPECT_EQ(ops->adjust(&d->d, 65535, 200), 0);
    EXPECT_EQ(d->d.weight, 65535);
    EXPECT_EQ(d->d.cap, 200);
    EXPECT_EQ(((struct csched_dom *)d->d.sched_priv)->weight, 65535);
    EXPECT_EQ(ops->adjust(&idle_dom, 256, 0), -EINVAL);
    dom_free(d);
    world_fini();
}

TEST(dump_and_remove)
{
    struct tdom *d;

    world_init(1);
    d = dom_new(1, 2, 256, 0, 0);
    call_locked(ops->insert_vcpu, &d->v[0]);
    call_locked(ops->insert_vcpu, &d->v[1]);
    EXPECT(resched(0, false) == &d->v[0]);
    ops->dump_cpu(0);
    call_locked(ops->remove_vcpu, &d->v[1]);
    EXPECT(list_empty(&csched_pcpu(0)->runq));
    dom_free(d);
    world_fini();
}

/* ---- Whole runs on a simulated clock ---- */

/*
 * Run every online CPU for ms milliseconds of simulated time, one ms at a
 * time: a CPU reschedules at the end of its slice or when kicked, and the
 * accounting timer fires every period.  Time run per domain id is added
 * to ran[].
 */
static void (*each_ms)(void);

static void simulate(unsigned int ncpus, unsigned int ms, s_time_t *ran)
{
    s_time_t slice_end[T_CPUS] = { 0 };
    unsigned int cpu, t;

    for ( t = 0; t < ms; t++ )
    {
        fake_now = MILLISECS(t);
        if ( fake_now >= csched_priv.acct_timer.expires )
            csched_acct_timer(&csched_priv);
        if ( each_ms )
            each_ms();
        for ( cpu = 0; cpu < ncpus; cpu++ )
        {
            struct vcpu *curr = sched_res[cpu].curr;

            if ( fake_now >= slice_end[cpu] ||
                 cpumask_test_cpu(cpu, &kicked) )
            {
                cpumask_clear_cpu(cpu, &kicked);
                curr = resched(cpu, false);
                slice_end[cpu] = last_slice < 0 ? STIME_MAX
                                                : fake_now + last_slice;
            }
            if ( !is_idle_vcpu(curr) )
                ran[curr->domain->domain_id] += MILLISECS(1);
        }
    }
}

TEST(two_hogs_share_one_cpu_by_weight)
{
    struct tdom *a, *b;
    s_time_t ran[3] = { 0 };

    world_init(1);
    a = dom_new(1, 1, 256, 0, 0);
    b = dom_new(2, 1, 512, 0, 0);
    call_locked(ops->insert_vcpu, &a->v[0]);
    call_locked(ops->insert_vcpu, &b->v[0]);
    simulate(1, 6000, ran);
    EXPECT_EQ(ran[1] + ran[2], SECONDS(6));
    /* 1:2, within a slice or two per second. */
    EXPECT(ran[2] > ran[1] * 17 / 10 && ran[2] < ran[1] * 23 / 10);
    if ( getenv("UNIT_VERBOSE") )
        printf("  weights 256:512 ran %lld:%lld ms\n",
               (long long)(ran[1] / MILLISECS(1)),
               (long long)(ran[2] / MILLISECS(1)));
    dom_free(a);
    dom_free(b);
    world_fini();
}

TEST(capped_hog_gets_its_cap)
{
    struct tdom *a;
    s_time_t ran[2] = { 0 };

    world_init(1);
    a = dom_new(1, 1, 256, 25, 0);
    call_locked(ops->insert_vcpu, &a->v[0]);
    simulate(1, 6000, ran);
    /* 25% of 6 s, give or take a few periods. */
    EXPECT(ran[1] > MILLISECS(1300) && ran[1] < MILLISECS(1700));
    if ( getenv("UNIT_VERBOSE") )
        printf("  cap 25 ran %lld ms of 6000\n",
               (long long)(ran[1] / MILLISECS(1)));
    dom_free(a);
    world_fini();
}

TEST(four_vcpus_spread_over_two_cpus)
{
    struct tdom *d;
    s_time_t ran[2] = { 0 };
    unsigned int i, on[2] = { 0 };

    world_init(2);
    d = dom_new(1, 4, 256, 0, 0);
    for ( i = 0; i < 4; i++ )
        call_locked(ops->insert_vcpu, &d->v[i]);
    simulate(2, 3000, ran);
    /* Both CPUs busy all the time, by stealing from CPU 0. */
    EXPECT_EQ(ran[1], SECONDS(6));
    for ( i = 0; i < 4; i++ )
        on[d->v[i].processor]++;
    EXPECT(on[0] && on[1]);
    dom_free(d);
    world_fini();
}

/*
 * An I/O-bound vCPU: woken every 10 ms, runs 1 ms, blocks.  Against two
 * CPU hogs it must still be running within a millisecond of each wake.
 */
static struct vcpu *io_v;
static s_time_t io_woken, io_worst, io_ran;

static void io_step(void)
{
    bool running = sched_res[0].curr == io_v;

    if ( running && io_woken >= 0 )
    {
        io_worst = max(io_worst, fake_now - io_woken);
        io_woken = -1;
        io_ran = 0;
    }
    if ( running && (io_ran += MILLISECS(1)) > MILLISECS(1) )
    {
        block(io_v);
        call_locked(ops->sleep, io_v);
    }
    if ( !running && test_bit(_VPF_blocked, &io_v->pause_flags) &&
         fake_now % MILLISECS(10) == 0 )
    {
        unblock_and_wake(io_v);
        io_woken = fake_now;
    }
}

TEST(io_bound_vcpu_is_boosted_past_hogs)
{
    struct tdom *io, *h1, *h2;
    s_time_t ran[4] = { 0 };

    world_init(1);
    io = dom_new(1, 1, 256, 0, 0);
    h1 = dom_new(2, 1, 256, 0, 0);
    h2 = dom_new(3, 1, 256, 0, 0);
    io_v = &io->v[0];
    io_woken = -1;
    io_worst = 0;
    call_locked(ops->insert_vcpu, &h1->v[0]);
    call_locked(ops->insert_vcpu, &h2->v[0]);
    block(io_v);
    call_locked(ops->sleep, io_v);
    each_ms = io_step;
    simulate(1, 3000, ran);
    each_ms = NULL;
    EXPECT(ran[1] > MILLISECS(500));
    EXPECT(io_worst <= MILLISECS(1));
    EXPECT_EQ(ran[1] + ran[2] + ran[3], SECONDS(3));
    if ( getenv("UNIT_VERBOSE") )
        printf("  io ran %lld ms, worst wake latency %lld us\n",
               (long long)(ran[1] / MILLISECS(1)),
               (long long)(io_worst / MICROSECS(1)));
    dom_free(io);
    dom_free(h1);
    dom_free(h2);
    world_fini();
}

TEST(sched_credit_zz_check_count)
{
    printf("    %lu credit scheduler checks\n", nr_checks);
}
