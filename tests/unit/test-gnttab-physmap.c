/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory sub-ops of xen/common/physmap.c: populate_physmap and
 * decrease_reservation (limits, alignment, continuation, the 1:1 dom0
 * rule), add_to_physmap for moved frames, add_to_physmap_batch with
 * foreign frames (native and compat layouts), remove_from_physmap and
 * acquire_resource of a grant table.  Stand-ins in gnttab-fake.h.
 */
#include "gnttab-fake.h"

static struct xen_memory_reservation resv(xen_pfn_t *list, unsigned long n,
                                          unsigned int order, domid_t dom)
{
    struct xen_memory_reservation r = {
        .nr_extents = n, .extent_order = order, .domid = dom,
    };

    set_xen_guest_handle(r.extent_start, list);
    return r;
}

static long reservation(unsigned int op, unsigned long start,
                        const struct xen_memory_reservation *r)
{
    return memop_reservation(op, start, va(r));
}

TEST(populate_and_decrease)
{
    xen_pfn_t gfns[3] = { 0x100, 0x101, 0x102 };
    struct xen_memory_reservation r = resv(gfns, 3, 0, DOMID_SELF);
    unsigned long mfn;

    fake_reset();
    test_current = &v1;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 3);
    EXPECT_EQ(d1.tot_pages, 3);
    EXPECT_EQ(p2m_type(&d1, 0x101), p2m_ram_rw);
    mfn = p2m_mfn(&d1, 0x101);
    EXPECT_EQ(frame_table[mfn].u.owner, &d1);
    EXPECT_EQ(refs(mfn), 1);
    EXPECT_EQ(((uint8_t *)mfn_to_virt(mfn))[77], 0);    /* scrubbed */
    /* Populated slots are not filled twice. */
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 0);
    EXPECT_EQ(d1.tot_pages, 3);
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), 3);
    EXPECT_EQ(d1.tot_pages, 0);
    EXPECT_EQ(p2m_type(&d1, 0x101), p2m_invalid);
    EXPECT_EQ(heap_frees, 3);
    EXPECT(list_empty(&d1.page_list));
    /* An empty slot stops decrease_reservation. */
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), 0);
}

TEST(populate_limits)
{
    xen_pfn_t gfns[4] = { 0x200, 0x203, 0x400, 0x500 };
    struct xen_memory_reservation r = resv(gfns, 4, 1, DOMID_SELF);

    fake_reset();
    test_current = &v1;
    d1.max_pages = 4;
    /* 0x203 is not aligned to 2 pages: the second extent fails. */
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 1);
    EXPECT_EQ(d1.tot_pages, 2);
    EXPECT_EQ(p2m_type(&d1, 0x201), p2m_ram_rw);
    /* max_pages: two more fit, then no more. */
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 2, &r), 3);
    EXPECT_EQ(d1.tot_pages, 4);
    EXPECT_EQ(p2m_type(&d1, 0x500), p2m_invalid);
    /* Too large an order, a start past the end, bad arguments. */
    r.extent_order = 10;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 0);
    r.extent_order = 0;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 4, &r), 4);
    EXPECT_EQ(memop_reservation(XENMEM_populate_physmap, 0, BAD_VA), 0);
    set_xen_guest_handle(r.extent_start, (void *)BAD_VA);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 1, &r), 1);
    /* Someone else's reservation. */
    r = resv(gfns, 1, 0, 0);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), -EPERM);
    r.domid = 9;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 0);
    /* The privileged domain may fill d2's. */
    test_current = &v0;
    r = resv(gfns, 1, 0, 2);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 1);
    EXPECT_EQ(d2.tot_pages, 1);
}

TEST(reservation_continuation)
{
    xen_pfn_t gfns[3] = { 0x100, 0x101, 0x102 };
    struct xen_memory_reservation r = resv(gfns, 3, 0, DOMID_SELF);

    fake_reset();
    test_current = &v1;
    preempt_after = 0;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), -ERESTART);
    EXPECT(set_arg_seen[0]);
    EXPECT_EQ(set_args[0], XENMEM_populate_physmap | (1UL << 6));
    EXPECT_EQ(d1.tot_pages, 1);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, set_args[0] >> 6, &r),
              3);
    EXPECT_EQ(d1.tot_pages, 3);
    preempt_after = 1;
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), -ERESTART);
    EXPECT_EQ(set_args[0], XENMEM_decrease_reservation | (2UL << 6));
    EXPECT_EQ(d1.tot_pages, 1);
}

