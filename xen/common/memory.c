/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op(cmd, arg): the memory sub-ops an HVM/PVH guest uses at boot,
 * as Xen 4.17 answers them: its memory map, reservation sizes, and
 * mapping the shared_info page into its physical address space, and the
 * toolstack's set_memory_map.  The
 * low 6 bits of cmd are the sub-op, the rest a continuation point that
 * must be 0 for these.  The reservation, physmap-changing and resource
 * sub-ops are in physmap.c.  Other sub-ops return -ENOSYS for now
 * (machine_memory_map and machphys_mapping always: Xen refuses them to
 * HVM guests).
 *
 * 32-bit callers: xen_memory_map (the buffer handle is 4 bytes) and
 * xen_add_to_physmap (idx and gpfn are 4 bytes) have their own layouts;
 * the rest are the same.
 *
 * Lock: d->lock guards d->e820/nr_e820 and d->shared_info_gfn; it is
 * taken after d->physmap_lock and before the p2m lock.
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/memory-map.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>

/* Xen's public xen.h: sub-op in the low bits, start extent above. */
#define MEMOP_EXTENT_SHIFT  6
#define MEMOP_CMD_MASK      ((1UL << MEMOP_EXTENT_SHIFT) - 1)

struct compat_memory_map {
    uint32_t nr_entries;
    uint32_t buffer;
};

struct compat_add_to_physmap {
    uint16_t domid;
    uint16_t size;
    uint32_t space;
    uint32_t idx;
    uint32_t gpfn;
};

/* One layout for both kinds of caller. */
struct memory_map_arg {
    uint32_t nr_entries;
    uint64_t buffer;
};

BUILD_BUG_ON(sizeof(struct e820entry) != 20);
BUILD_BUG_ON(sizeof(struct xen_memory_map) != 16);
BUILD_BUG_ON(sizeof(struct compat_memory_map) != 8);
BUILD_BUG_ON(offsetof(struct xen_memory_map, buffer) != 8);
BUILD_BUG_ON(sizeof(struct xen_foreign_memory_map) != 24);
BUILD_BUG_ON(offsetof(struct xen_foreign_memory_map, map) != 8);
BUILD_BUG_ON(sizeof(struct xen_add_to_physmap) != 24);
BUILD_BUG_ON(sizeof(struct compat_add_to_physmap) != 16);
BUILD_BUG_ON(sizeof(struct xen_vnuma_topology_info) != 40);

/*
 * A xen_memory_map as read in the caller's layout: nr_entries at 0, the
 * buffer handle at 8 (native, 8 bytes) or at 4 (compat, 4 bytes).
 */
static void memory_map_from_guest(const uint8_t *raw, bool compat,
                                  struct memory_map_arg *m)
{
    uint32_t b32;

    memcpy(&m->nr_entries, raw, 4);
    if ( compat )
    {
        memcpy(&b32, raw + 4, 4);
        m->buffer = b32;
    }
    else
        memcpy(&m->buffer, raw + 8, 8);
}

int domain_set_memory_map(struct domain *d, const struct e820entry *map,
                          unsigned int nr)
{
    struct e820entry *copy = NULL, *old;

    if ( nr > E820_MAX )
        return -E2BIG;
    if ( nr )
    {
        copy = xmalloc_array(struct e820entry, nr);
        if ( !copy )
            return -ENOMEM;
        memcpy(copy, map, nr * sizeof(*map));
    }
    spin_lock(&d->lock);
    old = d->e820;
    d->e820 = copy;
    d->nr_e820 = nr;
    spin_unlock(&d->lock);
    xfree(old);
    return 0;
}

/*
 * XENMEM_memory_map: as many entries as the caller has room for, and
 * how many that was.  -ENOSYS if the domain was given no map (Xen's
 * "backwards compatibility" answer).
 */
