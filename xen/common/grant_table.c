/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1: each domain's table of grant_entry_v1 entries
 * in frames it shares with us, and the GNTTABOP_* dispatcher.  Mapping
 * and unmapping live in grant_map.c, copying in grant_copy.c.
 *
 * A table starts with GT_INIT_FRAMES frames and grows on demand (by
 * setup_table, or by the guest mapping a frame beyond the end with
 * XENMEM_add_to_physmap) up to the domain's max_grant_frames (dom0:
 * GNTTAB_MAX_FRAMES, Xen's default; a domU: what createdomain said).  Only
 * version 1 is offered: set_version(2) gets -ENOSYS, which is what Xen
 * answers when its gnttab max_ver is 1 and what Linux takes as "stay on
 * version 1".
 *
 * Tables are found through a short list keyed by domain (gt_list) until
 * struct domain carries a pointer of its own.  A table lives as long as
 * its domain: none is made once the domain is dying, and it is freed
 * with struct domain at the last reference (grant_table_destroy() from
 * domain_free()), so a pointer to it is good while one holds a
 * reference on its domain.
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>
#include "grant-private.h"

/* Xen's split of cmd: the op below, an opaque continuation above. */
#define GNTTABOP_CMD_MASK   ((1U << 12) - 1)

static struct grant_table *gt_list;     /* gt_list_lock */
static DEFINE_SPINLOCK(gt_list_lock);

struct grant_table *gt_find(const struct domain *d)
{
    struct grant_table *gt;

    spin_lock(&gt_list_lock);
    for ( gt = gt_list; gt && gt->d != d; gt = gt->next )
        ;
    spin_unlock(&gt_list_lock);
    return gt;
}

static struct grant_table *gt_alloc(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);
    unsigned int i;

    if ( !gt )
        return NULL;
    gt->d = d;
    spin_lock_init(&gt->lock);
    gt->mt_free = MT_NONE;
    for ( i = 0; i < GNTTAB_MAX_FRAMES; i++ )
        gt->shared_gfn[i] = ~0UL;
    spin_lock(&gt->lock);
    if ( gt_grow(gt, GT_INIT_FRAMES) )
    {
        spin_unlock(&gt->lock);
        grant_table_destroy_one(gt);
        return NULL;
    }
    spin_unlock(&gt->lock);
    return gt;
}

/*
 * d's table, created if it has none, never for a dying domain: is_dying
 * is looked at under gt_list_lock, which grant_table_destroy() takes
 * after domain_kill() set it, so a table is either destroyed there or
 * never made.
 */
struct grant_table *gt_get(struct domain *d)
{
    struct grant_table *gt = gt_find(d), *other;
    bool dying;

    if ( gt || d->is_dying )
        return gt;
    gt = gt_alloc(d);
    if ( !gt )
        return NULL;
    spin_lock(&gt_list_lock);
    for ( other = gt_list; other && other->d != d; other = other->next )
        ;
    dying = READ_ONCE(d->is_dying);
    if ( !other && !dying )
    {
        gt->next = gt_list;
        gt_list = gt;
    }
    spin_unlock(&gt_list_lock);
    if ( !other && !dying )
        return gt;
    /* Another CPU created it first, or d started dying. */
    grant_table_destroy_one(gt);
    return other;
}

unsigned int gt_nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GT_ENTRIES_PER_FRAME;
}

grant_entry_v1_t *gt_shared_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->shared[ref / GT_ENTRIES_PER_FRAME][ref % GT_ENTRIES_PER_FRAME];
}

struct active_grant_entry *gt_active(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / GT_ENTRIES_PER_FRAME][ref % GT_ENTRIES_PER_FRAME];
}

/* A zeroed shared frame, owned by d so foreign maps can reference it. */
static grant_entry_v1_t *gt_alloc_frame(struct domain *d)
{
    void *va = alloc_xenheap_page();

    if ( !va )
        return NULL;
    memset(va, 0, PAGE_SIZE);
    share_xen_page_with_domain(va, d);
    return va;
}

