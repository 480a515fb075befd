/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Creating a domain as libxl does, one step at a time, each with its undo:
 * a step that fails unwinds every step done before it, so a failed create
 * leaves no domain, no xenstore node and no introduced store behind.
 * The steps call the primitives below; hv-xc.c gives the real ones (libxc,
 * xc_pvh_build, libxenstore), the tests a stand-in that fails on demand.
 */
#ifndef XEND_CREATE_PRIVATE_H
#define XEND_CREATE_PRIVATE_H

#include <stdint.h>

#include "domcfg.h"

struct xs_handle;

/* What the builder hands back: the rings xenstored and xenconsoled use. */
struct xend_build_info {
    uint64_t store_gfn, console_gfn;
    uint32_t store_port, console_port;
};

/* Each returns 0 or a negative errno (then why() may say more). */
struct xend_prims {
    int (*domain_create)(const struct domain_config *cfg, uint32_t *domid);
    int (*domain_destroy)(uint32_t domid);
    int (*set_maxmem)(uint32_t domid, uint64_t kib);
    int (*paging_pool)(uint32_t domid, uint64_t bytes);
    int (*max_vcpus)(uint32_t domid, unsigned int nr);
    int (*affinity)(uint32_t domid, unsigned int nr_vcpus, const char *cpus);
    int (*credit)(uint32_t domid, unsigned int weight, unsigned int cap);
    int (*build)(uint32_t domid, const struct domain_config *cfg,
                 struct xend_build_info *out);
    /* Instead of build, for a restore: the domain filled from fd. */
    int (*restore)(uint32_t domid, const struct domain_config *cfg, int fd,
                   struct xend_build_info *out);
    int (*introduce)(uint32_t domid, uint64_t store_gfn, uint32_t port);
    int (*release)(uint32_t domid);
    /* The config's devices: backends, frontends, hotplug scripts; and
     * every device dom0 backs for the domain, taken down and removed. */
    int (*devices_add)(uint32_t domid, const struct domain_config *cfg);
    int (*devices_remove)(uint32_t domid);
    int (*unpause)(uint32_t domid);
    const char *(*why)(void);
    struct xs_handle *(*xs)(void);      /* NULL: xenstored unreachable */
};

/* KiB over maxmem allowed to the domain (libxl's LIBXL_MAXMEM_CONSTANT):
 * the builder's rings and ACPI tables are pages beyond the guest's RAM. */
#define XEND_MAXMEM_SLACK_KIB 1024

/* libxl's HAP pool for a domain: 4 * (256 * vcpus + 2 * maxmem in MiB) KiB. */
uint64_t xend_paging_pool_bytes(const struct domain_config *cfg);

/*
 * Create, build and start cfg's domain.  0 and *domid, or a negative errno
 * with *why (malloc()ed): "<step>: <reason>"; nothing is left.
 */
int xend_create_domain(const struct xend_prims *p,
                       const struct domain_config *cfg, uint32_t *domid,
                       char **why);

/* The same with the guest restored from the libxc stream on fd (its
 * build step is "restoring the guest (xc_domain_restore)"); paused: left
 * paused with its devices attached (a migration not yet told to go). */
int xend_restore_domain(const struct xend_prims *p,
                        const struct domain_config *cfg, int fd, bool paused,
                        uint32_t *domid, char **why);

/* Names of the steps in order, for the tests (NULL-terminated). */
extern const char *const xend_create_step_names[];

#endif /* XEND_CREATE_PRIVATE_H */
