/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bringing up the other CPUs: for every enabled local APIC in the MADT,
 * give the CPU a stack and per-CPU data, then INIT-SIPI-SIPI it into the
 * trampoline (Intel SDM vol. 3, 9.4.4 "MP Initialization Example").  Each
 * AP builds its own descriptor tables, enables its APIC and timer, marks
 * itself online and enters its idle loop.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <asm/smpboot.h>

#define TRAMPOLINE_PA   0x6000

extern const char trampoline_start[], trampoline_end[];
extern unsigned long ap_boot_stack;
extern uint32_t cpu_to_apicid[NR_CPUS];

static volatile unsigned int cpu_callin;

/* C entry of an AP, on its own stack (head.S ap_start). */
void start_secondary(void);
void start_secondary(void)
{
    unsigned int cpu = smp_processor_id();

    load_cpu_tables(cpu);
    apic_setup_cpu();
    time_init_cpu();
    if ( hvm_cpu_up() )
        printk(XENLOG_ERR "CPU%u: could not enable SVM\n", cpu);
    printk("CPU%u: online (APIC ID %u)\n", cpu, get_apic_id());
    cpumask_set_cpu(cpu, &cpu_online_map);
    cpu_callin = cpu;
    sched_start_idle(cpu);
}

static int prepare_cpu(unsigned int cpu)
{
    char *stack = alloc_xenheap_pages(STACK_ORDER);
    struct cpu_info *ci;

    if ( !stack || percpu_alloc(cpu) )
        return -1;
    memset(stack, 0, STACK_SIZE);
    ci = (struct cpu_info *)(stack + STACK_SIZE) - 1;
    ci->processor_id = cpu;
    ci->per_cpu_offset = per_cpu_offset[cpu];
    ap_boot_stack = (unsigned long)ci;
    return sched_init_cpu(cpu);
}

static bool wakeup_cpu(unsigned int cpu, uint32_t apic_id)
{
    s_time_t deadline;

    cpu_callin = 0;
    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVEL | APIC_INT_ASSERT,
                  0);
    mdelay(10);
    apic_send_ipi(apic_id, APIC_DM_STARTUP, TRAMPOLINE_PA >> 12);
    udelay(200);
    apic_send_ipi(apic_id, APIC_DM_STARTUP, TRAMPOLINE_PA >> 12);

    deadline = NOW() + SECONDS(5);
    while ( cpu_callin != cpu && NOW() < deadline )
        cpu_relax();
    return cpu_callin == cpu;
}

void smp_boot_cpus(void)
{
    uint32_t bsp_id = get_apic_id();
    unsigned int i, cpu = 1;

    memcpy(__va(TRAMPOLINE_PA), trampoline_start,
           trampoline_end - trampoline_start);
    cpu_to_apicid[0] = bsp_id;
    cpumask_set_cpu(0, &cpu_present_map);
    cpumask_set_cpu(0, &cpu_online_map);

    for ( i = 0; i < acpi_info.nr_lapics && cpu < NR_CPUS; i++ )
    {
        uint32_t id = acpi_info.lapic_ids[i];

        if ( id == bsp_id )
            continue;
        cpu_to_apicid[cpu] = id;
        cpumask_set_cpu(cpu, &cpu_present_map);
        if ( prepare_cpu(cpu) || !wakeup_cpu(cpu, id) )
        {
            printk(XENLOG_ERR "CPU%u (APIC ID %u) failed to start\n", cpu, id);
            continue;
        }
        cpu++;
    }
    nr_cpu_ids = cpu;
    ap_boot_stack = 0;
    printk("Brought up %u CPUs\n", cpumask_weight(&cpu_online_map));
}
