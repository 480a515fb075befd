/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m: 4-level nested page tables walked and updated here, their
 * entry format supplied by the HVM backend (struct p2m_pt_ops: NPT in
 * p2m-pt.c, EPT in hvm/vmx/ept.c).  Each leaf carries its p2m type, so a
 * translation needs no side table.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/p2m.h>

static const struct p2m_pt_ops *pt(void)
{
    return hvm_funcs.p2m_pt_ops;
}

static struct p2m_domain *p2m_of(const struct domain *d)
{
    return d->arch.p2m;
}

/* From the domain's paging pool (mm/p2m-pool.c). */
static pte_t *alloc_table(struct p2m_domain *p2m)
{
    pte_t *t = p2m_pool_get(p2m);

    if ( t )
    {
        memset(t, 0, PAGE_SIZE);
        p2m->nr_table_pages++;
    }
    return t;
}

/*
 * Point e at the new table t, whose entries are all written first: a
 * lookup walking without the lock (p2m_get_entry()) sees either the old
 * entry or the whole new table, never a half-filled one.
 */
static void publish_table(pte_t *e, pte_t *t)
{
    smp_wmb();
    WRITE_ONCE(*e, pt()->table_entry(__pa(t)));
}

/* Split a 2 MiB entry into 512 4 KiB entries of the same type. */
static int split_large(struct p2m_domain *p2m, pte_t *e)
{
    pte_t *t = alloc_table(p2m);
    unsigned long mfn = pt()->entry_mfn(*e);
    p2m_type_t type = pt()->entry_type(*e);
    unsigned int i;

    if ( !t )
        return -ENOMEM;
    for ( i = 0; i < PAGETABLE_ENTRIES; i++ )
        t[i] = pt()->make_entry(mfn + i, type, P2M_ORDER_4K);
    publish_table(e, t);
    return 0;
}

/* The table below entry e, created (or split) if alloc is set. */
static pte_t *next_table(struct p2m_domain *p2m, pte_t *e, bool alloc)
{
    pte_t *t;

    if ( pt()->is_present(*e) && !pt()->is_large(*e) )
        return mfn_to_virt(pt()->entry_mfn(*e));
    if ( !alloc )
        return NULL;
    if ( pt()->is_large(*e) )
        return split_large(p2m, e) ? NULL : mfn_to_virt(pt()->entry_mfn(*e));
    t = alloc_table(p2m);
    if ( !t )
        return NULL;
    publish_table(e, t);
    return t;
}

/* Walk to the entry for gfn at the level of the given order; lock held. */
static pte_t *walk(struct p2m_domain *p2m, unsigned long gfn,
                   unsigned int order, bool alloc)
{
    unsigned long gpa = gfn << PAGE_SHIFT;
    pte_t *l3, *l2, *l1;

    l3 = next_table(p2m, &p2m->root[l4_table_offset(gpa)], alloc);
    if ( !l3 )
        return NULL;
    l2 = next_table(p2m, &l3[l3_table_offset(gpa)], alloc);
    if ( !l2 )
        return NULL;
    if ( order == P2M_ORDER_2M )
        return &l2[l2_table_offset(gpa)];
    if ( !alloc && pt()->is_large(l2[l2_table_offset(gpa)]) )
        return &l2[l2_table_offset(gpa)];
    l1 = next_table(p2m, &l2[l2_table_offset(gpa)], alloc);
    return l1 ? &l1[l1_table_offset(gpa)] : NULL;
}

/*
 * Mark every vCPU's translations stale: each gets a fresh ASID/VPID (or
 * INVEPT) on its next entry, and one in guest mode elsewhere is sent an
 * IPI so that it exits.  This does not wait: see p2m_flush_wait().
 */
static void flush_domain(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        hvm_funcs.flush_guest_tlbs(v);
}

/*
 * A flush batch (p2m_batch_begin()/p2m_batch_flush()): the changes this
 * CPU makes to the batch's domain only note that a flush is owed, and the
 * batch makes it once.  Per CPU, so that changes on other CPUs flush as
 * before.  The caller keeps every frame it removed until the flush.
 */
static DEFINE_PER_CPU(struct domain *, batch_domain);
static DEFINE_PER_CPU(bool, batch_owed);

