/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage parsing and the decompress() front end: synthetic images built
 * around payloads from the host's gzip and xz, broken setup headers, and
 * the real Debian kernel from /boot decoded in full (timed).
 */
#include "../../xen/common/decompress/crc.c"
#include "../../xen/common/decompress/inflate.c"
#include "../../xen/common/decompress/gunzip.c"
#include "../../xen/common/decompress/lzma2.c"
#include "../../xen/common/decompress/unxz.c"
#include "../../xen/common/decompress/decompress.c"
#include "../../xen/common/decompress/bzimage.c"

#include "harness.h"
#include "decomp-util.h"

/* The hypervisor's allocator, on malloc; fail_alloc simulates -ENOMEM. */
static bool fail_alloc;

__attribute__((weak)) void *xmalloc_bytes(size_t size)
{
    return fail_alloc ? NULL : malloc(size);
}

__attribute__((weak)) void xfree(void *p)
{
    free(p);
}

/*
 * A minimal bzImage: setup_sects sectors of setup after the boot sector,
 * then some "decompressor" bytes, then the payload with a size trailer.
 */
static uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                             uint32_t size, unsigned int setup_sects,
                             size_t *len)
{
    size_t pm = ((setup_sects ?: 4) + 1) * 512, off = 100;
    uint8_t *img;

    *len = pm + off + plen + 4;
    img = calloc(1, *len);
    img[0x1f1] = setup_sects;
    img[0x1fe] = 0x55;
    img[0x1ff] = 0xaa;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x0f;                  /* protocol 2.15 */
    img[0x207] = 0x02;
    memcpy(img + 0x248, &(uint32_t){ off }, 4);
    memcpy(img + 0x24c, &(uint32_t){ plen + 4 }, 4);
    memcpy(img + pm + off, payload, plen);
    memcpy(img + pm + off + plen, &size, 4);
    return img;
}

static void synthetic(const char *cmd, unsigned int setup_sects)
{
    uint8_t *data = du_gen(DU_X86, 200000), *z, *img, *out;
    size_t zlen, len, plen, dlen, out_len;
    const void *payload;

    z = du_filter(cmd, data, 200000, &zlen);
    img = make_bzimage(z, zlen, 200000, setup_sects, &len);
    EXPECT(bzimage_probe(img, len));
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), 0);
    EXPECT_EQ(plen, zlen + 4);
    EXPECT_EQ(dlen, 200000);
    EXPECT(payload == img + (setup_sects ?: 4) * 512 + 612);

    out = malloc(dlen);
    EXPECT_EQ(bzimage_decompress(img, len, out, dlen, &out_len), 0);
    EXPECT(out_len == 200000 && !memcmp(out, data, 200000));
    EXPECT_EQ(bzimage_decompress(img, len, out, dlen - 1, &out_len), -E2BIG);

    /* A size trailer that disagrees with the stream. */
    img[len - 4] ^= 1;
    EXPECT_EQ(bzimage_decompress(img, len, out, dlen + 1, &out_len),
              -EBADMSG);

    free(out);
    free(img);
    free(z);
    free(data);
}

TEST(bzimage_synthetic_gzip)
{
    synthetic("gzip -9 -c", 27);
    synthetic("gzip -c", 0);
}

TEST(bzimage_synthetic_xz)
{
    synthetic("xz --check=crc32 --x86 --lzma2=dict=1MiB -c", 30);
}

/* Linux's gzip payloads have no trailer: ISIZE is the size. */
TEST(bzimage_gzip_without_trailer)
{
    uint8_t *data = du_gen(DU_TEXT, 70000), *z, *img, *out;
    size_t zlen, len, plen, dlen, out_len;
    const void *payload;

    z = du_filter("gzip -9 -n -c", data, 70000, &zlen);
    /* The last four payload bytes double as the size trailer. */
    img = make_bzimage(z, zlen - 4, dc_le32(z + zlen - 4), 31, &len);
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), 0);
    EXPECT_EQ(plen, zlen);
    EXPECT_EQ(dlen, 70000);
    out = malloc(dlen);
    EXPECT_EQ(bzimage_decompress(img, len, out, dlen, &out_len), 0);
    EXPECT(out_len == 70000 && !memcmp(out, data, 70000));
    free(out);
    free(img);
    free(z);
    free(data);
}

