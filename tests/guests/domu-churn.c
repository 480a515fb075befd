/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unprivileged domUs started and destroyed in a row while every vCPU of
 * ours keeps the CPUs busy (issue 7: an unprivileged fuzz domU looping
 * on CONSOLEIO_read and SCHEDOP_yield right after it started reset the
 * whole machine on a quiet host).  Each round builds a domU as a
 * toolstack would, lets it loop (domu-churn/payload.c) until it has made
 * CHURN_LOOPS rounds, checks it was refused the console (-EPERM, as Xen
 * refuses an unprivileged guest) and destroys it while it still runs.
 * The hypervisor must stand and every round must run.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include "domu-churn/payload.h"

#define ROUNDS          20
#define CHURN_LOOPS     50
#define WAIT_TRIES      2000000UL

static struct domu u;
static unsigned int stop;

/* Our other vCPUs: hypercalls and yields, so no CPU sits idle. */
static void busy(unsigned int vcpu, void *arg)
{
    (void)vcpu, (void)arg;
    while ( !atomic_read(&stop) )
    {
        xen_version(XENVER_version, NULL);
        sched_op(SCHEDOP_yield, NULL);
    }
}

static volatile uint32_t *word(uint32_t gpa)
{
    return domu_ptr(&u, gpa);
}

/* Until the domU made CHURN_LOOPS rounds (a yield between looks). */
static bool churned(void)
{
    unsigned long n;

    for ( n = 0; n < WAIT_TRIES && *word(CP_LOOPS) < CHURN_LOOPS; n++ )
        sched_op(SCHEDOP_yield, NULL);
    return *word(CP_LOOPS) >= CHURN_LOOPS;
}

static bool one_round(unsigned int r)
{
    bool ok = false;

    if ( domu_new(&u, CP_FRAMES) )
    {
        memcpy((void *)domu_ptr(&u, CP_ENTRY), cp_payload_start,
               cp_payload_end - cp_payload_start);
        *word(CP_RC) = 0;
        if ( domu_start(&u, CP_ENTRY) )
            ok = check(churned(), "the domU looped", "round %u: %u loops",
                       r, *word(CP_LOOPS)) &&
                 check_eq((int32_t)*word(CP_RC), -XEN_EPERM,
                          "CONSOLEIO_read refused to the domU");
    }
    domu_free(&u);
    return ok;
}

void test_main(void)
{
    unsigned int v, r, started = 0;

    for ( v = 1; v < smp_nr_vcpus() && v < SMP_MAX_VCPUS; v++ )
        started += smp_start(v, busy, NULL, smp_stack_top(v)) == 0;
    printk("info domu-churn: %u busy vCPUs besides vCPU 0\n", started);
    for ( r = 1; r <= ROUNDS && one_round(r); r++ )
        ;
    atomic_set(&stop, 1);
    for ( v = 1; v <= started; v++ )
        smp_join(v, 5000);
    check_eq(r, ROUNDS + 1, "every round ran");
}