void p2m_batch_begin(struct domain *d)
{
    ASSERT(!this_cpu(batch_domain));
    this_cpu(batch_domain) = d;
    this_cpu(batch_owed) = false;
}

void p2m_batch_flush(struct domain *d, bool end)
{
    ASSERT(this_cpu(batch_domain) == d);
    p2m_flush_wait(d);
    if ( end )
        this_cpu(batch_domain) = NULL;
}

/* A change of d's present entry: flush now, or once for the batch. */
static void flush_changed(struct domain *d)
{
    if ( this_cpu(batch_domain) == d )
        this_cpu(batch_owed) = true;
    else
        flush_domain(d);
}

/*
 * Each CPU's guest-mode epoch, on a cache line of its own: odd from just
 * before the CPU checks whether its vCPU's translations are stale
 * (ASID/VPID, p2m_guest_enter()) until its next VM exit
 * (p2m_guest_exit()), even otherwise.  A CPU whose epoch is even cannot
 * be using a stale translation, and one whose odd epoch has moved on has
 * left guest mode since: no IPI round trip and no global lock (the
 * cross-CPU call this replaced serialised every CPU's waits).
 */
static struct {
    unsigned long epoch;
} __attribute__((aligned(64))) guest_mode[NR_CPUS];

void p2m_guest_enter(void)
{
    WRITE_ONCE(guest_mode[smp_processor_id()].epoch,
               guest_mode[smp_processor_id()].epoch + 1);
    /* Our epoch before we read the stale marks (p2m_flush_wait()). */
    smp_mb();
}

void p2m_guest_exit(void)
{
    unsigned long *e = &guest_mode[smp_processor_id()].epoch;

    /* A VM entry that never happened (refused) leaves it even too. */
    if ( *e & 1 )
        WRITE_ONCE(*e, *e + 1);
}

bool p2m_cpu_in_guest(unsigned int cpu)
{
    return READ_ONCE(guest_mode[cpu].epoch) & 1;
}

/*
 * Until cpu's epoch moves on from seen.  The kick is repeated every
 * millisecond: QEMU 7.2's TCG may lose an interrupt request that races
 * with its own VMRUN (a non-atomic update of the CPU's request bits),
 * and a CPU in guest mode with no other interrupt due would keep us here.
 */
static void wait_for_exit(unsigned int cpu, unsigned long seen)
{
    s_time_t kick = NOW() + MILLISECS(1);

    while ( READ_ONCE(guest_mode[cpu].epoch) == seen )
    {
        cpu_relax();
        if ( NOW() < kick )
            continue;
        smp_send_event_check_cpu(cpu);
        kick = NOW() + MILLISECS(1);
    }
}

/*
 * Return once no CPU can still use a translation of d made stale before
 * the call: each CPU that runs one of d's vCPUs is either outside guest
 * mode (its next entry sees flush_domain()'s marks) or has left it since.
 * Before a frame leaves d for good.  Interrupts on or off: nothing here
 * needs another CPU's interrupt handler, only its VM exit, which the
 * event-check IPI forces.
 */
void p2m_flush_wait(struct domain *d)
{
    unsigned long seen[NR_CPUS];
    unsigned int me = smp_processor_id(), cpu;
    struct vcpu *v;
    cpumask_t mask;

    /* What this CPU's batch owes is flushed first, whoever waits. */
    if ( this_cpu(batch_domain) == d && this_cpu(batch_owed) )
    {
        this_cpu(batch_owed) = false;
        flush_domain(d);
    }
    cpumask_clear(&mask);
    /* flush_domain()'s marks before our look at the epochs. */
    smp_mb();
    for_each_vcpu ( d, v )
    {
        cpu = READ_ONCE(v->processor);
        if ( !READ_ONCE(v->is_running) || cpu == me ||
             cpumask_test_cpu(cpu, &mask) )
            continue;
        seen[cpu] = READ_ONCE(guest_mode[cpu].epoch);
        if ( !(seen[cpu] & 1) )
            continue;
        cpumask_set_cpu(cpu, &mask);
        /* In guest mode, or entering with GIF/IF clear: make it exit. */
        smp_send_event_check_cpu(cpu);
    }
    for_each_cpu ( cpu, &mask )
        wait_for_exit(cpu, seen[cpu]);
}

