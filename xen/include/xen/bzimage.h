/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux bzImage kernels (x86 boot protocol, Documentation/arch/x86/boot.rst
 * in Linux): the setup header names where the compressed kernel (an ELF
 * "vmlinux") sits in the image, and the payload's last four bytes hold its
 * uncompressed size, little-endian.  Needs boot protocol 2.08 or later,
 * which introduced payload_offset/payload_length.
 */
#ifndef XEN_BZIMAGE_H
#define XEN_BZIMAGE_H

#include <xen/types.h>

/* True if img carries a bzImage setup header (any protocol version). */
bool bzimage_probe(const void *img, size_t len);

/*
 * Finds the compressed payload.  On success *payload and *payload_len
 * describe it (the length includes the 4-byte size trailer, which the
 * decompressors ignore) and *decompressed_len is the size to allocate.
 * Returns -ENOEXEC if img is not a bzImage, -EINVAL if its header points
 * outside the image or predates protocol 2.08, -EOPNOTSUPP if the payload
 * is neither gzip nor xz.
 */
int bzimage_parse(const void *img, size_t len, const void **payload,
                  size_t *payload_len, size_t *decompressed_len);

/*
 * Decompresses the payload of a parsed bzImage into out (out_size bytes,
 * at least *decompressed_len from bzimage_parse()).  Returns what
 * decompress() returns, or -EBADMSG if the output length disagrees with
 * the size trailer.
 */
int bzimage_decompress(const void *img, size_t len, void *out,
                       size_t out_size, size_t *out_len);

#endif /* XEN_BZIMAGE_H */