static long memop_memory_map(uint64_t arg)
{
    struct domain *d = current->domain;
    bool compat = hypercall_is_compat();
    uint8_t raw[sizeof(struct xen_memory_map)];
    size_t size = compat ? sizeof(struct compat_memory_map)
                         : sizeof(struct xen_memory_map);
    struct memory_map_arg m;
    long rc = 0;

    if ( copy_from_guest(raw, arg, size) )
        return -EFAULT;
    memory_map_from_guest(raw, compat, &m);

    spin_lock(&d->lock);
    if ( !d->nr_e820 )
        rc = -ENOSYS;
    else
    {
        m.nr_entries = min(m.nr_entries, d->nr_e820);
        if ( copy_to_guest(m.buffer, d->e820,
                           m.nr_entries * sizeof(struct e820entry)) ||
             copy_to_guest(arg, &m.nr_entries, sizeof(m.nr_entries)) )
            rc = -EFAULT;
    }
    spin_unlock(&d->lock);
    return rc;
}

/*
 * XENMEM_set_memory_map: the toolstack gives a domain its map (Xen's
 * XSM_TARGET: itself or the control domain).  xen_foreign_memory_map is
 * domid then a xen_memory_map at 8 (native) or 4 (compat).
 */
static long memop_set_memory_map(uint64_t arg)
{
    bool compat = hypercall_is_compat();
    uint8_t raw[sizeof(struct xen_foreign_memory_map)];
    struct memory_map_arg m;
    struct e820entry *map;
    struct domain *d;
    domid_t domid;
    long rc;

    if ( copy_from_guest(raw, arg, compat ? 12 : sizeof(raw)) )
        return -EFAULT;
    memcpy(&domid, raw, sizeof(domid));
    memory_map_from_guest(raw + (compat ? 4 : 8), compat, &m);
    if ( m.nr_entries > E820_MAX )
        return -EINVAL;
    d = domain_lookup_any(domid);
    if ( !d )
        return -ESRCH;
    map = xmalloc_array(struct e820entry, m.nr_entries ?: 1);
    rc = !domain_may_target(d) ? -EPERM : !map ? -ENOMEM : 0;
    if ( !rc && copy_from_guest(map, m.buffer,
                                m.nr_entries * sizeof(*map)) )
        rc = -EFAULT;
    if ( !rc )
        rc = domain_set_memory_map(d, map, m.nr_entries);
    xfree(map);
    put_domain(d);
    return rc;
}

/* current/maximum_reservation, maximum_gpfn: of the domain named. */
static long memop_domain_size(unsigned int op, uint64_t arg)
{
    domid_t domid;
    struct domain *d;
    long rc;

    if ( copy_from_guest(&domid, arg, sizeof(domid)) )
        return -EFAULT;
    d = domain_lookup_any(domid);
    if ( !d )
        return -ESRCH;
    if ( !domain_may_target(d) )
        rc = -EPERM;
    else if ( op == XENMEM_current_reservation )
        rc = d->tot_pages;
    else if ( op == XENMEM_maximum_reservation )
        rc = d->max_pages;
    else
        rc = d->arch.p2m ? d->arch.p2m->max_mapped_gfn : 0;
    put_domain(d);
    return rc;
}

/*
 * Map d's shared_info page at gfn.  Whatever was mapped there goes first
 * as Xen's guest_remove_page() takes it (RAM goes back to the heap), and
 * the page leaves the gfn it was at before, as on Xen.  Under d's
 * physmap lock, so nothing lands in the slot between.
 */
static long map_shared_info(struct domain *d, unsigned long gfn)
{
    unsigned long mfn, old;
    long rc;

    if ( !d->shared_info )
        return -EINVAL;
    mfn = virt_to_mfn(d->shared_info);
    if ( !physmap_lock_live(d) )
        return -EINVAL;
    rc = physmap_clear_slot(d, gfn);
    spin_lock(&d->lock);
    old = d->shared_info_gfn;
    if ( !rc )
        rc = p2m_set_entry(d, gfn, mfn, P2M_ORDER_4K, p2m_ram_rw);
    if ( !rc )
    {
        if ( old != ~0UL && old != gfn )
            physmap_vacate_slot(d, old);
        d->shared_info_gfn = gfn;
    }
    spin_unlock(&d->lock);
    physmap_unlock(d);
    return rc;
}

