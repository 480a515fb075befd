/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_map_grant_ref and unmap_grant_ref for auto-translated
 * (HVM/PVH) domains, and the teardown of a dying domain's mappings.
 *
 * host_addr is a guest-physical address of the mapping domain: the
 * granted frame appears there in its p2m as p2m_grant_map_rw/ro.  The
 * slot must be empty, or for dom0 its own 1:1 MMIO (put back on unmap):
 * Linux picks address space it thinks unused, which for our dom0 may be
 * in the PCI hole (physmap_claim_slot()).  Only GNTMAP_host_map is
 * offered: device maps, application maps and PTE addresses are PV
 * notions, refused with GNTST_general_error as Xen refuses them to HVM
 * domains.
 *
 * A map takes, in order and never two table locks at once: the
 * mapper's table lock (a maptrack handle), the granter's (pin), then
 * the mapper's physmap lock and table lock together (p2m entry, record
 * the mapping).  Each step is undone on a later failure.  An unmap holds
 * the mapper's physmap lock and table lock while it empties the slot,
 * and unpins the grant and drops the frame reference only after the
 * mapper's TLBs forgot it (p2m_flush_wait()).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/p2m.h>
#include "grant-private.h"

#define MT_BUSY     (MT_NONE - 1)   /* next_free of a handle handed out */

static struct grant_mapping *mt_entry(struct grant_table *gt,
                                      unsigned int h)
{
    return &gt->maptrack[h / MT_PER_CHUNK][h % MT_PER_CHUNK];
}

/* Lock held.  Another chunk of handles on the free list. */
static bool mt_grow(struct grant_table *gt)
{
    struct grant_mapping *c;
    unsigned int i, base = gt->mt_chunks * MT_PER_CHUNK;

    /* A chunk is one of Xen's maptrack frames: the domain's limit. */
    if ( gt->mt_chunks == MT_MAX_CHUNKS ||
         gt->mt_chunks >= gt->d->max_maptrack_frames )
        return false;
    c = xzalloc_array(struct grant_mapping, MT_PER_CHUNK);
    if ( !c )
        return false;
    gt->maptrack[gt->mt_chunks++] = c;
    for ( i = MT_PER_CHUNK; i-- > 0; )
    {
        c[i].next_free = gt->mt_free;
        gt->mt_free = base + i;
    }
    return true;
}

static unsigned int mt_get(struct grant_table *gt)
{
    unsigned int h = MT_NONE;

    spin_lock(&gt->lock);
    if ( gt->mt_free != MT_NONE || mt_grow(gt) )
    {
        h = gt->mt_free;
        gt->mt_free = mt_entry(gt, h)->next_free;
        mt_entry(gt, h)->next_free = MT_BUSY;
        mt_entry(gt, h)->flags = 0;
        gt->mt_used++;
    }
    spin_unlock(&gt->lock);
    return h;
}

/* Lock held. */
static void mt_put_locked(struct grant_table *gt, unsigned int h)
{
    struct grant_mapping *m = mt_entry(gt, h);

    m->flags = 0;
    m->next_free = gt->mt_free;
    gt->mt_free = h;
    gt->mt_used--;
}

static void mt_put(struct grant_table *gt, unsigned int h)
{
    spin_lock(&gt->lock);
    mt_put_locked(gt, h);
    spin_unlock(&gt->lock);
}

/*
 * Set GTF_reading (and GTF_writing) in a v1 entry the granter shares
 * with us, checking on the way that it grants ldom this access.  The
 * flags and domid are one 32-bit word changed with cmpxchg; a guest
 * rewriting it faster than we can retry gets an error, not a livelock.
 */
