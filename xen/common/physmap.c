/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory sub-ops that change a domain's physical map after boot:
 * populate_physmap and decrease_reservation (ballooning), add_to_physmap
 * for grant-table frames and moved frames, add_to_physmap_batch (also
 * foreign frames, for privcmd), remove_from_physmap, and
 * acquire_resource (grant-table frames, for gnttab users in tools).
 * do_memory_op() in memory.c dispatches here.
 *
 * dom0's RAM is mapped 1:1 so that the devices it drives can DMA to the
 * addresses it gives them.  Xen's PVH dom0 has an IOMMU and fills any
 * gfn with any free frame; ours has no IOMMU, so populate_physmap gives
 * an identity domain the frame whose number is the gfn asked for, or
 * fails that extent (physmap_alloc_exact()).  decrease_reservation
 * returns dom0's frames to the heap like any other domain's.
 *
 * Every change here holds the domain's physmap_lock from the first look
 * at a slot until the last reference the change drops, so two changes
 * of one domain's physmap never act on what the other has made stale
 * (Xen holds the gfn's lock the same way).  Lock order: d->physmap_lock,
 * a grant table's lock, d->lock, the p2m lock, a domain's
 * page_alloc_lock, the heap lock.  Never two physmap locks at once: a
 * foreign frame is looked up and referenced under its owner's lock
 * first, then placed under ours.
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>

#define MEMOP_EXTENT_SHIFT  6           /* Xen's public xen.h */
#define LOW_MEM_FRAMES      0x100       /* below 1 MiB: never heap */
#define MAX_ORDER_DOMU      9           /* Xen's memop_max_order */
#define MAX_ORDER_HWDOM     10

bool physmap_is_identity(const struct domain *d)
{
    return d->is_privileged;
}

/*
 * The 1:1 MMIO frames of the identity domain that a hypervisor mapping
 * covers now: one bit per frame below 4 GiB, allocated on first use.
 */
#define MMIO_OVERLAY_FRAMES (1UL << 20)
#define BITS_PER_UL         (8 * sizeof(unsigned long))

static unsigned long *mmio_overlay;

static bool overlay_mark(unsigned long gfn)
{
    unsigned long *map = __atomic_load_n(&mmio_overlay, __ATOMIC_SEQ_CST);
    unsigned long *none = NULL;

    if ( !map )
    {
        map = xzalloc_array(unsigned long,
                            MMIO_OVERLAY_FRAMES / BITS_PER_UL);
        if ( !map )
            return false;
        if ( !__atomic_compare_exchange_n(&mmio_overlay, &none, map, false,
                                          __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST) )
        {
            xfree(map);
            map = none;
        }
    }
    __atomic_fetch_or(&map[gfn / BITS_PER_UL], 1UL << (gfn % BITS_PER_UL),
                      __ATOMIC_SEQ_CST);
    return true;
}

/* Was gfn marked?  The mark goes. */
static bool overlay_unmark(unsigned long gfn)
{
    unsigned long bit = 1UL << (gfn % BITS_PER_UL);

    if ( !mmio_overlay || gfn >= MMIO_OVERLAY_FRAMES )
        return false;
    return __atomic_fetch_and(&mmio_overlay[gfn / BITS_PER_UL], ~bit,
                              __ATOMIC_SEQ_CST) & bit;
}

void physmap_lock(struct domain *d)
{
    spin_lock(&d->physmap_lock);
}

void physmap_unlock(struct domain *d)
{
    spin_unlock(&d->physmap_lock);
}

bool physmap_lock_live(struct domain *d)
{
    spin_lock(&d->physmap_lock);
    if ( !d->is_dying )
        return true;
    spin_unlock(&d->physmap_lock);
    return false;
}

bool physmap_claim_slot(struct domain *d, unsigned long gfn)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(d, gfn, &t);

    if ( t == p2m_invalid )
        return true;
    return t == p2m_mmio_direct && mfn == gfn && physmap_is_identity(d) &&
           gfn < MMIO_OVERLAY_FRAMES && overlay_mark(gfn);
}

