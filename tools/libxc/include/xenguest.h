/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Saving and restoring a domain (libxenguest's xc_domain_save and
 * xc_domain_restore, with Xen 4.17's signatures; in our libxenctrl).  The
 * stream is Xen's migration stream v2 (docs/save-restore.md).  Only x86
 * HVM (PVH) guests and XC_STREAM_PLAIN; the rest fails with EOPNOTSUPP.
 * Each returns 0, or -1 with errno and one line in xc_get_last_error().
 */
#ifndef XENGUEST_H
#define XENGUEST_H

#include <xenctrl.h>

#define XCFLAGS_LIVE      (1 << 0)
#define XCFLAGS_DEBUG     (1 << 1)
/* Ours: page data compressed with zlib (XMHV_PAGE_DATA_ZLIB records). */
#define XCFLAGS_XMHV_COMPRESS (1 << 16)

struct precopy_stats {
    unsigned int iteration;
    unsigned long total_written;
    long dirty_count;           /* -1 if unknown */
};

typedef int (*precopy_policy_t)(struct precopy_stats, void *);

struct save_callbacks {
    /* Suspends the guest (it must end shut down for SHUTDOWN_suspend):
     * non-zero on success. */
    int (*suspend)(void *data);
#define XGS_POLICY_ABORT          (-1)
#define XGS_POLICY_CONTINUE_PRECOPY 0
#define XGS_POLICY_STOP_AND_COPY    1
    /* Asked after every pre-copy round; NULL: ours alone decides.  Ours
     * (at most 5 rounds, stop once the dirty set stops shrinking or falls
     * under 50 pages) applies in any case. */
    precopy_policy_t precopy_policy;
    int (*postcopy)(void *data);            /* unused (checkpoints) */
    int (*checkpoint)(void *data);          /* unused */
    int (*wait_checkpoint)(void *data);     /* unused */
    int (*switch_qemu_logdirty)(uint32_t domid, unsigned enable,
                                void *data); /* unused: no device model */
    void *data;
};

typedef enum {
    XC_STREAM_PLAIN,
    XC_STREAM_REMUS,
    XC_STREAM_COLO,
} xc_stream_type_t;

int xc_domain_save(xc_interface *xch, int io_fd, uint32_t dom,
                   uint32_t flags, struct save_callbacks *callbacks,
                   xc_stream_type_t stream_type, int recv_fd);

struct restore_callbacks {
#define XGR_SDD_MISSING_CPUID (1 << 0)
#define XGR_SDD_MISSING_MSR   (1 << 1)
    int (*static_data_done)(unsigned int missing, void *data);
    int (*suspend)(void *data);             /* unused (checkpoints) */
    int (*postcopy)(void *data);            /* unused */
    int (*checkpoint)(void *data);          /* unused */
    int (*wait_checkpoint)(void *data);     /* unused */
    void (*restore_results)(xen_pfn_t store_gfn, xen_pfn_t console_gfn,
                            void *data);
    void *data;
};

/*
 * Fills the created, paused domain dom from io_fd: memory, TSC, HVM
 * parameters (store_evtchn and console_evtchn, ports the caller allocated,
 * replace the saved ones) and vCPU state; the grant entries of the
 * xenstore and console rings are seeded for their backends.  The rings'
 * gfns come back in *store_mfn and *console_mfn.
 */
int xc_domain_restore(xc_interface *xch, int io_fd, uint32_t dom,
                      unsigned int store_evtchn, unsigned long *store_mfn,
                      uint32_t store_domid, unsigned int console_evtchn,
                      unsigned long *console_mfn, uint32_t console_domid,
                      xc_stream_type_t stream_type,
                      struct restore_callbacks *callbacks, int send_back_fd);

#endif /* XENGUEST_H */
