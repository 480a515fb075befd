/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HYPERVISOR_domctl: the toolstack's operations on one domain, Xen 4.17's
 * ABI (public/domctl.h, interface version 0x15).  One layout serves 32-
 * and 64-bit callers (every 64-bit member is 8-byte aligned, every handle
 * 64 bits wide), so there is no compat path.
 *
 * The checks run in Xen's order, so a bad call gets Xen's error:
 * the argument is copied once (-EFAULT), its interface version checked
 * (-EACCES), the domain named looked up with a reference (-ESRCH), the
 * caller's privilege checked (-EPERM: the control domain only, Xen's
 * dummy XSM policy), then the sub-op runs.  Sub-ops we do not have
 * answer -ENOSYS, as Xen's arch_do_domctl() does for unknown ones.
 *
 * domctl_table declares, per sub-op, its handler and what the dispatcher
 * does for it (DCTL_*).  The handlers live by concern in domctl-domain.c,
 * domctl-vcpu.c and arch/x86/domctl.c.
 *
 * Lock: domctl_lock serialises the sub-ops marked DCTL_LOCK (domain
 * creation's choice of domid, destruction's stages).  It is taken after
 * the argument is copied in and with no other lock held.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>

BUILD_BUG_ON(sizeof(struct xen_domctl) != 144);
BUILD_BUG_ON(offsetof(struct xen_domctl, u) != 16);
BUILD_BUG_ON(sizeof(struct xen_domctl_createdomain) != 64);
BUILD_BUG_ON(sizeof(struct xen_domctl_getdomaininfo) != 112);

#define DCTL_NO_DOMAIN  (1U << 0)   /* nothing looked up (createdomain) */
#define DCTL_FIND_NEXT  (1U << 1)   /* the first domain with id >= domain */
#define DCTL_NOT_SELF   (1U << 2)   /* -EINVAL on the caller's own domain */
#define DCTL_COPYBACK   (1U << 3)   /* struct copied back on success */
#define DCTL_LOCK       (1U << 4)   /* run under domctl_lock */
#define DCTL_COPYBACK_ERR (1U << 5) /* struct copied back on failure */

struct domctl_op {
    domctl_fn_t *fn;
    unsigned int flags;
};

static const struct domctl_op domctl_table[] = {
    [XEN_DOMCTL_createdomain] = { domctl_createdomain,
                                  DCTL_NO_DOMAIN | DCTL_COPYBACK | DCTL_LOCK },
    [XEN_DOMCTL_destroydomain] = { domctl_destroydomain, DCTL_LOCK },
    [XEN_DOMCTL_pausedomain] = { domctl_pausedomain, DCTL_NOT_SELF },
    [XEN_DOMCTL_unpausedomain] = { domctl_unpausedomain, 0 },
    [XEN_DOMCTL_resumedomain] = { domctl_resumedomain,
                                  DCTL_NOT_SELF | DCTL_LOCK },
    [XEN_DOMCTL_getdomaininfo] = { domctl_getdomaininfo,
                                   DCTL_FIND_NEXT | DCTL_COPYBACK },
    [XEN_DOMCTL_max_mem] = { domctl_max_mem, 0 },
    [XEN_DOMCTL_max_vcpus] = { domctl_max_vcpus, DCTL_NOT_SELF },
    [XEN_DOMCTL_setdomainhandle] = { domctl_setdomainhandle, 0 },
    [XEN_DOMCTL_settimeoffset] = { domctl_settimeoffset, 0 },
    [XEN_DOMCTL_getvcpuinfo] = { domctl_getvcpuinfo, DCTL_COPYBACK },
    [XEN_DOMCTL_setvcpuaffinity] = { domctl_vcpuaffinity, DCTL_COPYBACK },
    [XEN_DOMCTL_getvcpuaffinity] = { domctl_vcpuaffinity, DCTL_COPYBACK },
    [XEN_DOMCTL_scheduler_op] = { domctl_scheduler_op, DCTL_COPYBACK },
    [XEN_DOMCTL_setnodeaffinity] = { domctl_nodeaffinity, 0 },
    [XEN_DOMCTL_getnodeaffinity] = { domctl_nodeaffinity, 0 },
    [XEN_DOMCTL_settscinfo] = { arch_domctl_settscinfo, DCTL_NOT_SELF },
    [XEN_DOMCTL_gettscinfo] = { arch_domctl_gettscinfo,
                                DCTL_NOT_SELF | DCTL_COPYBACK },
    [XEN_DOMCTL_gethvmcontext] = { arch_domctl_gethvmcontext,
                                   DCTL_COPYBACK },
    [XEN_DOMCTL_gethvmcontext_partial] = {
        arch_domctl_gethvmcontext_partial, DCTL_COPYBACK },
    [XEN_DOMCTL_sethvmcontext] = { arch_domctl_sethvmcontext,
                                   DCTL_NOT_SELF },
    [XEN_DOMCTL_shadow_op] = { arch_domctl_shadow_op,
                               DCTL_NOT_SELF | DCTL_COPYBACK | DCTL_LOCK },
    [XEN_DOMCTL_get_paging_mempool_size] = {
        arch_domctl_get_paging_mempool_size, DCTL_COPYBACK },
    [XEN_DOMCTL_get_cpu_policy] = { arch_domctl_get_cpu_policy,
                                    DCTL_COPYBACK | DCTL_LOCK },
    [XEN_DOMCTL_set_cpu_policy] = { arch_domctl_set_cpu_policy,
                                    DCTL_NOT_SELF | DCTL_COPYBACK_ERR |
                                    DCTL_LOCK },
    [XEN_DOMCTL_set_paging_mempool_size] = {
        arch_domctl_set_paging_mempool_size, DCTL_LOCK },
};

