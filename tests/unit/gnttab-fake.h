/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the grant-table and physmap tests: three domains
 * (d0 privileged and 1:1, d1 and d2 ordinary), a pool of host frames
 * standing for machine frames FAKE_MFN0.., a heap over that pool, a p2m
 * per domain as flat arrays, and guest memory that is host memory.
 * The real grant_table.c, grant_map.c, grant_copy.c and physmap.c are
 * included below.
 */
#ifndef GNTTAB_FAKE_H
#define GNTTAB_FAKE_H

#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/sched.h>
#include <asm/page.h>

#define FAKE_MFN0    0x1000UL
#define FAKE_FRAMES  512UL
#define FAKE_GFNS    0x1000UL

static uint8_t fake_mem[FAKE_FRAMES][4096] __attribute__((aligned(4096)));

#undef mfn_to_virt
#undef virt_to_mfn
#define mfn_to_virt(m)   ((void *)fake_mem[(m) - FAKE_MFN0])
#define virt_to_mfn(va)  \
    (((uintptr_t)(va) - (uintptr_t)fake_mem) / 4096 + FAKE_MFN0)

static struct domain d0, d1, d2;
struct domain *domain_list;             /* for the 'g' key's walk */
DEFINE_SPINLOCK(domlist_lock);
static struct vcpu v0 = { .domain = &d0 }, v1 = { .domain = &d1 },
                   v2 = { .domain = &d2 };
static struct vcpu *test_current = &v0;
static bool test_compat;
static int preempt_after = -1;          /* preempt checks before "yes" */
static unsigned long set_args[3];
static bool set_arg_seen[3];

#undef current
#define current test_current

#include "../../xen/common/grant_table.c"
#include "../../xen/common/grant_map.c"
#include "../../xen/common/grant_copy.c"
#include "../../xen/common/physmap.c"

#include "harness.h"

static struct page_info fake_frame_table[FAKE_MFN0 + FAKE_FRAMES];
struct page_info *frame_table = fake_frame_table;
unsigned long max_page = FAKE_MFN0 + FAKE_FRAMES;
static bool fake_used[FAKE_FRAMES];
static unsigned long heap_frees;
static unsigned int flushes_owed, flush_waits;   /* see p2m_flush_wait */

/* ---- guest memory and the hypercall context ---- */

#include "guest-access-fake.h"

void hypercall_set_arg(unsigned int i, unsigned long val)
{
    set_args[i] = val;
    set_arg_seen[i] = true;
}

bool hypercall_preempt_check(void)
{
    if ( preempt_after < 0 )
        return false;
    return preempt_after-- == 0;
}

/* Referenced as domain.c does; the last put is recorded, not freed. */
static unsigned int destroyed;
static struct domain *last_destroyed;

/* Which domain each id names; a test may hand an id to another. */
static struct domain *domid_owner[3];

struct domain *get_domain_by_id(domid_t id)
{
    struct domain *d = id < 3 ? domid_owner[id] : NULL;

    return d && get_domain(d) ? d : NULL;
}

void domain_destroy_final(struct domain *d)
{
    destroyed++;
    last_destroyed = d;
}

void *xmalloc_bytes(size_t size)
{
    return malloc(size);
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

/* ---- heap over the frame pool ---- */

struct page_info *alloc_heap_pages(unsigned int order)
{
    unsigned long n = 1UL << order, i, j;

    for ( i = 0; i + n <= FAKE_FRAMES; i += n )
    {
        for ( j = 0; j < n && !fake_used[i + j]; j++ )
            ;
        if ( j < n )
            continue;
        for ( j = 0; j < n; j++ )
        {
            fake_used[i + j] = true;
            frame_table[FAKE_MFN0 + i + j].count_info = 0;
            memset(fake_mem[i + j], 0xa5, 4096);    /* stale data */
        }
        return &frame_table[FAKE_MFN0 + i];
    }
    return NULL;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long i, m = page_to_mfn(pg) - FAKE_MFN0;

    /* Freed while a vCPU may still reach it through its TLB. */
    BUG_ON(flushes_owed);
    for ( i = 0; i < (1UL << order); i++ )
    {
        BUG_ON(!fake_used[m + i]);
        fake_used[m + i] = false;
        pg[i].count_info = 0;
        pg[i].u.owner = NULL;
        heap_frees++;
    }
}

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);

    if ( !pg )
        return NULL;
    pg->count_info = PGC_xen_heap;
    return mfn_to_virt(page_to_mfn(pg));
}

/* ---- p2m: flat arrays per domain ---- */

struct fake_p2m {
    unsigned long mfn[FAKE_GFNS];
    p2m_type_t t[FAKE_GFNS];
};

static struct fake_p2m p2m0, p2m1, p2m2;

