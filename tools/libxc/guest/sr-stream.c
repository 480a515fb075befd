/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Migration stream v2 headers and records over a file descriptor (see
 * sr-stream.h).  Everything read is untrusted: every length is checked
 * before it is used, and a short read says where the stream ended.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sr-stream.h"

struct sr_ihdr {
    uint64_t marker;
    uint32_t id;
    uint32_t version;
    uint16_t options;
    uint16_t reserved1;
    uint32_t reserved2;
};

struct sr_dhdr {
    uint32_t type;
    uint16_t page_shift;
    uint16_t reserved;
    uint32_t xen_major;
    uint32_t xen_minor;
};

_Static_assert(sizeof(struct sr_ihdr) == 24, "image header");
_Static_assert(sizeof(struct sr_dhdr) == 16, "domain header");

struct sr_rhdr {
    uint32_t type;
    uint32_t length;
};

static const uint8_t zeroes[8];

static int fail(struct sr_io *io, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(io->why, sizeof(io->why), fmt, ap);
    va_end(ap);
    return -1;
}

int sr_write_exact(struct sr_io *io, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while ( len )
    {
        ssize_t n = write(io->fd, p, len);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return fail(io, "writing the stream at octet %llu: %s",
                        (unsigned long long)io->offset,
                        n < 0 ? strerror(errno) : "nothing written");
        p += n;
        len -= n;
        io->offset += n;
    }
    return 0;
}

int sr_read_exact(struct sr_io *io, void *buf, size_t len, const char *what)
{
    uint8_t *p = buf;

    while ( len )
    {
        ssize_t n = read(io->fd, p, len);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n < 0 )
            return fail(io, "reading %s at octet %llu: %s", what,
                        (unsigned long long)io->offset, strerror(errno));
        if ( n == 0 )
            return fail(io, "truncated stream: it ends at octet %llu, "
                        "inside %s", (unsigned long long)io->offset, what);
        p += n;
        len -= n;
        io->offset += n;
    }
    return 0;
}

int sr_write_image_header(struct sr_io *io)
{
    struct sr_ihdr h = {
        .marker = htobe64(SR_IHDR_MARKER),
        .id = htobe32(SR_IHDR_ID),
        .version = htobe32(SR_IHDR_VERSION),
        .options = htobe16(0),          /* little-endian */
    };

    return sr_write_exact(io, &h, sizeof(h));
}

int sr_write_domain_header(struct sr_io *io, uint32_t type,
                           uint16_t xen_major, uint16_t xen_minor)
{
    struct sr_dhdr h = {
        .type = type, .page_shift = SR_PAGE_SHIFT,
        .xen_major = xen_major, .xen_minor = xen_minor,
    };

    return sr_write_exact(io, &h, sizeof(h));
}

int sr_read_image_header(struct sr_io *io)
{
    struct sr_ihdr h;

    if ( sr_read_exact(io, &h, sizeof(h), "the image header") )
        return -1;
    if ( be64toh(h.marker) != SR_IHDR_MARKER ||
         be32toh(h.id) != SR_IHDR_ID )
        return fail(io, "not a Xen domain image (no XENF image header)");
    if ( be32toh(h.version) != SR_IHDR_VERSION &&
         be32toh(h.version) != 2 )
        return fail(io, "migration stream version %u (we read 2 and 3)",
                    be32toh(h.version));
    if ( be16toh(h.options) & SR_IHDR_OPT_BIG_ENDIAN )
        return fail(io, "big-endian image (this host is little-endian)");
    return 0;
}

int sr_read_domain_header(struct sr_io *io, uint16_t *xen_major,
                          uint16_t *xen_minor)
{
    struct sr_dhdr h;

    if ( sr_read_exact(io, &h, sizeof(h), "the domain header") )
        return -1;
    if ( h.type != SR_DHDR_TYPE_X86_HVM )
        return fail(io, "domain type %#x in the image: only x86 HVM (PVH) "
                    "guests are restored here", h.type);
    if ( h.page_shift != SR_PAGE_SHIFT )
        return fail(io, "page shift %u in the image (expected %u)",
                    h.page_shift, SR_PAGE_SHIFT);
    *xen_major = h.xen_major;
    *xen_minor = h.xen_minor;
    return 0;
}

int sr_write_record_iov(struct sr_io *io, uint32_t type,
                        const struct iovec *iov, int nr)
{
    struct sr_rhdr h = { .type = type };
    size_t len = 0;
    int i;

    for ( i = 0; i < nr; i++ )
        len += iov[i].iov_len;
    if ( len > SR_MAX_BODY )
        return fail(io, "%s record of %zu octets is too long",
                    sr_record_name(type), len);
    h.length = len;
    if ( sr_write_exact(io, &h, sizeof(h)) )
        return -1;
    for ( i = 0; i < nr; i++ )
        if ( sr_write_exact(io, iov[i].iov_base, iov[i].iov_len) )
            return -1;
    return sr_write_exact(io, zeroes, -len & 7);
}

int sr_write_record(struct sr_io *io, uint32_t type, const void *body,
                    size_t len)
{
    struct iovec iov = { .iov_base = (void *)body, .iov_len = len };

    return sr_write_record_iov(io, type, &iov, 1);
}

int sr_read_record(struct sr_io *io, struct sr_record *rec)
{
    struct sr_rhdr h;
    uint8_t pad[8];

    rec->body = NULL;
    if ( sr_read_exact(io, &h, sizeof(h), "a record header") )
        return -1;
    if ( h.length > SR_MAX_BODY )
        return fail(io, "corrupt stream: %s record at octet %llu claims "
                    "%u octets", sr_record_name(h.type),
                    (unsigned long long)io->offset - sizeof(h), h.length);
    rec->type = h.type;
    rec->length = h.length;
    if ( h.length && !(rec->body = malloc(h.length)) )
        return fail(io, "no memory for a %u-octet record", h.length);
    if ( sr_read_exact(io, rec->body, h.length, sr_record_name(h.type)) ||
         sr_read_exact(io, pad, -h.length & 7, "a record's padding") )
    {
        sr_record_free(rec);
        return -1;
    }
    return 0;
}

void sr_record_free(struct sr_record *rec)
{
    free(rec->body);
    rec->body = NULL;
}

const char *sr_record_name(uint32_t type)
{
    switch ( type )
    {
    case REC_TYPE_END:              return "END";
    case REC_TYPE_PAGE_DATA:        return "PAGE_DATA";
    case REC_TYPE_X86_TSC_INFO:     return "X86_TSC_INFO";
    case REC_TYPE_HVM_CONTEXT:      return "HVM_CONTEXT";
    case REC_TYPE_HVM_PARAMS:       return "HVM_PARAMS";
    case REC_TYPE_VERIFY:           return "VERIFY";
    case REC_TYPE_CHECKPOINT:       return "CHECKPOINT";
    case REC_TYPE_STATIC_DATA_END:  return "STATIC_DATA_END";
    case REC_TYPE_X86_CPUID_POLICY: return "X86_CPUID_POLICY";
    case REC_TYPE_X86_MSR_POLICY:   return "X86_MSR_POLICY";
    case REC_TYPE_XMHV_PAGE_DATA_ZLIB: return "XMHV_PAGE_DATA_ZLIB";
    default:                        return "unknown";
    }
}
