/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc (xen/common/xmalloc.c) over a host stand-in for the page
 * allocator: every size from 0 to 10000 live at once, filled with a
 * pattern and checked for overlap, the size class or buddy order chosen,
 * freeing and reuse, zeroing, allocation failure, and the header checks
 * (double free and a corrupt header end in BUG, seen from a forked child).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/spinlock.h>

/* No interrupts to mask on the host (cli faults in user mode). */
#undef spin_lock_irqsave
#undef spin_unlock_irqrestore
#define spin_lock_irqsave(l, f) do { (f) = 0; spin_lock(l); } while ( 0 )
#define spin_unlock_irqrestore(l, f) do { (void)(f); spin_unlock(l); } \
                                     while ( 0 )

#include "../../xen/common/xmalloc.c"

#include "harness.h"

/* ---- Host stand-in for the page allocator ---- */

#define MAX_PAGE_BLOCKS 16384

static struct {
    void *va;
    unsigned int order;
} page_blocks[MAX_PAGE_BLOCKS];
static unsigned int pages_allocated, pages_freed;
static bool pages_fail;             /* make every allocation fail */
static bool keep_freed;             /* free_xenheap_pages keeps memory */

void *alloc_xenheap_pages(unsigned int order)
{
    unsigned int i;
    void *va;

    if ( pages_fail )
        return NULL;
    va = aligned_alloc(PAGE_SIZE << order, PAGE_SIZE << order);
    for ( i = 0; i < MAX_PAGE_BLOCKS; i++ )
        if ( !page_blocks[i].va )
        {
            page_blocks[i].va = va;
            page_blocks[i].order = order;
            pages_allocated++;
            return va;
        }
    abort();
}

void free_xenheap_pages(void *va, unsigned int order)
{
    unsigned int i;

    if ( !va )
        return;
    for ( i = 0; i < MAX_PAGE_BLOCKS; i++ )
        if ( page_blocks[i].va == va )
        {
            /* Freed with the order it was allocated with. */
            if ( page_blocks[i].order != order )
                abort();
            page_blocks[i].va = NULL;
            pages_freed++;
            if ( !keep_freed )
                free(va);
            return;
        }
    abort();                        /* not ours: a wild free */
}

/* The page allocator's contract, computed another way: 2^order >= pages. */
unsigned int get_order_from_bytes(size_t size)
{
    size_t pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    unsigned int order = 0;

    while ( (1UL << order) < pages )
        order++;
    return order;
}

/* The page block a pointer lies in, or -1. */
static int block_of(const void *p)
{
    unsigned int i;

    for ( i = 0; i < MAX_PAGE_BLOCKS; i++ )
    {
        const char *va = page_blocks[i].va;

        if ( va && (const char *)p >= va &&
             (const char *)p < va + (PAGE_SIZE << page_blocks[i].order) )
            return i;
    }
    return -1;
}

/* The block size xmalloc must use for n bytes (header included). */
static size_t class_bytes(size_t n)
{
    size_t b = 32;

    while ( b < n + 16 )
        b *= 2;
    return b;
}

/* ---- Tests ---- */

#define NR_SIZES 10001

static unsigned char *live[NR_SIZES];

/* Bytes a block of size n really owns: its class, or n for page blocks. */
static size_t usable(size_t n)
{
    return n + 16 <= 2048 ? class_bytes(n) - 16 : n;
}

static int by_address(const void *a, const void *b)
{
    const unsigned char *x = live[*(const unsigned int *)a];
    const unsigned char *y = live[*(const unsigned int *)b];

    return x < y ? -1 : x > y;
}

TEST(xmalloc_all_sizes_live)
{
    static unsigned int order[NR_SIZES];
    size_t n, bad = 0;

    for ( n = 0; n < NR_SIZES; n++ )
    {
        live[n] = xmalloc_bytes(n);
        if ( !EXPECT(live[n] != NULL) )
            return;
        /* 16-byte aligned, inside one page block, the right class. */
        bad += !EXPECT_EQ((uintptr_t)live[n] & 15, 0);
        bad += !EXPECT(block_of(live[n]) >= 0);
        if ( n + 16 <= 2048 )
            bad += !EXPECT_EQ(((uintptr_t)live[n] - 16) &
                              (class_bytes(n) - 1), 0);
        else
        {
            int b = block_of(live[n]);

            bad += !EXPECT((uintptr_t)live[n] - 16 ==
                           (uintptr_t)page_blocks[b].va);
            bad += !EXPECT_EQ(page_blocks[b].order,
                              get_order_from_bytes(n + 16));
        }
        memset(live[n], n & 0xff, n);
        if ( bad )
            return;
    }
    /* Every block still holds its own pattern: no two overlap. */
    for ( n = 0; n < NR_SIZES && !bad; n++ )
    {
        size_t i;

        for ( i = 0; i < n; i++ )
            if ( live[n][i] != (n & 0xff) )
            {
                bad++;
                break;
            }
    }
    EXPECT_EQ(bad, 0);
    /* By address: each block ends before the next one's header. */
    for ( n = 0; n < NR_SIZES; n++ )
        order[n] = n;
    qsort(order, NR_SIZES, sizeof(*order), by_address);
    for ( n = 0; n + 1 < NR_SIZES && !bad; n++ )
        bad += !EXPECT(live[order[n]] + usable(order[n]) + 16 <=
                       live[order[n + 1]]);
    for ( n = 0; n < NR_SIZES; n++ )
        xfree(live[n]);
}

