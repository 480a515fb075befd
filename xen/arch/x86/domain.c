/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 side of domains and vCPUs: the idle loop and the context switch.
 * A switch saves the outgoing vCPU's registers (guest state lives in its
 * VMCB/VMCS; the general registers in the per-CPU frame), then either
 * runs the idle loop or resumes the incoming guest, on a fresh stack.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/shutdown.h>
#include <asm/arch-domain.h>
#include <asm/processor.h>

int arch_domain_create(struct domain *d)
{
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
}

int arch_vcpu_create(struct vcpu *v)
{
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
}

void arch_domain_shutdown(struct domain *d, int reason)
{
    printk("Domain %u shut down, reason %d\n", d->domain_id, reason);
}

void arch_domain_show_state(const struct domain *d)
{
}

noreturn void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for ( ; ; )
    {
        local_irq_disable();
        if ( !softirq_pending(cpu) )
            safe_halt();            /* sti; hlt: no wake-up is lost */
        else
            local_irq_enable();
        do_softirq();
    }
}

noreturn void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if ( !is_idle_vcpu(prev) )
        prev->arch.user_regs = *guest_cpu_regs();
    set_current(next);
    sched_context_saved(prev);

    if ( is_idle_vcpu(next) )
        reset_stack_and_jump(idle_loop);
    /* Guest vCPUs arrive with the HVM code (next issue). */
    panic("no way to run %pv yet", next);
}
