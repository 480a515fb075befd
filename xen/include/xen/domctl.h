/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's domain and system control (public/domctl.h,
 * public/sysctl.h): the sub-op handlers do_domctl() and do_sysctl()
 * dispatch to.  Each handler gets the hypervisor's copy of the argument
 * (already checked for interface version, caller privilege and, for
 * domctls, the target domain, referenced), fills in what it answers and
 * returns 0 or -errno; the dispatcher copies the struct back where the
 * table says so.  docs/domctl.md lists every sub-op.
 */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <xen/types.h>
#include <xen/time.h>
#include <xen/cpumask.h>
#include <public/domctl.h>
#include <public/sysctl.h>

struct domain;
struct vcpu;

/* The guest address a XEN_GUEST_HANDLE_64 holds. */
#define guest_handle_addr(h) ((uint64_t)(uintptr_t)(h).p)

typedef long domctl_fn_t(struct domain *d, struct xen_domctl *op);

/* common/domctl-domain.c: life cycle and bookkeeping of a domain. */
domctl_fn_t domctl_createdomain, domctl_destroydomain, domctl_pausedomain,
    domctl_unpausedomain, domctl_resumedomain, domctl_getdomaininfo,
    domctl_max_mem, domctl_setdomainhandle, domctl_settimeoffset,
    domctl_max_vcpus;
/* common/domctl-vcpu.c: vCPUs and the scheduler. */
domctl_fn_t domctl_getvcpuinfo, domctl_vcpuaffinity, domctl_scheduler_op,
    domctl_nodeaffinity;
/* arch/x86/domctl.c: HVM state, paging pool, CPU policy, TSC. */
domctl_fn_t arch_domctl_gethvmcontext, arch_domctl_gethvmcontext_partial,
    arch_domctl_sethvmcontext, arch_domctl_get_paging_mempool_size,
    arch_domctl_set_paging_mempool_size, arch_domctl_settscinfo,
    arch_domctl_shadow_op,
    arch_domctl_gettscinfo;
/* arch/x86/cpu-policy-ops.c: the CPU policies. */
domctl_fn_t arch_domctl_get_cpu_policy, arch_domctl_set_cpu_policy;
long arch_sysctl_get_cpu_policy(struct xen_sysctl *op);
long arch_sysctl_get_cpu_featureset(struct xen_sysctl *op);

/*
 * A cpumask from/to a caller's xenctl_bitmap (bit n of byte n/8 is CPU
 * n; bits past nr_bits read as clear, the caller's bytes past ours are
 * zeroed): 0 or -EFAULT, as Xen's xenctl_bitmap_to_bitmap() and
 * bitmap_to_xenctl_bitmap().
 */
int cpumask_from_xenctl(cpumask_t *m, const struct xenctl_bitmap *b);
int cpumask_to_xenctl(const struct xenctl_bitmap *b, const cpumask_t *m);

/* Time v has spent running, in ns, the current slice included. */
s_time_t vcpu_running_time(const struct vcpu *v);
/* Fill in XEN_DOMCTL_getdomaininfo's answer for d (sysctl uses it too). */
void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info);
/* Architecture part of it: flags, emulation flags, address width. */
void arch_domain_getinfo(const struct domain *d,
                         struct xen_domctl_getdomaininfo *info);
/*
 * XEN_DOMCTL_createdomain's checks of the architecture part (emulation
 * flags, misc flags): 0 or Xen's error.  Sets *emulation for the domain.
 */
int arch_check_domain_config(const struct xen_domctl_createdomain *c,
                             uint32_t *emulation);

#endif /* XEN_DOMCTL_H */