void physmap_vacate_slot(struct domain *d, unsigned long gfn)
{
    if ( physmap_is_identity(d) && overlay_unmark(gfn) )
        p2m_set_entry(d, gfn, gfn, P2M_ORDER_4K, p2m_mmio_direct);
    else
        p2m_set_entry(d, gfn, INVALID_MFN, P2M_ORDER_4K, p2m_invalid);
}

bool page_get_ref(struct page_info *pg, const struct domain *d)
{
    unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_SEQ_CST);

    do {
        if ( !(x & PGC_allocated) || pg->u.owner != d ||
             (x & PGC_count_mask) == 0 ||
             (x & PGC_count_mask) == PGC_count_mask )
            return false;
    } while ( !__atomic_compare_exchange_n(&pg->count_info, &x, x + 1,
                                           false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    return true;
}

void page_put_ref(struct page_info *pg)
{
    unsigned long x = __atomic_sub_fetch(&pg->count_info, 1,
                                         __ATOMIC_SEQ_CST);

    if ( x & PGC_count_mask )
        return;
    /* The allocation reference went first (domain_release_page()). */
    ASSERT(!(x & PGC_allocated));
    if ( page_to_mfn(pg) < LOW_MEM_FRAMES )
    {
        /* Conventional memory was never the heap's (dom0_build.c). */
        pg->count_info = 0;
        pg->u.owner = NULL;
        return;
    }
    free_heap_pages(pg, 0);
}

void share_xen_page_with_domain(void *va, struct domain *d)
{
    struct page_info *pg = virt_to_page(va);

    pg->u.owner = d;
    pg->count_info = PGC_xen_heap | PGC_allocated | 1;
}

void unshare_xen_page(void *va)
{
    struct page_info *pg = virt_to_page(va);

    __atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_SEQ_CST);
    page_put_ref(pg);
}

void domain_release_page(struct domain *d, struct page_info *pg)
{
    spin_lock(&d->page_alloc_lock);
    if ( pg->u.owner != d || !(pg->count_info & PGC_allocated) )
    {
        spin_unlock(&d->page_alloc_lock);
        return;
    }
    __atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_SEQ_CST);
    /* dom0's conventional memory is on no list. */
    if ( pg->list.next )
        list_del(&pg->list);
    d->tot_pages--;
    spin_unlock(&d->page_alloc_lock);
    page_put_ref(pg);
}

/*
 * A frame just left d's p2m: another vCPU of d may still reach it
 * through its TLB until it has flushed, so the reference it held (the
 * allocation, or a foreign or granted map's) goes only after that.
 *
 * Inside a batch (physmap_batch_begin()) the references wait in a
 * per-CPU list and go after one flush for all of them (p2m_batch_*): a
 * synchronous flush per frame made an order-9 extent take 10-50 s with
 * two vCPUs under TCG.  A full list is flushed and emptied at once.
 */
#define PUT_BATCH 64

struct deferred_put {
    struct page_info *pg;
    struct domain *owner;       /* a foreign map's owner, put after pg */
    bool release;               /* d's own frame: domain_release_page() */
};

struct put_batch {
    struct domain *d;           /* NULL: no batch open on this CPU */
    unsigned int n;
    struct deferred_put e[PUT_BATCH];
};

static DEFINE_PER_CPU(struct put_batch, put_batch);

static void drop_ref(struct domain *d, const struct deferred_put *p)
{
    if ( p->release )
        domain_release_page(d, p->pg);
    else
        page_put_ref(p->pg);
    if ( p->owner )
        put_domain(p->owner);
}

/* One flush of d, then every reference the batch kept goes. */
static void batch_drain(struct put_batch *b, bool end)
{
    struct domain *d = b->d;
    unsigned int i;

    p2m_batch_flush(d, end);
    for ( i = 0; i < b->n; i++ )
        drop_ref(d, &b->e[i]);
    b->n = 0;
    if ( end )
        b->d = NULL;
}

void physmap_batch_begin(struct domain *d)
{
    struct put_batch *b = &this_cpu(put_batch);

    b->d = d;
    b->n = 0;
    p2m_batch_begin(d);
}

