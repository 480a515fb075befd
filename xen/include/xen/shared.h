/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-domain shared_info page and the per-vCPU vcpu_info, in the two
 * layouts a guest may use: native (64-bit, public/xen.h) and compat (a
 * 32-bit guest's view, where xen_ulong_t is 4 bytes).  Which one a domain
 * uses is latched from the guest's mode when it writes the hypercall page
 * or sets HVM_PARAM_CALLBACK_IRQ (d->has_32bit_shinfo), as Xen does.
 *
 * Both vcpu_info layouts are 64 bytes with evtchn_upcall_pending at 0,
 * evtchn_upcall_mask at 1 and the vcpu_time_info at 32; only
 * evtchn_pending_sel differs (8 bytes at 8, or 4 bytes at 4).
 *
 * Life cycle: domain_shared_info_init() at domain creation, then
 * vcpu_guest_init() for each vCPU; vcpu_guest_destroy() and
 * domain_shared_info_free() on the way out.
 */
#ifndef XEN_SHARED_H
#define XEN_SHARED_H

#include <xen/types.h>
#include <public/xen.h>

struct domain;
struct vcpu;

struct compat_arch_vcpu_info {
    uint32_t cr2;
    uint32_t pad[5];
};

struct compat_vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint32_t evtchn_pending_sel;
    struct compat_arch_vcpu_info arch;
    struct vcpu_time_info time;
};

struct compat_arch_shared_info {
    uint32_t max_pfn;
    uint32_t pfn_to_mfn_frame_list_list;
    uint32_t nmi_reason;
    uint32_t p2m_cr3;
    uint32_t p2m_vaddr;
    uint32_t p2m_generation;
    uint32_t wc_sec_hi;
};

struct compat_shared_info {
    struct compat_vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint32_t evtchn_pending[32];
    uint32_t evtchn_mask[32];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    struct compat_arch_shared_info arch;
};

#define shared_info_native(d) ((struct shared_info *)(d)->shared_info)
#define shared_info_compat(d) ((struct compat_shared_info *)(d)->shared_info)
#define vcpu_info_native(v)   ((struct vcpu_info *)(v)->vcpu_info)
#define vcpu_info_compat(v)   ((struct compat_vcpu_info *)(v)->vcpu_info)

/*
 * Allocate d's shared_info (a zeroed xenheap page) and read the wall
 * clock.  0 or -ENOMEM.  Call before creating d's vCPUs.
 */
int domain_shared_info_init(struct domain *d);
/* Free it (after every vCPU is destroyed). */
void domain_shared_info_free(struct domain *d);

/*
 * Per-vCPU guest interface state: vcpu_info in its legacy slot of
 * shared_info (vCPUs 0-31; others have none until they register one),
 * and the singleshot/periodic timers.  After domain_shared_info_init().
 */
void vcpu_guest_init(struct vcpu *v);
/* Stop the timers and drop a registered vcpu_info (v not running). */
void vcpu_guest_destroy(struct vcpu *v);

/*
 * Latch the shared_info/vcpu_info layout from the guest's mode (compat:
 * a 32-bit guest), moving the wall clock to the new layout's place.
 */
void domain_latch_shinfo_size(struct domain *d, bool compat);

/*
 * The wall clock changed (XENPF_settime): rewrite every domain's
 * shared_info wc_sec/wc_nsec/wc_sec_hi under wc_version, as Xen's
 * do_settime() does.  Takes domlist_lock, then each d->lock.
 */
void domains_update_wallclock(void);

/*
 * Refresh v's vcpu_time_info (pvclock): system time NOW(), the guest's
 * TSC at that instant and the TSC-to-ns scale, under the version
 * protocol.  Called on every context switch to v and when v's timers
 * fire.  No-op if v has no vcpu_info.
 */
void update_vcpu_system_time(struct vcpu *v);

/*
 * The pvclock scale for a TSC of tsc_khz: ns = ((ticks << shift, or >>
 * -shift) * mul) >> 32, with mul normalised to [2^31, 2^32).
 */
void pvclock_scale(uint64_t tsc_khz, uint32_t *mul, int8_t *shift);
/* Apply such a scale (the guest's computation, for checks). */
uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift);

/*
 * Nanoseconds since the epoch at system time 0, from the CMOS RTC read
 * once on first use, or as dom0 last set it (arch/x86/rtc.c).
 */
uint64_t rtc_wallclock_base_ns(void);
/* Seconds since the epoch for a Gregorian date and time (UTC). */
uint64_t rtc_mktime(unsigned int year, unsigned int mon, unsigned int day,
                    unsigned int hour, unsigned int min, unsigned int sec);

/*
 * Rewrite v's registered runstate area (VCPUOP_register_runstate_memory_
 * area) from v's current runstate.  Called on every context switch, for
 * the vCPU being switched to, with its guest state loaded or at least
 * its control registers current (the address is a guest virtual one).
 */
void vcpu_update_runstate_area(struct vcpu *v);

#endif /* XEN_SHARED_H */
