/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated local APIC (Intel SDM vol. 3A, chapter "Advanced
 * Programmable Interrupt Controller (APIC)"): register page, priorities,
 * EOI, interprocessor interrupts with INIT/SIPI, and the xAPIC (MMIO) and
 * x2APIC (MSR) views of it.  The timer is in vlapic-timer.c; injection
 * into the guest in intr.c.
 *
 * Concurrency: IRR and TMR are set by any CPU with atomic operations
 * (an IPI, a timer, an event channel); everything else in the register
 * page is written only by the owning vCPU, on its own exits, or while it
 * is down.  The start-up state (run_state, init_pending, the SIPI) is
 * under vlapic->lock; v->is_initialised under d->lock, never nested.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/mmio.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>

#define MSR_X2APIC_FIRST        0x800
#define MSR_X2APIC_LAST         0x8ff
#define APIC_BASE_ADDR_MASK     0x0000000ffffff000UL
#define APIC_BASE_WRITABLE      (APIC_BASE_ADDR_MASK | APICBASE_EXTD | \
                                 APICBASE_ENABLE)
#define APIC_ESR_SEND_ILLEGAL   (1U << 5)
#define APIC_ESR_RECV_ILLEGAL   (1U << 6)
#define APIC_ESR_ILLEGAL_REG    (1U << 7)

void (*vlapic_level_eoi_hook)(struct domain *d, uint8_t vector);

/* ---- Pure helpers ---- */

int vlapic_find_highest(const uint32_t *regs, unsigned int off)
{
    int i;

    for ( i = 7; i >= 0; i-- )
    {
        uint32_t w = __atomic_load_n(&regs[(off + i * 0x10) / 4],
                                     __ATOMIC_RELAXED);

        if ( w )
            return i * 32 + 31 - __builtin_clz(w);
    }
    return -1;
}

uint32_t vlapic_compute_ppr(uint32_t tpr, int isrv)
{
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

    tpr &= 0xff;
    return (tpr & 0xf0) >= isr_class ? tpr : isr_class;
}

bool vlapic_above_ppr(int vector, uint32_t ppr)
{
    return vector >= 0 && ((uint32_t)vector & 0xf0) > (ppr & 0xf0);
}

uint32_t vlapic_x2apic_ldr(uint32_t id)
{
    return ((id >> 4) << 16) | (1U << (id & 0xf));
}

static bool match_logical_xapic(const struct vlapic_dest_id *t,
                                uint8_t dest)
{
    uint8_t ldr = t->ldr >> 24;

    if ( dest == 0xff )
        return true;
    /* DFR model 1111b: flat; 0000b: cluster (SDM "Logical Destination"). */
    if ( (t->dfr >> 28) == 0xf )
        return ldr & dest;
    return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0xf);
}

bool vlapic_match_dest(const struct vlapic_dest_id *t, uint32_t dest,
                       bool logical, bool x2apic)
{
    if ( x2apic )
    {
        if ( dest == 0xffffffffU )
            return true;
        if ( !logical )
            return t->id == dest;
        return (t->ldr >> 16) == (dest >> 16) && (t->ldr & dest & 0xffff);
    }
    dest &= 0xff;
    if ( !logical )
        return dest == 0xff || (t->id & 0xff) == dest;
    return match_logical_xapic(t, dest);
}

/* ---- State ---- */

uint32_t vlapic_vcpu_apic_id(const struct vcpu *v)
{
    return v->vcpu_id * 2;
}

static bool vlapic_x2apic_mode(const struct vlapic *vl)
{
    return vl->apic_base & APICBASE_EXTD;
}

bool vlapic_enabled(const struct vlapic *vl)
{
    return (vl->apic_base & APICBASE_ENABLE) &&
           (vlapic_get_reg(vl, APIC_SPIV) & APIC_SPIV_ENABLED);
}

static uint32_t *bit_word(struct vlapic *vl, unsigned int base,
                          uint8_t vector)
{
    return &vl->regs[(base + (vector / 32) * 0x10) / 4];
}

static void vec_set(struct vlapic *vl, unsigned int base, uint8_t vector)
{
    __atomic_fetch_or(bit_word(vl, base, vector), 1U << (vector % 32),
                      __ATOMIC_SEQ_CST);
}

