/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated MMIO: an instruction that nested-page-faulted on an address a
 * registered device claims, or on one with nothing behind it, is fetched
 * from guest memory, decoded and executed by the x86 emulator; its data
 * accesses go to the device when they hit it, to guest RAM, or to nothing
 * (reads all ones, writes dropped: Xen 4.17's null handler); a write to
 * read-only RAM or a read-only grant map is dropped too.
 *
 * QEMU's SVM has no decode assists (no instruction bytes in the VMCB), so
 * the instruction is always fetched through the guest's page tables.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <asm/hvm/emulate.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/mmio.h>
#include <asm/p2m.h>
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

/*
 * Nothing behind gpa: no RAM, no passed-through MMIO, no device (a frame
 * given back with decrease_reservation, a hole, the hypervisor's memory
 * beyond dom0's RAM).  Xen 4.17 sends such accesses to its null handler.
 */
static bool gpa_is_nothing(struct vcpu *v, uint64_t gpa)
{
    p2m_type_t t;

    p2m_get_entry(v->domain, gpa >> PAGE_SHIFT, &t);
    return t == p2m_invalid || t == p2m_mmio_dm;
}

/*
 * Xen's discard-write types: read-only RAM and read-only grant maps.  A
 * write that faults on one is emulated with the write dropped, the
 * instruction's reads served from the frame (Xen 4.17's
 * hvm_hap_nested_page_fault(): p2m_is_discard_write() goes to the MMIO
 * emulator; what it cannot emulate gets #GP), instead of crashing the
 * domain.
 */
static bool gpa_discards_writes(struct vcpu *v, uint64_t gpa)
{
    p2m_type_t t;

    p2m_get_entry(v->domain, gpa >> PAGE_SHIFT, &t);
    return t == p2m_ram_ro || t == p2m_grant_map_ro;
}

/* A read of a read-only grant map: the granter's frame, referenced. */
static int read_granted(struct vcpu *v, uint64_t gpa, void *val,
                        unsigned int bytes)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(v->domain, gpa >> PAGE_SHIFT, &t);
    struct page_info *pg;

    if ( t != p2m_grant_map_ro || !mfn_valid(mfn) )
        return X86EMUL_UNHANDLEABLE;
    pg = mfn_to_page(mfn);
    if ( !page_get_ref(pg, READ_ONCE(pg->u.owner)) )
        return X86EMUL_UNHANDLEABLE;
    memcpy(val, (const uint8_t *)mfn_to_virt(mfn) + (gpa & ~PAGE_MASK),
           bytes);
    page_put_ref(pg);
    return X86EMUL_OKAY;
}

/* Bytes of an access at linear that lie in its first page. */
static unsigned int in_page(unsigned long linear, unsigned int bytes)
{
    unsigned int room = PAGE_SIZE - (linear & ~PAGE_MASK);

    return bytes < room ? bytes : room;
}

/*
 * One piece of a data read within a page: from the device claiming it,
 * RAM, or nothing (all ones).
 */
