/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domctl sub-ops of a domain's life and bookkeeping: createdomain
 * (with Xen 4.17's checks of the config and its choice of domid),
 * destroydomain, pause, unpause, resume, getdomaininfo, max_mem,
 * max_vcpus, setdomainhandle and settimeoffset.  domctl.c has checked
 * the caller and looked the domain up.
 *
 * We build PVH domains only: XEN_DOMCTL_CDF_hvm and _hap are required,
 * the emulation flags must be XEN_X86_EMU_LAPIC alone (checked by the
 * architecture), and what Xen offers but we do not (PV, shadow paging,
 * an IOMMU, nested virtualisation, a vPMU, vmtrace, grant table v2, CPU
 * pools) is refused with -EINVAL, which is Xen's answer where the
 * feature is absent from its build or its machine.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <public/hvm/hvm_info_table.h>

#define KNOWN_CDF   (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | \
                     XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off | \
                     XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu | \
                     XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)
/* Grant table versions we offer: 1 (set_version(2) is -ENOSYS). */
#define GNTTAB_MAX_VERSION  1
/* Xen's clamp of max_evtchn_port. */
#define MAX_EVTCHN_PORT     0x7fffffffU

/* Xen's sanitise_domain_config(), for the features we have. */
static int check_flags(const struct xen_domctl_createdomain *c)
{
    uint32_t f = c->flags;

    if ( f & ~KNOWN_CDF )
        return -EINVAL;
    if ( c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask )
        return -EINVAL;
    if ( c->max_vcpus < 1 || c->max_vcpus > HVM_MAX_VCPUS )
        return -EINVAL;
    if ( (f & XEN_DOMCTL_CDF_hap) && !(f & XEN_DOMCTL_CDF_hvm) )
        return -EINVAL;
    /* No IOMMU: its flag and options are refused, as Xen without one. */
    if ( (f & XEN_DOMCTL_CDF_iommu) || c->iommu_opts )
        return -EINVAL;
    if ( c->vmtrace_size || (f & XEN_DOMCTL_CDF_vpmu) )
        return -EINVAL;
    /* No PV, no shadow paging, no TXT, no nested virtualisation. */
    if ( !(f & XEN_DOMCTL_CDF_hvm) || !(f & XEN_DOMCTL_CDF_hap) ||
         (f & (XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_nested_virt)) )
        return -EINVAL;
    /* Pool 0 is the only one (Xen's answer for a pool it has not). */
    return c->cpupool_id ? -ESRCH : 0;
}

/* Xen's grant_table_init() checks; < 0 asks for the default. */
static int check_grant_limits(const struct xen_domctl_createdomain *c,
                              struct domain_limits *l)
{
    unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);

    if ( !version || version > GNTTAB_MAX_VERSION )
        return -EINVAL;
    l->max_grant_frames = c->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES
                                                  : c->max_grant_frames;
    l->max_maptrack_frames = c->max_maptrack_frames < 0
                             ? GNTTAB_MAX_MAPTRACK_FRAMES
                             : c->max_maptrack_frames;
    if ( l->max_grant_frames < 1 ||
         l->max_grant_frames > GNTTAB_MAX_FRAMES ||
         l->max_maptrack_frames > GNTTAB_MAX_MAPTRACK_FRAMES )
        return -EINVAL;
    return 0;
}

static int check_createdomain(const struct xen_domctl_createdomain *c,
                              struct domain_limits *l)
{
    int rc = check_flags(c);

    if ( rc || (rc = check_grant_limits(c, l)) ||
         (rc = arch_check_domain_config(c, &l->emulation_flags)) )
        return rc;
    l->max_vcpus = c->max_vcpus;
    l->max_evtchn_port = min(c->max_evtchn_port, MAX_EVTCHN_PORT);
    l->options = c->flags;
    l->privileged = false;
    return 0;
}

static bool domid_free(domid_t id)
{
    struct domain *d = get_domain_by_id(id);

    if ( d )
        put_domain(d);
    return !d;
}

