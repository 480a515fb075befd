/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm_op: HVM parameters, and the few other HVM sub-ops a PVH guest may
 * issue.  The parameter rules follow Xen 4.17's hvm_allow_set_param() and
 * hvm_allow_get_param(): a domain may read and set a short list of its
 * own parameters (callback IRQ, store/console event channels, ...), read
 * a few more (store/console frames), and gets -EPERM for the rest; the
 * privileged domain may read and set any parameter of any domain;
 * deprecated parameters are -EINVAL for everybody.  Of Xen's per-value
 * checks we keep those that need no device model (timer mode, triple
 * fault reason, x87 FIP width, set-once parameters).
 *
 * struct xen_hvm_param has one layout for 32- and 64-bit callers.
 *
 * Lock: d->lock guards d->arch.hvm_params.
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <asm/hvm/guest_access.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/sched.h>

BUILD_BUG_ON(HVM_NR_PARAMS >
             ARRAY_SIZE(((struct arch_domain *)0)->hvm_params));
BUILD_BUG_ON(sizeof(struct xen_hvm_param) != 16);

#define HVMPTM_one_missed_tick_pending 3    /* largest timer mode */

enum param_access {
    PARAM_PRIVATE,      /* the privileged domain only */
    PARAM_READ,         /* the domain itself may read it */
    PARAM_READ_WRITE,   /* ... and set it */
    PARAM_DEPRECATED,   /* -EINVAL for everybody */
};

static enum param_access param_access(uint32_t index)
{
    switch ( index )
    {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_VM86_TSS:
    case HVM_PARAM_VM86_TSS_SIZED:
    case HVM_PARAM_ACPI_IOPORTS_LOCATION:
    case HVM_PARAM_VM_GENERATION_ID_ADDR:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_X87_FIP_WIDTH:
        return PARAM_READ_WRITE;
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_ALTP2M:
        return PARAM_READ;
    case HVM_PARAM_PAE_ENABLED:
    case HVM_PARAM_DM_DOMAIN:
    case HVM_PARAM_MEMORY_EVENT_CR0:
    case HVM_PARAM_MEMORY_EVENT_CR3:
    case HVM_PARAM_MEMORY_EVENT_CR4:
    case HVM_PARAM_MEMORY_EVENT_INT3:
    case HVM_PARAM_NESTEDHVM:
    case HVM_PARAM_MEMORY_EVENT_SINGLE_STEP:
    case HVM_PARAM_BUFIOREQ_EVTCHN:
    case HVM_PARAM_MEMORY_EVENT_MSR:
        return PARAM_DEPRECATED;
    }
    return PARAM_PRIVATE;
}

/* May the caller read (or set) parameter index of d?  0 or -errno. */
static int param_allowed(const struct domain *d, uint32_t index, bool set)
{
    enum param_access a = param_access(index);

    if ( !domain_may_target(d) )
        return -EPERM;
    if ( a == PARAM_DEPRECATED )
        return -EINVAL;
    if ( d != current->domain )
        return 0;
    if ( a == PARAM_READ_WRITE || (a == PARAM_READ && !set) )
        return 0;
    return -EPERM;
}

static bool param_set_once(uint32_t index)
{
    switch ( index )
    {
    case HVM_PARAM_VIRIDIAN:
    case HVM_PARAM_IOREQ_PFN:
    case HVM_PARAM_BUFIOREQ_PFN:
    case HVM_PARAM_IOREQ_SERVER_PFN:
    case HVM_PARAM_NR_IOREQ_SERVER_PAGES:
    case HVM_PARAM_ALTP2M:
    case HVM_PARAM_MCA_CAP:
        return true;
    }
    return false;
}

/* Is value acceptable for index?  0 or -EINVAL; d->lock held. */
static int param_check_value(const struct domain *d, uint32_t index,
                             uint64_t value)
{
    uint64_t old = d->arch.hvm_params[index];

    if ( param_set_once(index) && old && value != old )
        return -EEXIST;
    switch ( index )
    {
    case HVM_PARAM_TIMER_MODE:
        return value > HVMPTM_one_missed_tick_pending ? -EINVAL : 0;
    case HVM_PARAM_TRIPLE_FAULT_REASON:
        return value > SHUTDOWN_MAX ? -EINVAL : 0;
    case HVM_PARAM_X87_FIP_WIDTH:
        return value != 0 && value != 4 && value != 8 ? -EINVAL : 0;
    case HVM_PARAM_VM86_TSS:
        return value != (uint32_t)value ? -EINVAL : 0;
    }
    return 0;
}

static long hvm_set_param(struct domain *d, uint32_t index, uint64_t value)
{
    int rc = param_allowed(d, index, true);

    if ( rc )
        return rc;
    spin_lock(&d->lock);
    rc = param_check_value(d, index, value);
    if ( !rc )
        d->arch.hvm_params[index] = value;
    spin_unlock(&d->lock);
    /*
     * The callback route is among the first things a PV-aware guest
     * sets: latch its shared_info layout from its mode now (Xen does).
     * Event delivery through the route belongs to the event channels.
     */
    if ( !rc && index == HVM_PARAM_CALLBACK_IRQ && d == current->domain )
        domain_latch_shinfo_size(d, hypercall_is_compat());
    if ( !rc && index == HVM_PARAM_CALLBACK_IRQ )
        hvm_evtchn_callback_via_changed(d);     /* common/event_upcall.c */
    return rc;
}

static long hvmop_param(bool set, uint64_t arg)
{
    struct xen_hvm_param p;
    struct domain *d;
    long rc;

    if ( copy_from_guest(&p, arg, sizeof(p)) )
        return -EFAULT;
    if ( p.index >= HVM_NR_PARAMS )
        return -EINVAL;
    d = domain_lookup_any(p.domid);
    if ( !d )
        return -ESRCH;
    if ( set )
        rc = hvm_set_param(d, p.index, p.value);
    else if ( !(rc = param_allowed(d, p.index, false)) )
    {
        spin_lock(&d->lock);
        p.value = d->arch.hvm_params[p.index];
        spin_unlock(&d->lock);
        rc = copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    put_domain(d);
    return rc;
}

/*
 * HVMOP_pagetable_dying is a hint for shadow paging.  We use nested
 * paging, for which Xen answers -EINVAL (its own domain) or -EOPNOTSUPP.
 */
static long hvmop_pagetable_dying(uint64_t arg)
{
    struct xen_hvm_pagetable_dying a;
    struct domain *d;

    if ( copy_from_guest(&a, arg, sizeof(a)) )
        return -EFAULT;
    d = domain_lookup_any(a.domid);
    if ( !d )
        return -ESRCH;
    put_domain(d);
    return d != current->domain ? -EOPNOTSUPP : -EINVAL;
}

long do_hvm_op(unsigned long op, uint64_t arg)
{
    switch ( op )
    {
    case HVMOP_set_param:
        return hvmop_param(true, arg);
    case HVMOP_get_param:
        return hvmop_param(false, arg);
    case HVMOP_pagetable_dying:
        return hvmop_pagetable_dying(arg);
    case HVMOP_set_evtchn_upcall_vector:    /* common/event_upcall.c */
        return hvmop_set_evtchn_upcall_vector(arg);
    }
    return -ENOSYS;
}
