/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulating one guest instruction (hvm/emulate.c): the vCPU's registers
 * in and out of the x86 emulator, the instruction fetched through the
 * guest's page tables, a fault it raises injected into the guest.  The
 * callers (emulated MMIO, memory with nothing behind it, CR4 writes)
 * supply the data and control-register hooks.
 */
#ifndef X86_HVM_EMULATE_H
#define X86_HVM_EMULATE_H

#include <xen/types.h>
#include <asm/regs.h>
#include <asm/x86_emulate.h>

struct vcpu;

/* Page-fault error code bits the hooks raise. */
#define PFEC_WRITE      (1U << 1)
#define PFEC_USER       (1U << 2)
#define PFEC_FETCH      (1U << 4)

/* One emulation; ctxt.data points back at it. */
struct hvm_emulate {
    struct x86_emulate_ctxt ctxt;
    struct x86_emul_regs regs;
    struct vcpu *v;
    unsigned int cpl;
    void *priv;                 /* the caller's, for its hooks */
};

static inline struct hvm_emulate *hvm_emulate_of(
    const struct x86_emulate_ctxt *ctxt)
{
    return ctxt->data;
}

/*
 * Guest linear -> guest physical for a hook: X86EMUL_OKAY, or
 * X86EMUL_EXCEPTION with the #PF (pfec plus the user bit at CPL 3) set.
 */
int hvm_emulate_translate(struct x86_emulate_ctxt *ctxt, unsigned long linear,
                          uint32_t pfec, uint64_t *gpa);

/* The insn_fetch hook: through the guest's page tables, from RAM. */
int hvm_emulate_insn_fetch(unsigned long linear, void *buf,
                           unsigned int bytes, struct x86_emulate_ctxt *ctxt);

/*
 * Emulate the instruction at v's RIP (regs: v's register frame) with ops;
 * e->priv may be set beforehand.  X86EMUL_OKAY: registers and RIP
 * updated.  X86EMUL_EXCEPTION: the fault was injected, nothing else
 * changed.  X86EMUL_RETRY or X86EMUL_UNHANDLEABLE: nothing changed (e->ctxt.insn
 * holds what was decoded), the caller decides.
 */
int hvm_emulate_one(struct hvm_emulate *e, struct vcpu *v,
                    struct cpu_regs *regs, const struct x86_emulate_ops *ops);

#endif /* X86_HVM_EMULATE_H */
