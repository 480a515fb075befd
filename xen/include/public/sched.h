/* SPDX-License-Identifier: MIT */
/*
 * sched_op(cmd, arg): how a guest yields, blocks, polls and shuts down.
 *
 * The old form, sched_op_compat(cmd, unsigned long arg), took the shutdown
 * reason directly as arg and knew only yield, block and shutdown.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/* Give up the CPU for now; arg unused. */
#define SCHEDOP_yield       0

/*
 * Sleep until an event is pending for this vCPU; arg unused.  Event
 * delivery is re-enabled and pending events are checked atomically with
 * going to sleep, so a wakeup cannot be lost.
 */
#define SCHEDOP_block       1

/*
 * Stop the whole domain and tell the toolstack why; arg: struct
 * sched_shutdown.  For SHUTDOWN_suspend a PV guest passes its start_info
 * MFN as third argument, and the call returns 1 if the suspend was
 * cancelled (or only a checkpoint was taken), 0 when resumed in a new
 * domain.
 */
#define SCHEDOP_shutdown    2

/*
 * Wait until one of the given event channel ports is pending, or until
 * the timeout (absolute system time in ns; 0 = none); arg: struct
 * sched_poll.
 */
#define SCHEDOP_poll        3

/*
 * Shut down another domain (used to carry out a fully virtualised guest's
 * own power-off); arg: struct sched_remote_shutdown.
 */
#define SCHEDOP_remote_shutdown        4

/*
 * Record the reason a later shutdown will report, without shutting down
 * now; arg: struct sched_shutdown.
 */
#define SCHEDOP_shutdown_code 5

/*
 * Domain watchdog; arg: struct sched_watchdog.  id 0 creates a watchdog
 * and returns its id; a nonzero id with timeout 0 destroys it, with a
 * nonzero timeout pokes it.  Expiry shuts the domain down.
 */
#define SCHEDOP_watchdog    6

/*
 * Hardware domain only: pin the calling vCPU to one physical CPU of its
 * pool, or (pcpu < 0) undo the pin; arg: struct sched_pin_override.
 */
#define SCHEDOP_pin_override 7

#ifndef __ASSEMBLY__

struct sched_shutdown {
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    unsigned int nr_ports;
    uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
    domid_t domain_id;
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;           /* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
    int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

#endif /* !__ASSEMBLY__ */

/* Shutdown reasons, for the toolstack to act on; Xen mostly ignores them. */
#define SHUTDOWN_poweroff   0   /* clean exit: destroy the domain */
#define SHUTDOWN_reboot     1   /* destroy, then start again */
#define SHUTDOWN_suspend    2   /* save state, then destroy */
#define SHUTDOWN_crash      3   /* the guest crashed */
#define SHUTDOWN_watchdog   4   /* the watchdog expired */
/*
 * Reset the domain's hypervisor-side state to what it was at creation,
 * keeping memory and vCPU contexts, so that it can set everything up anew.
 */
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

#endif /* __XEN_PUBLIC_SCHED_H__ */