TEST(reservation_compat)
{
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct compat_reservation *c = (void *)low;
    uint32_t *list = (void *)(low + 64);

    fake_reset();
    test_current = &v1;
    test_compat = true;
    list[0] = 0x300, list[1] = 0x301;
    c->extent_start = (uint32_t)(uintptr_t)list;
    c->nr_extents = 2, c->extent_order = 0, c->domid = DOMID_SELF;
    EXPECT_EQ(memop_reservation(XENMEM_populate_physmap, 0, va(c)), 2);
    EXPECT_EQ(p2m_type(&d1, 0x301), p2m_ram_rw);
    EXPECT_EQ(memop_reservation(XENMEM_decrease_reservation, 0, va(c)), 2);
    EXPECT_EQ(d1.tot_pages, 0);
    munmap(low, 4096);
}

/*
 * dom0 is 1:1: a frame it gives back goes to the heap, and populate
 * must put the same frame back or fail (no exact allocator yet).
 */
TEST(identity_dom0_balloon)
{
    xen_pfn_t gfn;
    struct xen_memory_reservation r = resv(&gfn, 1, 0, DOMID_SELF);
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d0, 0x120);
    gfn = 0x120;
    EXPECT(physmap_is_identity(&d0));
    EXPECT(!physmap_is_identity(&d1));
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), 1);
    EXPECT_EQ(heap_frees, 1);
    EXPECT_EQ(frame_table[mfn].u.owner, NULL);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, 0, &r), 0);
    EXPECT_EQ(p2m_type(&d0, 0x120), p2m_invalid);
    EXPECT_EQ(d0.tot_pages, 0);
}

TEST(decrease_special_slots)
{
    xen_pfn_t gfn;
    struct xen_memory_reservation r = resv(&gfn, 1, 0, DOMID_SELF);

    fake_reset();
    test_current = &v1;
    /* A grant mapping is not ballooned away. */
    p2m_set_entry(&d1, 0x50, FAKE_MFN0 + 7, 0, p2m_grant_map_rw);
    gfn = 0x50;
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), 0);
    EXPECT_EQ(p2m_type(&d1, 0x50), p2m_grant_map_rw);
    /* A grant-table frame leaves the physmap, the table keeps it. */
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_grant_table, 0, 0x60, 0, 0), 0);
    gfn = 0x60;
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, 0, &r), 1);
    EXPECT_EQ(p2m_type(&d1, 0x60), p2m_invalid);
    EXPECT_EQ(gt_find(&d1)->shared_gfn[0], ~0UL);
    EXPECT_EQ(gt_find(&d1)->nr_frames, 1);
}

TEST(move_gmfn)
{
    unsigned long mfn, other;

    fake_reset();
    test_current = &v1;
    mfn = give_ram(&d1, 0x10);
    other = give_ram(&d1, 0x20);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn, 0x10, 0x30, 0, 0), 0);
    EXPECT_EQ(p2m_type(&d1, 0x10), p2m_invalid);
    EXPECT_EQ(p2m_mfn(&d1, 0x30), mfn);
    /* Onto RAM: the old frame there is given back (Xen). */
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn, 0x30, 0x20, 0, 0), 0);
    EXPECT_EQ(p2m_mfn(&d1, 0x20), mfn);
    EXPECT_EQ(frame_table[other].u.owner, NULL);
    EXPECT_EQ(d1.tot_pages, 1);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn, 0x99, 0x40, 0, 0), -EINVAL);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_dev_mmio, 0, 0x40, 0, 0),
              -EINVAL);
    /* Not over passed-through MMIO. */
    p2m_set_entry(&d1, 0x41, 0xfee00, 0, p2m_mmio_direct);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn, 0x20, 0x41, 0, 0), -EPERM);
}

