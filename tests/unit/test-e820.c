/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot memory-map sanitiser (xen/arch/x86/e820.c): unsorted,
 * overlapping, nested, adjacent, empty and wrapping entries, duplicates,
 * full maps, the real maps QEMU/SeaBIOS hand us at 256 MiB and 4 GiB,
 * range-type changes, and a randomised comparison with a byte-by-byte
 * model on a small address space.
 */
#include <stdlib.h>
#include <string.h>

#include "../../xen/arch/x86/e820.c"

#include "harness.h"

#define RAM   E820_RAM
#define RES   E820_RESERVED
#define ACPI  E820_ACPI
#define NVS   E820_NVS
#define UNU   E820_UNUSABLE

#define MB    (1ULL << 20)
#define GB    (1ULL << 30)
#define TOP   (~0ULL)               /* the last representable address */

static struct e820map m;

static void map_set(const struct e820entry *e, unsigned int n)
{
    memset(&m, 0, sizeof(m));
    if ( n )
        memcpy(m.map, e, n * sizeof(*e));
    m.nr_map = n;
}

/* The map equals want[0..n): every field of every entry. */
static bool map_is(const struct e820entry *want, unsigned int n)
{
    unsigned int i;

    if ( !EXPECT_EQ(m.nr_map, n) )
        return false;
    for ( i = 0; i < n; i++ )
        if ( !EXPECT_EQ(m.map[i].addr, want[i].addr) ||
             !EXPECT_EQ(m.map[i].size, want[i].size) ||
             !EXPECT_EQ(m.map[i].type, want[i].type) )
            return false;
    return true;
}

#define E(a, s, t)  { (a), (s), (t) }
#define SANITIZE_IS(in, out)                                           \
    do {                                                               \
        map_set(in, ARRAY_SIZE(in));                                   \
        EXPECT_EQ(e820_sanitize(&m), ARRAY_SIZE(out));                 \
        map_is(out, ARRAY_SIZE(out));                                  \
    } while ( 0 )

/* Sorted, non-overlapping, no empty entry, no mergeable neighbours. */
static bool map_is_clean(const struct e820map *mp)
{
    unsigned int i;

    for ( i = 0; i < mp->nr_map; i++ )
    {
        const struct e820entry *e = &mp->map[i], *n = e + 1;

        if ( !e->size || e->addr + e->size < e->addr )
            return false;
        if ( i + 1 == mp->nr_map )
            break;
        if ( e->addr + e->size > n->addr )
            return false;
        if ( e->addr + e->size == n->addr && e->type == n->type )
            return false;
    }
    return mp->nr_map <= E820_MAX;
}

TEST(e820_empty_map)
{
    map_set(NULL, 0);
    EXPECT_EQ(e820_sanitize(&m), 0);
    EXPECT_EQ(e820_ram_total(&m), 0);
    EXPECT_EQ(e820_ram_end(&m), 0);
}

TEST(e820_sorted_map_unchanged)
{
    static const struct e820entry in[] = {
        E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES),
        E(0xf0000, 0x10000, RES), E(MB, 255 * MB, RAM),
    };

    SANITIZE_IS(in, in);
}

TEST(e820_unsorted)
{
    static const struct e820entry in[] = {
        E(MB, 15 * MB, RAM), E(0xf0000, 0x10000, RES),
        E(0, 0x9f000, RAM), E(32 * MB, MB, ACPI), E(16 * MB, 16 * MB, RES),
    };
    static const struct e820entry out[] = {
        E(0, 0x9f000, RAM), E(0xf0000, 0x10000, RES),
        E(MB, 15 * MB, RAM), E(16 * MB, 16 * MB, RES),
        E(32 * MB, MB, ACPI),
    };

    SANITIZE_IS(in, out);
}

