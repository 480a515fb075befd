/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Common HVM code: choosing the backend, domain and vCPU set-up, the
 * PVH start state, and exit handling that is the same for SVM and VMX
 * (HLT, triple faults, unresolved nested page faults, entry work).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <public/sched.h>
#include <asm/fpu.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/mmio.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>
#include <asm/processor.h>

struct hvm_function_table hvm_funcs __read_mostly;
bool hvm_enabled __read_mostly;

void hvm_enable(void)
{
    const struct hvm_function_table *fns = start_svm();

    if ( !fns && IS_ENABLED(CONFIG_VMX) )
        fns = start_vmx();
    if ( !fns )
    {
        printk(XENLOG_WARNING "HVM: no SVM+NPT (or VMX+EPT): guests "
               "cannot run\n");
        return;
    }
    hvm_funcs = *fns;
    fpu_cpu_init();
    if ( hvm_funcs.cpu_up() )
    {
        printk(XENLOG_ERR "HVM: %s failed to start on CPU0\n", fns->name);
        return;
    }
    hvm_enabled = true;
    vlapic_mmio_register();
    printk("HVM: %s enabled\n", hvm_funcs.name);
}

int hvm_cpu_up(void)
{
    if ( !hvm_enabled )
        return 0;
    fpu_cpu_init();
    return hvm_funcs.cpu_up();
}

bool hvm_long_mode_active(const struct vcpu *v)
{
    return hvm_get_reg(v, HVM_EFER) & EFER_LMA;
}

bool hvm_64bit_code(const struct vcpu *v)
{
    struct segment_register cs;

    if ( !hvm_long_mode_active(v) )
        return false;
    hvm_funcs.get_segment(v, x86_seg_cs, &cs);
    return cs.attr & SEG_ATTR_L;
}

void hvm_inject_hw_exception(struct vcpu *v, unsigned int vector,
                             int error_code)
{
    struct hvm_event e = {
        .vector = vector,
        .type = X86_EVENTTYPE_HW_EXC,
        .error_code = error_code,
    };

    hvm_funcs.inject_event(v, &e);
}

/*
 * The PVH start state (public/arch-x86/hvm/start_info.h): 32-bit
 * protected mode, paging off, flat 4 GiB code and data segments, a
 * 32-bit TSS, interrupts off, EBX = start info address.
 */
void hvm_vcpu_reset_pvh(struct vcpu *v, uint64_t entry, uint64_t ebx)
{
    struct segment_register code = { 0x10, 0xc9b, 0xffffffff, 0 };
    struct segment_register data = { 0x18, 0xc93, 0xffffffff, 0 };
    struct segment_register tr = { 0x20, 0x08b, 0x67, 0 };
    struct segment_register ldtr = { 0, 0x082, 0xffff, 0 };
    struct segment_register dt = { 0, 0, 0xffff, 0 };
    struct cpu_regs *regs = &v->arch.user_regs;

    hvm_funcs.set_segment(v, x86_seg_cs, &code);
    hvm_funcs.set_segment(v, x86_seg_ds, &data);
    hvm_funcs.set_segment(v, x86_seg_es, &data);
    hvm_funcs.set_segment(v, x86_seg_fs, &data);
    hvm_funcs.set_segment(v, x86_seg_gs, &data);
    hvm_funcs.set_segment(v, x86_seg_ss, &data);
    hvm_funcs.set_segment(v, x86_seg_tr, &tr);
    hvm_funcs.set_segment(v, x86_seg_ldtr, &ldtr);
    hvm_funcs.set_segment(v, x86_seg_gdtr, &dt);
    hvm_funcs.set_segment(v, x86_seg_idtr, &dt);
    hvm_set_reg(v, HVM_CR0, X86_CR0_PE | X86_CR0_ET);
    hvm_set_reg(v, HVM_CR3, 0);
    hvm_set_reg(v, HVM_CR4, 0);
    hvm_set_reg(v, HVM_EFER, 0);
    memset(regs, 0, sizeof(*regs));
    regs->rip = entry;
    regs->rbx = ebx;
    regs->rflags = X86_EFLAGS_MBS;
    v->arch.guest_pat = 0x0007040600070406UL;
}

/*
 * Real mode at vector << 12, as after INIT then SIPI (Intel SDM vol. 3A,
 * "Processor State After Reset"; the CS selector is vector << 8).  SVM
 * with nested paging runs real mode natively.
 */
void hvm_vcpu_reset_sipi(struct vcpu *v, struct cpu_regs *regs,
                         uint8_t vector)
{
    struct segment_register code = { vector << 8, 0x9b, 0xffff,
                                     (uint64_t)vector << 12 };
    struct segment_register data = { 0, 0x93, 0xffff, 0 };
    struct segment_register tr = { 0, 0x08b, 0xffff, 0 };
    struct segment_register ldtr = { 0, 0x082, 0xffff, 0 };
    struct segment_register dt = { 0, 0, 0xffff, 0 };
    enum x86_segment s;

    hvm_funcs.set_segment(v, x86_seg_cs, &code);
    for ( s = x86_seg_es; s <= x86_seg_gs; s++ )
        if ( s != x86_seg_cs )
            hvm_funcs.set_segment(v, s, &data);
    hvm_funcs.set_segment(v, x86_seg_tr, &tr);
    hvm_funcs.set_segment(v, x86_seg_ldtr, &ldtr);
    hvm_funcs.set_segment(v, x86_seg_gdtr, &dt);
    hvm_funcs.set_segment(v, x86_seg_idtr, &dt);
    hvm_set_reg(v, HVM_CR0, X86_CR0_ET);
    hvm_set_reg(v, HVM_CR2, 0);
    hvm_set_reg(v, HVM_CR3, 0);
    hvm_set_reg(v, HVM_CR4, 0);
    hvm_set_reg(v, HVM_EFER, 0);
    memset(regs, 0, sizeof(*regs));
    regs->rflags = X86_EFLAGS_MBS;
    v->arch.guest_pat = 0x0007040600070406UL;
}

