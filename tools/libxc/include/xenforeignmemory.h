/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenforeignmemory: mapping another domain's pages (by gfn) or its
 * resources (grant table, ioreq pages...) into dom0 user space through
 * /dev/xen/privcmd, with Xen 4.17's API and soname (libxenforeignmemory.so.1).
 */
#ifndef XENFOREIGNMEMORY_H
#define XENFOREIGNMEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

struct xentoollog_logger;
typedef struct xenforeignmemory_handle xenforeignmemory_handle;

xenforeignmemory_handle *
xenforeignmemory_open(struct xentoollog_logger *logger,
                      unsigned int open_flags);
int xenforeignmemory_close(xenforeignmemory_handle *fmem);

/*
 * Maps pages frames arr[] of dom.  With err == NULL any failed frame fails
 * the call (NULL, errno); otherwise err[i] is 0 or -errno for each frame
 * and the mapping is returned (failed frames fault on access).
 */
void *xenforeignmemory_map(xenforeignmemory_handle *fmem, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[]);
/* As _map, at addr (a hint, or exact with flags MAP_FIXED). */
void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom,
                            void *addr, int prot, int flags, size_t pages,
                            const xen_pfn_t arr[], int err[]);
int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr,
                           size_t pages);
int xenforeignmemory_restrict(xenforeignmemory_handle *fmem, domid_t domid);

typedef struct xenforeignmemory_resource_handle
    xenforeignmemory_resource_handle;

/*
 * Maps frames [frame, frame + nr_frames) of resource type/id of domid
 * (XENMEM_resource_*).  *paddr: in, an address hint (or NULL); out, where
 * it was mapped.  NULL with errno on failure.
 */
xenforeignmemory_resource_handle *xenforeignmemory_map_resource(
    xenforeignmemory_handle *fmem, domid_t domid, unsigned int type,
    unsigned int id, unsigned long frame, unsigned long nr_frames,
    void **paddr, int prot, int flags);
int xenforeignmemory_unmap_resource(xenforeignmemory_handle *fmem,
                                    xenforeignmemory_resource_handle *fres);
/* The size in bytes of a resource. */
int xenforeignmemory_resource_size(xenforeignmemory_handle *fmem,
                                   domid_t domid, unsigned int type,
                                   unsigned int id, size_t *size);

#endif /* XENFOREIGNMEMORY_H */
