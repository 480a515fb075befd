/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated local APIC of HVM/PVH vCPUs (Intel SDM vol. 3A, chapter
 * "Advanced Programmable Interrupt Controller (APIC)").  Each vCPU has
 * one, reachable as xAPIC MMIO at 0xfee00000 (emulated on nested page
 * faults) or, with APIC_BASE.EXTD set, as x2APIC MSRs 0x800-0x8ff.
 *
 * Field legend: (c) set at creation; (v) only the owning vCPU touches it
 * (its own exits and entries, or while it is down); (a) atomic bit
 * operations, any CPU; (l) under vlapic->lock.
 */
#ifndef X86_HVM_VLAPIC_H
#define X86_HVM_VLAPIC_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

struct vcpu;
struct domain;

#define VLAPIC_BASE_DEFAULT     0xfee00000UL
#define VLAPIC_VERSION          0x00050014U /* max LVT 5, version 0x14 */

/* Register offsets in the xAPIC page (x2APIC MSR = 0x800 + off / 16). */
#define APIC_ID                 0x020
#define APIC_LVR                0x030
#define APIC_TASKPRI            0x080
#define APIC_ARBPRI             0x090
#define APIC_PROCPRI            0x0a0
#define APIC_EOI                0x0b0
#define APIC_RRR                0x0c0
#define APIC_LDR                0x0d0
#define APIC_DFR                0x0e0
#define APIC_SPIV               0x0f0
#define APIC_ISR                0x100
#define APIC_TMR                0x180
#define APIC_IRR                0x200
#define APIC_ESR                0x280
#define APIC_LVTCMCI            0x2f0
#define APIC_ICR                0x300
#define APIC_ICR2               0x310
#define APIC_LVTT               0x320
#define APIC_LVTTHMR            0x330
#define APIC_LVTPC              0x340
#define APIC_LVT0               0x350
#define APIC_LVT1               0x360
#define APIC_LVTERR             0x370
#define APIC_TMICT              0x380
#define APIC_TMCCT              0x390
#define APIC_TDCR               0x3e0
#define APIC_SELF_IPI           0x3f0   /* x2APIC only */

#define APIC_SPIV_ENABLED       (1U << 8)
#define APIC_SPIV_FOCUS_OFF     (1U << 9)
#define APIC_LVT_MASKED         (1U << 16)
#define APIC_LVT_LEVEL          (1U << 15)
#define APIC_LVT_REMOTE_IRR     (1U << 14)
#define APIC_LVT_TIMER_SHIFT    17
#define APIC_TIMER_ONESHOT      0
#define APIC_TIMER_PERIODIC     1
#define APIC_TIMER_TSC_DEADLINE 2

/* ICR fields (the low word; the destination is in ICR2 or ICR[63:32]). */
#define APIC_DM_MASK            0x700U
#define APIC_DM_FIXED           0x000U
#define APIC_DM_LOWEST          0x100U
#define APIC_DM_SMI             0x200U
#define APIC_DM_NMI             0x400U
#define APIC_DM_INIT            0x500U
#define APIC_DM_STARTUP         0x600U
#define APIC_DM_EXTINT          0x700U
#define APIC_DEST_LOGICAL       (1U << 11)
#define APIC_ICR_BUSY           (1U << 12)
#define APIC_INT_ASSERT         (1U << 14)
#define APIC_INT_LEVELTRIG      (1U << 15)
#define APIC_SHORT_MASK         (3U << 18)
#define APIC_SHORT_NONE         (0U << 18)
#define APIC_SHORT_SELF         (1U << 18)
#define APIC_SHORT_ALL          (2U << 18)
#define APIC_SHORT_OTHERS       (3U << 18)

/* The APIC bus clock of the timer: 1 GHz, one tick per nanosecond. */
#define VLAPIC_BUS_NS           1

/* Where a vCPU is in the INIT/SIPI start-up protocol. */
enum vlapic_run_state {
    VLAPIC_RUNNING,         /* running, or never started (BSP) */
    VLAPIC_WAIT_SIPI,       /* INIT received: waiting for start-up */
};

struct vlapic {
    uint32_t regs[1024];            /* (v)/(a) the 4 KiB register page,
                                       one register per 16 bytes */
    struct vcpu *vcpu;              /* (c) */
    uint64_t apic_base;             /* (v) MSR_IA32_APICBASE */
    uint32_t esr_pending;           /* (a) errors not yet latched in ESR */
    spinlock_t lock;                /* guards the timer and start-up */
    struct timer timer;             /* (l) the APIC timer */
    s_time_t timer_start;           /* (l) when TMICT was loaded */
    uint64_t timer_period;          /* (l) ns for one run of TMICT, 0 off */
    uint64_t tsc_deadline;          /* (l) guest TSC, 0: disarmed */
    enum vlapic_run_state run_state;/* (l) */
    bool init_pending;              /* (l) INIT for a running vCPU */
    bool nmi_pending;               /* (a) NMI to inject */
    uint8_t cb_vector;              /* (a) Xen callback vector */
    bool cb_pending;                /* (a) callback vector asserted */
};

static inline uint32_t vlapic_get_reg(const struct vlapic *vl,
                                      unsigned int off)
{
    return __atomic_load_n(&vl->regs[off / 4], __ATOMIC_RELAXED);
}

static inline void vlapic_set_reg(struct vlapic *vl, unsigned int off,
                                  uint32_t val)
{
    __atomic_store_n(&vl->regs[off / 4], val, __ATOMIC_RELAXED);
}

