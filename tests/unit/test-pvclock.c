/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest time (xen/common/shared_info.c): the pvclock scale against exact
 * TSC-to-nanosecond conversion for TSCs from 1 MHz to 10 GHz, the
 * vcpu_time_info update protocol (even version, advanced by two, fields
 * as a guest reads them), the wall clock in the native and the compat
 * shared_info layout, and vcpu_info placement in the legacy slots.
 */
/* The hypervisor's view of the public headers (vcpu_time_info.flags). */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>
#include <asm/processor.h>

/* User mode may not cli/popf IF: the irq forms do nothing here. */
#undef local_irq_save
#undef local_irq_restore
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

#include "../../xen/common/shared_info.c"

#include "harness.h"

uint64_t cpu_khz;
struct domain *domain_list;
DEFINE_SPINLOCK(domlist_lock);
static s_time_t fake_now;
static uint64_t wallclock_base = 1700000000123456789ULL;

s_time_t NOW(void)
{
    return fake_now;
}

uint64_t rtc_wallclock_base_ns(void)
{
    return wallclock_base;
}

void *alloc_xenheap_pages(unsigned int order)
{
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    free(va);
}

void vcpu_timers_init(struct vcpu *v)
{
}

void vcpu_timers_destroy(struct vcpu *v)
{
}

/* The vcpu_info frame reference (never taken here: no guest frames). */
struct page_info *frame_table;

void page_put_ref(struct page_info *pg)
{
}

/* shared_info's ownership (physmap.c): a host page here. */
void share_xen_page_with_domain(void *va, struct domain *d)
{
}

void unshare_xen_page(void *va)
{
    free(va);
}

/* ticks * 10^6 / khz, exactly (128-bit). */
static uint64_t exact_ns(uint64_t ticks, uint64_t khz)
{
    return (unsigned __int128)ticks * 1000000 / khz;
}

TEST(pvclock_scale_range)
{
    static const uint64_t khz[] = {
        1000, 999999, 1000000, 1000001, 1999999, 2000000, 2400000,
        2893312, 3000000, 3600123, 4000000, 10000000,
    };
    unsigned int i, bad_mul = 0, bad_ns = 0;

    for ( i = 0; i < ARRAY_SIZE(khz); i++ )
    {
        uint64_t ticks = khz[i] * 1000 * 10;        /* 10 s */
        uint64_t want = exact_ns(ticks, khz[i]);
        uint64_t got;
        uint32_t mul;
        int8_t shift;

        pvclock_scale(khz[i], &mul, &shift);
        bad_mul += mul < (1U << 31);
        got = pvclock_scale_delta(ticks, mul, shift);
        /* Within 1 ppm plus a tick's worth of rounding. */
        bad_ns += got > want || want - got > want / 1000000 + 2;
    }
    EXPECT_EQ(bad_mul, 0);
    EXPECT_EQ(bad_ns, 0);
}

TEST(pvclock_scale_small_deltas)
{
    uint32_t mul;
    int8_t shift;
    uint64_t d;
    unsigned int bad = 0;

    pvclock_scale(2400000, &mul, &shift);      /* 2.4 GHz */
    for ( d = 0; d < 100000; d += 7 )
        bad += exact_ns(d, 2400000) - pvclock_scale_delta(d, mul, shift) > 1;
    EXPECT_EQ(bad, 0);
    /* Uncalibrated: a 1 GHz TSC, one tick per ns. */
    pvclock_scale(0, &mul, &shift);
    EXPECT_EQ(pvclock_scale_delta(123456789, mul, shift), 123456789);
}

static struct domain *new_domain(void)
{
    struct domain *d = calloc(1, sizeof(*d));

    EXPECT_EQ(domain_shared_info_init(d), 0);
    return d;
}

TEST(pvclock_update_protocol)
{
    struct domain *d = new_domain();
    struct vcpu v = { .vcpu_id = 3, .domain = d };
    struct vcpu_time_info *t;
    uint64_t tsc0;
    uint32_t ver;

    cpu_khz = 2000000;
    fake_now = 5000000000LL;
    v.arch.tsc_offset = 1000;
    vcpu_guest_init(&v);
    EXPECT(v.vcpu_info == &shared_info_native(d)->vcpu_info[3]);
    t = &shared_info_native(d)->vcpu_info[3].time;
    ver = t->version;
    EXPECT(ver && !(ver & 1));
    tsc0 = rdtsc();
    fake_now += 1000000;
    update_vcpu_system_time(&v);
    EXPECT_EQ(t->version, ver + 2);
    EXPECT_EQ(t->system_time, 5001000000LL);
    EXPECT(t->tsc_timestamp >= tsc0 + 1000 &&
           t->tsc_timestamp <= rdtsc() + 1000);
    EXPECT(t->tsc_to_system_mul >= (1U << 31));
    /* 2 GHz: 2 ticks per ns. */
    EXPECT_EQ(pvclock_scale_delta(2000, t->tsc_to_system_mul,
                                  t->tsc_shift), 1000);
    domain_shared_info_free(d);
    free(d);
}