TEST(e820_reserved_beats_ram_overlap)
{
    /* RAM [0, 8M) and reserved [6M, 10M): the overlap is reserved. */
    static const struct e820entry in[] = {
        E(0, 8 * MB, RAM), E(6 * MB, 4 * MB, RES),
    };
    static const struct e820entry out[] = {
        E(0, 6 * MB, RAM), E(6 * MB, 4 * MB, RES),
    };
    /* The same with the reserved entry first and the RAM sticking out. */
    static const struct e820entry in2[] = {
        E(2 * MB, 4 * MB, RES), E(0, 4 * MB, RAM), E(5 * MB, 3 * MB, RAM),
    };
    static const struct e820entry out2[] = {
        E(0, 2 * MB, RAM), E(2 * MB, 4 * MB, RES), E(6 * MB, 2 * MB, RAM),
    };

    SANITIZE_IS(in, out);
    SANITIZE_IS(in2, out2);
}

TEST(e820_type_ranking)
{
    /*
     * Four nested ranges: RAM < ACPI < NVS < UNUSABLE < RESERVED, so each
     * inner range keeps its own type, whatever the order in the table.
     */
    static const struct e820entry in[] = {
        E(40, 20, UNU), E(0, 100, RAM), E(45, 10, RES), E(20, 60, ACPI),
        E(30, 40, NVS),
    };
    static const struct e820entry out[] = {
        E(0, 20, RAM), E(20, 10, ACPI), E(30, 10, NVS), E(40, 5, UNU),
        E(45, 10, RES), E(55, 5, UNU), E(60, 10, NVS), E(70, 10, ACPI),
        E(80, 20, RAM),
    };
    /* Unknown types rank with reserved and keep their number. */
    static const struct e820entry in2[] = {
        E(0, 100, RAM), E(10, 10, 12), E(50, 10, NVS), E(55, 10, 7),
    };
    static const struct e820entry out2[] = {
        E(0, 10, RAM), E(10, 10, 12), E(20, 30, RAM), E(50, 5, NVS),
        E(55, 10, 7), E(65, 35, RAM),
    };

    SANITIZE_IS(in, out);
    SANITIZE_IS(in2, out2);
}

TEST(e820_nested_same_type)
{
    static const struct e820entry in[] = {
        E(0, 100 * MB, RAM), E(10 * MB, MB, RAM), E(0, 100 * MB, RAM),
        E(99 * MB, MB, RAM),
    };
    static const struct e820entry out[] = { E(0, 100 * MB, RAM) };

    SANITIZE_IS(in, out);
}

TEST(e820_adjacent_merged)
{
    static const struct e820entry in[] = {
        E(3 * MB, MB, RAM), E(0, MB, RAM), E(MB, 2 * MB, RAM),
        E(4 * MB, MB, RES), E(5 * MB, MB, RES), E(6 * MB, MB, RAM),
    };
    static const struct e820entry out[] = {
        E(0, 4 * MB, RAM), E(4 * MB, 2 * MB, RES), E(6 * MB, MB, RAM),
    };
    /* Adjacent but different types, or a gap: not merged. */
    static const struct e820entry in2[] = {
        E(0, MB, RAM), E(MB, MB, ACPI), E(2 * MB + 1, MB, ACPI),
    };

    SANITIZE_IS(in, out);
    SANITIZE_IS(in2, in2);
}

TEST(e820_zero_size_dropped)
{
    static const struct e820entry in[] = {
        E(5 * MB, 0, RES), E(0, 4 * MB, RAM), E(2 * MB, 0, RES),
        E(0, 0, RAM), E(TOP, 0, RES),
    };
    static const struct e820entry out[] = { E(0, 4 * MB, RAM) };
    static const struct e820entry only_empty[] = {
        E(MB, 0, RAM), E(0, 0, RES),
    };

    SANITIZE_IS(in, out);
    map_set(only_empty, ARRAY_SIZE(only_empty));
    EXPECT_EQ(e820_sanitize(&m), 0);
}