void physmap_batch_end(struct domain *d)
{
    ASSERT(this_cpu(put_batch).d == d);
    batch_drain(&this_cpu(put_batch), true);
}

static void put_after_flush(struct domain *d, struct page_info *pg,
                            struct domain *owner, bool release)
{
    struct put_batch *b = &this_cpu(put_batch);
    struct deferred_put p = { pg, owner, release };

    if ( b->d != d )
    {
        p2m_flush_wait(d);
        drop_ref(d, &p);
        return;
    }
    if ( b->n == PUT_BATCH )
        batch_drain(b, false);
    b->e[b->n++] = p;
}

void physmap_put_after_flush(struct domain *d, struct page_info *pg)
{
    put_after_flush(d, pg, NULL, false);
}

static void physmap_release_after_flush(struct domain *d,
                                        struct page_info *pg)
{
    put_after_flush(d, pg, NULL, true);
}

/*
 * A hypervisor frame (shared_info, a grant-table frame) leaves d's
 * physmap: it stays the hypervisor's, only its slot is emptied.
 */
static int remove_xen_frame(struct domain *d, unsigned long gfn,
                            unsigned long mfn)
{
    int rc = -EINVAL;

    if ( gnttab_is_table_frame(d, mfn) )
    {
        physmap_vacate_slot(d, gfn);
        gnttab_frame_unmapped(d, mfn);
        return 0;
    }
    spin_lock(&d->lock);
    if ( d->shared_info && mfn == virt_to_mfn(d->shared_info) &&
         d->shared_info_gfn == gfn )
    {
        rc = p2m_set_entry(d, gfn, INVALID_MFN, P2M_ORDER_4K, p2m_invalid);
        d->shared_info_gfn = ~0UL;
    }
    spin_unlock(&d->lock);
    return rc;
}

/*
 * Empty d's slot gfn, as Xen's guest_remove_page() does: RAM goes back
 * (to the heap once nobody maps it), a foreign map drops its reference,
 * passed-through MMIO is unmapped.  Grant maps are undone only by
 * unmap_grant_ref.  -ENOENT if the slot was empty.  physmap_lock held.
 */
static int remove_gfn(struct domain *d, unsigned long gfn)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(d, gfn, &t);
    struct page_info *pg = mfn_valid(mfn) ? mfn_to_page(mfn) : NULL;

    switch ( t )
    {
    case p2m_invalid:
        return -ENOENT;
    case p2m_mmio_direct:
    case p2m_mmio_dm:
        return p2m_set_entry(d, gfn, INVALID_MFN, P2M_ORDER_4K, p2m_invalid);
    case p2m_map_foreign:
        physmap_vacate_slot(d, gfn);
        /* The map's references: the frame and its owner. */
        if ( pg )
            put_after_flush(d, pg, pg->u.owner, false);
        return 0;
    case p2m_ram_rw:
    case p2m_ram_logdirty:
    case p2m_ram_ro:
        if ( !pg )
            return -EINVAL;
        if ( pg->count_info & PGC_xen_heap )
            return remove_xen_frame(d, gfn, mfn);
        if ( pg->u.owner != d )
            return -EINVAL;
        p2m_set_entry(d, gfn, INVALID_MFN, P2M_ORDER_4K, p2m_invalid);
        physmap_release_after_flush(d, pg);
        return 0;
    default:
        return -EBUSY;
    }
}

/*
 * Make room at gfn for a new frame: whatever is there goes (Xen), but
 * MMIO only where physmap_claim_slot() allows it.  physmap_lock held.
 */
int physmap_clear_slot(struct domain *d, unsigned long gfn)
{
    p2m_type_t t;
    int rc;

    p2m_get_entry(d, gfn, &t);
    if ( t == p2m_mmio_direct )
        return physmap_claim_slot(d, gfn) ? 0 : -EPERM;
    rc = remove_gfn(d, gfn);
    return rc == -ENOENT ? 0 : rc;
}

/* ---- populate_physmap / decrease_reservation ---- */

/*
 * The frames [mfn, mfn + 2^order) for an identity-mapped domain, or
 * NULL.  Taking given frames out of the heap needs an allocator entry
 * point page_alloc.c does not have yet (alloc_heap_pages_at()); until
 * then the extent fails, which Linux's balloon driver copes with.
 */