static void vec_clear(struct vlapic *vl, unsigned int base, uint8_t vector)
{
    __atomic_fetch_and(bit_word(vl, base, vector), ~(1U << (vector % 32)),
                       __ATOMIC_SEQ_CST);
}

static bool vec_test(const struct vlapic *vl, unsigned int base,
                     uint8_t vector)
{
    return (vlapic_get_reg(vl, base + (vector / 32) * 0x10) >>
            (vector % 32)) & 1;
}

static void mask_all_lvts(struct vlapic *vl)
{
    static const unsigned int lvts[] = {
        APIC_LVTCMCI, APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC, APIC_LVT0,
        APIC_LVT1, APIC_LVTERR,
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(lvts); i++ )
        vlapic_set_reg(vl, lvts[i],
                       vlapic_get_reg(vl, lvts[i]) | APIC_LVT_MASKED);
}

/* The power-on/INIT state (SDM "Local APIC State After Power-Up"). */
void vlapic_reset(struct vlapic *vl)
{
    struct vcpu *v = vl->vcpu;

    vlapic_timer_reset(vl);
    memset(vl->regs, 0, sizeof(vl->regs));
    vl->apic_base = VLAPIC_BASE_DEFAULT | APICBASE_ENABLE |
                    (v->vcpu_id == 0 ? APICBASE_BSP : 0);
    vlapic_set_reg(vl, APIC_ID, vlapic_vcpu_apic_id(v) << 24);
    vlapic_set_reg(vl, APIC_LVR, VLAPIC_VERSION);
    vlapic_set_reg(vl, APIC_DFR, 0xffffffffU);
    vlapic_set_reg(vl, APIC_SPIV, 0xff);
    mask_all_lvts(vl);
    vl->esr_pending = 0;
    __atomic_store_n(&vl->nmi_pending, false, __ATOMIC_SEQ_CST);
}

int vlapic_init(struct vcpu *v)
{
    struct vlapic *vl = xzalloc(struct vlapic);

    if ( !vl )
        return -ENOMEM;
    vl->vcpu = v;
    spin_lock_init(&vl->lock);
    vlapic_timer_init(vl, v->processor);
    vlapic_reset(vl);
    /* Application processors wait for a start-up IPI after reset. */
    vl->run_state = v->vcpu_id ? VLAPIC_WAIT_SIPI : VLAPIC_RUNNING;
    v->arch.vlapic = vl;
    return 0;
}

void vlapic_destroy(struct vcpu *v)
{
    struct vlapic *vl = v->arch.vlapic;

    if ( !vl )
        return;
    vlapic_timer_kill(vl);
    xfree(vl);
    v->arch.vlapic = NULL;
}

/* ---- Acceptance, priority, EOI ---- */

/* Make vector (16-255) pending in vl's IRR and wake its vCPU. */
static void accept_irq(struct vlapic *vl, uint8_t vector, bool level)
{
    if ( level )
        vec_set(vl, APIC_TMR, vector);
    else
        vec_clear(vl, APIC_TMR, vector);
    vec_set(vl, APIC_IRR, vector);
    vcpu_kick(vl->vcpu);
}

/*
 * Errors the APIC detected: kept in esr_pending until a write to ESR
 * latches them, and a new one raises the LVT Error interrupt unless it is
 * masked (SDM vol. 3A, "Error Handling").  An illegal vector in LVTERR
 * itself is only recorded, as any received illegal vector is.
 */
static void vlapic_error(struct vlapic *vl, uint32_t bits)
{
    uint32_t old = __atomic_fetch_or(&vl->esr_pending, bits,
                                     __ATOMIC_SEQ_CST);
    uint32_t lvt = vlapic_get_reg(vl, APIC_LVTERR);

    if ( (old & bits) == bits || (lvt & APIC_LVT_MASKED) ||
         !vlapic_enabled(vl) )
        return;
    if ( (lvt & 0xff) < 16 )
        __atomic_fetch_or(&vl->esr_pending, APIC_ESR_RECV_ILLEGAL,
                          __ATOMIC_SEQ_CST);
    else
        accept_irq(vl, lvt & 0xff, false);
}

void vlapic_set_irq(struct vlapic *vl, uint8_t vector, bool level)
{
    /*
     * Vectors 0-15 are illegal: the receiver records the error and takes
     * nothing (no IRR bit is ever set below 16).
     */
    if ( vector < 16 )
        vlapic_error(vl, APIC_ESR_RECV_ILLEGAL);
    else
        accept_irq(vl, vector, level);
}

