/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator (xen/common/page_alloc.c) on a host frame table
 * with holes: allocation and freeing at every order, splitting, merging
 * back to the largest blocks (checked against an independent model of
 * the maximal aligned blocks), natural alignment, exhaustion, no frame
 * handed out twice or from a hole under thousands of random operations,
 * the MAX_ORDER bound, a double free caught by BUG_ON (or, for a frame
 * inside a merged free block, reported and refused), and the
 * use-after-free reports (heap_misuse): a frame still a domain's inside
 * a free block, or freed with its allocation or a reference left.
 *
 * alloc_xenheap_pages() needs the direct map (__va), so it is not called.
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

#include "../../xen/common/page_alloc.c"

#include "harness.h"

/* ---- A machine: RAM ranges (in frames) over a frame table ---- */

struct range {
    unsigned long start, nr;
};

static uint8_t *is_ram;             /* per frame: given to the heap */
static uint8_t *owned;              /* per frame: handed out by us */
static unsigned long ram_frames;

/* Forget all allocator state and build a frame table of nr_frames. */
static void machine_reset(unsigned long nr_frames)
{
    free(frame_table);
    free(is_ram);
    free(owned);
    frame_table = calloc(nr_frames, sizeof(*frame_table));
    is_ram = calloc(nr_frames, 1);
    owned = calloc(nr_frames, 1);
    max_page = nr_frames;
    total_pages = 0;
    free_pages = 0;
    heap_ready = false;
    ram_frames = 0;
}

static void give_ram(const struct range *r, unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        memset(is_ram + r[i].start, 1, r[i].nr);
        ram_frames += r[i].nr;
        init_heap_pages(mfn_to_page(r[i].start), r[i].nr);
    }
}

/*
 * Check every free list against the frame table: heads marked with their
 * order, aligned, in RAM, not overlapping each other or anything handed
 * out, the count matching avail_heap_pages(), and (when merged is set)
 * no two free buddies left unmerged below MAX_ORDER.
 */
static bool heap_consistent(bool merged)
{
    static uint8_t *seen;
    unsigned long counted = 0, mfn, i;
    unsigned int o;

    seen = realloc(seen, max_page);
    memset(seen, 0, max_page);
    for ( o = 0; o <= MAX_ORDER; o++ )
    {
        const struct page_info *pg;

        list_for_each_entry(pg, &free_lists[o], list)
        {
            mfn = page_to_mfn(pg);
            if ( !EXPECT(mfn < max_page) ||
                 !EXPECT(pg->count_info == PGC_state_free) ||
                 !EXPECT_EQ(pg->u.order, o) ||
                 !EXPECT_EQ(mfn & ((1UL << o) - 1), 0) ||
                 !EXPECT(mfn + (1UL << o) <= max_page) )
                return false;
            for ( i = mfn; i < mfn + (1UL << o); i++ )
                if ( !EXPECT(is_ram[i]) || !EXPECT(!seen[i]) ||
                     !EXPECT(!owned[i]) )
                    return false;
            memset(seen + mfn, 1, 1UL << o);
            counted += 1UL << o;
            if ( merged && o < MAX_ORDER && (mfn ^ (1UL << o)) < max_page &&
                 !EXPECT(!is_free_head(mfn_to_page(mfn ^ (1UL << o)), o)) )
                return false;
        }
    }
    return EXPECT_EQ(counted, avail_heap_pages());
}

/*
 * The free blocks a fully merged heap must hold: every aligned block of
 * RAM (up to MAX_ORDER) whose parent block is not all RAM.  Worked out
 * from is_ram alone, with prefix sums, not from the allocator.
 */
static bool heap_is_canonical(void)
{
    unsigned long *sum = calloc(max_page + 1, sizeof(*sum));
    unsigned long mfn, want = 0, found = 0;
    unsigned int o;
    bool ok = true;

    for ( mfn = 0; mfn < max_page; mfn++ )
        sum[mfn + 1] = sum[mfn] + is_ram[mfn];
#define ALL_RAM(m, o) ((m) + (1UL << (o)) <= max_page &&                  \
                       sum[(m) + (1UL << (o))] - sum[m] == (1UL << (o)))
    for ( o = 0; o <= MAX_ORDER && ok; o++ )
        for ( mfn = 0; mfn < max_page && ok; mfn += 1UL << o )
        {
            bool maximal = ALL_RAM(mfn, o) &&
                           (o == MAX_ORDER ||
                            !ALL_RAM(mfn & ~((2UL << o) - 1), o + 1));

            want += maximal;
            ok = EXPECT_EQ(is_free_head(mfn_to_page(mfn), o), maximal);
        }