static struct page_info *physmap_alloc_exact(unsigned long mfn,
                                             unsigned int order)
{
    return NULL;
}

/* Give the 2^order frames at pg to d, within its max_pages. */
static int assign_pages(struct domain *d, struct page_info *pg,
                        unsigned int order)
{
    unsigned long i, n = 1UL << order;

    spin_lock(&d->page_alloc_lock);
    if ( d->tot_pages + n > d->max_pages )
    {
        spin_unlock(&d->page_alloc_lock);
        return -ENOMEM;
    }
    for ( i = 0; i < n; i++ )
    {
        pg[i].u.owner = d;
        pg[i].count_info = PGC_allocated | 1;
        list_add_tail(&pg[i].list, &d->page_list);
    }
    d->tot_pages += n;
    spin_unlock(&d->page_alloc_lock);
    return 0;
}

static bool range_empty(struct domain *d, unsigned long gfn,
                        unsigned long n)
{
    p2m_type_t t;
    unsigned long i;

    for ( i = 0; i < n; i++ )
    {
        p2m_get_entry(d, gfn + i, &t);
        if ( t != p2m_invalid )
            return false;
    }
    return true;
}

/* One extent of populate_physmap: fresh, zeroed RAM at gfn. */
static int populate_one(struct domain *d, unsigned long gfn,
                        unsigned int order)
{
    unsigned long i, n = 1UL << order;
    struct page_info *pg;
    int rc = 0;

    if ( (gfn & (n - 1)) || !range_empty(d, gfn, n) )
        return -EINVAL;
    /* physmap_lock held: the range stays empty until filled. */
    pg = physmap_is_identity(d) ? physmap_alloc_exact(gfn, order)
                                : alloc_heap_pages(order);
    if ( !pg )
        return -ENOMEM;
    /* The frames may hold another domain's data. */
    memset(page_to_virt(pg), 0, PAGE_SIZE << order);
    if ( assign_pages(d, pg, order) )
    {
        free_heap_pages(pg, order);
        return -ENOMEM;
    }
    for ( i = 0; i < n && !rc; i++ )
        rc = p2m_set_entry(d, gfn + i, page_to_mfn(pg) + i, P2M_ORDER_4K,
                           p2m_ram_rw);
    if ( rc )
        for ( i = 0; i < n; i++ )
        {
            p2m_set_entry(d, gfn + i, INVALID_MFN, P2M_ORDER_4K,
                          p2m_invalid);
            physmap_release_after_flush(d, pg + i);
        }
    return rc;
}

/* One extent of decrease_reservation; stops at the first empty slot. */
static int decrease_one(struct domain *d, unsigned long gfn,
                        unsigned int order)
{
    unsigned long i;
    int rc;

    for ( i = 0; i < (1UL << order); i++ )
        if ( (rc = remove_gfn(d, gfn + i)) )
            return rc;
    return 0;
}

/* xen_memory_reservation in either guest layout. */
struct reservation {
    uint64_t extents;           /* guest address of the gfn list */
    unsigned long nr;
    unsigned int order;
    domid_t domid;
};

struct compat_reservation {
    uint32_t extent_start;
    uint32_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    uint16_t domid;
};

BUILD_BUG_ON(sizeof(struct xen_memory_reservation) != 32);
BUILD_BUG_ON(sizeof(struct compat_reservation) != 20);

static int reservation_from_guest(uint64_t arg, bool compat,
                                  struct reservation *r)
{
    struct xen_memory_reservation x;
    struct compat_reservation c;

    if ( compat )
    {
        if ( copy_from_guest(&c, arg, sizeof(c)) )
            return -EFAULT;
        r->extents = c.extent_start, r->nr = c.nr_extents;
        r->order = c.extent_order, r->domid = c.domid;
        return 0;
    }
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    r->extents = (uint64_t)(uintptr_t)x.extent_start.p;
    r->nr = x.nr_extents, r->order = x.extent_order, r->domid = x.domid;
    return 0;
}

