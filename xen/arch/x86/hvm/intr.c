/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Getting interrupts into HVM/PVH vCPUs, the vendor-neutral half: which
 * source is most urgent, whether it wakes a halted vCPU, and injecting
 * it before entry (the backends say whether the guest can take it and
 * open an interrupt window when it cannot).
 *
 * Sources by priority: NMI, the Xen callback vector (injected directly
 * while the guest's evtchn_upcall_pending is set, no IRR/ISR and no
 * EOI, as Xen's HVM_PARAM_CALLBACK_IRQ "vector" type), then the vLAPIC's
 * highest IRR vector above its PPR.
 */
#include <xen/lib.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/vlapic.h>
#include <asm/processor.h>

void vcpu_kick(struct vcpu *v)
{
    /* Whatever the sender set must be seen before v is woken or IPIed. */
    smp_mb();
    vcpu_unblock(v);
    if ( READ_ONCE(v->is_running) && v->processor != smp_processor_id() )
        smp_send_event_check_cpu(v->processor);
}

/*
 * The per-vCPU upcall vector goes only into an enabled local APIC, as
 * Xen's hvm_assert_evtchn_irq(): one raised while the guest still has
 * its APIC software-disabled would sit in IRR, and Linux's APIC setup
 * reports it ("APIC: Stale IRR").
 */
void hvm_vcpu_raise_vector(struct vcpu *v, uint8_t vector)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ( vl && vlapic_enabled(vl) )
        vlapic_set_irq(vl, vector, false);
}

void hvm_set_callback_vector_pending(struct vcpu *v, uint8_t vector,
                                     bool pending)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ( !vl )
        return;
    WRITE_ONCE(vl->cb_vector, vector);
    __atomic_store_n(&vl->cb_pending, pending, __ATOMIC_SEQ_CST);
    if ( pending )
        vcpu_kick(v);
}

static bool callback_asserted(const struct vcpu *v, const struct vlapic *vl)
{
    return __atomic_load_n(&vl->cb_pending, __ATOMIC_SEQ_CST) &&
           vcpu_event_pending(v);
}

struct hvm_intack hvm_intr_pending(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);
    struct hvm_intack a = { hvm_intsrc_none, 0 };
    int vec;

    if ( !vl )
        return a;
    if ( __atomic_load_n(&vl->nmi_pending, __ATOMIC_SEQ_CST) )
        a.source = hvm_intsrc_nmi;
    else if ( callback_asserted(v, vl) )
    {
        a.source = hvm_intsrc_callback;
        a.vector = READ_ONCE(vl->cb_vector);
    }
    else if ( (vec = vlapic_pending_vector(vl)) >= 0 )
    {
        a.source = hvm_intsrc_lapic;
        a.vector = vec;
    }
    return a;
}

bool hvm_intr_wakeup_pending(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);
    struct hvm_intack a = hvm_intr_pending(v);

    if ( vl && READ_ONCE(vl->init_pending) )
        return true;
    if ( a.source == hvm_intsrc_nmi )
        return true;
    return a.source != hvm_intsrc_none &&
           (hvm_get_reg(v, HVM_RFLAGS) & X86_EFLAGS_IF);
}

/* Can v not take a as an interrupt now (vendor view)? */
static bool intr_blocked(struct vcpu *v, const struct hvm_intack *a)
{
    if ( hvm_funcs.intr_blocked )
        return hvm_funcs.intr_blocked(v, a->source == hvm_intsrc_nmi);
    /* The backend queues and windows itself: just do not overwrite. */
    return hvm_funcs.event_pending(v);
}

void hvm_intr_assist(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);
    struct hvm_intack a = hvm_intr_pending(v);
    struct hvm_event e = { .type = X86_EVENTTYPE_EXT_INTR,
                           .error_code = -1 };

    if ( hvm_funcs.intr_window )
        hvm_funcs.intr_window(v, false);
    if ( a.source == hvm_intsrc_none )
        return;
    if ( intr_blocked(v, &a) )
    {
        if ( hvm_funcs.intr_window )
            hvm_funcs.intr_window(v, true);
        return;
    }
    switch ( a.source )
    {
    case hvm_intsrc_nmi:
        __atomic_store_n(&vl->nmi_pending, false, __ATOMIC_SEQ_CST);
        e.type = X86_EVENTTYPE_NMI;
        e.vector = 2;
        break;
    case hvm_intsrc_lapic:
        vlapic_ack_vector(vl, a.vector);
        /* fall through */
    default:
        e.vector = a.vector;
        break;
    }
    hvm_funcs.inject_event(v, &e);
}
