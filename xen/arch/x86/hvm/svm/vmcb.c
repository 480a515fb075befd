/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMCB construction and the per-domain permission maps.
 *
 * What we intercept and why: physical interrupts, NMI, SMI and INIT (the
 * hypervisor owns the CPU); CPUID, MSRs through the MSR map, I/O ports
 * through the I/O map (we emulate or filter them); HLT (block the vCPU);
 * SHUTDOWN (triple fault); VMMCALL (hypercalls); every SVM instruction
 * (no nested virtualisation: #UD); INVD, MONITOR/MWAIT, XSETBV and task
 * switches (not for guests to do natively).  Guest page faults and CR
 * accesses are not intercepted: with nested paging they are the guest's.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>

#include "svm.h"

#define MSRPM_ORDER     1       /* 8 KiB */
#define IOPM_ORDER      2       /* 12 KiB used of 16 */

/* MSRs whose state VMLOAD/VMSAVE switch: the guest may touch them. */
static const uint32_t passthrough_msrs[] = {
    MSR_FS_BASE, MSR_GS_BASE, MSR_SHADOW_GS_BASE, MSR_STAR, MSR_LSTAR,
    MSR_CSTAR, MSR_SYSCALL_MASK, 0x174, 0x175, 0x176, /* SYSENTER_* */
};

/* Bit offset of an MSR's read bit in the map, or -1 if not mappable. */
static long msrpm_bit(uint32_t msr)
{
    if ( msr <= 0x1fff )
        return msr * 2;
    if ( msr >= 0xc0000000 && msr <= 0xc0001fff )
        return 0x800 * 8 + (msr - 0xc0000000) * 2;
    if ( msr >= 0xc0010000 && msr <= 0xc0011fff )
        return 0x1000 * 8 + (msr - 0xc0010000) * 2;
    return -1;
}

void svm_msr_passthrough(struct domain *d, uint32_t msr)
{
    struct svm_domain *sd = d->arch.hvm;
    long bit = msrpm_bit(msr);
    uint8_t *map = sd->msrpm;

    if ( bit < 0 )
        return;
    map[bit / 8] &= ~(3U << (bit % 8));
}

void svm_io_passthrough(struct domain *d, uint16_t port, bool pass)
{
    struct svm_domain *sd = d->arch.hvm;
    uint8_t *map = sd->iopm;

    if ( pass )
        map[port / 8] &= ~(1U << (port % 8));
    else
        map[port / 8] |= 1U << (port % 8);
}

int svm_domain_maps_create(struct domain *d)
{
    struct svm_domain *sd = xzalloc(struct svm_domain);
    unsigned int i;

    if ( !sd )
        return -ENOMEM;
    sd->msrpm = alloc_xenheap_pages(MSRPM_ORDER);
    sd->iopm = alloc_xenheap_pages(IOPM_ORDER);
    d->arch.hvm = sd;
    if ( !sd->msrpm || !sd->iopm )
    {
        svm_domain_maps_destroy(d);
        return -ENOMEM;
    }
    /* Intercept everything, then open what is safe. */
    memset(sd->msrpm, 0xff, PAGE_SIZE << MSRPM_ORDER);
    memset(sd->iopm, 0xff, PAGE_SIZE << IOPM_ORDER);
    for ( i = 0; i < ARRAY_SIZE(passthrough_msrs); i++ )
        svm_msr_passthrough(d, passthrough_msrs[i]);
    return 0;
}

void svm_domain_maps_destroy(struct domain *d)
{
    struct svm_domain *sd = d->arch.hvm;

    if ( !sd )
        return;
    free_xenheap_pages(sd->msrpm, MSRPM_ORDER);
    free_xenheap_pages(sd->iopm, IOPM_ORDER);
    xfree(sd);
    d->arch.hvm = NULL;
}

/* The layout is the hardware's: check it against appendix B. */
BUILD_BUG_ON(sizeof(struct vmcb) != 4096);
BUILD_BUG_ON(offsetof(struct vmcb, exitcode) != 0x70);
BUILD_BUG_ON(offsetof(struct vmcb, n_cr3) != 0xb0);
BUILD_BUG_ON(offsetof(struct vmcb, nextrip) != 0xc8);
BUILD_BUG_ON(offsetof(struct vmcb, es) != 0x400);
BUILD_BUG_ON(offsetof(struct vmcb, tr) != 0x490);
BUILD_BUG_ON(offsetof(struct vmcb, cpl) != 0x4cb);
BUILD_BUG_ON(offsetof(struct vmcb, efer) != 0x4d0);
BUILD_BUG_ON(offsetof(struct vmcb, cr4) != 0x548);
BUILD_BUG_ON(offsetof(struct vmcb, rip) != 0x578);
BUILD_BUG_ON(offsetof(struct vmcb, rsp) != 0x5d8);
BUILD_BUG_ON(offsetof(struct vmcb, rax) != 0x5f8);
BUILD_BUG_ON(offsetof(struct vmcb, cr2) != 0x640);
BUILD_BUG_ON(offsetof(struct vmcb, g_pat) != 0x668);

static void set_intercepts(struct vmcb *vmcb)
{
    /* CR4: the guest may set only what its CPUID offers (hvm/cr.c). */
    vmcb->intercept_cr = INTERCEPT_CR_WRITE(4);
    vmcb->intercepts1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI |
                        INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |
                        INTERCEPT_HLT | INTERCEPT_INVLPGA |
                        INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT |
                        INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN;
    vmcb->intercepts2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
                        INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
                        INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
                        INTERCEPT_MONITOR | INTERCEPT_MWAIT |
                        INTERCEPT_XSETBV;
    /* Machine checks are the host's. */
    vmcb->intercept_exceptions = 1U << 18;
}

int svm_vmcb_create(struct vcpu *v)
{
    struct svm_vcpu *s = xzalloc(struct svm_vcpu);
    struct svm_domain *sd = v->domain->arch.hvm;
    struct vmcb *vmcb;

    if ( !s )
        return -ENOMEM;
    vmcb = alloc_xenheap_page();
    /* A page that is also a CPU's host page stays out of use (leaked). */
    if ( !vmcb || svm_guard_check_vmcb(v, __pa(vmcb)) )
    {
        xfree(s);
        return -ENOMEM;
    }
    memset(vmcb, 0, PAGE_SIZE);
    s->vmcb = vmcb;
    s->vmcb_pa = __pa(vmcb);
    s->asid_cpu = -1U;
    v->arch.hvm = s;

    set_intercepts(vmcb);
    vmcb->iopm_base_pa = __pa(sd->iopm);
    vmcb->msrpm_base_pa = __pa(sd->msrpm);
    /* Physical interrupts follow the host's IF; the guest's IF is its own. */
    vmcb->vintr = VINTR_MASKING;
    vmcb->np_enable = 1;
    vmcb->n_cr3 = v->domain->arch.p2m->root_ma;
    vmcb->g_pat = 0x0007040600070406UL;     /* the reset value */
    vmcb->efer = EFER_SVME;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    return 0;
}

void svm_vmcb_destroy(struct vcpu *v)
{
    struct svm_vcpu *s = to_svm(v);

    if ( !s )
        return;
    free_xenheap_page(s->vmcb);
    xfree(s);
    v->arch.hvm = NULL;
}

static struct vmcb_seg *seg_of(struct vmcb *vmcb, enum x86_segment seg)
{
    switch ( seg )
    {
    case x86_seg_es:   return &vmcb->es;
    case x86_seg_cs:   return &vmcb->cs;
    case x86_seg_ss:   return &vmcb->ss;
    case x86_seg_ds:   return &vmcb->ds;
    case x86_seg_fs:   return &vmcb->fs;
    case x86_seg_gs:   return &vmcb->gs;
    case x86_seg_tr:   return &vmcb->tr;
    case x86_seg_ldtr: return &vmcb->ldtr;
    case x86_seg_gdtr: return &vmcb->gdtr;
    case x86_seg_idtr: return &vmcb->idtr;
    default:           return NULL;
    }
}

void svm_get_segment(const struct vcpu *v, enum x86_segment seg,
                     struct segment_register *r)
{
    const struct vmcb_seg *s = seg_of(vcpu_vmcb(v), seg);

    memset(r, 0, sizeof(*r));
    if ( !s )
        return;
    r->sel = s->sel;
    r->attr = s->attr;
    r->limit = s->limit;
    r->base = s->base;
}

void svm_set_segment(struct vcpu *v, enum x86_segment seg,
                     const struct segment_register *r)
{
    struct vmcb *vmcb = vcpu_vmcb(v);
    struct vmcb_seg *s = seg_of(vmcb, seg);

    if ( !s )
        return;
    s->sel = r->sel;
    s->attr = r->attr;
    s->limit = r->limit;
    s->base = r->base;
    /* The CPL is SS.DPL (APM 15.5.1: VMRUN takes it from the VMCB). */
    if ( seg == x86_seg_ss )
        vmcb->cpl = (r->attr >> 5) & 3;
}

void svm_dump_vcpu(const struct vcpu *v)
{
    const struct vmcb *vmcb = vcpu_vmcb(v);
    /* The running vCPU's registers are in this CPU's frame. */
    const struct cpu_regs *r = v == current ? guest_cpu_regs()
                                            : &v->arch.user_regs;

    printk(XENLOG_ERR "%pv: RIP %04x:%016lx RFLAGS %016lx CPL %u\n", v,
           vmcb->cs.sel, vmcb->rip, vmcb->rflags, vmcb->cpl);
    printk(XENLOG_ERR "  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           vmcb->rax, r->rbx, r->rcx, r->rdx);
    printk(XENLOG_ERR "  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n",
           r->rsi, r->rdi, r->rbp, vmcb->rsp);
    printk(XENLOG_ERR "  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n",
           r->r8, r->r9, r->r10, r->r11);
    printk(XENLOG_ERR "  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n",
           r->r12, r->r13, r->r14, r->r15);
    printk(XENLOG_ERR "  cr0 %016lx cr2 %016lx cr3 %016lx cr4 %016lx\n",
           vmcb->cr0, vmcb->cr2, vmcb->cr3, vmcb->cr4);
    printk(XENLOG_ERR "  efer %016lx exit %#lx info1 %#lx info2 %#lx\n",
           vmcb->efer & ~EFER_SVME, vmcb->exitcode, vmcb->exitinfo1,
           vmcb->exitinfo2);
    printk(XENLOG_ERR "  exitintinfo %#lx eventinj %#lx idtr %lx+%x "
           "gdtr %lx+%x\n", vmcb->exitintinfo, vmcb->eventinj,
           vmcb->idtr.base, vmcb->idtr.limit, vmcb->gdtr.base,
           vmcb->gdtr.limit);
    /* In guest mode now: the p2m's epoch of the CPU running it says. */
    printk(XENLOG_ERR "  vintr %#lx shadow %#lx; %lu exits, %s\n",
           vmcb->vintr, vmcb->interrupt_shadow, to_svm(v)->exits,
           !v->is_running ? "not running"
           : p2m_cpu_in_guest(v->processor) ? "in guest mode"
                                            : "in the hypervisor");
}
