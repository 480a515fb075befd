/* SPDX-License-Identifier: LGPL-2.1-only */
/* HVM save contexts, HVM parameters, and resuming a suspended domain. */
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"
#include <xen/hvm/save.h>

int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid,
                             uint8_t *ctxt_buf, uint32_t size)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_gethvmcontext, .domain = domid,
    };
    void *buf = NULL;
    int r;

    if ( ctxt_buf )
    {
        buf = xc_bounce_in(xch, NULL, size);
        if ( !buf )
            return -1;
        op.u.hvmcontext.size = size;
        set_xen_guest_handle(op.u.hvmcontext.buffer, buf);
    }
    r = xc_do_domctl(xch, &op);
    if ( buf )
        xc_bounce_out(xch, buf, r ? NULL : ctxt_buf, size);
    return r ? -1 : (int)op.u.hvmcontext.size;
}

int xc_domain_hvm_setcontext(xc_interface *xch, uint32_t domid,
                             uint8_t *hvm_ctxt, uint32_t size)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_sethvmcontext, .domain = domid,
        .u.hvmcontext.size = size,
    };
    void *buf = xc_bounce_in(xch, hvm_ctxt, size);
    int r;

    if ( !buf )
        return -1;
    set_xen_guest_handle(op.u.hvmcontext.buffer, buf);
    r = xc_do_domctl(xch, &op);
    xc_bounce_out(xch, buf, NULL, 0);
    return r;
}

static int hvm_param_op(xc_interface *xch, unsigned int cmd, uint32_t dom,
                        uint32_t param, uint64_t *value)
{
    struct xen_hvm_param arg = {
        .domid = dom, .index = param, .value = *value,
    };
    int r = xc_do_hypercall_arg(xch, __HYPERVISOR_hvm_op, cmd, &arg,
                                sizeof(arg));

    if ( !r )
        *value = arg.value;
    return r ? -1 : 0;
}

int xc_hvm_param_set(xc_interface *xch, uint32_t dom, uint32_t param,
                     uint64_t value)
{
    return hvm_param_op(xch, HVMOP_set_param, dom, param, &value);
}

int xc_hvm_param_get(xc_interface *xch, uint32_t dom, uint32_t param,
                     uint64_t *value)
{
    *value = 0;
    return hvm_param_op(xch, HVMOP_get_param, dom, param, value);
}

/* The CPU record of vCPU 0 in a context of len bytes, or NULL. */
static struct hvm_hw_cpu *find_bsp(uint8_t *ctx, uint32_t len)
{
    uint32_t off = 0;

    while ( len - off >= sizeof(struct hvm_save_descriptor) )
    {
        struct hvm_save_descriptor *d = (void *)(ctx + off);

        off += sizeof(*d);
        if ( d->length > len - off )
            return NULL;
        if ( d->typecode == HVM_SAVE_CODE(CPU) && d->instance == 0 &&
             d->length >= sizeof(struct hvm_hw_cpu) )
            return (void *)(ctx + off);
        if ( d->typecode == HVM_SAVE_CODE(END) )
            return NULL;
        off += d->length;
    }
    return NULL;
}

/*
 * A guest that suspended itself with PV drivers sees its SCHEDOP_shutdown
 * return 1 ("cancelled, same domain"), as Xen's cooperative resume does.
 */
static int cancel_suspend(xc_interface *xch, uint32_t domid)
{
    int size = xc_domain_hvm_getcontext(xch, domid, NULL, 0);
    struct hvm_hw_cpu *cpu;
    uint8_t *ctx;
    int r = -1;

    if ( size <= 0 || !(ctx = malloc(size)) )
        return -1;
    size = xc_domain_hvm_getcontext(xch, domid, ctx, size);
    if ( size > 0 && (cpu = find_bsp(ctx, size)) )
    {
        cpu->rax = 1;
        r = xc_domain_hvm_setcontext(xch, domid, ctx, size);
    }
    else if ( size > 0 )
        errno = EINVAL;
    free(ctx);
    return r;
}

int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_resumedomain, .domain = domid,
    };
    xc_dominfo_t info;
    uint64_t cb = 0;

    if ( fast )
    {
        if ( xc_domain_getinfo(xch, domid, 1, &info) != 1 ||
             info.domid != domid )
            return -1;
        if ( !info.shutdown || info.shutdown_reason != SHUTDOWN_suspend )
        {
            errno = EINVAL;
            return -1;
        }
        /* Without a callback the guest has no PV drivers to tell. */
        xc_hvm_param_get(xch, domid, HVM_PARAM_CALLBACK_IRQ, &cb);
        if ( cb && cancel_suspend(xch, domid) )
            return -1;
    }
    return xc_do_domctl(xch, &op);
}
