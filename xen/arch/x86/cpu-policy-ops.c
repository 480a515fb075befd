/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's CPU policy operations, with Xen 4.17's checks and codes
 * (arch/x86/sysctl.c, arch/x86/domctl.c): XEN_SYSCTL_get_cpu_policy and
 * XEN_SYSCTL_get_cpu_featureset for the system policies,
 * XEN_DOMCTL_get_cpu_policy and XEN_DOMCTL_set_cpu_policy for a domain's.
 * A null array handle asks its size; too small an array is -ENOBUFS.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/cpu-policy.h>
#include <asm/hvm/guest_access.h>

/* The leaves, then the MSRs (Xen copies nr_leaves back in between). */
static long policy_to_guest(const struct cpu_policy *p, uint64_t leaves,
                            uint32_t *nr_leaves, uint64_t msrs,
                            uint32_t *nr_msrs)
{
    int rc;

    if ( !leaves )
        *nr_leaves = CPUID_MAX_SERIALISED_LEAVES;
    else if ( (rc = cpu_policy_leaves_to_guest(p, leaves, nr_leaves)) )
        return rc;
    if ( !msrs )
        *nr_msrs = MSR_MAX_SERIALISED_ENTRIES;
    else if ( (rc = cpu_policy_msrs_to_guest(p, msrs, nr_msrs)) )
        return rc;
    return 0;
}

/*
 * Indices 0-5 (raw, host, pv_max, hvm_max, pv_default, hvm_default); the
 * PV ones -EOPNOTSUPP, as Xen without PV.  do_sysctl() copies the struct
 * back on -ENOBUFS too: the counts written so far are in it.
 */
long arch_sysctl_get_cpu_policy(struct xen_sysctl *op)
{
    struct xen_sysctl_cpu_policy *c = &op->u.cpu_policy;
    const struct cpu_policy *p;

    if ( c->_rsvd || c->index > XEN_SYSCTL_cpu_policy_hvm_default )
        return -EINVAL;
    if ( !(p = cpu_policy_system(c->index)) )
        return -EOPNOTSUPP;
    return policy_to_guest(p, guest_handle_addr(c->leaves), &c->nr_leaves,
                           guest_handle_addr(c->msrs), &c->nr_msrs);
}

/* Xen 4.17.7: raw, host, pv, hvm (the defaults), pv_max, hvm_max. */
long arch_sysctl_get_cpu_featureset(struct xen_sysctl *op)
{
    struct xen_sysctl_cpu_featureset *f = &op->u.cpu_featureset;
    static const unsigned int policy_of[] = {
        [XEN_SYSCTL_cpu_featureset_raw] = XEN_SYSCTL_cpu_policy_raw,
        [XEN_SYSCTL_cpu_featureset_host] = XEN_SYSCTL_cpu_policy_host,
        [XEN_SYSCTL_cpu_featureset_pv] = XEN_SYSCTL_cpu_policy_pv_default,
        [XEN_SYSCTL_cpu_featureset_hvm] = XEN_SYSCTL_cpu_policy_hvm_default,
        [XEN_SYSCTL_cpu_featureset_pv_max] = XEN_SYSCTL_cpu_policy_pv_max,
        [XEN_SYSCTL_cpu_featureset_hvm_max] = XEN_SYSCTL_cpu_policy_hvm_max,
    };
    uint32_t fs[FEATURESET_NR_ENTRIES];
    const struct cpu_policy *p;
    uint32_t nr = min(f->nr_features, (uint32_t)FEATURESET_NR_ENTRIES);

    if ( !guest_handle_addr(f->features) )
    {
        f->nr_features = FEATURESET_NR_ENTRIES;
        return 0;
    }
    if ( f->index >= ARRAY_SIZE(policy_of) )
        return -EINVAL;
    if ( !(p = cpu_policy_system(policy_of[f->index])) )
        return -EOPNOTSUPP;
    cpu_policy_to_featureset(p, fs);
    if ( copy_to_guest(guest_handle_addr(f->features), fs,
                       nr * sizeof(fs[0])) )
        return -EFAULT;
    f->nr_features = nr;
    return nr < FEATURESET_NR_ENTRIES ? -ENOBUFS : 0;
}

long arch_domctl_get_cpu_policy(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_cpu_policy *c = &op->u.cpu_policy;

    return policy_to_guest(d->arch.cpu_policy, guest_handle_addr(c->leaves),
                           &c->nr_leaves, guest_handle_addr(c->msrs),
                           &c->nr_msrs);
}

/*
 * Xen's update_domain_cpu_policy(): the given leaves and MSRs merged into
 * a copy of the domain's policy, checked against hvm_max, then made the
 * domain's.  On failure err_* name what was refused (~0: nothing named).
 */
static long update_policy(struct domain *d, struct xen_domctl_cpu_policy *c)
{
    const struct cpu_policy *max =
        cpu_policy_system(XEN_SYSCTL_cpu_policy_hvm_max);
    struct cpu_policy *new = xmalloc(struct cpu_policy), *old;
    long rc;

    if ( !new )
        return -ENOMEM;
    *new = *d->arch.cpu_policy;
    if ( !(rc = cpu_policy_leaves_from_guest(new, guest_handle_addr(c->leaves),
                                             c->nr_leaves, &c->err_leaf,
                                             &c->err_subleaf)) &&
         !(rc = cpu_policy_msrs_from_guest(new, guest_handle_addr(c->msrs),
                                           c->nr_msrs, &c->err_msr)) )
    {
        cpu_policy_clear_out_of_range(new);
        rc = cpu_policy_check_compatible(max, new, &c->err_leaf,
                                         &c->err_subleaf, &c->err_msr);
    }
    if ( rc )
    {
        xfree(new);
        return rc;
    }
    cpu_policy_recalculate(new, max);
    old = d->arch.cpu_policy;
    d->arch.cpu_policy = new;
    xfree(old);
    return 0;
}

/*
 * Not on the caller's own domain (the dispatcher's -EINVAL), and only
 * until the domain first runs (-EEXIST).  The dispatcher copies the
 * struct back on failure (err_*), under domctl_lock against a concurrent
 * get.
 */
long arch_domctl_set_cpu_policy(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_cpu_policy *c = &op->u.cpu_policy;
    long rc;

    domain_pause(d);
    if ( d->creation_finished )
        rc = -EEXIST;
    else
    {
        c->err_leaf = c->err_subleaf = c->err_msr = ~0U;
        rc = update_policy(d, c);
    }
    domain_unpause(d);
    return rc;
}