int gt_grow(struct grant_table *gt, unsigned int nr)
{
    unsigned int i;

    if ( nr > GNTTAB_MAX_FRAMES || nr > gt->d->max_grant_frames )
        return -EINVAL;
    for ( i = gt->nr_frames; i < nr; i++ )
    {
        if ( !gt->shared[i] )
            gt->shared[i] = gt_alloc_frame(gt->d);
        if ( !gt->active[i] )
            gt->active[i] = xzalloc_array(struct active_grant_entry,
                                          GT_ENTRIES_PER_FRAME);
        if ( !gt->shared[i] || !gt->active[i] )
            return -ENOMEM;
        gt->nr_frames = i + 1;
    }
    return 0;
}

static unsigned long gt_frame_mfn(const struct grant_table *gt,
                                  unsigned int i)
{
    return virt_to_mfn(gt->shared[i]);
}

int gnttab_map_frame(struct domain *d, unsigned long idx, unsigned long gfn)
{
    struct grant_table *gt;
    unsigned long mfn = INVALID_MFN, old = ~0UL;
    p2m_type_t t;
    int rc = 0;

    if ( (idx & XENMAPIDX_grant_table_status) || idx >= GNTTAB_MAX_FRAMES )
        return -EINVAL;
    gt = gt_get(d);
    if ( !gt )
        return -ENOMEM;
    spin_lock(&gt->lock);
    if ( idx >= gt->nr_frames && gt_grow(gt, idx + 1) )
        rc = -EINVAL;
    if ( !rc )
    {
        mfn = gt_frame_mfn(gt, idx);
        old = gt->shared_gfn[idx];
        rc = p2m_set_entry(d, gfn, mfn, P2M_ORDER_4K, p2m_ram_rw);
    }
    if ( !rc && old != ~0UL && old != gfn &&
         p2m_get_entry(d, old, &t) == mfn )
        physmap_vacate_slot(d, old);
    if ( !rc )
        gt->shared_gfn[idx] = gfn;
    spin_unlock(&gt->lock);
    return rc;
}

int gnttab_get_shared_frame(struct domain *d, unsigned long idx,
                            unsigned long *mfn)
{
    struct grant_table *gt;
    int rc = 0;

    if ( idx >= GNTTAB_MAX_FRAMES )
        return -EINVAL;
    gt = gt_get(d);
    if ( !gt )
        return -ENOMEM;
    spin_lock(&gt->lock);
    if ( idx >= gt->nr_frames && gt_grow(gt, idx + 1) )
        rc = -ENOMEM;
    else
        *mfn = gt_frame_mfn(gt, idx);
    spin_unlock(&gt->lock);
    return rc;
}

unsigned int gnttab_resource_max_frames(const struct domain *d,
                                        unsigned int id)
{
    /* Status frames exist only in version 2. */
    return id == XENMEM_resource_grant_table_id_shared ? d->max_grant_frames
                                                       : 0;
}

static int gt_frame_index(const struct grant_table *gt, unsigned long mfn)
{
    unsigned int i;

    for ( i = 0; i < gt->nr_frames; i++ )
        if ( gt_frame_mfn(gt, i) == mfn )
            return i;
    return -1;
}

void gnttab_frame_unmapped(struct domain *d, unsigned long mfn)
{
    struct grant_table *gt = gt_find(d);
    int i;

    if ( !gt )
        return;
    spin_lock(&gt->lock);
    i = gt_frame_index(gt, mfn);
    if ( i >= 0 )
        gt->shared_gfn[i] = ~0UL;
    spin_unlock(&gt->lock);
}

bool gnttab_is_table_frame(struct domain *d, unsigned long mfn)
{
    struct grant_table *gt = gt_find(d);
    bool found;

    if ( !gt )
        return false;
    spin_lock(&gt->lock);
    found = gt_frame_index(gt, mfn) >= 0;
    spin_unlock(&gt->lock);
    return found;
}

/*
 * Free a table that is on no list.  Shared frames lose their allocation
 * reference; one still mapped by another domain lives until unmapped.
 */
