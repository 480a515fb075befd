/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxencall over Linux's privcmd driver: IOCTL_PRIVCMD_HYPERCALL issues the
 * call; /dev/xen/hypercall hands out pages the kernel keeps present, so the
 * hypervisor never faults copying an argument.  Without that device (old
 * kernels) we fall back to locked anonymous memory, as Xen's library does.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xencall.h>
#include "linux-xen-ioctl.h"
#include "xtl-private.h"

struct xencall_handle {
    int fd;                      /* /dev/xen/privcmd */
    int buf_fd;                  /* /dev/xen/hypercall, or -1 */
    xentoollog_logger *logger;
};

/* What xencall_alloc_buffer() puts in front of the caller's bytes. */
struct buffer_header {
    size_t nr_pages;
    size_t pad;
};

xencall_handle *xencall_open(xentoollog_logger *logger,
                             unsigned int open_flags)
{
    xencall_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->logger = logger;
    h->fd = xtl_open_device(logger, "xencall", "/dev/xen/privcmd",
                            O_RDWR | O_CLOEXEC);
    if ( h->fd < 0 )
    {
        free(h);
        return NULL;
    }
    h->buf_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
    return h;
}

int xencall_close(xencall_handle *h)
{
    if ( !h )
        return 0;
    if ( h->buf_fd >= 0 )
        close(h->buf_fd);
    close(h->fd);
    free(h);
    return 0;
}

int xencall_fd(xencall_handle *h)
{
    return h->fd;
}

static long do_call(xencall_handle *h, unsigned int op, uint64_t a1,
                    uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct privcmd_hypercall call = {
        .op = op, .arg = { a1, a2, a3, a4, a5 },
    };

    return ioctl(h->fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

int xencall0(xencall_handle *h, unsigned int op)
{
    return do_call(h, op, 0, 0, 0, 0, 0);
}

int xencall1(xencall_handle *h, unsigned int op, uint64_t a1)
{
    return do_call(h, op, a1, 0, 0, 0, 0);
}

int xencall2(xencall_handle *h, unsigned int op, uint64_t a1, uint64_t a2)
{
    return do_call(h, op, a1, a2, 0, 0, 0);
}

long xencall2L(xencall_handle *h, unsigned int op, uint64_t a1, uint64_t a2)
{
    return do_call(h, op, a1, a2, 0, 0, 0);
}

int xencall3(xencall_handle *h, unsigned int op, uint64_t a1, uint64_t a2,
             uint64_t a3)
{
    return do_call(h, op, a1, a2, a3, 0, 0);
}

int xencall4(xencall_handle *h, unsigned int op, uint64_t a1, uint64_t a2,
             uint64_t a3, uint64_t a4)
{
    return do_call(h, op, a1, a2, a3, a4, 0);
}

int xencall5(xencall_handle *h, unsigned int op, uint64_t a1, uint64_t a2,
             uint64_t a3, uint64_t a4, uint64_t a5)
{
    return do_call(h, op, a1, a2, a3, a4, a5);
}

/* Locked, never-forked anonymous pages: the fallback without the device. */
static void *alloc_locked_pages(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);

    if ( p == MAP_FAILED )
        return NULL;
    if ( madvise(p, len, MADV_DONTFORK) )
    {
        int saved = errno;

        munmap(p, len);
        errno = saved;
        return NULL;
    }
    return p;
}

void *xencall_alloc_buffer_pages(xencall_handle *h, size_t nr_pages)
{
    size_t len = nr_pages * XC_PAGE_SIZE;
    void *p;

    if ( !nr_pages || len / XC_PAGE_SIZE != nr_pages )
    {
        errno = EINVAL;
        return NULL;
    }
    if ( h->buf_fd < 0 )
        p = alloc_locked_pages(len);
    else
    {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->buf_fd, 0);
        if ( p == MAP_FAILED )
            p = NULL;
    }
    if ( !p )
        xtl_report(h->logger, errno, "xencall", "buffer of %zu pages: %s",
                   nr_pages, strerror(errno));
    else
        memset(p, 0, len);  /* touch every page now, not under a call */
    return p;
}

void xencall_free_buffer_pages(xencall_handle *h, void *p, size_t nr_pages)
{
    int saved = errno;

    if ( p )
        munmap(p, nr_pages * XC_PAGE_SIZE);
    errno = saved;
}

void *xencall_alloc_buffer(xencall_handle *h, size_t size)
{
    size_t total = size + sizeof(struct buffer_header);
    size_t nr_pages = (total + XC_PAGE_SIZE - 1) / XC_PAGE_SIZE;
    struct buffer_header *hdr;

    if ( total < size )
    {
        errno = EINVAL;
        return NULL;
    }
    hdr = xencall_alloc_buffer_pages(h, nr_pages);
    if ( !hdr )
        return NULL;
    hdr->nr_pages = nr_pages;
    return hdr + 1;
}

void xencall_free_buffer(xencall_handle *h, void *p)
{
    struct buffer_header *hdr;

    if ( !p )
        return;
    hdr = (struct buffer_header *)p - 1;
    xencall_free_buffer_pages(h, hdr, hdr->nr_pages);
}

int xencall_buffers_never_fault(xencall_handle *h)
{
    return h->buf_fd >= 0;
}
