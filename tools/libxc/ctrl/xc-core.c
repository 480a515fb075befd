/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The xc_interface handle, its last-error record, and the one path every
 * hypercall takes: arguments copied into hypercall buffers (pages the
 * kernel keeps present), the call, the results copied back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"
#include "xtl-private.h"

xc_interface *xc_interface_open(xentoollog_logger *logger,
                                xentoollog_logger *dombuild_logger,
                                unsigned int open_flags)
{
    xc_interface *xch = calloc(1, sizeof(*xch));
    int saved;

    if ( !xch )
        return NULL;
    xch->logger = logger;
    xch->dombuild_logger = dombuild_logger ? dombuild_logger : logger;
    xch->xcall = xencall_open(logger, 0);
    if ( !xch->xcall )
        goto fail;
    xch->fmem = xenforeignmemory_open(logger, 0);
    if ( !xch->fmem )
        goto fail;
    return xch;

 fail:
    saved = errno;
    xencall_close(xch->xcall);
    free(xch);
    errno = saved;
    return NULL;
}

int xc_interface_close(xc_interface *xch)
{
    if ( !xch )
        return 0;
    xenforeignmemory_close(xch->fmem);
    xencall_close(xch->xcall);
    free(xch);
    return 0;
}

const xc_error *xc_get_last_error(xc_interface *xch)
{
    return &xch->last_error;
}

void xc_clear_last_error(xc_interface *xch)
{
    xch->last_error.code = XC_ERROR_NONE;
    xch->last_error.message[0] = '\0';
}

const char *xc_error_code_to_desc(int code)
{
    switch ( code )
    {
    case XC_ERROR_NONE:      return "No error details";
    case XC_INTERNAL_ERROR:  return "Internal error";
    case XC_INVALID_KERNEL:  return "Invalid kernel";
    case XC_INVALID_PARAM:   return "Invalid configuration";
    case XC_OUT_OF_MEMORY:   return "Out of memory";
    }
    return "Unknown error code";
}

const char *xc_strerror(xc_interface *xch, int errcode)
{
    return strerror(errcode);
}

void xc_report(xc_interface *xch, xc_error_code code, const char *fmt, ...)
{
    xc_error *e = &xch->last_error;
    int saved = errno;
    va_list ap;

    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
    xtl_report(xch->logger, saved, "xc", "%s", e->message);
    errno = saved;
}

void *xc_bounce_in(xc_interface *xch, const void *src, size_t len)
{
    void *buf = xencall_alloc_buffer(xch->xcall, len ? len : 1);

    if ( buf && src )
        memcpy(buf, src, len);
    return buf;
}

void xc_bounce_out(xc_interface *xch, void *buf, void *dst, size_t len)
{
    int saved = errno;

    if ( buf && dst )
        memcpy(dst, buf, len);
    xencall_free_buffer(xch->xcall, buf);
    errno = saved;
}

long xc_do_hypercall_arg(xc_interface *xch, unsigned int op, unsigned int cmd,
                     void *arg, size_t len)
{
    void *buf = xc_bounce_in(xch, arg, len);
    long r;

    if ( !buf )
        return -1;
    r = xencall2L(xch->xcall, op, cmd, (uintptr_t)buf);
    xc_bounce_out(xch, buf, arg, len);
    return r;
}

int xc_do_domctl(xc_interface *xch, struct xen_domctl *op)
{
    void *buf;
    int r;

    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    buf = xc_bounce_in(xch, op, sizeof(*op));
    if ( !buf )
        return -1;
    r = xencall1(xch->xcall, __HYPERVISOR_domctl, (uintptr_t)buf);
    xc_bounce_out(xch, buf, op, sizeof(*op));
    return r;
}

int xc_do_sysctl(xc_interface *xch, struct xen_sysctl *op)
{
    void *buf;
    int r;

    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    buf = xc_bounce_in(xch, op, sizeof(*op));
    if ( !buf )
        return -1;
    r = xencall1(xch->xcall, __HYPERVISOR_sysctl, (uintptr_t)buf);
    xc_bounce_out(xch, buf, op, sizeof(*op));
    return r;
}
