/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1 (xen/common/grant_table.c, grant_map.c,
 * grant_copy.c): table ops, the entry flag state machine of map and
 * unmap, every refusal (bad refs, domains, flags, addresses, handles),
 * copy in all directions, batches with continuation, and teardown;
 * domain references (issue 7, item 4): a dying granter takes no new
 * maps, copies or table, lives on as a zombie while mapped, and an
 * unmap after its domid went to another domain unpins the right entry.
 * Stand-ins for the p2m, heap and domains are in gnttab-fake.h.
 */
#include "gnttab-fake.h"

#define GFN_SRC     0x100   /* d0's granted RAM */
#define GFN_MAP     0x900   /* an empty slot for mappings */

/* d0 grants its frame at GFN_SRC to domid under ref, with flags. */
static void grant(grant_ref_t ref, domid_t domid, uint16_t flags)
{
    grant_entry_v1_t *e = gt_shared_entry(gt_get(&d0), ref);

    e->domid = domid;
    e->frame = GFN_SRC;
    e->flags = flags;
}

static uint16_t flags_of(grant_ref_t ref)
{
    return gt_shared_entry(gt_get(&d0), ref)->flags;
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, domid_t dom,
                                          unsigned long gfn, uint32_t fl)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (uint64_t)gfn << PAGE_SHIFT, .flags = fl,
        .ref = ref, .dom = dom, .status = 99,
    };

    return op;
}

static int16_t do_map(grant_ref_t ref, domid_t dom, unsigned long gfn,
                      uint32_t fl, grant_handle_t *h)
{
    struct gnttab_map_grant_ref op = map_op(ref, dom, gfn, fl);

    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, &op, 1), 0);
    if ( h )
        *h = op.handle;
    return op.status;
}

static int16_t do_unmap(grant_handle_t h, unsigned long gfn)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = (uint64_t)gfn << PAGE_SHIFT, .handle = h,
        .status = 99,
    };

    EXPECT_EQ(gop(GNTTABOP_unmap_grant_ref, &op, 1), 0);
    return op.status;
}

TEST(query_size_and_versions)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames sf = { .dom = DOMID_SELF };

    fake_reset();
    EXPECT_EQ(gop(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_okay);
    EXPECT_EQ(q.nr_frames, 1);
    EXPECT_EQ(q.max_nr_frames, 64);
    EXPECT_EQ(gop(GNTTABOP_query_size, &q, 2), -EINVAL);
    EXPECT_EQ(gop(GNTTABOP_query_size, (void *)BAD_VA, 1), -EFAULT);
    q.dom = 9;
    EXPECT_EQ(gop(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_bad_domain);
    test_current = &v1;
    q.dom = 0;
    EXPECT_EQ(gop(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_permission_denied);

    EXPECT_EQ(gop(GNTTABOP_set_version, &sv, 1), 0);
    EXPECT_EQ(sv.version, 1);
    sv.version = 2;
    EXPECT_EQ(gop(GNTTABOP_set_version, &sv, 1), -ENOSYS);
    EXPECT_EQ(sv.version, 1);
    sv.version = 3;
    EXPECT_EQ(gop(GNTTABOP_set_version, &sv, 1), -EINVAL);
    EXPECT_EQ(gop(GNTTABOP_get_version, &gv, 1), 0);
    EXPECT_EQ(gv.version, 1);
    gv.dom = 0;
    EXPECT_EQ(gop(GNTTABOP_get_version, &gv, 1), -EPERM);
    gv.dom = 9;
    EXPECT_EQ(gop(GNTTABOP_get_version, &gv, 1), -ESRCH);

    EXPECT_EQ(gop(GNTTABOP_get_status_frames, &sf, 1), 0);
    EXPECT_EQ(sf.status, GNTST_okay);
    sf.nr_frames = 1;
    EXPECT_EQ(gop(GNTTABOP_get_status_frames, &sf, 1), 0);
    EXPECT_EQ(sf.status, GNTST_general_error);
    EXPECT_EQ(gop(GNTTABOP_get_status_frames, &sf, 0), -EINVAL);
}

TEST(dispatch_refusals)
{
    struct gnttab_dump_table dt = { .dom = DOMID_SELF };

    fake_reset();
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref | (1U << 12), NULL, 0), -EINVAL);
    EXPECT_EQ(gop(GNTTABOP_copy, NULL, 0x80000000U), -EINVAL);
    EXPECT_EQ(gop(GNTTABOP_transfer, NULL, 1), -ENOSYS);
    EXPECT_EQ(gop(GNTTABOP_unmap_and_replace, NULL, 1), -ENOSYS);
    EXPECT_EQ(gop(GNTTABOP_swap_grant_ref, NULL, 1), -ENOSYS);
    EXPECT_EQ(gop(GNTTABOP_cache_flush, NULL, 1), -ENOSYS);
    EXPECT_EQ(gop(99, NULL, 1), -ENOSYS);
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, NULL, 0), 0);
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, (void *)BAD_VA, 1), -EFAULT);
    /*
     * Xen 4.17 has no dump_table handler: -ENOSYS for everyone, its own
     * table and others', privileged or not (the 'g' key dumps instead).
     */
    dt.status = 7;
    EXPECT_EQ(gop(GNTTABOP_dump_table, &dt, 1), -ENOSYS);
    EXPECT_EQ(dt.status, 7);
    dt.dom = 5;
    EXPECT_EQ(gop(GNTTABOP_dump_table, &dt, 1), -ENOSYS);
    /* The key walks every domain's table. */
    gt_get(&d0);
    domain_list = &d0;
    gnttab_dump('g');
    domain_list = NULL;
}

