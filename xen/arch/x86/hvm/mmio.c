/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated MMIO: an instruction that nested-page-faulted on an address a
 * registered device claims is fetched from guest memory, decoded and
 * executed by the x86 emulator; its data accesses go to the device when
 * they hit it and to guest RAM otherwise (MOVS between the two).
 *
 * QEMU's SVM has no decode assists (no instruction bytes in the VMCB), so
 * the instruction is always fetched through the guest's page tables.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/mmio.h>
#include <asm/x86_emulate.h>

#define PFEC_WRITE      (1U << 1)
#define PFEC_USER       (1U << 2)
#define PFEC_FETCH      (1U << 4)

static const struct hvm_mmio_ops *handlers[HVM_MMIO_MAX];
static unsigned int nr_handlers;

void hvm_mmio_register(const struct hvm_mmio_ops *ops)
{
    BUG_ON(nr_handlers >= ARRAY_SIZE(handlers));
    handlers[nr_handlers++] = ops;
}

const struct hvm_mmio_ops *hvm_mmio_find(struct vcpu *v, uint64_t gpa)
{
    unsigned int i;

    for ( i = 0; i < nr_handlers; i++ )
        if ( handlers[i]->accepts(v, gpa) )
            return handlers[i];
    return NULL;
}

struct mmio_ctxt {
    struct vcpu *v;
    unsigned int cpl;
};

static struct vcpu *ctxt_vcpu(const struct x86_emulate_ctxt *ctxt)
{
    return ((const struct mmio_ctxt *)ctxt->data)->v;
}

static int translate(struct x86_emulate_ctxt *ctxt, unsigned long linear,
                     uint32_t pfec, uint64_t *gpa)
{
    const struct mmio_ctxt *c = ctxt->data;

    if ( hvm_gva_to_gpa(c->v, linear, pfec & PFEC_WRITE, gpa) )
        return X86EMUL_OKAY;
    if ( c->cpl == 3 )
        pfec |= PFEC_USER;
    return x86_emul_pagefault(pfec, linear, ctxt);
}

static int mmio_fetch(unsigned long linear, void *buf, unsigned int bytes,
                      struct x86_emulate_ctxt *ctxt)
{
    uint64_t gpa;
    int rc = translate(ctxt, linear, PFEC_FETCH, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    return copy_from_guest_va(ctxt_vcpu(ctxt), buf, linear, bytes)
           ? X86EMUL_UNHANDLEABLE : X86EMUL_OKAY;
}

static int mmio_read(enum x86_segment seg, unsigned long linear, void *val,
                     unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    struct vcpu *v = ctxt_vcpu(ctxt);
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = translate(ctxt, linear, 0, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    dev = hvm_mmio_find(v, gpa);
    if ( !dev )
        return copy_from_guest_va(v, val, linear, bytes)
               ? X86EMUL_UNHANDLEABLE : X86EMUL_OKAY;
    if ( bytes > sizeof(data) || !dev->accepts(v, gpa + bytes - 1) )
        return X86EMUL_UNHANDLEABLE;
    rc = dev->read(v, gpa, bytes, &data);
    memcpy(val, &data, bytes);
    return rc;
}

static int mmio_write(enum x86_segment seg, unsigned long linear,
                      const void *val, unsigned int bytes,
                      struct x86_emulate_ctxt *ctxt)
{
    struct vcpu *v = ctxt_vcpu(ctxt);
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = translate(ctxt, linear, PFEC_WRITE, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    dev = hvm_mmio_find(v, gpa);
    if ( !dev )
        return copy_to_guest_va(v, linear, val, bytes)
               ? X86EMUL_UNHANDLEABLE : X86EMUL_OKAY;
    if ( bytes > sizeof(data) || !dev->accepts(v, gpa + bytes - 1) )
        return X86EMUL_UNHANDLEABLE;
    memcpy(&data, val, bytes);
    return dev->write(v, gpa, bytes, data);
}

static const struct x86_emulate_ops mmio_ops = {
    .insn_fetch = mmio_fetch,
    .read = mmio_read,
    .write = mmio_write,
};

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

static void emulation_failed(struct vcpu *v, const struct x86_emulate_ctxt *c,
                             const struct hvm_mmio_ops *dev, uint64_t gpa)
{
    const struct x86_insn *i = &c->insn;

    printk(XENLOG_G_ERR "%pv: cannot emulate the %s access at gpa %#lx: "
           "insn len %u bytes %02x %02x %02x %02x %02x %02x\n", v,
           dev->name, gpa, i->len, i->bytes[0], i->bytes[1], i->bytes[2],
           i->bytes[3], i->bytes[4], i->bytes[5]);
    domain_crash(v->domain);
}

bool hvm_mmio_emulate(struct vcpu *v, struct cpu_regs *regs, uint64_t gpa)
{
    const struct hvm_mmio_ops *dev = hvm_mmio_find(v, gpa);
    struct x86_emul_regs er;
    struct mmio_ctxt c = { .v = v };
    struct x86_emulate_ctxt ctxt = {
        .regs = &er, .data = &c, .max_reps = 1,
    };
    int rc;

    if ( !dev )
        return false;
    regs_in(v, regs, &er);
    ctxt.mode = hvm_insn_mode(v);
    c.cpl = ctxt.mode == X86_MODE_VM86 ? 3 : hvm_get_reg(v, HVM_CPL);
    ctxt.cpl = c.cpl;
    ctxt.amd_like = hvm_cpuid_amd_like(v->domain);
    rc = x86_emulate(&ctxt, &mmio_ops);
    switch ( rc )
    {
    case X86EMUL_OKAY:
        regs_out(&er, regs);
        break;
    case X86EMUL_EXCEPTION:
        inject_fault(v, &ctxt.event);
        break;
    case X86EMUL_RETRY:
        break;                  /* re-execute: it faults again */
    default:
        emulation_failed(v, &ctxt, dev, gpa);
        break;
    }
    return true;
}
