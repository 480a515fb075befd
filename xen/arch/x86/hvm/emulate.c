/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest instruction through the x86 emulator: the register file
 * copied in from the exit frame (and segment bases from the backend),
 * the instruction fetched through the guest's page tables, and on the
 * way out either the new registers or the injected fault.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/emulate.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>

int hvm_emulate_translate(struct x86_emulate_ctxt *ctxt, unsigned long linear,
                          uint32_t pfec, uint64_t *gpa)
{
    const struct hvm_emulate *e = hvm_emulate_of(ctxt);

    if ( hvm_gva_to_gpa(e->v, linear, pfec & PFEC_WRITE, gpa) )
        return X86EMUL_OKAY;
    if ( e->cpl == 3 )
        pfec |= PFEC_USER;
    return x86_emul_pagefault(pfec, linear, ctxt);
}

int hvm_emulate_insn_fetch(unsigned long linear, void *buf,
                           unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    uint64_t gpa;
    int rc = hvm_emulate_translate(ctxt, linear, PFEC_FETCH, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    return copy_from_guest_va(hvm_emulate_of(ctxt)->v, buf, linear, bytes)
           ? X86EMUL_UNHANDLEABLE : X86EMUL_OKAY;
}

/* The emulator's register file <-> the exit frame (and segment bases). */
static void regs_in(struct vcpu *v, const struct cpu_regs *r,
                    struct x86_emul_regs *e)
{
    struct segment_register s;
    unsigned int i;

    e->rax = r->rax; e->rcx = r->rcx; e->rdx = r->rdx; e->rbx = r->rbx;
    e->rsp = r->rsp; e->rbp = r->rbp; e->rsi = r->rsi; e->rdi = r->rdi;
    e->r8 = r->r8; e->r9 = r->r9; e->r10 = r->r10; e->r11 = r->r11;
    e->r12 = r->r12; e->r13 = r->r13; e->r14 = r->r14; e->r15 = r->r15;
    e->rip = r->rip;
    e->rflags = r->rflags;
    for ( i = 0; i < ARRAY_SIZE(e->seg_base); i++ )
    {
        hvm_funcs.get_segment(v, i, &s);
        e->seg_base[i] = s.base;
    }
}

static void regs_out(const struct x86_emul_regs *e, struct cpu_regs *r)
{
    r->rax = e->rax; r->rcx = e->rcx; r->rdx = e->rdx; r->rbx = e->rbx;
    r->rsp = e->rsp; r->rbp = e->rbp; r->rsi = e->rsi; r->rdi = e->rdi;
    r->r8 = e->r8; r->r9 = e->r9; r->r10 = e->r10; r->r11 = e->r11;
    r->r12 = e->r12; r->r13 = e->r13; r->r14 = e->r14; r->r15 = e->r15;
    r->rip = e->rip;
    r->rflags = e->rflags;
}

static void inject_fault(struct vcpu *v, const struct x86_event *ev)
{
    if ( ev->vector == X86_EXC_PF )
        hvm_set_reg(v, HVM_CR2, ev->cr2);
    hvm_inject_hw_exception(v, ev->vector,
                            ev->has_error_code ? (int)ev->error_code : -1);
}

int hvm_emulate_one(struct hvm_emulate *e, struct vcpu *v,
                    struct cpu_regs *regs, const struct x86_emulate_ops *ops)
{
    int rc;

    memset(&e->ctxt, 0, sizeof(e->ctxt));
    e->v = v;
    e->ctxt.regs = &e->regs;
    e->ctxt.data = e;
    e->ctxt.max_reps = 1;
    e->ctxt.mode = hvm_insn_mode(v);
    e->cpl = e->ctxt.mode == X86_MODE_VM86 ? 3 : hvm_get_reg(v, HVM_CPL);
    e->ctxt.cpl = e->cpl;
    e->ctxt.amd_like = hvm_cpuid_amd_like(v->domain);
    regs_in(v, regs, &e->regs);
    rc = x86_emulate(&e->ctxt, ops);
    if ( rc == X86EMUL_OKAY )
        regs_out(&e->regs, regs);
    else if ( rc == X86EMUL_EXCEPTION )
        inject_fault(v, &e->ctxt.event);
    return rc;
}
