/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall fuzzer: random hypercalls with random sub-ops and arguments,
 * as dom0, replayable call by call.  The hypervisor must answer every one
 * (no panic, no hang) and must not leak memory.
 *
 * EXPECT-OUTCOME: OWN-SCENARIO (tests/system/scenarios_fuzz.py runs it
 * with its options and answers its checkpoints; it is not in list.txt)
 *
 * Command line (hvm_start_info), all optional:
 *   fuzz.seed=S       generator seed (1)
 *   fuzz.calls=N      calls per vCPU (20000)
 *   fuzz.vcpus=V      fuzz from vCPUs 0..V-1 (all the domain has, at
 *                     most SMP_MAX_VCPUS), each its own stream
 *   fuzz.from=I       first call index (0)
 *   fuzz.replay=I     build, print and issue only call I, then stop
 *   fuzz.vcpu=V       the vCPU whose stream replay takes call I from (0)
 *   fuzz.trace=1      print every call before issuing it
 *   fuzz.slow_ms=T    report calls that take longer than T ms (1000)
 *   fuzz.recheck=R    repeat vCPU 0's last R calls for the leak check
 *                     (min(N, 20000); 0: no leak check)
 *   fuzz.regress=0    skip the regression list; =all also runs the cases
 *                     still open on this branch
 *   fuzz.open=1       also make the calls that hit bugs still open on
 *                     this branch (fuzz/call.c; replay always does)
 *
 * Call i of vCPU v is a pure function of (S, v, i) (fuzz/gen.c), so
 * "fuzz.replay=i" rebuilds exactly the call a run made, given the same
 * environment and fuzz.vcpus (vCPU ids in calls depend on how many run).  Every few
 * thousand calls it prints "fuzz progress calls=N"; the system test
 * takes 60 s without one as a hang.
 *
 * Leak check: after each pass the kernel undoes what it can (event
 * channels, timers), prints "fuzz checkpoint <name> tot_pages=T" and
 * waits for a line on its console: the hypervisor's free heap pages,
 * which the system test reads with debug key 'm' and types back.  vCPU
 * 0's last R calls are then run twice more on vCPU 0 alone; the second
 * time must leave free + T unchanged (see recheck_pass()).
 */
#include "guest.h"
#include "fuzz/fuzz.h"

#include <public/memory.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

extern char __fixup_start[];

static uint64_t seed, calls, first, recheck;
static bool trace;
static unsigned int nr_vcpus;           /* of the domain */
static unsigned int nr_run;             /* vCPUs 0..nr_run-1 fuzz */
/* Per vCPU and family: ok, ENOSYS, EFAULT, other errors. */
static unsigned long counts[SMP_MAX_VCPUS][FUZZ_FAMILIES][4];
static unsigned int done;               /* calls made, all vCPUs */
static unsigned int skipped;            /* of those, open bugs avoided */
static uint32_t text_sum;

/* ---- The regression list: call sequences that once broke us. --------- */

struct regress_call {
    unsigned long nr, a[3];
    uint64_t arg;               /* 8-byte argument struct, if a[2] == ~0 */
    bool check;                 /* must return want (Xen 4.17's answer) */
    long want;
};

struct regress_case {
    const char *name;
    const char *open;           /* fixed by this branch, not yet here */
    struct regress_call calls[4];
};

#define ARG_PTR (~0UL)

static const struct regress_case regressions[] = {
    /*
     * VCPUOP_set_periodic_timer with 1 ms, then 2^63 - 1 ns: the sums
     * last_event + period and now + period overflowed, the timer was
     * re-armed in the past and its softirq ran forever, so the pCPU never
     * came back (issue 7).  Xen refuses periods above 2^62 (EINVAL).
     * Found by this fuzzer too, on main: fuzz.seed=1 fuzz.vcpus=1
     * fuzz.open=1 hangs at call 2254 (period 2^63 - 1 on vCPU 0), after
     * call 1914 set 1000001 ns; fuzz.from=1900 fuzz.calls=400 is enough.
     */
    { "periodic-timer-overflow", NULL, {
        { __HYPERVISOR_vcpu_op, { VCPUOP_set_periodic_timer, 0, ARG_PTR },
          1000000 },
        { __HYPERVISOR_vcpu_op, { VCPUOP_set_periodic_timer, 0, ARG_PTR },
          0x7fffffffffffffffULL, true, -XEN_EINVAL },
        { __HYPERVISOR_vcpu_op, { VCPUOP_stop_periodic_timer, 0, 0 }, 0 },
    } },
};

