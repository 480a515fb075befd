/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XEN_DOMCTL_getvcpucontext / XEN_DOMCTL_setvcpucontext for HVM vCPUs:
 * struct vcpu_guest_context (public/arch-x86/xen.h, the native layout:
 * an HVM domain is never a 32-bit PV one), as Xen 4.17's
 * arch_get_info_guest() and arch_set_info_guest() fill and take it for
 * an HVM vCPU.  libxc uses them to resume a guest whose suspend was
 * cancelled (xc_domain_resume(fast): the guest's SCHEDOP_shutdown
 * returns 1, set in user_regs.rax) and to read a vCPU's registers.
 *
 * get: the FXSAVE image (flags VGCF_i387_valid: always, as our FPU
 * state is saved eagerly; Xen sets it once the guest used its FPU),
 * VGCF_online unless the vCPU is down, the general registers, rip, rsp,
 * rflags, the segment
 * selectors, CR0/2/3/4, FS base, the kernel and user GS bases (which is
 * which by the CPL, as Xen), vm_assist; debug registers at their reset
 * values (not modelled).  set: the general registers, rip, rsp, rflags;
 * the FPU image if VGCF_i387_valid, else the reset FPU; online or down
 * by VGCF_online (a vCPU never initialised, by VCPUOP_initialise or a
 * CPU record, stays down: it has no state to run from); vm_assist (vCPU
 * 0); everything else is ignored, as on Xen for HVM.  A null handle
 * resets the vCPU: down, uninitialised.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/fpu.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <public/domctl.h>

#define DR6_DEFAULT     0xffff0ff0UL
#define DR7_DEFAULT     0x400UL
/* RFLAGS bits a guest may hold (bit 1 always set). */
#define RFLAGS_VALID    0x3f7fd5UL
#define RFLAGS_MBS      0x2UL
#define HVM_VM_ASSIST_MASK (1UL << VMASST_TYPE_runstate_update_flag)

BUILD_BUG_ON(sizeof(struct vcpu_guest_context) != 5168);

static void get_regs(const struct cpu_regs *r, struct cpu_user_regs *u)
{
    u->r15 = r->r15, u->r14 = r->r14, u->r13 = r->r13, u->r12 = r->r12;
    u->rbp = r->rbp, u->rbx = r->rbx, u->r11 = r->r11, u->r10 = r->r10;
    u->r9 = r->r9, u->r8 = r->r8, u->rax = r->rax, u->rcx = r->rcx;
    u->rdx = r->rdx, u->rsi = r->rsi, u->rdi = r->rdi;
    u->rip = r->rip, u->rflags = r->rflags, u->rsp = r->rsp;
}

static void set_regs(struct cpu_regs *r, const struct cpu_user_regs *u)
{
    r->r15 = u->r15, r->r14 = u->r14, r->r13 = u->r13, r->r12 = u->r12;
    r->rbp = u->rbp, r->rbx = u->rbx, r->r11 = u->r11, r->r10 = u->r10;
    r->r9 = u->r9, r->r8 = u->r8, r->rax = u->rax, r->rcx = u->rcx;
    r->rdx = u->rdx, r->rsi = u->rsi, r->rdi = u->rdi;
    r->rip = u->rip, r->rsp = u->rsp;
    r->rflags = (u->rflags & RFLAGS_VALID) | RFLAGS_MBS;
}

static uint16_t selector(const struct vcpu *v, enum x86_segment s,
                         uint64_t *base)
{
    struct segment_register r;

    hvm_funcs.get_segment(v, s, &r);
    if ( base )
        *base = r.base;
    return r.sel;
}

static void get_segments(const struct vcpu *v, struct vcpu_guest_context *c)
{
    struct cpu_user_regs *u = &c->user_regs;
    uint64_t gs_base, shadow = hvm_get_reg(v, HVM_SHADOW_GS);

    u->cs = selector(v, x86_seg_cs, NULL);
    u->ss = selector(v, x86_seg_ss, NULL);
    u->ds = selector(v, x86_seg_ds, NULL);
    u->es = selector(v, x86_seg_es, NULL);
    u->fs = selector(v, x86_seg_fs, &c->fs_base);
    u->gs = selector(v, x86_seg_gs, &gs_base);
    /* In ring 0 GS is the kernel's, the shadow the user's (Xen). */
    c->gs_base_kernel = hvm_get_reg(v, HVM_CPL) ? shadow : gs_base;
    c->gs_base_user = hvm_get_reg(v, HVM_CPL) ? gs_base : shadow;
}

