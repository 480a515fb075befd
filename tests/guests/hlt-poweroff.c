/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HLT with interrupts disabled takes a vCPU down, and the last vCPU going
 * down powers the domain off, as Xen 4.17's hvm_hlt()/hvm_vcpu_down() do.
 * Linux PVH guests rely on it: their poweroff and halt end with every vCPU
 * in "cli; hlt" and no SCHEDOP_shutdown.  Before, a one-vCPU domain was
 * crashed and a bigger one kept its halted vCPUs forever.
 *
 * vCPU 1 halts with interrupts off; vCPU 0 sees it reported down
 * (VCPUOP_is_up) while the domain keeps running, brings it back with
 * VCPUOP_up (it restarts at the halt and goes down again), then prints the
 * verdict and halts the same way itself.  The scenario passes only if the
 * hypervisor then powers the domain off.
 */
#include "guest.h"

#include <public/vcpu.h>

#define WAIT_MS 5000

static unsigned int halted;

static void halt_here(unsigned int vcpu, void *arg)
{
    (void)vcpu;
    (void)arg;
    atomic_add_return(&halted, 1);
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

/* Poll VCPUOP_is_up until it reads want (or WAIT_MS pass). */
static bool wait_is_up(unsigned int vcpu, long want)
{
    uint64_t end = rdtsc() + tsc_per_ms() * WAIT_MS;

    while ( vcpu_op(VCPUOP_is_up, vcpu, NULL) != want )
    {
        if ( rdtsc() > end )
            return false;
        cpu_relax();
    }
    return true;
}

void test_main(void)
{
    if ( smp_nr_vcpus() < 2 )
    {
        check_skip("second vCPU halts", "only one vCPU (run with -smp 2+)");
        verdict_halt();
    }
    if ( !check_eq_rc(smp_start(1, halt_here, NULL, smp_stack_top(1)), 0,
                      "smp_start") )
        return;
    check(wait_is_up(1, 0), "vCPU 1 is down after cli; hlt",
          "is_up %ld, halted %u", vcpu_op(VCPUOP_is_up, 1, NULL),
          atomic_read(&halted));
    check_eq(atomic_read(&halted), 1, "vCPU 1 reached its halt");
    /* Up again: it resumes after its HLT, loops, and goes down again. */
    check_eq_rc(vcpu_op(VCPUOP_up, 1, NULL), 0, "VCPUOP_up brings it back");
    check(wait_is_up(1, 0), "vCPU 1 down again after its next halt",
          "is_up %ld", vcpu_op(VCPUOP_is_up, 1, NULL));
    verdict_halt();
}
