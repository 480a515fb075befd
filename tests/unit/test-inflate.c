/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gunzip/inflate against the host's gzip: round trips over several kinds
 * of data and levels, then corrupt, truncated and oversize inputs, which
 * must fail cleanly (ASan watches every access).
 */
#include "../../xen/common/decompress/crc.c"
#include "../../xen/common/decompress/inflate.c"
#include "../../xen/common/decompress/gunzip.c"

#include "harness.h"
#include "decomp-util.h"

static void *ws;

/* Decodes with an output buffer of exactly out_size bytes. */
static int try_gunzip(const uint8_t *in, size_t in_len, size_t out_size,
                      uint8_t **out, size_t *out_len)
{
    int rc;

    if ( !ws )
        ws = malloc(gunzip_workspace_size());
    *out = malloc(out_size ? out_size : 1);
    *out_len = 0;
    rc = gunzip(in, in_len, *out, out_size, out_len, ws);
    return rc;
}

static void roundtrip(const char *cmd, enum du_kind kind, size_t len)
{
    uint8_t *data = du_gen(kind, len), *gz, *out;
    size_t gz_len, out_len;

    gz = du_filter(cmd, data, len, &gz_len);
    if ( EXPECT_EQ(try_gunzip(gz, gz_len, len, &out, &out_len), 0) )
    {
        EXPECT_EQ(out_len, len);
        EXPECT(!memcmp(out, data, len));
    }
    free(out);
    free(gz);
    free(data);
}

TEST(gzip_levels_and_kinds)
{
    static const char *const cmds[] = { "gzip -1 -c", "gzip -6 -c",
                                        "gzip -9 -c" };
    unsigned int i;

    for ( i = 0; i < 3; i++ )
    {
        roundtrip(cmds[i], DU_TEXT, 1 << 20);
        roundtrip(cmds[i], DU_RANDOM, 100000);
        roundtrip(cmds[i], DU_ZEROS, 300000);
        roundtrip(cmds[i], DU_X86, 200000);
    }
}

TEST(gzip_tiny_inputs)
{
    size_t len;

    /* Empty and tiny inputs come out as fixed-Huffman blocks. */
    for ( len = 0; len < 40; len += 3 )
        roundtrip("gzip -c", DU_TEXT, len);
}

/* zlib's strategies give stored, fixed-only and RLE-style streams. */
TEST(gzip_zlib_strategies)
{
    static const char *const cmds[] = {
        "python3 -c 'import sys,zlib;d=sys.stdin.buffer.read();"
        "c=zlib.compressobj(9,zlib.DEFLATED,31,9,zlib.Z_FIXED);"
        "sys.stdout.buffer.write(c.compress(d)+c.flush())'",
        "python3 -c 'import sys,zlib;d=sys.stdin.buffer.read();"
        "c=zlib.compressobj(0,zlib.DEFLATED,31);"
        "sys.stdout.buffer.write(c.compress(d)+c.flush())'",
        "python3 -c 'import sys,zlib;d=sys.stdin.buffer.read();"
        "c=zlib.compressobj(6,zlib.DEFLATED,31,9,zlib.Z_RLE);"
        "sys.stdout.buffer.write(c.compress(d)+c.flush())'",
        "python3 -c 'import sys,zlib;d=sys.stdin.buffer.read();"
        "c=zlib.compressobj(6,zlib.DEFLATED,31,9,zlib.Z_HUFFMAN_ONLY);"
        "sys.stdout.buffer.write(c.compress(d)+c.flush())'",
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cmds); i++ )
    {
        roundtrip(cmds[i], DU_TEXT, 200000);
        roundtrip(cmds[i], DU_RANDOM, 70000);
    }
}

/* The optional header fields: FEXTRA, FNAME, FCOMMENT and FHCRC. */
TEST(gzip_header_fields)
{
    uint8_t *data = du_gen(DU_TEXT, 5000), *gz, *out, *hdr;
    size_t gz_len, out_len, n = 0;
    struct dc_crc32_table crc;
    uint32_t c;

    gz = du_filter("gzip -c", data, 5000, &gz_len);
    hdr = malloc(gz_len + 64);
    memcpy(hdr, gz, 10);
    hdr[3] = GZ_FHCRC | GZ_FEXTRA | GZ_FNAME | GZ_FCOMMENT;
    n = 10;
    memcpy(hdr + n, "\x04\x00" "abcd" "name\0" "comment\0", 19);
    n += 19;
    dc_crc32_init(&crc);
    c = dc_crc32(&crc, 0, hdr, n);
    hdr[n++] = c;
    hdr[n++] = c >> 8;
    memcpy(hdr + n, gz + 10, gz_len - 10);
    n += gz_len - 10;

    EXPECT_EQ(try_gunzip(hdr, n, 5000, &out, &out_len), 0);
    EXPECT(!memcmp(out, data, 5000));
    free(out);

    hdr[30] ^= 1;                       /* header CRC no longer matches */
    EXPECT_EQ(try_gunzip(hdr, n, 5000, &out, &out_len), -EBADMSG);
    free(out);
    hdr[30] ^= 1;

    EXPECT_EQ(try_gunzip(hdr, 20, 5000, &out, &out_len), -EINVAL);
    free(out);
    hdr[3] |= 0x80;                     /* reserved flag */
    EXPECT_EQ(try_gunzip(hdr, n, 5000, &out, &out_len), -EINVAL);
    free(out);
    free(hdr);
    free(gz);
    free(data);
}

