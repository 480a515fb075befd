/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VCPUOP_register_vcpu_info moves vCPU 0's vcpu_info into a page of ours,
 * where the hypervisor keeps its time info current; VCPUOP_get_runstate_info
 * and VCPUOP_is_up report the vCPU's state.
 */
#include "guest.h"

#include <public/vcpu.h>

static uint8_t page[PAGE_SIZE] __aligned(PAGE_SIZE);

static long register_at(unsigned int offset)
{
    struct vcpu_register_vcpu_info r = {
        .mfn = (unsigned long)page >> 12,
        .offset = offset,
    };

    return vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static void test_register(void)
{
    volatile struct vcpu_info *vi = (void *)(page + 64);
    uint64_t t0, t1;
    unsigned int i;

    /* Xen 4.17 answers ENXIO, not EINVAL, for an offset too large. */
    check_eq_rc(register_at(PAGE_SIZE - 32), -XEN_ENXIO,
                "vcpu_info crossing a page is ENXIO");
    memset(page, 0, sizeof(page));
    if ( !check_eq_rc(register_at(64), 0, "register_vcpu_info") )
        return;
    CHECK(vi->time.version && !(vi->time.version & 1),
          "registered vcpu_info has time info");
    t0 = pvclock_read(&vi->time);
    for ( i = 0; i < 100; i++ )
        sched_op(SCHEDOP_yield, NULL);
    t1 = pvclock_read(&vi->time);
    CHECK(t0 > 0 && t1 > t0, "time advances in the registered vcpu_info");
    check_eq_rc(register_at(128), -XEN_EINVAL,
                "registering a second time is EINVAL");
}

static void test_runstate(void)
{
    struct vcpu_runstate_info ri;

    memset(&ri, 0xff, sizeof(ri));
    check_eq_rc(vcpu_op(VCPUOP_get_runstate_info, 0, &ri), 0,
                "get_runstate_info vCPU 0");
    check_eq(ri.state, RUNSTATE_running, "vCPU 0 is running");
    CHECK(ri.time[RUNSTATE_running] > 0, "vCPU 0 has run time");
    check_eq_rc(vcpu_op(VCPUOP_get_runstate_info, 4096, &ri), -XEN_ENOENT,
                "get_runstate_info of a missing vCPU is ENOENT");
    check_eq_rc(vcpu_op(VCPUOP_is_up, 0, NULL), 1, "vCPU 0 is up");
}

void test_main(void)
{
    test_register();
    test_runstate();
}