/*
 * Extents from start on; returns how many are done in all.  Preempted,
 * it stores the continuation in cmd and returns -ERESTART.
 */
static long reservation_chunk(unsigned int op, struct domain *d,
                              const struct reservation *r,
                              unsigned long start, bool compat)
{
    unsigned int esz = compat ? 4 : 8;
    unsigned long i, gfn;
    int rc;

    for ( i = start; i < r->nr; i++ )
    {
        if ( i != start && hypercall_preempt_check() )
        {
            hypercall_set_arg(0, op | (i << MEMOP_EXTENT_SHIFT));
            return -ERESTART;
        }
        gfn = 0;
        if ( copy_from_guest(&gfn, r->extents + i * esz, esz) )
            break;
        if ( !physmap_lock_live(d) )
            break;
        rc = op == XENMEM_populate_physmap ? populate_one(d, gfn, r->order)
                                           : decrease_one(d, gfn, r->order);
        physmap_unlock(d);
        if ( rc )
            break;
    }
    return i;
}

/* The frames a chunk removed go after one flush, before it returns. */
static long reservation_loop(unsigned int op, struct domain *d,
                             const struct reservation *r,
                             unsigned long start, bool compat)
{
    long done;

    physmap_batch_begin(d);
    done = reservation_chunk(op, d, r, start, compat);
    physmap_batch_end(d);
    return done;
}

long memop_reservation(unsigned int op, unsigned long start, uint64_t arg)
{
    bool compat = hypercall_is_compat();
    struct reservation r;
    struct domain *d;
    long done;

    /* Xen answers a bad argument with the extents done: none. */
    if ( reservation_from_guest(arg, compat, &r) ||
         r.nr > (~0UL >> MEMOP_EXTENT_SHIFT) || start >= r.nr )
        return start;
    if ( r.order > (current->domain->is_privileged ? MAX_ORDER_HWDOM
                                                   : MAX_ORDER_DOMU) )
        return start;
    d = domain_lookup_any(r.domid);
    if ( !d )
        return start;
    if ( !domain_may_target(d) )
        done = -EPERM;
    else if ( !d->arch.p2m || d->is_dying )
        done = start;
    else
        done = reservation_loop(op, d, &r, start, compat);
    put_domain(d);
    return done;
}

/* ---- add_to_physmap, its batch form, remove_from_physmap ---- */

/* XENMAPSPACE_gmfn: move d's frame at idx to gpfn.  physmap_lock held. */
static int move_gfn(struct domain *d, unsigned long idx, unsigned long gpfn)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(d, idx, &t);
    struct page_info *pg;
    int rc;

    if ( !p2m_is_ram(t) || !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( (pg->count_info & PGC_xen_heap) || !page_get_ref(pg, d) )
        return -EINVAL;
    rc = idx == gpfn ? 0 : physmap_clear_slot(d, gpfn);
    if ( !rc && idx != gpfn )
    {
        p2m_set_entry(d, idx, INVALID_MFN, P2M_ORDER_4K, p2m_invalid);
        rc = p2m_set_entry(d, gpfn, mfn, P2M_ORDER_4K, t);
    }
    page_put_ref(pg);
    return rc;
}

static int map_foreign_frame(struct domain *d, unsigned long idx,
                             unsigned long gpfn, struct domain *fd)
{
    p2m_type_t t;
    unsigned long mfn;
    struct page_info *pg;
    int rc;

    /* The frame, referenced under its owner's lock, then ours. */
    if ( !physmap_lock_live(fd) )
        return -EINVAL;
    mfn = p2m_get_entry(fd, idx, &t);
    pg = p2m_is_ram(t) && mfn_valid(mfn) ? mfn_to_page(mfn) : NULL;
    /*
     * A hypervisor frame shared with fd (its grant table or shared_info,
     * placed in its physmap) is mappable too, as on Xen: libxc seeds a
     * domU's grant table that way.  The reference keeps it alive.
     */
    if ( pg && !page_get_ref(pg, fd) )
        pg = NULL;
    physmap_unlock(fd);
    if ( !pg )
        return -EINVAL;
    if ( !physmap_lock_live(d) )
    {
        page_put_ref(pg);
        return -EINVAL;
    }
    rc = physmap_clear_slot(d, gpfn);
    if ( !rc )
        rc = p2m_set_entry(d, gpfn, mfn, P2M_ORDER_4K, p2m_map_foreign);
    physmap_unlock(d);
    if ( rc )
        page_put_ref(pg);
    return rc;
}