static void run_regressions(const char *which)
{
    static uint64_t arg;
    const struct regress_case *r;
    struct fuzz_call c = { 0 };
    char what[64];
    unsigned int i, j;
    long rc;

    for ( i = 0; i < ARRAY_SIZE(regressions); i++ )
    {
        r = &regressions[i];
        if ( r->open && strncmp(which, "all", 3) )
        {
            printk("info fuzz regression %s: skipped, open here (fixed on "
                   "branch %s; fuzz.regress=all runs it)\n", r->name,
                   r->open);
            continue;
        }
        for ( j = 0; j < ARRAY_SIZE(r->calls) && r->calls[j].nr; j++ )
        {
            memset(&c, 0, sizeof(c));
            c.nr = r->calls[j].nr;
            memcpy(c.a, r->calls[j].a, sizeof(r->calls[j].a));
            arg = r->calls[j].arg;
            if ( c.a[2] == ARG_PTR )
                c.a[2] = (unsigned long)&arg;
            rc = fuzz_issue(&c);
            snprintf(what, sizeof(what), "regression %s call %u", r->name,
                     j);
            if ( r->calls[j].check )
                check_eq_rc(rc, r->calls[j].want, what);
            else
                printk("info fuzz %s: rc=%ld\n", what, rc);
        }
    }
}

/* ---- The run ------------------------------------------------------- */

static void count_rc(unsigned int vcpu, unsigned int family, long rc)
{
    unsigned int k = rc >= 0 ? 0 : rc == -XEN_ENOSYS ? 1
                   : rc == -XEN_EFAULT ? 2 : 3;

    counts[vcpu][family][k]++;
}

static uint32_t tsc_khz(void)
{
    uint32_t khz = cpuid_count(xen_cpuid_base + 3, 0).c;

    return khz ? khz : 2000000;
}

/* A call that keeps its vCPU this long is reported (TSC ticks). */
static uint64_t slow_ticks;

static void run_one(struct fuzz_call *c, uint64_t i)
{
    uint64_t t;
    uint32_t rem;
    long rc;

    fuzz_build(c, seed, i);
    if ( trace )
        fuzz_print(c, i);
    t = rdtsc();
    rc = fuzz_issue(c);
    t = rdtsc() - t;
    if ( t > slow_ticks )
    {
        printk("fuzz slow call %llu vcpu=%u took %llu ms, rc=%ld:\n",
               (unsigned long long)i, c->vcpu,
               (unsigned long long)udiv64(t, tsc_khz(), &rem), rc);
        fuzz_print(c, i);
    }
    count_rc(c->vcpu, c->family, rc);
    if ( c->skipped )
        atomic_add_return(&skipped, 1);
    if ( trace )
        printk("fuzz call %llu rc=%ld\n", (unsigned long long)i, rc);
}

static void run_range(unsigned int vcpu, unsigned int running,
                      uint64_t from, uint64_t to)
{
    struct fuzz_call c = { 0 };
    unsigned int n;
    uint64_t i;

    c.vcpu = vcpu;
    c.nr_vcpus = nr_vcpus;
    c.nr_running = running;
    c.scratch = fuzz_scratch(vcpu);
    for ( i = from; i < to; i++ )
    {
        run_one(&c, i);
        n = atomic_add_return(&done, 1);
        if ( n % 2000 == 0 )
            printk("fuzz progress calls=%u\n", n);
    }
}

/* Undo what only the vCPU itself can. */
static void own_cleanup(unsigned int vcpu)
{
    vcpu_op(VCPUOP_stop_singleshot_timer, vcpu, NULL);
    set_timer_op(0);
}

/* The main pass: every vCPU runs its own stream over [first, first+calls). */
static struct smp_barrier pass_barrier;

/*
 * No vCPU goes down before all are done: the others' streams may up or
 * initialise any vCPU they believe running (see safe_vcpu()), and one
 * that had gone down would then start with a random context.
 */
static void run_pass(unsigned int vcpu)
{
    smp_barrier_wait(&pass_barrier, nr_run);
    run_range(vcpu, nr_run, first, first + calls);
    own_cleanup(vcpu);
    smp_barrier_wait(&pass_barrier, nr_run);
}

static void worker(unsigned int vcpu, void *unused)
{
    (void)unused;
    run_pass(vcpu);
}

static bool start_workers(void)
{
    unsigned int v;
    int rc;

    for ( v = 1; v < nr_run; v++ )
        if ( (rc = smp_start(v, worker, NULL, smp_stack_top(v))) )
        {
            check(false, "secondary vCPUs start", "vCPU %u: %d", v, rc);
            return false;
        }
    return true;
}

