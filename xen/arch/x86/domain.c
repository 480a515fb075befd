/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 side of domains and vCPUs: the idle loop and the context switch.
 * A switch saves the outgoing vCPU's registers (guest state lives in its
 * VMCB/VMCS; the general registers in the per-CPU frame), then either
 * runs the idle loop or resumes the incoming guest, on a fresh stack.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/shutdown.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/arch-domain.h>
#include <asm/fpu.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/cpu-policy.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <public/domctl.h>
#include <public/sysctl.h>

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

int arch_domain_create(struct domain *d)
{
    int rc;

    if ( !hvm_enabled )
        return -EOPNOTSUPP;
    rc = p2m_init(d);
    if ( rc )
        return rc;
    rc = hvm_funcs.domain_initialise(d);
    /* Its CPUID: hvm_default until the toolstack sets another. */
    if ( !rc && !(d->arch.cpu_policy = xmalloc(struct cpu_policy)) )
    {
        hvm_funcs.domain_destroy(d);
        rc = -ENOMEM;
    }
    if ( rc )
    {
        p2m_teardown(d);
        return rc;
    }
    *d->arch.cpu_policy =
        *cpu_policy_system(XEN_SYSCTL_cpu_policy_hvm_default);
    /* Every domain we build is HVM with nested paging (PVH). */
    d->options |= XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    if ( d->is_privileged )
    {
        hvm_domain_io_passthrough(d);
        /* What Xen's PVH hardware domain has. */
        d->emulation_flags = XEN_X86_EMU_LAPIC | XEN_X86_EMU_IOAPIC |
                             XEN_X86_EMU_VPCI;
    }
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    hvm_funcs.domain_destroy(d);
    p2m_teardown(d);
    xfree(d->arch.cpu_policy);
    d->arch.cpu_policy = NULL;
}

/* The backend's state first, then the local APIC both backends share. */
int arch_vcpu_create(struct vcpu *v)
{
    int rc;

    if ( is_idle_vcpu(v) )
        return 0;
    fpu_vcpu_init(v);
    rc = hvm_funcs.vcpu_initialise(v);
    if ( !rc && (rc = vlapic_init(v)) )
        hvm_funcs.vcpu_destroy(v);
    return rc;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if ( is_idle_vcpu(v) )
        return;
    vlapic_destroy(v);
    hvm_funcs.vcpu_destroy(v);
}

static struct timer dom0_reboot_timer;

static void dom0_reboot_fn(void *unused)
{
    machine_restart(0);
}

/* dom0 is the machine: its shutdown powers off or reboots the host. */
static void dom0_shutdown(int reason)
{
    switch ( reason )
    {
    case 0:                         /* SHUTDOWN_poweroff */
        machine_power_off();
    case 1:                         /* SHUTDOWN_reboot */
        machine_restart(0);
    default:
        printk(XENLOG_ERR "dom0 %s: %s\n",
               reason == DOMAIN_SHUTDOWN_CRASH ? "crashed" : "shut down",
               opt_noreboot ? "not rebooting (noreboot); the hypervisor "
                              "stays up" : "rebooting in 5 seconds");
        if ( opt_noreboot )
            return;
        /* From a timer: this may run in the middle of a VM exit. */
        init_timer(&dom0_reboot_timer, dom0_reboot_fn, NULL,
                   smp_processor_id());
        set_timer(&dom0_reboot_timer, NOW() + SECONDS(5));
    }
}

void arch_domain_shutdown(struct domain *d, int reason)
{
    printk("Domain %u shut down: %s (%d)\n", d->domain_id,
           reason >= 0 && reason < (int)ARRAY_SIZE(shutdown_names)
           ? shutdown_names[reason] : "unknown", reason);
    if ( reason == DOMAIN_SHUTDOWN_CRASH )
        arch_domain_show_state(d);
    if ( d->domain_id == 0 )
        dom0_shutdown(reason);
}

void arch_domain_show_state(const struct domain *d)
{
    const struct vcpu *v;

    for_each_vcpu ( d, v )
        hvm_funcs.dump_vcpu(v);
}

void arch_vcpu_show_state(const struct vcpu *v)
{
    if ( is_idle_vcpu(v) )
        return;
    hvm_funcs.dump_vcpu(v);
    vlapic_dump(vcpu_vlapic(v));
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
    {
        prev->arch.user_regs = *guest_cpu_regs();
        fpu_save(prev);
        vcpu_update_runstate_area(prev);
    }
    set_current(next);
    sched_context_saved(prev);

    if ( is_idle_vcpu(next) )
        reset_stack_and_jump(idle_loop);
    *guest_cpu_regs() = next->arch.user_regs;
    fpu_restore(next);
    update_vcpu_system_time(next);
    vcpu_update_runstate_area(next);
    hvm_funcs.resume(next);
}
