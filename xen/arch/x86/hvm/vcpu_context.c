/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VCPUOP_initialise for HVM/PVH vCPUs: the start state a guest gives a
 * secondary vCPU as struct vcpu_hvm_context (public/hvm/hvm_vcpu.h), as
 * Xen 4.17's arch_set_info_hvm_guest() takes it.  32-bit mode gives CS,
 * DS, SS, ES and TR in full; 64-bit mode gets flat segments and a 64-bit
 * code segment.  Everything is checked before anything is written, so a
 * refused context leaves the vCPU as it was.
 *
 * We check more than Xen where Xen relies on its CR intercepts to catch
 * later what we would pass straight to the hardware: reserved CR0 bits,
 * CR4 bits outside a small safe set, EFER bits other than LME, LMA, NXE,
 * SCE, and a paging mode the processor refuses (long mode without PAE or
 * PG, PG without PE, NW without CD).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <public/hvm/hvm_vcpu.h>

/* Attribute bits of the packed (SVM) format. */
#define AR_TYPE(a)  ((a) & 0xf)
#define AR_S        (1U << 4)
#define AR_DPL(a)   (((a) >> 5) & 3)
#define AR_P        (1U << 7)
#define AR_G        (1U << 11)

#define CR0_KNOWN   (X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS | \
                     X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_AM | \
                     X86_CR0_NW | X86_CR0_CD | X86_CR0_PG)
#define CR4_SAFE    (0x1UL /* VME */ | 0x2UL /* PVI */ | 0x4UL /* TSD */ | \
                     0x8UL /* DE */ | X86_CR4_PSE | X86_CR4_PAE | \
                     X86_CR4_PGE | 0x100UL /* PCE */ | X86_CR4_OSFXSR | \
                     X86_CR4_OSXMMEXCPT)
#define EFER_OK     (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)
/* Arithmetic, TF, IF, DF, OF, IOPL, NT, AC, VIF, VIP, ID; not VM, RF. */
#define EFLAGS_OK   0x3c7fd5UL

struct hvm_ctx_state {
    struct segment_register cs, ds, ss, es, tr;
    uint64_t cr0, cr3, cr4, efer;
    struct cpu_regs regs;
};

/* Xen's check_segment(): what each register may hold. */
static int check_segment(const struct segment_register *r,
                         enum x86_segment seg)
{
    unsigned int type = AR_TYPE(r->attr);

    if ( r->attr & 0xf000 )
        return -EINVAL;
    if ( !r->attr )
        return seg == x86_seg_ds || seg == x86_seg_es ? 0 : -EINVAL;
    if ( seg == x86_seg_tr ? (r->attr & AR_S) || type != 0xb
                           : !(r->attr & AR_S) )
        return -EINVAL;
    if ( !(r->attr & AR_P) )
        return -EINVAL;
    switch ( seg )
    {
    case x86_seg_cs:
        return type & 0x8 ? 0 : -EINVAL;
    case x86_seg_ss:
        return (type & 0x8) || !(type & 0x2) ? -EINVAL : 0;
    case x86_seg_ds:
    case x86_seg_es:
        return (type & 0x8) && !(type & 0x2) ? -EINVAL : 0;
    default:
        return 0;
    }
}

static struct segment_register seg_of(uint16_t ar, uint32_t limit,
                                      uint32_t base)
{
    struct segment_register s = { 0, ar, limit, base };

    if ( s.attr & AR_P )
        s.attr |= 1;                        /* accessed */
    return s;
}

static int ctx_from_32(struct hvm_ctx_state *s,
                       const struct vcpu_hvm_x86_32 *r)
{
    uint32_t limit;
    int rc;

    if ( r->pad1 || r->pad2[0] || r->pad2[1] || r->pad2[2] )
        return -EINVAL;
    s->cs = seg_of(r->cs_ar, r->cs_limit, r->cs_base);
    s->ds = seg_of(r->ds_ar, r->ds_limit, r->ds_base);
    s->ss = seg_of(r->ss_ar, r->ss_limit, r->ss_base);
    s->es = seg_of(r->es_ar, r->es_limit, r->es_base);
    s->tr = (struct segment_register){ 0, r->tr_ar | 2 /* busy */,
                                       r->tr_limit, r->tr_base };
    rc = check_segment(&s->cs, x86_seg_cs) |
         check_segment(&s->ds, x86_seg_ds) |
         check_segment(&s->ss, x86_seg_ss) |
         check_segment(&s->es, x86_seg_es) |
         check_segment(&s->tr, x86_seg_tr);
    if ( rc )
        return -EINVAL;
    limit = s->cs.attr & AR_G ? (s->cs.limit << 12) | 0xfff : s->cs.limit;
    if ( r->eip > limit || AR_DPL(s->ss.attr) != AR_DPL(s->cs.attr) ||
         ((s->ds.attr & AR_P) && AR_DPL(s->ds.attr) > AR_DPL(s->cs.attr)) ||
         ((s->es.attr & AR_P) && AR_DPL(s->es.attr) > AR_DPL(s->cs.attr)) )
        return -EINVAL;
    s->regs.rax = r->eax;
    s->regs.rcx = r->ecx;
    s->regs.rdx = r->edx;
    s->regs.rbx = r->ebx;
    s->regs.rsp = r->esp;
    s->regs.rbp = r->ebp;
    s->regs.rsi = r->esi;
    s->regs.rdi = r->edi;
    s->regs.rip = r->eip;
    s->regs.rflags = r->eflags;
    s->cr0 = r->cr0;
    s->cr3 = r->cr3;
    s->cr4 = r->cr4;
    s->efer = r->efer;
    return 0;
}

