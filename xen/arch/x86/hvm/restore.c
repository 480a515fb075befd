/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading an HVM context (XEN_DOMCTL_sethvmcontext), as Xen 4.17's
 * hvm_load(): the HEADER record first (magic and version checked, a
 * different CPU only noted), every vCPU downed, then records until the
 * END descriptor: CPU brings its vCPU up with the registers, FPU image,
 * MSRs, TSC (against one host TSC reading for the whole load) and queued
 * event given; LAPIC and LAPIC_REGS load the vLAPIC and restart its
 * timer; MTRR sets the PAT; CPU_MSR the MSRs it names.  Any other type is
 * -EINVAL.  hvm/save.c describes the format.
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

#define DESC_LEN        sizeof(struct hvm_save_descriptor)
#define SEG_ATTR_MASK   0x0fffU

struct hvm_rd {
    const uint8_t *data;
    uint32_t size, cur;
    uint64_t host_tsc;              /* rdtsc() once, for every vCPU */
};

/* Xen's pending_event: bits 12-30 reserved. */
#define PENDING_RESERVED    0x7ffff000U

/* The next descriptor and its record, or NULL if they overrun. */
static const struct hvm_save_descriptor *next_record(struct hvm_rd *h,
                                                     const void **rec)
{
    const struct hvm_save_descriptor *desc;

    if ( h->size - h->cur < DESC_LEN )
        return NULL;
    desc = (const void *)(h->data + h->cur);
    if ( h->size - h->cur - DESC_LEN < desc->length )
        return NULL;
    *rec = desc + 1;
    h->cur += DESC_LEN + desc->length;
    return desc;
}

static int load_header(struct domain *d, struct hvm_rd *h)
{
    const struct hvm_save_descriptor *desc;
    const struct hvm_save_header *hdr;
    const void *rec;

    desc = next_record(h, &rec);
    if ( !desc || desc->typecode != HVM_SAVE_CODE(HEADER) ||
         desc->length != sizeof(*hdr) )
        return -ENODATA;
    hdr = rec;
    if ( hdr->magic != HVM_FILE_MAGIC || hdr->version != HVM_FILE_VERSION )
    {
        printk(XENLOG_G_ERR "%pd: HVM restore: bad magic %#x or version "
               "%u\n", d, hdr->magic, hdr->version);
        return -EINVAL;
    }
    if ( (hdr->cpuid & ~0xfU) != (cpuid_eax(1) & ~0xfU) )
        printk(XENLOG_G_INFO "%pd: HVM restore: saved on CPU %#x, restored "
               "on %#x\n", d, hdr->cpuid, cpuid_eax(1));
    return 0;
}

/* The CPU record's checked part, as VCPUOP_initialise takes it. */
static void cpu_to_ctx32(const struct hvm_hw_cpu *c,
                         struct vcpu_hvm_context *ctx)
{
    struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

    memset(ctx, 0, sizeof(*ctx));
    ctx->mode = VCPU_HVM_MODE_32B;
    r->eax = c->rax, r->ecx = c->rcx, r->edx = c->rdx, r->ebx = c->rbx;
    r->esp = c->rsp, r->ebp = c->rbp, r->esi = c->rsi, r->edi = c->rdi;
    r->eip = c->rip, r->eflags = c->rflags;
    r->cr0 = c->cr0, r->cr3 = c->cr3, r->cr4 = c->cr4, r->efer = c->msr_efer;
    r->cs_base = c->cs_base, r->cs_limit = c->cs_limit;
    r->cs_ar = c->cs_arbytes;
    r->ds_base = c->ds_base, r->ds_limit = c->ds_limit;
    r->ds_ar = c->ds_arbytes;
    r->ss_base = c->ss_base, r->ss_limit = c->ss_limit;
    r->ss_ar = c->ss_arbytes;
    r->es_base = c->es_base, r->es_limit = c->es_limit;
    r->es_ar = c->es_arbytes;
    r->tr_base = c->tr_base, r->tr_limit = c->tr_limit;
    r->tr_ar = c->tr_arbytes;
}

static void cpu_to_ctx64(const struct hvm_hw_cpu *c,
                         struct vcpu_hvm_context *ctx)
{
    struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

    memset(ctx, 0, sizeof(*ctx));
    ctx->mode = VCPU_HVM_MODE_64B;
    r->rax = c->rax, r->rcx = c->rcx, r->rdx = c->rdx, r->rbx = c->rbx;
    r->rsp = c->rsp, r->rbp = c->rbp, r->rsi = c->rsi, r->rdi = c->rdi;
    r->rip = c->rip, r->rflags = c->rflags;
    r->cr0 = c->cr0, r->cr3 = c->cr3, r->cr4 = c->cr4, r->efer = c->msr_efer;
}

static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/*
 * Xen's checks VCPUOP_initialise does not make, and what the processor
 * demands of the segments loaded as given (VM entry: 16-bit descriptor
 * table limits, canonical bases).
 */
