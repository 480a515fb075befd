/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vLAPIC in the HVM save format (public/arch-x86/hvm/save.h), as Xen
 * 4.17's lapic_save_hidden()/lapic_save_regs() and their loads: LAPIC
 * holds the APIC base MSR, the disabled bits, the timer divisor and the
 * TSC-deadline MSR; LAPIC_REGS the first 1 KiB of the register page
 * (every register, 16 bytes apart: IRR, ISR and TMR included, so an
 * interrupt in flight survives).
 *
 * TMCCT is saved as the count left, and a load counts on from it (an
 * expired one-shot stays expired).  On load the ID, LDR (x2APIC) and
 * version registers are the vCPU's own, whatever the record says.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <asm/msr-index.h>
#include <asm/hvm/vlapic.h>
#include <public/hvm/save.h>

BUILD_BUG_ON(sizeof(struct hvm_hw_lapic) != 24);
BUILD_BUG_ON(sizeof(struct hvm_hw_lapic_regs) != 1024);

/* Xen's VLAPIC_SW_DISABLED and VLAPIC_HW_DISABLED. */
#define LAPIC_SW_DISABLED       1U
#define LAPIC_HW_DISABLED       2U
#define LAPIC_BASE_BITS         (APICBASE_BSP | APICBASE_EXTD | \
                                 APICBASE_ENABLE | 0xffffff000UL)

int vlapic_save_hidden(const struct vcpu *v, void *rec)
{
    struct vlapic *vl = vcpu_vlapic(v);
    struct hvm_hw_lapic *h = rec;

    memset(h, 0, sizeof(*h));
    h->apic_base_msr = vl->apic_base;
    if ( !(vl->apic_base & APICBASE_ENABLE) )
        h->disabled |= LAPIC_HW_DISABLED;
    if ( !(vlapic_get_reg(vl, APIC_SPIV) & APIC_SPIV_ENABLED) )
        h->disabled |= LAPIC_SW_DISABLED;
    h->timer_divisor = vlapic_divisor(vlapic_get_reg(vl, APIC_TDCR));
    h->tdt_msr = vlapic_timer_read_deadline(vl);
    return sizeof(*h);
}

int vlapic_save_regs(const struct vcpu *v, void *rec)
{
    struct vlapic *vl = vcpu_vlapic(v);
    struct hvm_hw_lapic_regs *r = rec;

    memcpy(r->data, vl->regs, sizeof(r->data));
    memcpy(&r->data[APIC_TMCCT], &(uint32_t){ vlapic_timer_read_tmcct(vl) },
           sizeof(uint32_t));
    return sizeof(*r);
}

/*
 * The base MSR as write_apic_base() would take it (x2APIC only when
 * enabled); the address is the default one, as ours cannot move.
 */
int vlapic_load_hidden(struct vcpu *v, const void *rec)
{
    struct vlapic *vl = vcpu_vlapic(v);
    const struct hvm_hw_lapic *h = rec;
    uint64_t base = h->apic_base_msr;

    if ( (base & ~LAPIC_BASE_BITS) ||
         ((base & APICBASE_EXTD) && !(base & APICBASE_ENABLE)) ||
         !!(base & APICBASE_BSP) != (v->vcpu_id == 0) )
        return -EINVAL;
    vl->apic_base = VLAPIC_BASE_DEFAULT |
                    (base & (APICBASE_BSP | APICBASE_EXTD | APICBASE_ENABLE));
    vl->tsc_deadline = h->tdt_msr;
    return 0;
}

int vlapic_load_regs(struct vcpu *v, const void *rec)
{
    struct vlapic *vl = vcpu_vlapic(v);
    const struct hvm_hw_lapic_regs *r = rec;
    uint32_t id = vlapic_vcpu_apic_id(v), left;

    memcpy(&left, &r->data[APIC_TMCCT], sizeof(left));
    memcpy(vl->regs, r->data, sizeof(r->data));
    vlapic_set_reg(vl, APIC_TMCCT, 0);
    vlapic_set_reg(vl, APIC_LVR, VLAPIC_VERSION);
    if ( vl->apic_base & APICBASE_EXTD )
    {
        vlapic_set_reg(vl, APIC_ID, id);
        vlapic_set_reg(vl, APIC_LDR, vlapic_x2apic_ldr(id));
    }
    else
        vlapic_set_reg(vl, APIC_ID, id << 24);
    vl->esr_pending = 0;
    vlapic_timer_resume(vl, left, vl->tsc_deadline);
    return 0;
}
