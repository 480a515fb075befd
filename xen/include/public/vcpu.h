/* SPDX-License-Identifier: MIT */
/*
 * Per-vCPU operations: bring vCPUs up and down, timers, and where the
 * hypervisor writes a vCPU's runstate, vcpu_info and time info.
 *
 * Hypercall: HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg).
 * vcpuid names one vCPU of the calling domain.  Return: 0 or a negative
 * XEN_E* value (VCPUOP_is_up: 1 or 0).
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

/*
 * VCPUOP_initialise: set the register state a vCPU starts from (before
 * its first VCPUOP_up).  arg: PV guests vcpu_guest_context_t (arch
 * header); HVM/PVH guests vcpu_hvm_context_t (hvm/hvm_vcpu.h).
 * Fails with -XEN_EEXIST once the vCPU has been initialised.
 */
#define VCPUOP_initialise            0

/* VCPUOP_up: make an initialised vCPU runnable.  arg: NULL. */
#define VCPUOP_up                    1

/* VCPUOP_down: take a vCPU offline; its state is kept.  arg: NULL. */
#define VCPUOP_down                  2

/* VCPUOP_is_up: 1 if the vCPU is up, else 0.  arg: NULL. */
#define VCPUOP_is_up                 3

/*
 * VCPUOP_get_runstate_info: copy out the vCPU's run state and the time
 * it has spent in each state.  arg: vcpu_runstate_info_t (OUT).
 */
#define VCPUOP_get_runstate_info     4

/*
 * state: RUNSTATE_* now; state_entry_time: system time (ns) it was
 * entered; time[]: nanoseconds spent in each RUNSTATE_* so far.
 */
struct vcpu_runstate_info {
    int32_t  state;
    uint64_t state_entry_time;
    /*
     * Set in state_entry_time while the hypervisor rewrites a registered
     * area (VMASST_TYPE_runstate_update_flag): readers retry until clear.
     */
#define XEN_RUNSTATE_UPDATE          (xen_mk_ullong(1) << 63)
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Running on a physical CPU. */
#define RUNSTATE_running  0
/* Runnable, waiting for a physical CPU. */
#define RUNSTATE_runnable 1
/* Blocked: waiting for an event, or yielded for a while. */
#define RUNSTATE_blocked  2
/* Not runnable: down, paused, or the domain is paused. */
#define RUNSTATE_offline  3

/*
 * VCPUOP_register_runstate_memory_area: have the hypervisor keep a copy
 * of the vCPU's runstate info at a guest address, updated whenever the
 * vCPU is scheduled.
 *  IN:  addr (a guest virtual address, or for auto-translated guests
 *       one that stays mapped while the guest runs).
 * NOTES:
 *  1. Only one area per vCPU; a second call replaces the first.
 *  2. The first update happens before the call returns.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

/*
 * VCPUOP_set_periodic_timer: raise VIRQ_TIMER every period_ns.
 * VCPUOP_stop_periodic_timer: stop it (arg: NULL).
 */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

/*
 * VCPUOP_set_singleshot_timer: raise VIRQ_TIMER once, at system time
 * timeout_abs_ns.  flags: VCPU_SSHOTTMR_future fails the call with
 * -XEN_ETIME when the time has already passed.
 * VCPUOP_stop_singleshot_timer: cancel it (arg: NULL).
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * VCPUOP_register_vcpu_info: move the vCPU's vcpu_info out of
 * shared_info into a guest page, so more than XEN_LEGACY_MAX_VCPUS vCPUs
 * get one.
 *  IN:  mfn (guest frame), offset (in it; the struct must not cross the
 *       page end), rsvd (must be 0).
 * NOTES:
 *  1. Once per vCPU: a second call fails with -XEN_EINVAL.
 */
#define VCPUOP_register_vcpu_info   10
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* VCPUOP_send_nmi: raise an NMI on the vCPU.  arg: NULL. */
#define VCPUOP_send_nmi             11

/*
 * VCPUOP_get_physid: (hardware domain) the physical CPU's ids, for the
 * vCPU of the same number.
 *  OUT: phys_id (x86: low half APIC id, high half ACPI id).
 */
#define VCPUOP_get_physid           12
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * VCPUOP_register_vcpu_time_memory_area: have the hypervisor keep a copy
 * of the vCPU's vcpu_time_info at a guest address (as for the runstate
 * area), so user space can read time without a system call.
 *  IN:  addr.
 */
#define VCPUOP_register_vcpu_time_memory_area   13
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area
    vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* __XEN_PUBLIC_VCPU_H__ */
