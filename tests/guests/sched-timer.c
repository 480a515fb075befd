/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thousands of SCHEDOP_yield, then timed blocks: set_timer_op or
 * VCPUOP_set_singleshot_timer, then SCHEDOP_block, which must return only
 * once the deadline has passed by the vcpu_time_info clock.  The timer
 * raises VIRQ_TIMER, which we bind to an event channel and clear by hand.
 *
 * An event only wakes a blocked HVM/PVH vCPU if an upcall route is set
 * (Xen 4.17 kicks the vCPU only then), so we set a callback vector;
 * interrupts stay off, so the vector is never actually delivered.
 */
#include "guest.h"

#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>

#define NR_YIELDS   5000
#define NR_BLOCKS   50
#define BLOCK_NS    1000000ULL

static uint8_t si_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static volatile struct shared_info *si;
static evtchn_port_t timer_port;

static bool map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = (unsigned long)si_page >> 12,
    };

    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &xatp), 0,
                      "map shared_info") )
        return false;
    si = (volatile struct shared_info *)si_page;
    return true;
}

static bool bind_timer(void)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };

    if ( !check_eq_rc(event_channel_op(EVTCHNOP_bind_virq, &bind), 0,
                      "bind VIRQ_TIMER") )
        return false;
    timer_port = bind.port;
    return true;
}

#define CALLBACK_VECTOR 0xf3

static bool set_callback_vector(void)
{
    struct xen_hvm_param p = {
        .domid = DOMID_SELF,
        .index = HVM_PARAM_CALLBACK_IRQ,
        .value = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) |
                 CALLBACK_VECTOR,
    };

    return check_eq_rc(hvm_op(HVMOP_set_param, &p), 0,
                       "set callback vector");
}

static uint64_t now(void)
{
    return pvclock_read(&si->vcpu_info[0].time);
}

static void clear_timer_event(void)
{
    const unsigned int bits = sizeof(xen_ulong_t) * 8;

    si->evtchn_pending[timer_port / bits] &=
        ~((xen_ulong_t)1 << (timer_port % bits));
    si->vcpu_info[0].evtchn_pending_sel = 0;
    si->vcpu_info[0].evtchn_upcall_pending = 0;
    barrier();
}

static void test_yield(void)
{
    uint64_t t0 = now(), tsc0 = rdtsc();
    unsigned int i, bad = 0;

    for ( i = 0; i < NR_YIELDS; i++ )
        bad += sched_op(SCHEDOP_yield, NULL) != 0;
    check_eq(bad, 0, "5000 SCHEDOP_yield return 0");
    CHECK(now() > t0, "system time advances over the yields");
    CHECK(rdtsc() > tsc0, "TSC advances over the yields");
}

static long arm_singleshot(uint64_t deadline)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline };

    return vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

/* NR_BLOCKS blocks; returns how many woke before their deadline. */
static unsigned int timed_blocks(bool singleshot, unsigned int *bad_rc)
{
    unsigned int i, early = 0;
    uint64_t deadline;
    long rc;

    *bad_rc = 0;
    for ( i = 0; i < NR_BLOCKS; i++ )
    {
        clear_timer_event();
        deadline = now() + BLOCK_NS;
        rc = singleshot ? arm_singleshot(deadline) : set_timer_op(deadline);
        *bad_rc += rc != 0;
        *bad_rc += sched_op(SCHEDOP_block, NULL) != 0;
        early += now() < deadline;
    }
    clear_timer_event();
    return early;
}

static void test_blocks(void)
{
    unsigned int bad_rc, early;
    uint64_t t0 = now();

    early = timed_blocks(false, &bad_rc);
    check_eq(bad_rc, 0, "set_timer_op and SCHEDOP_block return 0");
    check_eq(early, 0, "set_timer_op blocks wake after the deadline");
    early = timed_blocks(true, &bad_rc);
    check_eq(bad_rc, 0, "singleshot timer and SCHEDOP_block return 0");
    check_eq(early, 0, "singleshot blocks wake after the deadline");
    CHECK(now() - t0 >= 2 * NR_BLOCKS * BLOCK_NS,
          "100 blocks of 1 ms took at least 100 ms");
    printk("info 100 timed blocks took %llu us\n",
           (unsigned long long)udiv64(now() - t0, 1000, &bad_rc));
    /* A deadline in the past fires at once. */
    check_eq_rc(set_timer_op(1), 0, "set_timer_op in the past");
    check_eq_rc(sched_op(SCHEDOP_block, NULL), 0, "block on a past timer");
    clear_timer_event();
}

void test_main(void)
{
    if ( !map_shared_info() || !bind_timer() || !set_callback_vector() )
        return;
    CHECK(now() > 0, "system time is running");
    test_yield();
    test_blocks();
}
