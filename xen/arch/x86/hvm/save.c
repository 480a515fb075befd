/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM save format (public/hvm/save.h, public/arch-x86/hvm/save.h) for
 * XEN_DOMCTL_gethvmcontext, _gethvmcontext_partial and _sethvmcontext:
 * a HEADER record, then records each behind a hvm_save_descriptor, then
 * an END descriptor (typecode 0).  As Xen 4.17's hvm_save(), record type
 * by record type, each for every vCPU that has one:
 *
 * - CPU: the registers as Xen's hvm_save_cpu_ctxt() (segment attributes
 *   in the packed 12-bit format), the FXSAVE image (flags
 *   XEN_X86_FPU_INITIALISED), the SYSCALL/SYSENTER MSRs and shadow GS,
 *   the guest's TSC (all vCPUs against one host TSC reading, as Xen's
 *   sync_tsc, so their offsets keep their distance), an event queued
 *   for injection; none for a vCPU that is down;
 * - LAPIC and LAPIC_REGS (hvm/vlapic-save.c): the vLAPIC and its timer;
 * - MTRR: the PAT (no MTRRs are emulated);
 * - CPU_MSR (hvm/msr.c): DEBUGCTL, when not 0.
 *
 * Not saved, as a PVH guest has none of it: PIC, IOAPIC, PIT, RTC, HPET,
 * PM timer, IRQ routing, viridian; no CPU_XSAVE (guests get no XSAVE),
 * no TSC_ADJUST (not modelled).  The debug registers are saved at their
 * reset values and MSR_TSC_AUX as 0 (neither is modelled).  hvm/restore.c
 * loads what this writes.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/fpu.h>
#include <asm/hvm/save.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/hvm/save.h>

BUILD_BUG_ON(sizeof(struct hvm_save_descriptor) != 8);
BUILD_BUG_ON(sizeof(struct hvm_save_header) != 24);
BUILD_BUG_ON(sizeof(struct hvm_hw_cpu) != 1032);
BUILD_BUG_ON(sizeof(struct hvm_hw_mtrr) != 240);
BUILD_BUG_ON(sizeof(struct hvm_msr) != 8);
BUILD_BUG_ON(sizeof(struct hvm_one_msr) != 16);

#define DESC_LEN        sizeof(struct hvm_save_descriptor)
#define MTRR_CAP_DEFAULT 0x508      /* 8 variable, fixed, WC (Xen's) */
#define DR6_DEFAULT     0xffff0ff0UL
#define DR7_DEFAULT     0x400UL

/* A context being written or read. */
struct hvm_ctx {
    uint8_t *data;
    uint32_t size, cur;
};

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

static void save_msrs(const struct vcpu *v, struct hvm_hw_cpu *c)
{
    c->msr_star = hvm_get_reg(v, HVM_STAR);
    c->msr_lstar = hvm_get_reg(v, HVM_LSTAR);
    c->msr_cstar = hvm_get_reg(v, HVM_CSTAR);
    c->msr_syscall_mask = hvm_get_reg(v, HVM_SFMASK);
    c->shadow_gs = hvm_get_reg(v, HVM_SHADOW_GS);
    c->sysenter_cs = hvm_get_reg(v, HVM_SYSENTER_CS);
    c->sysenter_esp = hvm_get_reg(v, HVM_SYSENTER_ESP);
    c->sysenter_eip = hvm_get_reg(v, HVM_SYSENTER_EIP);
}

/* Xen's pending_event: VMX interruption-information layout. */
static void save_event(const struct vcpu *v, struct hvm_hw_cpu *c)
{
    struct hvm_event e;

    if ( !hvm_funcs.get_event || !hvm_funcs.get_event(v, &e) )
        return;
    c->pending_event = e.vector | ((uint32_t)(e.type & 7) << 8) |
                       (1U << 31);
    if ( e.error_code >= 0 )
    {
        c->pending_event |= 1U << 11;
        c->error_code = e.error_code;
    }
}

/* The vCPU is paused (off every CPU): its registers are in arch. */
static int save_cpu(const struct vcpu *v, void *rec, uint64_t host_tsc)
{
    struct hvm_hw_cpu *c = rec;

    if ( test_bit(_VPF_down, &v->pause_flags) )
        return -ENODATA;
    memset(c, 0, sizeof(*c));
    save_gprs(&v->arch.user_regs, c);
    c->cr0 = hvm_get_reg(v, HVM_CR0);
    c->cr2 = hvm_get_reg(v, HVM_CR2);
    c->cr3 = hvm_get_reg(v, HVM_CR3);
    c->cr4 = hvm_get_reg(v, HVM_CR4);
    c->msr_efer = hvm_get_reg(v, HVM_EFER);
    c->dr6 = DR6_DEFAULT;
    c->dr7 = DR7_DEFAULT;
    fpu_get_image(v, c->fpu_regs);
    c->flags = XEN_X86_FPU_INITIALISED;
    c->tsc = host_tsc + v->arch.tsc_offset;
    save_segments(v, c);
    save_msrs(v, c);
    save_event(v, c);
    return sizeof(*c);
}

