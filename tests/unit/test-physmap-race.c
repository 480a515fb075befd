/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physmap changes racing on two host threads, as two vCPUs would (issue
 * 7, items 1 and 2), through the real physmap.c and grant code with the
 * stand-ins of gnttab-fake.h:
 *  - two removals of one foreign map drop its reference once;
 *  - moving a frame (add_to_physmap gmfn) against giving it back
 *    (decrease_reservation): exactly one succeeds, and no frame ends up
 *    both free and mapped;
 *  - every frame leaving a p2m is freed only after p2m_flush_wait()
 *    (free_heap_pages() in the stand-ins checks this for all tests).
 * Without d->physmap_lock held from lookup to reference drop, the first
 * two lose within a few thousand rounds on a 2-core host.
 */
#include <pthread.h>

#include "gnttab-fake.h"

#define ROUNDS 20000

static unsigned int bar_count, bar_gen;

/* Both threads meet here each round. */
static void meet(void)
{
    unsigned int gen = __atomic_load_n(&bar_gen, __ATOMIC_SEQ_CST);

    if ( __atomic_add_fetch(&bar_count, 1, __ATOMIC_SEQ_CST) == 2 )
    {
        __atomic_store_n(&bar_count, 0, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&bar_gen, 1, __ATOMIC_SEQ_CST);
        return;
    }
    while ( __atomic_load_n(&bar_gen, __ATOMIC_SEQ_CST) == gen )
        ;
}

static long remove_rc[2][ROUNDS];

static long remove_from_physmap(domid_t dom, unsigned long gfn)
{
    struct xen_remove_from_physmap x = { .domid = dom, .gpfn = gfn };

    return memop_remove_from_physmap(va(&x));
}

static void *foreign_remover(void *arg)
{
    unsigned int me = (uintptr_t)arg, i;

    for ( i = 0; i < ROUNDS; i++ )
    {
        meet();
        remove_rc[me][i] = remove_from_physmap(DOMID_SELF, 0x900);
        meet();
    }
    (void)me;
    return NULL;
}

/* d1's frame at 0x10, mapped by d0 at 0x900 before each round. */
static unsigned long foreign_mfn;
static unsigned int double_drops, both_ok;

static void map_again(unsigned int i)
{
    if ( i && remove_rc[0][i - 1] == 0 && remove_rc[1][i - 1] == 0 )
        both_ok++;
    if ( refs(foreign_mfn) != 1 )
        double_drops++;
    frame_table[foreign_mfn].count_info = PGC_allocated | 1;
    EXPECT_EQ(map_foreign(&d0, 0x10, 0x900, 1), 0);
}

TEST(foreign_map_removed_twice_drops_once)
{
    pthread_t t;
    unsigned int i;

    fake_reset();
    (void)v2;
    foreign_mfn = give_ram(&d1, 0x10);
    double_drops = both_ok = 0;
    bar_count = bar_gen = 0;
    pthread_create(&t, NULL, foreign_remover, (void *)1);
    for ( i = 0; i < ROUNDS; i++ )
    {
        map_again(i);
        meet();
        remove_rc[0][i] = remove_from_physmap(DOMID_SELF, 0x900);
        meet();
    }
    pthread_join(t, NULL);
    map_again(ROUNDS);
    EXPECT_EQ(both_ok, 0);
    EXPECT_EQ(double_drops, 0);
    EXPECT_EQ(refs(foreign_mfn), 2);
}

/* ---- move (add_to_physmap gmfn) against release (decrease) ---- */

static long move_rc[ROUNDS], dec_rc[ROUNDS];

static long decrease_self(unsigned long gfn)
{
    xen_pfn_t list[1] = { gfn };
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, list);
    return memop_reservation(XENMEM_decrease_reservation, 0, va(&r));
}

static void *releaser(void *arg)
{
    unsigned int i;

    for ( i = 0; i < ROUNDS; i++ )
    {
        meet();
        dec_rc[i] = decrease_self(0x20);
        meet();
    }
    return NULL;
}

static unsigned int move_both, move_neither, leaked;

/* Judge the last round, then a fresh frame at 0x20 and 0x21 empty. */
static void fresh_frame(unsigned int i)
{
    if ( i )
    {
        bool m = move_rc[i - 1] == 0, r = dec_rc[i - 1] == 1;

        move_both += m && r;
        move_neither += !m && !r;
        if ( p2m_type(&d1, 0x21) == p2m_ram_rw )
            decrease_self(0x21);
    }
    if ( d1.tot_pages != 0 )
        leaked++;
    give_ram(&d1, 0x20);
}

TEST(move_against_release_one_wins)
{
    pthread_t t;
    unsigned int i;

    fake_reset();
    test_current = &v1;
    d1.max_pages = 4;
    move_both = move_neither = leaked = 0;
    bar_count = bar_gen = 0;
    pthread_create(&t, NULL, releaser, NULL);
    for ( i = 0; i < ROUNDS; i++ )
    {
        fresh_frame(i);
        meet();
        move_rc[i] = physmap_add(&d1, XENMAPSPACE_gmfn, 0x20, 0x21, 0, 0);
        meet();
    }
    pthread_join(t, NULL);
    fresh_frame(ROUNDS);
    EXPECT_EQ(move_both, 0);
    EXPECT_EQ(move_neither, 0);
    EXPECT_EQ(leaked, 0);
}

/* ---- frames leave only after the flush ---- */

TEST(release_waits_for_the_flush)
{
    fake_reset();
    test_current = &v1;
    give_ram(&d1, 0x30);
    EXPECT_EQ(decrease_self(0x30), 1);
    EXPECT_EQ(flush_waits, 1);
    EXPECT_EQ(heap_frees, 1);
    EXPECT_EQ(flushes_owed, 0);
}

/*
 * A decrease_reservation of many frames flushes once per batch of 64
 * (the frames wait for it; free_heap_pages() checks), not once a frame.
 */
TEST(release_flushes_once_per_batch)
{
    xen_pfn_t list[40];
    struct xen_memory_reservation r = {
        .nr_extents = 40, .extent_order = 0, .domid = DOMID_SELF,
    };
    unsigned int i;

    fake_reset();
    test_current = &v1;
    d1.max_pages = 128;
    for ( i = 0; i < 40; i++ )
        give_ram(&d1, list[i] = 0x40 + i);
    set_xen_guest_handle(r.extent_start, list);
    EXPECT_EQ(memop_reservation(XENMEM_decrease_reservation, 0, va(&r)),
              40);
    EXPECT_EQ(flush_waits, 1);
    EXPECT_EQ(batch_flushes, 1);
    EXPECT_EQ(heap_frees, 40);
    EXPECT_EQ(flushes_owed, 0);
}