TEST(e820_wrapping_clipped)
{
    /*
     * An entry running past the top of the address space is kept up to
     * the top (the last byte cannot be expressed as an end address).
     */
    static const struct e820entry in[] = {
        E(0, MB, RAM), E(TOP - 0xfff, 0x2000, RES),
    };
    static const struct e820entry out[] = {
        E(0, MB, RAM), E(TOP - 0xfff, 0xfff, RES),
    };
    static const struct e820entry in2[] = {
        E(4 * GB, TOP, RAM), E(0, MB, RAM),
    };
    static const struct e820entry out2[] = {
        E(0, MB, RAM), E(4 * GB, TOP - 4 * GB, RAM),
    };
    /* Exactly reaching 2^64 also wraps to 0. */
    static const struct e820entry in3[] = {
        E(TOP - 0xfff, 0x1000, RES), E(TOP - 0x2fff, 0x1000, RAM),
    };
    static const struct e820entry out3[] = {
        E(TOP - 0x2fff, 0x1000, RAM), E(TOP - 0xfff, 0xfff, RES),
    };

    SANITIZE_IS(in, out);
    SANITIZE_IS(in2, out2);
    SANITIZE_IS(in3, out3);
    EXPECT(map_is_clean(&m));
}

TEST(e820_duplicates)
{
    static const struct e820entry in[] = {
        E(MB, MB, RES), E(0, 8 * MB, RAM), E(MB, MB, RES), E(0, 8 * MB, RAM),
        E(MB, MB, RES),
    };
    static const struct e820entry out[] = {
        E(0, MB, RAM), E(MB, MB, RES), E(2 * MB, 6 * MB, RAM),
    };

    SANITIZE_IS(in, out);
}

TEST(e820_idempotent)
{
    static const struct e820entry in[] = {
        E(40, 20, UNU), E(0, 100, RAM), E(45, 10, RES), E(20, 60, ACPI),
    };
    struct e820map first;

    map_set(in, ARRAY_SIZE(in));
    e820_sanitize(&m);
    first = m;
    EXPECT_EQ(e820_sanitize(&m), first.nr_map);
    EXPECT(!memcmp(&m, &first, sizeof(m)));
}

TEST(e820_full_map_128)
{
    unsigned int i;

    /* 128 disjoint entries, alternating types, given in reverse. */
    memset(&m, 0, sizeof(m));
    for ( i = 0; i < E820_MAX; i++ )
        m.map[E820_MAX - 1 - i] =
            (struct e820entry){ i * MB, MB, i % 2 ? RES : RAM };
    m.nr_map = E820_MAX;
    EXPECT_EQ(e820_sanitize(&m), E820_MAX);
    for ( i = 0; i < E820_MAX; i++ )
    {
        EXPECT_EQ(m.map[i].addr, i * MB);
        EXPECT_EQ(m.map[i].size, MB);
    }
    EXPECT(map_is_clean(&m));
    EXPECT_EQ(e820_ram_total(&m), 64 * MB);
    EXPECT_EQ(e820_ram_end(&m), 127 * MB);

    /* 128 pieces of one RAM range, shuffled: one entry. */
    for ( i = 0; i < E820_MAX; i++ )
        m.map[i] = (struct e820entry){ ((i * 37) % E820_MAX) * MB, MB, RAM };
    m.nr_map = E820_MAX;
    EXPECT_EQ(e820_sanitize(&m), 1);
    EXPECT_EQ(m.map[0].size, 128 * MB);

    /* More than E820_MAX in nr_map: only the first E820_MAX are read. */
    m.nr_map = E820_MAX + 5;
    m.map[0] = (struct e820entry){ 0, MB, RAM };
    EXPECT(e820_sanitize(&m) <= E820_MAX);
}

