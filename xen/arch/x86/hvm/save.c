/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM save format (public/hvm/save.h, public/arch-x86/hvm/save.h) for
 * XEN_DOMCTL_gethvmcontext, _gethvmcontext_partial and _sethvmcontext:
 * a HEADER record, then records each behind a hvm_save_descriptor, then
 * an END descriptor (typecode 0).  We save and load, per vCPU, CPU (the
 * registers, as Xen's hvm_save_cpu_ctxt(): segment attributes in the
 * packed 12-bit format) and MTRR (of which we keep the PAT only: no
 * MTRRs are emulated).  A record of any other type is refused with
 * -EINVAL, as Xen refuses a type it has no handler for; a vCPU that is
 * down gets no CPU record (its MTRR record it gets), and loading a context downs every vCPU and
 * brings up those it has a CPU record for (Xen's hvm_load()).
 *
 * A CPU record is checked before anything is written: its control
 * registers and the CS, DS, ES, SS and TR segments go through
 * VCPUOP_initialise's checks (vcpu_context.c), the other segments must
 * have no attribute bits above bit 11.  What we do not model (debug
 * registers, SYSENTER/SYSCALL MSRs, the FPU image, the TSC) is saved as
 * its reset value and ignored on load.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/save.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/hvm/save.h>

BUILD_BUG_ON(sizeof(struct hvm_save_descriptor) != 8);
BUILD_BUG_ON(sizeof(struct hvm_save_header) != 24);
BUILD_BUG_ON(sizeof(struct hvm_hw_cpu) != 1032);
BUILD_BUG_ON(sizeof(struct hvm_hw_mtrr) != 240);

#define DESC_LEN        sizeof(struct hvm_save_descriptor)
#define MTRR_CAP_DEFAULT 0x508      /* 8 variable, fixed, WC (Xen's) */
#define DR6_DEFAULT     0xffff0ff0UL
#define DR7_DEFAULT     0x400UL

/* A context being written or read. */
struct hvm_ctx {
    uint8_t *data;
    uint32_t size, cur;
};

size_t hvm_save_size(const struct domain *d)
{
    return DESC_LEN + sizeof(struct hvm_save_header) +
           d->max_vcpus * (2 * DESC_LEN + sizeof(struct hvm_hw_cpu) +
                           sizeof(struct hvm_hw_mtrr)) + DESC_LEN;
}

static int put_record(struct hvm_ctx *h, uint16_t type, uint16_t instance,
                      const void *rec, uint32_t len)
{
    struct hvm_save_descriptor desc = { type, instance, len };

    if ( h->size - h->cur < DESC_LEN + len )
        return -ENOSPC;
    memcpy(h->data + h->cur, &desc, DESC_LEN);
    memcpy(h->data + h->cur + DESC_LEN, rec, len);
    h->cur += DESC_LEN + len;
    return 0;
}

static void save_seg(const struct vcpu *v, enum x86_segment s,
                     uint32_t *sel, uint32_t *limit, uint64_t *base,
                     uint32_t *ar)
{
    struct segment_register r;

    hvm_funcs.get_segment(v, s, &r);
    if ( sel )
        *sel = r.sel;
    *limit = r.limit;
    *base = r.base;
    if ( ar )
        *ar = r.attr;
}

static void save_segments(const struct vcpu *v, struct hvm_hw_cpu *c)
{
    save_seg(v, x86_seg_cs, &c->cs_sel, &c->cs_limit, &c->cs_base,
             &c->cs_arbytes);
    save_seg(v, x86_seg_ds, &c->ds_sel, &c->ds_limit, &c->ds_base,
             &c->ds_arbytes);
    save_seg(v, x86_seg_es, &c->es_sel, &c->es_limit, &c->es_base,
             &c->es_arbytes);
    save_seg(v, x86_seg_fs, &c->fs_sel, &c->fs_limit, &c->fs_base,
             &c->fs_arbytes);
    save_seg(v, x86_seg_gs, &c->gs_sel, &c->gs_limit, &c->gs_base,
             &c->gs_arbytes);
    save_seg(v, x86_seg_ss, &c->ss_sel, &c->ss_limit, &c->ss_base,
             &c->ss_arbytes);
    save_seg(v, x86_seg_tr, &c->tr_sel, &c->tr_limit, &c->tr_base,
             &c->tr_arbytes);
    save_seg(v, x86_seg_ldtr, &c->ldtr_sel, &c->ldtr_limit, &c->ldtr_base,
             &c->ldtr_arbytes);
    save_seg(v, x86_seg_gdtr, NULL, &c->gdtr_limit, &c->gdtr_base, NULL);
    save_seg(v, x86_seg_idtr, NULL, &c->idtr_limit, &c->idtr_base, NULL);
}

static void save_gprs(const struct cpu_regs *r, struct hvm_hw_cpu *c)
{
    c->rax = r->rax, c->rbx = r->rbx, c->rcx = r->rcx, c->rdx = r->rdx;
    c->rbp = r->rbp, c->rsi = r->rsi, c->rdi = r->rdi, c->rsp = r->rsp;
    c->r8 = r->r8, c->r9 = r->r9, c->r10 = r->r10, c->r11 = r->r11;
    c->r12 = r->r12, c->r13 = r->r13, c->r14 = r->r14, c->r15 = r->r15;
    c->rip = r->rip, c->rflags = r->rflags;
}

/* The vCPU is paused (off every CPU): its registers are in arch. */
static void save_cpu(const struct vcpu *v, struct hvm_hw_cpu *c)
{
    memset(c, 0, sizeof(*c));
    save_gprs(&v->arch.user_regs, c);
    c->cr0 = hvm_get_reg(v, HVM_CR0);
    c->cr2 = hvm_get_reg(v, HVM_CR2);
    c->cr3 = hvm_get_reg(v, HVM_CR3);
    c->cr4 = hvm_get_reg(v, HVM_CR4);
    c->msr_efer = hvm_get_reg(v, HVM_EFER);
    c->dr6 = DR6_DEFAULT;
    c->dr7 = DR7_DEFAULT;
    /* The FXSAVE image's reset FCW and MXCSR. */
    c->fpu_regs[0] = 0x7f, c->fpu_regs[1] = 0x03;
    c->fpu_regs[24] = 0x80, c->fpu_regs[25] = 0x1f;
    save_segments(v, c);
}

static void save_mtrr(const struct vcpu *v, struct hvm_hw_mtrr *m)
{
    memset(m, 0, sizeof(*m));
    m->msr_pat_cr = v->arch.guest_pat;
    m->msr_mtrr_cap = MTRR_CAP_DEFAULT;
}

/* A vCPU that is down has no CPU record; its MTRRs are saved (Xen). */
static int save_vcpu(const struct vcpu *v, struct hvm_ctx *h)
{
    struct hvm_hw_cpu *c;
    struct hvm_hw_mtrr m;
    int rc = 0;

    if ( !test_bit(_VPF_down, &v->pause_flags) )
    {
        c = xmalloc(struct hvm_hw_cpu);
        if ( !c )
            return -ENOMEM;
        save_cpu(v, c);
        rc = put_record(h, HVM_SAVE_CODE(CPU), v->vcpu_id, c, sizeof(*c));
        xfree(c);
    }
    save_mtrr(v, &m);
    return rc ?: put_record(h, HVM_SAVE_CODE(MTRR), v->vcpu_id, &m,
                            sizeof(m));
}

int hvm_save(struct domain *d, uint8_t *buf, uint32_t size, uint32_t *len)
{
    struct hvm_ctx h = { buf, size, 0 };
    struct hvm_save_header hdr = {
        .magic = HVM_FILE_MAGIC,
        .version = HVM_FILE_VERSION,
        .cpuid = cpuid_eax(1),
    };
    struct vcpu *v;
    int rc = put_record(&h, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));

    for_each_vcpu ( d, v )
        if ( !rc )
            rc = save_vcpu(v, &h);
    rc = rc ?: put_record(&h, 0, 0, NULL, 0);
    *len = h.cur;
    return rc;
}

