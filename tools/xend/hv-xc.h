/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libxc backend's shared state: hv-xc.c (the operations), hv-xc-create.c
 * (the create primitives) and hv-xc-cpus.c (CPU maps) use it.
 */
#ifndef XEND_HV_XC_PRIVATE_H
#define XEND_HV_XC_PRIVATE_H

#include <xenctrl.h>

#include "xend-hv.h"
#include "xend-create.h"

struct xs_handle;

struct hvxc {
    xc_interface *xch;
    struct xs_handle *xs;       /* NULL until xenstored answers */
    char why[1024];             /* the last failure's reason, or "" */
};

extern struct hvxc hvxc;
extern const struct xend_prims hvxc_prims;

/* A fresh operation: no reason recorded, errno 0. */
void hvxc_begin(void);
/* The save-side operations (hv-xc-save.c). */
int hvxc_save(uint32_t domid, int fd, unsigned int flags, int progress_fd);
void hvxc_forked(void);
int hvxc_resume(uint32_t domid);
int hvxc_restore(const struct domain_config *cfg, int fd, bool paused,
                 uint32_t *domid);
/* The create primitive standing for the build in a restore. */
int hvxc_restore_prim(uint32_t domid, const struct domain_config *cfg,
                      int fd, struct xend_build_info *out);

/* The xenstore handle, opened (and @releaseDomain watched) on first use. */
struct xs_handle *hvxc_xs(void);
/* Record a one-line reason for the failure being returned; -err. */
int hvxc_fail(int err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * The end of a step that reports its reason in a string it allocated:
 * record why (or strerror) if rc failed, free why, return rc.
 */
int hvxc_fail_why(int rc, char *why);
/* -errno of a failed libxc call (errno EIO if it set none). */
int hvxc_errno(void);
/* One domain's info (it must be domid, not the next one).  0 or -errno. */
int hvxc_dominfo(uint32_t domid, xc_domaininfo_t *info);

/* "0-3,6" (NULL or "all": every CPU) into a new map; NULL on error. */
xc_cpumap_t hvxc_cpumap(const char *cpus);
/* A map as Xen 3 printed it ("0-3,6", or "any cpu"), into buf. */
void hvxc_cpumap_string(xc_cpumap_t map, char *buf, size_t len);

#endif /* XEND_HV_XC_PRIVATE_H */