TEST(xmalloc_large_blocks_returned)
{
    unsigned int before = pages_allocated - pages_freed;
    void *p = xmalloc_bytes(3000), *q = xmalloc_bytes(100000);

    EXPECT_EQ(pages_allocated - pages_freed, before + 2);
    EXPECT_EQ(page_blocks[block_of(q)].order, 5);
    xfree(p);
    xfree(q);
    /* Large blocks go straight back to the page allocator. */
    EXPECT_EQ(pages_allocated - pages_freed, before);
}

TEST(xmalloc_free_and_reuse)
{
    void *a, *b, *c;
    unsigned int before;

    a = xmalloc_bytes(100);
    b = xmalloc_bytes(100);
    EXPECT(a != b);
    xfree(a);
    /* The pool is LIFO: the block just freed comes back first. */
    c = xmalloc_bytes(90);
    EXPECT(c == a);
    /* Same class, different size: still that pool. */
    xfree(c);
    EXPECT(xmalloc_bytes(112) == a);
    /* A block of another class is not reused for this one. */
    xfree(a);
    c = xmalloc_bytes(113);
    EXPECT(c != a);
    xfree(b);
    xfree(c);

    /* Small pools keep their pages: a cycle needs no new page. */
    a = xmalloc_bytes(500);
    xfree(a);
    before = pages_allocated;
    for ( unsigned int i = 0; i < 1000; i++ )
    {
        a = xmalloc_bytes(500);
        xfree(a);
    }
    EXPECT_EQ(pages_allocated, before);
}

TEST(xmalloc_pool_page_carving)
{
    enum { PER_PAGE = PAGE_SIZE / 64 };
    static void *p[PER_PAGE + 1];
    static void *drained[4 * PER_PAGE];
    unsigned int i, n = 0, before = pages_allocated;
    uintptr_t page;

    /* Take 64-byte blocks until the pool needs a fresh page. */
    while ( pages_allocated == before && n < ARRAY_SIZE(drained) )
        drained[n++] = xmalloc_bytes(48);
    if ( !EXPECT_EQ(pages_allocated, before + 1) )
        return;
    /* The rest of that page serves the next PER_PAGE - 1 requests. */
    page = (uintptr_t)drained[n - 1] & ~(PAGE_SIZE - 1);
    p[0] = drained[--n];
    for ( i = 1; i < PER_PAGE; i++ )
    {
        p[i] = xmalloc_bytes(48);
        EXPECT_EQ(((uintptr_t)p[i] & ~(PAGE_SIZE - 1)), page);
        EXPECT_EQ(((uintptr_t)p[i] - 16) & 63, 0);
    }
    EXPECT_EQ(pages_allocated, before + 1);
    /* Every block of the page handed out once. */
    for ( i = 0; i < PER_PAGE; i++ )
    {
        unsigned int j;

        for ( j = i + 1; j < PER_PAGE; j++ )
            EXPECT(p[i] != p[j]);
    }
    /* One more takes exactly one new page. */
    p[PER_PAGE] = xmalloc_bytes(48);
    EXPECT_EQ(pages_allocated, before + 2);
    for ( i = 0; i <= PER_PAGE; i++ )
        xfree(p[i]);
    while ( n )
        xfree(drained[--n]);
}

TEST(xzalloc_zeroes)
{
    unsigned char *p;
    size_t n, i;

    for ( n = 1; n < 5000; n += 333 )
    {
        p = xmalloc_bytes(n);
        memset(p, 0xaa, n);
        xfree(p);
        p = xzalloc_bytes(n);
        for ( i = 0; i < n; i++ )
            if ( p[i] )
                break;
        EXPECT_EQ(i, n);
        xfree(p);
    }
    p = xzalloc_bytes(0);
    EXPECT(p != NULL);
    xfree(p);
}

