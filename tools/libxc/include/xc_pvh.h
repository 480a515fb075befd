/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The PVH domain builder of libxenctrl (ours; Xen keeps its builder in
 * libxenguest behind libxl).  docs/libxc.md describes the guest it lays out.
 */
#ifndef XC_PVH_H
#define XC_PVH_H

#include <stdint.h>
#include <xenctrl.h>

struct xc_pvh_config {
    const char *kernel;      /* ELF with XEN_ELFNOTE_PHYS32_ENTRY, or a
                                bzImage whose payload is one (gzip/xz/lzma) */
    const char *ramdisk;     /* path or NULL */
    const char *cmdline;     /* or NULL */
    uint64_t memory_kib;     /* guest RAM */
    unsigned int nr_vcpus;   /* vCPUs online at boot (<= the domain's max) */
    uint32_t console_domid;  /* backend of the console ring (0) */
    uint32_t xenstore_domid; /* backend of the xenstore ring (0) */
};

struct xc_pvh_result {
    uint64_t store_gfn, console_gfn;
    uint32_t store_port, console_port;   /* unbound, remote end = backend */
};

/*
 * Builds a created, paused PVH domain: memory, kernel, ramdisk, start
 * info, ACPI, the xenstore and console rings and their event channels,
 * HVM params, grant entries GNTTAB_RESERVED_CONSOLE/XENSTORE for the
 * backends, BSP state.  Does not unpause.  0, or -1 with errno set and a
 * one-line reason in xc_get_last_error(xch)->message.
 */
int xc_pvh_build(xc_interface *xch, uint32_t domid,
                 const struct xc_pvh_config *cfg, struct xc_pvh_result *res);

#endif /* XC_PVH_H */
