/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxengnttab: mapping other domains' grants into dom0 user space through
 * /dev/xen/gntdev, with Xen 4.17's API and soname (libxengnttab.so.1).
 * The granting side (xengntshr_*, /dev/xen/gntalloc) and dma-bufs are not
 * provided (docs/libxc.md).
 */
#ifndef XENGNTTAB_H
#define XENGNTTAB_H

#include <stdint.h>
#include <xen/grant_table.h>
#include <xen/event_channel.h>

struct xentoollog_logger;
typedef struct xengntdev_handle xengnttab_handle;

xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger,
                                 unsigned int open_flags);
int xengnttab_close(xengnttab_handle *xgt);
int xengnttab_fd(xengnttab_handle *xgt);

/* prot: PROT_READ and/or PROT_WRITE.  NULL with errno on failure. */
void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
                              uint32_t ref, int prot);
void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
                               uint32_t *domids, uint32_t *refs, int prot);
void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
                                      uint32_t domid, uint32_t *refs,
                                      int prot);
/*
 * As _map_grant_ref; when the mapping goes away (unmap or our death) the
 * byte at notify_offset is cleared (offset -1: none) and notify_port is
 * signalled (port -1: none).
 */
void *xengnttab_map_grant_ref_notify(xengnttab_handle *xgt, uint32_t domid,
                                     uint32_t ref, int prot,
                                     uint32_t notify_offset,
                                     evtchn_port_t notify_port);
int xengnttab_unmap(xengnttab_handle *xgt, void *start_address,
                    uint32_t count);
int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants);

struct xengnttab_grant_copy_segment {
    union xengnttab_copy_ptr {
        void *virt;
        struct {
            uint32_t ref;
            uint16_t offset;
            uint16_t domid;
        } foreign;
    } source, dest;
    uint16_t len;
    uint16_t flags;                  /* GNTCOPY_source_gref / _dest_gref */
    int16_t status;                  /* GNTST_* */
};
typedef struct xengnttab_grant_copy_segment xengnttab_grant_copy_segment_t;

int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
                         xengnttab_grant_copy_segment_t *segs);

#endif /* XENGNTTAB_H */