TEST(bzimage_bad_headers)
{
    uint8_t *data = du_gen(DU_TEXT, 1000), *z, *img;
    size_t zlen, len, plen, dlen;
    const void *payload;

    z = du_filter("gzip -c", data, 1000, &zlen);
    img = make_bzimage(z, zlen, 1000, 4, &len);

    EXPECT_EQ(bzimage_parse(img, 0x24f, &payload, &plen, &dlen), -ENOEXEC);
    img[0x202] = 'h';
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -ENOEXEC);
    img[0x202] = 'H';
    img[0x1fe] = 0;
    EXPECT(!bzimage_probe(img, len));
    img[0x1fe] = 0x55;
    img[0x206] = 0x07;                  /* protocol 2.07 */
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -EINVAL);
    img[0x206] = 0x08;
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), 0);
    EXPECT_EQ(bzimage_parse(img, len - 1, &payload, &plen, &dlen), -EINVAL);
    memcpy(img + 0x248, &(uint32_t){ 0xffffffff }, 4);
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -EINVAL);
    memcpy(img + 0x248, &(uint32_t){ 100 }, 4);
    memcpy(img + 0x24c, &(uint32_t){ 0xfffffff0 }, 4);
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -EINVAL);
    memcpy(img + 0x24c, &(uint32_t){ 3 }, 4);
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -EINVAL);
    memcpy(img + 0x24c, &(uint32_t){ zlen + 4 }, 4);
    img[5 * 512 + 100] = 0x42;          /* payload magic */
    EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), -EOPNOTSUPP);

    free(img);
    free(z);
    free(data);
}

TEST(decompress_sniffs_format)
{
    uint8_t *data = du_gen(DU_TEXT, 50000), *gz, *xz, out[50000];
    size_t gz_len, xz_len, out_len;

    gz = du_filter("gzip -c", data, 50000, &gz_len);
    xz = du_filter("xz -c", data, 50000, &xz_len);
    EXPECT(decompress_probe(gz, gz_len) && decompress_probe(xz, xz_len));
    EXPECT_EQ(decompress(gz, gz_len, out, sizeof(out), &out_len), 0);
    EXPECT(out_len == 50000 && !memcmp(out, data, 50000));
    memset(out, 0, sizeof(out));
    EXPECT_EQ(decompress(xz, xz_len, out, sizeof(out), &out_len), 0);
    EXPECT(out_len == 50000 && !memcmp(out, data, 50000));
    EXPECT_EQ(decompress(data, 50000, out, sizeof(out), &out_len),
              -EOPNOTSUPP);
    EXPECT_EQ(decompress(xz, 3, out, sizeof(out), &out_len), -EOPNOTSUPP);
    EXPECT(!decompress_probe(xz, 5));
    fail_alloc = true;
    EXPECT_EQ(decompress(gz, gz_len, out, sizeof(out), &out_len), -ENOMEM);
    fail_alloc = false;
    free(gz);
    free(xz);
    free(data);
}

/* The kernel CI installs (linux-image-amd64): XZ payload with x86 BCJ. */
TEST(bzimage_debian_kernel)
{
    const char *path = du_debian_kernel();
    size_t len, plen, dlen, out_len;
    const void *payload;
    uint8_t *img, *out;
    double t;

    if ( !EXPECT(path) )
    {
        printf("  no /boot/vmlinuz-*-amd64: install linux-image-amd64\n");
        return;
    }
    img = du_read_file(path, &len);
    if ( !EXPECT(img) )
        return;
    EXPECT(bzimage_probe(img, len));
    if ( !EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), 0) )
        return;
    EXPECT(!memcmp(payload, xz_header_magic, 6));
    EXPECT(dlen > (8 << 20) && dlen < (512 << 20));

    out = malloc(dlen);
    t = du_now();
    EXPECT_EQ(bzimage_decompress(img, len, out, dlen, &out_len), 0);
    t = du_now() - t;
    EXPECT_EQ(out_len, dlen);
    EXPECT(!memcmp(out, "\177ELF\2\1\1", 7));
    printf("  %s: %zu -> %zu bytes in %.2f s (sanitized build)\n",
           path, plen, out_len, t);
    free(out);
    free(img);
}