TEST(e820_overflowing_result_is_clean)
{
    unsigned int i;

    /*
     * 64 RAM and 64 reserved entries that cut a big RAM range into more
     * than E820_MAX pieces: whatever is kept must still be valid, and
     * the low part of the map must be exact.
     */
    memset(&m, 0, sizeof(m));
    m.map[0] = (struct e820entry){ 0, 1000 * MB, RAM };
    for ( i = 1; i < E820_MAX; i++ )
        m.map[i] = (struct e820entry){ (2 * i + 1) * MB, MB / 2,
                                       i % 2 ? RES : NVS };
    m.nr_map = E820_MAX;
    EXPECT_EQ(e820_sanitize(&m), E820_MAX);
    EXPECT(map_is_clean(&m));
    EXPECT_EQ(m.map[0].addr, 0);
    EXPECT_EQ(m.map[0].size, 3 * MB);
    EXPECT_EQ(m.map[1].addr, 3 * MB);
    EXPECT_EQ(m.map[1].type, RES);
    EXPECT_EQ(m.map[3].type, NVS);
}

/* The maps SeaBIOS reports to QEMU's multiboot loader (-m 256, -m 4096). */
static const struct e820entry qemu_256m[] = {
    E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES), E(0xf0000, 0x10000, RES),
    E(0x100000, 0xfee0000, RAM), E(0xffe0000, 0x20000, RES),
    E(0xfffc0000, 0x40000, RES), E(0xfd00000000ULL, 0x300000000ULL, RES),
};
static const struct e820entry qemu_4g[] = {
    E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES), E(0xf0000, 0x10000, RES),
    E(0x100000, 0xbfee0000, RAM), E(0xbffe0000, 0x20000, RES),
    E(0xfffc0000, 0x40000, RES), E(0x100000000ULL, 0x40000000, RAM),
    E(0xfd00000000ULL, 0x300000000ULL, RES),
};

TEST(e820_qemu_256m)
{
    SANITIZE_IS(qemu_256m, qemu_256m);
    /* "System RAM: 255 MiB (261631 KiB)" in the boot log. */
    EXPECT_EQ(e820_ram_total(&m) >> 10, 261631);
    EXPECT_EQ(e820_ram_end(&m), 0xffe0000);
    /* max_page in mm.c: "frame table covers 65504 frames". */
    EXPECT_EQ(e820_ram_end(&m) >> 12, 65504);
}

TEST(e820_qemu_4g)
{
    struct e820entry shuffled[ARRAY_SIZE(qemu_4g)];
    unsigned int i;

    SANITIZE_IS(qemu_4g, qemu_4g);
    EXPECT_EQ(e820_ram_total(&m) >> 10, 4193791);
    EXPECT_EQ(e820_ram_end(&m) >> 12, 1310720);

    for ( i = 0; i < ARRAY_SIZE(qemu_4g); i++ )
        shuffled[i] = qemu_4g[(i * 5) % ARRAY_SIZE(qemu_4g)];
    SANITIZE_IS(shuffled, qemu_4g);
}

TEST(e820_change_range_middle)
{
    static const struct e820entry out[] = {
        E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES), E(0xf0000, 0x10000, RES),
        E(0x100000, 0x100000, RAM), E(0x200000, 0x300000, RES),
        E(0x500000, 0xfae0000, RAM), E(0xffe0000, 0x20000, RES),
        E(0xfffc0000, 0x40000, RES), E(0xfd00000000ULL, 0x300000000ULL, RES),
    };

    map_set(qemu_256m, ARRAY_SIZE(qemu_256m));
    EXPECT_EQ(e820_change_range_type(&m, 0x200000, 0x500000, RES), 0);
    map_is(out, ARRAY_SIZE(out));
    EXPECT_EQ(e820_ram_total(&m), 0x9fc00 + 0xfee0000 - 0x300000);
    EXPECT_EQ(e820_ram_end(&m), 0xffe0000);
}