/*
 * Xen's choice: the id asked for if it is a free domU id (-EEXIST if
 * taken, a zombie included), else the next free one after the last
 * given, wrapping before the reserved ids (-ENOMEM if none).
 * domctl_lock held, so the id stays free until the domain is listed.
 */
static long choose_domid(domid_t want, domid_t *out)
{
    static domid_t rover;
    domid_t id;

    if ( want > 0 && want < DOMID_FIRST_RESERVED )
    {
        *out = want;
        return domid_free(want) ? 0 : -EEXIST;
    }
    for ( id = rover + 1; id != rover; id++ )
    {
        if ( id >= DOMID_FIRST_RESERVED )
            id = 1;
        if ( domid_free(id) )
            break;
    }
    if ( id == rover )
        return -ENOMEM;
    rover = id;
    *out = id;
    return 0;
}

/* Every vCPU, down until the toolstack gives it a state. */
static int create_vcpus(struct domain *d)
{
    unsigned int i;

    for ( i = 0; i < d->max_vcpus; i++ )
        if ( !d->vcpu[i] && !vcpu_create(d, i) )
            return -ENOMEM;
    return 0;
}

/* Undo a creation that failed part way (nobody else knows the id). */
static void destroy_new_domain(struct domain *d)
{
    while ( domain_kill(d) == -ERESTART )
        ;
}

long domctl_createdomain(struct domain *unused, struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain_limits l;
    struct domain *d;
    domid_t id;
    long rc = check_createdomain(c, &l);

    if ( rc || (rc = choose_domid(op->domain, &id)) )
        return rc;
    d = domain_create_limits(id, &l);
    if ( !d )
        return -ENOMEM;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    if ( create_vcpus(d) )
    {
        destroy_new_domain(d);
        return -ENOMEM;
    }
    printk(XENLOG_INFO "d%u created (%u vCPUs)\n", id, d->max_vcpus);
    op->domain = id;
    return 0;
}

long domctl_destroydomain(struct domain *d, struct xen_domctl *op)
{
    return domain_kill(d);
}

long domctl_pausedomain(struct domain *d, struct xen_domctl *op)
{
    return domain_pause_by_systemcontroller(d);
}

long domctl_unpausedomain(struct domain *d, struct xen_domctl *op)
{
    return domain_unpause_by_systemcontroller(d);
}

long domctl_resumedomain(struct domain *d, struct xen_domctl *op)
{
    domain_resume(d);
    return 0;
}

long domctl_getdomaininfo(struct domain *d, struct xen_domctl *op)
{
    domain_getinfo(d, &op->u.getdomaininfo);
    op->domain = d->domain_id;
    return 0;
}

/* As Xen: no check against tot_pages; the domain ratchets down. */
long domctl_max_mem(struct domain *d, struct xen_domctl *op)
{
    uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

    spin_lock(&d->page_alloc_lock);
    d->max_pages = min(pages, (uint64_t)~0UL);
    spin_unlock(&d->page_alloc_lock);
    return 0;
}

/*
 * Xen 4.17 still has it: it must name the max_vcpus createdomain was
 * given, and makes any vCPU not yet made (ours are all made there).
 */
long domctl_max_vcpus(struct domain *d, struct xen_domctl *op)
{
    int rc;

    if ( op->u.max_vcpus.max != d->max_vcpus )
        return -EINVAL;
    domain_pause(d);
    rc = create_vcpus(d);
    domain_unpause(d);
    return rc;
}

long domctl_setdomainhandle(struct domain *d, struct xen_domctl *op)
{
    spin_lock(&d->lock);
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    spin_unlock(&d->lock);
    return 0;
}

/*
 * Kept and reported; a PVH guest reads wall time from shared_info,
 * which (as on Xen) the offset does not change: it is for an emulated
 * RTC, which PVH has none of.
 */
long domctl_settimeoffset(struct domain *d, struct xen_domctl *op)
{
    spin_lock(&d->lock);
    d->time_offset_seconds = op->u.settimeoffset.time_offset_seconds;
    spin_unlock(&d->lock);
    return 0;
}