TEST(setup_table_and_frames)
{
    unsigned long list[8];
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 4 };
    struct grant_table *gt;

    fake_reset();
    set_xen_guest_handle(st.frame_list, list);
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_okay);
    gt = gt_find(&d0);
    EXPECT_EQ(gt->nr_frames, 4);
    EXPECT_EQ(list[0], ~0UL);                   /* not mapped yet */
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 0, 0x800, 0, 0), 0);
    EXPECT_EQ(p2m_type(&d0, 0x800), p2m_ram_rw);
    EXPECT_EQ(p2m_mfn(&d0, 0x800), virt_to_mfn(gt->shared[0]));
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(list[0], 0x800);
    /* Moving frame 0 empties the old slot. */
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 0, 0x801, 0, 0), 0);
    EXPECT_EQ(p2m_type(&d0, 0x800), p2m_invalid);
    /* Beyond the end grows the table; status frames and >= max fail. */
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 9, 0x802, 0, 0), 0);
    EXPECT_EQ(gt->nr_frames, 10);
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table,
                          XENMAPIDX_grant_table_status, 0x803, 0, 0),
              -EINVAL);
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 64, 0x803, 0, 0),
              -EINVAL);
    st.nr_frames = 65;
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_general_error);
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 2), -EINVAL);
    st.nr_frames = 2;
    set_xen_guest_handle(st.frame_list, (void *)BAD_VA);
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_bad_virt_addr);
    st.dom = 7;
    EXPECT_EQ(gop(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_bad_domain);
}

TEST(setup_table_compat)
{
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct compat_setup_table *c = (void *)low;
    uint32_t *list = (void *)(low + 64);

    fake_reset();
    EXPECT(low != MAP_FAILED);
    test_compat = true;
    memset(low, 0xee, 128);
    c->dom = DOMID_SELF;
    c->nr_frames = 2;
    c->frame_list = (uint32_t)(uintptr_t)list;
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 1, 0x805, 0, 0), 0);
    EXPECT_EQ(gop(GNTTABOP_setup_table, c, 1), 0);
    EXPECT_EQ(c->status, GNTST_okay);
    EXPECT_EQ(list[0], 0xffffffffU);
    EXPECT_EQ(list[1], 0x805);
    EXPECT_EQ(low[64 + 8], 0xee);               /* 4-byte entries */
    munmap(low, 4096);
}

