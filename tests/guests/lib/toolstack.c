/* SPDX-License-Identifier: GPL-2.0-only */
/* What the test kernels that act as a toolstack share (see guest.h). */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>

/* A PVH domU as libxl asks for one: hvm|hap, the vLAPIC only. */
void pvh_domain_config(struct xen_domctl_createdomain *c,
                       unsigned int max_vcpus)
{
    memset(c, 0, sizeof(*c));
    c->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    c->max_vcpus = max_vcpus;
    c->max_evtchn_port = 1023;
    c->max_grant_frames = 4;
    c->max_maptrack_frames = 0;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
    c->arch.emulation_flags = XEN_X86_EMU_LAPIC;
}

/* createdomain of a 1-vCPU PVH domU, then max_vcpus as libxl does. */
domid_t pvh_domu_create(struct xen_domctl *d)
{
    domid_t id;

    memset(d, 0, sizeof(*d));
    d->cmd = XEN_DOMCTL_createdomain;
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    pvh_domain_config(&d->u.createdomain, 1);
    if ( !check_eq_rc(domctl(d), 0, "createdomain") )
        return 0;
    id = d->domain;
    memset(&d->u, 0, sizeof(d->u));
    d->cmd = XEN_DOMCTL_max_vcpus;
    d->u.max_vcpus.max = 1;
    check_eq_rc(domctl(d), 0, "max_vcpus");
    return id;
}