/* One line of state for the 'q' debug key. */
void vlapic_dump(const struct vlapic *vl);

/* v's vLAPIC (needs xen/sched.h). */
#define vcpu_vlapic(v) ((v)->arch.vlapic)

/* Life cycle: 0 or -ENOMEM; reset puts the power-on state back. */
int vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);
void vlapic_reset(struct vlapic *vl);

/* The vCPU's APIC ID (vCPU n is APIC 2n, as on Xen). */
uint32_t vlapic_vcpu_apic_id(const struct vcpu *v);

/* MSRs: APIC_BASE, TSC_DEADLINE, 0x800-0x8ff.  0, or -1 for #GP. */
int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

/* xAPIC MMIO, registered with hvm/mmio.c at boot. */
void vlapic_mmio_register(void);

/*
 * Interrupt acceptance and acknowledgement for the injection logic
 * (hvm/intr.c): the highest vector that may be delivered now (IRR above
 * PPR, APIC enabled), or -1; and the move of that vector from IRR to ISR
 * once it is injected.
 */
int vlapic_pending_vector(const struct vlapic *vl);
int vlapic_irr_highest(const struct vlapic *vl);
void vlapic_ack_vector(struct vlapic *vl, uint8_t vector);

/* Accept a fixed interrupt into IRR (TMR for level); kick the vCPU. */
void vlapic_set_irq(struct vlapic *vl, uint8_t vector, bool level);
/* Enabled in APIC_BASE and software-enabled in SPIV. */
bool vlapic_enabled(const struct vlapic *vl);

/* CR8 <-> TPR (SVM keeps the guest's CR8 writes in V_TPR). */
void vlapic_set_tpr_cr8(struct vlapic *vl, unsigned int cr8);
unsigned int vlapic_get_tpr_cr8(const struct vlapic *vl);

/* INIT/SIPI requests addressed to the current vCPU, handled on entry. */
void vlapic_do_pending_init(struct vcpu *v);

/*
 * The level-triggered EOI hook: the IO-APIC model sets it to clear its
 * Remote IRR.  Called on the vCPU writing EOI, with no lock held.
 */
extern void (*vlapic_level_eoi_hook)(struct domain *d, uint8_t vector);

/*
 * The timer (vlapic-timer.c).  The register writes come from the owning
 * vCPU; the expiry runs on the timer's CPU.  reset stops everything.
 */
void vlapic_timer_init(struct vlapic *vl, unsigned int cpu);
void vlapic_timer_kill(struct vlapic *vl);
void vlapic_timer_reset(struct vlapic *vl);
void vlapic_timer_write_lvtt(struct vlapic *vl, uint32_t val);
void vlapic_timer_write_tmict(struct vlapic *vl, uint32_t val);
uint32_t vlapic_timer_read_tmcct(struct vlapic *vl);
void vlapic_timer_write_deadline(struct vlapic *vl, uint64_t tsc);
uint64_t vlapic_timer_read_deadline(struct vlapic *vl);
void vlapic_timer_resume(struct vlapic *vl, uint32_t left, uint64_t deadline);

/*
 * The LAPIC and LAPIC_REGS records (hvm/vlapic-save.c): save returns
 * the record's length; load 0 or -EINVAL.  The vCPU is paused; a
 * restore loads LAPIC before LAPIC_REGS, and the CPU record (the TSC)
 * before both.
 */
int vlapic_save_hidden(const struct vcpu *v, void *rec);
int vlapic_save_regs(const struct vcpu *v, void *rec);
int vlapic_load_hidden(struct vcpu *v, const void *rec);
int vlapic_load_regs(struct vcpu *v, const void *rec);

/* ---- Pure helpers (unit tested; no state but their arguments) ---- */

/* Highest set bit of a 256-bit IRR/ISR/TMR in regs at off, or -1. */
int vlapic_find_highest(const uint32_t *regs, unsigned int off);
/* PPR from TPR and the highest in-service vector (-1: none). */
uint32_t vlapic_compute_ppr(uint32_t tpr, int isrv);
/* Is vector deliverable above ppr (priority class strictly higher)? */
bool vlapic_above_ppr(int vector, uint32_t ppr);
/* TDCR to divisor: 1, 2, 4, ... 128. */
unsigned int vlapic_divisor(uint32_t tdcr);
/* Timer: ns for count ticks at divisor, and the count left after ns. */
uint64_t vlapic_count_to_ns(uint32_t count, unsigned int divisor);
uint32_t vlapic_count_left(uint32_t initial, unsigned int divisor,
                           uint64_t elapsed_ns, bool periodic);
/* x2APIC logical ID of an x2APIC ID: cluster in 31:16, bit in 15:0. */
uint32_t vlapic_x2apic_ldr(uint32_t id);

/* Identity of a possible destination, for matching. */
struct vlapic_dest_id {
    uint32_t id;            /* APIC ID */
    uint32_t ldr;           /* LDR register value */
    uint32_t dfr;           /* DFR register value (xAPIC) */
    bool x2apic;
};
/*
 * Does a message with destination dest (8 bits in xAPIC, 32 in x2APIC)
 * in physical or logical mode reach t?  Broadcast (0xff, 0xffffffff)
 * reaches all.  Shorthands are the caller's.
 */
bool vlapic_match_dest(const struct vlapic_dest_id *t, uint32_t dest,
                       bool logical, bool x2apic);

#endif /* X86_HVM_VLAPIC_H */