#undef ALL_RAM
    for ( o = 0; o <= MAX_ORDER; o++ )
    {
        const struct page_info *pg;

        list_for_each_entry(pg, &free_lists[o], list)
            found++;
    }
    free(sum);
    return ok && EXPECT_EQ(found, want) &&
           EXPECT_EQ(avail_heap_pages(), ram_frames);
}

/* Take a block, check it and record its frames as ours. */
static struct page_info *take(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);
    unsigned long mfn, i;

    if ( !pg )
        return NULL;
    mfn = page_to_mfn(pg);
    if ( !EXPECT_EQ(mfn & ((1UL << order) - 1), 0) ||
         !EXPECT(mfn + (1UL << order) <= max_page) )
        return pg;
    for ( i = mfn; i < mfn + (1UL << order); i++ )
    {
        if ( !EXPECT(is_ram[i]) || !EXPECT(!owned[i]) )
            break;
        owned[i] = 1;
    }
    return pg;
}

static void give_back(struct page_info *pg, unsigned int order)
{
    memset(owned + page_to_mfn(pg), 0, 1UL << order);
    free_heap_pages(pg, order);
}

/* The test machine: 2^14 frames with holes at odd places. */
static const struct range holes_map[] = {
    { 1, 158 },         /* low memory, frame 0 kept back as on a PC */
    { 256, 3840 },      /* 1 MiB .. 16 MiB */
    { 4099, 1000 },     /* unaligned start and end */
    { 5099, 3 },        /* adjacent to the previous range */
    { 8192, 8191 },     /* up to one frame before the end */
};

static void holes_machine(void)
{
    machine_reset(1UL << 14);
    give_ram(holes_map, ARRAY_SIZE(holes_map));
}

TEST(palloc_empty_heap)
{
    machine_reset(64);
    /* Nothing given yet: no lists, no pages, no crash. */
    EXPECT(alloc_heap_pages(0) == NULL);
    EXPECT_EQ(avail_heap_pages(), 0);
    give_ram(NULL, 0);
    init_heap_pages(mfn_to_page(0), 0);
    EXPECT(alloc_heap_pages(0) == NULL);
    EXPECT_EQ(total_pages, 0);
}

TEST(palloc_init_is_canonical)
{
    holes_machine();
    EXPECT_EQ(total_pages, ram_frames);
    EXPECT_EQ(avail_heap_pages(), ram_frames);
    EXPECT(heap_consistent(true));
    EXPECT(heap_is_canonical());
    /* Hole frames and frame 0 are never marked free. */
    EXPECT_EQ(frame_table[0].count_info, 0);
    EXPECT_EQ(frame_table[159].count_info, 0);
    EXPECT_EQ(frame_table[(1UL << 14) - 1].count_info, 0);
}

TEST(palloc_init_in_pieces_merges)
{
    static const struct range pieces[] = {
        { 12, 4 }, { 0, 5 }, { 5, 3 }, { 16, 48 }, { 8, 4 },
    };

    /* 64 frames given in unaligned, unordered pieces: one order-6 block. */
    machine_reset(64);
    give_ram(pieces, ARRAY_SIZE(pieces));
    EXPECT(heap_is_canonical());
    EXPECT(is_free_head(mfn_to_page(0), 6));
    EXPECT(!list_empty(&free_lists[6]));
    EXPECT_EQ(avail_heap_pages(), 64);
}

TEST(palloc_every_order)
{
    unsigned int o;

    holes_machine();
    for ( o = 0; o <= 12; o++ )
    {
        struct page_info *pg = take(o);

        if ( !EXPECT(pg != NULL) )
            return;
        EXPECT_EQ(avail_heap_pages(), ram_frames - (1UL << o));
        EXPECT(heap_consistent(true));
        give_back(pg, o);
        EXPECT(heap_is_canonical());
    }
    /* No RAM range holds an aligned 2^13 block. */
    EXPECT(alloc_heap_pages(13) == NULL);
    EXPECT(alloc_heap_pages(MAX_ORDER) == NULL);
    EXPECT(heap_is_canonical());
}

