/* SPDX-License-Identifier: LGPL-2.1-only */
/* Guest memory (memory_op), foreign mappings, and event channels. */
#include <stdlib.h>
#include <string.h>

#include "xc-private.h"

static int reservation_op(xc_interface *xch, unsigned int cmd,
                          uint32_t domid, unsigned long nr_extents,
                          unsigned int extent_order, unsigned int mem_flags,
                          xen_pfn_t *extent_start)
{
    size_t len = nr_extents * sizeof(xen_pfn_t);
    struct xen_memory_reservation res = {
        .nr_extents = nr_extents, .extent_order = extent_order,
        .mem_flags = mem_flags, .domid = domid,
    };
    void *buf = NULL;
    int r;

    if ( extent_start && !(buf = xc_bounce_in(xch, extent_start, len)) )
        return -1;
    set_xen_guest_handle(res.extent_start, buf);
    r = xc_do_hypercall_arg(xch, __HYPERVISOR_memory_op, cmd, &res,
                            sizeof(res));
    if ( buf )
        xc_bounce_out(xch, buf, r < 0 ? NULL : extent_start, len);
    return r;
}

int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                               unsigned long nr_extents,
                               unsigned int extent_order,
                               unsigned int mem_flags,
                               xen_pfn_t *extent_start)
{
    return reservation_op(xch, XENMEM_populate_physmap, domid, nr_extents,
                          extent_order, mem_flags, extent_start);
}

/* A partial answer to an _exact call fails with EBUSY, as in Xen's libxc. */
static int exactly(int r, unsigned long nr_extents)
{
    if ( r >= 0 && (unsigned long)r == nr_extents )
        return 0;
    if ( r >= 0 )
        errno = EBUSY;
    return -1;
}

int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
                                     unsigned long nr_extents,
                                     unsigned int extent_order,
                                     unsigned int mem_flags,
                                     xen_pfn_t *extent_start)
{
    return exactly(xc_domain_populate_physmap(xch, domid, nr_extents,
                                              extent_order, mem_flags,
                                              extent_start), nr_extents);
}

int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
                                         unsigned long nr_extents,
                                         unsigned int extent_order,
                                         xen_pfn_t *extent_start)
{
    return exactly(reservation_op(xch, XENMEM_decrease_reservation, domid,
                                  nr_extents, extent_order, 0, extent_start),
                   nr_extents);
}

int xc_domain_add_to_physmap(xc_interface *xch, uint32_t domid,
                             unsigned int space, unsigned long idx,
                             xen_pfn_t gpfn)
{
    struct xen_add_to_physmap arg = {
        .domid = domid, .size = 0, .space = space, .idx = idx, .gpfn = gpfn,
    };

    return xc_do_hypercall_arg(xch, __HYPERVISOR_memory_op,
                               XENMEM_add_to_physmap, &arg, sizeof(arg))
        ? -1 : 0;
}

int xc_domain_remove_from_physmap(xc_interface *xch, uint32_t domid,
                                  xen_pfn_t gpfn)
{
    struct xen_remove_from_physmap arg = { .domid = domid, .gpfn = gpfn };

    return xc_do_hypercall_arg(xch, __HYPERVISOR_memory_op,
                               XENMEM_remove_from_physmap, &arg, sizeof(arg))
        ? -1 : 0;
}

int xc_domain_maximum_gpfn(xc_interface *xch, uint32_t domid,
                           xen_pfn_t *gpfns)
{
    domid_t d = domid;
    long r = xc_do_hypercall_arg(xch, __HYPERVISOR_memory_op,
                                 XENMEM_maximum_gpfn, &d, sizeof(d));

    if ( r < 0 )
        return -1;
    *gpfns = r;
    return 0;
}

void *xc_map_foreign_pages(xc_interface *xch, uint32_t dom, int prot,
                           const xen_pfn_t *arr, int num)
{
    if ( num <= 0 )
    {
        errno = EINVAL;
        return NULL;
    }
    return xenforeignmemory_map(xch->fmem, dom, prot, num, arr, NULL);
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size,
                           int prot, unsigned long mfn)
{
    int i, num = (size + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT;
    xen_pfn_t *arr;
    void *va;

    if ( size <= 0 )
    {
        errno = EINVAL;
        return NULL;
    }
    arr = calloc(num, sizeof(*arr));
    if ( !arr )
        return NULL;
    for ( i = 0; i < num; i++ )
        arr[i] = mfn + i;
    va = xc_map_foreign_pages(xch, dom, prot, arr, num);
    free(arr);
    return va;
}

xc_evtchn_port_or_error_t xc_evtchn_alloc_unbound(xc_interface *xch,
                                                  uint32_t dom,
                                                  uint32_t remote_dom)
{
    struct evtchn_alloc_unbound arg = {
        .dom = dom, .remote_dom = remote_dom,
    };

    if ( xc_do_hypercall_arg(xch, __HYPERVISOR_event_channel_op,
                             EVTCHNOP_alloc_unbound, &arg, sizeof(arg)) )
        return -1;
    return arg.port;
}