TEST(e820_change_range_edges)
{
    static const struct e820entry in[] = {
        E(0, MB, RAM), E(MB, 7 * MB, RAM), E(8 * MB, MB, RES),
    };
    static const struct e820entry low_edge[] = {
        E(0, MB, RES), E(MB, 7 * MB, RAM), E(8 * MB, MB, RES),
    };
    static const struct e820entry both_edges[] = {
        E(0, MB, RES), E(MB, 6 * MB, RAM), E(7 * MB, 2 * MB, RES),
    };
    static const struct e820entry all[] = { E(0, 9 * MB, RES) };

    map_set(in, ARRAY_SIZE(in));
    e820_sanitize(&m);
    EXPECT_EQ(e820_change_range_type(&m, 0, MB, RES), 0);
    map_is(low_edge, ARRAY_SIZE(low_edge));
    /* The top edge merges with the reserved entry above. */
    EXPECT_EQ(e820_change_range_type(&m, 7 * MB, 8 * MB, RES), 0);
    map_is(both_edges, ARRAY_SIZE(both_edges));
    EXPECT_EQ(e820_ram_total(&m), 6 * MB);
    EXPECT_EQ(e820_ram_end(&m), 7 * MB);
    EXPECT_EQ(e820_change_range_type(&m, MB, 7 * MB, RES), 0);
    map_is(all, ARRAY_SIZE(all));
    EXPECT_EQ(e820_ram_total(&m), 0);
    EXPECT_EQ(e820_ram_end(&m), 0);
}

TEST(e820_change_range_refused)
{
    static const struct e820entry in[] = { E(0, 8 * MB, RAM) };
    unsigned int i;

    map_set(in, 1);
    /* Empty or inverted ranges change nothing. */
    EXPECT_EQ(e820_change_range_type(&m, MB, MB, RES), 0);
    EXPECT_EQ(e820_change_range_type(&m, 2 * MB, MB, RES), 0);
    map_is(in, 1);
    /* Making RAM is not what this is for. */
    EXPECT_EQ(e820_change_range_type(&m, 8 * MB, 9 * MB, RAM), -1);
    map_is(in, 1);
    /* A full map cannot take the extra entry. */
    memset(&m, 0, sizeof(m));
    for ( i = 0; i < E820_MAX; i++ )
        m.map[i] = (struct e820entry){ 2 * i * MB, MB, RAM };
    m.nr_map = E820_MAX;
    EXPECT_EQ(e820_change_range_type(&m, 0, MB / 2, RES), -1);
    EXPECT_EQ(m.nr_map, E820_MAX);
    EXPECT_EQ(m.map[0].type, RAM);
}

TEST(e820_boot_allocator_pattern)
{
    unsigned int i;

    /*
     * mm.c's boot allocator carves pages from the top of RAM one call at
     * a time; the carved pieces must merge rather than fill the map.
     */
    map_set(qemu_4g, ARRAY_SIZE(qemu_4g));
    for ( i = 1; i <= 300; i++ )
        EXPECT_EQ(e820_change_range_type(&m, 0x140000000ULL - i * 0x1000,
                                         0x140000000ULL - (i - 1) * 0x1000,
                                         RES), 0);
    EXPECT_EQ(m.nr_map, ARRAY_SIZE(qemu_4g) + 1);
    EXPECT(map_is_clean(&m));
    EXPECT_EQ(e820_ram_total(&m), (4193791ULL << 10) - 300 * 0x1000);
    EXPECT_EQ(e820_ram_end(&m), 0x140000000ULL - 300 * 0x1000);
}

/* ---- Randomised comparison with a byte-by-byte model ---- */

#define SPACE 64                    /* model addresses 0..SPACE-1 */

static const uint32_t types[] = { RAM, ACPI, NVS, UNU, RES };

static unsigned int rank_of(uint32_t t)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(types); i++ )
        if ( types[i] == t )
            return i + 1;
    return 0;
}

/*
 * The type of every model byte [base + x, base + x + 1): the
 * highest-ranked entry covering it, entries that run past 2^64 clipped
 * at TOP.  Computed with 128-bit arithmetic, independently of e820.c.
 */