TEST(palloc_split_structure)
{
    struct page_info *pg;
    unsigned int o;

    /* One order-5 block: taking one frame leaves one block per order. */
    machine_reset(32);
    give_ram(&(struct range){ 0, 32 }, 1);
    pg = take(0);
    EXPECT(pg != NULL);
    /* The top frame went first: lower halves of 16, 8, ... stay free. */
    for ( o = 0; o < 5; o++ )
    {
        EXPECT(is_free_head(mfn_to_page(32 - (2UL << o)), o));
        EXPECT_EQ(free_lists[o].next->next, &free_lists[o]);
    }
    EXPECT(list_empty(&free_lists[5]));
    EXPECT_EQ(avail_heap_pages(), 31);
    EXPECT(heap_consistent(true));
    /* Freeing it rebuilds the block. */
    EXPECT_EQ(page_to_mfn(pg), 31);
    give_back(pg, 0);
    EXPECT(is_free_head(mfn_to_page(0), 5));
    EXPECT(heap_is_canonical());
}

/*
 * A lone low fragment (a frame next to a boot module) is not handed out
 * while a higher block can be split: low memory stays for dom0.
 */
TEST(palloc_from_the_top)
{
    struct page_info *pg;

    machine_reset(256);
    give_ram((struct range[]){ { 3, 1 }, { 128, 128 } }, 2);
    pg = take(0);
    EXPECT_EQ(page_to_mfn(pg), 255);
    EXPECT(is_free_head(mfn_to_page(3), 0));
    give_back(pg, 0);
    EXPECT(heap_is_canonical());
}

/* One given free frame out of the block that holds it. */
TEST(palloc_page_at)
{
    struct page_info *pg;

    machine_reset(64);
    give_ram(&(struct range){ 0, 64 }, 1);
    pg = alloc_heap_page_at(37);
    if ( !EXPECT(pg == mfn_to_page(37)) )
        return;
    owned[37] = 1;
    EXPECT_EQ(avail_heap_pages(), 63);
    EXPECT(heap_consistent(true));
    EXPECT(alloc_heap_page_at(37) == NULL);      /* not free any more */
    EXPECT(alloc_heap_page_at(64) == NULL);      /* beyond the table */
    give_back(pg, 0);
    EXPECT(is_free_head(mfn_to_page(0), 6));
    EXPECT(heap_is_canonical());
}

/* A domain's frame in a free block, or freed while held, is reported. */
TEST(palloc_misuse_reported)
{
    struct page_info *pg;
    unsigned long before = heap_misuse;

    machine_reset(64);
    give_ram(&(struct range){ 0, 64 }, 1);
    pg = take(0);
    EXPECT_EQ(heap_misuse, before);
    pg->count_info = PGC_allocated | 1;     /* still a domain's */
    free_heap_pages(pg, 0);
    EXPECT_EQ(heap_misuse, before + 1);
    owned[page_to_mfn(pg)] = 0;
    /* A frame inside the free top block marked as held, handed out. */
    mfn_to_page(62)->count_info = PGC_allocated | 1;
    pg = take(1);
    EXPECT_EQ(page_to_mfn(pg), 62);
    EXPECT_EQ(heap_misuse, before + 2);
    pg->count_info = 0;
    give_back(pg, 1);
    EXPECT(heap_is_canonical());
}

/*
 * A frame freed again after its block merged with its buddy is not a
 * free head any more (the BUG_ON cannot see it): it is reported and left
 * alone, so the heap never holds it twice and never hands it out twice.
 */
TEST(palloc_double_free_after_merge_refused)
{
    struct page_info *a, *b;
    unsigned long before = heap_misuse, mfn;

    machine_reset(64);
    give_ram(&(struct range){ 0, 64 }, 1);
    a = take(0);
    b = take(0);
    if ( !EXPECT(a && b) )
        return;
    give_back(a, 0);
    give_back(b, 0);                        /* a's block merges upwards */
    EXPECT(is_free_head(mfn_to_page(0), 6));
    free_heap_pages(a, 0);                  /* the second free */
    EXPECT_EQ(heap_misuse, before + 1);
    EXPECT_EQ(avail_heap_pages(), 64);
    EXPECT(heap_is_canonical());
    /* Everything once: 64 frames, each handed out a single time. */
    for ( mfn = 0; mfn < 64; mfn++ )
        EXPECT(take(0) != NULL);
    EXPECT(take(0) == NULL);
    EXPECT(!memcmp(owned, is_ram, max_page));
}