static int ctx_from_64(struct hvm_ctx_state *s,
                       const struct vcpu_hvm_x86_64 *r)
{
    /* Canonical with 48 address bits. */
    if ( ((int64_t)r->rip << 16 >> 16) != (int64_t)r->rip ||
         !(r->cr0 & X86_CR0_PG) || !(r->cr4 & X86_CR4_PAE) ||
         !(r->efer & EFER_LME) )
        return -EINVAL;
    s->regs.rax = r->rax;
    s->regs.rcx = r->rcx;
    s->regs.rdx = r->rdx;
    s->regs.rbx = r->rbx;
    s->regs.rsp = r->rsp;
    s->regs.rbp = r->rbp;
    s->regs.rsi = r->rsi;
    s->regs.rdi = r->rdi;
    s->regs.rip = r->rip;
    s->regs.rflags = r->rflags;
    s->cr0 = r->cr0;
    s->cr3 = r->cr3;
    s->cr4 = r->cr4;
    s->efer = r->efer;
    s->cs = (struct segment_register){ 0, 0xa9b, ~0U, 0 };
    s->ds = s->ss = s->es = (struct segment_register){ 0, 0xc93, ~0U, 0 };
    s->tr = (struct segment_register){ 0, 0x8b, 0x67, 0 };
    return 0;
}

/* Control registers the processor would accept at VMRUN/VM entry. */
static int check_control(struct hvm_ctx_state *s)
{
    if ( (s->efer & EFER_LMA) && !(s->efer & EFER_LME) )
        return -EINVAL;
    if ( s->efer & EFER_LME )
        s->efer |= EFER_LMA;
    if ( (s->cr0 & ~CR0_KNOWN) || (s->cr4 & ~CR4_SAFE) ||
         (s->efer & ~EFER_OK) || (s->cr3 >> 52) )
        return -EINVAL;
    if ( ((s->cr0 & X86_CR0_NW) && !(s->cr0 & X86_CR0_CD)) ||
         ((s->cr0 & X86_CR0_PG) && !(s->cr0 & X86_CR0_PE)) )
        return -EINVAL;
    /* Long mode: paging with PAE, in one go. */
    if ( (s->efer & EFER_LME) &&
         (!(s->cr0 & X86_CR0_PG) || !(s->cr4 & X86_CR4_PAE)) )
        return -EINVAL;
    if ( !(s->efer & EFER_LMA) && (s->cs.attr & SEG_ATTR_L) )
        return -EINVAL;
    s->regs.rflags = (s->regs.rflags & EFLAGS_OK) | X86_EFLAGS_MBS;
    return 0;
}

static int check_vcpu_context(const struct vcpu_hvm_context *ctx,
                              struct hvm_ctx_state *s)
{
    int rc;

    memset(s, 0, sizeof(*s));
    if ( ctx->pad )
        return -EINVAL;
    switch ( ctx->mode )
    {
    case VCPU_HVM_MODE_32B:
        rc = ctx_from_32(s, &ctx->cpu_regs.x86_32);
        break;
    case VCPU_HVM_MODE_64B:
        rc = ctx_from_64(s, &ctx->cpu_regs.x86_64);
        break;
    default:
        return -EINVAL;
    }
    return rc ?: check_control(s);
}

/*
 * Load a checked context into v, which is down and on no CPU.  The rest
 * of the state (FS, GS, LDTR, GDTR, IDTR, CR2, PAT) is the PVH start
 * state.
 */
static void hvm_load_vcpu_context(struct vcpu *v,
                                  const struct hvm_ctx_state *s)
{
    hvm_vcpu_reset_pvh(v, 0, 0);
    hvm_funcs.set_segment(v, x86_seg_cs, &s->cs);
    hvm_funcs.set_segment(v, x86_seg_ds, &s->ds);
    hvm_funcs.set_segment(v, x86_seg_es, &s->es);
    hvm_funcs.set_segment(v, x86_seg_ss, &s->ss);
    hvm_funcs.set_segment(v, x86_seg_tr, &s->tr);
    /* CR4 and EFER before CR0 and CR3: their meaning depends on them. */
    hvm_set_reg(v, HVM_CR4, s->cr4);
    hvm_set_reg(v, HVM_EFER, s->efer);
    hvm_set_reg(v, HVM_CR0, s->cr0);
    hvm_set_reg(v, HVM_CR3, s->cr3);
    v->arch.user_regs = s->regs;
}

int hvm_set_vcpu_context(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
    struct hvm_ctx_state s;
    int rc = check_vcpu_context(ctx, &s);

    if ( rc )
        return rc;
    hvm_load_vcpu_context(v, &s);
    return 0;
}
