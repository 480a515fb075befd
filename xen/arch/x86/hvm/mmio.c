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
#include <asm/hvm/emulate.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/mmio.h>
#include <asm/x86_emulate.h>

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

static int mmio_read(enum x86_segment seg, unsigned long linear, void *val,
                     unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    struct vcpu *v = hvm_emulate_of(ctxt)->v;
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = hvm_emulate_translate(ctxt, linear, 0, &gpa);

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
    struct vcpu *v = hvm_emulate_of(ctxt)->v;
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = hvm_emulate_translate(ctxt, linear, PFEC_WRITE, &gpa);

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
    .insn_fetch = hvm_emulate_insn_fetch,
    .read = mmio_read,
    .write = mmio_write,
};

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
    struct hvm_emulate e;

    if ( !dev )
        return false;
    switch ( hvm_emulate_one(&e, v, regs, &mmio_ops) )
    {
    case X86EMUL_OKAY:
    case X86EMUL_EXCEPTION:
    case X86EMUL_RETRY:             /* re-execute: it faults again */
        break;
    default:
        emulation_failed(v, &e.ctxt, dev, gpa);
        break;
    }
    return true;
}
