/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared_info page, vcpu_info placement, and the time a guest reads
 * from them: per-vCPU pvclock (vcpu_time_info) and the domain's wall clock.
 *
 * pvclock: the guest computes system time as
 *   system_time + scale(guest_tsc - tsc_timestamp)
 * so each update takes NOW() first and the TSC second: the guest's clock
 * can trail NOW() by the few cycles between them, never run ahead of it,
 * and once a timer for deadline t has fired (NOW() >= t) and the vCPU's
 * time has been refreshed, the guest reads at least t.
 *
 * Lock: update_vcpu_system_time(v) runs only on the CPU that runs v, or
 * while v is not running, so its writers never overlap; the version field
 * protects guest readers.  d->lock guards the layout latch and the wall
 * clock.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/time.h>
#include <xen/vcpu-timer.h>
#include <asm/processor.h>

/* Layouts from Xen 4.17 (tools/include/xen-foreign/reference.size). */
BUILD_BUG_ON(sizeof(struct vcpu_info) != 64);
BUILD_BUG_ON(sizeof(struct compat_vcpu_info) != 64);
BUILD_BUG_ON(offsetof(struct vcpu_info, time) != 32);
BUILD_BUG_ON(offsetof(struct compat_vcpu_info, time) != 32);
BUILD_BUG_ON(offsetof(struct compat_vcpu_info, evtchn_pending_sel) != 4);
BUILD_BUG_ON(sizeof(struct shared_info) != 3136);
BUILD_BUG_ON(offsetof(struct shared_info, wc_version) != 3072);
BUILD_BUG_ON(sizeof(struct compat_shared_info) != 2344);
BUILD_BUG_ON(offsetof(struct compat_shared_info, wc_version) != 2304);
BUILD_BUG_ON(offsetof(struct compat_shared_info, arch.wc_sec_hi) != 2340);
BUILD_BUG_ON(sizeof(struct shared_info) > PAGE_SIZE);

void pvclock_scale(uint64_t tsc_khz, uint32_t *mul, int8_t *shift)
{
    const uint64_t ns_per_s = 1000000000ULL;
    uint64_t tps = tsc_khz * 1000;
    int s = 0;

    if ( !tps )
        tps = ns_per_s;                 /* uncalibrated: 1 GHz */
    /* Bring the rate into (1e9, 2e9] so mul lands in [2^31, 2^32). */
    while ( tps > 2 * ns_per_s )
    {
        tps >>= 1;
        s--;
    }
    while ( tps <= ns_per_s )
    {
        tps <<= 1;
        s++;
    }
    *mul = (ns_per_s << 32) / tps;
    *shift = s;
}

uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if ( shift < 0 )
        delta >>= -shift;
    else
        delta <<= shift;
    return ((unsigned __int128)delta * mul) >> 32;
}

/* The scale of this machine's TSC, computed once cpu_khz is known. */
static void tsc_pvclock_scale(uint32_t *mul, int8_t *shift)
{
    static uint64_t khz;
    static uint32_t m;
    static int8_t s;

    if ( READ_ONCE(khz) != cpu_khz )
    {
        pvclock_scale(cpu_khz, &m, &s);
        barrier();
        WRITE_ONCE(khz, cpu_khz);
    }
    *mul = m;
    *shift = s;
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *u, t = { 0 };
    unsigned long flags;

    if ( !v->vcpu_info )
        return;
    /* The time info sits at offset 32 in both layouts. */
    u = &vcpu_info_native(v)->time;
    tsc_pvclock_scale(&t.tsc_to_system_mul, &t.tsc_shift);

    local_irq_save(flags);
    t.system_time = NOW();
    /* The guest's TSC: ours plus its offset (hvm/msr.c, the VMCB). */
    t.tsc_timestamp = rdtsc() + v->arch.tsc_offset;
    local_irq_restore(flags);

    /* Odd while the fields change (Xen's version_update_begin/end). */
    t.version = (u->version + 1) | 1;
    WRITE_ONCE(u->version, t.version);
    smp_wmb();
    u->tsc_timestamp = t.tsc_timestamp;
    u->system_time = t.system_time;
    u->tsc_to_system_mul = t.tsc_to_system_mul;
    u->tsc_shift = t.tsc_shift;
    /* No TSC_STABLE: Xen sets it only with clocksource=tsc. */
    u->flags = 0;
    smp_wmb();
    WRITE_ONCE(u->version, t.version + 1);
}

