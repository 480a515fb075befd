/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc: small blocks come from pools of one size class each (powers of
 * two, 32 bytes to 2 KiB), carved from pages and kept on a free list;
 * every block carries a 16-byte header saying its class, so xfree() needs
 * no size.  Anything larger is a buddy block of the smallest fitting order.
 *
 * Lock: xmalloc_lock (irqsave) guards the pool free lists; the buddy
 * allocator has its own lock, taken inside this one.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define MIN_SHIFT       5
#define MAX_SHIFT       11
#define NR_CLASSES      (MAX_SHIFT - MIN_SHIFT + 1)
#define HDR_SIZE        16
#define XMALLOC_MAGIC   0x584d414cU     /* "XMAL" */
#define CLASS_PAGES     0xffU           /* whole pages; order in .order */

struct xmalloc_hdr {
    uint32_t magic;
    uint8_t class;
    uint8_t order;
    uint16_t pad;
    uint64_t pad2;
};

struct free_block {
    struct free_block *next;
};

static struct free_block *pools[NR_CLASSES];
static DEFINE_SPINLOCK(xmalloc_lock);

/* Cut a fresh page into blocks of one class; lock held. */
static bool pool_refill(unsigned int class)
{
    size_t bsize = 1UL << (class + MIN_SHIFT);
    char *page = alloc_xenheap_page();
    size_t off;

    if ( !page )
        return false;
    for ( off = 0; off + bsize <= PAGE_SIZE; off += bsize )
    {
        struct free_block *b = (struct free_block *)(page + off);

        b->next = pools[class];
        pools[class] = b;
    }
    return true;
}

static void *alloc_small(unsigned int class)
{
    struct xmalloc_hdr *h = NULL;
    unsigned long flags;

    spin_lock_irqsave(&xmalloc_lock, flags);
    if ( pools[class] || pool_refill(class) )
    {
        h = (struct xmalloc_hdr *)pools[class];
        pools[class] = pools[class]->next;
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    if ( !h )
        return NULL;
    h->magic = XMALLOC_MAGIC;
    h->class = class;
    return h + 1;
}

static void *alloc_pages_block(size_t size)
{
    unsigned int order = get_order_from_bytes(size + HDR_SIZE);
    struct xmalloc_hdr *h = alloc_xenheap_pages(order);

    if ( !h )
        return NULL;
    h->magic = XMALLOC_MAGIC;
    h->class = CLASS_PAGES;
    h->order = order;
    return h + 1;
}

void *xmalloc_bytes(size_t size)
{
    unsigned int class;

    BUILD_BUG_ON(sizeof(struct xmalloc_hdr) != HDR_SIZE);
    if ( size > (1UL << 32) )
        return NULL;
    for ( class = 0; class < NR_CLASSES; class++ )
        if ( size + HDR_SIZE <= (1UL << (class + MIN_SHIFT)) )
            return alloc_small(class);
    return alloc_pages_block(size);
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if ( p )
        memset(p, 0, size);
    return p;
}

void xfree(void *p)
{
    struct xmalloc_hdr *h;
    unsigned long flags;
    unsigned int class;

    if ( !p )
        return;
    h = (struct xmalloc_hdr *)p - 1;
    BUG_ON(h->magic != XMALLOC_MAGIC);
    h->magic = 0;
    if ( h->class == CLASS_PAGES )
    {
        free_xenheap_pages(h, h->order);
        return;
    }
    /*
     * Read the class before the free-list link is written: the link
     * overlays the header, class byte included.
     */
    class = h->class;
    BUG_ON(class >= NR_CLASSES);
    spin_lock_irqsave(&xmalloc_lock, flags);
    ((struct free_block *)h)->next = pools[class];
    pools[class] = (struct free_block *)h;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}
