/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxencall: hypercalls from dom0 user space through /dev/xen/privcmd,
 * with Xen 4.17's API and soname (libxencall.so.1).  Arguments that point
 * at memory must point into buffers from xencall_alloc_buffer*(): those
 * pages never fault while the hypervisor copies them.
 */
#ifndef XENCALL_H
#define XENCALL_H

#include <stddef.h>
#include <stdint.h>

struct xentoollog_logger;
typedef struct xencall_handle xencall_handle;

/* The caller never makes two calls at once on this handle. */
#define XENCALL_OPENFLAG_NON_REENTRANT (1U << 0)

/* NULL with errno set on failure. */
xencall_handle *xencall_open(struct xentoollog_logger *logger,
                             unsigned int open_flags);
int xencall_close(xencall_handle *xcall);
int xencall_fd(xencall_handle *xcall);

/* The hypercall's result, or -1 with errno = -(Xen's error). */
int xencall0(xencall_handle *xcall, unsigned int op);
int xencall1(xencall_handle *xcall, unsigned int op, uint64_t arg1);
int xencall2(xencall_handle *xcall, unsigned int op,
             uint64_t arg1, uint64_t arg2);
int xencall3(xencall_handle *xcall, unsigned int op,
             uint64_t arg1, uint64_t arg2, uint64_t arg3);
int xencall4(xencall_handle *xcall, unsigned int op,
             uint64_t arg1, uint64_t arg2, uint64_t arg3, uint64_t arg4);
int xencall5(xencall_handle *xcall, unsigned int op,
             uint64_t arg1, uint64_t arg2, uint64_t arg3, uint64_t arg4,
             uint64_t arg5);
long xencall2L(xencall_handle *xcall, unsigned int op,
               uint64_t arg1, uint64_t arg2);

/* Hypercall-safe memory: whole pages, or a byte-sized buffer. */
void *xencall_alloc_buffer_pages(xencall_handle *xcall, size_t nr_pages);
void xencall_free_buffer_pages(xencall_handle *xcall, void *p,
                               size_t nr_pages);
void *xencall_alloc_buffer(xencall_handle *xcall, size_t size);
void xencall_free_buffer(xencall_handle *xcall, void *p);

/* 1 when buffers come from /dev/xen/hypercall (they can never fault). */
int xencall_buffers_never_fault(xencall_handle *xcall);

#endif /* XENCALL_H */