static int read_piece(struct x86_emulate_ctxt *ctxt, unsigned long linear,
                      void *val, unsigned int bytes, bool whole)
{
    struct vcpu *v = hvm_emulate_of(ctxt)->v;
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = hvm_emulate_translate(ctxt, linear, 0, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    dev = hvm_mmio_find(v, gpa);
    if ( !dev )
    {
        if ( !copy_from_guest_va(v, val, linear, bytes) )
            return X86EMUL_OKAY;
        if ( gpa_discards_writes(v, gpa) )
            return read_granted(v, gpa, val, bytes);
        if ( !gpa_is_nothing(v, gpa) )
            return X86EMUL_UNHANDLEABLE;
        memset(val, 0xff, bytes);
        return X86EMUL_OKAY;
    }
    if ( !whole || bytes > sizeof(data) || !dev->accepts(v, gpa + bytes - 1) )
        return X86EMUL_UNHANDLEABLE;
    rc = dev->read(v, gpa, bytes, &data);
    memcpy(val, &data, bytes);
    return rc;
}

/* One piece of a data write within a page; nothing drops it. */
static int write_piece(struct x86_emulate_ctxt *ctxt, unsigned long linear,
                       const void *val, unsigned int bytes, bool whole)
{
    struct vcpu *v = hvm_emulate_of(ctxt)->v;
    const struct hvm_mmio_ops *dev;
    uint64_t gpa, data = 0;
    int rc = hvm_emulate_translate(ctxt, linear, PFEC_WRITE, &gpa);

    if ( rc != X86EMUL_OKAY )
        return rc;
    dev = hvm_mmio_find(v, gpa);
    if ( !dev )
    {
        if ( !copy_to_guest_va(v, linear, val, bytes) )
            return X86EMUL_OKAY;
        return gpa_is_nothing(v, gpa) || gpa_discards_writes(v, gpa)
               ? X86EMUL_OKAY : X86EMUL_UNHANDLEABLE;
    }
    if ( !whole || bytes > sizeof(data) || !dev->accepts(v, gpa + bytes - 1) )
        return X86EMUL_UNHANDLEABLE;
    memcpy(&data, val, bytes);
    return dev->write(v, gpa, bytes, data);
}

/*
 * Data accesses, split at page boundaries (each page may be backed
 * differently); a device must get an access whole.
 */
static int mmio_read(enum x86_segment seg, unsigned long linear, void *val,
                     unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    unsigned int n = in_page(linear, bytes);
    int rc = read_piece(ctxt, linear, val, n, n == bytes);

    if ( rc == X86EMUL_OKAY && n < bytes )
        rc = read_piece(ctxt, linear + n, (uint8_t *)val + n, bytes - n,
                        false);
    return rc;
}

static int mmio_write(enum x86_segment seg, unsigned long linear,
                      const void *val, unsigned int bytes,
                      struct x86_emulate_ctxt *ctxt)
{
    unsigned int n = in_page(linear, bytes);
    int rc = write_piece(ctxt, linear, val, n, n == bytes);

    if ( rc == X86EMUL_OKAY && n < bytes )
        rc = write_piece(ctxt, linear + n, (const uint8_t *)val + n,
                         bytes - n, false);
    return rc;
}

static const struct x86_emulate_ops mmio_ops = {
    .insn_fetch = hvm_emulate_insn_fetch,
    .read = mmio_read,
    .write = mmio_write,
};

/*
 * An instruction we cannot emulate (or fetch: code in nothing) gets
 * #GP(0), as Xen 4.17's handle_mmio() failing does ("MMIO emulation
 * failed"); the domain runs on.
 */
static void emulation_failed(struct vcpu *v, const struct x86_emulate_ctxt *c,
                             const char *what, uint64_t gpa)
{
    const struct x86_insn *i = &c->insn;

    printk(XENLOG_G_WARNING "%pv: MMIO emulation failed (%s at gpa %#lx, "
           "rip %#lx): insn len %u bytes %02x %02x %02x %02x %02x %02x\n",
           v, what, gpa, c->regs->rip, i->len, i->bytes[0], i->bytes[1],
           i->bytes[2], i->bytes[3], i->bytes[4], i->bytes[5]);
    hvm_inject_gp(v);
}

bool hvm_mmio_emulate(struct vcpu *v, struct cpu_regs *regs, uint64_t gpa)
{
    const struct hvm_mmio_ops *dev = hvm_mmio_find(v, gpa);
    struct hvm_emulate e;

    if ( !dev && !gpa_is_nothing(v, gpa) && !gpa_discards_writes(v, gpa) )
        return false;
    switch ( hvm_emulate_one(&e, v, regs, &mmio_ops) )
    {
    case X86EMUL_OKAY:
    case X86EMUL_EXCEPTION:
    case X86EMUL_RETRY:             /* re-execute: it faults again */
        break;
    default:
        emulation_failed(v, &e.ctxt, dev ? dev->name : "nothing", gpa);
        break;
    }
    return true;
}
