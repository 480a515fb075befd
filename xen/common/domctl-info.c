/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What XEN_DOMCTL_getdomaininfo (and XEN_SYSCTL_getdomaininfolist, which
 * answers the same struct for many domains) says about a domain, as Xen
 * 4.17's getdomaininfo(): its state flags with the shutdown reason in
 * bits 16-23, page counts, the CPU time its vCPUs ran, how many vCPUs
 * are up and the highest vCPU id, and the toolstack's handle.
 *
 * The figures are read without the domain's locks: they are a snapshot
 * that may be a moment old, as on Xen.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>

s_time_t vcpu_running_time(const struct vcpu *v)
{
    s_time_t t = READ_ONCE(v->runstate_time[RUNSTATE_running]);

    /* The slice it is running now counts too (Xen's vcpu_runstate_get). */
    if ( READ_ONCE(v->runstate) == RUNSTATE_running )
        t += NOW() - READ_ONCE(v->runstate_entry);
    return t;
}

/*
 * blocked only if every vCPU that is up is blocked, running if any is
 * running; neither with no vCPU up.
 */
static uint32_t vcpu_flags(struct domain *d,
                           struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;
    struct vcpu *v;

    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for_each_vcpu ( d, v )
    {
        info->cpu_time += vcpu_running_time(v);
        info->max_vcpu_id = v->vcpu_id;
        if ( test_bit(_VPF_down, &v->pause_flags) )
            continue;
        if ( !test_bit(_VPF_blocked, &v->pause_flags) )
            flags &= ~XEN_DOMINF_blocked;
        if ( v->is_running )
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    return info->nr_online_vcpus ? flags : 0;
}

static uint32_t domain_flags(const struct domain *d)
{
    uint32_t f = 0;

    if ( READ_ONCE(d->is_dying) == DOMDYING_dead )
        f |= XEN_DOMINF_dying;
    if ( READ_ONCE(d->is_shutting_down) )
        f |= XEN_DOMINF_shutdown;
    if ( READ_ONCE(d->controller_pause_count) > 0 )
        f |= XEN_DOMINF_paused;
    if ( d->options & XEN_DOMCTL_CDF_xs_domain )
        f |= XEN_DOMINF_xs_domain;
    if ( d->options & XEN_DOMCTL_CDF_hvm )
        f |= XEN_DOMINF_hvm_guest;
    /* Xen's code is 8 bits wide: none (-1 here) reads as 255. */
    return f | ((uint32_t)(uint8_t)READ_ONCE(d->shutdown_code)
                << XEN_DOMINF_shutdownshift);
}

void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->flags = vcpu_flags(d, info) | domain_flags(d);
    info->tot_pages = READ_ONCE(d->tot_pages);
    info->max_pages = READ_ONCE(d->max_pages);
    info->shared_info_frame = READ_ONCE(d->shared_info_gfn);
    memcpy(info->handle, d->handle, sizeof(info->handle));
    arch_domain_getinfo(d, info);
}