static uint32_t current_ppr(const struct vlapic *vl)
{
    return vlapic_compute_ppr(vlapic_get_reg(vl, APIC_TASKPRI),
                              vlapic_find_highest(vl->regs, APIC_ISR));
}

int vlapic_irr_highest(const struct vlapic *vl)
{
    return vlapic_find_highest(vl->regs, APIC_IRR);
}

int vlapic_pending_vector(const struct vlapic *vl)
{
    int irr;

    if ( !vlapic_enabled(vl) )
        return -1;
    irr = vlapic_irr_highest(vl);
    return vlapic_above_ppr(irr, current_ppr(vl)) ? irr : -1;
}

void vlapic_ack_vector(struct vlapic *vl, uint8_t vector)
{
    vec_clear(vl, APIC_IRR, vector);
    vec_set(vl, APIC_ISR, vector);
}

static void vlapic_eoi(struct vlapic *vl)
{
    int vector = vlapic_find_highest(vl->regs, APIC_ISR);

    if ( vector < 0 )
        return;
    vec_clear(vl, APIC_ISR, vector);
    if ( vec_test(vl, APIC_TMR, vector) && vlapic_level_eoi_hook )
        vlapic_level_eoi_hook(vl->vcpu->domain, vector);
}

void vlapic_set_tpr_cr8(struct vlapic *vl, unsigned int cr8)
{
    if ( (vlapic_get_reg(vl, APIC_TASKPRI) >> 4) != (cr8 & 0xf) )
        vlapic_set_reg(vl, APIC_TASKPRI, (cr8 & 0xf) << 4);
}

unsigned int vlapic_get_tpr_cr8(const struct vlapic *vl)
{
    return (vlapic_get_reg(vl, APIC_TASKPRI) >> 4) & 0xf;
}

/*
 * For the 'q' debug key: what the vLAPIC would deliver next and what
 * holds it back, so that a vCPU spinning with an event pending can be
 * told from one whose interrupt was lost.
 */
void vlapic_dump(const struct vlapic *vl)
{
    const struct timer *t = &vl->timer;

    printk("      vLAPIC %s: tpr %#x ppr %#x irr %d isr %d lvtt %#x "
           "tmict %#x timer %s %ld us cb %u%s esr %#x\n",
           vlapic_enabled(vl) ? "on" : "off",
           vlapic_get_reg(vl, APIC_TASKPRI), current_ppr(vl),
           vlapic_irr_highest(vl), vlapic_find_highest(vl->regs, APIC_ISR),
           vlapic_get_reg(vl, APIC_LVTT), vlapic_get_reg(vl, APIC_TMICT),
           t->heap_index ? "armed" : "idle",
           (long)((t->expires - NOW()) / 1000), vl->cb_vector,
           vl->cb_pending ? " pending" : "", vl->esr_pending);
}

/* ---- INIT and start-up ---- */

/* INIT: the vCPU waits for a SIPI or VCPUOP_initialise again. */
static void vcpu_forget_start_state(struct vcpu *v)
{
    spin_lock(&v->domain->lock);
    v->is_initialised = false;
    spin_unlock(&v->domain->lock);
}

/*
 * INIT: a vCPU that is down is reset at once; a running one gets
 * init_pending and resets itself on its way into the guest
 * (vlapic_do_pending_init()), then waits for a SIPI with _VPF_down set.
 */
static void vlapic_send_init(struct vlapic *t)
{
    struct vcpu *v = t->vcpu;

    bool reset;

    spin_lock(&t->lock);
    reset = test_bit(_VPF_down, &v->pause_flags);
    if ( reset )
    {
        vlapic_reset(t);
        t->run_state = VLAPIC_WAIT_SIPI;
        t->init_pending = false;
    }
    else
        t->init_pending = true;
    spin_unlock(&t->lock);
    if ( reset )
        vcpu_forget_start_state(v);
    vcpu_kick(v);
}

