/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory: one struct page_info per machine frame (the frame
 * table), and the buddy allocator that hands out hypervisor heap and
 * domain memory.
 *
 * Lock: heap_lock (irqsave, in page_alloc.c) guards the free lists and
 * the count_info/order of free pages.  A page that is allocated belongs
 * to whoever allocated it; its owner field is set by the domain code
 * under the domain's page_alloc_lock.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/types.h>
#include <xen/list.h>
#include <asm/page.h>

struct domain;

struct page_info {
    struct list_head list;          /* free list, or owner's page list */
    unsigned long count_info;       /* PGC_* flags | reference count */
    union {
        struct domain *owner;       /* allocated domain page */
        unsigned int order;         /* head of a free block */
    } u;
    unsigned long type_info;        /* later: page types for PV */
};

#define PGC_state_free   (1UL << 63)    /* in the buddy allocator */
#define PGC_xen_heap     (1UL << 62)    /* hypervisor heap page */
#define PGC_allocated    (1UL << 61)    /* owned by a domain */
#define PGC_reserved     (1UL << 60)    /* never given to the heap */
#define PGC_count_mask   ((1UL << 32) - 1)

#define MAX_ORDER        20             /* 4 GiB blocks at most */

extern struct page_info *frame_table;
extern unsigned long max_page;          /* frames covered by frame_table */
extern unsigned long total_pages;       /* RAM frames given to the heap */

static inline struct page_info *mfn_to_page(unsigned long mfn)
{
    return frame_table + mfn;
}

static inline unsigned long page_to_mfn(const struct page_info *pg)
{
    return pg - frame_table;
}

static inline bool mfn_valid(unsigned long mfn)
{
    return mfn < max_page;
}

#define page_to_maddr(pg)  ((paddr_t)page_to_mfn(pg) << PAGE_SHIFT)
#define page_to_virt(pg)   mfn_to_virt(page_to_mfn(pg))
#define virt_to_page(va)   mfn_to_page(virt_to_mfn(va))

/* Give nr free frames starting at pg to the allocator. */
void init_heap_pages(struct page_info *pg, unsigned long nr);

/* 2^order contiguous frames, naturally aligned; NULL if none. */
struct page_info *alloc_heap_pages(unsigned int order);
void free_heap_pages(struct page_info *pg, unsigned int order);
unsigned long avail_heap_pages(void);
/* The lowest free frames, up to nr, page by page onto out; the count. */
unsigned long alloc_heap_pages_low(unsigned long nr, struct list_head *out);
/* The free frame mfn itself, out of whatever block holds it; or NULL. */
struct page_info *alloc_heap_page_at(unsigned long mfn);

/* Hypervisor heap: direct-mapped virtual address, or NULL. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
#define alloc_xenheap_page()   alloc_xenheap_pages(0)
#define free_xenheap_page(va)  free_xenheap_pages(va, 0)

/* Smallest order whose block holds size bytes. */
unsigned int get_order_from_bytes(size_t size);

/*
 * Map nr frames from mfn at virtual address va in the hypervisor's page
 * tables (4 KiB pages), allocating intermediate tables as needed.
 */
int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
                     unsigned long flags);

/* Make [pa, pa+size) of MMIO reachable through the direct map, uncached. */
void *ioremap(paddr_t pa, size_t size);

#endif /* XEN_MM_H */
