/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The memory part of a save: the gfns of a bitmap read through foreign
 * mappings of at most SR_MAX_BATCH frames and written as PAGE_DATA
 * batches.  A gfn the hypervisor will not map is a hole (never populated,
 * or taken away since the last round): XTAB in the stream.
 */
#include <string.h>
#include <sys/mman.h>

#include "sr-save.h"

/*
 * The gathered gfns less the holes, as Xen's save: the hypervisor's
 * XEN_DOMCTL_getpageframeinfo3 says which are not RAM (XTAB), so they are
 * never mapped (dom0's privcmd pays a hypercall per page mapped and
 * unmapped, holes too).  Without it every gfn is mapped and the failures
 * are the holes.  *nr shrinks to the gfns left to map; holes are kept in
 * the batch as XTAB unless skip_holes.
 */
static int drop_holes(struct sr_save *s, unsigned int *nr, bool skip_holes)
{
    struct sr_batch *b = &s->batch;
    unsigned int i, n = 0;

    b->nr = b->nr_data = 0;
    if ( s->no_types )
        return 0;
    memcpy(s->types, s->gfns, *nr * sizeof(*s->types));
    if ( xc_get_pfn_type_batch(s->xch, s->domid, *nr, s->types) )
    {
        if ( errno != ENOSYS && errno != EOPNOTSUPP )
            return sr_save_fail(s, "XEN_DOMCTL_getpageframeinfo3: %m");
        s->no_types = true;
        return 0;
    }
    for ( i = 0; i < *nr; i++ )
        if ( (s->types[i] & XEN_DOMCTL_PFINFO_LTAB_MASK) !=
             XEN_DOMCTL_PFINFO_XTAB )
            s->gfns[n++] = s->gfns[i];
        else if ( !skip_holes )
            b->pfn[b->nr++] = s->gfns[i] |
                              ((uint64_t)SR_PFN_XTAB << SR_PFN_TYPE_SHIFT);
    *nr = n;
    return 0;
}

/* The gathered gfns mapped, copied into the batch, and written. */
static int flush(struct sr_save *s, unsigned int nr, bool skip_holes,
                 unsigned long *sent)
{
    struct sr_batch *b = &s->batch;
    uint8_t *va = NULL;
    unsigned int i;

    if ( drop_holes(s, &nr, skip_holes) )
        return -1;
    if ( nr )
        va = xenforeignmemory_map(s->xch->fmem, s->domid, PROT_READ, nr,
                                  s->gfns, s->errs);
    if ( nr && !va )
        return sr_save_fail(s, "mapping %u guest frames from gfn %#lx: %m",
                            nr, (unsigned long)s->gfns[0]);
    for ( i = 0; i < nr; i++ )
    {
        unsigned int type = s->errs[i] ? SR_PFN_XTAB : SR_PFN_NOTAB;

        if ( type == SR_PFN_XTAB && skip_holes )
            continue;
        b->pfn[b->nr++] = s->gfns[i] | ((uint64_t)type << SR_PFN_TYPE_SHIFT);
        if ( type == SR_PFN_NOTAB )
            memcpy(s->pages + (size_t)b->nr_data++ * SR_PAGE_SIZE,
                   va + (size_t)i * SR_PAGE_SIZE, SR_PAGE_SIZE);
    }
    if ( nr )
        xenforeignmemory_unmap(s->xch->fmem, va, nr);
    if ( !b->nr )
        return 0;
    b->data = s->pages;
    *sent += b->nr_data;
    return sr_write_batch(&s->io, b, s->compress, NULL);
}

int sr_send_dirty(struct sr_save *s, bool skip_holes, unsigned long *sent)
{
    unsigned int nr = 0;
    uint64_t gfn;

    *sent = 0;
    for ( gfn = 0; gfn < s->p2m_size; gfn++ )
    {
        if ( !sr_bit_test(s->dirty, gfn) )
            continue;
        s->gfns[nr++] = gfn;
        if ( nr == SR_MAX_BATCH )
        {
            if ( flush(s, nr, skip_holes, sent) )
                return -1;
            nr = 0;
        }
    }
    return nr ? flush(s, nr, skip_holes, sent) : 0;
}