static DEFINE_SPINLOCK(domctl_lock);

static const struct domctl_op *domctl_lookup_op(uint32_t cmd)
{
    if ( cmd >= ARRAY_SIZE(domctl_table) || !domctl_table[cmd].fn )
        return NULL;
    return &domctl_table[cmd];
}

/*
 * The domain op names, referenced, or NULL with *rc set: Xen looks up
 * by id (DOMID_SELF is not an id here); getdomaininfo takes the next id
 * up, and answers -EINVAL for a reserved id it does not find.
 */
static struct domain *domctl_domain(const struct xen_domctl *op,
                                    unsigned int flags, long *rc)
{
    struct domain *d = get_domain_by_id(op->domain);

    if ( d || !(flags & DCTL_FIND_NEXT) )
    {
        *rc = d ? 0 : -ESRCH;
        return d;
    }
    if ( op->domain >= DOMID_FIRST_RESERVED )
    {
        *rc = -EINVAL;
        return NULL;
    }
    d = domain_find_from(op->domain);
    *rc = d ? 0 : -ESRCH;
    return d;
}

static long domctl_run(const struct domctl_op *o, struct domain *d,
                       struct xen_domctl *op)
{
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( !o )
        return -ENOSYS;
    if ( (o->flags & DCTL_NOT_SELF) && d == current->domain )
        return -EINVAL;
    if ( o->flags & DCTL_LOCK )
        spin_lock(&domctl_lock);
    rc = o->fn(d, op);
    if ( o->flags & DCTL_LOCK )
        spin_unlock(&domctl_lock);
    return rc;
}

long do_domctl(uint64_t arg)
{
    struct xen_domctl op;
    const struct domctl_op *o;
    struct domain *d = NULL;
    long rc;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    o = domctl_lookup_op(op.cmd);
    if ( !o || !(o->flags & DCTL_NO_DOMAIN) )
    {
        d = domctl_domain(&op, o ? o->flags : 0, &rc);
        if ( !d )
            return rc;
    }
    rc = domctl_run(o, d, &op);
    if ( d )
        put_domain(d);
    if ( o && ((!rc && (o->flags & DCTL_COPYBACK)) ||
               (rc && (o->flags & DCTL_COPYBACK_ERR))) &&
         copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