/* SIPI: only a vCPU waiting for one starts (the second SIPI is ignored). */
static void vlapic_send_sipi(struct vlapic *t, uint8_t vector)
{
    struct vcpu *v = t->vcpu;

    spin_lock(&t->lock);
    if ( t->run_state != VLAPIC_WAIT_SIPI || t->init_pending )
    {
        spin_unlock(&t->lock);
        return;
    }
    t->run_state = VLAPIC_RUNNING;
    spin_unlock(&t->lock);

    /*
     * It is down: wait until no CPU holds its state, then set it, unless
     * VCPUOP_initialise gave it one (Xen ignores the SIPI then).
     */
    vcpu_sleep_sync(v);
    spin_lock(&v->domain->lock);
    if ( v->is_initialised )
    {
        spin_unlock(&v->domain->lock);
        return;
    }
    hvm_vcpu_reset_sipi(v, &v->arch.user_regs, vector);
    v->is_initialised = true;
    clear_bit(_VPF_down, &v->pause_flags);
    spin_unlock(&v->domain->lock);
    printk(XENLOG_G_INFO "%pv: started by SIPI at %#x\n", v, vector << 12);
    vcpu_wake(v);
}


void vlapic_do_pending_init(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ( !vl || !READ_ONCE(vl->init_pending) )
        return;
    spin_lock(&vl->lock);
    vl->init_pending = false;
    vlapic_reset(vl);
    vl->run_state = VLAPIC_WAIT_SIPI;
    set_bit(_VPF_down, &v->pause_flags);
    spin_unlock(&vl->lock);
    vcpu_forget_start_state(v);
    vcpu_sleep_nosync(v);
}

/* ---- Interprocessor interrupts ---- */

static void dest_id_of(const struct vlapic *vl, struct vlapic_dest_id *id)
{
    id->x2apic = vlapic_x2apic_mode(vl);
    id->id = id->x2apic ? vlapic_get_reg(vl, APIC_ID)
                        : vlapic_get_reg(vl, APIC_ID) >> 24;
    id->ldr = vlapic_get_reg(vl, APIC_LDR);
    id->dfr = vlapic_get_reg(vl, APIC_DFR);
}

static bool icr_reaches(const struct vlapic *src, const struct vlapic *t,
                        uint32_t icr, uint32_t dest)
{
    struct vlapic_dest_id id;

    switch ( icr & APIC_SHORT_MASK )
    {
    case APIC_SHORT_SELF:
        return t == src;
    case APIC_SHORT_ALL:
        return true;
    case APIC_SHORT_OTHERS:
        return t != src;
    }
    dest_id_of(t, &id);
    return vlapic_match_dest(&id, dest, icr & APIC_DEST_LOGICAL,
                             vlapic_x2apic_mode(src));
}

static void deliver_one(struct vlapic *t, uint32_t icr)
{
    uint8_t vector = icr & 0xff;

    switch ( icr & APIC_DM_MASK )
    {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        vlapic_set_irq(t, vector, icr & APIC_INT_LEVELTRIG);
        break;
    case APIC_DM_NMI:
        __atomic_store_n(&t->nmi_pending, true, __ATOMIC_SEQ_CST);
        vcpu_kick(t->vcpu);
        break;
    case APIC_DM_INIT:
        /* The level-deassert form is only for old APICs: ignored. */
        if ( (icr & APIC_INT_LEVELTRIG) && !(icr & APIC_INT_ASSERT) )
            break;
        vlapic_send_init(t);
        break;
    case APIC_DM_STARTUP:
        vlapic_send_sipi(t, vector);
        break;
    default:
        /* SMI, ExtINT and reserved modes: nothing to deliver to. */
        break;
    }
}

/*
 * Send the IPI in icr to dest.  Lowest priority goes to the first match,
 * as a fixed interrupt: the SDM leaves the choice to the implementation.
 */
static void vlapic_send_ipi(struct vlapic *src, uint32_t icr, uint32_t dest)
{
    struct domain *d = src->vcpu->domain;
    bool lowest = (icr & APIC_DM_MASK) == APIC_DM_LOWEST;
    struct vcpu *v;

    /*
     * An illegal vector (0-15): the sender records "send illegal vector",
     * and the message still goes out, so each receiver records "receive
     * illegal vector" and takes nothing (SDM vol. 3A, "x2APIC Differences
     * in Error Handling": both bits; Xen 4.17 sets only the sender's).
     */
    if ( (lowest || (icr & APIC_DM_MASK) == APIC_DM_FIXED) &&
         (icr & 0xff) < 16 )
        vlapic_error(src, APIC_ESR_SEND_ILLEGAL);
    for_each_vcpu ( d, v )
    {
        struct vlapic *t = vcpu_vlapic(v);

        if ( !t || !icr_reaches(src, t, icr, dest) )
            continue;
        deliver_one(t, icr);
        if ( lowest )
            break;
    }
}

