/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A running domU moved into a fresh one as a restore does: dom0 pauses
 * domU A (hvm-context/payload.c: counters in %esi and XMM0, its own TSC,
 * STAR and SYSENTER_ESP, the APIC timer counting down), takes its
 * context with gethvmcontext, copies its RAM into domU B through foreign
 * maps, loads the context into B with sethvmcontext and unpauses it.  B
 * must go on where A stopped: the count one on, XMM0 still equal to it,
 * the TSC on from A's (2^60 and up, never back), the timer's count below
 * A's last and not reloaded, the MSRs A set.  The context must hold the
 * records Xen 4.17 gives for a PVH vCPU (CPU, LAPIC, LAPIC_REGS, MTRR)
 * with their sizes, the FPU image marked present.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/hvm/save.h>
#include "hvm-context/payload.h"

#define WAIT_TRIES      2000000UL
#define TSC_STEP_MAX    (1ULL << 36)    /* ~30 s at 2 GHz */
#define TMCCT_STEP_MAX  0x40000000U     /* ~2 min at 128 ns a tick */

static uint8_t ctx[16384];
static struct domu a, b;

/* What A (or B) last reported, read while it is paused. */
struct report {
    uint32_t cnt, err, tmcct, sysenter_esp;
    uint64_t tsc, star;
};

static uint32_t rd(const struct domu *u, uint32_t gpa)
{
    return *(volatile uint32_t *)domu_ptr(u, gpa);
}

static void report(const struct domu *u, struct report *r)
{
    r->cnt = rd(u, HC_CNT);
    r->err = rd(u, HC_ERR);
    r->tsc = ((uint64_t)rd(u, HC_TSC_HI) << 32) | rd(u, HC_TSC_LO);
    r->tmcct = rd(u, HC_TMCCT);
    r->star = ((uint64_t)rd(u, HC_STAR_HI) << 32) | rd(u, HC_STAR_LO);
    r->sysenter_esp = rd(u, HC_SYSENTER_ESP);
}

static bool pause(struct domu *u, bool on)
{
    return check_eq_rc(domu_domctl(on ? XEN_DOMCTL_pausedomain
                                      : XEN_DOMCTL_unpausedomain,
                                   u->id, ctx, 0), 0,
                       on ? "pausedomain" : "unpausedomain");
}

/* Let it run a few rounds, then pause it and read its report. */
static bool run_and_stop(struct domu *u, struct report *r)
{
    unsigned int i;

    for ( i = 0; i < 3; i++ )
        if ( !check(domu_wait_change(domu_ptr(u, HC_CNT), rd(u, HC_CNT),
                                     WAIT_TRIES), "the domU runs", " ") )
            return false;
    if ( !pause(u, true) )
        return false;
    report(u, r);
    return true;
}

/* The record (type, instance 0) of the context at ctx, or NULL. */
static const void *find(uint32_t size, uint16_t type, uint32_t *len)
{
    uint32_t off = 0;

    while ( off + sizeof(struct hvm_save_descriptor) <= size )
    {
        const struct hvm_save_descriptor *d = (const void *)(ctx + off);

        if ( d->typecode == type && d->instance == 0 )
        {
            *len = d->length;
            return d + 1;
        }
        if ( !d->typecode )
            break;
        off += sizeof(*d) + d->length;
    }
    return NULL;
}

static void check_record(uint32_t size, uint16_t type, uint32_t want,
                         const char *what)
{
    uint32_t len = 0;

    check(find(size, type, &len) && len == want, what, "length %u", len);
}

