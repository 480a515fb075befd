/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unxz (xz container, LZMA2, x86 BCJ) against the host's xz: round trips
 * with the options Linux uses and others that reach every code path
 * (multiple blocks, stored chunks, CRC-64, extreme lc/lp/pb), then
 * corrupt, truncated and oversize inputs, which must fail cleanly.
 */
#include "../../xen/common/decompress/crc.c"
#include "../../xen/common/decompress/lzma2.c"
#include "../../xen/common/decompress/unxz.c"

#include "harness.h"
#include "decomp-util.h"

#define LINUX_XZ "xz --check=crc32 --x86 --lzma2=dict=1MiB -c"

static void *ws;

static int try_unxz(const uint8_t *in, size_t in_len, size_t out_size,
                    uint8_t **out, size_t *out_len)
{
    if ( !ws )
        ws = malloc(unxz_workspace_size());
    *out = malloc(out_size ? out_size : 1);
    *out_len = 0;
    return unxz(in, in_len, *out, out_size, out_len, ws);
}

static void roundtrip(const char *cmd, enum du_kind kind, size_t len)
{
    uint8_t *data = du_gen(kind, len), *xz, *out;
    size_t xz_len, out_len;
    int rc;

    xz = du_filter(cmd, data, len, &xz_len);
    rc = try_unxz(xz, xz_len, len, &out, &out_len);
    if ( EXPECT_EQ(rc, 0) )
    {
        EXPECT_EQ(out_len, len);
        EXPECT(!memcmp(out, data, len));
    }
    else
        printf("  (%s, kind %d, %zu bytes)\n", cmd, kind, len);
    free(out);
    free(xz);
    free(data);
}

TEST(xz_linux_options)
{
    roundtrip(LINUX_XZ, DU_X86, 1 << 20);
    roundtrip(LINUX_XZ, DU_TEXT, 1 << 20);
    roundtrip(LINUX_XZ, DU_RANDOM, 300000);
    roundtrip(LINUX_XZ, DU_ZEROS, 500000);
}

TEST(xz_bcj_edge_sizes)
{
    size_t len;

    for ( len = 0; len < 24; len++ )
        roundtrip(LINUX_XZ, DU_X86, len);
}

TEST(xz_checks_and_presets)
{
    roundtrip("xz -c", DU_TEXT, 200000);                 /* CRC-64 */
    roundtrip("xz --check=none -c", DU_TEXT, 200000);
    roundtrip("xz -0 -c", DU_X86, 200000);
    roundtrip("xz -9e --check=crc32 -c", DU_X86, 100000);
}

TEST(xz_lzma2_properties)
{
    roundtrip("xz --lzma2=lc=4,lp=0,pb=0 -c", DU_TEXT, 300000);
    roundtrip("xz --lzma2=lc=0,lp=4,pb=4 -c", DU_X86, 300000);
    roundtrip("xz --lzma2=lc=1,lp=3,pb=2,dict=4KiB -c", DU_TEXT, 300000);
}

/* Several blocks, each with sizes in its header; and stored chunks. */
TEST(xz_multi_block)
{
    roundtrip("xz --block-size=64KiB --x86 --lzma2=preset=6 -c", DU_X86,
              1 << 20);
    roundtrip("xz --block-size=10000 -c", DU_RANDOM, 100000);
    roundtrip("xz -T2 --block-size=100KiB -c", DU_TEXT, 400000);
}

TEST(xz_unsupported)
{
    uint8_t *data = du_gen(DU_TEXT, 1000), *xz, *out;
    size_t xz_len, out_len;

    xz = du_filter("xz --check=sha256 -c", data, 1000, &xz_len);
    EXPECT_EQ(try_unxz(xz, xz_len, 1000, &out, &out_len), -EOPNOTSUPP);
    free(out);
    free(xz);
    xz = du_filter("xz --delta --lzma2 -c", data, 1000, &xz_len);
    EXPECT_EQ(try_unxz(xz, xz_len, 1000, &out, &out_len), -EOPNOTSUPP);
    free(out);
    free(xz);
    free(data);
}