TEST(vcpu_info_slots)
{
    struct domain *d = new_domain();
    struct vcpu v0 = { .vcpu_id = 0, .domain = d };
    struct vcpu v31 = { .vcpu_id = 31, .domain = d };
    struct vcpu v32 = { .vcpu_id = 32, .domain = d };

    vcpu_guest_init(&v0);
    vcpu_guest_init(&v31);
    vcpu_guest_init(&v32);
    EXPECT_EQ((char *)v0.vcpu_info - (char *)d->shared_info, 0);
    EXPECT_EQ((char *)v31.vcpu_info - (char *)d->shared_info, 31 * 64);
    EXPECT(v32.vcpu_info == NULL);
    EXPECT_EQ(v0.vcpu_info_mfn, ~0UL);
    update_vcpu_system_time(&v32);              /* no vcpu_info: no-op */
    vcpu_guest_destroy(&v31);
    EXPECT(v31.vcpu_info == NULL);
    domain_shared_info_free(d);
    EXPECT(d->shared_info == NULL);
    free(d);
}

TEST(wallclock_layouts)
{
    struct domain *d = new_domain();
    const uint8_t *p;
    uint32_t sec = (uint32_t)(wallclock_base / 1000000000ULL);
    uint32_t nsec = wallclock_base % 1000000000ULL;

    spin_lock_init(&d->lock);
    p = d->shared_info;
    /* Native: wc_version at 3072, then sec, nsec, sec_hi. */
    EXPECT(*(const uint32_t *)(p + 3072) &&
           !(*(const uint32_t *)(p + 3072) & 1));
    EXPECT_EQ(*(const uint32_t *)(p + 3076), sec);
    EXPECT_EQ(*(const uint32_t *)(p + 3080), nsec);
    EXPECT_EQ(*(const uint32_t *)(p + 3084), 0);
    /* Compat: wc_version at 2304, sec_hi at the end of arch. */
    domain_latch_shinfo_size(d, true);
    EXPECT(d->has_32bit_shinfo);
    EXPECT_EQ(*(const uint32_t *)(p + 2304), 2);
    EXPECT_EQ(*(const uint32_t *)(p + 2308), sec);
    EXPECT_EQ(*(const uint32_t *)(p + 2312), nsec);
    EXPECT_EQ(*(const uint32_t *)(p + 2340), 0);
    /* Latching the same mode again changes nothing. */
    domain_latch_shinfo_size(d, true);
    EXPECT_EQ(*(const uint32_t *)(p + 2304), 2);
    domain_shared_info_free(d);
    free(d);
}

/*
 * XENPF_settime: every domain on the list gets the new wall clock in its
 * own layout, its wc_version advanced by two (even: stable).
 */
TEST(wallclock_update_all_domains)
{
    struct domain *a = new_domain(), *b = new_domain();
    uint64_t old = wallclock_base;
    const uint8_t *pa = a->shared_info, *pb = b->shared_info;
    uint32_t va, vb;

    spin_lock_init(&a->lock);
    spin_lock_init(&b->lock);
    domain_latch_shinfo_size(b, true);
    a->next_in_list = b;
    domain_list = a;
    va = *(const uint32_t *)(pa + 3072);
    vb = *(const uint32_t *)(pb + 2304);
    wallclock_base = 0x2540be400ULL * 1000000000ULL + 42;  /* sec > 2^32 */
    domains_update_wallclock();
    EXPECT_EQ(*(const uint32_t *)(pa + 3072), va + 2);
    EXPECT_EQ(*(const uint32_t *)(pa + 3076), 0x540be400);
    EXPECT_EQ(*(const uint32_t *)(pa + 3080), 42);
    EXPECT_EQ(*(const uint32_t *)(pa + 3084), 2);
    EXPECT_EQ(*(const uint32_t *)(pb + 2304), vb + 2);
    EXPECT_EQ(*(const uint32_t *)(pb + 2308), 0x540be400);
    EXPECT_EQ(*(const uint32_t *)(pb + 2312), 42);
    EXPECT_EQ(*(const uint32_t *)(pb + 2340), 2);
    domain_list = NULL;
    wallclock_base = old;
    domain_shared_info_free(a);
    domain_shared_info_free(b);
    free(a);
    free(b);
}
