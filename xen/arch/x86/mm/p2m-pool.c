/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domU's paging pool: the pages its p2m tables may use, and no more,
 * as Xen's HAP pool (hap_set_allocation()).  The pool starts at Xen's
 * 256 pages; the toolstack sizes it with
 * XEN_DOMCTL_set_paging_mempool_size.  A table the p2m needs when the
 * pool is empty fails the change with -ENOMEM (the populate or map that
 * needed it fails, as on Xen); shrinking stops at the pages in use.
 * The pages go back to the heap with the p2m
 * (p2m_teardown()), so physinfo's free pages count them back.
 *
 * Lock: the p2m lock guards the pool; alloc_table() runs under it.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/p2m.h>

#define RESIZE_BATCH    64      /* pages between preemption checks */

static bool pool_add(struct p2m_domain *p2m)
{
    void **pg = alloc_xenheap_page();

    if ( !pg )
        return false;
    *pg = p2m->pool_free;
    p2m->pool_free = pg;
    p2m->pool_total++;
    p2m->pool_nr_free++;
    return true;
}

static bool pool_remove(struct p2m_domain *p2m)
{
    void **pg = p2m->pool_free;

    if ( !pg )
        return false;
    p2m->pool_free = *pg;
    p2m->pool_total--;
    p2m->pool_nr_free--;
    free_xenheap_page(pg);
    return true;
}

void *p2m_pool_get(struct p2m_domain *p2m)
{
    void **pg = p2m->pool_free;

    if ( !p2m->pool_bounded )
        return alloc_xenheap_page();
    if ( !pg )
        return NULL;
    p2m->pool_free = *pg;
    p2m->pool_nr_free--;
    return pg;
}

void p2m_pool_put(struct p2m_domain *p2m, void *page)
{
    void **pg = page;

    if ( !p2m->pool_bounded )
    {
        free_xenheap_page(page);
        return;
    }
    *pg = p2m->pool_free;
    p2m->pool_free = pg;
    p2m->pool_nr_free++;
}

int p2m_pool_init(struct p2m_domain *p2m, unsigned long pages)
{
    p2m->pool_bounded = true;
    while ( p2m->pool_total < pages )
        if ( !pool_add(p2m) )
        {
            p2m_pool_destroy(p2m);
            return -ENOMEM;
        }
    return 0;
}

void p2m_pool_destroy(struct p2m_domain *p2m)
{
    while ( pool_remove(p2m) )
        ;
}

/*
 * One step towards pages: 1 if done, 0 to go on, or -ENOMEM.  Below
 * the pages in use the pool just keeps those (Xen's hap_set_allocation()
 * does the same and succeeds).
 */
static int resize_step(struct p2m_domain *p2m, unsigned long pages)
{
    if ( p2m->pool_total < pages )
        return pool_add(p2m) ? 0 : -ENOMEM;
    if ( p2m->pool_total > pages )
        return pool_remove(p2m) ? 0 : 1;
    return 1;
}

int p2m_pool_resize(struct domain *d, unsigned long pages)
{
    struct p2m_domain *p2m = d->arch.p2m;
    unsigned int n = 0;
    int rc = 0;

    if ( !p2m || !p2m->pool_bounded )
        return -EOPNOTSUPP;
    spin_lock(&p2m->lock);
    while ( !(rc = resize_step(p2m, pages)) )
        if ( ++n % RESIZE_BATCH == 0 && hypercall_preempt_check() )
        {
            rc = -ERESTART;
            break;
        }
    spin_unlock(&p2m->lock);
    return rc < 0 ? rc : 0;
}

uint64_t p2m_pool_bytes(const struct domain *d)
{
    const struct p2m_domain *p2m = d->arch.p2m;

    if ( !p2m )
        return 0;
    return (uint64_t)(p2m->pool_bounded ? p2m->pool_total
                                        : p2m->nr_table_pages) << PAGE_SHIFT;
}