void vlapic_deliver_msi_or_ioapic(struct domain *d, uint32_t dest,
                                  bool dest_logical, uint8_t vector,
                                  uint8_t delivery_mode, bool level)
{
    uint32_t icr = vector | ((uint32_t)(delivery_mode & 7) << 8) |
                   (dest_logical ? APIC_DEST_LOGICAL : 0) |
                   (level ? APIC_INT_LEVELTRIG : 0) | APIC_INT_ASSERT;
    struct vcpu *v;

    if ( delivery_mode != 0 && delivery_mode != 1 && delivery_mode != 4 )
        return;
    for_each_vcpu ( d, v )
    {
        struct vlapic *t = vcpu_vlapic(v);
        struct vlapic_dest_id id;

        if ( !t )
            continue;
        dest_id_of(t, &id);
        /* Messages carry xAPIC (8-bit) destinations. */
        id.x2apic = false;
        if ( id.id > 0xff || !vlapic_match_dest(&id, dest, dest_logical,
                                                false) )
            continue;
        deliver_one(t, icr);
        if ( delivery_mode == 1 )
            break;
    }
}

/* ---- Register reads and writes (offsets in the xAPIC page) ---- */

static uint32_t vlapic_read_reg(struct vlapic *vl, unsigned int off)
{
    switch ( off )
    {
    case APIC_PROCPRI:
        return current_ppr(vl);
    case APIC_TMCCT:
        return vlapic_timer_read_tmcct(vl);
    case APIC_ARBPRI:
    case APIC_RRR:
    case APIC_EOI:
    case APIC_SELF_IPI:
        return 0;
    }
    if ( off < 0x400 && !(off & 0xf) )
        return vlapic_get_reg(vl, off);
    return 0;
}

static uint32_t lvt_mask_of(unsigned int off)
{
    switch ( off )
    {
    case APIC_LVTT:
        return 0x000700ffU;     /* vector, mask, timer mode */
    case APIC_LVT0:
    case APIC_LVT1:
        return 0x0001a7ffU;     /* vector, mode, polarity, trigger, mask */
    case APIC_LVTERR:
        return 0x000100ffU;
    default:
        return 0x000107ffU;     /* CMCI, thermal, perf: vector, mode, mask */
    }
}

static void write_lvt(struct vlapic *vl, unsigned int off, uint32_t val)
{
    val &= lvt_mask_of(off);
    /* A software-disabled APIC keeps every LVT masked. */
    if ( !(vlapic_get_reg(vl, APIC_SPIV) & APIC_SPIV_ENABLED) )
        val |= APIC_LVT_MASKED;
    if ( off == APIC_LVT0 || off == APIC_LVT1 )
        val |= vlapic_get_reg(vl, off) & APIC_LVT_REMOTE_IRR;
    if ( off == APIC_LVTT )
        vlapic_timer_write_lvtt(vl, val);
    else
        vlapic_set_reg(vl, off, val);
}

/*
 * Enabling the APIC raises the event upcall vector if an upcall is
 * pending, as Xen's vlapic_reg_write() does: hvm_vcpu_raise_vector()
 * dropped the ones that came while the APIC was disabled, and the
 * pending flag, already set, would make no new event raise it again (a
 * secondary vCPU Linux brings up binds its timer before its APIC is on).
 */
static void write_spiv(struct vlapic *vl, uint32_t val)
{
    struct vcpu *v = vl->vcpu;
    uint8_t vector = READ_ONCE(v->evtchn_upcall_vector);

    vlapic_set_reg(vl, APIC_SPIV, val & 0x3ff);
    if ( !(val & APIC_SPIV_ENABLED) )
        mask_all_lvts(vl);
    else if ( vector && vlapic_enabled(vl) && vcpu_event_pending(v) )
        vlapic_set_irq(vl, vector, false);
}

static void write_icr(struct vlapic *vl, uint32_t low, uint32_t dest)
{
    /* Delivered at once: the delivery status bit always reads idle. */
    vlapic_set_reg(vl, APIC_ICR, low & ~APIC_ICR_BUSY);
    vlapic_send_ipi(vl, low, dest);
}

