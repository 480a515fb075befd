/* SPDX-License-Identifier: GPL-2.0-only */
/* Which image format a backend's params name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image.h"

uint64_t iov_bytes(const struct iovec *iov, int cnt)
{
    uint64_t n = 0;
    int i;

    for ( i = 0; i < cnt; i++ )
        n += iov[i].iov_len;
    return n;
}

struct image *image_open(const char *params, bool readonly, char *why,
                         size_t len)
{
    const char *colon = strchr(params, ':');
    size_t n = colon ? (size_t)(colon - params) : 0;

    if ( !colon || !colon[1] )
        snprintf(why, len, "params '%s': want <format>:<path>", params);
    else if ( (n == 3 && !strncmp(params, "aio", 3)) ||
              (n == 3 && !strncmp(params, "raw", 3)) )
        return image_raw_open(colon + 1, readonly, why, len);
    else if ( n == 5 && !strncmp(params, "qcow2", 5) )
        return image_qcow2_open(colon + 1, readonly, why, len);
    else
        snprintf(why, len, "params '%s': format '%.*s' is not served (aio, "
                 "raw and qcow2 are)", params, (int)n, params);
    errno = EINVAL;
    return NULL;
}
