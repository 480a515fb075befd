/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * #VMEXIT dispatch.  Exit codes below VMEXIT_NR_TABLE index a table of
 * small handlers; nested page faults (0x400) have their own path;
 * anything else is unexpected and crashes the guest, never the host.
 *
 * QEMU's SVM offers no NRIP save, so the length of an intercepted
 * instruction comes from decoding it (svm_insn_len()).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/hvm/emulate.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/io.h>
#include <asm/p2m.h>
#include <asm/x86_emulate.h>

#include "svm.h"

typedef void (*exit_handler_t)(struct vcpu *v, struct vmcb *vmcb,
                               struct cpu_regs *regs);

unsigned int svm_insn_len(struct vcpu *v, unsigned int fallback)
{
    const struct vmcb *vmcb = vcpu_vmcb(v);
    unsigned int len;

    if ( svm_has_nrips() && vmcb->nextrip > vmcb->rip )
        return vmcb->nextrip - vmcb->rip;
    len = hvm_decode_insn_len(v);
    return len ? len : fallback;
}

static void advance_rip(struct vcpu *v, struct cpu_regs *regs,
                        unsigned int fallback_len)
{
    regs->rip += svm_insn_len(v, fallback_len);
    if ( !hvm_64bit_code(v) )
        regs->rip = (uint32_t)regs->rip;
    /* Completing an instruction ends any STI/MOV SS interrupt shadow. */
    vcpu_vmcb(v)->interrupt_shadow = 0;
}

static void exit_nop(struct vcpu *v, struct vmcb *vmcb,
                     struct cpu_regs *regs)
{
    /* Physical interrupt, NMI, SMI: handled by the host once GIF is set. */
}

static void exit_cpuid(struct vcpu *v, struct vmcb *vmcb,
                       struct cpu_regs *regs)
{
    if ( hvm_cpuid_exit(v, regs) )
        advance_rip(v, regs, 2);
}

static void exit_msr(struct vcpu *v, struct vmcb *vmcb,
                     struct cpu_regs *regs)
{
    bool done = vmcb->exitinfo1 ? hvm_msr_write_exit(v, regs)
                                : hvm_msr_read_exit(v, regs);

    if ( done )
        advance_rip(v, regs, 2);
}

static void exit_hlt(struct vcpu *v, struct vmcb *vmcb,
                     struct cpu_regs *regs)
{
    advance_rip(v, regs, 1);
    hvm_hlt_exit(v);
}

static void exit_vmmcall(struct vcpu *v, struct vmcb *vmcb,
                         struct cpu_regs *regs)
{
    uint64_t rip = regs->rip;

    advance_rip(v, regs, 3);
    /* Only the guest kernel may make hypercalls: -EPERM, as on Xen. */
    if ( vmcb->cpl != 0 )
    {
        regs->rax = -EPERM;
        return;
    }
    hvm_hypercall(v, regs);
    /* A preempted hypercall continues by re-executing VMMCALL. */
    if ( v->arch.hypercall_preempted )
    {
        regs->rip = rip;
        v->arch.hypercall_preempted = false;
    }
}

static void exit_ioio(struct vcpu *v, struct vmcb *vmcb,
                      struct cpu_regs *regs)
{
    uint64_t info = vmcb->exitinfo1;
    struct hvm_io_req req = {
        .port = info >> 16,
        .size = (info >> 4) & 7,
        .dir_in = info & 1,
        .string = info & (1 << 2),
        .rep = info & (1 << 3),
    };

    if ( hvm_portio_exit(v, regs, &req) )
        regs->rip = vmcb->exitinfo2;    /* the next instruction's RIP */
}

/* The emulator's write_cr hook: CR4 only (the one intercepted). */
static int cr4_write_cr(unsigned int reg, unsigned long val,
                        struct x86_emulate_ctxt *ctxt)
{
    if ( reg != 4 )
        return X86EMUL_UNHANDLEABLE;
    if ( !hvm_set_cr4(hvm_emulate_of(ctxt)->v, val) )
        return x86_emul_hw_exception(X86_EXC_GP, 0, ctxt);
    return X86EMUL_OKAY;
}

static const struct x86_emulate_ops cr4_ops = {
    .insn_fetch = hvm_emulate_insn_fetch,
    .write_cr = cr4_write_cr,
};

/*
 * Without decode assists the exit does not say which register held the
 * value: emulate the instruction.  Anything but a MOV to CR4 (the code
 * changed under us, or its fetch failed) is left alone and the guest
 * re-executes what is there now.
 */
static void exit_cr4_write(struct vcpu *v, struct vmcb *vmcb,
                           struct cpu_regs *regs)
{
    struct hvm_emulate e;

    if ( hvm_emulate_one(&e, v, regs, &cr4_ops) == X86EMUL_OKAY )
        vmcb->interrupt_shadow = 0;     /* completed, as advance_rip() */
}

