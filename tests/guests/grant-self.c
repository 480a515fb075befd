/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables from dom0 to itself, the path Linux's gntalloc and gntdev
 * take: map grant-table frame 0 with add_to_physmap, grant a page of our
 * own to domid 0, map the grant at an unbacked guest frame and compare
 * the bytes both ways, unmap, then GNTTABOP_copy out of the grant.
 *
 * Xen 4.17 differs here on purpose: mapping a self-grant into its PVH
 * dom0 moves the frame, leaving the granted gfn a hole (reads ~0), so
 * the byte checks and the later copy fail there.  We keep both gfns
 * mapped, which is what Linux's gntalloc + gntdev in one dom0 need.
 */
#include "guest.h"
#include "grant.h"

#include <public/grant_table.h>
#include <public/memory.h>

#define REF 10

static uint8_t page[4096] __aligned(4096);
static uint8_t copy_dst[4096] __aligned(4096);

static unsigned long gfn_of(const void *p)
{
    return (unsigned long)p >> 12;
}

static void check_sizes(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_get_version v = { .dom = DOMID_SELF };

    check_eq_rc(gnttab_op(GNTTABOP_query_size, &q, 1), 0, "query_size");
    check_eq(q.status, GNTST_okay, "query_size status");
    CHECK(q.nr_frames >= 1 && q.max_nr_frames >= q.nr_frames,
          "query_size frame counts");
    check_eq_rc(gnttab_op(GNTTABOP_get_version, &v, 1), 0, "get_version");
    check_eq(v.version, 1, "version 1");
}

static grant_handle_t map_at(uint64_t addr, grant_ref_t ref, int16_t want)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = addr, .flags = GNTMAP_host_map, .ref = ref, .dom = 0,
    };

    check_eq_rc(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0,
                "map_grant_ref call");
    check_eq((uint16_t)m.status, (uint16_t)want, "map_grant_ref status");
    return m.handle;
}

static void map_and_compare(grant_entry_v1_t *gt, uint64_t addr)
{
    volatile uint8_t *mapped = (volatile uint8_t *)(unsigned long)addr;
    struct gnttab_unmap_grant_ref u = { .host_addr = addr };
    unsigned int i, same = 1;

    for ( i = 0; i < 4096; i++ )
        page[i] = (uint8_t)(i * 7 + 3);
    u.handle = map_at(addr, REF, GNTST_okay);
    check_eq(gt[REF].flags,
             GTF_permit_access | GTF_reading | GTF_writing,
             "entry in use while mapped");
    for ( i = 0; i < 4096; i++ )
        same &= mapped[i] == page[i];
    CHECK(same, "bytes through the grant mapping match");
    mapped[100] = 0x5a;
    check_eq(page[100], 0x5a, "a write through the mapping reaches the page");
    check_eq_rc(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
                "unmap_grant_ref call");
    check_eq(u.status, GNTST_okay, "unmap_grant_ref status");
    check_eq(gt[REF].flags, GTF_permit_access, "entry unused after unmap");
    check_eq_rc(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
                "second unmap call");
    check_eq((uint16_t)u.status, (uint16_t)GNTST_bad_handle,
             "second unmap: bad handle");
}

static void copy_out(void)
{
    struct gnttab_copy c = {
        .len = 64, .flags = GNTCOPY_source_gref,
    };
    unsigned int i, same = 1;

    c.source.u.ref = REF, c.source.domid = 0, c.source.offset = 64;
    c.dest.u.gmfn = gfn_of(copy_dst), c.dest.domid = DOMID_SELF;
    check_eq_rc(gnttab_op(GNTTABOP_copy, &c, 1), 0, "copy call");
    check_eq(c.status, GNTST_okay, "copy status");
    for ( i = 0; i < 64; i++ )
        same &= copy_dst[i] == page[64 + i];
    CHECK(same, "copied bytes match");
    c.source.offset = 4090;
    check_eq_rc(gnttab_op(GNTTABOP_copy, &c, 1), 0, "bad copy call");
    check_eq((uint16_t)c.status, (uint16_t)GNTST_bad_copy_arg,
             "copy across a page end");
}

void test_main(void)
{
    uint64_t spare = guest_unbacked_addr();
    grant_entry_v1_t *gt;

    if ( !spare )
    {
        check_skip("grant tables", "no unbacked guest-physical space");
        return;
    }
    check_sizes();
    gt = gnttab_frame0_at(spare);
    gt[REF].domid = 0;
    gt[REF].frame = gfn_of(page);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gt[REF].flags = GTF_permit_access;
    map_and_compare(gt, spare + PAGE_SIZE);
    map_at(spare + 2 * PAGE_SIZE, 4096 * 64, GNTST_bad_gntref);
    map_at(spare + 2 * PAGE_SIZE, REF + 1, GNTST_general_error);
    copy_out();
}