/* Write the wall clock at system time 0 in d's current layout. */
static void update_domain_wallclock(struct domain *d)
{
    uint64_t base = rtc_wallclock_base_ns();
    uint32_t *version, *sec, *nsec, *sec_hi;

    if ( d->has_32bit_shinfo )
    {
        struct compat_shared_info *s = shared_info_compat(d);

        version = &s->wc_version, sec = &s->wc_sec, nsec = &s->wc_nsec;
        sec_hi = &s->arch.wc_sec_hi;
    }
    else
    {
        struct shared_info *s = shared_info_native(d);

        version = &s->wc_version, sec = &s->wc_sec, nsec = &s->wc_nsec;
        sec_hi = &s->wc_sec_hi;
    }
    WRITE_ONCE(*version, (*version + 1) | 1);
    smp_wmb();
    *sec = (uint32_t)(base / 1000000000ULL);
    *sec_hi = (uint32_t)(base / 1000000000ULL >> 32);
    *nsec = base % 1000000000ULL;
    smp_wmb();
    WRITE_ONCE(*version, *version + 1);
}

void domains_update_wallclock(void)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain ( d )
    {
        spin_lock(&d->lock);
        if ( d->shared_info )
            update_domain_wallclock(d);
        spin_unlock(&d->lock);
    }
    spin_unlock(&domlist_lock);
}

void domain_latch_shinfo_size(struct domain *d, bool compat)
{
    spin_lock(&d->lock);
    if ( d->shared_info && d->has_32bit_shinfo != compat )
    {
        d->has_32bit_shinfo = compat;
        /* As Xen: only the wall clock moves; events are not converted. */
        update_domain_wallclock(d);
    }
    spin_unlock(&d->lock);
}

/*
 * shared_info is a hypervisor frame the domain owns while it lives, as
 * Xen's share_xen_page_with_guest(): copies into it from hypercalls take
 * a page reference like any frame of the domain, and it is freed at the
 * last one.
 */
int domain_shared_info_init(struct domain *d)
{
    d->shared_info = alloc_xenheap_page();
    if ( !d->shared_info )
        return -ENOMEM;
    memset(d->shared_info, 0, PAGE_SIZE);
    share_xen_page_with_domain(d->shared_info, d);
    d->shared_info_gfn = ~0UL;
    d->has_32bit_shinfo = false;
    spin_lock_init(&d->pbuf_lock);
    update_domain_wallclock(d);
    return 0;
}

void domain_shared_info_free(struct domain *d)
{
    void *va = d->shared_info;

    d->shared_info = NULL;
    if ( va )
        unshare_xen_page(va);
}

void vcpu_guest_init(struct vcpu *v)
{
    struct domain *d = v->domain;

    /* Both layouts have 64-byte slots: one address serves either. */
    v->vcpu_info = v->vcpu_id < XEN_LEGACY_MAX_VCPUS && d->shared_info
                   ? &shared_info_native(d)->vcpu_info[v->vcpu_id] : NULL;
    v->vcpu_info_mfn = ~0UL;
    v->runstate_guest = 0;
    vcpu_timers_init(v);
    update_vcpu_system_time(v);
}

void vcpu_guest_destroy(struct vcpu *v)
{
    vcpu_timers_destroy(v);
    /* The reference map_vcpu_info() took on the guest's frame. */
    if ( v->vcpu_info_mfn != ~0UL )
        page_put_ref(mfn_to_page(v->vcpu_info_mfn));
    v->vcpu_info = NULL;
    v->vcpu_info_mfn = ~0UL;
    v->runstate_guest = 0;
}