static int check_cpu_extra(const struct hvm_hw_cpu *c)
{
    if ( c->pad0 || (c->flags & ~XEN_X86_FPU_INITIALISED) ||
         (c->msr_tsc_aux >> 32) || (c->pending_event & PENDING_RESERVED) )
        return -EINVAL;
    if ( !canonical(c->msr_lstar) || !canonical(c->msr_cstar) ||
         !canonical(c->shadow_gs) || !canonical(c->sysenter_esp) ||
         !canonical(c->sysenter_eip) )
        return -EINVAL;
    if ( ((c->gdtr_limit | c->idtr_limit) >> 16) ||
         !canonical(c->fs_base) || !canonical(c->gs_base) ||
         !canonical(c->ldtr_base) || !canonical(c->gdtr_base) ||
         !canonical(c->idtr_base) || !canonical(c->tr_base) )
        return -EINVAL;
    if ( (c->fs_arbytes | c->gs_arbytes | c->ldtr_arbytes) & ~SEG_ATTR_MASK )
        return -EINVAL;
    /* 32-bit mode: everything must fit the 32-bit context. */
    if ( !(c->msr_efer & EFER_LMA) &&
         ((c->rip | c->rsp | c->cs_base | c->ds_base | c->ss_base |
           c->es_base | c->tr_base) >> 32) )
        return -EINVAL;
    return 0;
}

static void load_seg(struct vcpu *v, enum x86_segment s, uint32_t sel,
                     uint32_t limit, uint64_t base, uint32_t ar)
{
    struct segment_register r = { sel, ar & SEG_ATTR_MASK, limit, base };

    hvm_funcs.set_segment(v, s, &r);
}

/* What the checked context left at its reset value. */
static void load_cpu_rest(struct vcpu *v, const struct hvm_hw_cpu *c)
{
    struct cpu_regs *r = &v->arch.user_regs;

    load_seg(v, x86_seg_cs, c->cs_sel, c->cs_limit, c->cs_base,
             c->cs_arbytes);
    load_seg(v, x86_seg_ds, c->ds_sel, c->ds_limit, c->ds_base,
             c->ds_arbytes);
    load_seg(v, x86_seg_es, c->es_sel, c->es_limit, c->es_base,
             c->es_arbytes);
    load_seg(v, x86_seg_ss, c->ss_sel, c->ss_limit, c->ss_base,
             c->ss_arbytes);
    load_seg(v, x86_seg_fs, c->fs_sel, c->fs_limit, c->fs_base,
             c->fs_arbytes);
    load_seg(v, x86_seg_gs, c->gs_sel, c->gs_limit, c->gs_base,
             c->gs_arbytes);
    load_seg(v, x86_seg_ldtr, c->ldtr_sel, c->ldtr_limit, c->ldtr_base,
             c->ldtr_arbytes);
    load_seg(v, x86_seg_gdtr, 0, c->gdtr_limit, c->gdtr_base, 0);
    load_seg(v, x86_seg_idtr, 0, c->idtr_limit, c->idtr_base, 0);
    hvm_set_reg(v, HVM_CR2, c->cr2);
    r->r8 = c->r8, r->r9 = c->r9, r->r10 = c->r10, r->r11 = c->r11;
    r->r12 = c->r12, r->r13 = c->r13, r->r14 = c->r14, r->r15 = c->r15;
}

static void load_msrs(struct vcpu *v, const struct hvm_hw_cpu *c)
{
    hvm_set_reg(v, HVM_STAR, c->msr_star);
    hvm_set_reg(v, HVM_LSTAR, c->msr_lstar);
    hvm_set_reg(v, HVM_CSTAR, c->msr_cstar);
    hvm_set_reg(v, HVM_SFMASK, c->msr_syscall_mask);
    hvm_set_reg(v, HVM_SHADOW_GS, c->shadow_gs);
    hvm_set_reg(v, HVM_SYSENTER_CS, c->sysenter_cs);
    hvm_set_reg(v, HVM_SYSENTER_ESP, c->sysenter_esp);
    hvm_set_reg(v, HVM_SYSENTER_EIP, c->sysenter_eip);
}

/*
 * An event the saved vCPU had queued: an interrupt, NMI or hardware
 * exception is queued again (Xen: those it would re-inject); a software
 * one restarts with its instruction.
 */
static void load_event(struct vcpu *v, const struct hvm_hw_cpu *c)
{
    struct hvm_event e = {
        .vector = c->pending_event & 0xff,
        .type = (c->pending_event >> 8) & 7,
        .error_code = (c->pending_event & (1U << 11)) ? c->error_code : -1,
    };

    if ( !(c->pending_event & (1U << 31)) ||
         (e.type != X86_EVENTTYPE_EXT_INTR && e.type != X86_EVENTTYPE_NMI &&
          (e.type != X86_EVENTTYPE_HW_EXC || e.vector >= 32)) )
        return;
    hvm_funcs.inject_event(v, &e);
}

/* What a CPU record holds beyond the registers VCPUOP_initialise sets. */
static int load_cpu_state(struct vcpu *v, const struct hvm_hw_cpu *c,
                          uint64_t host_tsc)
{
    if ( !(c->flags & XEN_X86_FPU_INITIALISED) )
        fpu_vcpu_init(v);
    else if ( fpu_set_image(v, c->fpu_regs) )
        return -EINVAL;
    load_msrs(v, c);
    v->arch.tsc_offset = c->tsc - host_tsc;
    load_event(v, c);
    return 0;
}