/* Registers both views share; 0, or -1 if off is not writable. */
static int vlapic_write_common(struct vlapic *vl, unsigned int off,
                               uint32_t val)
{
    switch ( off )
    {
    case APIC_TASKPRI:
        vlapic_set_reg(vl, off, val & 0xff);
        return 0;
    case APIC_EOI:
        vlapic_eoi(vl);
        return 0;
    case APIC_SPIV:
        write_spiv(vl, val);
        return 0;
    case APIC_ESR:
        vlapic_set_reg(vl, off, __atomic_exchange_n(&vl->esr_pending, 0,
                                                    __ATOMIC_SEQ_CST));
        return 0;
    case APIC_LVTCMCI:
    case APIC_LVTT ... APIC_LVTERR:
        if ( off & 0xf )
            return -1;
        write_lvt(vl, off, val);
        return 0;
    case APIC_TMICT:
        vlapic_timer_write_tmict(vl, val);
        return 0;
    case APIC_TDCR:
        vlapic_set_reg(vl, off, val & 0xb);
        return 0;
    }
    return -1;
}

static void vlapic_write_xapic(struct vlapic *vl, unsigned int off,
                               uint32_t val)
{
    switch ( off )
    {
    case APIC_ID:
        vlapic_set_reg(vl, off, val & 0xff000000U);
        return;
    case APIC_LDR:
        vlapic_set_reg(vl, off, val & 0xff000000U);
        return;
    case APIC_DFR:
        vlapic_set_reg(vl, off, val | 0x0fffffffU);
        return;
    case APIC_ICR:
        write_icr(vl, val, vlapic_get_reg(vl, APIC_ICR2) >> 24);
        return;
    case APIC_ICR2:
        vlapic_set_reg(vl, off, val & 0xff000000U);
        return;
    }
    if ( vlapic_write_common(vl, off, val) )
        vlapic_error(vl, APIC_ESR_ILLEGAL_REG);
}

/* ---- xAPIC MMIO ---- */

static bool vlapic_mmio_accepts(struct vcpu *v, uint64_t gpa)
{
    return vcpu_vlapic(v) && gpa >= VLAPIC_BASE_DEFAULT &&
           gpa < VLAPIC_BASE_DEFAULT + PAGE_SIZE;
}

/* The xAPIC page is dead while the APIC is off or in x2APIC mode. */
static bool xapic_live(const struct vlapic *vl)
{
    return (vl->apic_base & APICBASE_ENABLE) && !vlapic_x2apic_mode(vl);
}

static int vlapic_mmio_read(struct vcpu *v, uint64_t gpa, unsigned int len,
                            uint64_t *val)
{
    struct vlapic *vl = vcpu_vlapic(v);
    unsigned int off = gpa & 0xfff, in = off & 0xf;
    uint64_t reg;

    *val = 0;
    if ( !xapic_live(vl) || in + len > 4 )
        return X86EMUL_OKAY;
    reg = vlapic_read_reg(vl, off & ~0xfU);
    *val = (reg >> (in * 8)) & (len == 4 ? 0xffffffffUL
                                         : (1UL << (len * 8)) - 1);
    return X86EMUL_OKAY;
}

static int vlapic_mmio_write(struct vcpu *v, uint64_t gpa, unsigned int len,
                             uint64_t val)
{
    struct vlapic *vl = vcpu_vlapic(v);
    unsigned int off = gpa & 0xfff;

    /* Registers take aligned 32-bit writes; others are dropped. */
    if ( !xapic_live(vl) || (off & 0xf) || len < 4 )
        return X86EMUL_OKAY;
    vlapic_write_xapic(vl, off, val);
    return X86EMUL_OKAY;
}

static const struct hvm_mmio_ops vlapic_mmio_ops = {
    .name = "local APIC",
    .accepts = vlapic_mmio_accepts,
    .read = vlapic_mmio_read,
    .write = vlapic_mmio_write,
};

void vlapic_mmio_register(void)
{
    hvm_mmio_register(&vlapic_mmio_ops);
}

/* ---- MSRs ---- */

static int x2apic_read(struct vlapic *vl, unsigned int off, uint64_t *val)
{
    switch ( off )
    {
    case APIC_EOI:
    case APIC_SELF_IPI:
    case APIC_DFR:
    case APIC_ICR2:
        return -1;              /* write-only, or not in x2APIC mode */
    case APIC_ICR:
        *val = vlapic_get_reg(vl, APIC_ICR) |
               ((uint64_t)vlapic_get_reg(vl, APIC_ICR2) << 32);
        return 0;
    }
    *val = vlapic_read_reg(vl, off);
    return 0;
}