static int16_t gt_set_flags(grant_entry_v1_t *e, domid_t ldom, bool ro,
                            bool pinned, bool map)
{
    uint32_t *word = (uint32_t *)&e->flags;
    uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST), new;
    uint16_t mask = GTF_type_mask | (map ? GTF_sub_page : 0);
    unsigned int tries;

    for ( tries = 0; tries < 5; tries++ )
    {
        uint16_t fl = old & 0xffff;
        domid_t dom = old >> 16;

        if ( !pinned && ((fl & mask) != GTF_permit_access || dom != ldom) )
            return GNTST_general_error;
        if ( !ro && (fl & GTF_readonly) )
            return GNTST_general_error;
        if ( map && (fl & (GTF_PWT | GTF_PCD | GTF_PAT)) )
            return GNTST_general_error;
        new = old | GTF_reading | (ro ? 0 : GTF_writing);
        if ( __atomic_compare_exchange_n(word, &old, new, false,
                                         __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST) )
            return GNTST_okay;
    }
    return GNTST_general_error;
}

/* Clear what the remaining pins no longer justify. */
static void gt_clear_flags(grant_entry_v1_t *e,
                           const struct active_grant_entry *act)
{
    uint16_t clr = 0;

    if ( !act->pin_rw )
        clr |= GTF_writing;
    if ( !act->pin_rw && !act->pin_ro )
        clr |= GTF_reading;
    if ( clr )
        __atomic_fetch_and(&e->flags, (uint16_t)~clr, __ATOMIC_SEQ_CST);
}

/*
 * The granter's frame gfn as RAM it owns, with a reference; writable
 * RAM unless ro.  Hypervisor frames (its grant table, shared_info) and
 * MMIO cannot be granted.
 */
static int16_t gt_get_frame(struct domain *rd, unsigned long gfn, bool ro,
                            unsigned long *mfn)
{
    p2m_type_t t;
    unsigned long m = p2m_get_entry(rd, gfn, &t);
    struct page_info *pg;

    if ( !p2m_is_ram(t) || (!ro && !p2m_is_ram_rw(t)) || !mfn_valid(m) )
        return GNTST_bad_page;
    pg = mfn_to_page(m);
    if ( (pg->count_info & PGC_xen_heap) || !page_get_ref(pg, rd) )
        return GNTST_bad_page;
    *mfn = m;
    return GNTST_okay;
}

int16_t gt_pin(struct grant_table *rgt, grant_ref_t ref, domid_t ldom,
               bool ro, bool map, unsigned long *mfn)
{
    grant_entry_v1_t *e;
    struct active_grant_entry *act;
    bool pinned;
    unsigned long gfn, m;
    int16_t st;

    if ( ref >= gt_nr_entries(rgt) )
        return GNTST_bad_gntref;
    e = gt_shared_entry(rgt, ref);
    act = gt_active(rgt, ref);
    pinned = act->pin_ro || act->pin_rw;
    /* One domain at a time uses an entry (Xen's active entry rule). */
    if ( pinned && act->domid != ldom )
        return GNTST_general_error;
    if ( (ro ? act->pin_ro : act->pin_rw) >= PIN_MAX )
        return GNTST_general_error;
    /*
     * A pinned entry skips gt_set_flags() below, which refuses to map
     * sub-page and cache-attribute grants: check those here, as Xen does
     * on every map (its cache flags; its active entry's sub-page mark).
     */
    if ( pinned && map &&
         (__atomic_load_n(&e->flags, __ATOMIC_SEQ_CST) &
          (GTF_sub_page | GTF_PWT | GTF_PCD | GTF_PAT)) )
        return GNTST_general_error;
    if ( !pinned || (!ro && !act->pin_rw) )
    {
        st = gt_set_flags(e, ldom, ro, pinned, map);
        if ( st )
            return st;
    }
    gfn = pinned ? act->gfn : __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST);
    st = gt_get_frame(rgt->d, gfn, ro, &m);
    if ( !st && pinned && m != act->mfn )
    {
        page_put_ref(mfn_to_page(m));
        st = GNTST_general_error;
    }
    if ( st )
    {
        gt_clear_flags(e, act);
        return st;
    }
    if ( ro )
        act->pin_ro++;
    else
        act->pin_rw++;
    act->domid = ldom;
    act->gfn = gfn;
    act->mfn = *mfn = m;
    return GNTST_okay;
}