/* The vCPU is paused. */
static void get_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    fpu_get_image(v, &c->fpu_ctxt);
    c->flags = VGCF_i387_valid |
               (test_bit(_VPF_down, &v->pause_flags) ? 0 : VGCF_online);
    get_regs(&v->arch.user_regs, &c->user_regs);
    get_segments(v, c);
    c->ctrlreg[0] = hvm_get_reg(v, HVM_CR0);
    c->ctrlreg[2] = hvm_get_reg(v, HVM_CR2);
    c->ctrlreg[3] = hvm_get_reg(v, HVM_CR3);
    c->ctrlreg[4] = hvm_get_reg(v, HVM_CR4);
    c->debugreg[6] = DR6_DEFAULT;
    c->debugreg[7] = DR7_DEFAULT;
    c->vm_assist = v->domain->vm_assist;
}

static struct vcpu *named_vcpu(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

long arch_domctl_getvcpucontext(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = named_vcpu(d, op->u.vcpucontext.vcpu);
    struct vcpu_guest_context *c;
    long rc = 0;

    if ( !v || v == current )
        return -EINVAL;
    if ( !v->is_initialised )
        return -ENODATA;
    c = xmalloc(struct vcpu_guest_context);
    if ( !c )
        return -ENOMEM;
    vcpu_pause(v);
    get_context(v, c);
    vcpu_unpause(v);
    if ( copy_to_guest(guest_handle_addr(op->u.vcpucontext.ctxt), c,
                       sizeof(*c)) )
        rc = -EFAULT;
    xfree(c);
    return rc;
}

/* Xen's vcpu_reset() for an HVM vCPU: down, waiting to be initialised. */
static void reset_vcpu(struct vcpu *v)
{
    set_bit(_VPF_down, &v->pause_flags);
    spin_lock(&v->domain->lock);
    v->is_initialised = false;
    spin_unlock(&v->domain->lock);
    fpu_vcpu_init(v);
    if ( vcpu_vlapic(v) )
        vlapic_reset(vcpu_vlapic(v));
}

/* The domain is paused. */
static int set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    if ( v->vcpu_id == 0 && (c->vm_assist & ~HVM_VM_ASSIST_MASK) )
        return -EINVAL;
    if ( !(c->flags & VGCF_i387_valid) )
        fpu_vcpu_init(v);
    else if ( fpu_set_image(v, &c->fpu_ctxt) )
        return -EINVAL;
    set_regs(&v->arch.user_regs, &c->user_regs);
    if ( v->vcpu_id == 0 )
        v->domain->vm_assist = c->vm_assist;
    /* A vCPU never initialised has no state to run from: it stays down. */
    if ( (c->flags & VGCF_online) && v->is_initialised )
    {
        if ( test_and_clear_bit(_VPF_down, &v->pause_flags) )
            vcpu_wake(v);
    }
    else if ( !(c->flags & VGCF_online) )
        set_bit(_VPF_down, &v->pause_flags);
    return 0;
}

long arch_domctl_setvcpucontext(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = named_vcpu(d, op->u.vcpucontext.vcpu);
    uint64_t addr = guest_handle_addr(op->u.vcpucontext.ctxt);
    struct vcpu_guest_context *c;
    long rc;

    if ( !v )
        return -EINVAL;
    domain_pause(d);
    if ( !addr )
    {
        reset_vcpu(v);
        domain_unpause(d);
        return 0;
    }
    c = xmalloc(struct vcpu_guest_context);
    rc = !c ? -ENOMEM : copy_from_guest(c, addr, sizeof(*c)) ? -EFAULT
                                                          : set_context(v, c);
    domain_unpause(d);
    xfree(c);
    return rc;
}
