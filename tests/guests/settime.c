/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XENPF_settime32/64 from dom0 set the wall clock every domain sees:
 * shared_info's wc_sec/wc_nsec (and wc_sec_hi) become secs.nsecs minus
 * system_time, under wc_version (even when stable, advanced by two per
 * update), as Xen 4.17's do_settime() does.  We used to log "not
 * applied" and leave the wall clock at the RTC's.
 */
#include "guest.h"

#include <public/memory.h>
#include <public/platform.h>

#define NS_PER_S 1000000000u

static uint8_t si_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static volatile struct shared_info *si;

static long platform_op(struct xen_platform_op *op)
{
    op->interface_version = XENPF_INTERFACE_VERSION;
    return hypercall(__HYPERVISOR_platform_op, (unsigned long)op, 0, 0, 0, 0);
}

static long settime64(uint64_t secs, uint32_t nsecs, uint64_t system_time,
                      uint32_t mbz)
{
    struct xen_platform_op op = { .cmd = XENPF_settime64 };

    op.u.settime64.secs = secs;
    op.u.settime64.nsecs = nsecs;
    op.u.settime64.system_time = system_time;
    op.u.settime64.mbz = mbz;
    return platform_op(&op);
}

/* The wall clock at system time 0, in ns, read under wc_version. */
static uint64_t wc_read(uint32_t *version)
{
    uint32_t v, sec, nsec, hi;

    do {
        v = si->wc_version;
        barrier();
        sec = si->wc_sec;
        nsec = si->wc_nsec;
        hi = si->xen_wc_sec_hi;
        barrier();
    } while ( (v & 1) || v != si->wc_version );
    *version = v;
    return (((uint64_t)hi << 32) | sec) * NS_PER_S + nsec;
}

static bool map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
        .gpfn = (unsigned long)si_page >> 12,
    };

    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &xatp), 0,
                      "map shared_info") )
        return false;
    si = (volatile struct shared_info *)si_page;
    return true;
}

void test_main(void)
{
    struct xen_platform_op op = { .cmd = XENPF_settime32 };
    uint32_t v0, v, rem;
    uint64_t wc0, wc, now;

    if ( !map_shared_info() )
        return;
    wc0 = wc_read(&v0);
    printk("info wall clock at boot: %llu s since the epoch\n",
           (unsigned long long)udiv64(wc0, NS_PER_S, &rem));
    CHECK(wc0 > 1000000000ull * NS_PER_S, "the RTC's wall clock is there");

    now = pvclock_read(&si->vcpu_info[0].time);
    check_eq_rc(settime64(2000000000u, 123456789, now, 0), 0, "settime64");
    wc = wc_read(&v);
    check_eq(wc, 2000000000ull * NS_PER_S + 123456789 - now,
             "wc is secs.nsecs at system_time");
    CHECK(v >= v0 + 2, "wc_version advanced");

    check_eq_rc(settime64(1, 0, 0, 1), -XEN_EINVAL, "settime64, mbz 1");
    check_eq(wc_read(&v0), wc, "... changes nothing");

    op.u.settime32.secs = 1000000000u;
    op.u.settime32.nsecs = 5;
    op.u.settime32.system_time = 0;
    check_eq_rc(platform_op(&op), 0, "settime32");
    check_eq(wc_read(&v), 1000000000ull * NS_PER_S + 5, "wc after settime32");
    check_eq(v, v0 + 2, "... wc_version advanced by two");

    check_eq_rc(settime64((1ull << 32) + 7, 0, 0, 0), 0,
                "settime64 past 2106");
    CHECK(si->xen_wc_sec_hi == 1 && si->wc_sec == 7, "wc_sec_hi used");

    /* Put the clock back where it was. */
    check_eq_rc(settime64(udiv64(wc0, NS_PER_S, &rem), rem, 0, 0), 0,
                "settime64 back");
    check_eq(wc_read(&v), wc0, "the boot wall clock is back");
}
