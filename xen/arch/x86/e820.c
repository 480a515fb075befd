/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot memory map.  Firmware maps may be unsorted, overlapping, with
 * zero-sized or adjacent entries; everything after boot works on the
 * sanitised map produced here.
 *
 * The algorithm sweeps over the sorted set of entry boundaries: each
 * elementary interval between two consecutive boundaries takes the
 * highest-ranked type of the entries covering it (RAM ranks lowest), and
 * neighbouring intervals of one type are merged.  O(n^2) on at most
 * E820_MAX entries, no allocation: fine at boot.
 */
#include <xen/lib.h>
#include <asm/e820.h>
#include <asm/page.h>

struct e820map e820;

/* How restrictive a type is: the higher rank wins an overlap. */
static unsigned int type_rank(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return 1;
    case E820_ACPI:     return 2;
    case E820_NVS:      return 3;
    case E820_UNUSABLE: return 4;
    default:            return 5;   /* reserved and unknown types */
    }
}

static void sort_points(uint64_t *p, unsigned int n)
{
    unsigned int i, j;

    for ( i = 1; i < n; i++ )
    {
        uint64_t v = p[i];

        for ( j = i; j > 0 && p[j - 1] > v; j-- )
            p[j] = p[j - 1];
        p[j] = v;
    }
}

/* Type covering [lo, hi) in the old map, or 0 if none does. */
static uint32_t type_at(const struct e820entry *old, unsigned int n,
                        uint64_t lo, uint64_t hi)
{
    uint32_t best = 0;
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        uint64_t end = old[i].addr + old[i].size;

        if ( old[i].addr <= lo && end >= hi &&
             (!best || type_rank(old[i].type) > type_rank(best)) )
            best = old[i].type;
    }
    return best;
}

static void append(struct e820map *m, uint64_t lo, uint64_t hi,
                   uint32_t type)
{
    struct e820entry *last = m->nr_map ? &m->map[m->nr_map - 1] : NULL;

    if ( last && last->type == type && last->addr + last->size == lo )
        last->size += hi - lo;
    else if ( m->nr_map < E820_MAX )
        m->map[m->nr_map++] = (struct e820entry){ lo, hi - lo, type };
}

unsigned int e820_sanitize(struct e820map *m)
{
    static struct e820entry old[E820_MAX];
    static uint64_t pts[2 * E820_MAX];
    unsigned int i, n = 0, npts = 0;

    for ( i = 0; i < m->nr_map && i < E820_MAX; i++ )
    {
        /* Drop empty entries and clip ones that wrap the address space. */
        if ( !m->map[i].size )
            continue;
        old[n] = m->map[i];
        /*
         * Clip at the top of the address space.  The end must stay
         * representable: an end of 2^64 would wrap to 0 and the entry
         * would cover nothing, so the last byte is given up instead.
         */
        if ( old[n].addr + old[n].size <= old[n].addr )
            old[n].size = ~old[n].addr;
        pts[npts++] = old[n].addr;
        pts[npts++] = old[n].addr + old[n].size;
        n++;
    }
    sort_points(pts, npts);

    m->nr_map = 0;
    for ( i = 0; i + 1 < npts; i++ )
    {
        uint32_t type;

        if ( pts[i] == pts[i + 1] )
            continue;
        type = type_at(old, n, pts[i], pts[i + 1]);
        if ( type )
            append(m, pts[i], pts[i + 1], type);
    }
    return m->nr_map;
}

int e820_change_range_type(struct e820map *m, uint64_t start, uint64_t end,
                           uint32_t type)
{
    if ( start >= end )
        return 0;
    if ( m->nr_map >= E820_MAX )
        return -1;
    /* A higher-ranked type wins in sanitize, so add and re-sanitise. */
    if ( type_rank(type) > type_rank(E820_RAM) )
    {
        m->map[m->nr_map++] = (struct e820entry){ start, end - start, type };
        e820_sanitize(m);
        return 0;
    }
    return -1;
}

uint64_t e820_ram_total(const struct e820map *m)
{
    uint64_t total = 0;
    unsigned int i;

    for ( i = 0; i < m->nr_map; i++ )
        if ( m->map[i].type == E820_RAM )
            total += m->map[i].size;
    return total;
}

uint64_t e820_ram_end(const struct e820map *m)
{
    uint64_t end = 0;
    unsigned int i;

    for ( i = 0; i < m->nr_map; i++ )
        if ( m->map[i].type == E820_RAM )
            end = max(end, m->map[i].addr + m->map[i].size);
    return end;
}

/* Append [addr, addr + size) to out[], merging with a contiguous entry. */
static void guest_map_add(struct e820entry *out, unsigned int *nr,
                          unsigned int max, uint64_t addr, uint64_t size,
                          uint32_t type)
{
    struct e820entry *last = *nr ? &out[*nr - 1] : NULL;

    if ( last && last->type == type && last->addr + last->size == addr )
        last->size += size;
    else if ( *nr < max )
        out[(*nr)++] = (struct e820entry){ addr, size, type };
}

unsigned int e820_guest_map(const struct e820map *m,
                            bool (*is_ram)(const void *ctx, uint64_t pa),
                            const void *ctx, struct e820entry *out,
                            unsigned int max)
{
    unsigned int i, nr = 0;
    uint64_t pa, start, end;

    for ( i = 0; i < m->nr_map; i++ )
    {
        const struct e820entry *e = &m->map[i];

        if ( e->type != E820_RAM )
        {
            guest_map_add(out, &nr, max, e->addr, e->size, e->type);
            continue;
        }
        /* Whole pages only: a partial one at either end is left out. */
        start = ROUNDUP(e->addr, PAGE_SIZE);
        end = (e->addr + e->size) & PAGE_MASK;
        for ( pa = start; pa < end; pa += PAGE_SIZE )
            guest_map_add(out, &nr, max, pa, PAGE_SIZE,
                          is_ram(ctx, pa) ? E820_RAM : E820_RESERVED);
    }
    return nr;
}