/*
 * physmap_add() on d (found and allowed); a preempted gmfn_range becomes
 * a continuation.
 */
static long physmap_add_checked(struct domain *d, unsigned int space,
                                unsigned long idx, unsigned long gpfn,
                                unsigned int size, unsigned long start)
{
    long rc = physmap_add(d, space, idx, gpfn, size, start);

    if ( rc > 0 )
    {
        /* A gmfn_range preempted after rc pages: continue from there. */
        hypercall_set_arg(0, XENMEM_add_to_physmap |
                             ((unsigned long)rc << MEMOP_EXTENT_SHIFT));
        rc = -ERESTART;
    }
    return rc;
}

static long memop_add_to_physmap(unsigned long start, uint64_t arg)
{
    struct xen_add_to_physmap x;
    struct domain *d;
    long rc;

    if ( hypercall_is_compat() )
    {
        struct compat_add_to_physmap c;

        if ( copy_from_guest(&c, arg, sizeof(c)) )
            return -EFAULT;
        x.domid = c.domid, x.size = c.size, x.space = c.space;
        x.idx = c.idx, x.gpfn = c.gpfn;
    }
    else if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;

    /* Foreign frames only through add_to_physmap_batch (Xen). */
    if ( x.space == XENMAPSPACE_gmfn_foreign )
        return -ENOSYS;
    d = domain_lookup_any(x.domid);
    if ( !d )
        return -ESRCH;
    if ( !domain_may_target(d) )
        rc = -EPERM;
    else if ( x.space == XENMAPSPACE_shared_info )
        rc = x.idx == 0 ? map_shared_info(d, x.gpfn) : -EINVAL;
    else if ( x.space == XENMAPSPACE_gmfn_range && start >= x.size )
        rc = start ? -EINVAL : 0;
    else
        /* grant_table, gmfn, gmfn_range: common/physmap.c. */
        rc = physmap_add_checked(d, x.space, x.idx, x.gpfn, x.size, start);
    put_domain(d);
    return rc;
}


/*
 * XENMEM_get_vnumainfo: no domain has a virtual NUMA layout, which Xen
 * answers with -EOPNOTSUPP once the argument checks pass.
 */
static long memop_get_vnumainfo(uint64_t arg)
{
    struct xen_vnuma_topology_info t;
    struct domain *d;

    if ( copy_from_guest(&t, arg, sizeof(t)) )
        return -EFAULT;
    if ( t.pad )
        return -EINVAL;
    d = domain_lookup_any(t.domid);
    if ( !d )
        return -ESRCH;
    put_domain(d);
    return domain_may_target(d) ? -EOPNOTSUPP : -EPERM;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start_extent = cmd >> MEMOP_EXTENT_SHIFT;

    switch ( op )
    {
    case XENMEM_add_to_physmap:
        /* Xen's check for a continuation point beyond a 16-bit size. */
        return start_extent != (uint16_t)start_extent
               ? -EDOM : memop_add_to_physmap(start_extent, arg);
    case XENMEM_memory_map:
        return memop_memory_map(arg);
    case XENMEM_set_memory_map:
        return start_extent ? -EINVAL : memop_set_memory_map(arg);
    case XENMEM_maximum_ram_page:
        return start_extent ? -EINVAL : (long)max_page;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return start_extent ? -EINVAL : memop_domain_size(op, arg);
    case XENMEM_get_vnumainfo:
        return start_extent ? -EINVAL : memop_get_vnumainfo(arg);
    /* Ballooning, physmap and resources: common/physmap.c. */
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return memop_reservation(op, start_extent, arg);
    case XENMEM_add_to_physmap_batch:
        return memop_add_to_physmap_batch(start_extent, arg);
    case XENMEM_remove_from_physmap:
        return start_extent ? -EINVAL : memop_remove_from_physmap(arg);
    case XENMEM_acquire_resource:
        return memop_acquire_resource(start_extent, arg);
    case XENMEM_exchange:
        /* Machine-contiguous exchanges mean nothing to a 1:1 dom0 yet. */
        return -ENOSYS;
    }
    return -ENOSYS;
}