static int load_cpu(struct domain *d, unsigned int id,
                    const struct hvm_hw_cpu *c, uint64_t host_tsc)
{
    struct vcpu_hvm_context ctx;
    struct vcpu *v;
    int rc;

    if ( id >= d->max_vcpus || !(v = d->vcpu[id]) )
        return -EINVAL;
    if ( (rc = check_cpu_extra(c)) )
        return rc;
    if ( c->msr_efer & EFER_LMA )
        cpu_to_ctx64(c, &ctx);
    else
        cpu_to_ctx32(c, &ctx);
    if ( (rc = hvm_set_vcpu_context(v, &ctx)) )
        return rc;
    load_cpu_rest(v, c);
    if ( (rc = load_cpu_state(v, c, host_tsc)) )
        return rc;
    v->is_initialised = true;
    clear_bit(_VPF_down, &v->pause_flags);
    vcpu_wake(v);
    return 0;
}

/* Each byte of the PAT a memory type (0, 1, 4-7), as the MSR demands. */
static bool pat_valid(uint64_t pat)
{
    unsigned int i;

    for ( i = 0; i < 8; i++, pat >>= 8 )
        if ( (pat & 0xff) > 7 || (pat & 0xfe) == 2 )
            return false;
    return true;
}

static int load_mtrr(struct domain *d, unsigned int id,
                     const struct hvm_hw_mtrr *m)
{
    if ( id >= d->max_vcpus || !d->vcpu[id] || !pat_valid(m->msr_pat_cr) )
        return -EINVAL;
    d->vcpu[id]->arch.guest_pat = m->msr_pat_cr;
    return 0;
}

/*
 * A CPU record as long as the current one; Xen also takes the older,
 * shorter layout (zero-extended): so do we.
 */
static int load_cpu_record(struct domain *d, unsigned int id,
                           const void *rec, uint32_t len, uint64_t host_tsc)
{
    struct hvm_hw_cpu *c;
    int rc;

    if ( len < sizeof(struct hvm_hw_cpu_compat) ||
         len > sizeof(struct hvm_hw_cpu) )
        return -EINVAL;
    c = xzalloc(struct hvm_hw_cpu);
    if ( !c )
        return -ENOMEM;
    memcpy(c, rec, len);
    rc = load_cpu(d, id, c, host_tsc);
    xfree(c);
    return rc;
}

/* A per-vCPU record of a fixed length: its vCPU, or NULL. */
static struct vcpu *record_vcpu(struct domain *d,
                                const struct hvm_save_descriptor *desc,
                                uint32_t len)
{
    struct vcpu *v;

    if ( desc->length != len || desc->instance >= d->max_vcpus ||
         !(v = d->vcpu[desc->instance]) || !vcpu_vlapic(v) )
        return NULL;
    return v;
}

static int load_record(struct domain *d,
                       const struct hvm_save_descriptor *desc,
                       const void *rec, uint64_t host_tsc)
{
    struct vcpu *v;

    switch ( desc->typecode )
    {
    case HVM_SAVE_CODE(CPU):
        return load_cpu_record(d, desc->instance, rec, desc->length,
                               host_tsc);
    case HVM_SAVE_CODE(MTRR):
        return desc->length == sizeof(struct hvm_hw_mtrr)
               ? load_mtrr(d, desc->instance, rec) : -EINVAL;
    case HVM_SAVE_CODE(LAPIC):
        v = record_vcpu(d, desc, sizeof(struct hvm_hw_lapic));
        return v ? vlapic_load_hidden(v, rec) : -EINVAL;
    case HVM_SAVE_CODE(LAPIC_REGS):
        v = record_vcpu(d, desc, sizeof(struct hvm_hw_lapic_regs));
        return v ? vlapic_load_regs(v, rec) : -EINVAL;
    case CPU_MSR_CODE:
        v = record_vcpu(d, desc, desc->length);
        return v ? hvm_load_msrs(v, rec, desc->length) : -EINVAL;
    }
    return -EINVAL;
}

int hvm_load(struct domain *d, const uint8_t *buf, uint32_t size)
{
    struct hvm_rd h = { buf, size, 0, rdtsc() };
    const struct hvm_save_descriptor *desc;
    const void *rec;
    struct vcpu *v;
    int rc;

    if ( d->is_dying )
        return -EINVAL;
    if ( (rc = load_header(d, &h)) )
        return rc;
    for_each_vcpu ( d, v )
        if ( !test_and_set_bit(_VPF_down, &v->pause_flags) )
            vcpu_sleep_nosync(v);
    while ( (desc = next_record(&h, &rec)) && desc->typecode )
    {
        rc = load_record(d, desc, rec, h.host_tsc);
        if ( rc )
        {
            printk(XENLOG_G_ERR "%pd: HVM restore: record %u/%u: error %d\n",
                   d, desc->typecode, desc->instance, rc);
            return rc;
        }
    }
    return desc ? 0 : -ENODATA;
}
