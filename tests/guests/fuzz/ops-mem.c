/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op and grant_table_op calls.  Both can take frames away from us
 * or put something else in their place, so every frame number they carry
 * comes from rnd_gfn() (never one of ours that we run from), and every
 * array they read lies at the end of our scratch buffer, filled to the end
 * with such values: a count larger than the array runs into the guard
 * page after the scratch (-EFAULT), never into random contents.
 */
#include "fuzz.h"

#include <public/memory.h>
#include <public/grant_table.h>

/* An op count: usually what the array holds, sometimes anything. */
static uint32_t rnd_count(struct fuzz_rng *r, unsigned int held)
{
    if ( rng_pct(r, 75) )
        return rng_below(r, held + 1);
    return rng_pct(r, 50) ? held + rng_below(r, 64) : rnd_u32(r);
}

/*
 * An array of n elements of size bytes, ending (rounded) at the end of the
 * scratch buffer, every element built by fill().  Returns its address.
 */
static void *tail_array(struct fuzz_call *c, size_t size, unsigned int n,
                        void (*fill)(struct fuzz_call *c, void *elt))
{
    uint8_t *end = c->scratch + FUZZ_SCRATCH_PAGES * 4096UL;
    unsigned int total = n + 1 + rng_below(&c->rng, 3), i;
    uint8_t *p = end - total * size;

    if ( rng_pct(&c->rng, 10) )
        p -= size - 1 - rng_below(&c->rng, size);   /* misaligned */
    for ( i = 0; p + (i + 1) * size <= end; i++ )
        fill(c, p + i * size);
    return p;
}

static void fill_gfn_run(struct fuzz_call *c, void *elt)
{
    xen_pfn_t g = rnd_gfn_run(&c->rng, c->order);

    memcpy(elt, &g, sizeof(g));
}

static void fill_ulong_gfn(struct fuzz_call *c, void *elt)
{
    xen_ulong_t g = rnd_gfn(&c->rng);

    memcpy(elt, &g, sizeof(g));
}

/* A handle to gfns (mostly a safe tail array, sometimes wild). */
static unsigned long gfn_list(struct fuzz_call *c, unsigned int n,
                              unsigned int order)
{
    if ( rng_pct(&c->rng, 8) )
        return rnd_wild(c);
    c->order = order;
    return (unsigned long)tail_array(c, sizeof(xen_pfn_t), n, fill_gfn_run);
}

static uint32_t rnd_order(struct fuzz_rng *r)
{
    static const uint32_t orders[] = { 0, 0, 0, 1, 2, 9, 10, 18, 31, 63,
                                       64, 0xffffffffU };

    return orders[rng_below(r, ARRAY_SIZE(orders))];
}

/* Frames in the list are safe for runs of 2^check_order (>= the order). */
static void mem_reservation(struct fuzz_call *c, struct xen_memory_reservation
                            *res, uint32_t order, uint32_t check_order)
{
    unsigned int n = rng_below(&c->rng, 8);

    res->extent_order = order;
    set_xen_guest_handle(res->extent_start,
                         (xen_pfn_t *)gfn_list(c, n, check_order));
    res->nr_extents = rnd_count(&c->rng, n);
    res->mem_flags = rng_pct(&c->rng, 70) ? 0 : rnd_u32(&c->rng);
    res->domid = rnd_domid(&c->rng);
}

static void mem_add_to_physmap(struct fuzz_call *c,
                               struct xen_add_to_physmap *x)
{
    unsigned int i;

    x->domid = rnd_domid(&c->rng);
    x->space = rng_pct(&c->rng, 90) ? rng_below(&c->rng, 6)
                                    : rnd_u32(&c->rng);
    if ( rng_pct(&c->rng, 20) )
        x->space |= XENMAPIDX_grant_table_status;
    x->size = rng_pct(&c->rng, 70) ? rng_below(&c->rng, 8)
                                   : rnd_num(&c->rng);
    /* idx is a frame of ours for gmfn spaces: it must be safe too. */
    x->idx = rng_pct(&c->rng, 50) ? rng_below(&c->rng, 64)
                                  : rnd_gfn(&c->rng);
    if ( gfn_protected(x->idx) )
        x->idx = 0;
    x->gpfn = rnd_gfn(&c->rng);
    /* gmfn_range moves size frames from idx to gpfn: both runs safe. */
    for ( i = 0; i < x->size; i++ )
        if ( gfn_protected(x->idx + i) || gfn_protected(x->gpfn + i) )
        {
            x->size = i;
            break;
        }
}

