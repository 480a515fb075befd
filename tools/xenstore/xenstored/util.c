/* SPDX-License-Identifier: GPL-2.0-only */
/* Logging and the daemon-wide limits. */
#include <stdarg.h>
#include <stdio.h>

#include "core.h"

bool xs_verbose;
bool xs_keep_orphans;

struct xs_quota xs_quota = {
    .nodes = 1000,
    .watches = 128,
    .transactions = 10,
    .entry_size = 2048,
    .perms = 5,
    .trans_nodes = 1024,
    .path_len = XENSTORE_REL_PATH_MAX,
    .outstanding = 20,
    .memory = 2 * 1024 * 1024 + 512 * 1024,
    .priv_watches = 8192,
    .priv_transactions = 1024,
    .priv_trans_nodes = 65536,
    .out_soft = 256 * 1024,
    .out_hard = 4 * 1024 * 1024,
};

void xs_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("xenstored: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}