static void model(const struct e820map *in, uint64_t base, uint32_t *out)
{
    unsigned int x, i;

    for ( x = 0; x < SPACE; x++ )
    {
        unsigned __int128 b = (unsigned __int128)base + x;

        out[x] = 0;
        for ( i = 0; i < in->nr_map; i++ )
        {
            unsigned __int128 lo = in->map[i].addr;
            unsigned __int128 hi = lo + in->map[i].size;

            if ( hi > TOP )
                hi = TOP;
            if ( lo <= b && b < hi &&
                 rank_of(in->map[i].type) > rank_of(out[x]) )
                out[x] = in->map[i].type;
        }
    }
}

static uint32_t type_in_map(const struct e820map *mp, uint64_t a)
{
    unsigned int i;

    for ( i = 0; i < mp->nr_map; i++ )
        if ( mp->map[i].addr <= a && a - mp->map[i].addr < mp->map[i].size )
            return mp->map[i].type;
    return 0;
}

/* Random map within [base, base + SPACE), some entries running past. */
static void random_map(struct e820map *mp, uint64_t base)
{
    unsigned int i;

    memset(mp, 0, sizeof(*mp));
    mp->nr_map = rand() % 24;
    for ( i = 0; i < mp->nr_map; i++ )
    {
        mp->map[i].addr = base + rand() % SPACE;
        mp->map[i].size = rand() % 4 ? rand() % 24 : rand() % (2 * SPACE);
        mp->map[i].type = types[rand() % ARRAY_SIZE(types)];
    }
}

static bool random_round(uint64_t base)
{
    struct e820map in;
    uint32_t want[SPACE];
    unsigned int x;
    bool ok = true;

    random_map(&in, base);
    model(&in, base, want);
    m = in;
    e820_sanitize(&m);
    for ( x = 0; x < SPACE && ok; x++ )
        ok = EXPECT_EQ(type_in_map(&m, base + x), want[x]);
    ok = ok && EXPECT(map_is_clean(&m));
    /* Nothing outside the model window (base > 0 windows only). */
    for ( x = 0; x < m.nr_map && ok && base; x++ )
        ok = EXPECT(m.map[x].addr >= base);
    return ok;
}

TEST(e820_random_vs_model)
{
    static const uint64_t bases[] = {
        0, 0x1000, 4 * GB - 32, 1ULL << 52, TOP - SPACE + 1,
    };
    unsigned int r, b;

    srand(820);
    for ( b = 0; b < ARRAY_SIZE(bases); b++ )
        for ( r = 0; r < 2000; r++ )
            if ( !random_round(bases[b]) )
            {
                printf("  (base %#llx, round %u)\n",
                       (unsigned long long)bases[b], r);
                return;
            }
}

TEST(e820_random_change_range)
{
    struct e820map in;
    uint32_t want[SPACE];
    unsigned int r, x, lo, hi;

    srand(4820);
    for ( r = 0; r < 2000; r++ )
    {
        random_map(&in, 0);
        m = in;
        e820_sanitize(&m);
        lo = rand() % SPACE;
        hi = lo + rand() % (SPACE - lo + 1);
        if ( m.nr_map < E820_MAX )
            in.map[in.nr_map++] = (struct e820entry){ lo, hi - lo, RES };
        model(&in, 0, want);
        EXPECT_EQ(e820_change_range_type(&m, lo, hi, RES), 0);
        for ( x = 0; x < SPACE; x++ )
            if ( !EXPECT_EQ(type_in_map(&m, x), want[x]) )
                return;
        if ( !EXPECT(map_is_clean(&m)) )
            return;
    }
}

/* ---- A guest's map (dom0's): e820_guest_map() ---- */

/* "The hypervisor" keeps [2 MiB, 0x2b4000) and [1 GiB, ...): not RAM. */
static bool fake_is_ram(const void *ctx, uint64_t pa)
{
    return !(pa >= 2 * MB && pa < 0x2b4000) && pa < GB;
}

