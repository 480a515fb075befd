/* SPDX-License-Identifier: GPL-2.0-only */
/* One entry point for every compressed format a kernel may come in. */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

static const uint8_t gzip_magic[] = { 0x1f, 0x8b };
static const uint8_t xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

static bool has_magic(const void *in, size_t in_len, const uint8_t *magic,
                      size_t magic_len)
{
    return in_len >= magic_len && !memcmp(in, magic, magic_len);
}

bool decompress_probe(const void *in, size_t in_len)
{
    return has_magic(in, in_len, gzip_magic, sizeof(gzip_magic)) ||
           has_magic(in, in_len, xz_magic, sizeof(xz_magic));
}

int decompress(const void *in, size_t in_len, void *out, size_t out_size,
               size_t *out_len)
{
    int (*fn)(const void *in, size_t in_len, void *out, size_t out_size,
              size_t *out_len, void *workspace);
    void *ws;
    size_t ws_size;
    int rc;

    if ( has_magic(in, in_len, gzip_magic, sizeof(gzip_magic)) )
    {
        fn = gunzip;
        ws_size = gunzip_workspace_size();
    }
    else if ( has_magic(in, in_len, xz_magic, sizeof(xz_magic)) )
    {
        fn = unxz;
        ws_size = unxz_workspace_size();
    }
    else
        return -EOPNOTSUPP;

    ws = xmalloc_bytes(ws_size);
    if ( !ws )
        return -ENOMEM;
    rc = fn(in, in_len, out, out_size, out_len, ws);
    xfree(ws);

    return rc;
}