/*
 * XENMAPSPACE_gmfn_foreign: fd's frame idx at d's gpfn (privileged).  A
 * foreign map holds a reference on the frame and one on its owner
 * (dropped by remove_gfn()), so a dying fd stays a zombie while mapped.
 */
static int map_foreign(struct domain *d, unsigned long idx,
                       unsigned long gpfn, domid_t fdomid)
{
    struct domain *fd = domain_lookup_any(fdomid);
    int rc;

    if ( !fd )
        return -ESRCH;
    if ( fd == d || fd->is_dying )
        rc = -EINVAL;
    else if ( !current->domain->is_privileged )
        rc = -EPERM;
    else
        rc = map_foreign_frame(d, idx, gpfn, fd);
    /* On success the reference stays with the mapping. */
    if ( rc )
        put_domain(fd);
    return rc;
}

static int grant_frame(struct domain *d, unsigned long idx,
                       unsigned long gpfn)
{
    int rc = physmap_clear_slot(d, gpfn);

    return rc ? rc : gnttab_map_frame(d, idx, gpfn);
}

/* One page of add_to_physmap(_batch) in any space but shared_info. */
static int add_one(struct domain *d, unsigned int space, unsigned long idx,
                   unsigned long gpfn, domid_t fdomid)
{
    int rc = -EINVAL;

    if ( space == XENMAPSPACE_gmfn_foreign )
        return map_foreign(d, idx, gpfn, fdomid);
    if ( !physmap_lock_live(d) )
        return -EINVAL;
    if ( space == XENMAPSPACE_grant_table )
        rc = grant_frame(d, idx, gpfn);
    else if ( space == XENMAPSPACE_gmfn )
        rc = move_gfn(d, idx, gpfn);
    physmap_unlock(d);
    return rc;
}

static long move_range(struct domain *d, unsigned long idx,
                       unsigned long gpfn, unsigned int size,
                       unsigned long start)
{
    unsigned long i;
    int rc;

    for ( i = start; i < size; i++ )
    {
        if ( i != start && hypercall_preempt_check() )
            return i;
        if ( !physmap_lock_live(d) )
            return -EINVAL;
        rc = move_gfn(d, idx + i, gpfn + i);
        physmap_unlock(d);
        if ( rc )
            return rc;
    }
    return 0;
}

long physmap_add(struct domain *d, unsigned int space, unsigned long idx,
                 unsigned long gpfn, unsigned int size, unsigned long start)
{
    long rc;

    if ( space != XENMAPSPACE_gmfn_range )
        return add_one(d, space, idx, gpfn, DOMID_INVALID);
    /* What the moves remove goes after one flush per chunk, too. */
    physmap_batch_begin(d);
    rc = move_range(d, idx, gpfn, size, start);
    physmap_batch_end(d);
    return rc;
}

/* xen_add_to_physmap_batch in either layout. */
struct atp_batch {
    domid_t domid;
    uint16_t space, size, foreign;
    uint64_t idxs, gpfns, errs;
};

struct compat_atp_batch {
    uint16_t domid, space, size, foreign;
    uint32_t idxs, gpfns, errs;
};

BUILD_BUG_ON(sizeof(struct xen_add_to_physmap_batch) != 32);
BUILD_BUG_ON(sizeof(struct compat_atp_batch) != 20);

static int atp_batch_from_guest(uint64_t arg, bool compat,
                                struct atp_batch *b)
{
    struct xen_add_to_physmap_batch x;
    struct compat_atp_batch c;

