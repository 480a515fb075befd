/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode through XEN_DOMCTL_shadow_op, as libxc's live migration
 * drives it (Xen 4.17's layout): dom0 builds a domU whose program writes
 * the pages of a mask dom0 sets (logdirty/payload.c), turns log-dirty on,
 * and PEEK must show exactly the control page and the mask's pages;
 * CLEAN of the paused domU hands them over and leaves the bitmap empty;
 * a new mask refills it with the new pages only.  Frames the hypervisor
 * writes or changes for the domU are dirty too: a grant copy into it, a
 * frame populated, a frame given back.  OFF lets the domU write on
 * unhindered; GET/SET_ALLOCATION size the paging pool in MiB.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include "grant.h"
#include "logdirty/payload.h"

#define BITMAP_BITS     1024            /* gfns 0-1023 */
#define WAIT_TRIES      2000000UL
#define CTL_GFN         (LD_CTL >> 12)
#define BASE_GFN        (LD_DIRTY_BASE >> 12)
#define GRANT_GFN       0x30            /* a grant copy's destination */
#define POPULATED_GFN   0x300           /* populated while logging */
#define GIVEN_BACK_GFN  0x301           /* populated, then given back */

static uint8_t bitmap[BITMAP_BITS / 8];
static struct xen_domctl_shadow_op sop;
static struct domu u;

static long shadow(uint32_t op, uint32_t mode, bool with_bitmap)
{
    memset(&sop, 0, sizeof(sop));
    sop.op = op;
    sop.mode = mode;
    sop.pages = BITMAP_BITS;
    memset(bitmap, 0xa5, sizeof(bitmap));
    if ( with_bitmap )
        set_xen_guest_handle(sop.dirty_bitmap, bitmap);
    return domu_domctl(XEN_DOMCTL_shadow_op, u.id, &sop, sizeof(sop));
}

static volatile uint32_t *ctl(uint32_t gpa)
{
    return domu_ptr(&u, gpa);
}

/* Let the domU finish n more rounds. */
static bool rounds(unsigned int n)
{
    while ( n-- )
        if ( !check(domu_wait_change(ctl(LD_CTL_COUNT), *ctl(LD_CTL_COUNT),
                                     WAIT_TRIES), "the domU runs", " ") )
            return false;
    return true;
}

/* The bitmap holds exactly the gfns of want (n of them). */
static bool check_bitmap(const char *what, const unsigned int *want,
                         unsigned int n)
{
    unsigned int i, set = 0, missing = 0;

    for ( i = 0; i < BITMAP_BITS; i++ )
        if ( bitmap[i / 8] & (1 << (i % 8)) )
        {
            set++;
            printk("info %s: gfn %#x dirty\n", what, i);
        }
    for ( i = 0; i < n; i++ )
        missing += !(bitmap[want[i] / 8] & (1 << (want[i] % 8)));
    return check(set == n && !missing, what, "%u set, %u of %u missing",
                 set, missing, n);
}

/* The control page and page i of the base for each bit i of mask. */
static unsigned int mask_gfns(uint32_t mask, unsigned int *out)
{
    unsigned int i, n = 0;

    out[n++] = CTL_GFN;
    for ( i = 0; i < LD_NR_PAGES; i++ )
        if ( mask & (1U << i) )
            out[n++] = BASE_GFN + i;
    return n;
}

static void pause(bool on)
{
    check_eq_rc(domu_domctl(on ? XEN_DOMCTL_pausedomain
                               : XEN_DOMCTL_unpausedomain, u.id, &sop, 0),
                0, on ? "pausedomain" : "unpausedomain");
}

static bool start(uint32_t mask)
{
    if ( !domu_new(&u, LD_FRAMES) )
        return false;
    memcpy((void *)domu_ptr(&u, LD_ENTRY), ld_payload_start,
           ld_payload_end - ld_payload_start);
    *ctl(LD_CTL_MASK) = mask;
    *ctl(LD_CTL_COUNT) = 0;
    return domu_start(&u, LD_ENTRY) && rounds(2);
}

static void check_allocation(void)
{
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, false), 0,
                "GET_ALLOCATION");
    check(sop.mb >= 1, "a pool of 1 MiB or more", "%u", sop.mb);
    sop.op = XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION;
    sop.mb = 4;
    check_eq_rc(domu_domctl(XEN_DOMCTL_shadow_op, u.id, &sop, sizeof(sop)),
                0, "SET_ALLOCATION 4 MiB");
    check_eq(sop.mb, 4, "... gives back the new size");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, false), 0,
                "GET_ALLOCATION again");
    check_eq(sop.mb, 4, "... reads 4 MiB");
}

