/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode for nested paging, as Xen 4.17's HAP log-dirty
 * (mm/paging.c, mm/hap/hap.c): the toolstack turns it on for a
 * migration, every RAM leaf of the p2m becomes p2m_ram_logdirty (no write
 * permission), and the guest's first write to a frame faults: the fault
 * marks the gfn in the domain's dirty bitmap and gives the frame its
 * write permission back (a 2M leaf is split first, so one write dirties
 * one frame).  CLEAN hands the bitmap to the toolstack, clears it and
 * write-protects RAM again.  Frames the hypervisor writes for the guest
 * (guest copies, grant copies and writable grants, the vcpu_info and FIFO
 * event pages it keeps mapped, frames added or removed in the p2m) are
 * marked by those writers through p2m_logdirty_mark().
 *
 * Lock: logdirty.lock guards the bitmap and counts; a leaf lock (the
 * p2m lock and grant table locks may be held when it is taken).
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/domctl.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/domctl.h>

/* A leaf page of bits; 8192 of them cover 2^28 gfns (1 TiB). */
#define LOGDIRTY_LEAF_BITS      (PAGE_SIZE * 8)
#define LOGDIRTY_TOP_ENTRIES    8192UL
#define LOGDIRTY_MAX_GFN        (LOGDIRTY_LEAF_BITS * LOGDIRTY_TOP_ENTRIES)

static struct p2m_logdirty *ld_of(const struct domain *d)
{
    return d->arch.p2m ? &d->arch.p2m->logdirty : NULL;
}

void p2m_logdirty_init(struct p2m_domain *p2m)
{
    spin_lock_init(&p2m->logdirty.lock);
}

/* Lock held, or the domain going. */
static void free_bitmap(struct p2m_logdirty *ld)
{
    unsigned long i;

    if ( !ld->top )
        return;
    for ( i = 0; i < LOGDIRTY_TOP_ENTRIES; i++ )
        if ( ld->top[i] )
            free_xenheap_page(ld->top[i]);
    xfree(ld->top);
    ld->top = NULL;
}

void p2m_logdirty_teardown(struct p2m_domain *p2m)
{
    free_bitmap(&p2m->logdirty);
}

/* One gfn; lock held. */
static void mark_one(struct p2m_logdirty *ld, unsigned long gfn)
{
    unsigned long **leaf;

    if ( gfn >= LOGDIRTY_MAX_GFN )
    {
        ld->failed++;
        return;
    }
    leaf = &ld->top[gfn / LOGDIRTY_LEAF_BITS];
    if ( !*leaf && (*leaf = alloc_xenheap_page()) )
        memset(*leaf, 0, PAGE_SIZE);
    if ( !*leaf )
        ld->failed++;
    else if ( !test_and_set_bit(gfn % LOGDIRTY_LEAF_BITS, *leaf) )
        ld->dirty_count++;
}

void p2m_logdirty_mark(struct domain *d, unsigned long gfn, unsigned long nr)
{
    struct p2m_logdirty *ld = ld_of(d);

    if ( !ld || !READ_ONCE(ld->enabled) )
        return;
    spin_lock(&ld->lock);
    while ( ld->enabled && nr-- )
        mark_one(ld, gfn++);
    spin_unlock(&ld->lock);
}

p2m_type_t p2m_logdirty_new_type(struct domain *d, p2m_type_t t)
{
    struct p2m_logdirty *ld = ld_of(d);

    return t == p2m_ram_rw && ld && READ_ONCE(ld->enabled)
           ? p2m_ram_logdirty : t;
}

/*
 * Marked before the frame is writable again (Xen's order), so a CLEAN
 * that runs in between leaves the bit for the next round.  A leaf that
 * is already writable (another vCPU was first, or a stale TLB entry)
 * is taken too: the guest retries its write.
 */
bool p2m_logdirty_fault(struct domain *d, unsigned long gfn)
{
    struct p2m_logdirty *ld = ld_of(d);
    unsigned int order;
    p2m_type_t cur;

    if ( !ld || !READ_ONCE(ld->enabled) )
        return false;
    p2m_logdirty_mark(d, gfn, 1);
    if ( p2m_change_type_one(d, gfn, p2m_ram_logdirty, p2m_ram_rw, &order,
                             &cur) )
        return cur == p2m_ram_rw;
    /* No table page for a split: the whole 2M leaf is writable now. */
    if ( order )
        p2m_logdirty_mark(d, gfn & ~((1UL << order) - 1), 1UL << order);
    return true;
}

/*
 * Frames the hypervisor keeps mapped and writes at any time (vcpu_info,
 * FIFO event pages): dirty in the last round whatever the bitmap says,
 * as Xen's hvm_mapped_guest_frames_mark_dirty().
 */
static void logdirty_mark_mapped(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        if ( READ_ONCE(v->vcpu_info_mfn) != ~0UL )
            p2m_logdirty_mark(d, v->vcpu_info_gfn, 1);
    evtchn_fifo_mark_dirty(d);
}

