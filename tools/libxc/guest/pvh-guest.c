/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The builder's access to the guest's memory: populating frames, and
 * copying into them through foreign mappings a chunk at a time (so a large
 * ramdisk needs no large mapping).  Nothing stays mapped on any path.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xc-private.h"
#include "pvh-build.h"

/* Extents per populate call, and pages per foreign mapping. */
#define POPULATE_BATCH  4096
#define MAP_CHUNK       1024
#define SUPERPAGE_ORDER 9
#define SUPERPAGE_FRAMES (1UL << SUPERPAGE_ORDER)

/* Extents from gfn of 2^order frames each: how many the hypervisor gave. */
static long populate_batch(xc_interface *xch, uint32_t domid, uint64_t gfn,
                           unsigned long n, unsigned int order,
                           xen_pfn_t *gfns)
{
    unsigned long i;

    for ( i = 0; i < n; i++ )
        gfns[i] = gfn + ((uint64_t)i << order);
    return xc_domain_populate_physmap(xch, domid, n, order, 0, gfns);
}

/*
 * 2 MiB extents where the range allows (fewer, larger allocations and
 * superpage mappings), 4 KiB frames for the rest and wherever the
 * hypervisor has no 2 MiB page to give.
 */
int pvh_populate(xc_interface *xch, uint32_t domid, uint64_t gfn,
                 uint64_t nr)
{
    xen_pfn_t *gfns = malloc(POPULATE_BATCH * sizeof(*gfns));
    uint64_t end = gfn + nr;
    int r = 0;

    if ( !gfns )
        return -1;
    while ( gfn < end && !r )
    {
        uint64_t left = end - gfn;
        bool big = !(gfn & (SUPERPAGE_FRAMES - 1)) &&
                   left >= SUPERPAGE_FRAMES;
        unsigned int order = big ? SUPERPAGE_ORDER : 0;
        unsigned long n = (left >> order) < POPULATE_BATCH
                          ? (left >> order) : POPULATE_BATCH;
        long done = populate_batch(xch, domid, gfn, n, order, gfns);

        if ( done > 0 )
            gfn += (uint64_t)done << order;
        else if ( !big )
        {
            if ( done == 0 )
                errno = ENOMEM;
            r = -1;
        }
        else if ( done == 0 || errno == ENOMEM || errno == EINVAL )
        {
            /* No 2 MiB page: this one chunk in 4 KiB frames. */
            done = populate_batch(xch, domid, gfn, SUPERPAGE_FRAMES, 0,
                                  gfns);
            if ( done == SUPERPAGE_FRAMES )
                gfn += SUPERPAGE_FRAMES;
            else
            {
                errno = done < 0 ? errno : ENOMEM;
                r = -1;
            }
        }
        else
            r = -1;
    }
    free(gfns);
    return r;
}

/* Maps nr frames from gfn, failing if any frame fails. */
static void *map_frames(xc_interface *xch, uint32_t domid, uint64_t gfn,
                        size_t nr)
{
    xen_pfn_t *arr = malloc(nr * sizeof(*arr));
    size_t i;
    void *va;

    if ( !arr )
        return NULL;
    for ( i = 0; i < nr; i++ )
        arr[i] = gfn + i;
    va = xenforeignmemory_map(xch->fmem, domid, PROT_READ | PROT_WRITE, nr,
                              arr, NULL);
    free(arr);
    return va;
}

/* src NULL writes zeroes. */
int pvh_write_guest(xc_interface *xch, uint32_t domid, uint64_t gpa,
                    const void *src, uint64_t len)
{
    while ( len )
    {
        uint64_t gfn = gpa >> XC_PAGE_SHIFT, off = gpa & (XC_PAGE_SIZE - 1);
        uint64_t room = MAP_CHUNK * XC_PAGE_SIZE - off;
        uint64_t n = len < room ? len : room;
        size_t pages = (off + n + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT;
        uint8_t *va = map_frames(xch, domid, gfn, pages);

        if ( !va )
            return -1;
        if ( src )
            memcpy(va + off, src, n);
        else
            memset(va + off, 0, n);
        xenforeignmemory_unmap(xch->fmem, va, pages);
        if ( src )
            src = (const uint8_t *)src + n;
        gpa += n;
        len -= n;
    }
    return 0;
}