static void mem_batch(struct fuzz_call *c, struct xen_add_to_physmap_batch *b)
{
    unsigned int n = rng_below(&c->rng, 8);

    b->domid = rnd_domid(&c->rng);
    b->space = rng_pct(&c->rng, 90) ? rng_below(&c->rng, 6)
                                    : rnd_u32(&c->rng);
    b->size = rnd_count(&c->rng, n);
    b->u.foreign_domid = rnd_domid(&c->rng);
    if ( rng_pct(&c->rng, 90) )
        set_xen_guest_handle(b->idxs, (xen_ulong_t *)tail_array(
            c, sizeof(xen_ulong_t), n, fill_ulong_gfn));
    else
        set_xen_guest_handle(b->idxs, (xen_ulong_t *)rnd_wild(c));
    set_xen_guest_handle(b->gpfns, (xen_pfn_t *)gfn_list(c, n, 0));
    set_xen_guest_handle(b->errs, (int *)rnd_ptr(c, 4 * n));
}

static void mem_acquire(struct fuzz_call *c, struct xen_mem_acquire_resource
                        *a)
{
    unsigned int n = rng_below(&c->rng, 8);

    a->domid = rnd_domid(&c->rng);
    a->type = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 4)
                                   : rnd_u32(&c->rng);
    a->id = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 3) : rnd_u32(&c->rng);
    a->nr_frames = rnd_count(&c->rng, n);
    a->pad = rng_pct(&c->rng, 90) ? 0 : rnd_u32(&c->rng);
    a->frame = rng_pct(&c->rng, 70) ? rng_below(&c->rng, 70)
                                    : rnd_num(&c->rng);
    set_xen_guest_handle(a->frame_list, (xen_pfn_t *)gfn_list(c, n, 0));
}

/* Sub-ops that take frames from us: the argument is built field by field. */
static bool mem_dangerous(struct fuzz_call *c, uint32_t op, void *arg)
{
    uint32_t order;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        order = rnd_order(&c->rng);
        mem_reservation(c, arg, order, order);
        return true;
    case XENMEM_exchange:
    {
        struct xen_memory_exchange *x = arg;
        uint32_t out = rnd_order(&c->rng);

        /* Both lists end at the same place: the second overwrites the
         * first, so both must be safe for the larger order. */
        order = rnd_order(&c->rng);
        mem_reservation(c, &x->in, order, order > out ? order : out);
        mem_reservation(c, &x->out, out, order > out ? order : out);
        x->nr_exchanged = rng_pct(&c->rng, 80) ? 0 : rnd_num(&c->rng);
        return true;
    }
    case XENMEM_add_to_physmap:
        mem_add_to_physmap(c, arg);
        return true;
    case XENMEM_add_to_physmap_batch:
        mem_batch(c, arg);
        return true;
    case XENMEM_remove_from_physmap:
    {
        struct xen_remove_from_physmap *x = arg;

        x->domid = rnd_domid(&c->rng);
        x->gpfn = rnd_gfn(&c->rng);
        return true;
    }
    case XENMEM_acquire_resource:
        mem_acquire(c, arg);
        return true;
    }
    return false;
}

void gen_memory_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        0, 1, 1, 6, 6, 11, 2, 3, 3, 4, 14, 5, 25, 12, 7, 7, 7, 23, 23, 15,
        15, 9, 10, 13, 16, 17, 18, 19, 20, 21, 22, 24, 26, 27, 28, 28,
    };
    uint32_t op = RND_CMD(&c->rng, ops);
    uint8_t *arg = scratch_buf(c, 64);
    unsigned long cmd = op;

    c->what = "memory_op";
    /* The hypervisor looks at the low 6 bits only: so does the check. */
    mem_dangerous(c, op & 0x3f, arg);
    /* The continuation (start extent) lives above bit 6. */
    if ( rng_pct(&c->rng, 10) )
        cmd |= (unsigned long)rnd_num(&c->rng) << 6;
    c->nr = __HYPERVISOR_memory_op;
    c->a[0] = cmd;
    c->a[1] = rng_pct(&c->rng, 92) ? (unsigned long)arg
                                   : rnd_wild(c);
    if ( rng_pct(&c->rng, 10) )
        c->a[2] = rnd_num(&c->rng);
}

/* ---- grant_table_op -------------------------------------------------- */

static uint64_t rnd_host_addr(struct fuzz_rng *r)
{
    uint64_t a = rnd_gfn(r) << 12;

    return rng_pct(r, 90) ? a : a | rng_below(r, 4096);
}

static void fill_map(struct fuzz_call *c, void *elt)
{
    struct gnttab_map_grant_ref *m = elt;

    rnd_fill(c, m, sizeof(*m));
    m->host_addr = rnd_host_addr(&c->rng);
    m->flags = rng_pct(&c->rng, 70) ? rng_below(&c->rng, 32)
                                    : rnd_u32(&c->rng);
    m->ref = rnd_port(&c->rng);
    m->dom = rnd_domid(&c->rng);
}