TEST(xmalloc_typed_helpers)
{
    struct thing { uint64_t a, b, c; } *t;
    uint32_t *arr;

    t = xzalloc(struct thing);
    EXPECT(t != NULL && !t->a && !t->b && !t->c);
    xfree(t);
    arr = xzalloc_array(uint32_t, 3000);
    EXPECT(arr != NULL && !arr[0] && !arr[2999]);
    xfree(arr);
    /* An array size that overflows size_t: refused. */
    EXPECT(xmalloc_array(uint64_t, (size_t)-1 / 4) == NULL);
    EXPECT(xzalloc_array(uint32_t, ((size_t)1 << 62) + 1) == NULL);
    arr = (uint32_t *)xmalloc_array(uint8_t, 0);
    EXPECT(arr != NULL);
    xfree(arr);
}

TEST(xmalloc_huge_refused)
{
    EXPECT(xmalloc_bytes((1UL << 32) + 1) == NULL);
    EXPECT(xmalloc_bytes((size_t)-1) == NULL);
    EXPECT(xmalloc_bytes((size_t)-16) == NULL);
    xfree(NULL);                        /* harmless */
}

TEST(xmalloc_page_allocator_failure)
{
    static void *p[4096];
    unsigned int i, got = 0;

    pages_fail = true;
    /* Large blocks fail at once. */
    EXPECT(xmalloc_bytes(5000) == NULL);
    EXPECT(xzalloc_bytes(5000) == NULL);
    /* Small ones last as long as the pool does, then fail cleanly. */
    for ( i = 0; i < ARRAY_SIZE(p); i++ )
    {
        p[i] = xmalloc_bytes(1000);
        if ( !p[i] )
            break;
        got++;
    }
    EXPECT(i < ARRAY_SIZE(p));
    EXPECT(xmalloc_bytes(1000) == NULL);
    pages_fail = false;
    for ( i = 0; i < got; i++ )
        xfree(p[i]);
    p[0] = xmalloc_bytes(1000);
    EXPECT(p[0] != NULL);
    xfree(p[0]);
}

TEST(xmalloc_random)
{
    enum { SLOTS = 300 };
    static struct { unsigned char *p; size_t n; unsigned char tag; } s[SLOTS];
    unsigned int op, i, bad = 0;

    srand(5);
    for ( op = 0; op < 30000 && !bad; op++ )
    {
        i = rand() % SLOTS;
        if ( s[i].p )
        {
            size_t k;

            for ( k = 0; k < s[i].n; k++ )
                if ( s[i].p[k] != s[i].tag )
                {
                    bad++;
                    break;
                }
            xfree(s[i].p);
            s[i].p = NULL;
            continue;
        }
        s[i].n = rand() % 8 ? rand() % 600 : rand() % 20000;
        s[i].tag = rand();
        s[i].p = xmalloc_bytes(s[i].n);
        if ( !EXPECT(s[i].p != NULL) )
            return;
        memset(s[i].p, s[i].tag, s[i].n);
    }
    EXPECT_EQ(bad, 0);
    for ( i = 0; i < SLOTS; i++ )
        xfree(s[i].p);
}

/* ---- Header checks: BUG in a child ---- */

static void *victim;

static void double_free_small(void)
{
    xfree(victim);
    xfree(victim);
}

static void double_free_large(void)
{
    /* The stand-in keeps freed pages, so the header can be read again. */
    keep_freed = true;
    xfree(victim);
    xfree(victim);
}

static void free_corrupt_magic(void)
{
    ((uint32_t *)victim)[-4] ^= 1;
    xfree(victim);
}

static void free_bad_class(void)
{
    ((uint8_t *)victim)[-12] = NR_CLASSES;
    xfree(victim);
}

static void free_interior_pointer(void)
{
    xfree((char *)victim + 32);
}

static void no_bug(void)
{
    xfree(victim);
}

TEST(xmalloc_header_checks)
{
    unsigned char *p;

    /* The header sits just below the block: magic, class. */
    p = xmalloc_bytes(40);
    EXPECT_EQ(*(uint32_t *)(p - 16), XMALLOC_MAGIC);
    EXPECT_EQ(p[-12], 1);               /* 64-byte class */
    xfree(p);
    p = xmalloc_bytes(9000);
    EXPECT_EQ(p[-12], CLASS_PAGES);
    EXPECT_EQ(p[-11], 2);               /* order */
    xfree(p);

    victim = xmalloc_bytes(40);
    EXPECT(!test_dies_with_bug(no_bug));
    EXPECT(test_dies_with_bug(double_free_small));
    EXPECT(test_dies_with_bug(free_corrupt_magic));
    EXPECT(test_dies_with_bug(free_bad_class));
    memset(victim, 0, 40);
    EXPECT(test_dies_with_bug(free_interior_pointer));
    xfree(victim);
    victim = xmalloc_bytes(9000);
    EXPECT(test_dies_with_bug(double_free_large));
    xfree(victim);
}
