/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libxl layer of a save image or migration stream (Xen's
 * docs/specs/libxl-migration-stream.pandoc, version 2; our use in
 * docs/save-restore.md): the "LibxlFmt" header, our XMHV_DOMAIN_CONFIG
 * record (the domain's canonical config as JSON), LIBXC_CONTEXT (the
 * libxc stream follows, written and read by xc_domain_save/_restore),
 * and END after it.  Each call is 0, or -1 with a one-line reason in why.
 */
#ifndef XEND_STREAM_PRIVATE_H
#define XEND_STREAM_PRIVATE_H

#include <stddef.h>

#define XEND_STREAM_IDENT       0x4c6962786c466d74ULL   /* "LibxlFmt" */
#define XEND_STREAM_VERSION     2
#define XEND_REC_END            0x00000000U
#define XEND_REC_LIBXC_CONTEXT  0x00000001U
/* Ours, optional (bit 31): libxl skips it; we need it to rebuild. */
#define XEND_REC_DOMAIN_CONFIG  0x80584d01U
#define XEND_STREAM_MAX_CONFIG  (1u << 20)

/* Header and config record, then LIBXC_CONTEXT: the libxc stream next. */
int xend_stream_write_head(int fd, const char *config_json, char *why,
                           size_t whylen);
/* After the libxc stream: END. */
int xend_stream_write_end(int fd, char *why, size_t whylen);
/* Up to LIBXC_CONTEXT: the config (malloc()ed). */
int xend_stream_read_head(int fd, char **config_json, char *why,
                          size_t whylen);
int xend_stream_read_end(int fd, char *why, size_t whylen);

#endif /* XEND_STREAM_PRIVATE_H */
