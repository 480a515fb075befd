/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding the domain a hypercall argument names, and whether the caller
 * may act on it: the default (dummy) XSM policy of Xen 4.17, where
 * XSM_TARGET allows a domain itself and the privileged domain.
 *
 * No reference is taken: domains are only destroyed by domain_kill(),
 * which pauses them first (a caller running a hypercall is not paused).
 * Looking up another domain races with its destruction until domains
 * are reference counted (rcu_lock_domain_by_id in Xen).
 */
#ifndef XEN_DOMAIN_LOOKUP_H
#define XEN_DOMAIN_LOOKUP_H

#include <xen/sched.h>

/* DOMID_SELF or a domain id; NULL if there is no such domain. */
static inline struct domain *domain_lookup_any(domid_t domid)
{
    if ( domid == DOMID_SELF )
        return current->domain;
    return get_domain_by_id(domid);
}

/* XSM_TARGET: the caller itself, or the privileged domain. */
static inline bool domain_may_target(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

#endif /* XEN_DOMAIN_LOOKUP_H */