/* The flag state machine: granted -> reading|writing -> reading -> 0. */
TEST(map_unmap_flag_states)
{
    unsigned long mfn;
    grant_handle_t hw, hr;
    struct gnttab_map_grant_ref op;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(8, 1, GTF_permit_access);
    test_current = &v1;
    op = map_op(8, 0, GFN_MAP, GNTMAP_host_map);
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, &op, 1), 0);
    EXPECT_EQ(op.status, GNTST_okay);
    hw = op.handle;
    EXPECT_EQ(op.dev_bus_addr, (uint64_t)mfn << PAGE_SHIFT);
    EXPECT_EQ(flags_of(8), GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP), p2m_grant_map_rw);
    EXPECT_EQ(p2m_mfn(&d1, GFN_MAP), mfn);
    EXPECT_EQ(refs(mfn), 2);
    EXPECT_EQ(do_map(8, 0, GFN_MAP + 1, GNTMAP_host_map | GNTMAP_readonly,
                     &hr), GNTST_okay);
    EXPECT(hr != hw);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP + 1), p2m_grant_map_ro);
    EXPECT_EQ(refs(mfn), 3);
    EXPECT_EQ(gt_active(gt_find(&d0), 8)->pin_rw, 1);
    EXPECT_EQ(gt_active(gt_find(&d0), 8)->pin_ro, 1);
    /* The writable map goes: reading stays for the read-only one. */
    EXPECT_EQ(do_unmap(hw, GFN_MAP), GNTST_okay);
    EXPECT_EQ(flags_of(8), GTF_permit_access | GTF_reading);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP), p2m_invalid);
    EXPECT_EQ(do_unmap(hr, GFN_MAP + 1), GNTST_okay);
    EXPECT_EQ(flags_of(8), GTF_permit_access);
    EXPECT_EQ(refs(mfn), 1);
    EXPECT_EQ(gt_find(&d1)->mt_used, 0);
    /* Unused again: the granter may revoke, and a new map fails. */
    gt_shared_entry(gt_find(&d0), 8)->flags = 0;
    EXPECT_EQ(do_map(8, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(flags_of(8), 0);
}

TEST(map_refusals)
{
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    give_ram(&d1, GFN_MAP + 5);
    grant(1, 1, GTF_permit_access);
    grant(2, 2, GTF_permit_access);              /* for d2 only */
    grant(3, 1, GTF_permit_access | GTF_readonly);
    grant(4, 1, GTF_permit_access | GTF_sub_page);
    grant(5, 1, GTF_permit_access | GTF_PCD);
    grant(6, 1, GTF_accept_transfer);
    test_current = &v1;
    EXPECT_EQ(do_map(512, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_bad_gntref);                 /* one frame: 512 refs */
    EXPECT_EQ(do_map(0xffffffff, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_bad_gntref);
    EXPECT_EQ(do_map(7, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);              /* not granted */
    EXPECT_EQ(do_map(2, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);              /* someone else's */
    EXPECT_EQ(do_map(3, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);              /* r/o grant, rw map */
    EXPECT_EQ(flags_of(3), GTF_permit_access | GTF_readonly);
    EXPECT_EQ(do_map(4, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(do_map(5, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(do_map(6, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(do_map(1, 0, GFN_MAP, 0, NULL), GNTST_bad_gntref);
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map | GNTMAP_device_map,
                     NULL), GNTST_general_error);
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_device_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map |
                     GNTMAP_application_map, NULL), GNTST_general_error);
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map | GNTMAP_contains_pte,
                     NULL), GNTST_general_error);
    EXPECT_EQ(do_map(1, DOMID_SELF, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_bad_domain);
    EXPECT_EQ(do_map(1, 44, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_bad_domain);
    /* The slot is taken by RAM: refused, and the entry left unused. */
    EXPECT_EQ(do_map(1, 0, GFN_MAP + 5, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
    EXPECT_EQ(refs(mfn), 1);
    /* Beyond the p2m. */
    EXPECT_EQ(do_map(1, 0, FAKE_GFNS + 3, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
    EXPECT_EQ(gt_find(&d1)->mt_used, 0);
    /* r/o grant, r/o map: fine. */
    EXPECT_EQ(do_map(3, 0, GFN_MAP, GNTMAP_host_map | GNTMAP_readonly,
                     NULL), GNTST_okay);
    EXPECT_EQ(flags_of(3), GTF_permit_access | GTF_readonly | GTF_reading);
}

TEST(map_bad_frames)
{
    struct grant_table *gt;

    fake_reset();
    gt = gt_get(&d0);
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    gt_shared_entry(gt, 1)->frame = 0x777;       /* nothing there */
    grant(2, 1, GTF_permit_access);
    gt_shared_entry(gt, 2)->frame = 0x800;       /* its grant table */
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 0, 0x800, 0, 0), 0);
    grant(3, 1, GTF_permit_access);
    gt_shared_entry(gt, 3)->frame = 0x300;
    p2m_set_entry(&d0, 0x300, 0xfee00, 0, p2m_mmio_direct);
    grant(4, 1, GTF_permit_access);
    gt_shared_entry(gt, 4)->frame = 0x301;
    give_ram(&d0, 0x301);
    p2m_set_entry(&d0, 0x301, p2m_mfn(&d0, 0x301), 0, p2m_ram_ro);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_bad_page);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
    EXPECT_EQ(do_map(2, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_bad_page);
    EXPECT_EQ(do_map(3, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_bad_page);
    EXPECT_EQ(do_map(4, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_bad_page);
    EXPECT_EQ(do_map(4, 0, GFN_MAP, GNTMAP_host_map | GNTMAP_readonly,
                     NULL), GNTST_okay);
    EXPECT_EQ(flags_of(4), GTF_permit_access | GTF_reading);
}

TEST(one_domain_per_entry)
{
    grant_handle_t h;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    /* d0 re-grants the pinned entry to d2: still d1's while pinned. */
    gt_shared_entry(gt_find(&d0), 1)->domid = 2;
    test_current = &v2;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, NULL),
              GNTST_general_error);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP + 1, GNTMAP_host_map, NULL), GNTST_okay);
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_rw, 2);
}

/*
 * An entry already pinned (mapped once) and then made sub-page or given
 * cache attributes by its granter: a further mapping is refused as a
 * first one would be (Xen checks the cache flags on every map and
 * refuses maps of a sub-page active entry); a copy is still fine.
 */
TEST(pinned_entry_rechecks_map_refusals)
{
    static const uint16_t bad[] = { GTF_sub_page, GTF_PCD, GTF_PWT, GTF_PAT };
    grant_entry_v1_t *e;
    grant_handle_t h;
    unsigned int i;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    e = gt_shared_entry(gt_get(&d0), 1);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        e->flags |= bad[i];
        EXPECT_EQ(do_map(1, 0, GFN_MAP + 1 + i, GNTMAP_host_map, NULL),
                  GNTST_general_error);
        EXPECT_EQ(do_map(1, 0, GFN_MAP + 20 + i,
                         GNTMAP_host_map | GNTMAP_readonly, NULL),
                  GNTST_general_error);
        e->flags &= ~bad[i];
    }
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_rw, 1);
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_ro, 0);
    /* Without them a second mapping works again. */
    EXPECT_EQ(do_map(1, 0, GFN_MAP + 9, GNTMAP_host_map, NULL), GNTST_okay);
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_rw, 2);
}

TEST(unmap_checks)
{
    grant_handle_t h;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_unmap(0, GFN_MAP), GNTST_bad_handle);   /* no table yet */
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(do_unmap(h + 1, GFN_MAP), GNTST_bad_handle);  /* free */
    EXPECT_EQ(do_unmap(0x7fffffff, GFN_MAP), GNTST_bad_handle);
    EXPECT_EQ(do_unmap(h, GFN_MAP + 1), GNTST_general_error);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP), p2m_grant_map_rw);
    /* Another domain cannot use d1's handle. */
    test_current = &v2;
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_bad_handle);
    test_current = &v0;
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_bad_handle);
    test_current = &v1;
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_okay);
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_bad_handle);     /* twice */
    EXPECT_EQ(flags_of(1), GTF_permit_access);
}

