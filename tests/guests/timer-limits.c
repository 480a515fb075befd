/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest-given times at their limits must not take a physical CPU away.
 *
 * VCPUOP_set_periodic_timer with a 1 ms period, then 0x7fffffffffffffff:
 * the sums last_event + period and now + period used to wrap, the timer
 * was re-armed in the past and the timer softirq ran it for ever (the
 * second call never returned; a fuzzer found it).  Xen 4.17 refuses
 * periods below 1 ms or above STIME_DELTA_MAX (2^62 ns) with -EINVAL and
 * keeps the old period.  On a hypervisor with the bug this kernel never
 * prints its verdict, which the system test's timeout reports as a FAIL.
 *
 * Then the other places a guest hands the hypervisor a time: the
 * singleshot timer, set_timer_op and SCHEDOP_poll with the largest and
 * "negative" values, and a TSC-deadline of ~0.  Each returns as Xen's
 * does and the periodic timer still ticks afterwards.
 */
#include "guest.h"

#include <public/event_channel.h>
#include <public/memory.h>
#include <public/vcpu.h>

#define STIME_DELTA_MAX (1ull << 62)
#define MS              1000000ull
#define APIC_LVTT       0xfee00320ul
#define MSR_TSC_DEADLINE 0x6e0u

static uint8_t si_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static volatile struct shared_info *si;
static evtchn_port_t timer_port;

static bool setup_timer_event(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
        .gpfn = (unsigned long)si_page >> 12,
    };
    struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };

    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &xatp), 0,
                      "map shared_info") )
        return false;
    si = (volatile struct shared_info *)si_page;
    if ( !check_eq_rc(event_channel_op(EVTCHNOP_bind_virq, &bind), 0,
                      "bind VIRQ_TIMER") )
        return false;
    timer_port = bind.port;
    return true;
}

static uint64_t now(void)
{
    return pvclock_read(&si->vcpu_info[0].time);
}

static void clear_tick(void)
{
    const unsigned int bits = sizeof(xen_ulong_t) * 8;

    si->evtchn_pending[timer_port / bits] &=
        ~((xen_ulong_t)1 << (timer_port % bits));
    barrier();
}

/* Is VIRQ_TIMER pending, or does it become so within ms milliseconds? */
static bool pending_within(unsigned int ms)
{
    const unsigned int bits = sizeof(xen_ulong_t) * 8;
    uint64_t end = now() + ms * MS;

    while ( now() < end )
        if ( si->evtchn_pending[timer_port / bits] &
             ((xen_ulong_t)1 << (timer_port % bits)) )
            return true;
    return false;
}

/* Does a new tick come within ms milliseconds? */
static bool tick_within(unsigned int ms)
{
    clear_tick();
    return pending_within(ms);
}

static long set_periodic(uint64_t period)
{
    struct vcpu_set_periodic_timer p = { .period_ns = period };

    return vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
}

static long set_singleshot(uint64_t when, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = {
        .timeout_abs_ns = when, .flags = flags,
    };

    return vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static void test_periodic(void)
{
    check_eq_rc(set_periodic(0), -XEN_EINVAL, "period 0: EINVAL");
    check_eq_rc(set_periodic(MS - 1), -XEN_EINVAL, "period < 1 ms: EINVAL");
    check_eq_rc(set_periodic(MS), 0, "period 1 ms accepted");
    CHECK(tick_within(50), "1 ms periodic timer ticks");
    check_eq_rc(set_periodic(0x7fffffffffffffffull), -XEN_EINVAL,
                "period 0x7fffffffffffffff: EINVAL (and returns)");
    CHECK(tick_within(50), "the 1 ms period stays");
    check_eq_rc(set_periodic(~0ull), -XEN_EINVAL, "period ~0: EINVAL");
    check_eq_rc(set_periodic(STIME_DELTA_MAX + 1), -XEN_EINVAL,
                "period 2^62 + 1: EINVAL");
    check_eq_rc(set_periodic(STIME_DELTA_MAX), 0, "period 2^62 accepted");
    CHECK(!tick_within(20), "a 2^62 ns period does not tick now");
    check_eq_rc(set_periodic(MS), 0, "back to 1 ms");
    CHECK(tick_within(50), "... and it ticks");
    check_eq_rc(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
                "stop the periodic timer");
    CHECK(!tick_within(20), "stopped: no tick");
}

static void test_singleshot(void)
{
    check_eq_rc(set_singleshot(0x7fffffffffffffffull, 0), 0,
                "singleshot at 2^63 - 1 accepted");
    CHECK(!tick_within(20), "... and does not fire now");
    check_eq_rc(set_singleshot(~0ull, VCPU_SSHOTTMR_future), -XEN_ETIME,
                "singleshot at ~0 with 'future': ETIME");
    clear_tick();
    check_eq_rc(set_singleshot(~0ull, 0), 0, "singleshot at ~0 accepted");
    CHECK(pending_within(20), "... and fires at once");
    check_eq_rc(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0,
                "stop the singleshot timer");
    /* Xen takes a far or negative timeout for wrapped jiffies: 100 ms. */
    clear_tick();
    check_eq_rc(set_timer_op(0x7fffffffffffffffull), 0,
                "set_timer_op(2^63 - 1) accepted");
    CHECK(pending_within(300), "... and fires within 100 ms or so");
    check_eq_rc(set_timer_op(0), 0, "set_timer_op(0) stops it");
}

static void test_poll(void)
{
    struct sched_poll p = { .nr_ports = 0, .timeout = ~0ull };
    uint64_t t0 = now();

    set_xen_guest_handle(p.ports, NULL);
    check_eq_rc(sched_op(SCHEDOP_poll, &p), 0,
                "SCHEDOP_poll with a timeout of ~0 (the past) returns");
    CHECK(now() - t0 < 1000 * MS, "... at once");
}

/* LVTT in TSC-deadline mode (masked), then the farthest deadline. */
static void test_tsc_deadline(void)
{
    volatile uint32_t *lvtt = (volatile uint32_t *)APIC_LVTT;
    uint64_t t0;

    if ( !(cpuid(1).c & (1u << 24)) )
    {
        check_skip("TSC-deadline of ~0", "no TSC-deadline in CPUID");
        return;
    }
    *lvtt = 0x10000 | (2u << 17) | 0xee;
    CHECK(!wrmsr_safe(MSR_TSC_DEADLINE, ~0ull), "TSC-deadline ~0 written");
    t0 = now();
    tick_within(20);                    /* 20 ms, ticks or not */
    CHECK(now() - t0 >= 20 * MS, "20 ms passed while it is armed");
    CHECK(!wrmsr_safe(MSR_TSC_DEADLINE, 0), "TSC-deadline disarmed");
    *lvtt = 0x10000;
}

void test_main(void)
{
    if ( !setup_timer_event() )
        return;
    test_periodic();
    test_singleshot();
    test_poll();
    test_tsc_deadline();
    check_eq_rc(set_periodic(MS), 0, "1 ms period at the end");
    CHECK(tick_within(50), "... still ticks");
    check_eq_rc(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
                "stop it");
}
