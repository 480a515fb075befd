/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gzip container (RFC 1952) around a deflate stream: header with its
 * optional fields, then CRC-32 and size (mod 2^32) of the data.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#include "private.h"

#define GZ_FTEXT    0x01
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_FRESERVED 0xe0

#define GZ_CM_DEFLATE 8
#define GZ_HEADER_LEN 10
#define GZ_TRAILER_LEN 8

struct gunzip_ws {
    struct inflate_ws inflate;
    struct dc_crc32_table crc;
};

size_t gunzip_workspace_size(void)
{
    return sizeof(struct gunzip_ws);
}

/* Skips a zero-terminated field; false if it runs off the input. */
static bool skip_string(const uint8_t *in, size_t len, size_t *pos)
{
    const uint8_t *nul = memchr(in + *pos, 0, len - *pos);

    if ( !nul )
        return false;
    *pos = nul - in + 1;
    return true;
}

/* Returns the offset of the deflate data, or a negative error. */
static long parse_header(const struct gunzip_ws *ws, const uint8_t *in,
                         size_t len)
{
    size_t pos = GZ_HEADER_LEN;
    uint8_t flags;

    if ( len < GZ_HEADER_LEN || in[0] != 0x1f || in[1] != 0x8b )
        return -EOPNOTSUPP;
    flags = in[3];
    if ( in[2] != GZ_CM_DEFLATE || (flags & GZ_FRESERVED) )
        return -EINVAL;

    if ( flags & GZ_FEXTRA )
    {
        size_t xlen;

        if ( len - pos < 2 )
            return -EINVAL;
        xlen = dc_le16(in + pos);
        pos += 2;
        if ( len - pos < xlen )
            return -EINVAL;
        pos += xlen;
    }
    if ( (flags & GZ_FNAME) && !skip_string(in, len, &pos) )
        return -EINVAL;
    if ( (flags & GZ_FCOMMENT) && !skip_string(in, len, &pos) )
        return -EINVAL;
    if ( flags & GZ_FHCRC )
    {
        if ( len - pos < 2 )
            return -EINVAL;
        if ( (dc_crc32(&ws->crc, 0, in, pos) & 0xffff) != dc_le16(in + pos) )
            return -EBADMSG;
        pos += 2;
    }

    return pos;
}

int gunzip(const void *in, size_t in_len, void *out, size_t out_size,
           size_t *out_len, void *workspace)
{
    struct gunzip_ws *ws = workspace;
    const uint8_t *p = in;
    size_t used, produced;
    long start;
    int rc;

    dc_crc32_init(&ws->crc);
    start = parse_header(ws, p, in_len);
    if ( start < 0 )
        return start;

    rc = dc_inflate(&ws->inflate, p + start, in_len - start, out, out_size,
                    &used, &produced);
    if ( rc )
        return rc;

    p += start + used;
    if ( in_len - start - used < GZ_TRAILER_LEN )
        return -EINVAL;
    if ( dc_le32(p) != dc_crc32(&ws->crc, 0, out, produced) ||
         dc_le32(p + 4) != (uint32_t)produced )
        return -EBADMSG;

    *out_len = produced;

    return 0;
}