void gt_unpin(struct grant_table *rgt, grant_ref_t ref, domid_t ldom,
              bool ro)
{
    struct active_grant_entry *act;
    uint32_t *pin;

    if ( ref >= gt_nr_entries(rgt) )
        return;
    act = gt_active(rgt, ref);
    pin = ro ? &act->pin_ro : &act->pin_rw;
    if ( act->domid != ldom || !*pin )
        return;
    (*pin)--;
    /* Written through a writable map or copy: news for a migration. */
    if ( !ro )
        p2m_logdirty_mark(rgt->d, act->gfn, 1);
    gt_clear_flags(gt_shared_entry(rgt, ref), act);
}

/*
 * The mapper's physmap and table locks held: put mfn at gfn, which must
 * be free (or dom0's own 1:1 MMIO, see physmap_claim_slot()).
 */
static int16_t gt_host_map(struct domain *ld, unsigned long gfn,
                           unsigned long mfn, bool ro)
{
    if ( !physmap_claim_slot(ld, gfn) )
        return GNTST_general_error;
    if ( p2m_set_entry(ld, gfn, mfn, P2M_ORDER_4K,
                       ro ? p2m_grant_map_ro : p2m_grant_map_rw) )
    {
        physmap_vacate_slot(ld, gfn);
        return GNTST_general_error;
    }
    return GNTST_okay;
}

int16_t gt_pin_locked(struct grant_table *rgt, grant_ref_t ref,
                             domid_t ldom, bool ro, bool map,
                             unsigned long *mfn)
{
    int16_t st;

    spin_lock(&rgt->lock);
    st = gt_pin(rgt, ref, ldom, ro, map, mfn);
    spin_unlock(&rgt->lock);
    return st;
}

void gt_unpin_locked(struct grant_table *rgt, grant_ref_t ref,
                            domid_t ldom, bool ro, unsigned long mfn)
{
    spin_lock(&rgt->lock);
    gt_unpin(rgt, ref, ldom, ro);
    spin_unlock(&rgt->lock);
    page_put_ref(mfn_to_page(mfn));
}

/* Check the flags; find both tables and a handle.  GNTST_*. */
static int16_t gt_map_prepare(const struct gnttab_map_grant_ref *op,
                              struct domain *rd, struct grant_table **lgt,
                              struct grant_table **rgt, unsigned int *h)
{
    if ( !(op->flags & (GNTMAP_host_map | GNTMAP_device_map)) )
        return GNTST_bad_gntref;
    if ( op->flags & (GNTMAP_device_map | GNTMAP_application_map |
                      GNTMAP_contains_pte) )
        return GNTST_general_error;
    if ( rd->is_dying )
        return GNTST_bad_domain;
    *lgt = gt_get(current->domain);
    *rgt = gt_get(rd);
    if ( !*lgt || !*rgt )
        return GNTST_general_error;
    *h = mt_get(*lgt);
    return *h == MT_NONE ? GNTST_no_space : GNTST_okay;
}

static int16_t gnttab_map_from(struct gnttab_map_grant_ref *op,
                               struct domain *rd)
{
    struct domain *ld = current->domain;
    struct grant_table *lgt, *rgt;
    bool ro = op->flags & GNTMAP_readonly;
    unsigned long gfn = op->host_addr >> PAGE_SHIFT, mfn;
    unsigned int h;
    struct grant_mapping *m;
    int16_t st = gt_map_prepare(op, rd, &lgt, &rgt, &h);

    if ( st )
        return st;
    st = gt_pin_locked(rgt, op->ref, ld->domain_id, ro, true, &mfn);
    if ( st )
    {
        mt_put(lgt, h);
        return st;
    }
    physmap_lock(ld);
    spin_lock(&lgt->lock);
    st = gt_host_map(ld, gfn, mfn, ro);
    if ( !st )
    {
        m = mt_entry(lgt, h);
        m->rd = rd;
        m->domid = op->dom;
        m->ref = op->ref;
        m->gfn = gfn;
        m->mfn = mfn;
        m->flags = op->flags;
    }
    spin_unlock(&lgt->lock);
    physmap_unlock(ld);
    if ( st )
    {
        gt_unpin_locked(rgt, op->ref, ld->domain_id, ro, mfn);
        mt_put(lgt, h);
        return st;
    }
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
    return GNTST_okay;
}