int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    struct p2m_domain *p2m = p2m_of(d);
    unsigned long mask = (1UL << order) - 1;
    pte_t *e, old;
    int rc = 0;

    if ( (order != P2M_ORDER_4K && order != P2M_ORDER_2M) ||
         (gfn & mask) || (t != p2m_invalid && (mfn & mask)) ||
         (gfn >> (48 - PAGE_SHIFT)) || t >= p2m_nr_types )
        return -EINVAL;

    spin_lock(&p2m->lock);
    /* Under the lock: log-dirty's enable retypes under it too. */
    t = p2m_logdirty_new_type(d, t);
    e = walk(p2m, gfn, order, t != p2m_invalid);
    /* Removing 4K inside a 2M leaf: split it first, keep the rest. */
    if ( e && order == P2M_ORDER_4K && pt()->is_large(*e) )
        e = walk(p2m, gfn, order, true);
    if ( !e )
        rc = t == p2m_invalid ? 0 : -ENOMEM;
    else
    {
        old = *e;
        WRITE_ONCE(*e, t == p2m_invalid ? 0
                                        : pt()->make_entry(mfn, t, order));
        if ( t != p2m_invalid && gfn + mask > p2m->max_mapped_gfn )
            p2m->max_mapped_gfn = gfn + mask;
        /* A removed or changed translation must not linger in a TLB. */
        if ( pt()->is_present(old) )
            flush_changed(d);
    }
    spin_unlock(&p2m->lock);
    /* Frames added or removed are news for a migration (Xen's p2m.c). */
    if ( !rc )
        p2m_logdirty_mark(d, gfn, mask + 1);
    return rc;
}

static unsigned long retype_tables(pte_t *t, unsigned int level,
                                   p2m_type_t from, p2m_type_t to)
{
    unsigned long n = 0;
    unsigned int i;

    for ( i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        pte_t e = t[i];

        if ( !pt()->is_present(e) )
            continue;
        if ( level > 1 && !pt()->is_large(e) )
            n += retype_tables(mfn_to_virt(pt()->entry_mfn(e)), level - 1,
                               from, to);
        else if ( pt()->entry_type(e) == from && level <= 2 )
        {
            WRITE_ONCE(t[i], pt()->make_entry(pt()->entry_mfn(e), to,
                   level == 2 ? P2M_ORDER_2M : P2M_ORDER_4K));
            n += level == 2 ? PAGETABLE_ENTRIES : 1;
        }
    }
    return n;
}

unsigned long p2m_change_type_all(struct domain *d, p2m_type_t from,
                                  p2m_type_t to)
{
    struct p2m_domain *p2m = p2m_of(d);
    unsigned long n;

    spin_lock(&p2m->lock);
    n = retype_tables(p2m->root, 4, from, to);
    /* A write permission taken away must not linger in a TLB. */
    if ( n )
        flush_changed(d);
    spin_unlock(&p2m->lock);
    return n;
}

/* The leaf for gfn, a 2M one split if a table page is left for it. */
static pte_t *walk_split(struct p2m_domain *p2m, unsigned long gfn)
{
    pte_t *e = walk(p2m, gfn, P2M_ORDER_4K, false);

    if ( e && pt()->is_large(*e) )
        return walk(p2m, gfn, P2M_ORDER_4K, true) ?: e;
    return e;
}

int p2m_change_type_one(struct domain *d, unsigned long gfn, p2m_type_t from,
                        p2m_type_t to, unsigned int *order, p2m_type_t *cur)
{
    struct p2m_domain *p2m = p2m_of(d);
    pte_t *e;
    int rc = -ENOENT;

    *cur = p2m_invalid;
    *order = P2M_ORDER_4K;
    if ( gfn >> (48 - PAGE_SHIFT) )
        return rc;
    spin_lock(&p2m->lock);
    e = walk_split(p2m, gfn);
    if ( e && pt()->is_present(*e) )
        *cur = pt()->entry_type(*e);
    if ( *cur == from )
    {
        *order = pt()->is_large(*e) ? P2M_ORDER_2M : P2M_ORDER_4K;
        WRITE_ONCE(*e, pt()->make_entry(pt()->entry_mfn(*e), to, *order));
        /* Only permissions granted here: a stale entry faults again. */
        rc = 0;
    }
    spin_unlock(&p2m->lock);
    return rc;
}