/* The scenario: dom0 grants a page to itself (gntalloc) and
 * maps it elsewhere in its own physmap (gntdev); the bytes match. */
TEST(dom0_self_grant_bytes_match)
{
    unsigned long mfn;
    grant_handle_t h;
    uint8_t *src;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    src = mfn_to_virt(mfn);
    memcpy(src, "hello through a grant", 22);
    grant(9, 0, GTF_permit_access);
    EXPECT_EQ(do_map(9, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(p2m_mfn(&d0, GFN_MAP), mfn);
    EXPECT(!memcmp(mfn_to_virt(p2m_mfn(&d0, GFN_MAP)),
                   "hello through a grant", 22));
    EXPECT_EQ(flags_of(9), GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_okay);
    EXPECT_EQ(flags_of(9), GTF_permit_access);
}

static struct gnttab_copy copy_op(uint16_t flags, uint64_t s, domid_t sd,
                                  uint64_t d, domid_t dd, uint16_t len)
{
    struct gnttab_copy op = { .len = len, .flags = flags, .status = 99 };

    op.source.domid = sd, op.dest.domid = dd;
    if ( flags & GNTCOPY_source_gref )
        op.source.u.ref = s;
    else
        op.source.u.gmfn = s;
    if ( flags & GNTCOPY_dest_gref )
        op.dest.u.ref = d;
    else
        op.dest.u.gmfn = d;
    return op;
}

static int16_t do_copy(struct gnttab_copy op)
{
    EXPECT_EQ(gop(GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

TEST(copy_directions)
{
    unsigned long gm, own;
    struct gnttab_copy op;

    fake_reset();
    gm = give_ram(&d0, GFN_SRC);
    own = give_ram(&d1, 0x200);
    grant(1, 1, GTF_permit_access);
    memcpy(mfn_to_virt(gm), "granted bytes", 14);
    test_current = &v1;
    /* From the grant into our own frame, at offsets. */
    op = copy_op(GNTCOPY_source_gref, 1, 0, 0x200, DOMID_SELF, 7);
    op.dest.offset = 100;
    nr_marked = 0;
    EXPECT_EQ(do_copy(op), GNTST_okay);
    /* Our frame written: marked for log-dirty, the source not. */
    EXPECT_EQ(nr_marked, 1);
    EXPECT(marked_d == &d1 && marked_gfn == 0x200);
    EXPECT(!memcmp((uint8_t *)mfn_to_virt(own) + 100, "granted", 7));
    EXPECT_EQ(flags_of(1), GTF_permit_access);   /* pin released */
    EXPECT_EQ(refs(gm), 1);
    EXPECT_EQ(refs(own), 1);
    /* From our frame into the grant. */
    memcpy(mfn_to_virt(own), "XY", 2);
    op = copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 1, 0, 2);
    op.dest.offset = 4090;
    nr_marked = 0;
    EXPECT_EQ(do_copy(op), GNTST_okay);
    /* The granter's frame written through its grant: marked in it. */
    EXPECT_EQ(nr_marked, 1);
    EXPECT(marked_d == &d0 && marked_gfn == GFN_SRC);
    EXPECT(!memcmp((uint8_t *)mfn_to_virt(gm) + 4090, "XY", 2));
    /* Grant to grant (the same entry on both sides). */
    op = copy_op(GNTCOPY_source_gref | GNTCOPY_dest_gref, 1, 0, 1, 0, 4);
    op.dest.offset = 2000;
    EXPECT_EQ(do_copy(op), GNTST_okay);
    EXPECT(!memcmp((uint8_t *)mfn_to_virt(gm) + 2000, "gran", 4));
    EXPECT_EQ(flags_of(1), GTF_permit_access);
}

TEST(copy_refusals)
{
    unsigned long gm;

    fake_reset();
    gm = give_ram(&d0, GFN_SRC);
    give_ram(&d1, 0x200);
    grant(1, 1, GTF_permit_access | GTF_readonly);
    grant(2, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 1, 0, 0x200, DOMID_SELF,
                              4096)), GNTST_okay);
    {
        struct gnttab_copy op = copy_op(GNTCOPY_source_gref, 1, 0, 0x200,
                                        DOMID_SELF, 2);

        op.source.offset = 4095;
        EXPECT_EQ(do_copy(op), GNTST_bad_copy_arg);
        op.source.offset = 0, op.dest.offset = 4095;
        EXPECT_EQ(do_copy(op), GNTST_bad_copy_arg);
    }
    /* A read-only grant as destination. */
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 1, 0,
                              4)), GNTST_general_error);
    EXPECT_EQ(flags_of(1), GTF_permit_access | GTF_readonly);
    /* Own frames only as DOMID_SELF, and only RAM that is there. */
    EXPECT_EQ(do_copy(copy_op(0, 0x200, 1, 0x200, DOMID_SELF, 4)),
              GNTST_permission_denied);
    EXPECT_EQ(do_copy(copy_op(0, 0x200, DOMID_SELF, 0x200, 0, 4)),
              GNTST_permission_denied);
    EXPECT_EQ(do_copy(copy_op(0, 0x999, DOMID_SELF, 0x200, DOMID_SELF, 4)),
              GNTST_bad_page);
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 600, 0, 0x200,
                              DOMID_SELF, 4)), GNTST_bad_gntref);
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 3, 0, 0x200,
                              DOMID_SELF, 4)), GNTST_general_error);
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 2, 9, 0x200,
                              DOMID_SELF, 4)), GNTST_bad_domain);
    /* Source pinned, destination bad: the source is released. */
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 2, 0, 0x999,
                              DOMID_SELF, 4)), GNTST_bad_page);
    EXPECT_EQ(flags_of(2), GTF_permit_access);
    EXPECT_EQ(refs(gm), 1);
    /* d2 was not granted anything. */
    test_current = &v2;
    EXPECT_EQ(do_copy(copy_op(GNTCOPY_source_gref, 2, 0, 0x200,
                              DOMID_SELF, 4)), GNTST_general_error);
}