void grant_table_destroy_one(struct grant_table *gt)
{
    unsigned int i;

    for ( i = 0; i < GNTTAB_MAX_FRAMES; i++ )
    {
        if ( gt->shared[i] )
            unshare_xen_page(gt->shared[i]);
        xfree(gt->active[i]);
    }
    for ( i = 0; i < gt->mt_chunks; i++ )
        xfree(gt->maptrack[i]);
    xfree(gt);
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table **pp, *gt = NULL;

    spin_lock(&gt_list_lock);
    for ( pp = &gt_list; *pp; pp = &(*pp)->next )
        if ( (*pp)->d == d )
        {
            gt = *pp;
            *pp = gt->next;
            break;
        }
    spin_unlock(&gt_list_lock);
    if ( gt )
        grant_table_destroy_one(gt);
}

/*
 * The domain an op names, if the caller may act on it (XSM_TARGET),
 * with a reference the caller drops (put_domain()) after GNTST_okay.
 */
static int16_t gt_target(domid_t domid, struct domain **d)
{
    *d = domain_lookup_any(domid);
    if ( !*d )
        return GNTST_bad_domain;
    if ( !domain_may_target(*d) )
    {
        put_domain(*d);
        return GNTST_permission_denied;
    }
    return GNTST_okay;
}

/*
 * GNTTABOP_setup_table: grow to nr_frames and list where each frame is
 * mapped in the domain's physmap (~0: not mapped; an auto-translated
 * guest maps them with add_to_physmap).  On d, found and allowed.
 */
static int16_t gt_setup_table_of(struct domain *d, uint32_t nr_frames,
                                 unsigned long *gfns)
{
    struct grant_table *gt;
    int16_t st = GNTST_okay;
    unsigned int i;

    if ( nr_frames > d->max_grant_frames )
    {
        gprintk(XENLOG_INFO, "grant table: %u frames asked, max %u\n",
                nr_frames, d->max_grant_frames);
        return GNTST_general_error;
    }
    gt = gt_get(d);
    if ( !gt )
        return GNTST_general_error;
    spin_lock(&gt->lock);
    if ( nr_frames > gt->nr_frames && gt_grow(gt, nr_frames) )
        st = GNTST_general_error;
    for ( i = 0; !st && i < nr_frames; i++ )
        gfns[i] = gt->shared_gfn[i];
    spin_unlock(&gt->lock);
    return st;
}

static int16_t gt_setup_table(domid_t dom, uint32_t nr_frames,
                              unsigned long *gfns)
{
    struct domain *d;
    int16_t st = gt_target(dom, &d);

    if ( st )
        return st;
    st = gt_setup_table_of(d, nr_frames, gfns);
    put_domain(d);
    return st;
}

/* Guest layouts of setup_table: native, and 32-bit (4-byte handle). */
struct compat_setup_table {
    uint16_t dom;
    uint32_t nr_frames;
    int16_t status;
    uint32_t frame_list;
};