/*
 * A mapping holds a reference on the granter (m->rd) until unmapped, so
 * the granter outlives it, as a zombie if it dies meanwhile, and its
 * domid cannot name another domain to the unmap.
 */
int16_t gnttab_map_one(struct gnttab_map_grant_ref *op)
{
    /* A real domain id: Xen does not take DOMID_SELF here either. */
    struct domain *rd = get_domain_by_id(op->dom);
    int16_t st;

    if ( !rd )
        return GNTST_bad_domain;
    st = gnttab_map_from(op, rd);
    if ( st )
        put_domain(rd);
    return st;
}

/*
 * The mapper's physmap and table locks held.  Take mapping h out of the
 * table and the p2m, copying it to *out.  check: an unmap by the guest,
 * whose host_addr must name the frame the mapping is at.
 */
static int16_t mt_take(struct grant_table *lgt, unsigned int h, bool check,
                       uint64_t host_addr, struct grant_mapping *out)
{
    struct domain *ld = lgt->d;
    struct grant_mapping *m;
    p2m_type_t t;

    if ( h >= lgt->mt_chunks * MT_PER_CHUNK )
        return GNTST_bad_handle;
    m = mt_entry(lgt, h);
    if ( !m->flags )
        return GNTST_bad_handle;
    if ( check && (host_addr >> PAGE_SHIFT) != m->gfn )
        return GNTST_general_error;
    /* Only if it is still ours: the slot may have been reused since. */
    if ( p2m_get_entry(ld, m->gfn, &t) == m->mfn &&
         (t == p2m_grant_map_rw || t == p2m_grant_map_ro) )
        physmap_vacate_slot(ld, m->gfn);
    *out = *m;
    mt_put_locked(lgt, h);
    return GNTST_okay;
}

/*
 * The granter's half of an unmap: its table may be gone by now (it is
 * dying), the domain itself is held by the mapping's reference.
 */
static void gt_unmap_release(struct domain *ld,
                             const struct grant_mapping *m)
{
    struct grant_table *rgt = gt_find(m->rd);
    bool ro = m->flags & GNTMAP_readonly;

    /*
     * Our TLBs forget the frame before its granter sees the grant
     * unpinned and reuses it (Xen flushes before the unmap completes).
     */
    p2m_flush_wait(ld);
    if ( rgt )
    {
        spin_lock(&rgt->lock);
        gt_unpin(rgt, m->ref, ld->domain_id, ro);
        spin_unlock(&rgt->lock);
    }
    page_put_ref(mfn_to_page(m->mfn));
    put_domain(m->rd);
}

int16_t gnttab_unmap_one(const struct gnttab_unmap_grant_ref *op)
{
    struct domain *ld = current->domain;
    struct grant_table *lgt = gt_find(ld);
    struct grant_mapping m;
    int16_t st;

    if ( !lgt )
        return GNTST_bad_handle;
    physmap_lock(ld);
    spin_lock(&lgt->lock);
    st = mt_take(lgt, op->handle, true, op->host_addr, &m);
    spin_unlock(&lgt->lock);
    physmap_unlock(ld);
    if ( !st )
        gt_unmap_release(ld, &m);
    return st;
}

void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *gt = gt_find(d);
    struct grant_mapping m;
    unsigned int h;
    int16_t st;

    if ( !gt )
        return;
    for ( h = 0; ; h++ )
    {
        physmap_lock(d);
        spin_lock(&gt->lock);
        if ( h >= gt->mt_chunks * MT_PER_CHUNK )
        {
            spin_unlock(&gt->lock);
            physmap_unlock(d);
            break;
        }
        st = mt_take(gt, h, false, 0, &m);
        spin_unlock(&gt->lock);
        physmap_unlock(d);
        if ( !st )
            gt_unmap_release(d, &m);
    }
}
