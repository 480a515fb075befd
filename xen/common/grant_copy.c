/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_copy: copy bytes between two frames, each named by a grant
 * (GNTCOPY_*_gref: a reference in the granting domain's table, which
 * must grant the caller access, writable for the destination) or by a
 * frame of the caller's own (DOMID_SELF only, as in Xen).  Both ranges
 * stay inside their page.  A granted side is pinned for the copy like a
 * mapping, so the granter sees GTF_reading/GTF_writing and cannot
 * revoke the grant under us; an own frame is held by a page reference.
 */
#include <xen/lib.h>
#include <xen/domain-lookup.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <asm/p2m.h>
#include "grant-private.h"

struct copy_side {
    struct domain *d;           /* granting domain, referenced, or NULL */
    struct grant_table *gt;     /* its table, or NULL: own frame */
    grant_ref_t ref;
    bool ro;
    unsigned long mfn;
    unsigned long gfn;          /* own frame: where the caller has it */
};

/* The caller's own frame gfn: RAM it owns (writable unless ro). */
static int16_t copy_own_frame(unsigned long gfn, bool ro,
                              unsigned long *mfn)
{
    struct domain *cd = current->domain;
    p2m_type_t t;
    unsigned long m = p2m_get_entry(cd, gfn, &t);

    if ( !p2m_is_ram(t) || (!ro && !p2m_is_ram_rw(t)) || !mfn_valid(m) ||
         !page_get_ref(mfn_to_page(m), cd) )
        return GNTST_bad_page;
    *mfn = m;
    return GNTST_okay;
}

/* Pin entry ref of d's table for the copy. */
static int16_t copy_side_pin(struct domain *d, grant_ref_t ref, bool ro,
                             struct copy_side *s)
{
    /* A dying granter takes no new pins (its table is on its way out). */
    if ( d->is_dying )
        return GNTST_bad_domain;
    s->gt = gt_get(d);
    if ( !s->gt )
        return GNTST_general_error;
    s->ref = ref;
    return gt_pin_locked(s->gt, ref, current->domain->domain_id, ro, false,
                         &s->mfn);
}

static int16_t copy_side_get(const struct gnttab_copy_ptr *p, bool is_gref,
                             bool ro, struct copy_side *s)
{
    struct domain *d;
    int16_t st;

    s->d = NULL;
    s->gt = NULL;
    s->ro = ro;
    s->gfn = p->u.gmfn;
    if ( !is_gref )
        return p->domid == DOMID_SELF
               ? copy_own_frame(p->u.gmfn, ro, &s->mfn)
               : GNTST_permission_denied;
    d = domain_lookup_any(p->domid);
    if ( !d )
        return GNTST_bad_domain;
    st = copy_side_pin(d, p->u.ref, ro, s);
    if ( st )
        put_domain(d);
    else
        s->d = d;
    return st;
}

static void copy_side_put(const struct copy_side *s)
{
    if ( s->gt )
    {
        gt_unpin_locked(s->gt, s->ref, current->domain->domain_id, s->ro,
                        s->mfn);
        put_domain(s->d);
    }
    else
    {
        /* The caller's own frame written: news if it migrates. */
        if ( !s->ro )
            p2m_logdirty_mark(current->domain, s->gfn, 1);
        page_put_ref(mfn_to_page(s->mfn));
    }
}

int16_t gnttab_copy_one(const struct gnttab_copy *op)
{
    struct copy_side src, dst;
    int16_t st;

    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
        return GNTST_bad_copy_arg;
    st = copy_side_get(&op->source, op->flags & GNTCOPY_source_gref, true,
                       &src);
    if ( st )
        return st;
    st = copy_side_get(&op->dest, op->flags & GNTCOPY_dest_gref, false,
                       &dst);
    if ( st )
    {
        copy_side_put(&src);
        return st;
    }
    /* The same frame may be on both sides. */
    memmove((uint8_t *)mfn_to_virt(dst.mfn) + op->dest.offset,
            (const uint8_t *)mfn_to_virt(src.mfn) + op->source.offset,
            op->len);
    copy_side_put(&dst);
    copy_side_put(&src);
    return GNTST_okay;
}