static int x2apic_write(struct vlapic *vl, unsigned int off, uint64_t val)
{
    switch ( off )
    {
    case APIC_ICR:
        vlapic_set_reg(vl, APIC_ICR2, val >> 32);
        write_icr(vl, val, val >> 32);
        return 0;
    case APIC_SELF_IPI:
        if ( (val & 0xff) < 16 )
            vlapic_error(vl, APIC_ESR_SEND_ILLEGAL);
        vlapic_set_irq(vl, val & 0xff, false);
        return 0;
    case APIC_EOI:
        /* A non-zero EOI write faults in x2APIC mode. */
        if ( val )
            return -1;
        break;
    }
    /* Every x2APIC register is 32 bits wide but ICR. */
    if ( val >> 32 )
        return -1;
    return vlapic_write_common(vl, off, val);
}

/* Into x2APIC mode: the ID register and LDR become the derived ones. */
static void enter_x2apic(struct vlapic *vl)
{
    uint32_t id = vlapic_vcpu_apic_id(vl->vcpu);

    vlapic_set_reg(vl, APIC_ID, id);
    vlapic_set_reg(vl, APIC_LDR, vlapic_x2apic_ldr(id));
}

static int write_apic_base(struct vlapic *vl, uint64_t val)
{
    uint64_t old = vl->apic_base;
    bool was_x2 = old & APICBASE_EXTD, to_x2 = val & APICBASE_EXTD;

    if ( (val & ~(APIC_BASE_WRITABLE | APICBASE_BSP)) ||
         (to_x2 && !(val & APICBASE_ENABLE)) )
        return -1;
    /* x2APIC -> xAPIC only through the disabled state (SDM 10.12.5). */
    if ( was_x2 && !to_x2 && (val & APICBASE_ENABLE) )
        return -1;
    if ( (val & APIC_BASE_ADDR_MASK) != VLAPIC_BASE_DEFAULT )
        printk(XENLOG_G_WARNING "%pv: APIC base moved to %#lx: ignored\n",
               vl->vcpu, val & APIC_BASE_ADDR_MASK);
    vl->apic_base = VLAPIC_BASE_DEFAULT | (old & APICBASE_BSP) |
                    (val & (APICBASE_EXTD | APICBASE_ENABLE));
    if ( !(val & APICBASE_ENABLE) )
    {
        /* Hardware disable: as if software-disabled, and xAPIC again. */
        write_spiv(vl, vlapic_get_reg(vl, APIC_SPIV) & ~APIC_SPIV_ENABLED);
        vlapic_set_reg(vl, APIC_ID, vlapic_vcpu_apic_id(vl->vcpu) << 24);
    }
    else if ( to_x2 && !was_x2 )
        enter_x2apic(vl);
    return 0;
}

int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ( !vl )
        return -1;
    if ( msr == MSR_IA32_APICBASE )
    {
        *val = vl->apic_base;
        return 0;
    }
    if ( msr == MSR_IA32_TSC_DEADLINE )
    {
        *val = vlapic_timer_read_deadline(vl);
        return 0;
    }
    if ( msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST ||
         !vlapic_x2apic_mode(vl) )
        return -1;
    return x2apic_read(vl, (msr - MSR_X2APIC_FIRST) << 4, val);
}

int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    struct vlapic *vl = vcpu_vlapic(v);
    unsigned int off;

    if ( !vl )
        return -1;
    if ( msr == MSR_IA32_APICBASE )
        return write_apic_base(vl, val);
    if ( msr == MSR_IA32_TSC_DEADLINE )
    {
        vlapic_timer_write_deadline(vl, val);
        return 0;
    }
    if ( msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST ||
         !vlapic_x2apic_mode(vl) )
        return -1;
    off = (msr - MSR_X2APIC_FIRST) << 4;
    /* Read-only in x2APIC mode: ID, version, PPR, LDR, ISR/TMR/IRR... */
    if ( off == APIC_ID || off == APIC_LVR || off == APIC_PROCPRI ||
         off == APIC_LDR || off == APIC_TMCCT || off == APIC_DFR ||
         off == APIC_ICR2 || (off >= APIC_ISR && off < APIC_ESR) )
        return -1;
    return x2apic_write(vl, off, val);
}