static void check_first_round(uint32_t mask)
{
    unsigned int want[LD_NR_PAGES + 1], n = mask_gfns(mask, want);

    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE,
                       XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY, false), 0,
                "ENABLE log-dirty");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, false),
                -XEN_EINVAL, "ENABLE_LOGDIRTY while on: -EINVAL");
    if ( !rounds(3) )
        return;
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, true), 0, "PEEK");
    check_eq(sop.pages, BITMAP_BITS, "PEEK: pages as asked");
    check_bitmap("PEEK: the pages the domU writes", want, n);
    check_eq(sop.stats.dirty_count, n, "PEEK: dirty_count");
    pause(true);
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, true), 0, "CLEAN");
    check_bitmap("CLEAN: the same pages", want, n);
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, true), 0,
                "PEEK after CLEAN");
    check_bitmap("PEEK after CLEAN: empty", want, 0);
    check_eq(sop.stats.dirty_count, 0, "PEEK after CLEAN: dirty_count 0");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 1 << 3, false),
                -XEN_EINVAL, "CLEAN with an unknown mode bit: -EINVAL");
}

/* Paused: a new mask; what it writes from then on is all there is. */
static void check_refill(uint32_t mask)
{
    unsigned int want[LD_NR_PAGES + 1], n = mask_gfns(mask, want);

    *ctl(LD_CTL_MASK) = mask;
    pause(false);
    if ( !rounds(2) )
        return;
    pause(true);
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, false), 0,
                "CLEAN without a bitmap (the old mask's last round)");
    pause(false);
    if ( !rounds(3) )
        return;
    pause(true);
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, true), 0,
                "CLEAN after the new mask");
    check_bitmap("refilled with the new mask's pages", want, n);
}

/* A grant of GRANT_GFN to us in the domU's table, copied into. */
static void grant_copy(void)
{
    static uint8_t src[64] __aligned(64);
    xen_pfn_t gfn = (u.window >> 12) + u.frames;
    struct xen_mem_acquire_resource r = {
        .domid = u.id, .type = XENMEM_resource_grant_table,
        .id = XENMEM_resource_grant_table_id_shared, .nr_frames = 1,
    };
    struct gnttab_copy c = {
        .source.u.gmfn = (uintptr_t)src >> 12, .source.domid = DOMID_SELF,
        .source.offset = (uintptr_t)src & 0xfff, .dest.u.ref = 1,
        .dest.domid = u.id, .dest.offset = 16, .len = sizeof(src),
        .flags = GNTCOPY_dest_gref,
    };
    volatile grant_entry_v1_t *e = (void *)(uintptr_t)(gfn << 12);
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = gfn };

    set_xen_guest_handle(r.frame_list, &gfn);
    if ( !check_eq_rc(memory_op(XENMEM_acquire_resource, &r), 0,
                      "acquire_resource: the domU's grant frame 0") )
        return;
    e[1].domid = 0;
    e[1].frame = GRANT_GFN;
    e[1].flags = GTF_permit_access;
    memset(src, 0x5a, sizeof(src));
    check_eq_rc(gnttab_op(GNTTABOP_copy, &c, 1), 0, "GNTTABOP_copy");
    check_eq(c.status, GNTST_okay, "... into the domU's frame");
    check_eq(*(volatile uint8_t *)domu_ptr(&u, GRANT_GFN * 4096 + 16), 0x5a,
             "... arrived");
    check_eq_rc(memory_op(XENMEM_remove_from_physmap, &x), 0,
                "grant frame unmapped");
}

static void reservation(unsigned int cmd, xen_pfn_t gfn, const char *what)
{
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = u.id };

    set_xen_guest_handle(r.extent_start, &gfn);
    check_eq_rc(memory_op(cmd, &r), 1, what);
}

static bool dirty(unsigned int gfn)
{
    return bitmap[gfn / 8] & (1 << (gfn % 8));
}

/*
 * Paused domU: only what the hypervisor did for it is dirty.  The frame
 * a grant copy wrote must be (Xen's gnttab_mark_dirty()); we also mark
 * frames populated and given back (news for the receiving side), Xen
 * 4.17 does not: those two may be there or not.
 */
static void check_hypervisor_writes(void)
{
    static const unsigned int want[] = { GRANT_GFN };
    unsigned int extra;

    reservation(XENMEM_populate_physmap, GIVEN_BACK_GFN,
                "populate a domU frame to give back");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, false), 0, "CLEAN");
    grant_copy();
    reservation(XENMEM_populate_physmap, POPULATED_GFN,
                "populate a domU frame");
    reservation(XENMEM_decrease_reservation, GIVEN_BACK_GFN,
                "decrease_reservation of a domU frame");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, true), 0, "PEEK");
    extra = dirty(POPULATED_GFN) + dirty(GIVEN_BACK_GFN);
    printk("info frames populated and given back marked: %u of 2\n", extra);
    bitmap[POPULATED_GFN / 8] &= ~(1 << (POPULATED_GFN % 8));
    bitmap[GIVEN_BACK_GFN / 8] &= ~(1 << (GIVEN_BACK_GFN % 8));
    check_bitmap("the frame a grant copy wrote, nothing else", want, 1);
}

static void check_off(void)
{
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_OFF, 0, false), 0, "OFF");
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_OFF, 0, false), 0,
                "OFF while off");
    pause(false);
    rounds(3);
    check_eq_rc(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_TEST, 0, false),
                -XEN_EINVAL, "ENABLE_TEST (shadow mode): -EINVAL");
}

void test_main(void)
{
    if ( start(0x29) )
    {
        check_allocation();
        check_first_round(0x29);
        check_refill(0x82);
        check_hypervisor_writes();
        check_off();
    }
    domu_free(&u);
}
