/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which physical CPUs run guest vCPUs: every online CPU, except CPU0
 * where sharing it with guests is known to lose their state
 * (cpu0_guests=<bool> decides; by default the platform does).
 *
 * The one such platform is QEMU's software emulation (TCG) with more
 * than one CPU.  It emulates FXRSTOR and XRSTOR, on any CPU, by clearing
 * the IGNNE flag of the FIRST CPU with a plain read-modify-write of that
 * CPU's whole hidden flags word (QEMU 7.2's cpu_clear_ignne(), from
 * whichever CPU's thread runs the instruction).  The same word holds
 * CPU0's nested-paging, GIF and virtual-interrupt bits, which CPU0's own
 * thread rewrites at every VMRUN and #VMEXIT.  When the two writes meet,
 * one is lost: CPU0 runs the hypervisor with the guest's nested paging
 * (whose first fetch faults and writes the hypervisor's state over the
 * guest's, svm/vmcb-guard.c's "holds the host's state"), or a guest
 * without nested paging.  Guests restore their FPU state all the time,
 * so it came several times an hour under load (issue 7), and within
 * seconds under tests/dom0/fxrstor-storm.c.  A CPU0 that never enters a
 * guest never rewrites those bits, and the race has nothing to lose:
 * CPU0 keeps its interrupts, timers and console, and the guests run on
 * the others.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>

cpumask_t sched_guest_cpus;

/* -1: as the platform needs (arch_cpu0_loses_guest_state()). */
static int8_t opt_cpu0_guests = -1;
boolean_param("cpu0_guests", opt_cpu0_guests);

static bool cpu0_runs_guests(void)
{
    if ( cpumask_weight(&cpu_online_map) < 2 )
        return true;
    if ( opt_cpu0_guests >= 0 )
        return opt_cpu0_guests;
    return !arch_cpu0_loses_guest_state();
}

/* After the CPUs are up, before the first guest vCPU exists. */
void sched_set_guest_cpus(void)
{
    cpumask_copy(&sched_guest_cpus, &cpu_online_map);
    if ( cpu0_runs_guests() )
        return;
    cpumask_clear_cpu(0, &sched_guest_cpus);
    printk("CPU0 runs no guest vCPU (%s): %u CPUs for guests\n",
           opt_cpu0_guests == 0 ? "cpu0_guests=0"
                                : "QEMU TCG: its FXRSTOR loses CPU0's state",
           cpumask_weight(&sched_guest_cpus));
}

/* Where a new vCPU number n starts: the guest CPUs in turn. */
unsigned int sched_initial_cpu(unsigned int n)
{
    unsigned int nr = cpumask_weight(&sched_guest_cpus), cpu;

    if ( !nr )
        return n % nr_cpu_ids;
    cpu = cpumask_first(&sched_guest_cpus);
    for ( n %= nr; n; n-- )
        cpu = cpumask_next(cpu, &sched_guest_cpus);
    return cpu;
}
