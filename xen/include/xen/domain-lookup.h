/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding the domain a hypercall argument names, and whether the caller
 * may act on it: the default (dummy) XSM policy of Xen 4.17, where
 * XSM_TARGET allows a domain itself and the privileged domain.
 *
 * The domain comes with a reference (Xen's rcu_lock_domain_by_id()):
 * the caller drops it with put_domain() before returning.  A dying
 * domain is found too; new work on it is refused where it would start.
 */
#ifndef XEN_DOMAIN_LOOKUP_H
#define XEN_DOMAIN_LOOKUP_H

#include <xen/sched.h>

/* DOMID_SELF or a domain id, referenced; NULL if there is none. */
static inline struct domain *domain_lookup_any(domid_t domid)
{
    if ( domid == DOMID_SELF )
        return get_domain(current->domain) ? current->domain : NULL;
    return get_domain_by_id(domid);
}

/* XSM_TARGET: the caller itself, or the privileged domain. */
static inline bool domain_may_target(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

#endif /* XEN_DOMAIN_LOOKUP_H */
