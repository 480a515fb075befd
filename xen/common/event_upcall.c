/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How an event upcall reaches an x86 HVM/PVH vCPU (arch_evtchn_deliver()),
 * and HVMOP_set_evtchn_upcall_vector.  This is the architecture half of
 * the event channels; it belongs in arch/x86/hvm/ and moves there when
 * the event code gets arch hooks of its own.
 *
 * Routes, first match wins (as Xen's hvm_assert_evtchn_irq()):
 *  1. a per-vCPU upcall vector (HVMOP_set_evtchn_upcall_vector): raised
 *     in the vCPU's local APIC like any fixed interrupt, EOI'd by the
 *     guest;
 *  2. HVM_PARAM_CALLBACK_IRQ of type VECTOR: the vector is injected
 *     directly, bypassing the local APIC, and re-asserted at every entry
 *     for as long as evtchn_upcall_pending stays set;
 *  3. HVM_PARAM_CALLBACK_IRQ of type GSI or PCI INTx: not routed (we emulate
 *     no IO-APIC/PIC line for it yet); the vCPU is only woken.  Linux sets
 *     GSI 1 after a per-vCPU vector only to look enlightened, so this
 *     costs PVH guests nothing.
 * In every case the vCPU is kicked: woken if blocked in SCHEDOP_block,
 * made to re-enter if it runs elsewhere.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/irq.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

#define CALLBACK_TYPE(via)  ((via) >> 56)

void arch_evtchn_deliver(struct vcpu *v)
{
    uint8_t vector = READ_ONCE(v->evtchn_upcall_vector);
    uint64_t via;

    if ( vector )
        hvm_vcpu_raise_vector(v, vector);
    else
    {
        via = READ_ONCE(v->domain->arch.hvm_params[HVM_PARAM_CALLBACK_IRQ]);
        if ( CALLBACK_TYPE(via) == HVM_PARAM_CALLBACK_TYPE_VECTOR )
            hvm_set_callback_vector_pending(v, (uint8_t)via, true);
    }
    vcpu_kick(v);
}

bool arch_evtchn_need_delivery(struct vcpu *v)
{
    return hvm_intr_wakeup_pending(v);
}

/*
 * Xen injects the callback vector whenever evtchn_upcall_pending is set
 * (not just on its edges), so an upcall left pending from before the
 * route existed, say since VCPUOP_register_vcpu_info, is delivered as
 * soon as the route is set.  Assert the route on every vCPU now; the
 * injection point checks evtchn_upcall_pending.
 */
void hvm_evtchn_callback_via_changed(struct domain *d)
{
    uint64_t via = READ_ONCE(d->arch.hvm_params[HVM_PARAM_CALLBACK_IRQ]);
    bool is_vector = CALLBACK_TYPE(via) == HVM_PARAM_CALLBACK_TYPE_VECTOR;
    struct vcpu *v;

    for_each_vcpu ( d, v )
        hvm_set_callback_vector_pending(v, (uint8_t)via, is_vector);
}

int hvm_set_evtchn_upcall_vector(struct domain *d, unsigned int vcpu_id,
                                 uint8_t vector)
{
    struct vcpu *v;

    /* Vectors below 0x10 are reserved for exceptions. */
    if ( vector < 0x10 )
        return -EINVAL;
    v = vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
    if ( !v )
        return -ENOENT;
    printk(XENLOG_G_INFO "%pv: upcall vector %02x\n", v, vector);
    WRITE_ONCE(v->evtchn_upcall_vector, vector);
    /* An event that came before the route is delivered now. */
    if ( vcpu_event_pending(v) )
        arch_evtchn_deliver(v);
    return 0;
}

long hvmop_set_evtchn_upcall_vector(uint64_t arg)
{
    struct xen_hvm_evtchn_upcall_vector op;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    return hvm_set_evtchn_upcall_vector(current->domain, op.vcpu,
                                        op.vector);
}