TEST(gzip_bad_checks)
{
    uint8_t *data = du_gen(DU_TEXT, 20000), *gz, *out;
    size_t gz_len, out_len;

    gz = du_filter("gzip -c", data, 20000, &gz_len);
    gz[gz_len - 8] ^= 0x10;             /* CRC32 */
    EXPECT_EQ(try_gunzip(gz, gz_len, 20000, &out, &out_len), -EBADMSG);
    free(out);
    gz[gz_len - 8] ^= 0x10;
    gz[gz_len - 1] ^= 0x01;             /* ISIZE */
    EXPECT_EQ(try_gunzip(gz, gz_len, 20000, &out, &out_len), -EBADMSG);
    free(out);
    gz[gz_len - 1] ^= 0x01;
    gz[0] = 0x1e;
    EXPECT_EQ(try_gunzip(gz, gz_len, 20000, &out, &out_len), -EOPNOTSUPP);
    free(out);
    free(gz);
    free(data);
}

TEST(gzip_output_too_small)
{
    uint8_t *data = du_gen(DU_TEXT, 50000), *gz, *out;
    size_t gz_len, out_len, sz;

    gz = du_filter("gzip -c", data, 50000, &gz_len);
    for ( sz = 0; sz < 50000; sz += 4999 )
    {
        EXPECT_EQ(try_gunzip(gz, gz_len, sz, &out, &out_len), -E2BIG);
        free(out);
    }
    EXPECT_EQ(try_gunzip(gz, gz_len, 49999, &out, &out_len), -E2BIG);
    free(out);
    free(gz);
    free(data);
}

TEST(gzip_truncated)
{
    uint8_t *data = du_gen(DU_TEXT, 30000), *gz, *out, *cut;
    size_t gz_len, out_len, len;

    gz = du_filter("gzip -c", data, 30000, &gz_len);
    for ( len = 0; len < gz_len; len++ )
    {
        /* A fresh exact-size copy, so reading past it trips ASan. */
        cut = malloc(len ? len : 1);
        memcpy(cut, gz, len);
        if ( !EXPECT(try_gunzip(cut, len, 30000, &out, &out_len) < 0) )
            printf("  truncated at %zu of %zu decoded\n", len, gz_len);
        free(out);
        free(cut);
    }
    free(gz);
    free(data);
}

TEST(gzip_trailing_bytes_ignored)
{
    uint8_t *data = du_gen(DU_TEXT, 1000), *gz, *out;
    size_t gz_len, out_len;

    gz = du_filter("gzip -c", data, 1000, &gz_len);
    gz = realloc(gz, gz_len + 4);
    memcpy(gz + gz_len, "\xe8\x03\x00\x00", 4);
    EXPECT_EQ(try_gunzip(gz, gz_len + 4, 1000, &out, &out_len), 0);
    EXPECT_EQ(out_len, 1000);
    free(out);
    free(gz);
    free(data);
}

/* Any single bit flip fails or (header/padding bits) decodes correctly. */
TEST(gzip_bit_flips)
{
    uint8_t *data = du_gen(DU_X86, 20000), *gz, *out;
    size_t gz_len, out_len, i;
    unsigned int errors = 0, flips;

    gz = du_filter("gzip -c", data, 20000, &gz_len);
    for ( flips = 0; flips < 800; flips++ )
    {
        int rc;

        i = du_rand() % (gz_len * 8);

        gz[i / 8] ^= 1 << (i % 8);
        rc = try_gunzip(gz, gz_len, 20000, &out, &out_len);
        if ( rc )
            errors++;
        else
            EXPECT(out_len == 20000 && !memcmp(out, data, 20000));
        free(out);
        gz[i / 8] ^= 1 << (i % 8);
    }
    EXPECT(errors > flips * 9 / 10);
    free(gz);
    free(data);
}

/* Random garbage after a valid header must never crash the decoder. */
TEST(gzip_random_garbage)
{
    uint8_t *buf, *out;
    size_t out_len;
    unsigned int i, j;

    for ( i = 0; i < 2000; i++ )
    {
        size_t len = 10 + du_rand() % 600;

        buf = malloc(len);
        for ( j = 0; j < len; j++ )
            buf[j] = du_rand();
        memcpy(buf, "\x1f\x8b\x08\x00\0\0\0\0\0\x03", 10);
        EXPECT(try_gunzip(buf, len, 4096, &out, &out_len) < 0);
        free(out);
        free(buf);
    }
}
