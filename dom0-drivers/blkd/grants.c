/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant mappings through /dev/xen/gntdev.  With feature-persistent the
 * frontend reuses a pool of granted pages (read-write), so each is mapped
 * once and kept until disconnect: a hash from gref to its page.  Without
 * it, or past BLKD_MAX_PGRANTS, a request's pages are mapped in one batch
 * and unmapped when it is answered.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "blkd.h"

#define PG_BUCKETS 1024

struct pgrant {
    struct pgrant *next;
    uint32_t ref;
    void *addr;
};

static struct pgrant **bucket(struct blkd *b, uint32_t ref)
{
    return &b->pg_hash[(ref * 2654435761u) % PG_BUCKETS];
}

static void *pg_find(struct blkd *b, uint32_t ref)
{
    struct pgrant *p;

    if ( !b->pg_hash )
        return NULL;
    for ( p = *bucket(b, ref); p; p = p->next )
        if ( p->ref == ref )
            return p->addr;
    return NULL;
}

/* Map ref read-write and keep it; NULL when it cannot be (no room, or
 * the frontend granted it read-only: then it is mapped per request). */
static void *pg_add(struct blkd *b, uint32_t ref)
{
    struct pgrant *p, **head;
    void *addr;

    if ( b->nr_pgrants >= BLKD_MAX_PGRANTS ||
         (!b->pg_hash && !(b->pg_hash = calloc(PG_BUCKETS, sizeof(p)))) )
        return NULL;
    addr = xengnttab_map_grant_ref(b->xgt, b->domid, ref,
                                   PROT_READ | PROT_WRITE);
    if ( !addr )
        return NULL;
    if ( !(p = malloc(sizeof(*p))) )
    {
        xengnttab_unmap(b->xgt, addr, 1);
        return NULL;
    }
    head = bucket(b, ref);
    *p = (struct pgrant){ .next = *head, .ref = ref, .addr = addr };
    *head = p;
    b->nr_pgrants++;
    return addr;
}

void grants_free_persistent(struct blkd *b)
{
    struct pgrant *p, *n;
    unsigned int i;

    for ( i = 0; b->pg_hash && i < PG_BUCKETS; i++ )
        for ( p = b->pg_hash[i]; p; p = n )
        {
            n = p->next;
            xengnttab_unmap(b->xgt, p->addr, 1);
            free(p);
        }
    free(b->pg_hash);
    b->pg_hash = NULL;
    b->nr_pgrants = 0;
}

int grants_map(struct blkd *b, const uint32_t *refs, unsigned int count,
               bool write, struct grant_set *gs)
{
    uint32_t miss[BLKD_MAX_PAGES];
    unsigned int idx[BLKD_MAX_PAGES], n = 0, i;
    char *base;

    gs->batch = NULL;
    gs->batch_count = 0;
    if ( count > BLKD_MAX_PAGES )
        return -EINVAL;
    for ( i = 0; i < count; i++ )
    {
        gs->page[i] = b->persistent ? pg_find(b, refs[i]) : NULL;
        if ( !gs->page[i] && b->persistent )
            gs->page[i] = pg_add(b, refs[i]);
        if ( !gs->page[i] )
        {
            idx[n] = i;
            miss[n++] = refs[i];
        }
    }
    if ( !n )
        return 0;
    base = xengnttab_map_domain_grant_refs(b->xgt, n, b->domid, miss,
                                           PROT_READ | (write ? PROT_WRITE
                                                              : 0));
    if ( !base )
        return errno ? -errno : -EFAULT;
    for ( i = 0; i < n; i++ )
        gs->page[idx[i]] = base + (size_t)i * PAGE;
    gs->batch = base;
    gs->batch_count = n;
    return 0;
}

void grants_unmap(struct blkd *b, struct grant_set *gs)
{
    if ( gs->batch )
        xengnttab_unmap(b->xgt, gs->batch, gs->batch_count);
    gs->batch = NULL;
}
