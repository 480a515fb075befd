/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant entries already in use, and the table dump.
 *
 * An entry mapped once (pinned) whose granter then marks it sub-page or
 * gives it cache attributes (GTF_PWT/PCD/PAT) must not be mapped again:
 * a first mapping of such an entry is refused, and Xen 4.17 checks the
 * cache flags on every map and refuses to map a sub-page active entry.
 * We used to skip those checks for a pinned entry.
 *
 * GNTTABOP_dump_table: Xen 4.17 has no handler for it, so every caller
 * gets -ENOSYS (it let any guest print thousands of lines under its
 * table's lock here); the 'g' debug key dumps the tables instead.
 */
#include "guest.h"
#include "grant.h"

#include <public/grant_table.h>
#include <public/memory.h>

#define REF 12

static uint8_t page[4096] __aligned(4096);

static int16_t map_at(uint64_t addr, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = addr, .flags = GNTMAP_host_map | flags, .ref = REF,
        .dom = 0, .status = 99,
    };

    if ( gnttab_op(GNTTABOP_map_grant_ref, &m, 1) )
        return 99;
    if ( h )
        *h = m.handle;
    return m.status;
}

static void unmap(uint64_t addr, grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = addr, .handle = h };

    gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1);
    check_eq(u.status, GNTST_okay, "unmap");
}

static void check_refused_when_pinned(volatile grant_entry_v1_t *e,
                                      uint64_t at, uint16_t flag,
                                      const char *name)
{
    char what[80];

    e->flags |= flag;
    snprintf(what, sizeof(what), "pinned entry made %s: rw map refused",
             name);
    check_eq((uint16_t)map_at(at, 0, NULL), (uint16_t)GNTST_general_error,
             what);
    snprintf(what, sizeof(what), "pinned entry made %s: ro map refused",
             name);
    check_eq((uint16_t)map_at(at, GNTMAP_readonly, NULL),
             (uint16_t)GNTST_general_error, what);
    e->flags &= ~flag;
}

static void check_dump_table(void)
{
    struct gnttab_dump_table d = { .dom = DOMID_SELF, .status = 7 };

    check_eq_rc(gnttab_op(GNTTABOP_dump_table, &d, 1), -XEN_ENOSYS,
                "dump_table of our own table: ENOSYS (Xen 4.17)");
    d.dom = 0;
    check_eq_rc(gnttab_op(GNTTABOP_dump_table, &d, 1), -XEN_ENOSYS,
                "dump_table of domain 0: ENOSYS");
    d.dom = 77;
    check_eq_rc(gnttab_op(GNTTABOP_dump_table, &d, 1), -XEN_ENOSYS,
                "dump_table of no domain: ENOSYS");
}

void test_main(void)
{
    uint64_t spare = guest_unbacked_addr();
    volatile grant_entry_v1_t *gt;
    grant_handle_t h1 = 0, h2 = 0;

    check_dump_table();
    if ( !spare )
    {
        check_skip("pinned grants", "no unbacked guest-physical space");
        return;
    }
    gt = gnttab_frame0_at(spare);
    gt[REF].domid = 0;
    gt[REF].frame = (unsigned long)page >> 12;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gt[REF].flags = GTF_permit_access;
    check_eq(map_at(spare + PAGE_SIZE, 0, &h1), GNTST_okay, "first map");
    check_refused_when_pinned(&gt[REF], spare + 2 * PAGE_SIZE, GTF_sub_page,
                              "sub-page");
    check_refused_when_pinned(&gt[REF], spare + 2 * PAGE_SIZE, GTF_PCD,
                              "PCD");
    check_refused_when_pinned(&gt[REF], spare + 2 * PAGE_SIZE, GTF_PWT,
                              "PWT");
    check_refused_when_pinned(&gt[REF], spare + 2 * PAGE_SIZE, GTF_PAT,
                              "PAT");
    check_eq(map_at(spare + 2 * PAGE_SIZE, 0, &h2), GNTST_okay,
             "plain again: second map works");
    unmap(spare + 2 * PAGE_SIZE, h2);
    unmap(spare + PAGE_SIZE, h1);
    check_eq(gt[REF].flags, GTF_permit_access, "entry unused at the end");
}