TEST(copy_compat_layout)
{
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct compat_copy *c = (void *)low;
    unsigned long gm, own;

    fake_reset();
    gm = give_ram(&d0, GFN_SRC);
    own = give_ram(&d1, 0x200);
    grant(1, 1, GTF_permit_access);
    memcpy(mfn_to_virt(gm), "compat", 6);
    test_current = &v1;
    test_compat = true;
    memset(low, 0, 64);
    c[0].source.u = 1, c[0].source.domid = 0;
    c[0].dest.u = 0x200, c[0].dest.domid = DOMID_SELF;
    c[0].len = 6, c[0].flags = GNTCOPY_source_gref;
    c[1] = c[0];
    c[1].source.offset = 4095;
    EXPECT_EQ(gop(GNTTABOP_copy, c, 2), 0);
    EXPECT_EQ(c[0].status, GNTST_okay);
    EXPECT_EQ(c[1].status, GNTST_bad_copy_arg);
    EXPECT(!memcmp(mfn_to_virt(own), "compat", 6));
    munmap(low, 4096);
}

TEST(batch_continuation)
{
    struct gnttab_map_grant_ref ops[3];
    unsigned int i;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    for ( i = 0; i < 3; i++ )
    {
        grant(i + 1, 1, GTF_permit_access);
        ops[i] = map_op(i + 1, 0, GFN_MAP + i, GNTMAP_host_map);
    }
    test_current = &v1;
    preempt_after = 0;              /* the first check says "stop" */
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, ops, 3), -ERESTART);
    EXPECT_EQ(ops[0].status, GNTST_okay);
    EXPECT_EQ(ops[1].status, 99);
    EXPECT(set_arg_seen[1] && set_arg_seen[2]);
    EXPECT_EQ(set_args[1], va(&ops[1]));
    EXPECT_EQ(set_args[2], 2);
    EXPECT_EQ(gop(GNTTABOP_map_grant_ref, (void *)set_args[1],
                  set_args[2]), 0);
    EXPECT_EQ(ops[1].status, GNTST_okay);
    EXPECT_EQ(ops[2].status, GNTST_okay);
    EXPECT_EQ(gt_find(&d1)->mt_used, 3);
}

