/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor as xend sees it: one table of operations, filled by a
 * backend: libxc (hv-xc.c) when /dev/xen/privcmd opens, else "none"
 * (hv-none.c: -ENOSYS to everything, for hosts without a hypervisor).
 * Every operation returns 0 or a negative errno; why() then may give the
 * one-line reason (the builder's message) instead of strerror().
 */
#ifndef XEND_HV_PRIVATE_H
#define XEND_HV_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "domcfg.h"

struct xr_value;

#define XEND_DOMF_RUNNING   (1u << 0)
#define XEND_DOMF_BLOCKED   (1u << 1)
#define XEND_DOMF_PAUSED    (1u << 2)
#define XEND_DOMF_SHUTDOWN  (1u << 3)
#define XEND_DOMF_CRASHED   (1u << 4)
#define XEND_DOMF_DYING     (1u << 5)

struct xend_dominfo {
    uint32_t domid;
    uuid_t uuid;
    uint64_t memory_kib, maxmem_kib;
    unsigned int vcpus;
    unsigned int flags;         /* XEND_DOMF_* */
    uint64_t cpu_time_ns;
    unsigned int shutdown_reason;   /* SHUTDOWN_*, when XEND_DOMF_SHUTDOWN */
};

struct xend_vcpuinfo {
    unsigned int vcpu, cpu;
    bool online, running, blocked;
    uint64_t cpu_time_ns;
    char affinity[64];
};

struct xend_physinfo {
    unsigned int nr_cpus, nr_nodes, threads_per_core, cores_per_socket;
    unsigned int cpu_khz;
    uint64_t total_kib, free_kib;
    unsigned int xen_major, xen_minor;
    char xen_extra[16];         /* ".0" */
    char scheduler[16];         /* "credit" */
};

#define XEND_SAVE_LIVE      (1u << 0)   /* pre-copy under log-dirty */
#define XEND_SAVE_COMPRESS  (1u << 1)   /* zlib page records */

enum xend_shutdown_reason {
    XEND_SHUTDOWN_POWEROFF, XEND_SHUTDOWN_REBOOT, XEND_SHUTDOWN_HALT,
};

struct xend_hv_ops {
    const char *name;
    int (*list)(struct xend_dominfo **doms, unsigned int *nr);
    int (*create)(const struct domain_config *cfg, uint32_t *domid);
    int (*destroy)(uint32_t domid);
    int (*pause)(uint32_t domid);
    int (*unpause)(uint32_t domid);
    int (*shutdown)(uint32_t domid, enum xend_shutdown_reason why);
    int (*set_memory)(uint32_t domid, uint64_t mib);
    int (*set_maxmem)(uint32_t domid, uint64_t mib);
    int (*set_vcpus)(uint32_t domid, unsigned int nr);
    int (*pin_vcpu)(uint32_t domid, int vcpu, const char *cpus);
    int (*sched_credit_get)(uint32_t domid, unsigned int *weight,
                            unsigned int *cap);
    int (*sched_credit_set)(uint32_t domid, int weight, int cap);
    int (*vcpu_info)(uint32_t domid, struct xend_vcpuinfo **v,
                     unsigned int *nr);
    int (*physinfo)(struct xend_physinfo *info);
    int (*readconsole)(char **text, bool clear);
    /* The domain's devices of one kind ("vbd"): an array of [devid,
     * {frontend node: value}] (Xen 3's getDeviceSxprs shape). */
    int (*devices)(uint32_t domid, const char *kind, struct xr_value **list);
    /* Hot-plug: a disk added to a running domain; a device detached
     * (force: without waiting for the guest to let it go). */
    int (*disk_attach)(uint32_t domid, const struct domcfg_disk *d);
    /* A vif (with its MAC) added to a running domain as its next device. */
    int (*vif_attach)(uint32_t domid, const struct domcfg_vif *v);
    int (*device_detach)(uint32_t domid, const char *kind, uint32_t devid,
                         bool force);
    /*
     * Save (docs/save-restore.md): the guest asked to suspend (control/
     * shutdown = "suspend") and waited for, then its libxc stream written
     * to fd (flags: XEND_SAVE_*).  It is left suspended: the caller
     * destroys it, or resume() cancels the suspend and runs it again.
     * With progress_fd >= 0, a line per pre-copy round ("round N dirty D
     * sent S t T") and one when suspended ("suspended t T"), T seconds
     * of CLOCK_MONOTONIC.
     */
    int (*save)(uint32_t domid, int fd, unsigned int flags, int progress_fd);
    /* In a child just forked: its own connections from now on. */
    void (*forked)(void);
    int (*resume)(uint32_t domid);
    /* A domain created as create() does, but filled from the libxc stream
     * on fd instead of built: nothing is left when it fails. */
    int (*restore)(const struct domain_config *cfg, int fd, bool paused,
                   uint32_t *domid);
    /* The domain's name changes (xenstore's name nodes). */
    int (*rename)(uint32_t domid, const char *name);
    /*
     * Domain events: a descriptor readable when one may have shut down or
     * gone (the @releaseDomain watch), or -1; event_drain() consumes what
     * made it readable.
     */
    int (*event_fd)(void);
    void (*event_drain)(void);
    /* The last failure's one-line reason, or NULL (then strerror). */
    const char *(*why)(void);
};

extern const struct xend_hv_ops xend_hv_none;
/* What the "none" backend stands for, in its ENOSYS faults. */
#define XEND_NO_HV "/dev/xen/privcmd, or was built without libxc"
/* The libxc backend, or NULL when privcmd does not open (no hypervisor). */
const struct xend_hv_ops *xend_hv_xc_open(void);

/*
 * The backend xend runs with: libxc when present, else "none".  The table
 * returned is complete: an operation a backend leaves NULL is -ENOSYS.
 */
const struct xend_hv_ops *xend_hv_select(void);
/* ops with its NULL entries filled from xend_hv_none (one static copy). */
const struct xend_hv_ops *xend_hv_complete(const struct xend_hv_ops *ops);

#endif /* XEND_HV_PRIVATE_H */
