/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU life cycle: creation, counted pause/unpause, shutdown
 * and crash.  Architecture state is set up and torn down through the
 * arch_* hooks.
 *
 * Lock: domlist_lock guards domain_list and each domain's next_in_list.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>
#include <asm/arch-domain.h>

struct domain *idle_domain;
struct domain *domain_list;
DEFINE_SPINLOCK(domlist_lock);

int format_vcpu(char *buf, size_t size, const void *p)
{
    const struct vcpu *v = p;

    if ( !v )
        return snprintf(buf, size, "(no vcpu)");
    if ( is_idle_vcpu(v) )
        return snprintf(buf, size, "d[IDLE]v%u", v->vcpu_id);
    return snprintf(buf, size, "d%uv%u", v->domain->domain_id, v->vcpu_id);
}

int format_domain(char *buf, size_t size, const void *p)
{
    const struct domain *d = p;

    if ( !d )
        return snprintf(buf, size, "(no domain)");
    if ( is_idle_domain(d) )
        return snprintf(buf, size, "d[IDLE]");
    return snprintf(buf, size, "d%u", d->domain_id);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *v;

    if ( vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] )
        return NULL;
    v = xzalloc(struct vcpu);
    if ( !v )
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    if ( !is_idle_domain(d) )
        set_bit(_VPF_down, &v->pause_flags);
    if ( sched_init_vcpu(v, is_idle_domain(d) ? vcpu_id
                                               : vcpu_id % nr_cpu_ids) )
        goto fail;
    if ( arch_vcpu_create(v) )
    {
        sched_destroy_vcpu(v);
        goto fail;
    }
    if ( !is_idle_domain(d) )
        vcpu_guest_init(v);
    d->vcpu[vcpu_id] = v;
    return v;

 fail:
    xfree(v);
    return NULL;
}

static void domain_free(struct domain *d)
{
    struct vcpu *v;

    if ( !is_idle_domain(d) )
        evtchn_destroy(d);
    if ( d->vcpu )
        for_each_vcpu ( d, v )
        {
            if ( v->poll_timer.function )
                kill_timer(&v->poll_timer);
            if ( !is_idle_domain(d) )
                vcpu_guest_destroy(v);
            arch_vcpu_destroy(v);
            sched_destroy_vcpu(v);
            xfree(v);
        }
    if ( !is_idle_domain(d) )
        domain_shared_info_free(d);
    sched_destroy_domain(d);
    xfree(d->vcpu);
    xfree(d);
}

static void domlist_insert(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd && (*pd)->domain_id < d->domain_id;
          pd = &(*pd)->next_in_list )
        ;
    d->next_in_list = *pd;
    *pd = d;
    spin_unlock(&domlist_lock);
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             bool privileged)
{
    struct domain *d = xzalloc(struct domain);

    if ( !d )
        return NULL;
    d->domain_id = domid;
    d->max_vcpus = max_vcpus;
    d->is_privileged = privileged;
    d->shutdown_code = -1;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->physmap_lock);
    spin_lock_init(&d->page_alloc_lock);
    INIT_LIST_HEAD(&d->page_list);
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    if ( !d->vcpu || sched_init_domain(d) )
        goto fail;
    if ( !is_idle_domain(d) &&
         (arch_domain_create(d) || domain_shared_info_init(d) ||
          evtchn_init(d)) )
        goto fail;
    if ( !is_idle_domain(d) )
        domlist_insert(d);
    return d;

 fail:
    domain_free(d);
    return NULL;
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain ( d )
        if ( d->domain_id == domid )
            break;
    spin_unlock(&domlist_lock);
    return d;
}

void vcpu_pause(struct vcpu *v)
{
    __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
    if ( __atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST) == 0 )
        vcpu_wake(v);
}

void domain_pause(struct domain *d)
{
    struct vcpu *v;

    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for_each_vcpu ( d, v )
        vcpu_sleep_sync(v);
}

void domain_unpause(struct domain *d)
{
    struct vcpu *v;

    if ( __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) == 0 )
        for_each_vcpu ( d, v )
            vcpu_wake(v);
}

/*
 * Stop every vCPU of d for good and record why.  Only the first reason
 * counts.  The domain's vCPUs are paused without waiting, as the caller
 * may be one of them.
 */
void domain_shutdown(struct domain *d, int reason)
{
    struct vcpu *v;

    spin_lock(&d->lock);
    if ( d->is_shutting_down )
    {
        spin_unlock(&d->lock);
        return;
    }
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    spin_unlock(&d->lock);

    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for_each_vcpu ( d, v )
        vcpu_sleep_nosync(v);
    arch_domain_shutdown(d, reason);
    /* Tell the control domain (its toolstack watches VIRQ_DOM_EXC). */
    if ( d->domain_id != 0 && get_domain_by_id(0) )
        send_guest_global_virq(get_domain_by_id(0), VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d)
{
    /* arch_domain_shutdown() prints the vCPUs' state for a crash. */
    printk(XENLOG_G_ERR "Domain %u crashed\n", d->domain_id);
    domain_shutdown(d, DOMAIN_SHUTDOWN_CRASH);
}

/*
 * Give every frame the domain owns back: dropping its allocation
 * reference frees a frame at once, or at the last unmap if another
 * domain still maps it (grants, foreign mappings).  Runs after the p2m
 * is gone.
 */
static void domain_relinquish_memory(struct domain *d)
{
    while ( !list_empty(&d->page_list) )
    {
        struct page_info *pg = list_first_entry(&d->page_list,
                                                struct page_info, list);

        domain_release_page(d, pg);
        /* Not d's after all (a stale entry): drop it, never loop. */
        if ( !list_empty(&d->page_list) &&
             list_first_entry(&d->page_list, struct page_info, list) == pg )
            list_del(&pg->list);
    }
}

int domain_kill(struct domain *d)
{
    struct domain **pd;

    if ( d == current->domain )
        return -EINVAL;
    domain_pause(d);
    d->is_dying = true;
    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd && *pd != d; pd = &(*pd)->next_in_list )
        ;
    if ( *pd )
        *pd = d->next_in_list;
    spin_unlock(&domlist_lock);
    gnttab_release_mappings(d);
    grant_table_destroy(d);
    arch_domain_destroy(d);
    domain_relinquish_memory(d);
    domain_free(d);
    return 0;
}
