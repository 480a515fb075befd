/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator.  Free memory is kept as naturally aligned blocks of
 * 2^order frames on one list per order.  Allocation takes, of the list
 * heads that fit, the highest in memory and splits off its top part
 * (dom0's RAM comes from the bottom); freeing merges a block with its buddy (the block whose
 * frame number differs only in bit 'order') as long as that buddy is free
 * and whole, so fragmentation is undone as memory comes back.
 *
 * A free block is marked in its head page only: PGC_state_free in
 * count_info and its order in u.order.  Frames inside a block, and frames
 * that are not RAM at all, are never marked, so they can never be taken
 * for a free buddy.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

struct page_info *frame_table;
unsigned long max_page;
unsigned long total_pages;

static struct list_head free_lists[MAX_ORDER + 1];
static unsigned long free_pages;
static bool heap_ready;
static DEFINE_SPINLOCK(heap_lock);

/*
 * Use-after-free checks on guest memory.  A frame leaving the heap must
 * be nobody's (interior frames of free blocks keep count_info 0 and no
 * owner), and a frame coming back must hold no domain's allocation or
 * reference: either would mean a domain still maps a frame the heap
 * hands to someone else (dom0's 1:1 RAM read back corrupted, say).
 * Reported, not fatal, so a system test sees every case (heap_misuse).
 */
unsigned long heap_misuse;

static void heap_report(const struct page_info *pg, const char *what)
{
    const struct domain *o = pg->u.owner;

    if ( heap_misuse++ < 16 )
        printk(XENLOG_ERR "heap: frame %#lx %s (count_info %#lx, owner "
               "d%d)\n", page_to_mfn(pg), what, pg->count_info,
               o ? (int)o->domain_id : -1);
}

static void check_unowned(const struct page_info *pg, unsigned long n)
{
    unsigned long i;

    for ( i = 0; i < n; i++ )
        if ( (pg[i].count_info & ~PGC_state_free) || pg[i].u.owner )
            heap_report(&pg[i], "handed out while in use");
}

static void heap_init_lists(void)
{
    unsigned int i;

    for ( i = 0; i <= MAX_ORDER; i++ )
        INIT_LIST_HEAD(&free_lists[i]);
    heap_ready = true;
}

static bool is_free_head(const struct page_info *pg, unsigned int order)
{
    return (pg->count_info & PGC_state_free) && pg->u.order == order;
}

static void mark_free(struct page_info *pg, unsigned int order)
{
    pg->count_info = PGC_state_free;
    pg->u.order = order;
    list_add(&pg->list, &free_lists[order]);
}

static void unmark_free(struct page_info *pg)
{
    list_del(&pg->list);
    pg->count_info = 0;
    pg->u.order = 0;
}

/* Insert a block and merge it upwards with free buddies; lock held. */
static void free_block_locked(struct page_info *pg, unsigned int order)
{
    unsigned long mfn = page_to_mfn(pg);

    free_pages += 1UL << order;
    while ( order < MAX_ORDER )
    {
        unsigned long buddy = mfn ^ (1UL << order);

        if ( buddy >= max_page ||
             !is_free_head(mfn_to_page(buddy), order) )
            break;
        unmark_free(mfn_to_page(buddy));
        mfn &= ~(1UL << order);
        order++;
    }
    mark_free(mfn_to_page(mfn), order);
}