TEST(palloc_merge_any_order_of_frees)
{
    struct page_info *pg[64];
    unsigned int i, perm[64];

    machine_reset(64);
    give_ram(&(struct range){ 0, 64 }, 1);
    for ( i = 0; i < 64; i++ )
    {
        pg[i] = take(0);
        if ( !EXPECT(pg[i] != NULL) )
            return;
        perm[i] = i;
    }
    EXPECT(take(0) == NULL);
    EXPECT_EQ(avail_heap_pages(), 0);
    srand(64);
    for ( i = 63; i > 0; i-- )
    {
        unsigned int j = rand() % (i + 1), t = perm[i];

        perm[i] = perm[j];
        perm[j] = t;
    }
    for ( i = 0; i < 64; i++ )
    {
        give_back(pg[perm[i]], 0);
        if ( !EXPECT(heap_consistent(true)) )
            return;
    }
    EXPECT(is_free_head(mfn_to_page(0), 6));
    EXPECT(heap_is_canonical());
}

TEST(palloc_exhaustion)
{
    unsigned long n = 0;
    struct page_info *pg;
    unsigned long mfn;

    holes_machine();
    while ( (pg = take(0)) != NULL )
        n++;
    EXPECT_EQ(n, ram_frames);
    EXPECT_EQ(avail_heap_pages(), 0);
    /* Every RAM frame, and nothing else, handed out exactly once. */
    EXPECT(!memcmp(owned, is_ram, max_page));
    EXPECT(alloc_heap_pages(0) == NULL);
    EXPECT(alloc_heap_pages(3) == NULL);
    EXPECT(heap_consistent(true));
    for ( mfn = 0; mfn < max_page; mfn++ )
        if ( owned[mfn] )
            give_back(mfn_to_page(mfn), 0);
    EXPECT(heap_is_canonical());
}

TEST(palloc_exhaustion_large_orders)
{
    unsigned long got = 0;
    unsigned int o;

    /* Take the biggest blocks there are, then smaller: all of RAM. */
    holes_machine();
    for ( o = MAX_ORDER + 1; o-- > 0; )
        while ( take(o) )
            got += 1UL << o;
    EXPECT_EQ(got, ram_frames);
    EXPECT_EQ(avail_heap_pages(), 0);
    EXPECT(!memcmp(owned, is_ram, max_page));
}

TEST(palloc_order_too_big)
{
    machine_reset(64);
    give_ram(&(struct range){ 0, 64 }, 1);
    EXPECT(alloc_heap_pages(MAX_ORDER + 1) == NULL);
    EXPECT(alloc_heap_pages(63) == NULL);
    EXPECT(alloc_heap_pages(~0U) == NULL);
    EXPECT(alloc_heap_pages(7) == NULL);
    EXPECT_EQ(avail_heap_pages(), 64);
    EXPECT(heap_is_canonical());
}

TEST(palloc_max_order_bound)
{
    const unsigned long blk = 1UL << MAX_ORDER;
    struct page_info *a, *b, *c;

    /*
     * Three MAX_ORDER blocks: the first two are buddies at MAX_ORDER but
     * must not merge into a block the lists cannot hold.
     */
    machine_reset(3 * blk);
    give_ram(&(struct range){ 0, 3 * blk }, 1);
    EXPECT_EQ(avail_heap_pages(), 3 * blk);
    EXPECT(heap_consistent(true));
    EXPECT(heap_is_canonical());
    a = take(MAX_ORDER);
    b = take(MAX_ORDER);
    c = take(MAX_ORDER);
    EXPECT(a != NULL && b != NULL && c != NULL);
    EXPECT(alloc_heap_pages(MAX_ORDER) == NULL);
    EXPECT(alloc_heap_pages(0) == NULL);
    give_back(a, MAX_ORDER);
    give_back(b, MAX_ORDER);
    EXPECT_EQ(avail_heap_pages(), 2 * blk);
    EXPECT_EQ(free_lists[MAX_ORDER].next->next->next, &free_lists[MAX_ORDER]);
    EXPECT(heap_consistent(true));
    /* Two halves given back separately merge into a MAX_ORDER block. */
    give_back(c + blk / 2, MAX_ORDER - 1);
    EXPECT(heap_consistent(true));
    give_back(c, MAX_ORDER - 1);
    EXPECT(heap_is_canonical());
    EXPECT(list_empty(&free_lists[MAX_ORDER - 1]));
    machine_reset(64);                  /* give the memory back */
}

