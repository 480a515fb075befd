/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HVMOP_set_evtchn_upcall_vector raises the vector only in an enabled
 * local APIC, as Xen 4.17's hvm_assert_evtchn_irq() does: with an event
 * already pending, setting the vector while our APIC is software-disabled
 * leaves IRR alone (Linux's APIC setup would otherwise find the bit and
 * warn "APIC: Stale IRR"); enabling the APIC raises it then, the
 * upcall still being pending (Xen's vlapic_reg_write() of SPIV: without
 * it a vCPU whose events came before its APIC was on would get none
 * again).  Interrupts stay off, so the bit waits in IRR for us to read.
 */
#include "guest.h"
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>

#define APIC            0xfee00000ul
#define APIC_SPIV       0x0f0
#define APIC_IRR        0x200
#define SPIV_ENABLE     0x100
#define VECTOR          0xf3

static void apic_write(unsigned int off, uint32_t val)
{
    *(volatile uint32_t *)(APIC + off) = val;
}

static uint32_t apic_read(unsigned int off)
{
    return *(volatile uint32_t *)(APIC + off);
}

static bool irr_has(uint8_t vector)
{
    return apic_read(APIC_IRR + (vector / 32) * 0x10) & (1u << (vector % 32));
}

static long set_upcall_vector(uint8_t vector)
{
    struct xen_hvm_evtchn_upcall_vector op = { .vcpu = 0, .vector = vector };

    return hvm_op(HVMOP_set_evtchn_upcall_vector, &op);
}

/* An event pending on vCPU 0: an IPI port of ours, sent to. */
static bool make_event_pending(void)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };
    struct evtchn_send s;

    if ( !check_eq_rc(event_channel_op(EVTCHNOP_bind_ipi, &b), 0,
                      "EVTCHNOP_bind_ipi") )
        return false;
    s.port = b.port;
    return check_eq_rc(event_channel_op(EVTCHNOP_send, &s), 0,
                       "EVTCHNOP_send");
}

void test_main(void)
{
    apic_write(APIC_SPIV, apic_read(APIC_SPIV) & ~SPIV_ENABLE);
    if ( !check_eq(irr_has(VECTOR), 0, "IRR clear to begin with") ||
         !make_event_pending() )
        return;
    check_eq_rc(set_upcall_vector(VECTOR), 0,
                "set the upcall vector, APIC disabled");
    check_eq(irr_has(VECTOR), 0,
             "a disabled APIC gets no upcall vector in IRR");
    apic_write(APIC_SPIV, apic_read(APIC_SPIV) | SPIV_ENABLE | 0xff);
    check(irr_has(VECTOR), "enabling the APIC raises the pending upcall",
          "IRR word %#x", apic_read(APIC_IRR + (VECTOR / 32) * 0x10));
    check_eq_rc(set_upcall_vector(VECTOR), 0,
                "set the upcall vector again, APIC enabled");
    check(irr_has(VECTOR), "... and it stays in IRR", "IRR word %#x",
          apic_read(APIC_IRR + (VECTOR / 32) * 0x10));
}
