/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vLAPIC timer (Intel SDM vol. 3A, "APIC Timer"): one-shot and
 * periodic modes counting TMICT down at the bus clock / TDCR divisor, and
 * TSC-deadline mode (MSR 0x6e0).  The bus clock is 1 GHz, so a tick is
 * VLAPIC_BUS_NS nanoseconds of system time; the current count (TMCCT) is
 * computed from NOW(), never stored.
 *
 * One struct timer per vLAPIC drives the interrupt.  Its function runs on
 * the timer's CPU while the vCPU may be writing the registers on another:
 * the timer fields are under vlapic->lock, and the function re-checks
 * that what it was armed for is still armed.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/hvm/vlapic.h>
#include <asm/processor.h>

/* Periodic interrupts closer than this would starve the host (TCG). */
#define MIN_PERIOD_NS           MICROSECS(50)

/* ---- Pure arithmetic ---- */

unsigned int vlapic_divisor(uint32_t tdcr)
{
    /* Bits 0, 1 and 3 hold the code; 111b means divide by 1. */
    unsigned int code = (tdcr & 3) | ((tdcr >> 1) & 4);

    return 1U << ((code + 1) & 7);
}

uint64_t vlapic_count_to_ns(uint32_t count, unsigned int divisor)
{
    return (uint64_t)count * divisor * VLAPIC_BUS_NS;
}

uint32_t vlapic_count_left(uint32_t initial, unsigned int divisor,
                           uint64_t elapsed_ns, bool periodic)
{
    uint64_t ticks = elapsed_ns / ((uint64_t)divisor * VLAPIC_BUS_NS);

    if ( !initial )
        return 0;
    if ( periodic )
        ticks %= initial;
    else if ( ticks >= initial )
        return 0;
    return initial - ticks;
}

/* ---- State ---- */

static unsigned int timer_mode(const struct vlapic *vl)
{
    return (vlapic_get_reg(vl, APIC_LVTT) >> APIC_LVT_TIMER_SHIFT) & 3;
}

static uint64_t guest_tsc(const struct vlapic *vl)
{
    return rdtsc() + vl->vcpu->arch.tsc_offset;
}

/*
 * TSC-deadline mode: when (system time) the guest's TSC reaches tsc, from
 * now.  The guest writes any 64-bit value: the wait is cut to
 * DEADLINE_MAX_TICKS so that neither the conversion to ns nor now + wait
 * can overflow (an overflowed expiry in the past would fire, find the
 * deadline not reached and re-arm at once, for ever); a timer that fires
 * before the deadline is simply armed again for the rest.
 */
#define DEADLINE_MAX_TICKS      (1ULL << 52)    /* 52 days at 1 GHz */

static s_time_t deadline_expiry(const struct vlapic *vl, uint64_t tsc,
                                s_time_t now)
{
    uint64_t now_tsc = guest_tsc(vl), ticks;

    if ( tsc <= now_tsc )
        return now;
    ticks = min(tsc - now_tsc, (uint64_t)DEADLINE_MAX_TICKS);
    return now + min(tsc_ticks_to_ns(ticks), (uint64_t)STIME_DELTA_MAX);
}

static void fire(struct vlapic *vl)
{
    uint32_t lvtt = vlapic_get_reg(vl, APIC_LVTT);

    if ( !(lvtt & APIC_LVT_MASKED) )
        vlapic_set_irq(vl, lvtt & 0xff, false);
}

/* When the current run of TMICT ends (or the next period does). */
static s_time_t next_expiry(const struct vlapic *vl, s_time_t now)
{
    uint64_t period = vl->timer_period;
    s_time_t end = vl->timer_start + period;

    if ( timer_mode(vl) != APIC_TIMER_PERIODIC || end > now )
        return end;
    /* Skip the periods we were too late for: no backlog of ticks. */
    period = max(period, (uint64_t)MIN_PERIOD_NS);
    return now + period - (now - vl->timer_start) % period;
}

static void vlapic_timer_fn(void *data)
{
    struct vlapic *vl = data;
    s_time_t now = NOW();
    bool due = false;

    spin_lock(&vl->lock);
    if ( timer_mode(vl) == APIC_TIMER_TSC_DEADLINE )
    {
        due = vl->tsc_deadline && guest_tsc(vl) >= vl->tsc_deadline;
        if ( due )
            vl->tsc_deadline = 0;
        else if ( vl->tsc_deadline )
            set_timer(&vl->timer,
                      max(deadline_expiry(vl, vl->tsc_deadline, now),
                          now + MICROSECS(1)));
    }
    else if ( vl->timer_period )
    {
        s_time_t end = vl->timer_start + vl->timer_period;

        due = now >= end;
        if ( timer_mode(vl) == APIC_TIMER_PERIODIC )
            set_timer(&vl->timer, next_expiry(vl, now));
        else if ( !due )
            set_timer(&vl->timer, end);
    }
    spin_unlock(&vl->lock);
    if ( due )
        fire(vl);
}