static long gnttab_setup_table_op(uint64_t uop, unsigned int count)
{
    bool compat = hypercall_is_compat();
    struct gnttab_setup_table op;
    struct compat_setup_table c;
    unsigned long gfns[GNTTAB_MAX_FRAMES];
    uint64_t list;
    unsigned int i, sz = compat ? 4 : 8;

    if ( count != 1 )
        return -EINVAL;
    if ( compat ? copy_from_guest(&c, uop, sizeof(c))
                : copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    if ( compat )
        op.dom = c.dom, op.nr_frames = c.nr_frames;
    list = compat ? c.frame_list : (uint64_t)(uintptr_t)op.frame_list.p;
    op.status = gt_setup_table(op.dom, op.nr_frames, gfns);
    for ( i = 0; op.status == GNTST_okay && i < op.nr_frames; i++ )
        if ( copy_to_guest(list + i * sz, &gfns[i], sz) )
            op.status = GNTST_bad_virt_addr;
    if ( copy_to_guest(uop + (compat ? offsetof(struct compat_setup_table,
                                                status)
                                     : offsetof(struct gnttab_setup_table,
                                                status)),
                       &op.status, sizeof(op.status)) )
        return -EFAULT;
    return 0;
}

static long gnttab_query_size_op(uint64_t uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct grant_table *gt;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    op.status = gt_target(op.dom, &d);
    if ( op.status == GNTST_okay )
    {
        gt = gt_get(d);
        op.nr_frames = gt ? gt->nr_frames : 0;
        op.max_nr_frames = d->max_grant_frames;
        op.status = gt ? GNTST_okay : GNTST_general_error;
        put_domain(d);
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long gnttab_set_version_op(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    if ( op.version != 1 && op.version != 2 )
        rc = -EINVAL;
    else
        rc = op.version == 2 ? -ENOSYS : 0;
    /* Xen reports the version in force whatever the outcome. */
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long gnttab_get_version_op(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = domain_lookup_any(op.dom);
    if ( !d )
        return -ESRCH;
    put_domain(d);
    if ( !domain_may_target(d) )
        return -EPERM;
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* A v1 table has no status frames: asking for any is an error. */
static long gnttab_get_status_frames_op(uint64_t uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, offsetof(typeof(op), frame_list)) )
        return -EFAULT;
    op.status = gt_target(op.dom, &d);
    if ( op.status == GNTST_okay )
        put_domain(d);
    if ( op.status == GNTST_okay && op.nr_frames )
        op.status = GNTST_general_error;
    return copy_to_guest(uop + offsetof(typeof(op), status), &op.status,
                         sizeof(op.status)) ? -EFAULT : 0;
}

static void gt_dump(struct grant_table *gt)
{
    unsigned int ref, n;

    spin_lock(&gt->lock);
    n = gt_nr_entries(gt);
    printk("grant table of d%u: %u frames, %u mappings held\n",
           gt->d->domain_id, gt->nr_frames, gt->mt_used);
    for ( ref = 0; ref < n; ref++ )
    {
        const grant_entry_v1_t *e = gt_shared_entry(gt, ref);
        const struct active_grant_entry *a = gt_active(gt, ref);

        if ( e->flags & GTF_type_mask )
            printk("  [%u] flags %#x dom %u frame %#x pins ro %u rw %u\n",
                   ref, e->flags, e->domid, e->frame, a->pin_ro, a->pin_rw);
    }
    spin_unlock(&gt->lock);
}

/*
 * Debug key 'g' (Xen 4.17 has one too): every grant table's used
 * entries.  GNTTABOP_dump_table, which let any guest print up to 32k
 * lines under its table's lock, is gone: Xen 4.17 has no handler for it
 * either (-ENOSYS).
 */
void gnttab_dump(unsigned char key)
{
    struct domain *d;
    struct grant_table *gt;

    printk("'%c' pressed -> grant tables\n", key);
    spin_lock(&domlist_lock);
    for_each_domain ( d )
        if ( (gt = gt_find(d)) )
            gt_dump(gt);
    spin_unlock(&domlist_lock);
}

/* 32-bit gnttab_copy: 4-byte frame numbers, 24 bytes in all. */
struct compat_copy_ptr {
    uint32_t u;
    uint16_t domid;
    uint16_t offset;
};

struct compat_copy {
    struct compat_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
};

static void copy_ptr_from_compat(struct gnttab_copy_ptr *p,
                                 const struct compat_copy_ptr *c,
                                 bool is_gref)
{
    if ( is_gref )
        p->u.ref = c->u;
    else
        p->u.gmfn = c->u;
    p->domid = c->domid;
    p->offset = c->offset;
}

/* One element of a batch: its guest layout and the worker. */
struct batch_op {
    unsigned int size, compat_size;
    unsigned int status_off, compat_status_off;
    /* Works on the guest's copy in raw; may update its OUT fields. */
    int16_t (*one)(void *raw, bool compat);
};

/* The two layouts of map and unmap are the same. */
static int16_t batch_map(void *raw, bool compat)
{
    struct gnttab_map_grant_ref op;
    int16_t st;

    memcpy(&op, raw, sizeof(op));
    st = gnttab_map_one(&op);
    /* handle and dev_bus_addr go back with the status. */
    memcpy(raw, &op, sizeof(op));
    return st;
}

static int16_t batch_unmap(void *raw, bool compat)
{
    struct gnttab_unmap_grant_ref op;

    memcpy(&op, raw, sizeof(op));
    return gnttab_unmap_one(&op);
}

static int16_t batch_copy(void *raw, bool compat)
{
    struct gnttab_copy op;
    struct compat_copy c;

    if ( !compat )
    {
        memcpy(&op, raw, sizeof(op));
        return gnttab_copy_one(&op);
    }
    memcpy(&c, raw, sizeof(c));
    op.len = c.len;
    op.flags = c.flags;
    copy_ptr_from_compat(&op.source, &c.source,
                         op.flags & GNTCOPY_source_gref);
    copy_ptr_from_compat(&op.dest, &c.dest, op.flags & GNTCOPY_dest_gref);
    return gnttab_copy_one(&op);
}

static const struct batch_op batch_ops[] = {
    [GNTTABOP_map_grant_ref] = {
        sizeof(struct gnttab_map_grant_ref), 32,
        offsetof(struct gnttab_map_grant_ref, status), 18, batch_map },
    [GNTTABOP_unmap_grant_ref] = {
        sizeof(struct gnttab_unmap_grant_ref), 24,
        offsetof(struct gnttab_unmap_grant_ref, status), 20, batch_unmap },
    [GNTTABOP_copy] = {
        sizeof(struct gnttab_copy), sizeof(struct compat_copy),
        offsetof(struct gnttab_copy, status),
        offsetof(struct compat_copy, status), batch_copy },
};

BUILD_BUG_ON(sizeof(struct gnttab_map_grant_ref) != 32);
BUILD_BUG_ON(offsetof(struct gnttab_map_grant_ref, status) != 18);
BUILD_BUG_ON(sizeof(struct gnttab_unmap_grant_ref) != 24);
BUILD_BUG_ON(offsetof(struct gnttab_unmap_grant_ref, status) != 20);
BUILD_BUG_ON(sizeof(struct gnttab_copy) != 40);
BUILD_BUG_ON(offsetof(struct gnttab_copy, status) != 36);
BUILD_BUG_ON(sizeof(struct compat_copy) != 24);
BUILD_BUG_ON(sizeof(struct compat_setup_table) != 16);
BUILD_BUG_ON(sizeof(struct gnttab_setup_table) != 24);
BUILD_BUG_ON(sizeof(struct gnttab_query_size) != 16);
BUILD_BUG_ON(sizeof(grant_entry_v1_t) != 8);

/*
 * count elements of one op.  Preempted part-way, the hypercall is
 * restarted on the elements left (arguments 1 and 2 rewritten).  The
 * map op's handle goes back too: its whole struct is written.
 */
static long gnttab_batch(unsigned int cmd, uint64_t uop, unsigned int count)
{
    const struct batch_op *b = &batch_ops[cmd];
    bool compat = hypercall_is_compat();
    unsigned int size = compat ? b->compat_size : b->size, i;
    unsigned int st_off = compat ? b->compat_status_off : b->status_off;
    uint8_t raw[48];
    int16_t st;

    for ( i = 0; i < count; i++, uop += size )
    {
        if ( i && hypercall_preempt_check() )
        {
            hypercall_set_arg(1, uop);
            hypercall_set_arg(2, count - i);
            return -ERESTART;
        }
        if ( copy_from_guest(raw, uop, size) )
            return -EFAULT;
        st = b->one(raw, compat);
        memcpy(raw + st_off, &st, sizeof(st));
        if ( copy_to_guest(uop, raw, size) )
            return -EFAULT;
    }
    return 0;
}

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    if ( (int)count < 0 )
        return -EINVAL;
    /* The continuation bits are only for cache_flush (not offered). */
    if ( cmd & ~GNTTABOP_CMD_MASK )
        return -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_copy:
        return gnttab_batch(cmd, uop, count);
    case GNTTABOP_setup_table:
        return gnttab_setup_table_op(uop, count);
    case GNTTABOP_query_size:
        return gnttab_query_size_op(uop, count);
    case GNTTABOP_set_version:
        return gnttab_set_version_op(uop);
    case GNTTABOP_get_version:
        return gnttab_get_version_op(uop);
    case GNTTABOP_get_status_frames:
        return gnttab_get_status_frames_op(uop, count);
    }
    /*
     * transfer, unmap_and_replace, swap_grant_ref, cache_flush, and
     * dump_table (as Xen 4.17: see gnttab_dump()).
     */
    return -ENOSYS;
}
