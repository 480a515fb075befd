/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Disk images behind one ops table: raw files (image-raw.c) and qcow2
 * (qcow2*.c).  Offsets and lengths are in bytes, always multiples of 512;
 * every call transfers all it was asked or fails with a negative errno.
 */
#ifndef IMAGE_PRIVATE_H
#define IMAGE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

struct image;

struct image_ops {
    int (*readv)(struct image *img, const struct iovec *iov, int cnt,
                 uint64_t off);
    int (*writev)(struct image *img, const struct iovec *iov, int cnt,
                  uint64_t off);
    int (*flush)(struct image *img);
    /* The range's data may be dropped; reads of it then give zeroes. */
    int (*discard)(struct image *img, uint64_t off, uint64_t len);
    void (*close)(struct image *img);
};

struct image {
    const struct image_ops *ops;
    uint64_t size;              /* virtual size in bytes */
    uint32_t discard_granularity;   /* 0: no discard */
    bool readonly;
};

/*
 * Open "aio:/path", "raw:/path" or "qcow2:/path" (a backend node's params,
 * as libxl writes them).  NULL with errno and a one-line reason in why.
 */
struct image *image_open(const char *params, bool readonly, char *why,
                         size_t len);

struct image *image_raw_open(const char *path, bool readonly, char *why,
                             size_t len);
struct image *image_qcow2_open(const char *path, bool readonly, char *why,
                               size_t len);

/* Total bytes of an iovec array. */
uint64_t iov_bytes(const struct iovec *iov, int cnt);

#endif /* IMAGE_PRIVATE_H */