static struct fake_p2m *fake_p2m_of(const struct domain *d)
{
    return d == &d0 ? &p2m0 : d == &d1 ? &p2m1 : &p2m2;
}

int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    struct fake_p2m *p = fake_p2m_of(d);

    if ( gfn >= FAKE_GFNS || order )
        return -EINVAL;
    if ( p->t[gfn] != p2m_invalid && (p->mfn[gfn] != mfn || p->t[gfn] != t) )
        flushes_owed++;
    p->mfn[gfn] = t == p2m_invalid ? INVALID_MFN : mfn;
    p->t[gfn] = t;
    return 0;
}

#include "logdirty-fake.h"

unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t)
{
    struct fake_p2m *p = fake_p2m_of(d);

    if ( gfn >= FAKE_GFNS || p->t[gfn] == p2m_invalid )
    {
        *t = p2m_invalid;
        return INVALID_MFN;
    }
    *t = p->t[gfn];
    return p->mfn[gfn];
}

/*
 * TLB flushes: a present entry removed or changed leaves a flush owed
 * until p2m_flush_wait(); no frame may go back to the heap meanwhile
 * (free_heap_pages() checks), as a vCPU could still reach it.
 */
void p2m_flush_wait(struct domain *d)
{
    flushes_owed = 0;
    flush_waits++;
}

/* A batch defers the flushes to p2m_batch_flush(), which waits once. */
static unsigned int batch_flushes;

void p2m_batch_begin(struct domain *d)
{
}

void p2m_batch_flush(struct domain *d, bool end)
{
    batch_flushes++;
    p2m_flush_wait(d);
}

/* ---- fixtures ---- */

static void fake_domain(struct domain *d, domid_t id, bool priv)
{
    memset(d, 0, sizeof(*d));
    d->refcnt = 1;
    d->domain_id = id;
    d->is_privileged = priv;
    d->max_grant_frames = GNTTAB_MAX_FRAMES;
    d->max_maptrack_frames = GNTTAB_MAX_MAPTRACK_FRAMES;
    d->shared_info_gfn = ~0UL;
    d->max_pages = 64;
    d->arch.p2m = (struct p2m_domain *)fake_p2m_of(d);
    INIT_LIST_HEAD(&d->page_list);
}

/* Forget every table and frame: a fresh world for each test. */
static void fake_reset(void)
{
    struct grant_table *gt;
    unsigned long i;

    while ( (gt = gt_list) )
    {
        gt_list = gt->next;
        for ( i = 0; i < GNTTAB_MAX_FRAMES; i++ )
            xfree(gt->active[i]);
        for ( i = 0; i < gt->mt_chunks; i++ )
            xfree(gt->maptrack[i]);
        xfree(gt);
    }
    memset(fake_used, 0, sizeof(fake_used));
    memset(fake_frame_table, 0, sizeof(fake_frame_table));
    for ( i = 0; i < FAKE_GFNS; i++ )
    {
        p2m0.t[i] = p2m1.t[i] = p2m2.t[i] = p2m_invalid;
        p2m0.mfn[i] = p2m1.mfn[i] = p2m2.mfn[i] = INVALID_MFN;
    }
    fake_domain(&d0, 0, true);
    fake_domain(&d1, 1, false);
    fake_domain(&d2, 2, false);
    test_current = &v0;
    test_compat = false;
    preempt_after = -1;
    memset(set_arg_seen, 0, sizeof(set_arg_seen));
    heap_frees = 0;
    flushes_owed = flush_waits = batch_flushes = 0;
    destroyed = 0;
    last_destroyed = NULL;
    domid_owner[0] = &d0, domid_owner[1] = &d1, domid_owner[2] = &d2;
}

/* Give d a fresh RAM frame at gfn (1:1 for d0 is not needed here). */
static unsigned long give_ram(struct domain *d, unsigned long gfn)
{
    struct page_info *pg = alloc_heap_pages(0);

    BUG_ON(!pg);
    pg->u.owner = d;
    pg->count_info = PGC_allocated | 1;
    list_add_tail(&pg->list, &d->page_list);
    d->tot_pages++;
    p2m_set_entry(d, gfn, page_to_mfn(pg), 0, p2m_ram_rw);
    return page_to_mfn(pg);
}

static unsigned long refs(unsigned long mfn)
{
    return frame_table[mfn].count_info & PGC_count_mask;
}

static p2m_type_t p2m_type(const struct domain *d, unsigned long gfn)
{
    return fake_p2m_of(d)->t[gfn];
}

static unsigned long p2m_mfn(const struct domain *d, unsigned long gfn)
{
    return fake_p2m_of(d)->mfn[gfn];
}

static long gop(unsigned int cmd, const void *arg, unsigned int count)
{
    return do_grant_table_op(cmd, (uint64_t)(uintptr_t)arg, count);
}

static uint64_t va(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

#endif /* GNTTAB_FAKE_H */