    if ( compat )
    {
        if ( copy_from_guest(&c, arg, sizeof(c)) )
            return -EFAULT;
        b->domid = c.domid, b->space = c.space, b->size = c.size;
        b->foreign = c.foreign;
        b->idxs = c.idxs, b->gpfns = c.gpfns, b->errs = c.errs;
        return 0;
    }
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    b->domid = x.domid, b->space = x.space, b->size = x.size;
    b->foreign = x.u.foreign_domid;
    b->idxs = (uint64_t)(uintptr_t)x.idxs.p;
    b->gpfns = (uint64_t)(uintptr_t)x.gpfns.p;
    b->errs = (uint64_t)(uintptr_t)x.errs.p;
    return 0;
}

/* Entries from start on, each result in errs[]; as Xen's batch loop. */
static long atp_batch_loop(struct domain *d, const struct atp_batch *b,
                           unsigned long start, bool compat)
{
    unsigned int sz = compat ? 4 : 8;
    unsigned long i, idx, gpfn;
    int rc;

    for ( i = start; i < b->size; i++ )
    {
        if ( i != start && hypercall_preempt_check() )
        {
            hypercall_set_arg(0, XENMEM_add_to_physmap_batch |
                                 (i << MEMOP_EXTENT_SHIFT));
            return -ERESTART;
        }
        idx = gpfn = 0;
        if ( copy_from_guest(&idx, b->idxs + i * sz, sz) ||
             copy_from_guest(&gpfn, b->gpfns + i * sz, sz) )
            return -EFAULT;
        rc = add_one(d, b->space, idx, gpfn, b->foreign);
        if ( copy_to_guest(b->errs + i * 4, &rc, sizeof(rc)) )
            return -EFAULT;
    }
    return 0;
}

long memop_add_to_physmap_batch(unsigned long start, uint64_t arg)
{
    bool compat = hypercall_is_compat();
    struct atp_batch b;
    struct domain *d;
    long rc;

    if ( start != (uint16_t)start )
        return -EDOM;
    if ( atp_batch_from_guest(arg, compat, &b) )
        return -EFAULT;
    if ( b.space == XENMAPSPACE_gmfn_range )
        return -EOPNOTSUPP;
    if ( b.space != XENMAPSPACE_gmfn_foreign && b.foreign )
        return -EOPNOTSUPP;
    d = domain_lookup_any(b.domid);
    if ( !d )
        return -ESRCH;
    if ( !domain_may_target(d) )
        rc = -EPERM;
    else if ( start > b.size || (start == b.size && start) )
        rc = -EILSEQ;
    else
        rc = atp_batch_loop(d, &b, start, compat);
    put_domain(d);
    return rc;
}

long memop_remove_from_physmap(uint64_t arg)
{
    struct xen_remove_from_physmap x;
    struct {
        uint16_t domid;
        uint32_t gpfn;
    } c;
    struct domain *d;
    int rc;

    if ( hypercall_is_compat() )
    {
        if ( copy_from_guest(&c, arg, sizeof(c)) )
            return -EFAULT;
        x.domid = c.domid, x.gpfn = c.gpfn;
    }
    else if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    d = domain_lookup_any(x.domid);
    if ( !d )
        return -ESRCH;
    rc = -EPERM;
    if ( domain_may_target(d) )
    {
        rc = -EINVAL;
        if ( physmap_lock_live(d) )
        {
            rc = remove_gfn(d, x.gpfn);
            physmap_unlock(d);
        }
    }
    put_domain(d);
    return rc;
}

/* ---- acquire_resource ---- */

struct compat_acquire_resource {
    uint16_t domid, type;
    uint32_t id, nr_frames, pad;
    uint64_t frame;
    uint32_t frame_list;
} __attribute__((packed, aligned(4)));

BUILD_BUG_ON(sizeof(struct xen_mem_acquire_resource) != 32);
BUILD_BUG_ON(sizeof(struct compat_acquire_resource) != 28);

static int acquire_from_guest(uint64_t arg, bool compat,
                              struct xen_mem_acquire_resource *x,
                              uint64_t *list)
{
    struct compat_acquire_resource c;

    if ( !compat )
    {
        if ( copy_from_guest(x, arg, sizeof(*x)) )
            return -EFAULT;
        *list = (uint64_t)(uintptr_t)x->frame_list.p;
        return 0;
    }
    if ( copy_from_guest(&c, arg, sizeof(c)) )
        return -EFAULT;
    x->domid = c.domid, x->type = c.type, x->id = c.id;
    x->nr_frames = c.nr_frames, x->pad = c.pad, x->frame = c.frame;
    *list = c.frame_list;
    return 0;
}

