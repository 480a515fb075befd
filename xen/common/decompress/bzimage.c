/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage setup header parsing (Linux x86 boot protocol).  The image is
 * untrusted: every offset read from it is checked against its length.
 */
#include <xen/bzimage.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

/* Offsets into the image, from the boot protocol's setup header table. */
#define BZ_SETUP_SECTS    0x1f1
#define BZ_BOOT_FLAG      0x1fe
#define BZ_HEADER         0x202
#define BZ_VERSION        0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_LEN        0x250

#define BZ_BOOT_FLAG_MAGIC 0xaa55
#define BZ_MIN_VERSION     0x0208   /* first with payload_offset/length */
#define BZ_SECTOR          512

static uint32_t bz_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t bz_le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

bool bzimage_probe(const void *img, size_t len)
{
    const uint8_t *p = img;

    return len >= BZ_MIN_LEN &&
           bz_le16(p + BZ_BOOT_FLAG) == BZ_BOOT_FLAG_MAGIC &&
           !memcmp(p + BZ_HEADER, "HdrS", 4);
}

int bzimage_parse(const void *img, size_t len, const void **payload,
                  size_t *payload_len, size_t *decompressed_len)
{
    const uint8_t *p = img;
    size_t setup_sects, start, plen;

    if ( !bzimage_probe(img, len) )
        return -ENOEXEC;
    if ( bz_le16(p + BZ_VERSION) < BZ_MIN_VERSION )
        return -EINVAL;

    /* Zero setup sectors means four, for very old images. */
    setup_sects = p[BZ_SETUP_SECTS] ?: 4;
    /* The payload offset counts from the protected-mode code. */
    start = (setup_sects + 1) * BZ_SECTOR;
    start += bz_le32(p + BZ_PAYLOAD_OFFSET);
    plen = bz_le32(p + BZ_PAYLOAD_LENGTH);
    if ( start > len || plen > len - start || plen < 4 )
        return -EINVAL;
    if ( !decompress_probe(p + start, plen) )
        return -EOPNOTSUPP;

    *payload = p + start;
    *payload_len = plen;
    *decompressed_len = bz_le32(p + start + plen - 4);

    return 0;
}

int bzimage_decompress(const void *img, size_t len, void *out,
                       size_t out_size, size_t *out_len)
{
    const void *payload;
    size_t plen, expect;
    int rc;

    rc = bzimage_parse(img, len, &payload, &plen, &expect);
    if ( rc )
        return rc;
    rc = decompress(payload, plen, out, out_size, out_len);
    if ( !rc && *out_len != expect )
        rc = -EBADMSG;

    return rc;
}