TEST(move_gmfn_range_continues)
{
    unsigned int i;

    fake_reset();
    test_current = &v1;
    for ( i = 0; i < 4; i++ )
        give_ram(&d1, 0x10 + i);
    preempt_after = 1;
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn_range, 0x10, 0x80, 4, 0), 2);
    EXPECT_EQ(p2m_type(&d1, 0x81), p2m_ram_rw);
    EXPECT_EQ(p2m_type(&d1, 0x82), p2m_invalid);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_gmfn_range, 0x10, 0x80, 4, 2), 0);
    EXPECT_EQ(p2m_type(&d1, 0x83), p2m_ram_rw);
    EXPECT_EQ(d1.tot_pages, 4);
}

static struct xen_add_to_physmap_batch batch(domid_t dom, uint16_t space,
                                             uint16_t size, domid_t fdom,
                                             xen_ulong_t *idxs,
                                             xen_pfn_t *gpfns, int *errs)
{
    struct xen_add_to_physmap_batch b = {
        .domid = dom, .space = space, .size = size,
    };

    b.u.foreign_domid = fdom;
    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.gpfns, gpfns);
    set_xen_guest_handle(b.errs, errs);
    return b;
}

/* privcmd's mmapbatch: dom0 maps d1's frames into empty slots. */
TEST(batch_foreign)
{
    xen_ulong_t idxs[3] = { 0x10, 0x11, 0x12 };
    xen_pfn_t gpfns[3] = { 0x900, 0x901, 0x902 };
    int errs[3] = { 9, 9, 9 };
    struct xen_add_to_physmap_batch b;
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d1, 0x10);
    give_ram(&d1, 0x11);
    b = batch(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 3, 1, idxs, gpfns, errs);
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), 0);
    EXPECT_EQ(errs[0], 0);
    EXPECT_EQ(errs[1], 0);
    EXPECT_EQ(errs[2], -EINVAL);                /* nothing at 0x12 */
    EXPECT_EQ(p2m_type(&d0, 0x900), p2m_map_foreign);
    EXPECT_EQ(p2m_mfn(&d0, 0x900), mfn);
    EXPECT_EQ(refs(mfn), 2);
    /* Removing the foreign map drops its reference. */
    {
        struct xen_remove_from_physmap x = { .domid = DOMID_SELF,
                                             .gpfn = 0x900 };

        EXPECT_EQ(memop_remove_from_physmap(va(&x)), 0);
        EXPECT_EQ(refs(mfn), 1);
        EXPECT_EQ(memop_remove_from_physmap(va(&x)), -ENOENT);
    }
    /* Own frames, unknown domains, and unprivileged callers. */
    b.u.foreign_domid = 0;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), 0);
    EXPECT_EQ(errs[0], -EINVAL);
    b.u.foreign_domid = 9;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), 0);
    EXPECT_EQ(errs[0], -ESRCH);
    test_current = &v2;
    b.u.foreign_domid = 1;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), 0);
    EXPECT_EQ(errs[0], -EPERM);
    b.domid = 0;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -EPERM);
}

TEST(batch_checks_and_continuation)
{
    xen_ulong_t idxs[3] = { 0x10, 0x11, 0x12 };
    xen_pfn_t gpfns[3] = { 0x900, 0x901, 0x902 };
    int errs[3] = { 9, 9, 9 };
    struct xen_add_to_physmap_batch b;
    unsigned int i;

    fake_reset();
    for ( i = 0; i < 3; i++ )
        give_ram(&d1, 0x10 + i);
    b = batch(DOMID_SELF, XENMAPSPACE_gmfn_range, 3, 0, idxs, gpfns, errs);
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -EOPNOTSUPP);
    b.space = XENMAPSPACE_gmfn;
    b.u.res0 = 1;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -EOPNOTSUPP);
    b = batch(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 3, 1, idxs, gpfns, errs);
    EXPECT_EQ(memop_add_to_physmap_batch(0x10000, va(&b)), -EDOM);
    EXPECT_EQ(memop_add_to_physmap_batch(4, va(&b)), -EILSEQ);
    EXPECT_EQ(memop_add_to_physmap_batch(0, BAD_VA), -EFAULT);
    b.domid = 9;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -ESRCH);
    b.domid = DOMID_SELF;
    preempt_after = 0;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -ERESTART);
    EXPECT_EQ(set_args[0], XENMEM_add_to_physmap_batch | (1UL << 6));
    EXPECT_EQ(errs[0], 0);
    EXPECT_EQ(errs[1], 9);
    EXPECT_EQ(memop_add_to_physmap_batch(1, va(&b)), 0);
    EXPECT_EQ(errs[1], 0);
    EXPECT_EQ(errs[2], 0);
    EXPECT_EQ(p2m_type(&d0, 0x902), p2m_map_foreign);
    set_xen_guest_handle(b.errs, (void *)BAD_VA);
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), -EFAULT);
}

