/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decompressors for kernel images handed to the hypervisor: gzip (RFC 1951
 * deflate in the RFC 1952 container) and xz (LZMA2 with the optional x86
 * BCJ filter, as Linux builds its bzImage payloads).
 *
 * All decoders work in single-call mode: the whole input is in memory and
 * the output goes into one caller buffer, which for xz is also the LZMA
 * dictionary.  The input is untrusted: every read and write is bounds
 * checked and a corrupt stream yields an error, never a fault.
 *
 * Return values (shared by every function below):
 *   0            success, *out_len holds the number of bytes written
 *   -EINVAL      the stream is corrupt or truncated
 *   -EBADMSG     the stream decoded but its CRC (or gzip ISIZE, or xz
 *                index) does not match the data
 *   -E2BIG       the output does not fit into out_size bytes
 *   -EOPNOTSUPP  not gzip or xz, or an xz feature we do not implement
 *                (a filter other than x86 BCJ + LZMA2, SHA-256 check)
 *   -ENOMEM      decompress() could not allocate its workspace
 * Bytes after the end of the (first) gzip member or xz stream are ignored,
 * so a payload followed by Linux's 4-byte size trailer decodes as is.
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

/*
 * Sniffs the format (gzip: 1f 8b, xz: fd 37 7a 58 5a 00) and decodes
 * in_len bytes at in into out.  Allocates its workspace (about 30 KiB)
 * with xmalloc_bytes() and frees it before returning.
 */
int decompress(const void *in, size_t in_len, void *out, size_t out_size,
               size_t *out_len);

/* True if the buffer starts with a magic number decompress() knows. */
bool decompress_probe(const void *in, size_t in_len);

/*
 * The same decoders with a caller-supplied workspace of at least
 * *_workspace_size() bytes, suitably aligned for uint64_t (malloc'd
 * memory is).  For callers that cannot allocate, and for unit tests.
 */
size_t gunzip_workspace_size(void);
int gunzip(const void *in, size_t in_len, void *out, size_t out_size,
           size_t *out_len, void *workspace);

size_t unxz_workspace_size(void);
int unxz(const void *in, size_t in_len, void *out, size_t out_size,
         size_t *out_len, void *workspace);

#endif /* XEN_DECOMPRESS_H */