/*
 * A vCPU that halts with interrupts disabled goes down, as Xen's
 * hvm_vcpu_down(): only an NMI could wake it, and this is how Linux's PVH
 * guests power off and halt (every vCPU ends in "cli; hlt", none calls
 * SCHEDOP_shutdown).  When no vCPU of the domain is left up, the domain
 * shuts down with reason poweroff.  The bit is set and the others are
 * counted under d->lock (which VCPUOP_up takes too), so of two vCPUs
 * going down at once exactly one sees none left.
 */
static void hvm_vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vcpu *o;
    unsigned int up = 0;

    spin_lock(&d->lock);
    set_bit(_VPF_down, &v->pause_flags);
    for_each_vcpu ( d, o )
        if ( !test_bit(_VPF_down, &o->pause_flags) )
            up++;
    spin_unlock(&d->lock);
    vcpu_sleep_nosync(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
    if ( up )
        return;
    printk(XENLOG_G_INFO "%pd: all vCPUs down, powering off\n", d);
    domain_shutdown(d, SHUTDOWN_poweroff);
}

/*
 * HLT blocks until an interrupt the guest can take arrives (vcpu_kick()
 * clears _VPF_blocked).  The blocked bit is set before the last look at
 * what is pending, so a kick in between is not lost.  With IF clear the
 * vCPU goes down instead (hvm_vcpu_down()), unless an event is already
 * being delivered (as Xen's hvm_hlt()).
 */
void hvm_hlt_exit(struct vcpu *v)
{
    if ( hvm_funcs.event_pending(v) )
        return;
    if ( !(hvm_get_reg(v, HVM_RFLAGS) & X86_EFLAGS_IF) )
    {
        hvm_vcpu_down(v);
        return;
    }
    set_bit(_VPF_blocked, &v->pause_flags);
    smp_mb();
    if ( hvm_funcs.event_pending(v) || hvm_intr_wakeup_pending(v) )
    {
        clear_bit(_VPF_blocked, &v->pause_flags);
        return;
    }
    vcpu_sleep_nosync(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* why: the CPU shut the vCPU down, or we did while injecting. */
void hvm_triple_fault(struct vcpu *v, const char *why)
{
    printk(XENLOG_G_ERR "%pv: triple fault (%s)\n", v, why);
    domain_crash(v->domain);
}

/*
 * A fault the p2m entry allows by now: it changed between the walk that
 * faulted and our look (vPCI mapped a BAR back while another vCPU
 * touched it, a frame was populated, log-dirty gave write access back).
 * Xen 4.17 re-enters the guest for these (hvm_hap_nested_page_fault());
 * so do we, but one that faults again on the same gpa NPF_RETRIES times
 * in a row is not a race, and its domain is crashed as before.
 */
#define NPF_RETRIES     1000

static bool npf_spurious(struct vcpu *v, uint64_t gpa, p2m_type_t t)
{
    bool allowed = t == p2m_ram_rw || t == p2m_ram_logdirty ||
                   t == p2m_mmio_direct || t == p2m_grant_map_rw ||
                   t == p2m_map_foreign;

    if ( !allowed )
        return false;
    if ( v->arch.npf_retry_gpa != gpa )
    {
        v->arch.npf_retry_gpa = gpa;
        v->arch.npf_retries = 0;
    }
    return ++v->arch.npf_retries < NPF_RETRIES;
}

void hvm_npf_unhandled(struct vcpu *v, uint64_t gpa, uint64_t info)
{
    p2m_type_t t;

    /* A write to RAM in log-dirty mode (bit 1: write, SVM and VMX). */
    if ( (info & 2) && p2m_logdirty_fault(v->domain, gpa >> PAGE_SHIFT) )
        return;
    /* Emulated devices (the local APIC, ...) first. */
    if ( hvm_mmio_emulate(v, guest_cpu_regs(), gpa) )
        return;
    p2m_get_entry(v->domain, gpa >> PAGE_SHIFT, &t);
    if ( npf_spurious(v, gpa, t) )
        return;
    printk(XENLOG_G_ERR "%pv: nested page fault at gpa %#lx (%s%s%s), "
           "p2m type %d: %s\n", v, gpa,
           info & 2 ? "write" : "read", info & 16 ? ", fetch" : "",
           info & 1 ? ", protection" : "", t,
           t == p2m_invalid ? "no memory there"
                            : "it keeps faulting though the p2m allows it");
    domain_crash(v->domain);
}

/* Before every guest entry, with interrupts enabled. */
void hvm_do_resume(struct vcpu *v)
{
    /* An INIT sent to this vCPU while it ran: reset, wait for SIPI. */
    vlapic_do_pending_init(v);
    /* Paused, blocked or shut down: let the scheduler take the CPU. */
    if ( !vcpu_runnable(v) )
        raise_softirq(SCHEDULE_SOFTIRQ);
}
