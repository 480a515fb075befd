/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenforeignmemory over Linux's privcmd: mmap() a range of the privcmd
 * file, then IOCTL_PRIVCMD_MMAPBATCH_V2 (frames by gfn) or
 * IOCTL_PRIVCMD_MMAP_RESOURCE (XENMEM_acquire_resource) fills it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xenforeignmemory.h>
#include "linux-xen-ioctl.h"
#include "xtl-private.h"

struct xenforeignmemory_handle {
    int fd;
    xentoollog_logger *logger;
};

struct xenforeignmemory_resource_handle {
    domid_t domid;
    unsigned int type, id;
    unsigned long frame, nr_frames;
    void *addr;
};

/* How often a paged-out frame (ENOENT) is retried, 1 ms apart. */
#define PAGED_RETRIES 100

xenforeignmemory_handle *xenforeignmemory_open(xentoollog_logger *logger,
                                               unsigned int open_flags)
{
    xenforeignmemory_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->logger = logger;
    h->fd = xtl_open_device(logger, "xenforeignmemory", "/dev/xen/privcmd",
                            O_RDWR | O_CLOEXEC);
    if ( h->fd < 0 )
    {
        free(h);
        return NULL;
    }
    return h;
}

int xenforeignmemory_close(xenforeignmemory_handle *h)
{
    if ( !h )
        return 0;
    close(h->fd);
    free(h);
    return 0;
}

/* The batch ioctl, retried while frames are only paged out (ENOENT). */
static int mmapbatch(xenforeignmemory_handle *h, uint32_t dom, void *addr,
                     size_t pages, const xen_pfn_t arr[], int err[])
{
    struct privcmd_mmapbatch_v2 batch = {
        .num = pages, .dom = dom, .addr = (uintptr_t)addr,
        .arr = arr, .err = err,
    };
    const struct timespec ms = { 0, 1000000 };
    unsigned int tries;
    int r = -1;

    for ( tries = 0; tries < PAGED_RETRIES; tries++ )
    {
        r = ioctl(h->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch);
        if ( r == 0 || errno != ENOENT )
            break;
        nanosleep(&ms, NULL);
    }
    /* ENOENT left after the retries is reported per frame in err[]. */
    return (r < 0 && errno == ENOENT) ? 0 : r;
}

static int first_error(const int err[], size_t pages)
{
    size_t i;

    for ( i = 0; i < pages; i++ )
        if ( err[i] )
            return -err[i];
    return 0;
}

void *xenforeignmemory_map2(xenforeignmemory_handle *h, uint32_t dom,
                            void *addr, int prot, int flags, size_t pages,
                            const xen_pfn_t arr[], int err[])
{
    size_t len = pages * XC_PAGE_SIZE;
    int *own_err = NULL;
    int e = 0;
    void *va;

    if ( !pages || len / XC_PAGE_SIZE != pages || pages > UINT32_MAX )
    {
        errno = EINVAL;
        return NULL;
    }
    if ( !err && !(err = own_err = calloc(pages, sizeof(*err))) )
        return NULL;
    va = mmap(addr, len, prot, flags | MAP_SHARED, h->fd, 0);
    if ( va == MAP_FAILED )
    {
        free(own_err);
        return NULL;
    }
    if ( mmapbatch(h, dom, va, pages, arr, err) )
        e = errno;
    else if ( own_err )
        e = first_error(own_err, pages);
    free(own_err);
    if ( e )
    {
        munmap(va, len);
        xtl_report(h->logger, e, "xenforeignmemory",
                   "map %zu frames of d%u: %s", pages, dom, strerror(e));
        errno = e;
        return NULL;
    }
    return va;
}

void *xenforeignmemory_map(xenforeignmemory_handle *h, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    return xenforeignmemory_map2(h, dom, NULL, prot, 0, pages, arr, err);
}

int xenforeignmemory_unmap(xenforeignmemory_handle *h, void *addr,
                           size_t pages)
{
    return munmap(addr, pages * XC_PAGE_SIZE);
}

int xenforeignmemory_restrict(xenforeignmemory_handle *h, domid_t domid)
{
    return ioctl(h->fd, IOCTL_PRIVCMD_RESTRICT, &domid);
}

/* The ioctl for fres; nr_frames 0 and no address asks only the size. */
static int mmap_resource(xenforeignmemory_handle *h,
                         xenforeignmemory_resource_handle *fres)
{
    struct privcmd_mmap_resource mr = {
        .dom = fres->domid, .type = fres->type, .id = fres->id,
        .idx = fres->frame, .num = fres->nr_frames,
        .addr = (uintptr_t)fres->addr,
    };
    int r = ioctl(h->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &mr);

    if ( !r && !fres->addr )
        fres->nr_frames = mr.num;
    return r;
}

xenforeignmemory_resource_handle *xenforeignmemory_map_resource(
    xenforeignmemory_handle *h, domid_t domid, unsigned int type,
    unsigned int id, unsigned long frame, unsigned long nr_frames,
    void **paddr, int prot, int flags)
{
    xenforeignmemory_resource_handle *fres;
    size_t len = nr_frames * XC_PAGE_SIZE;
    int saved;

    if ( !nr_frames || !paddr || len / XC_PAGE_SIZE != nr_frames )
    {
        errno = EINVAL;
        return NULL;
    }
    fres = calloc(1, sizeof(*fres));
    if ( !fres )
        return NULL;
    *fres = (xenforeignmemory_resource_handle){
        .domid = domid, .type = type, .id = id, .frame = frame,
        .nr_frames = nr_frames,
    };
    fres->addr = mmap(*paddr, len, prot, flags | MAP_SHARED, h->fd, 0);
    if ( fres->addr == MAP_FAILED )
        goto fail;
    if ( mmap_resource(h, fres) )
    {
        saved = errno;
        munmap(fres->addr, len);
        errno = saved;
        goto fail;
    }
    *paddr = fres->addr;
    return fres;

 fail:
    saved = errno;
    xtl_report(h->logger, saved, "xenforeignmemory",
               "map resource %u/%u of d%u: %s", type, id, domid,
               strerror(saved));
    free(fres);
    errno = saved;
    return NULL;
}

int xenforeignmemory_unmap_resource(xenforeignmemory_handle *h,
                                    xenforeignmemory_resource_handle *fres)
{
    int r = 0;

    if ( !fres )
        return 0;
    if ( fres->addr )
        r = munmap(fres->addr, fres->nr_frames * XC_PAGE_SIZE);
    free(fres);
    return r;
}

int xenforeignmemory_resource_size(xenforeignmemory_handle *h,
                                   domid_t domid, unsigned int type,
                                   unsigned int id, size_t *size)
{
    xenforeignmemory_resource_handle fres = {
        .domid = domid, .type = type, .id = id,
    };

    if ( mmap_resource(h, &fres) )
        return -1;
    *size = fres.nr_frames * XC_PAGE_SIZE;
    return 0;
}