TEST(xz_output_too_small)
{
    uint8_t *data = du_gen(DU_X86, 100000), *xz, *out;
    size_t xz_len, out_len, sz;

    xz = du_filter(LINUX_XZ, data, 100000, &xz_len);
    for ( sz = 0; sz < 100000; sz += 9999 )
    {
        EXPECT_EQ(try_unxz(xz, xz_len, sz, &out, &out_len), -E2BIG);
        free(out);
    }
    EXPECT_EQ(try_unxz(xz, xz_len, 99999, &out, &out_len), -E2BIG);
    free(out);
    free(xz);
    free(data);
}

TEST(xz_trailing_bytes_ignored)
{
    uint8_t *data = du_gen(DU_TEXT, 1000), *xz, *out;
    size_t xz_len, out_len;

    xz = du_filter(LINUX_XZ, data, 1000, &xz_len);
    xz = realloc(xz, xz_len + 4);
    memcpy(xz + xz_len, "\xe8\x03\x00\x00", 4);
    EXPECT_EQ(try_unxz(xz, xz_len + 4, 1000, &out, &out_len), 0);
    EXPECT_EQ(out_len, 1000);
    free(out);
    free(xz);
    free(data);
}

TEST(xz_truncated)
{
    uint8_t *data = du_gen(DU_X86, 20000), *xz, *out, *cut;
    size_t xz_len, out_len, len;

    xz = du_filter(LINUX_XZ, data, 20000, &xz_len);
    for ( len = 0; len < xz_len; len++ )
    {
        cut = malloc(len ? len : 1);
        memcpy(cut, xz, len);
        if ( !EXPECT(try_unxz(cut, len, 20000, &out, &out_len) < 0) )
            printf("  truncated at %zu of %zu decoded\n", len, xz_len);
        free(out);
        free(cut);
    }
    free(xz);
    free(data);
}

/* Every bit of the file is covered by a CRC, a magic or the index. */
TEST(xz_bit_flips)
{
    uint8_t *data = du_gen(DU_X86, 20000), *xz, *out;
    size_t xz_len, out_len, i;
    unsigned int flips, errors = 0;

    xz = du_filter(LINUX_XZ, data, 20000, &xz_len);
    for ( flips = 0; flips < 800; flips++ )
    {
        int rc;

        /* Every bit of the headers, random ones after. */
        i = flips < 8 * 40 ? flips : du_rand() % (xz_len * 8);

        xz[i / 8] ^= 1 << (i % 8);
        rc = try_unxz(xz, xz_len, 20000, &out, &out_len);
        if ( rc )
            errors++;
        else if ( !EXPECT(out_len == 20000 && !memcmp(out, data, 20000)) )
            printf("  flip of bit %zu went unnoticed\n", i);
        free(out);
        xz[i / 8] ^= 1 << (i % 8);
    }
    EXPECT_EQ(errors, flips);
    free(xz);
    free(data);
}

/* Garbage LZMA2 chunks behind a valid block header (CRC fixed up). */
TEST(xz_garbage_chunks)
{
    uint8_t *data = du_gen(DU_TEXT, 4000), *xz, *out;
    struct dc_crc32_table crc;
    size_t xz_len, out_len, hdr_end, i, j;

    dc_crc32_init(&crc);
    xz = du_filter(LINUX_XZ, data, 4000, &xz_len);
    hdr_end = XZ_HEADER_LEN + (xz[XZ_HEADER_LEN] + 1) * 4;
    for ( i = 0; i < 3000; i++ )
    {
        /* Keep the first chunk header so the LZMA decoder gets to run. */
        for ( j = hdr_end + 6 + du_rand() % 8; j < xz_len; j++ )
            if ( du_rand() % 50 == 0 )
                xz[j] = du_rand();
        EXPECT(try_unxz(xz, xz_len, 4000, &out, &out_len) < 0);
        free(out);
    }
    free(xz);
    free(data);
}
