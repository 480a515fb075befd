/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event injection through the VMCB's EVENTINJ field (AMD APM vol. 2,
 * 15.20 "Event Injection").  One event at a time; an exception raised
 * while one is pending follows the x86 rules for double faults.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/vlapic.h>
#include <asm/processor.h>

#include "svm.h"

#define X86_EXC_DF_VEC  8

static uint64_t encode(const struct hvm_event *e)
{
    uint64_t ev = e->vector | ((uint64_t)e->type << EVENTINJ_TYPE_SHIFT) |
                  EVENTINJ_VALID;

    if ( e->error_code >= 0 )
        ev |= EVENTINJ_EV | ((uint64_t)(uint32_t)e->error_code << 32);
    return ev;
}

/* Do faults a and b (both pending) combine into a double fault? */
static bool is_contributory_or_pf(uint8_t vec)
{
    return vec == 0 || (vec >= 10 && vec <= 14);
}

void svm_inject_event(struct vcpu *v, const struct hvm_event *e)
{
    struct vmcb *vmcb = vcpu_vmcb(v);
    struct hvm_event df = { X86_EXC_DF_VEC, X86_EVENTTYPE_HW_EXC, 0 };
    uint64_t cur = vmcb->eventinj;

    if ( (cur & EVENTINJ_VALID) && e->type == X86_EVENTTYPE_HW_EXC &&
         ((cur >> EVENTINJ_TYPE_SHIFT) & 7) == X86_EVENTTYPE_HW_EXC )
    {
        uint8_t first = cur & 0xff;

        if ( first == X86_EXC_DF_VEC )
        {
            /* A fault while delivering #DF: the guest triple-faults. */
            hvm_triple_fault(v, "fault while injecting #DF");
            return;
        }
        if ( is_contributory_or_pf(first) && is_contributory_or_pf(e->vector) )
            e = &df;
    }
    vmcb->eventinj = encode(e);
    /*
     * An injected NMI does not block the next one as a real NMI does
     * (until the handler's IRET): without that a second NMI could nest
     * on the handler's IST stack.  The IRET intercept is our NMI mask,
     * as in Xen's svm_inject_nmi(); exits.c lifts it.
     */
    if ( e->type == X86_EVENTTYPE_NMI )
        vmcb->intercepts1 |= INTERCEPT_IRET;
}

bool svm_event_pending(const struct vcpu *v)
{
    return vcpu_vmcb(v)->eventinj & EVENTINJ_VALID;
}

bool svm_get_event(const struct vcpu *v, struct hvm_event *e)
{
    uint64_t ev = vcpu_vmcb(v)->eventinj;

    if ( !(ev & EVENTINJ_VALID) )
        return false;
    e->vector = ev & 0xff;
    e->type = (ev >> EVENTINJ_TYPE_SHIFT) & 7;
    e->error_code = (ev & EVENTINJ_EV) ? (int32_t)(ev >> 32) : -1;
    return true;
}

/*
 * Must an event whose delivery a #VMEXIT cut short be injected again?
 * INT n restarts with its instruction.  So do INT3 and INTO: SVM reports
 * them as exceptions (type 3) but leaves RIP on the instruction, and
 * injecting them would push that RIP instead of the next one's.
 */
static bool needs_reinjection(uint64_t info)
{
    unsigned int type = (info >> EVENTINJ_TYPE_SHIFT) & 7;
    uint8_t vec = info & 0xff;

    if ( !(info & EVENTINJ_VALID) || type == X86_EVENTTYPE_SW_INT )
        return false;
    return type != X86_EVENTTYPE_HW_EXC || (vec != 3 && vec != 4);
}

void svm_reinject_interrupted_event(struct vcpu *v)
{
    struct vmcb *vmcb = vcpu_vmcb(v);

    /* EXITINTINFO has EVENTINJ's format. */
    if ( needs_reinjection(vmcb->exitintinfo) )
        vmcb->eventinj = vmcb->exitintinfo;
    vmcb->exitintinfo = 0;
}

/*
 * Interrupt windows (AMD APM vol. 2, 15.21 "Injecting Virtual (INTR)
 * Interrupts"): a virtual interrupt (V_IRQ) the guest would take as soon
 * as RFLAGS.IF and the interrupt shadow allow, intercepted (VINTR) before
 * it is delivered, so we inject the real one at that point.  V_IGN_TPR:
 * the vLAPIC already applied its priorities.
 */
bool svm_intr_blocked(const struct vcpu *v, bool nmi)
{
    const struct vmcb *vmcb = vcpu_vmcb(v);

    if ( (vmcb->eventinj & EVENTINJ_VALID) || (vmcb->interrupt_shadow & 1) )
        return true;
    if ( nmi && (vmcb->intercepts1 & INTERCEPT_IRET) )
        return true;
    return !nmi && !(vmcb->rflags & X86_EFLAGS_IF);
}

void svm_intr_window(struct vcpu *v, bool on)
{
    struct vmcb *vmcb = vcpu_vmcb(v);

    if ( on )
    {
        vmcb->vintr |= VINTR_IRQ | VINTR_IGN_TPR |
                       (0xfUL << VINTR_PRIO_SHIFT);
        vmcb->intercepts1 |= INTERCEPT_VINTR;
        return;
    }
    vmcb->vintr &= ~(VINTR_IRQ | VINTR_IGN_TPR |
                     (0xfUL << VINTR_PRIO_SHIFT));
    vmcb->intercepts1 &= ~INTERCEPT_VINTR;
}

/* Just before VMRUN, GIF clear: the guest's CR8 mirrors the TPR. */
void svm_intr_assist(struct vcpu *v)
{
    struct vmcb *vmcb = vcpu_vmcb(v);
    struct vlapic *vl = vcpu_vlapic(v);

    hvm_intr_assist(v);
    if ( vl )
        vmcb->vintr = (vmcb->vintr & ~VINTR_TPR_MASK) |
                      vlapic_get_tpr_cr8(vl);
}

/* After #VMEXIT: a CR8 write the guest made lands in V_TPR. */
void svm_intr_sync_tpr(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ( vl )
        vlapic_set_tpr_cr8(vl, vcpu_vmcb(v)->vintr & VINTR_TPR_MASK);
}
