/* SPDX-License-Identifier: GPL-2.0-only */
/* domctl/sysctl calls and dom0's side of VIRQ_DOM_EXC for domctl-domu. */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include "domu.h"

struct xen_domctl dop;
struct xen_sysctl sop;

static uint8_t si_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static volatile struct shared_info *si;
static evtchn_port_t exc_port;

long do_dctl(uint32_t cmd, domid_t dom)
{
    dop.cmd = cmd;
    dop.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dop.domain = dom;
    return domctl(&dop);
}

long do_sctl(uint32_t cmd)
{
    sop.cmd = cmd;
    sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return sysctl(&sop);
}

uint64_t physinfo_free_pages(void)
{
    memset(&sop.u, 0, sizeof(sop.u));
    if ( !check_eq_rc(do_sctl(XEN_SYSCTL_physinfo), 0, "sysctl physinfo") )
        return 0;
    return sop.u.physinfo.free_pages;
}

bool getdomaininfo(domid_t id, struct xen_domctl_getdomaininfo *info)
{
    memset(&dop.u, 0, sizeof(dop.u));
    if ( !check_eq_rc(do_dctl(XEN_DOMCTL_getdomaininfo, id), 0,
                      "getdomaininfo") )
        return false;
    *info = dop.u.getdomaininfo;
    return check_eq(info->domain, id, "getdomaininfo: the domain asked");
}

bool dom_exc_setup(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .gpfn = (unsigned long)si_page >> 12,
    };
    struct evtchn_bind_virq bind = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };

    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &xatp), 0,
                      "map shared_info") ||
         !check_eq_rc(event_channel_op(EVTCHNOP_bind_virq, &bind), 0,
                      "bind VIRQ_DOM_EXC") )
        return false;
    si = (volatile struct shared_info *)si_page;
    exc_port = bind.port;
    return true;
}

/* The port's pending bit, cleared (nobody takes the upcall here). */
bool dom_exc_seen(void)
{
    const unsigned int bits = sizeof(xen_ulong_t) * 8;
    xen_ulong_t bit = (xen_ulong_t)1 << (exc_port % bits);
    bool seen = si->evtchn_pending[exc_port / bits] & bit;

    si->evtchn_pending[exc_port / bits] &= ~bit;
    return seen;
}

uint64_t now_ns(void)
{
    return pvclock_read(&si->vcpu_info[0].time);
}