static void join_workers(void)
{
    unsigned int v;

    for ( v = 1; v < nr_run; v++ )
        check(smp_join(v, 60000), "secondary vCPU finishes",
              "vCPU %u did not come back", v);
}

static void replay(uint64_t index)
{
    struct fuzz_call c = { 0 };

    c.vcpu = cmdline_u64("fuzz.vcpu", 0);
    c.nr_vcpus = nr_vcpus;
    c.nr_running = nr_run;              /* as in the run: same call */
    c.scratch = fuzz_scratch(c.vcpu < nr_run ? c.vcpu : 0);
    fuzz_build(&c, seed, index);
    fuzz_print(&c, index);
    /* Only vCPU 0 runs here: it must not start the others with junk. */
    if ( c.nr == __HYPERVISOR_vcpu_op && c.a[1] > 0 && c.a[1] < nr_run &&
         (c.a[0] == VCPUOP_initialise || c.a[0] == VCPUOP_up) )
    {
        printk("fuzz call %llu: not replayable alone (starts a vCPU that "
               "only the run had up)\n", (unsigned long long)index);
        return;
    }
    printk("fuzz call %llu rc=%ld (issued from vCPU 0)\n",
           (unsigned long long)index, fuzz_issue(&c));
}

/* ---- Checkpoints: undo what can be undone, ask for the heap. ------- */

static void cleanup(void)
{
    struct evtchn_reset reset = { .dom = DOMID_SELF };
    uint64_t null = 0;
    unsigned int v;

    for ( v = 0; v < nr_vcpus; v++ )
    {
        vcpu_op(VCPUOP_stop_periodic_timer, v, NULL);
        vcpu_op(VCPUOP_register_runstate_memory_area, v, &null);
    }
    own_cleanup(0);
    event_channel_op(EVTCHNOP_reset, &reset);
}

/* Read a decimal number typed on our console within ~30 s; -1 if none
 * or "?" comes. */
static int64_t read_number(void)
{
    uint64_t end = rdtsc() + (uint64_t)tsc_khz() * 30000, v = 0;
    bool digits = false;
    char buf[16];
    long n, k;

    while ( rdtsc() < end )
    {
        n = console_io(CONSOLEIO_read, sizeof(buf), buf);
        for ( k = 0; k < n; k++ )
        {
            if ( buf[k] >= '0' && buf[k] <= '9' )
            {
                v = v * 10 + buf[k] - '0';
                digits = true;
            }
            else if ( (buf[k] == '\n' || buf[k] == '\r') && digits )
                return v;
            else if ( buf[k] == '?' )   /* the hypervisor cannot tell */
                return -1;
        }
        if ( n <= 0 )
            sched_op(SCHEDOP_yield, NULL);
    }
    return -1;
}

/* free + tot_pages at this point, or -1 if nobody answered. */
static int64_t checkpoint(const char *name)
{
    domid_t self = DOMID_SELF;
    long tot;
    int64_t free;

    cleanup();
    tot = memory_op(XENMEM_current_reservation, &self);
    printk("fuzz checkpoint %s tot_pages=%ld: type the free heap pages\n",
           name, tot);
    free = read_number();
    printk("info fuzz checkpoint %s: free=%lld tot_pages=%ld sum=%lld\n",
           name, (long long)free, tot, free < 0 ? -1LL : (long long)(free + tot));
    return free < 0 || tot < 0 ? -1 : free + tot;
}

/* ---- Start and end ------------------------------------------------- */

static uint32_t text_checksum(void)
{
    const uint32_t *p = (const void *)0x100000;
    uint32_t sum = 0;

    for ( ; p < (const uint32_t *)__fixup_start; p++ )
        sum = (sum << 5 | sum >> 27) ^ *p;
    return sum;
}

static void print_summary(void)
{
    unsigned long sum[4];
    unsigned int f, v, k;

    for ( f = 0; f < FUZZ_FAMILIES; f++ )
    {
        for ( k = 0; k < 4; k++ )
            for ( sum[k] = 0, v = 0; v < nr_run; v++ )
                sum[k] += counts[v][f][k];
        printk("info fuzz %s ok=%lu enosys=%lu efault=%lu other=%lu\n",
               fuzz_family_name(f), sum[0], sum[1], sum[2], sum[3]);
    }
    printk("info fuzz calls replaced for bugs open here: %u\n", skipped);
}