TEST(batch_compat)
{
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct compat_atp_batch *c = (void *)low;
    uint32_t *idxs = (void *)(low + 64), *gpfns = (void *)(low + 128);
    int32_t *errs = (void *)(low + 192);
    unsigned long mfn;

    fake_reset();
    mfn = give_ram(&d1, 0x10);
    test_compat = true;
    memset(low, 0xee, 256);
    c->domid = DOMID_SELF, c->space = XENMAPSPACE_gmfn_foreign;
    c->size = 1, c->foreign = 1;
    idxs[0] = 0x10, gpfns[0] = 0x910;
    c->idxs = (uint32_t)(uintptr_t)idxs;
    c->gpfns = (uint32_t)(uintptr_t)gpfns;
    c->errs = (uint32_t)(uintptr_t)errs;
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(c)), 0);
    EXPECT_EQ(errs[0], 0);
    EXPECT_EQ(errs[1], (int32_t)0xeeeeeeee);
    EXPECT_EQ(p2m_mfn(&d0, 0x910), mfn);
    munmap(low, 4096);
}

TEST(remove_from_physmap)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = 0x10 };
    static uint8_t si[4096] __attribute__((aligned(4096)));

    fake_reset();
    test_current = &v1;
    give_ram(&d1, 0x10);
    EXPECT_EQ(memop_remove_from_physmap(va(&x)), 0);
    EXPECT_EQ(d1.tot_pages, 0);
    EXPECT_EQ(heap_frees, 1);
    EXPECT_EQ(memop_remove_from_physmap(BAD_VA), -EFAULT);
    x.domid = 0;
    EXPECT_EQ(memop_remove_from_physmap(va(&x)), -EPERM);
    x.domid = 9;
    EXPECT_EQ(memop_remove_from_physmap(va(&x)), -ESRCH);
    /* shared_info: only the slot it is at, and it is forgotten. */
    d1.shared_info = fake_mem[FAKE_FRAMES - 1];
    fake_used[FAKE_FRAMES - 1] = true;
    frame_table[FAKE_MFN0 + FAKE_FRAMES - 1].count_info = PGC_xen_heap;
    p2m_set_entry(&d1, 0x70, FAKE_MFN0 + FAKE_FRAMES - 1, 0, p2m_ram_rw);
    d1.shared_info_gfn = 0x70;
    x.domid = DOMID_SELF, x.gpfn = 0x70;
    EXPECT_EQ(memop_remove_from_physmap(va(&x)), 0);
    EXPECT_EQ(d1.shared_info_gfn, ~0UL);
    EXPECT_EQ(p2m_type(&d1, 0x70), p2m_invalid);
    (void)si;
}

TEST(acquire_grant_table)
{
    struct xen_mem_acquire_resource x = {
        .domid = 1, .type = XENMEM_resource_grant_table,
        .id = XENMEM_resource_grant_table_id_shared,
    };
    xen_pfn_t gfns[2] = { 0xa00, 0xa01 };
    struct grant_table *gt;

    fake_reset();
    /* Size query: a null list and no frames. */
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), 0);
    EXPECT_EQ(x.nr_frames, 64);
    x.nr_frames = 2, x.frame = 3;
    set_xen_guest_handle(x.frame_list, gfns);
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), 0);
    gt = gt_find(&d1);
    EXPECT_EQ(gt->nr_frames, 5);                /* grown to reach 4 */
    EXPECT_EQ(p2m_type(&d0, 0xa00), p2m_map_foreign);
    EXPECT_EQ(p2m_mfn(&d0, 0xa01), virt_to_mfn(gt->shared[4]));
    EXPECT_EQ(refs(virt_to_mfn(gt->shared[4])), 2);
    /* The table goes; the frame stays while dom0 maps it. */
    grant_table_destroy(&d1);
    EXPECT_EQ(heap_frees, 3);                   /* frames 0-2 */
    {
        struct xen_remove_from_physmap r = { .domid = DOMID_SELF,
                                             .gpfn = 0xa01 };

        EXPECT_EQ(memop_remove_from_physmap(va(&r)), 0);
        EXPECT_EQ(heap_frees, 4);
    }
}

