/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw images (tap:aio): the file is the disk, sparse where never written.
 * Flush is fdatasync(); discard punches a hole, so the file stays sparse.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

struct raw {
    struct image img;
    int fd;
};

#define RAW(i) ((struct raw *)(i))

/* Advance iov past n bytes done (copying into the caller's scratch). */
static int iov_skip(struct iovec *iov, int cnt, size_t n)
{
    int i = 0;

    while ( i < cnt && n >= iov[i].iov_len )
        n -= iov[i++].iov_len;
    if ( i < cnt )
    {
        iov[i].iov_base = (char *)iov[i].iov_base + n;
        iov[i].iov_len -= n;
    }
    memmove(iov, iov + i, (cnt - i) * sizeof(*iov));
    return cnt - i;
}

/* preadv/pwritev until all is done; short transfers are resumed. */
static int raw_io(struct image *img, const struct iovec *in, int cnt,
                  uint64_t off, bool write)
{
    struct iovec iov[1024];         /* IOV_MAX on Linux */
    ssize_t r;

    if ( cnt > (int)(sizeof(iov) / sizeof(iov[0])) )
        return -EINVAL;
    memcpy(iov, in, cnt * sizeof(*iov));
    while ( cnt > 0 )
    {
        r = write ? pwritev(RAW(img)->fd, iov, cnt, off)
                  : preadv(RAW(img)->fd, iov, cnt, off);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        if ( r == 0 )
        {
            if ( write )
                return -EIO;
            /* Past the end of a file shorter than its disk: zeroes. */
            for ( int i = 0; i < cnt; i++ )
                memset(iov[i].iov_base, 0, iov[i].iov_len);
            return 0;
        }
        off += r;
        cnt = iov_skip(iov, cnt, r);
    }
    return 0;
}

static int raw_readv(struct image *img, const struct iovec *iov, int cnt,
                     uint64_t off)
{
    return raw_io(img, iov, cnt, off, false);
}

static int raw_writev(struct image *img, const struct iovec *iov, int cnt,
                      uint64_t off)
{
    return raw_io(img, iov, cnt, off, true);
}

static int raw_flush(struct image *img)
{
    return fdatasync(RAW(img)->fd) ? -errno : 0;
}

/* A file system without hole punching keeps the data: a discard is only
 * a hint, so that is no failure. */
static int raw_discard(struct image *img, uint64_t off, uint64_t len)
{
    if ( !fallocate(RAW(img)->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                    off, len) )
        return 0;
    return errno == EOPNOTSUPP ? 0 : -errno;
}

static void raw_close(struct image *img)
{
    close(RAW(img)->fd);
    free(img);
}

static const struct image_ops raw_ops = {
    .readv = raw_readv, .writev = raw_writev, .flush = raw_flush,
    .discard = raw_discard, .close = raw_close,
};

struct image *image_raw_open(const char *path, bool readonly, char *why,
                             size_t len)
{
    struct raw *r = calloc(1, sizeof(*r));
    struct stat st;

    if ( !r )
        return snprintf(why, len, "out of memory"), NULL;
    r->fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if ( r->fd < 0 || fstat(r->fd, &st) )
    {
        snprintf(why, len, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if ( !S_ISREG(st.st_mode) )
    {
        snprintf(why, len, "%s: not a regular file", path);
        errno = EINVAL;
        goto fail;
    }
    r->img = (struct image){ .ops = &raw_ops, .readonly = readonly,
                             .size = st.st_size & ~511ULL,
                             .discard_granularity = readonly ? 0 : 4096 };
    return &r->img;
 fail:
    if ( r->fd >= 0 )
        close(r->fd);
    free(r);
    return NULL;
}