static bool save(const struct report *r, uint32_t *size)
{
    struct xen_domctl_hvmcontext h = { .size = sizeof(ctx) };
    const struct hvm_hw_cpu *c;
    uint32_t len;

    set_xen_guest_handle(h.buffer, ctx);
    if ( !check_eq_rc(domu_domctl(XEN_DOMCTL_gethvmcontext, a.id, &h,
                                  sizeof(h)), 0, "gethvmcontext of A") )
        return false;
    *size = h.size;
    printk("info context: %u bytes\n", h.size);
    check_record(h.size, HVM_SAVE_CODE(CPU), 1032, "CPU record, 1032 bytes");
    check_record(h.size, HVM_SAVE_CODE(LAPIC), 24, "LAPIC record, 24 bytes");
    check_record(h.size, HVM_SAVE_CODE(LAPIC_REGS), 1024,
                 "LAPIC_REGS record, 1024 bytes");
    check_record(h.size, HVM_SAVE_CODE(MTRR), 240, "MTRR record, 240 bytes");
    c = find(h.size, HVM_SAVE_CODE(CPU), &len);
    if ( !c )
        return false;
    check(c->flags & XEN_X86_FPU_INITIALISED, "CPU: FPU image present",
          "flags %#x", c->flags);
    check_eq(c->msr_star, r->star, "CPU: STAR as A set it");
    check_eq(c->sysenter_esp, HC_SYSENTER_VAL, "CPU: SYSENTER_ESP");
    check(c->tsc >= r->tsc && c->tsc - r->tsc < TSC_STEP_MAX,
          "CPU: the TSC A last read, or a little more", "%#llx vs %#llx",
          (unsigned long long)c->tsc, (unsigned long long)r->tsc);
    check_eq(c->rsi, r->cnt, "CPU: %esi holds the count");
    return true;
}

static bool restore(uint32_t size)
{
    struct xen_domctl_hvmcontext h = { .size = size };

    if ( !domu_new(&b, HC_FRAMES) )
        return false;
    memcpy((void *)domu_ptr(&b, 0), (const void *)domu_ptr(&a, 0),
           HC_FRAMES * PAGE_SIZE);
    set_xen_guest_handle(h.buffer, ctx);
    return check_eq_rc(domu_domctl(XEN_DOMCTL_sethvmcontext, b.id, &h,
                                   sizeof(h)), 0, "sethvmcontext into B") &&
           pause(&b, false);
}

static void compare(const struct report *ra, const struct report *rb)
{
    check_eq(rb->err, 0, "B: XMM0 kept the count, the TSC never went back");
    check(rb->cnt > ra->cnt && rb->cnt - ra->cnt < 1000000,
          "B: the count goes on from A's", "A %u B %u", ra->cnt, rb->cnt);
    check(rb->tsc > ra->tsc && rb->tsc - ra->tsc < TSC_STEP_MAX,
          "B: the TSC goes on from A's", "A %#llx B %#llx",
          (unsigned long long)ra->tsc, (unsigned long long)rb->tsc);
    /* Counting on from TMCCT, or a TMICT reloaded on restore: both run. */
    printk("info B's APIC timer %s\n", rb->tmcct < ra->tmcct
           ? "counts on from A's count" : "was reloaded from TMICT");
    check((rb->tmcct < ra->tmcct && ra->tmcct - rb->tmcct < TMCCT_STEP_MAX) ||
          (rb->tmcct > ra->tmcct && ~rb->tmcct < TMCCT_STEP_MAX),
          "B: the APIC timer runs on", "A %#x B %#x", ra->tmcct, rb->tmcct);
    check_eq(rb->star, ((uint64_t)HC_STAR_VAL_HI << 32) | HC_STAR_VAL_LO,
             "B: STAR");
    check_eq(rb->sysenter_esp, HC_SYSENTER_VAL, "B: SYSENTER_ESP");
}

void test_main(void)
{
    struct report ra, rb;
    uint32_t size;

    if ( domu_new(&a, HC_FRAMES) )
    {
        memcpy((void *)domu_ptr(&a, HC_ENTRY), hc_payload_start,
               hc_payload_end - hc_payload_start);
        if ( domu_start(&a, HC_ENTRY) && run_and_stop(&a, &ra) )
        {
            check_eq(ra.err, 0, "A: XMM0 agrees with %esi, TSC monotonic");
            printk("info A: count %u tsc %#llx tmcct %#x\n", ra.cnt,
                   (unsigned long long)ra.tsc, ra.tmcct);
            if ( save(&ra, &size) && restore(size) && run_and_stop(&b, &rb) )
            {
                printk("info B: count %u tsc %#llx tmcct %#x\n", rb.cnt,
                       (unsigned long long)rb.tsc, rb.tmcct);
                compare(&ra, &rb);
            }
        }
    }
    domu_free(&b);
    domu_free(&a);
}