static void fill_unmap(struct fuzz_call *c, void *elt)
{
    struct gnttab_unmap_grant_ref *u = elt;

    rnd_fill(c, u, sizeof(*u));
    u->host_addr = rnd_host_addr(&c->rng);
    u->handle = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 16)
                                     : rnd_u32(&c->rng);
}

static void fill_copy_ptr(struct fuzz_call *c, struct gnttab_copy_ptr *p,
                          bool gref)
{
    p->domid = rnd_domid(&c->rng);
    p->offset = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 4096)
                                     : rnd_u32(&c->rng);
    if ( gref )
        p->u.ref = rnd_port(&c->rng);
    else
        p->u.gmfn = rnd_gfn(&c->rng);
}

/*
 * Exclusion: a copy whose destination is a grant of our own (dest_gref
 * with domid 0 or DOMID_SELF) writes wherever our grant entry points, and
 * random writes may have put our own frames there; it is left out.
 */
static void fill_copy(struct fuzz_call *c, void *elt)
{
    struct gnttab_copy *g = elt;

    g->flags = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 4)
                                    : rnd_u32(&c->rng);
    fill_copy_ptr(c, &g->source, g->flags & GNTCOPY_source_gref);
    fill_copy_ptr(c, &g->dest, g->flags & GNTCOPY_dest_gref);
    if ( (g->flags & GNTCOPY_dest_gref) &&
         (g->dest.domid == 0 || g->dest.domid == DOMID_SELF) )
        g->dest.domid = 1 + rng_below(&c->rng, 0x7fef);
    g->len = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 4097)
                                  : rnd_u32(&c->rng);
    g->status = rnd_u32(&c->rng);
}

static void fill_replace(struct fuzz_call *c, void *elt)
{
    struct gnttab_unmap_and_replace *u = elt;

    u->host_addr = rnd_host_addr(&c->rng);
    u->new_addr = rng_pct(&c->rng, 30) ? 0 : rnd_host_addr(&c->rng);
    u->handle = rng_below(&c->rng, 16);
    u->status = rnd_u32(&c->rng);
}

static void fill_transfer(struct fuzz_call *c, void *elt)
{
    struct gnttab_transfer *t = elt;

    t->mfn = rnd_gfn(&c->rng);
    t->domid = rnd_domid(&c->rng);
    t->ref = rnd_port(&c->rng);
    t->status = 0;
}

static void fill_frames(struct fuzz_call *c, void *elt)
{
    struct gnttab_setup_table *s = elt;   /* same shape as get_status */

    s->dom = rnd_domid(&c->rng);
    s->nr_frames = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 70)
                                        : rnd_u32(&c->rng);
    s->status = rnd_u32(&c->rng);
    set_xen_guest_handle(s->frame_list, (xen_pfn_t *)rnd_ptr(c, 8 * 70));
}

static void fill_random(struct fuzz_call *c, void *elt)
{
    rnd_fill(c, elt, 32);
}

void gen_grant_table_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11, 12,
    };
    static const struct {
        size_t size;
        void (*fill)(struct fuzz_call *c, void *elt);
    } shape[] = {
        [GNTTABOP_map_grant_ref] = { sizeof(struct gnttab_map_grant_ref),
                                     fill_map },
        [GNTTABOP_unmap_grant_ref] = { sizeof(struct gnttab_unmap_grant_ref),
                                       fill_unmap },
        [GNTTABOP_setup_table] = { sizeof(struct gnttab_setup_table),
                                   fill_frames },
        [GNTTABOP_transfer] = { sizeof(struct gnttab_transfer),
                                fill_transfer },
        [GNTTABOP_copy] = { sizeof(struct gnttab_copy), fill_copy },
        [GNTTABOP_unmap_and_replace] = {
            sizeof(struct gnttab_unmap_and_replace), fill_replace },
        [GNTTABOP_get_status_frames] = { sizeof(struct gnttab_setup_table),
                                         fill_frames },
    };
    uint32_t op = RND_CMD(&c->rng, ops);
    unsigned int n = 1 + rng_below(&c->rng, 4);
    size_t size = 32;
    void (*fill)(struct fuzz_call *, void *) = fill_random;

    /* Dump_table prints a line per grant: keep it rare. */
    if ( op == GNTTABOP_dump_table && rng_pct(&c->rng, 90) )
        op = GNTTABOP_query_size;
    if ( op < ARRAY_SIZE(shape) && shape[op].fill )
    {
        size = shape[op].size;
        fill = shape[op].fill;
    }
    /* Unknown ops get zeroes, not random frames, as their layout is
     * whatever a future hypervisor makes it. */
    c->what = "grant_table_op";
    c->nr = __HYPERVISOR_grant_table_op;
    c->a[0] = op;
    c->a[1] = rng_pct(&c->rng, 92) ? (unsigned long)tail_array(c, size, n,
                                                               fill)
                                   : rnd_wild(c);
    c->a[2] = rnd_count(&c->rng, n);
}
