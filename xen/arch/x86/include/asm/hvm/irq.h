/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts for HVM/PVH vCPUs: how event channels, emulated devices
 * and the vLAPIC raise them, and how they reach the guest (hvm/intr.c).
 *
 * Sources, by priority at injection: NMI (from the vLAPIC), the Xen
 * callback vector (HVM_PARAM_CALLBACK_IRQ type 2: injected directly,
 * not through IRR/ISR, no EOI), then the vLAPIC's IRR above its PPR.
 */
#ifndef X86_HVM_IRQ_H
#define X86_HVM_IRQ_H

#include <xen/types.h>

struct vcpu;
struct domain;

/*
 * Make v notice new work: wake it if it is blocked (HLT or
 * SCHEDOP_block), or interrupt its CPU if it is running elsewhere so it
 * passes the injection point before it enters the guest again.
 */
void vcpu_kick(struct vcpu *v);

/* An edge-triggered interrupt at vector through v's vLAPIC (IRR); kicks v. */
void hvm_vcpu_raise_vector(struct vcpu *v, uint8_t vector);

/*
 * Assert (pending) or deassert the Xen callback vector of v.  While
 * asserted and the guest's evtchn_upcall_pending is set, the vector is
 * injected whenever the guest can take it; it is dropped once the guest
 * has cleared evtchn_upcall_pending.  Kicks v when asserting.
 */
void hvm_set_callback_vector_pending(struct vcpu *v, uint8_t vector,
                                     bool pending);

/*
 * Deliver an interrupt message (MSI or IO-APIC redirection entry) by
 * destination, in xAPIC format (8-bit dest).  delivery_mode is the ICR
 * encoding >> 8: 0 fixed, 1 lowest priority, 4 NMI; others are dropped.
 */
void vlapic_deliver_msi_or_ioapic(struct domain *d, uint32_t dest,
                                  bool dest_logical, uint8_t vector,
                                  uint8_t delivery_mode, bool level);

/* What hvm_intr_pending() found. */
enum hvm_intsrc {
    hvm_intsrc_none,
    hvm_intsrc_nmi,
    hvm_intsrc_callback,    /* Xen callback vector */
    hvm_intsrc_lapic,
};

struct hvm_intack {
    enum hvm_intsrc source;
    uint8_t vector;
};

/* The most urgent interrupt v has, whether or not it can take it now. */
struct hvm_intack hvm_intr_pending(struct vcpu *v);

/*
 * Can anything end v's HLT: a pending NMI, callback or vLAPIC interrupt
 * (the latter two only if RFLAGS.IF allows), or an INIT?
 */
bool hvm_intr_wakeup_pending(struct vcpu *v);

/*
 * Before each guest entry, with interrupts off: inject the most urgent
 * interrupt if the guest can take it (hvm_funcs.intr_blocked), moving a
 * vLAPIC vector from IRR to ISR; otherwise ask for an exit once it can
 * (hvm_funcs.intr_window).
 */
void hvm_intr_assist(struct vcpu *v);

#endif /* X86_HVM_IRQ_H */