/*
 * The leaf entry for gfn (4K, or the 2M one covering it), walked without
 * the lock as the CPU's own nested-paging walker does: every entry is
 * read once, a table is whole before it is published (publish_table())
 * and no table is freed before p2m_teardown(), which runs after
 * domain_kill_start()'s physmap barrier.  Lookups are the hot path (each
 * level of each guest page-table walk of a hypercall argument): with
 * the lock, four vCPUs re-arming their timers queued on it for seconds
 * under TCG.  False if an upper level has no table.
 */
static bool lookup(const struct p2m_domain *p2m, unsigned long gfn,
                   pte_t *leaf)
{
    static const unsigned int shift[] = { 39, 30, 21, 12 };
    unsigned long gpa = gfn << PAGE_SHIFT;
    const pte_t *table = p2m->root;
    unsigned int level;
    pte_t e = 0;

    for ( level = 0; level < ARRAY_SIZE(shift); level++ )
    {
        e = READ_ONCE(table[(gpa >> shift[level]) & (PAGETABLE_ENTRIES - 1)]);
        if ( level == 3 || (level == 2 && pt()->is_large(e)) )
            break;
        if ( !pt()->is_present(e) || pt()->is_large(e) )
            return false;
        table = mfn_to_virt(pt()->entry_mfn(e));
    }
    *leaf = e;
    return true;
}

unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t)
{
    struct p2m_domain *p2m = p2m_of(d);
    unsigned long mfn;
    pte_t e;

    *t = p2m_invalid;
    if ( gfn >> (48 - PAGE_SHIFT) || !lookup(p2m, gfn, &e) ||
         pt()->entry_type(e) == p2m_invalid )
        return INVALID_MFN;
    *t = pt()->entry_type(e);
    mfn = pt()->entry_mfn(e);
    if ( pt()->is_large(e) )
        mfn += gfn & (PAGETABLE_ENTRIES - 1);
    return mfn;
}

int p2m_map_identity(struct domain *d, unsigned long gfn, unsigned long nr,
                     p2m_type_t t)
{
    unsigned long end = gfn + nr;
    int rc = 0;

    while ( gfn < end && !rc )
    {
        unsigned int order = IS_ALIGNED(gfn, 1UL << P2M_ORDER_2M) &&
                             end - gfn >= (1UL << P2M_ORDER_2M)
                             ? P2M_ORDER_2M : P2M_ORDER_4K;

        rc = p2m_set_entry(d, gfn, gfn, order, t);
        gfn += 1UL << order;
    }
    return rc;
}

int p2m_init(struct domain *d)
{
    struct p2m_domain *p2m = xzalloc(struct p2m_domain);

    if ( !p2m )
        return -ENOMEM;
    spin_lock_init(&p2m->lock);
    p2m_logdirty_init(p2m);
    /* dom0's tables are unbounded; a domU's come from its pool. */
    if ( !d->is_privileged && p2m_pool_init(p2m, P2M_POOL_DEFAULT_PAGES) )
    {
        xfree(p2m);
        return -ENOMEM;
    }
    p2m->root = alloc_table(p2m);
    if ( !p2m->root )
    {
        p2m_pool_destroy(p2m);
        xfree(p2m);
        return -ENOMEM;
    }
    p2m->root_ma = __pa(p2m->root);
    d->arch.p2m = p2m;
    return 0;
}

static void free_tables(struct p2m_domain *p2m, pte_t *t, unsigned int level)
{
    unsigned int i;

    for ( i = 0; level > 1 && i < PAGETABLE_ENTRIES; i++ )
        if ( pt()->is_present(t[i]) && !pt()->is_large(t[i]) )
            free_tables(p2m, mfn_to_virt(pt()->entry_mfn(t[i])), level - 1);
    p2m_pool_put(p2m, t);
}

void p2m_teardown(struct domain *d)
{
    struct p2m_domain *p2m = p2m_of(d);

    if ( !p2m )
        return;
    free_tables(p2m, p2m->root, 4);
    p2m_logdirty_teardown(p2m);
    p2m_pool_destroy(p2m);
    xfree(p2m);
    d->arch.p2m = NULL;
}
