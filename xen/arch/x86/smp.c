/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inter-processor interrupts: event checks (look at your softirqs),
 * remote function calls, and stop (panic, shutdown).
 *
 * Lock: call_lock serialises remote calls; one call is in flight at a
 * time, its data in call_data.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>

unsigned int nr_cpu_ids = 1;
cpumask_t cpu_online_map;
cpumask_t cpu_present_map;
uint32_t cpu_to_apicid[NR_CPUS];
unsigned long per_cpu_offset[NR_CPUS];

extern char __per_cpu_start[], __per_cpu_end[];

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *);
    void *arg;
    cpumask_t pending;
    bool wait;
} call_data;

BUILD_BUG_ON(sizeof(struct cpu_info) != CPUINFO_SIZE);

int percpu_alloc(unsigned int cpu)
{
    size_t size = __per_cpu_end - __per_cpu_start;
    char *p = xmalloc_bytes(size);

    if ( !p )
        return -1;
    memcpy(p, __per_cpu_start, size);
    per_cpu_offset[cpu] = p - __per_cpu_start;
    return 0;
}

void smp_send_event_check_cpu(unsigned int cpu)
{
    apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED, EVENT_CHECK_VECTOR);
}

void smp_send_event_check_mask(const cpumask_t *mask)
{
    unsigned int cpu;

    for_each_cpu ( cpu, mask )
        if ( cpu != smp_processor_id() )
            smp_send_event_check_cpu(cpu);
}

void smp_call_function_interrupt(void)
{
    void (*fn)(void *) = call_data.fn;
    void *arg = call_data.arg;
    bool wait = call_data.wait;

    if ( !wait )
        cpumask_clear_cpu(smp_processor_id(), &call_data.pending);
    fn(arg);
    if ( wait )
        cpumask_clear_cpu(smp_processor_id(), &call_data.pending);
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *arg,
                      bool wait)
{
    unsigned int cpu, me = smp_processor_id();
    unsigned long flags;

    spin_lock(&call_lock);
    call_data.fn = fn;
    call_data.arg = arg;
    call_data.wait = wait;
    cpumask_and(&call_data.pending, mask, &cpu_online_map);
    cpumask_clear_cpu(me, &call_data.pending);
    for_each_cpu ( cpu, &call_data.pending )
        apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED,
                      CALL_FUNCTION_VECTOR);
    if ( cpumask_test_cpu(me, mask) )
    {
        local_irq_save(flags);
        fn(arg);
        local_irq_restore(flags);
    }
    while ( !cpumask_empty(&call_data.pending) )
        cpu_relax();
    spin_unlock(&call_lock);
}

void smp_call_function(void (*fn)(void *), void *arg, bool wait)
{
    cpumask_t others = cpu_online_map;

    cpumask_clear_cpu(smp_processor_id(), &others);
    on_selected_cpus(&others, fn, arg, wait);
}

void smp_stop_this_cpu(void)
{
    local_irq_disable();
    cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
    for ( ; ; )
        halt();
}

void smp_send_stop(void)
{
    unsigned int cpu, me = smp_processor_id();

    for_each_online_cpu ( cpu )
        if ( cpu != me )
            apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED, STOP_VECTOR);
    mdelay(10);
}