TEST(palloc_random)
{
    enum { SLOTS = 512 };
    static struct { struct page_info *pg; unsigned int order; } live[SLOTS];
    unsigned int op, i, fails = 0, nulls = 0;
    unsigned long held = 0;

    holes_machine();
    memset(live, 0, sizeof(live));
    srand(1234);
    for ( op = 0; op < 20000 && !fails; op++ )
    {
        i = rand() % SLOTS;
        if ( live[i].pg )
        {
            give_back(live[i].pg, live[i].order);
            held -= 1UL << live[i].order;
            live[i].pg = NULL;
        }
        else
        {
            /* Mostly small orders, now and then a big one. */
            unsigned int o = rand() % 8 ? rand() % 4 : rand() % 14;

            live[i].pg = take(o);
            live[i].order = o;
            if ( live[i].pg )
                held += 1UL << o;
            else
                nulls++;
        }
        fails += !EXPECT_EQ(avail_heap_pages() + held, ram_frames);
        if ( op % 97 == 0 )
            fails += !heap_consistent(true);
    }
    EXPECT(nulls > 0);                  /* big orders did run out */
    for ( i = 0; i < SLOTS; i++ )
        if ( live[i].pg )
            give_back(live[i].pg, live[i].order);
    EXPECT(heap_consistent(true));
    EXPECT(heap_is_canonical());
}

TEST(palloc_random_fill_and_drain)
{
    static struct { struct page_info *pg; unsigned int order; } live[8192];
    unsigned int n = 0, i, round;

    /* Fill memory to exhaustion with random orders, drain, repeat. */
    holes_machine();
    srand(99);
    for ( round = 0; round < 4; round++ )
    {
        unsigned int misses = 0;

        while ( misses < 200 && n < ARRAY_SIZE(live) )
        {
            unsigned int o = rand() % 6;
            struct page_info *pg = take(o);

            if ( !pg )
            {
                misses++;
                continue;
            }
            live[n].pg = pg;
            live[n++].order = o;
        }
        EXPECT(heap_consistent(false));
        /* Free a random half, then the rest in reverse. */
        for ( i = 0; i < n; i++ )
            if ( live[i].pg && rand() % 2 )
            {
                give_back(live[i].pg, live[i].order);
                live[i].pg = NULL;
            }
        EXPECT(heap_consistent(true));
        while ( n-- > 0 )
            if ( live[n].pg )
                give_back(live[n].pg, live[n].order);
        n = 0;
        if ( !EXPECT(heap_is_canonical()) )
            return;
    }
}

TEST(palloc_get_order_from_bytes)
{
    EXPECT_EQ(get_order_from_bytes(0), 0);
    EXPECT_EQ(get_order_from_bytes(1), 0);
    EXPECT_EQ(get_order_from_bytes(PAGE_SIZE), 0);
    EXPECT_EQ(get_order_from_bytes(PAGE_SIZE + 1), 1);
    EXPECT_EQ(get_order_from_bytes(2 * PAGE_SIZE), 1);
    EXPECT_EQ(get_order_from_bytes(2 * PAGE_SIZE + 1), 2);
    EXPECT_EQ(get_order_from_bytes(1UL << 20), 8);
    EXPECT_EQ(get_order_from_bytes((1UL << 30) - 1), 18);
    EXPECT_EQ(get_order_from_bytes(1UL << 32), 20);
    EXPECT_EQ(get_order_from_bytes((1UL << 32) + 1), 21);
}

/* Run fn in a child; true if the child ended with BUG's exit status. */
static void double_free_block(void)
{
    struct page_info *pg = alloc_heap_pages(2);

    /* The buddy is allocated, so the block stays free on its own. */
    free_heap_pages(pg, 2);
    free_heap_pages(pg, 2);
}

static void free_of_free_frame(void)
{
    /* Frame 16 heads a free block from the start. */
    free_heap_pages(mfn_to_page(16), 0);
}

TEST(palloc_double_free_bugs)
{
    machine_reset(32);
    give_ram(&(struct range){ 0, 32 }, 1);
    take(2);
    EXPECT(test_dies_with_bug(double_free_block));
    EXPECT(test_dies_with_bug(free_of_free_frame));
    /* And the parent's heap is untouched by what the children did. */
    EXPECT(heap_consistent(true));
}
