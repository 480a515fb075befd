/* SPDX-License-Identifier: GPL-2.0-only */
/* The libxl layer of save images and migration streams (xend-stream.h). */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xend-stream.h"

struct hdr {
    uint64_t ident;
    uint32_t version;
    uint32_t options;
};

struct rec {
    uint32_t type;
    uint32_t length;
};

static int put(int fd, const void *buf, size_t len, char *why, size_t wl)
{
    const char *p = buf;
    ssize_t n;

    while ( len )
    {
        if ( (n = write(fd, p, len)) < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return snprintf(why, wl, "writing the image: %s",
                            n ? strerror(errno) : "no progress"), -1;
        p += n;
        len -= n;
    }
    return 0;
}

static int get(int fd, void *buf, size_t len, const char *what, char *why,
               size_t wl)
{
    char *p = buf;
    ssize_t n;

    while ( len )
    {
        if ( (n = read(fd, p, len)) < 0 && errno == EINTR )
            continue;
        if ( n == 0 )
            return snprintf(why, wl, "truncated image: it ends inside %s",
                            what), -1;
        if ( n < 0 )
            return snprintf(why, wl, "reading the image: %s",
                            strerror(errno)), -1;
        p += n;
        len -= n;
    }
    return 0;
}

static int put_record(int fd, uint32_t type, const void *body, uint32_t len,
                      char *why, size_t wl)
{
    static const char zero[8];
    struct rec r = { .type = type, .length = len };

    return put(fd, &r, sizeof(r), why, wl) || put(fd, body, len, why, wl) ||
           put(fd, zero, -len & 7, why, wl) ? -1 : 0;
}

int xend_stream_write_head(int fd, const char *config_json, char *why,
                           size_t whylen)
{
    struct hdr h = {
        .ident = htobe64(XEND_STREAM_IDENT),
        .version = htobe32(XEND_STREAM_VERSION),
    };

    if ( put(fd, &h, sizeof(h), why, whylen) ||
         put_record(fd, XEND_REC_DOMAIN_CONFIG, config_json,
                    strlen(config_json) + 1, why, whylen) )
        return -1;
    return put_record(fd, XEND_REC_LIBXC_CONTEXT, NULL, 0, why, whylen);
}

int xend_stream_write_end(int fd, char *why, size_t whylen)
{
    return put_record(fd, XEND_REC_END, NULL, 0, why, whylen);
}

static int check_header(int fd, char *why, size_t wl)
{
    struct hdr h;

    if ( get(fd, &h, sizeof(h), "its header", why, wl) )
        return -1;
    if ( be64toh(h.ident) != XEND_STREAM_IDENT )
        return snprintf(why, wl, "not a domain save image (no LibxlFmt "
                        "header)"), -1;
    if ( be32toh(h.version) != XEND_STREAM_VERSION || h.options )
        return snprintf(why, wl, "save image version %u options %#x (we "
                        "read version 2, little-endian)",
                        be32toh(h.version), be32toh(h.options)), -1;
    return 0;
}

/* The config record's body: a NUL-terminated JSON text. */
static int read_config(int fd, uint32_t len, char **config, char *why,
                       size_t wl)
{
    char pad[8];

    if ( !len || len > XEND_STREAM_MAX_CONFIG )
        return snprintf(why, wl, "corrupt image: a config of %u octets",
                        len), -1;
    free(*config);
    if ( !(*config = malloc(len)) )
        return snprintf(why, wl, "no memory for the config"), -1;
    if ( get(fd, *config, len, "the domain's config", why, wl) ||
         get(fd, pad, -len & 7, "the config's padding", why, wl) )
        return -1;
    if ( (*config)[len - 1] || strlen(*config) != len - 1 )
        return snprintf(why, wl, "corrupt image: the config is not one "
                        "string"), -1;
    return 0;
}

int xend_stream_read_head(int fd, char **config_json, char *why,
                          size_t whylen)
{
    struct rec r;

    *config_json = NULL;
    if ( check_header(fd, why, whylen) )
        return -1;
    for ( ;; )
    {
        if ( get(fd, &r, sizeof(r), "a record header", why, whylen) )
            break;
        if ( r.type == XEND_REC_DOMAIN_CONFIG )
        {
            if ( read_config(fd, r.length, config_json, why, whylen) )
                break;
            continue;
        }
        if ( r.type == XEND_REC_LIBXC_CONTEXT && r.length == 0 &&
             *config_json )
            return 0;
        snprintf(why, whylen, "corrupt or foreign image: record %#x (%u "
                 "octets) where the domain's config or the libxc stream "
                 "belongs", r.type, r.length);
        break;
    }
    free(*config_json);
    *config_json = NULL;
    return -1;
}

int xend_stream_read_end(int fd, char *why, size_t whylen)
{
    struct rec r;

    if ( get(fd, &r, sizeof(r), "the END record", why, whylen) )
        return -1;
    if ( r.type != XEND_REC_END || r.length )
        return snprintf(why, whylen, "corrupt image: record %#x after the "
                        "libxc stream (expected END)", r.type), -1;
    return 0;
}