TEST(acquire_refusals)
{
    struct xen_mem_acquire_resource x = {
        .domid = 1, .type = XENMEM_resource_grant_table,
        .id = XENMEM_resource_grant_table_id_shared, .nr_frames = 1,
    };
    xen_pfn_t gfn = 0xa00;

    fake_reset();
    set_xen_guest_handle(x.frame_list, &gfn);
    x.pad = 1;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);
    x.pad = 0, x.frame = 1ULL << 32;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);
    x.frame = 64;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);
    x.frame = 0, x.id = XENMEM_resource_grant_table_id_status;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);
    x.id = 0, x.type = XENMEM_resource_ioreq_server;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EOPNOTSUPP);
    x.type = 7;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);
    x.type = XENMEM_resource_grant_table, x.domid = 0;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EPERM);   /* own */
    x.domid = DOMID_SELF;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -ESRCH);
    x.domid = 2;
    test_current = &v1;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EPERM);   /* unpriv */
    EXPECT_EQ(memop_acquire_resource(0, BAD_VA), -EFAULT);
    test_current = &v0;
    x.nr_frames = 0;
    EXPECT_EQ(memop_acquire_resource(0, va(&x)), -EINVAL);  /* 0 + list */
    EXPECT_EQ(p2m_type(&d0, 0xa00), p2m_invalid);
}

/* Grant-table and foreign frames over dom0's 1:1 MMIO, and back. */
TEST(dom0_mmio_overlay_physmap)
{
    xen_ulong_t idx = 0x10;
    xen_pfn_t gpfn = 0xb00;
    int err = 9;
    struct xen_add_to_physmap_batch b;
    struct xen_remove_from_physmap r = { .domid = DOMID_SELF };

    fake_reset();
    give_ram(&d1, 0x10);
    p2m_set_entry(&d0, 0xb00, 0xb00, 0, p2m_mmio_direct);
    p2m_set_entry(&d0, 0xb01, 0xb01, 0, p2m_mmio_direct);
    p2m_set_entry(&d0, 0xb02, 0xb02, 0, p2m_mmio_direct);
    b = batch(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 1, 1, &idx, &gpfn,
              &err);
    EXPECT_EQ(memop_add_to_physmap_batch(0, va(&b)), 0);
    EXPECT_EQ(err, 0);
    EXPECT_EQ(p2m_type(&d0, 0xb00), p2m_map_foreign);
    r.gpfn = 0xb00;
    EXPECT_EQ(memop_remove_from_physmap(va(&r)), 0);
    EXPECT_EQ(p2m_type(&d0, 0xb00), p2m_mmio_direct);
    EXPECT_EQ(p2m_mfn(&d0, 0xb00), 0xb00);
    /* A grant-table frame, moved on: the first slot is MMIO again. */
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 0, 0xb01, 0, 0), 0);
    EXPECT_EQ(p2m_type(&d0, 0xb01), p2m_ram_rw);
    EXPECT_EQ(physmap_add(&d0, XENMAPSPACE_grant_table, 0, 0xb02, 0, 0), 0);
    EXPECT_EQ(p2m_type(&d0, 0xb01), p2m_mmio_direct);
    r.gpfn = 0xb02;
    EXPECT_EQ(memop_remove_from_physmap(va(&r)), 0);
    EXPECT_EQ(p2m_type(&d0, 0xb02), p2m_mmio_direct);
    /* d1 may not cover MMIO. */
    test_current = &v1;
    p2m_set_entry(&d1, 0xb00, 0xb00, 0, p2m_mmio_direct);
    EXPECT_EQ(physmap_add(&d1, XENMAPSPACE_grant_table, 0, 0xb00, 0, 0),
              -EPERM);
}