TEST(maptrack_grows)
{
    unsigned int i, ok = 0;
    grant_handle_t h = 0;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    for ( i = 0; i < MT_PER_CHUNK + 10; i++ )
        ok += do_map(1, 0, 0x400 + i, GNTMAP_host_map | GNTMAP_readonly,
                     &h) == GNTST_okay;
    EXPECT_EQ(ok, MT_PER_CHUNK + 10);
    EXPECT_EQ(gt_find(&d1)->mt_chunks, 2);
    EXPECT_EQ(h, MT_PER_CHUNK + 9);
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_ro, MT_PER_CHUNK + 10);
}

TEST(release_mappings_on_death)
{
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    grant(2, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_okay);
    EXPECT_EQ(do_map(2, 0, GFN_MAP + 1, GNTMAP_host_map | GNTMAP_readonly,
                     NULL), GNTST_okay);
    EXPECT_EQ(refs(mfn), 3);
    test_current = &v0;
    gnttab_release_mappings(&d1);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP), p2m_invalid);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP + 1), p2m_invalid);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
    EXPECT_EQ(flags_of(2), GTF_permit_access);
    EXPECT_EQ(refs(mfn), 1);
    EXPECT_EQ(gt_find(&d1)->mt_used, 0);
    grant_table_destroy(&d1);
    EXPECT(!gt_find(&d1));
    gnttab_release_mappings(&d1);               /* no table: harmless */
}