static void exit_ud(struct vcpu *v, struct vmcb *vmcb,
                    struct cpu_regs *regs)
{
    hvm_inject_ud(v);
}

static void exit_shutdown(struct vcpu *v, struct vmcb *vmcb,
                          struct cpu_regs *regs)
{
    hvm_triple_fault(v, "shutdown intercept");
}

static void exit_skip(struct vcpu *v, struct vmcb *vmcb,
                      struct cpu_regs *regs)
{
    /* INVD, WBINVD, MONITOR, MWAIT: harmless to skip in a guest. */
    advance_rip(v, regs, vmcb->exitcode == VMEXIT_MONITOR ||
                         vmcb->exitcode == VMEXIT_MWAIT ? 3 : 2);
}

static void exit_task_switch(struct vcpu *v, struct vmcb *vmcb,
                             struct cpu_regs *regs)
{
    printk(XENLOG_G_ERR "%pv: hardware task switch: not supported\n", v);
    domain_crash(v->domain);
}

static void exit_vintr(struct vcpu *v, struct vmcb *vmcb,
                       struct cpu_regs *regs)
{
    /* The interrupt window opened: intr.c injects before the next VMRUN. */
    svm_intr_window(v, false);
}

/*
 * The guest's NMI handler returns: NMIs are unblocked once this IRET has
 * run.  It has not yet (the intercept comes first), so the interrupt
 * shadow keeps a pending NMI out for one more instruction.
 */
static void exit_iret(struct vcpu *v, struct vmcb *vmcb,
                      struct cpu_regs *regs)
{
    vmcb->intercepts1 &= ~INTERCEPT_IRET;
    vmcb->interrupt_shadow |= 1;
}

static void exit_init(struct vcpu *v, struct vmcb *vmcb,
                      struct cpu_regs *regs)
{
    /* A physical INIT is for the host; nothing to do for the guest. */
}

static const exit_handler_t exit_table[VMEXIT_NR_TABLE] = {
    [VMEXIT_CR4_WRITE] = exit_cr4_write,
    [VMEXIT_INTR] = exit_nop,
    [VMEXIT_NMI] = exit_nop,
    [VMEXIT_SMI] = exit_nop,
    [VMEXIT_INIT] = exit_init,
    [VMEXIT_VINTR] = exit_vintr,
    [VMEXIT_CPUID] = exit_cpuid,
    [VMEXIT_INVD] = exit_skip,
    [VMEXIT_WBINVD] = exit_skip,
    [VMEXIT_IRET] = exit_iret,
    [VMEXIT_HLT] = exit_hlt,
    [VMEXIT_INVLPGA] = exit_ud,
    [VMEXIT_IOIO] = exit_ioio,
    [VMEXIT_MSR] = exit_msr,
    [VMEXIT_TASK_SWITCH] = exit_task_switch,
    [VMEXIT_SHUTDOWN] = exit_shutdown,
    [VMEXIT_VMRUN] = exit_ud,
    [VMEXIT_VMMCALL] = exit_vmmcall,
    [VMEXIT_VMLOAD] = exit_ud,
    [VMEXIT_VMSAVE] = exit_ud,
    [VMEXIT_STGI] = exit_ud,
    [VMEXIT_CLGI] = exit_ud,
    [VMEXIT_SKINIT] = exit_ud,
    [VMEXIT_MONITOR] = exit_skip,
    [VMEXIT_MWAIT] = exit_skip,
    [VMEXIT_XSETBV] = exit_ud,
};

static void exit_unhandled(struct vcpu *v, struct vmcb *vmcb)
{
    printk(XENLOG_G_ERR "%pv: unexpected #VMEXIT %#lx (info1 %#lx info2 "
           "%#lx)\n", v, vmcb->exitcode, vmcb->exitinfo1, vmcb->exitinfo2);
    domain_crash(v->domain);
}

void svm_vmexit_handler(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    struct vmcb *vmcb = vcpu_vmcb(v);
    uint64_t code = vmcb->exitcode;

    p2m_guest_exit();
    if ( !svm_guard_check_exit(v, smp_processor_id(), regs) )
        return;
    svm_sync_regs_from_vmcb(regs);
    svm_reinject_interrupted_event(v);
    svm_intr_sync_tpr(v);

    if ( code < ARRAY_SIZE(exit_table) && exit_table[code] )
        exit_table[code](v, vmcb, regs);
    else if ( code == VMEXIT_NPF )
        hvm_npf_unhandled(v, vmcb->exitinfo2, vmcb->exitinfo1);
    else if ( code == VMEXIT_INVALID )
    {
        svm_guard_report_invalid(v);
        domain_crash(v->domain);
    }
    else
        exit_unhandled(v, vmcb);
}
