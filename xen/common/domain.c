/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU life cycle: creation, counted pause/unpause, shutdown
 * and crash.  Architecture state is set up and torn down through the
 * arch_* hooks.
 *
 * Lock: domlist_lock guards domain_list and each domain's next_in_list.
 *
 * Life: domain_create() gives a domain one reference, its life.
 * domain_kill() marks it dying (new grants, ports and maps are refused),
 * undoes what it holds of others and gives its memory back, then drops
 * that reference.  The domain stays on the list, its domid taken, until
 * the last reference goes (domain_destroy_final()): frames of it that
 * another domain still maps keep it as a zombie.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
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
                                : sched_initial_cpu(vcpu_id)) )
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
    {
        /* Everyone who could reach the table held a reference. */
        grant_table_destroy(d);
        domain_shared_info_free(d);
    }
    sched_destroy_domain(d);
    xfree(d->vcpu);
    xfree(d);
}

/* -EEXIST if the domid is taken, also by a zombie. */
static int domlist_insert(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd && (*pd)->domain_id < d->domain_id;
          pd = &(*pd)->next_in_list )
        ;
    if ( *pd && (*pd)->domain_id == d->domain_id )
    {
        spin_unlock(&domlist_lock);
        return -EEXIST;
    }
    d->next_in_list = *pd;
    *pd = d;
    spin_unlock(&domlist_lock);
    return 0;
}

static void domlist_remove(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd && *pd != d; pd = &(*pd)->next_in_list )
        ;
    if ( *pd )
        *pd = d->next_in_list;
    spin_unlock(&domlist_lock);
}

struct domain *domain_create_limits(domid_t domid,
                                    const struct domain_limits *l)
{
    struct domain *d = xzalloc(struct domain);

    if ( !d )
        return NULL;
    d->domain_id = domid;
    d->max_vcpus = l->max_vcpus;
    d->is_privileged = l->privileged;
    d->options = l->options;
    d->max_evtchn_port = l->max_evtchn_port;
    d->max_grant_frames = l->max_grant_frames;
    d->max_maptrack_frames = l->max_maptrack_frames;
    d->emulation_flags = l->emulation_flags;
    d->shutdown_code = -1;
    d->refcnt = 1;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->physmap_lock);
    spin_lock_init(&d->page_alloc_lock);
    INIT_LIST_HEAD(&d->page_list);
    /* Born paused by the toolstack, which unpauses it once built. */
    if ( !l->privileged && !is_idle_domain(d) )
        d->controller_pause_count = d->pause_count = 1;
    d->vcpu = xzalloc_array(struct vcpu *, l->max_vcpus);
    if ( !d->vcpu || sched_init_domain(d) )
        goto fail;
    if ( !is_idle_domain(d) &&
         (arch_domain_create(d) || domain_shared_info_init(d) ||
          evtchn_init(d)) )
        goto fail;
    if ( !is_idle_domain(d) && domlist_insert(d) )
        goto fail;
    return d;

 fail:
    domain_free(d);
    return NULL;
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             bool privileged)
{
    const struct domain_limits l = {
        .max_vcpus = max_vcpus,
        .max_evtchn_port = ~0U,
        .max_grant_frames = GNTTAB_MAX_FRAMES,
        .max_maptrack_frames = GNTTAB_MAX_MAPTRACK_FRAMES,
        .privileged = privileged,
    };

    return domain_create_limits(domid, &l);
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain ( d )
        if ( d->domain_id == domid )
            break;
    if ( d && !get_domain(d) )
        d = NULL;
    spin_unlock(&domlist_lock);
    return d;
}

struct domain *domain_find_from(domid_t domid)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    /* The list is sorted by id (domlist_insert()). */
    for_each_domain ( d )
        if ( d->domain_id >= domid && get_domain(d) )
            break;
    spin_unlock(&domlist_lock);
    return d;
}

void domain_destroy_final(struct domain *d)
{
    domlist_remove(d);
    domain_free(d);
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
    if ( d->domain_id != 0 )
        domain_notify_exception();
}

/* The control domain's toolstack watches VIRQ_DOM_EXC. */
void domain_notify_exception(void)
{
    struct domain *d0 = get_domain_by_id(0);

    if ( !d0 )
        return;
    send_guest_global_virq(d0, VIRQ_DOM_EXC);
    put_domain(d0);
}