static int save_mtrr(const struct vcpu *v, void *rec, uint64_t host_tsc)
{
    struct hvm_hw_mtrr *m = rec;

    memset(m, 0, sizeof(*m));
    m->msr_pat_cr = v->arch.guest_pat;
    m->msr_mtrr_cap = MTRR_CAP_DEFAULT;
    return sizeof(*m);
}

static int save_lapic(const struct vcpu *v, void *rec, uint64_t host_tsc)
{
    return vcpu_vlapic(v) ? vlapic_save_hidden(v, rec) : -ENODATA;
}

static int save_lapic_regs(const struct vcpu *v, void *rec,
                           uint64_t host_tsc)
{
    return vcpu_vlapic(v) ? vlapic_save_regs(v, rec) : -ENODATA;
}

static int save_msr(const struct vcpu *v, void *rec, uint64_t host_tsc)
{
    return hvm_save_msrs(v, rec);
}

/* A record type: its most bytes, and a vCPU's record (-ENODATA: none). */
struct save_type {
    uint16_t code;
    uint16_t max;
    int (*save)(const struct vcpu *v, void *rec, uint64_t host_tsc);
};

static const struct save_type save_types[] = {
    { HVM_SAVE_CODE(CPU), sizeof(struct hvm_hw_cpu), save_cpu },
    { HVM_SAVE_CODE(LAPIC), sizeof(struct hvm_hw_lapic), save_lapic },
    { HVM_SAVE_CODE(LAPIC_REGS), sizeof(struct hvm_hw_lapic_regs),
      save_lapic_regs },
    { HVM_SAVE_CODE(MTRR), sizeof(struct hvm_hw_mtrr), save_mtrr },
    { CPU_MSR_CODE, HVM_MSR_SAVE_MAX, save_msr },
};

/* The largest record, for the buffers below. */
#define REC_MAX     sizeof(struct hvm_hw_cpu)
BUILD_BUG_ON(sizeof(struct hvm_hw_lapic_regs) > REC_MAX);
BUILD_BUG_ON(HVM_MSR_SAVE_MAX > REC_MAX);

size_t hvm_save_size(const struct domain *d)
{
    size_t per_vcpu = 0;
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(save_types); i++ )
        per_vcpu += DESC_LEN + save_types[i].max;
    return DESC_LEN + sizeof(struct hvm_save_header) +
           d->max_vcpus * per_vcpu + DESC_LEN;
}

/* Every vCPU's record of type t (rec: REC_MAX bytes of scratch). */
static int save_type(struct domain *d, const struct save_type *t,
                     struct hvm_ctx *h, void *rec, uint64_t host_tsc)
{
    struct vcpu *v;
    int len, rc = 0;

    for_each_vcpu ( d, v )
    {
        len = t->save(v, rec, host_tsc);
        if ( len >= 0 )
            rc = put_record(h, t->code, v->vcpu_id, rec, len);
        if ( rc )
            break;
    }
    return rc;
}

int hvm_save(struct domain *d, uint8_t *buf, uint32_t size, uint32_t *len)
{
    struct hvm_ctx h = { buf, size, 0 };
    struct hvm_save_header hdr = {
        .magic = HVM_FILE_MAGIC,
        .version = HVM_FILE_VERSION,
        .cpuid = cpuid_eax(1),
    };
    uint64_t host_tsc = rdtsc();
    void *rec = xmalloc_bytes(REC_MAX);
    unsigned int i;
    int rc = rec ? put_record(&h, HVM_SAVE_CODE(HEADER), 0, &hdr,
                              sizeof(hdr)) : -ENOMEM;

    for ( i = 0; i < ARRAY_SIZE(save_types) && !rc; i++ )
        rc = save_type(d, &save_types[i], &h, rec, host_tsc);
    rc = rc ?: put_record(&h, 0, 0, NULL, 0);
    xfree(rec);
    *len = h.cur;
    return rc;
}

static const struct save_type *find_type(unsigned int code)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(save_types); i++ )
        if ( save_types[i].code == code )
            return &save_types[i];
    return NULL;
}

/*
 * One record of a vCPU: -ENOENT for no such vCPU, -ENODATA if it has
 * none, -EINVAL for a type we do not save, as Xen's hvm_save_one().
 * *len: the room at buf; set to the record's length.
 */
int hvm_save_one(struct domain *d, unsigned int type, unsigned int instance,
                 void *buf, uint64_t *len)
{
    const struct save_type *t = find_type(type);
    struct vcpu *v;
    void *rec;
    int n;

    if ( !t || !type )
        return -EINVAL;
    if ( instance >= d->max_vcpus || !(v = d->vcpu[instance]) )
        return -ENOENT;
    rec = xmalloc_bytes(REC_MAX);
    if ( !rec )
        return -ENOMEM;
    n = t->save(v, rec, rdtsc());
    if ( n >= 0 && buf && *len < (uint64_t)n )
        n = -ENOBUFS;
    if ( n >= 0 && buf )
        memcpy(buf, rec, n);
    if ( n >= 0 )
        *len = n;
    xfree(rec);
    return n < 0 ? n : 0;
}