void vlapic_timer_init(struct vlapic *vl, unsigned int cpu)
{
    init_timer(&vl->timer, vlapic_timer_fn, vl, cpu);
}

void vlapic_timer_kill(struct vlapic *vl)
{
    kill_timer(&vl->timer);
}

/* The caller holds vl->lock, or nothing else can see vl yet. */
void vlapic_timer_reset(struct vlapic *vl)
{
    stop_timer(&vl->timer);
    vl->timer_period = 0;
    vl->timer_start = 0;
    vl->tsc_deadline = 0;
}

/* Load TMICT and start counting (one-shot and periodic modes). */
static void start_count(struct vlapic *vl, uint32_t count)
{
    unsigned int div = vlapic_divisor(vlapic_get_reg(vl, APIC_TDCR));

    vlapic_set_reg(vl, APIC_TMICT, count);
    vl->timer_start = NOW();
    vl->timer_period = vlapic_count_to_ns(count, div);
    if ( !count )
    {
        stop_timer(&vl->timer);
        return;
    }
    set_timer(&vl->timer, vl->timer_start + vl->timer_period);
}

void vlapic_timer_write_tmict(struct vlapic *vl, uint32_t val)
{
    spin_lock(&vl->lock);
    /* TMICT is ignored in TSC-deadline mode. */
    if ( timer_mode(vl) != APIC_TIMER_TSC_DEADLINE )
        start_count(vl, val);
    spin_unlock(&vl->lock);
}

void vlapic_timer_write_lvtt(struct vlapic *vl, uint32_t val)
{
    unsigned int old_mode;

    spin_lock(&vl->lock);
    old_mode = timer_mode(vl);
    vlapic_set_reg(vl, APIC_LVTT, val);
    /* A mode change disarms the timer (SDM "TSC-Deadline Mode"). */
    if ( timer_mode(vl) != old_mode )
    {
        stop_timer(&vl->timer);
        vl->timer_period = 0;
        vl->tsc_deadline = 0;
        vlapic_set_reg(vl, APIC_TMICT, 0);
    }
    spin_unlock(&vl->lock);
}

uint32_t vlapic_timer_read_tmcct(struct vlapic *vl)
{
    uint32_t left = 0;

    spin_lock(&vl->lock);
    if ( vl->timer_period && timer_mode(vl) != APIC_TIMER_TSC_DEADLINE )
        left = vlapic_count_left(
            vlapic_get_reg(vl, APIC_TMICT),
            vlapic_divisor(vlapic_get_reg(vl, APIC_TDCR)),
            NOW() - vl->timer_start,
            timer_mode(vl) == APIC_TIMER_PERIODIC);
    spin_unlock(&vl->lock);
    return left;
}

void vlapic_timer_write_deadline(struct vlapic *vl, uint64_t tsc)
{
    spin_lock(&vl->lock);
    /* Outside TSC-deadline mode the MSR ignores writes. */
    if ( timer_mode(vl) != APIC_TIMER_TSC_DEADLINE )
    {
        spin_unlock(&vl->lock);
        return;
    }
    vl->tsc_deadline = tsc;
    stop_timer(&vl->timer);
    if ( tsc )
        set_timer(&vl->timer, deadline_expiry(vl, tsc, NOW()));
    spin_unlock(&vl->lock);
}

uint64_t vlapic_timer_read_deadline(struct vlapic *vl)
{
    return timer_mode(vl) == APIC_TIMER_TSC_DEADLINE
           ? READ_ONCE(vl->tsc_deadline) : 0;
}

/*
 * After a restore (hvm/vlapic-save.c): the registers are loaded; count on
 * from left (TMCCT when saved: an expired one-shot stays expired), or
 * wait for the saved deadline, in the guest's TSC, which continues.
 */
void vlapic_timer_resume(struct vlapic *vl, uint32_t left, uint64_t deadline)
{
    uint32_t count = vlapic_get_reg(vl, APIC_TMICT);
    unsigned int div = vlapic_divisor(vlapic_get_reg(vl, APIC_TDCR));

    spin_lock(&vl->lock);
    vlapic_timer_reset(vl);
    if ( timer_mode(vl) == APIC_TIMER_TSC_DEADLINE )
    {
        vl->tsc_deadline = deadline;
        if ( deadline )
            set_timer(&vl->timer, deadline_expiry(vl, deadline, NOW()));
    }
    else if ( count && left )
    {
        vl->timer_period = vlapic_count_to_ns(count, div);
        vl->timer_start = NOW() - vl->timer_period +
                          vlapic_count_to_ns(min(left, count), div);
        set_timer(&vl->timer, vl->timer_start + vl->timer_period);
    }
    spin_unlock(&vl->lock);
}