int domain_pause_by_systemcontroller(struct domain *d)
{
    int old = __atomic_load_n(&d->controller_pause_count, __ATOMIC_SEQ_CST);

    do {
        if ( old >= 255 )
            return -EOVERFLOW;
    } while ( !__atomic_compare_exchange_n(&d->controller_pause_count, &old,
                                           old + 1, false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    domain_pause(d);
    return 0;
}

int domain_unpause_by_systemcontroller(struct domain *d)
{
    int old = __atomic_load_n(&d->controller_pause_count, __ATOMIC_SEQ_CST);

    do {
        if ( old <= 0 )
            return -EINVAL;
    } while ( !__atomic_compare_exchange_n(&d->controller_pause_count, &old,
                                           old - 1, false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    /* Xen: creation is finished when the count first drops to 0. */
    if ( old == 1 )
        WRITE_ONCE(d->creation_finished, true);
    domain_unpause(d);
    return 0;
}

/*
 * The shutdown's pause (domain_shutdown()) is dropped and the reason
 * forgotten, under d->lock so that a shutdown racing with us is either
 * undone whole or comes after.
 */
void domain_resume(struct domain *d)
{
    bool was_down;

    domain_pause(d);
    spin_lock(&d->lock);
    was_down = d->is_shutting_down;
    d->is_shutting_down = false;
    d->shutdown_code = -1;
    spin_unlock(&d->lock);
    if ( was_down )
        domain_unpause(d);
    domain_unpause(d);
}

void domain_crash(struct domain *d)
{
    /* arch_domain_shutdown() prints the vCPUs' state for a crash. */
    printk(XENLOG_G_ERR "Domain %u crashed\n", d->domain_id);
    domain_shutdown(d, DOMAIN_SHUTDOWN_CRASH);
}

/* Frames given back between preemption checks. */
#define RELINQUISH_BATCH    256

/*
 * Give every frame the domain owns back: dropping its allocation
 * reference frees a frame at once, or at the last unmap if another
 * domain still maps it (grants, foreign mappings).  Runs after the p2m
 * is gone.  -ERESTART when preempted, to be called again.
 */
static int domain_relinquish_memory(struct domain *d)
{
    unsigned int n = 0;

    while ( !list_empty(&d->page_list) )
    {
        struct page_info *pg = list_first_entry(&d->page_list,
                                                struct page_info, list);

        if ( ++n % RELINQUISH_BATCH == 0 && hypercall_preempt_check() )
            return -ERESTART;
        domain_release_page(d, pg);
        /* Not d's after all (a stale entry): drop it, never loop. */
        if ( !list_empty(&d->page_list) &&
             list_first_entry(&d->page_list, struct page_info, list) == pg )
            list_del(&pg->list);
    }
    return 0;
}

/* First stage of domain_kill(): stop d and undo what it holds. */
static void domain_kill_start(struct domain *d)
{
    domain_pause(d);
    /* Whoever saw d alive under its physmap lock is done with its p2m. */
    physmap_lock(d);
    physmap_unlock(d);
    gnttab_release_mappings(d);
    evtchn_destroy(d);
    arch_domain_destroy(d);
}

/*
 * Tear d down.  Marked dying first, under d->lock, so that a grant
 * table, a port or a map made for d after this point is refused; then
 * what d holds of others and its memory go, in preemptible steps (the
 * caller serialises calls: the domctl lock).  struct domain goes at the
 * last reference.  As Xen: 0 for a domain already dead.
 */
int domain_kill(struct domain *d)
{
    uint8_t state;
    int rc;

    if ( d == current->domain )
        return -EINVAL;
    spin_lock(&d->lock);
    state = d->is_dying;
    if ( state == DOMDYING_alive )
        d->is_dying = DOMDYING_dying;
    spin_unlock(&d->lock);
    if ( state == DOMDYING_dead )
        return 0;
    if ( state == DOMDYING_alive )
        domain_kill_start(d);
    rc = domain_relinquish_memory(d);
    if ( rc )
        return rc;
    WRITE_ONCE(d->is_dying, DOMDYING_dead);
    put_domain(d);
    domain_notify_exception();
    return 0;
}