/* Xen's paging_log_dirty_enable(): -EINVAL if it is on already. */
static int logdirty_enable(struct domain *d)
{
    struct p2m_logdirty *ld = ld_of(d);
    unsigned long **top = xzalloc_array(unsigned long *,
                                        LOGDIRTY_TOP_ENTRIES);

    if ( !top )
        return -ENOMEM;
    domain_pause(d);
    spin_lock(&ld->lock);
    if ( ld->enabled )
    {
        spin_unlock(&ld->lock);
        domain_unpause(d);
        xfree(top);
        return -EINVAL;
    }
    ld->top = top;
    ld->fault_count = ld->dirty_count = ld->failed = 0;
    WRITE_ONCE(ld->enabled, true);
    spin_unlock(&ld->lock);
    p2m_change_type_all(d, p2m_ram_rw, p2m_ram_logdirty);
    domain_unpause(d);
    return 0;
}

/* Off (a no-op when it is off), the bitmap freed. */
static void logdirty_disable(struct domain *d)
{
    struct p2m_logdirty *ld = ld_of(d);
    struct p2m_logdirty old;

    domain_pause(d);
    spin_lock(&ld->lock);
    old = *ld;
    WRITE_ONCE(ld->enabled, false);
    ld->top = NULL;
    spin_unlock(&ld->lock);
    if ( old.enabled )
        p2m_change_type_all(d, p2m_ram_logdirty, p2m_ram_rw);
    domain_unpause(d);
    free_bitmap(&old);
}

/* Leaf i into buf (zeros if none), cleared if clean; lock held. */
static void take_leaf(struct p2m_logdirty *ld, unsigned long i, void *buf,
                      bool clean)
{
    unsigned long *leaf = ld->top ? ld->top[i] : NULL;

    if ( !leaf )
    {
        memset(buf, 0, PAGE_SIZE);
        return;
    }
    memcpy(buf, leaf, PAGE_SIZE);
    if ( clean )
        memset(leaf, 0, PAGE_SIZE);
}

/* The first sc->pages bits to the caller's buffer (if it gave one). */
static int copy_bitmap(struct p2m_logdirty *ld,
                       const struct xen_domctl_shadow_op *sc, bool clean)
{
    uint64_t addr = guest_handle_addr(sc->dirty_bitmap), done;
    void *buf = alloc_xenheap_page();
    int rc = 0;

    if ( !buf )
        return -ENOMEM;
    for ( done = 0; done < sc->pages && !rc; done += LOGDIRTY_LEAF_BITS )
    {
        uint64_t bytes = min((uint64_t)PAGE_SIZE, (sc->pages - done + 7) / 8);

        spin_lock(&ld->lock);
        if ( done < LOGDIRTY_MAX_GFN )
            take_leaf(ld, done / LOGDIRTY_LEAF_BITS, buf, clean);
        else
            memset(buf, 0, PAGE_SIZE);
        spin_unlock(&ld->lock);
        if ( addr && copy_to_guest(addr + done / 8, buf, bytes) )
            rc = -EFAULT;
    }
    free_xenheap_page(buf);
    return rc;
}

/*
 * CLEAN and PEEK (Xen's paging_log_dirty_op()), the domain paused: the
 * counts, the bitmap; CLEAN zeroes both and write-protects RAM again.
 * Log-dirty off, the bitmap reads as zeros (Xen's too).
 */
static int logdirty_op(struct domain *d, struct xen_domctl_shadow_op *sc)
{
    struct p2m_logdirty *ld = ld_of(d);
    bool clean = sc->op == XEN_DOMCTL_SHADOW_OP_CLEAN;
    int rc = 0;

    if ( sc->mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL )
        return -EINVAL;
    if ( sc->mode & XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL )
        logdirty_mark_mapped(d);
    domain_pause(d);
    spin_lock(&ld->lock);
    sc->stats.fault_count = ld->fault_count;
    sc->stats.dirty_count = ld->dirty_count;
    if ( ld->failed )
        rc = -ENOMEM;
    spin_unlock(&ld->lock);
    rc = rc ?: copy_bitmap(ld, sc, clean);
    if ( !rc && clean )
    {
        spin_lock(&ld->lock);
        ld->fault_count = ld->dirty_count = 0;
        spin_unlock(&ld->lock);
        if ( READ_ONCE(ld->enabled) )
            p2m_change_type_all(d, p2m_ram_rw, p2m_ram_logdirty);
    }
    domain_unpause(d);
    return rc;
}

/* Xen's hap_get_allocation(): MiB, rounded up. */
static uint32_t pool_mb(const struct domain *d)
{
    return (p2m_pool_bytes(d) + (1UL << 20) - 1) >> 20;
}

long p2m_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sc)
{
    long rc;

    if ( d->is_dying )
        return 0;
    switch ( sc->op )
    {
    case XEN_DOMCTL_SHADOW_OP_ENABLE:
        if ( !(sc->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY) )
            return -EINVAL;
        /* fall through */
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        return logdirty_enable(d);
    case XEN_DOMCTL_SHADOW_OP_OFF:
        logdirty_disable(d);
        return 0;
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        return logdirty_op(d, sc);
    case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
        rc = p2m_pool_resize(d, (unsigned long)sc->mb << (20 - PAGE_SHIFT));
        if ( !rc )
            sc->mb = pool_mb(d);
        return rc;
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        sc->mb = pool_mb(d);
        return 0;
    default:
        return -EINVAL;
    }
}