static unsigned int resource_max_frames(struct domain *d, unsigned int type,
                                        unsigned int id)
{
    return type == XENMEM_resource_grant_table
           ? gnttab_resource_max_frames(d, id) : 0;
}

/* Frame i of the resource at the caller's gfn, as a foreign map. */
static int acquire_one(struct domain *d, uint64_t frame, unsigned long gfn)
{
    struct domain *cd = current->domain;
    unsigned long mfn;
    int rc = gnttab_get_shared_frame(d, frame, &mfn);

    if ( rc )
        return rc;
    if ( !page_get_ref(mfn_to_page(mfn), d) )
        return -EINVAL;
    /* A foreign map holds its frame's owner too (see map_foreign()). */
    if ( !get_domain(d) )
    {
        page_put_ref(mfn_to_page(mfn));
        return -EINVAL;
    }
    rc = -EINVAL;
    if ( physmap_lock_live(cd) )
    {
        rc = physmap_clear_slot(cd, gfn);
        if ( !rc )
            rc = p2m_set_entry(cd, gfn, mfn, P2M_ORDER_4K, p2m_map_foreign);
        physmap_unlock(cd);
    }
    if ( rc )
    {
        page_put_ref(mfn_to_page(mfn));
        put_domain(d);
    }
    return rc;
}

static long acquire_loop(struct domain *d,
                         const struct xen_mem_acquire_resource *x,
                         uint64_t list, unsigned long start, bool compat)
{
    unsigned int sz = compat ? 4 : 8;
    unsigned long i, gfn;
    int rc;

    for ( i = start; i < x->nr_frames; i++ )
    {
        if ( i != start && hypercall_preempt_check() )
        {
            hypercall_set_arg(0, XENMEM_acquire_resource |
                                 (i << MEMOP_EXTENT_SHIFT));
            return -ERESTART;
        }
        gfn = 0;
        if ( copy_from_guest(&gfn, list + i * sz, sz) )
            return -EFAULT;
        rc = acquire_one(d, x->frame + i, gfn);
        /* Xen: -EIO once some frames are mapped. */
        if ( rc )
            return i ? -EIO : rc;
    }
    return 0;
}

/* acquire_resource on d (found, with a reference). */
static long acquire_resource_of(struct domain *d,
                                const struct xen_mem_acquire_resource *x,
                                uint64_t arg, uint64_t list,
                                unsigned long start, bool compat)
{
    unsigned int max;

    /* Xen's XSM_DM_PRIV, and no mapping of one's own resources. */
    if ( d == current->domain || !current->domain->is_privileged )
        return -EPERM;
    if ( x->type == XENMEM_resource_ioreq_server ||
         x->type == XENMEM_resource_vmtrace_buf )
        return -EOPNOTSUPP;
    max = resource_max_frames(d, x->type, x->id);
    if ( !max )
        return -EINVAL;
    if ( !list )
    {
        if ( x->nr_frames || start )
            return -EINVAL;
        return copy_to_guest(arg + offsetof(typeof(*x), nr_frames), &max,
                             sizeof(max)) ? -EFAULT : 0;
    }
    if ( start >= x->nr_frames || x->frame + x->nr_frames > max )
        return -EINVAL;
    return acquire_loop(d, x, list, start, compat);
}

long memop_acquire_resource(unsigned long start, uint64_t arg)
{
    bool compat = hypercall_is_compat();
    struct xen_mem_acquire_resource x;
    uint64_t list;
    struct domain *d;
    long rc;

    if ( acquire_from_guest(arg, compat, &x, &list) )
        return -EFAULT;
    if ( x.pad || (x.frame >> 32) || ((x.frame + x.nr_frames) >> 32) )
        return -EINVAL;
    d = get_domain_by_id(x.domid);
    if ( !d )
        return -ESRCH;
    rc = acquire_resource_of(d, &x, arg, list, start, compat);
    put_domain(d);
    return rc;
}