void init_heap_pages(struct page_info *pg, unsigned long nr)
{
    unsigned long mfn = page_to_mfn(pg), end = mfn + nr, flags, i;

    /* Nobody's yet (check_unowned()). */
    for ( i = 0; i < nr; i++ )
    {
        pg[i].count_info = 0;
        pg[i].u.owner = NULL;
    }
    spin_lock_irqsave(&heap_lock, flags);
    if ( !heap_ready )
        heap_init_lists();
    /* Largest aligned blocks that fit, left to right. */
    while ( mfn < end )
    {
        unsigned int order = mfn ? __builtin_ctzl(mfn) : MAX_ORDER;

        order = min(order, (unsigned int)MAX_ORDER);
        while ( mfn + (1UL << order) > end )
            order--;
        free_block_locked(mfn_to_page(mfn), order);
        total_pages += 1UL << order;
        mfn += 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * The block to carve an allocation of order from: of the list heads big
 * enough, the highest in memory.  The hypervisor allocates from the top
 * and dom0's 1:1 RAM comes from the bottom (alloc_heap_pages_low()), so
 * a small free fragment low in memory (next to a boot module, say) is
 * not handed out first just because it sits alone on its list: a page
 * held there would be a hole in the range dom0's kernel must load at.
 * heap_lock held.
 */
static struct page_info *pick_block(unsigned int order, unsigned int *bo)
{
    struct page_info *best = NULL, *pg;
    unsigned int o;

    for ( o = order; o <= MAX_ORDER; o++ )
    {
        if ( list_empty(&free_lists[o]) )
            continue;
        pg = list_first_entry(&free_lists[o], struct page_info, list);
        if ( !best || page_to_mfn(pg) > page_to_mfn(best) )
        {
            best = pg;
            *bo = o;
        }
    }
    return best;
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    struct page_info *pg;
    unsigned int o = 0;
    unsigned long flags;

    if ( order > MAX_ORDER || !heap_ready )
        return NULL;

    spin_lock_irqsave(&heap_lock, flags);
    pg = pick_block(order, &o);
    if ( pg )
    {
        unmark_free(pg);
        /* Hand the lower halves back: the caller gets the top part. */
        while ( o > order )
        {
            o--;
            mark_free(pg, o);
            pg += 1UL << o;
        }
        free_pages -= 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    if ( pg )
        check_unowned(pg, 1UL << order);
    return pg;
}

static int free_block_order(unsigned long mfn);

/*
 * Is any frame of the block already free?  A free block is marked in its
 * head only, so a frame inside one (freed twice after its block merged)
 * looks like any other: ask which free block holds it.  Inserting it
 * again would put the frame on the heap twice and hand it out twice
 * (one page both a vCPU's VMCB and something else's).  heap_lock held.
 */
static bool block_already_free(const struct page_info *pg,
                               unsigned int order)
{
    unsigned long mfn = page_to_mfn(pg), i;

    for ( i = 0; i < (1UL << order); i++ )
        if ( free_block_order(mfn + i) >= 0 )
        {
            heap_report(&pg[i], "freed twice (left alone)");
            return true;
        }
    return false;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long flags, i;

    for ( i = 0; i < (1UL << order); i++ )
    {
        /* A double free is a hypervisor bug, not a guest's. */
        BUG_ON(pg[i].count_info & PGC_state_free);
        if ( pg[i].count_info & (PGC_allocated | PGC_count_mask) )
            heap_report(&pg[i], "freed while still held");
    }
    spin_lock_irqsave(&heap_lock, flags);
    if ( !block_already_free(pg, order) )
    {
        for ( i = 0; i < (1UL << order); i++ )
        {
            pg[i].count_info = 0;
            pg[i].u.owner = NULL;
        }
        free_block_locked(pg, order);
    }
    spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * Take the lowest free frames, up to nr of them, one page at a time onto
 * out (in ascending frame order).  Used to give a 1:1-mapped dom0 its
 * RAM: it wants low memory, while everything else allocates from the top.
 * Returns how many frames were taken.
 */
unsigned long alloc_heap_pages_low(unsigned long nr, struct list_head *out)
{
    unsigned long mfn = 0, taken = 0, flags, i;

    spin_lock_irqsave(&heap_lock, flags);
    while ( mfn < max_page && taken < nr )
    {
        struct page_info *pg = mfn_to_page(mfn);
        unsigned int order;

        if ( !(pg->count_info & PGC_state_free) )
        {
            mfn++;
            continue;
        }
        order = pg->u.order;
        unmark_free(pg);
        /* Too big: give the upper halves back, keep the lowest part. */
        while ( (1UL << order) > nr - taken )
        {
            order--;
            mark_free(pg + (1UL << order), order);
        }
        check_unowned(pg, 1UL << order);
        for ( i = 0; i < (1UL << order); i++ )
            list_add_tail(&pg[i].list, out);
        free_pages -= 1UL << order;
        taken += 1UL << order;
        mfn += 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return taken;
}

/* The order of the free block holding mfn, or -1; heap_lock held. */
static int free_block_order(unsigned long mfn)
{
    unsigned int o;

    for ( o = 0; o <= MAX_ORDER; o++ )
    {
        unsigned long head = mfn & ~((1UL << o) - 1);

        if ( is_free_head(mfn_to_page(head), o) )
            return o;
    }
    return -1;
}

/* Take the free block of order o at head, keep only mfn; heap_lock held. */
static void take_frame(unsigned long head, int o, unsigned long mfn)
{
    unmark_free(mfn_to_page(head));
    /* Give back each half that does not hold mfn. */
    while ( o-- > 0 )
    {
        unsigned long half = head + (1UL << o);

        if ( mfn >= half )
        {
            mark_free(mfn_to_page(head), o);
            head = half;
        }
        else
            mark_free(mfn_to_page(half), o);
    }
    free_pages--;
}

struct page_info *alloc_heap_page_at(unsigned long mfn)
{
    unsigned long flags;
    int o;

    if ( mfn >= max_page || !heap_ready )
        return NULL;
    spin_lock_irqsave(&heap_lock, flags);
    o = free_block_order(mfn);
    if ( o >= 0 )
        take_frame(mfn & ~((1UL << o) - 1), o, mfn);
    spin_unlock_irqrestore(&heap_lock, flags);
    if ( o < 0 )
        return NULL;
    check_unowned(mfn_to_page(mfn), 1);
    return mfn_to_page(mfn);
}

unsigned long avail_heap_pages(void)
{
    return free_pages;
}

unsigned int get_order_from_bytes(size_t size)
{
    unsigned int order = 0;

    while ( (PAGE_SIZE << order) < size )
        order++;
    return order;
}

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);
    unsigned long i;

    if ( !pg )
        return NULL;
    for ( i = 0; i < (1UL << order); i++ )
        pg[i].count_info = PGC_xen_heap;
    return page_to_virt(pg);
}

/* Only what alloc_xenheap_pages() handed out goes back through here. */
void free_xenheap_pages(void *va, unsigned int order)
{
    struct page_info *pg;
    unsigned long i;

    if ( !va )
        return;
    pg = virt_to_page(va);
    for ( i = 0; i < (1UL << order); i++ )
        if ( !(pg[i].count_info & PGC_xen_heap) )
        {
            heap_report(&pg[i], "freed as a hypervisor page, but is none "
                        "(left alone)");
            return;
        }
    free_heap_pages(pg, order);
}