static void leak_check(int64_t before, int64_t after)
{
    if ( before < 0 || after < 0 )
        check_skip("no memory leaked", "nobody typed the heap figures");
    else
        check(before == after, "no memory leaked",
              "free + dom0 pages %lld after vCPU 0's last %llu calls, "
              "%lld after them again", (long long)before,
              (unsigned long long)recheck, (long long)after);
}

static void print_rate(uint64_t t0, uint64_t n)
{
    uint64_t ms;
    uint32_t rem;

    ms = udiv64(rdtsc() - t0, tsc_khz(), &rem);
    printk("fuzz pass done calls=%u calls_per_s=%llu (by the TSC)\n", done,
           (unsigned long long)udiv64(n * 1000, ms + 1, &rem));
}

/*
 * The leak check repeats vCPU 0's last calls twice on vCPU 0 alone: the
 * first repeat grows what stays allocated to where those calls put it,
 * the second must then leave free + tot_pages as it found them.  (With
 * other vCPUs interleaving, what stays allocated differs from run to run
 * by a few pages, which would hide a small leak.)
 */
static void recheck_pass(void)
{
    int64_t sum[2];
    unsigned int p;
    uint64_t t0;

    for ( p = 0; p < 2; p++ )
    {
        t0 = rdtsc();
        run_range(0, 1, first + calls - recheck, first + calls);
        own_cleanup(0);
        print_rate(t0, recheck);
        sum[p] = checkpoint(p ? "recheck2" : "recheck1");
    }
    leak_check(sum[0], sum[1]);
}

/* No random word may aim a hypervisor write at our image (gen.c). */
static void generator_selftest(void)
{
    struct fuzz_call c = { 0 };

    c.scratch = fuzz_scratch(0);
    c.nr_vcpus = nr_vcpus;
    c.nr_running = nr_run;
    check_eq(fuzz_selftest(&c, 50000), 0,
             "regression handle-into-our-code: no random word reaches us");
}

static void fuzz_run(void)
{
    const char *regress = cmdline_str("fuzz.regress") ?: "1";
    uint64_t t0;

    if ( regress[0] != '0' )
    {
        run_regressions(regress);
        generator_selftest();
    }
    checkpoint("start");
    printk("fuzz start seed=%llu calls=%llu from=%llu vcpus=%u of %u\n",
           (unsigned long long)seed, (unsigned long long)calls,
           (unsigned long long)first, nr_run, nr_vcpus);
    if ( !start_workers() )
        return;
    t0 = rdtsc();
    run_pass(0);
    join_workers();
    print_rate(t0, calls * nr_run);
    checkpoint("pass");
    /* A call that wrote over our code would crash the recheck somewhere
     * in the middle of an instruction: say so plainly instead. */
    if ( !check(text_checksum() == text_sum, "our code unchanged by the pass",
                "a call wrote into our image (rerun with fuzz.trace=1)") )
        return;
    if ( recheck )
        recheck_pass();
    print_summary();
}

void test_main(void)
{
    seed = cmdline_u64("fuzz.seed", 1);
    calls = cmdline_u64("fuzz.calls", 20000);
    first = cmdline_u64("fuzz.from", 0);
    recheck = cmdline_u64("fuzz.recheck", calls < 20000 ? calls : 20000);
    recheck = recheck < calls ? recheck : calls;
    trace = cmdline_u64("fuzz.trace", 0);
    fuzz_include_open = cmdline_u64("fuzz.open", 0) ||
                        cmdline_str("fuzz.replay");
    nr_vcpus = smp_nr_vcpus();
    nr_run = cmdline_u64("fuzz.vcpus", SMP_MAX_VCPUS);
    nr_run = nr_run < nr_vcpus ? nr_run : nr_vcpus;
    nr_run = nr_run < SMP_MAX_VCPUS ? (nr_run ?: 1) : SMP_MAX_VCPUS;
    text_sum = text_checksum();
    slow_ticks = cmdline_u64("fuzz.slow_ms", 1000) * tsc_khz();
    printk("info fuzz: command line \"%s\"\n", guest_cmdline());
    if ( !check(fuzz_mem_init(nr_run), "scratch buffers set up",
                "no room at the top of RAM or a guard page not given back") )
        return;
    if ( cmdline_str("fuzz.replay") )
        replay(cmdline_u64("fuzz.replay", 0));
    else
        fuzz_run();
    check_eq(text_checksum(), text_sum, "our code and data unchanged");
    check_eq_rc(xen_version(XENVER_version, NULL), 0x40011,
                "hypervisor still answers");
}