/* Sorted, non-overlapping, RAM on whole pages. */
static bool guest_map_ok(const struct e820entry *g, unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        if ( !g[i].size )
            return false;
        if ( g[i].type == RAM && ((g[i].addr | g[i].size) & 0xfff) )
            return false;
        if ( i + 1 < n && g[i].addr + g[i].size > g[i + 1].addr )
            return false;
    }
    return true;
}

/*
 * QEMU's first RAM entry ends at 0x9fc00, mid-page: the partial page is
 * left out of RAM, not rounded up over the reserved 0x9fc00-0x9ffff (our
 * dom0 was given both 0-0xa0000 RAM and 0x9fc00-0xa0000 reserved).
 */
TEST(e820_guest_map_trims_partial_pages)
{
    static const struct e820entry want[] = {
        E(0, 0x9f000, RAM), E(0x9fc00, 0x400, RES), E(0xf0000, 0x10000, RES),
        E(0x100000, 0x100000, RAM), E(0x200000, 0xb4000, RES),
        E(0x2b4000, 0xfd2c000, RAM), E(0xffe0000, 0x20000, RES),
        E(0xfffc0000, 0x40000, RES), E(0xfd00000000ULL, 0x300000000ULL, RES),
    };
    struct e820entry g[E820_MAX];
    unsigned int n, i;

    map_set(qemu_256m, ARRAY_SIZE(qemu_256m));
    e820_sanitize(&m);
    n = e820_guest_map(&m, fake_is_ram, NULL, g, E820_MAX);
    EXPECT(guest_map_ok(g, n));
    if ( !EXPECT_EQ(n, ARRAY_SIZE(want)) )
        return;
    for ( i = 0; i < n; i++ )
        EXPECT(g[i].addr == want[i].addr && g[i].size == want[i].size &&
               g[i].type == want[i].type);
}

/* Unaligned starts, sub-page entries, and RAM beyond what the guest has. */
TEST(e820_guest_map_odd_entries)
{
    static const struct e820entry host[] = {
        E(0x800, 0x800, RAM),                   /* no whole page */
        E(0x1000, 0x400, RES),
        E(0x1400, 0x3000, RAM),                 /* whole: 0x2000-0x3fff */
        E(0x4400, 0xbc00, RES),
        E(0x3ffff000, 0x2000, RAM),             /* the last page is not ours */
    };
    static const struct e820entry want[] = {
        E(0x1000, 0x400, RES), E(0x2000, 0x2000, RAM),
        E(0x4400, 0xbc00, RES), E(0x3ffff000, 0x1000, RAM),
        E(0x40000000, 0x1000, RES),
    };
    struct e820entry g[E820_MAX];
    unsigned int n, i;

    map_set(host, ARRAY_SIZE(host));
    e820_sanitize(&m);
    n = e820_guest_map(&m, fake_is_ram, NULL, g, E820_MAX);
    EXPECT(guest_map_ok(g, n));
    if ( !EXPECT_EQ(n, ARRAY_SIZE(want)) )
        return;
    for ( i = 0; i < n; i++ )
        EXPECT(g[i].addr == want[i].addr && g[i].size == want[i].size &&
               g[i].type == want[i].type);
    /* A full output stops at max. */
    EXPECT_EQ(e820_guest_map(&m, fake_is_ram, NULL, g, 2), 2);
}

/*
 * Any sanitised map gives a clean guest map (random maps scaled by 1 KiB,
 * so entries start and end both on and off page boundaries).
 */
TEST(e820_guest_map_random)
{
    struct e820entry g[E820_MAX];
    unsigned int r, n, i;

    srand(8020);
    for ( r = 0; r < 500; r++ )
    {
        random_map(&m, 0);
        for ( i = 0; i < m.nr_map; i++ )
        {
            m.map[i].addr *= 0x400;
            m.map[i].size *= 0x400;
        }
        e820_sanitize(&m);
        n = e820_guest_map(&m, fake_is_ram, NULL, g, E820_MAX);
        if ( !EXPECT(guest_map_ok(g, n)) )
            return;
    }
}