/*
 * One record of a vCPU: -ENOENT for no such vCPU, -ENODATA if it has
 * none (it is down), -EINVAL for a type we do not save, as Xen's
 * hvm_save_one().  *len: the room at buf; set to the record's length.
 */
int hvm_save_one(struct domain *d, unsigned int type, unsigned int instance,
                 void *buf, uint64_t *len)
{
    struct vcpu *v;

    if ( type != HVM_SAVE_CODE(CPU) && type != HVM_SAVE_CODE(MTRR) )
        return -EINVAL;
    if ( instance >= d->max_vcpus || !(v = d->vcpu[instance]) )
        return -ENOENT;
    if ( type == HVM_SAVE_CODE(CPU) )
    {
        if ( test_bit(_VPF_down, &v->pause_flags) )
            return -ENODATA;
        if ( buf && *len >= sizeof(struct hvm_hw_cpu) )
            save_cpu(v, buf);
        else if ( buf )
            return -ENOBUFS;
        *len = sizeof(struct hvm_hw_cpu);
        return 0;
    }
    if ( buf && *len >= sizeof(struct hvm_hw_mtrr) )
        save_mtrr(v, buf);
    else if ( buf )
        return -ENOBUFS;
    *len = sizeof(struct hvm_hw_mtrr);
    return 0;
}
