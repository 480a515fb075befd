/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HYPERVISOR_multicall as libxc uses it (every memory_op it makes is a
 * one-entry multicall, for a result wider than int) and as Xen 4.17
 * answers it: each entry's result written back, the multicall itself 0;
 * an unknown op's result -ENOSYS, a nested multicall's -EINVAL; a
 * populate_physmap of 8192 extents on a new domU in one entry (long
 * enough to be preempted inside the entry, which must continue where it
 * stopped) answers 8192 and the domain has the pages.  Run as dom0.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/memory.h>
#include <public/version.h>

#define NR_POP          8192

static struct xen_domctl d;
static multicall_entry_t calls[4];
static xen_pfn_t gfns[NR_POP];

static long multicall(unsigned int nr)
{
    return hypercall(__HYPERVISOR_multicall, (unsigned long)calls, nr, 0, 0,
                     0);
}

static long dctl(uint32_t cmd, domid_t dom)
{
    d.cmd = cmd;
    d.domain = dom;
    d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return domctl(&d);
}

static void set_call(unsigned int i, unsigned long op, unsigned long a0,
                     unsigned long a1)
{
    memset(&calls[i], 0, sizeof(calls[i]));
    calls[i].op = op;
    calls[i].result = 0x5a5a5a5a;
    calls[i].args[0] = a0;
    calls[i].args[1] = a1;
}

static void check_results(void)
{
    long ver = xen_version(XENVER_version, NULL);

    set_call(0, __HYPERVISOR_xen_version, XENVER_version, 0);
    set_call(1, 63, 0, 0);
    set_call(2, __HYPERVISOR_multicall, 0, 0);
    set_call(3, __HYPERVISOR_xen_version, XENVER_version, 0);
    check_eq_rc(multicall(4), 0, "multicall of 4");
    check_eq(calls[0].result, (unsigned long)ver, "... xen_version's result");
    check_eq_rc((long)calls[1].result, -XEN_ENOSYS, "... unknown op");
    check_eq_rc((long)calls[2].result, -XEN_EINVAL, "... nested multicall");
    check_eq(calls[3].result, (unsigned long)ver, "... the last one ran");
    set_call(0, __HYPERVISOR_xen_version, XENVER_version, 0);
    check_eq_rc(multicall(0), 0, "multicall of none");
    check_eq(calls[0].result, 0x5a5a5a5a, "... ran nothing");
}

/* libxc's populate: a one-entry multicall of memory_op. */
static void check_populate(domid_t id)
{
    struct xen_memory_reservation r = {
        .nr_extents = NR_POP, .domid = id,
    };
    unsigned int i;

    for ( i = 0; i < NR_POP; i++ )
        gfns[i] = 0x100 + i;
    set_xen_guest_handle(r.extent_start, gfns);
    set_call(0, __HYPERVISOR_memory_op, XENMEM_populate_physmap,
             (unsigned long)&r);
    check_eq_rc(multicall(1), 0, "multicall: populate_physmap");
    check_eq(calls[0].result, NR_POP, "... all extents done");
    memset(&d.u, 0, sizeof(d.u));
    check_eq_rc(dctl(XEN_DOMCTL_getdomaininfo, id), 0, "getdomaininfo");
    check_eq(d.u.getdomaininfo.tot_pages, NR_POP, "... the domain has them");
}

void test_main(void)
{
    domid_t id;

    check_results();
    if ( !(id = pvh_domu_create(&d)) )
        return;
    memset(&d.u, 0, sizeof(d.u));
    d.u.max_mem.max_memkb = NR_POP * 4 + 1024;
    check_eq_rc(dctl(XEN_DOMCTL_max_mem, id), 0, "max_mem");
    check_populate(id);
    check_eq_rc(dctl(XEN_DOMCTL_destroydomain, id), 0, "destroydomain");
}
