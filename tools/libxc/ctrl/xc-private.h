/* SPDX-License-Identifier: LGPL-2.1-only */
/* What the libxenctrl sources share: the handle and the hypercall paths. */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include <errno.h>
#include <stdbool.h>
#include <xenctrl.h>
#include <xencall.h>
#include <xenforeignmemory.h>
#include <xen/hvm/hvm_op.h>

/* Shared between our sources, never exported (the map exports xc_*). */
#pragma GCC visibility push(hidden)

struct xc_interface_core {
    xencall_handle *xcall;
    xenforeignmemory_handle *fmem;
    xentoollog_logger *logger;
    xentoollog_logger *dombuild_logger;
    xc_error last_error;
};

/*
 * Records (and logs) an error for xc_get_last_error(); errno is kept.
 * The message is one line: "<what>: <why>".
 */
void xc_report(xc_interface *xch, xc_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Hypercall-safe copies of caller memory.  xc_bounce_in copies len bytes
 * of src (or zeroes when src is NULL) into a fresh buffer; xc_bounce_out
 * copies the buffer back to dst (when dst is not NULL) and frees it.
 */
void *xc_bounce_in(xc_interface *xch, const void *src, size_t len);
void xc_bounce_out(xc_interface *xch, void *buf, void *dst, size_t len);

/* The domctl/sysctl in *op, with the interface version filled in. */
int xc_do_domctl(xc_interface *xch, struct xen_domctl *op);
int xc_do_sysctl(xc_interface *xch, struct xen_sysctl *op);
/* A hypercall op(cmd, arg) whose one argument is len bytes at arg. */
long xc_do_hypercall_arg(xc_interface *xch, unsigned int op, unsigned int cmd,
                     void *arg, size_t len);

/*
 * XEN_DOMCTL_shadow_op CLEAN or PEEK: the dirty bits of the first pages
 * gfns into bitmap ((pages + 7) / 8 octets); the pages the hypervisor
 * covered, or -1 with errno.
 */
long long xc_sr_logdirty(xc_interface *xch, uint32_t domid, unsigned int sop,
                         uint8_t *bitmap, unsigned long pages,
                         unsigned int mode,
                         struct xen_domctl_shadow_op_stats *stats);

#pragma GCC visibility pop

#endif /* XC_PRIVATE_H */