/* The granter frees the page while it is mapped: it lives on. */
TEST(granted_page_outlives_balloon)
{
    unsigned long mfn, before;
    grant_handle_t h;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    test_current = &v0;
    before = d0.tot_pages;
    EXPECT_EQ(remove_gfn(&d0, GFN_SRC), 0);
    EXPECT_EQ(d0.tot_pages, before - 1);
    EXPECT_EQ(heap_frees, 0);                   /* d1 still maps it */
    EXPECT_EQ(refs(mfn), 1);
    test_current = &v1;
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_okay);
    EXPECT_EQ(heap_frees, 1);
}

TEST(destroy_granter_while_mapped)
{
    unsigned long mfn;
    grant_handle_t h;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    grant_table_destroy(&d0);
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_okay);
    EXPECT_EQ(refs(mfn), 1);
    EXPECT_EQ(p2m_type(&d1, GFN_MAP), p2m_invalid);
}

/* dom0 maps over its own 1:1 MMIO (Linux's pick); unmap puts it back. */
TEST(dom0_map_over_own_mmio)
{
    grant_handle_t h;
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(1, 0, GTF_permit_access);
    grant(2, 1, GTF_permit_access);
    p2m_set_entry(&d0, 0xa00, 0xa00, 0, p2m_mmio_direct);
    p2m_set_entry(&d0, 0xa01, 0x5555, 0, p2m_mmio_direct);  /* not 1:1 */
    EXPECT_EQ(do_map(1, 0, 0xa00, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(p2m_type(&d0, 0xa00), p2m_grant_map_rw);
    EXPECT_EQ(p2m_mfn(&d0, 0xa00), mfn);
    EXPECT_EQ(do_map(1, 0, 0xa01, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(do_unmap(h, 0xa00), GNTST_okay);
    EXPECT_EQ(p2m_type(&d0, 0xa00), p2m_mmio_direct);
    EXPECT_EQ(p2m_mfn(&d0, 0xa00), 0xa00);
    /* A domU's MMIO is never overlaid. */
    test_current = &v1;
    p2m_set_entry(&d1, 0xa00, 0xa00, 0, p2m_mmio_direct);
    EXPECT_EQ(do_map(2, 0, 0xa00, GNTMAP_host_map, NULL),
              GNTST_general_error);
    EXPECT_EQ(p2m_type(&d1, 0xa00), p2m_mmio_direct);
}

/* ---- domain references (a dying domain, zombies, domid reuse) ---- */

/* "domain_kill()" of d as far as these tests need: dying, life gone. */
static void kill(struct domain *d)
{
    d->is_dying = true;
    put_domain(d);
}

TEST(dying_granter_refuses_new_work)
{
    struct gnttab_copy c = copy_op(GNTCOPY_source_gref, 1, 0, 0x200,
                                   DOMID_SELF, 8);

    fake_reset();
    give_ram(&d0, GFN_SRC);
    give_ram(&d1, 0x200);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    d0.is_dying = true;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, NULL), GNTST_bad_domain);
    EXPECT_EQ(do_copy(c), GNTST_bad_domain);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
    /* No table is made for a dying domain. */
    d2.is_dying = true;
    EXPECT(!gt_get(&d2));
    EXPECT(!gt_find(&d2));
    /* Lookups gave their references back. */
    EXPECT_EQ(d0.refcnt, 1);
    EXPECT_EQ(d2.refcnt, 1);
}

TEST(granter_is_a_zombie_while_mapped)
{
    grant_handle_t h;
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    test_current = &v1;
    EXPECT_EQ(do_map(1, 0, GFN_MAP, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(d0.refcnt, 2);                    /* life + the mapping */
    kill(&d0);
    EXPECT_EQ(destroyed, 0);                    /* zombie */
    EXPECT_EQ(do_unmap(h, GFN_MAP), GNTST_okay);
    EXPECT_EQ(destroyed, 1);
    EXPECT(last_destroyed == &d0);
    EXPECT_EQ(refs(mfn), 1);
}

/* d2's grant mapped by d1; d2 dies and id 2 now names d0. */
TEST(unmap_after_domid_reuse_unpins_the_granter)
{
    grant_entry_v1_t *e;
    grant_handle_t h0, h2;

    fake_reset();
    give_ram(&d0, GFN_SRC);
    grant(1, 1, GTF_permit_access);
    give_ram(&d2, 0x300);
    e = gt_shared_entry(gt_get(&d2), 1);
    e->domid = 1, e->frame = 0x300, e->flags = GTF_permit_access;
    test_current = &v1;
    EXPECT_EQ(do_map(1, 2, GFN_MAP, GNTMAP_host_map, &h2), GNTST_okay);
    EXPECT_EQ(do_map(1, 0, GFN_MAP + 1, GNTMAP_host_map, &h0), GNTST_okay);
    kill(&d2);
    domid_owner[2] = &d0;
    EXPECT_EQ(do_unmap(h2, GFN_MAP), GNTST_okay);
    /* d0's entry, mapped at GFN_MAP + 1, is still pinned. */
    EXPECT_EQ(gt_active(gt_find(&d0), 1)->pin_rw, 1);
    EXPECT_EQ(flags_of(1), GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(destroyed, 1);
    EXPECT(last_destroyed == &d2);
    EXPECT_EQ(do_unmap(h0, GFN_MAP + 1), GNTST_okay);
    EXPECT_EQ(flags_of(1), GTF_permit_access);
}

TEST(foreign_map_keeps_its_owner)
{
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d1, 0x10);
    EXPECT_EQ(map_foreign(&d0, 0x10, 0x900, 1), 0);
    EXPECT_EQ(d1.refcnt, 2);
    kill(&d1);
    EXPECT_EQ(destroyed, 0);
    /* A dying domain's frames are not mapped anew. */
    give_ram(&d1, 0x11);
    EXPECT_EQ(map_foreign(&d0, 0x11, 0x901, 1), -EINVAL);
    EXPECT_EQ(remove_gfn(&d0, 0x900), 0);
    EXPECT_EQ(destroyed, 1);
    EXPECT_EQ(refs(mfn), 1);
}

/* Its p2m is on its way out: no physmap change reaches a dying domain. */
TEST(physmap_refuses_a_dying_target)
{
    struct xen_remove_from_physmap x = { .domid = 1, .gpfn = 0x10 };

    fake_reset();
    give_ram(&d1, 0x10);
    d1.is_dying = true;
    EXPECT_EQ(memop_remove_from_physmap(va(&x)), -EINVAL);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn, 0x10, 0x11, 0, 0), -EINVAL);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_grant_table, 0, 0x12, 0, 0),
              -EINVAL);
    EXPECT_EQ(map_foreign(&d1, 0x100, 0x13, 0), -EINVAL);
    EXPECT_EQ(p2m_type(&d1, 0x10), p2m_ram_rw);
    EXPECT_EQ(d1.refcnt, 1);
    EXPECT_EQ(d0.refcnt, 1);
    EXPECT(!spin_is_locked(&d1.physmap_lock));
}
