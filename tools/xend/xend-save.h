/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm save and xm restore as xend carries them out (docs/save-restore.md):
 * the image is the libxl layer (xend-stream.h) around libxc's stream.
 * Each returns 0, or a negative errno with a one-line reason in *why
 * (malloc()ed).
 */
#ifndef XEND_SAVE_PRIVATE_H
#define XEND_SAVE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "domcfg.h"

/*
 * The domain's image to path.  The domain is destroyed and forgotten
 * once the image is complete; with checkpoint it runs on instead.  On
 * failure the guest runs on and no file is left.  compress: zlib page
 * records (XMHV_PAGE_DATA_ZLIB).
 */
int xend_save_domain(uint32_t domid, const uuid_t uuid, const char *path,
                     bool checkpoint, bool compress, char **why);

/* The libxl header and config from fd (an image or a migration stream)
 * parsed into cfg: fd is then at the libxc stream. */
int xend_restore_read(int fd, struct domain_config *cfg, char **why);

/* The image at path opened, its config read and parsed into cfg
 * (initialised): the descriptor, positioned at the libxc stream. */
int xend_restore_open(const char *path, struct domain_config *cfg,
                      char **why);

#endif /* XEND_SAVE_PRIVATE_H */
