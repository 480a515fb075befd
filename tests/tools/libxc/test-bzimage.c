/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage kernels: the payload found from the setup header, decompressed
 * (gzip, xz, lzma) and loaded as the PVH ELF inside; corrupt, truncated
 * and unsupported payloads refused with one line; and Debian's own
 * /boot/vmlinuz-* when the host has one.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "images.h"
#include "pvh-private.h"

static char why[256];

static int parse(const uint8_t *img, size_t len, struct pvh_kernel *k)
{
    why[0] = '\0';
    return pvh_kernel_parse(k, img, len, why, sizeof(why));
}

/* A good ELF inside a bzImage of fmt parses as the ELF alone does. */
static void check_format(enum payload_fmt fmt, const char *name)
{
    size_t elen, blen;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, fmt, &blen);
    struct pvh_kernel k;
    char want[32];

    snprintf(want, sizeof(want), "bzImage (%s)", name);
    if ( !EXPECT_EQ(parse(bz, blen, &k), 0) )
        printf("  %s: %s\n", name, why);
    else
    {
        EXPECT(!strcmp(k.format, want));
        EXPECT_EQ(k.elf_len, elen);
        EXPECT(!memcmp(k.elf, elf, elen));
        EXPECT_EQ(k.entry, 0x1000010);
        pvh_kernel_free(&k);
    }
    free(bz);
    free(elf);
}

TEST(gzip_payload) { check_format(PAYLOAD_GZIP, "gzip"); }
TEST(xz_payload) { check_format(PAYLOAD_XZ, "xz"); }
TEST(lzma_payload) { check_format(PAYLOAD_LZMA, "lzma"); }

TEST(uncompressed_elf_payload_is_refused)
{
    size_t elen, blen;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, PAYLOAD_RAW, &blen);
    struct pvh_kernel k;

    EXPECT_EQ(parse(bz, blen, &k), -1);
    EXPECT(strstr(why, "compression is not supported") != NULL);
    free(bz);
    free(elf);
}

TEST(zstd_payload_is_named_and_refused)
{
    uint8_t zstd[64] = { 0x28, 0xb5, 0x2f, 0xfd };
    size_t blen;
    uint8_t *bz = make_bzimage(zstd, sizeof(zstd), PAYLOAD_RAW, &blen);
    struct pvh_kernel k;

    EXPECT_EQ(parse(bz, blen, &k), -1);
    EXPECT_EQ(errno, ENOTSUP);
    EXPECT(strstr(why, "zstd compression is not supported") != NULL);
    free(bz);
}

/* Flipped bytes in the middle of a payload of fmt: refused. */
static void check_corrupt(enum payload_fmt fmt)
{
    size_t elen, blen, off;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, fmt, &blen);
    struct pvh_kernel k;

    off = bzimage_payload_offset(bz);
    memset(bz + off + 20, 0xff, 24);
    EXPECT_EQ(parse(bz, blen, &k), -1);
    EXPECT(why[0] != '\0');
    free(bz);
    free(elf);
}

TEST(corrupt_gzip_is_refused) { check_corrupt(PAYLOAD_GZIP); }
TEST(corrupt_xz_is_refused) { check_corrupt(PAYLOAD_XZ); }

/* Every cut of a bzImage: refused, never read past the end. */
static void check_truncated(enum payload_fmt fmt)
{
    size_t elen, blen, cut;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, fmt, &blen);
    unsigned int accepted = 0;
    struct pvh_kernel k;

    /* the last 4 bytes are the size trailer, not needed to decode */
    for ( cut = 0; cut < blen - 4; cut += 7 )
    {
        uint8_t *part = malloc(cut ? cut : 1);

        memcpy(part, bz, cut);
        if ( !parse(part, cut, &k) )
        {
            accepted++;
            pvh_kernel_free(&k);
        }
        free(part);
    }
    EXPECT_EQ(accepted, 0);
    free(bz);
    free(elf);
}

TEST(truncated_gzip_bzimage_is_refused) { check_truncated(PAYLOAD_GZIP); }
TEST(truncated_xz_bzimage_is_refused) { check_truncated(PAYLOAD_XZ); }

TEST(payload_outside_the_file_is_refused)
{
    size_t elen, blen;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, PAYLOAD_GZIP, &blen);
    struct pvh_kernel k;
    uint32_t huge = 0xfffffff0;

    memcpy(bz + 0x24c, &huge, 4);
    EXPECT_EQ(parse(bz, blen, &k), -1);
    EXPECT(strstr(why, "payload outside the file") != NULL);
    free(bz);
    free(elf);
}

TEST(old_boot_protocol_is_refused)
{
    size_t elen, blen;
    uint8_t *elf = make_good_elf(&elen);
    uint8_t *bz = make_bzimage(elf, elen, PAYLOAD_GZIP, &blen);
    struct pvh_kernel k;

    bz[0x206] = 0x04;                   /* 2.04 */
    EXPECT_EQ(parse(bz, blen, &k), -1);
    EXPECT(strstr(why, "older than 2.08") != NULL);
    free(bz);
    free(elf);
}

TEST(decompression_bomb_is_capped)
{
    size_t big = 8 << 20, out;
    uint8_t *zeros = calloc(1, big), *res = NULL;
    size_t blen;
    uint8_t *bz = make_bzimage(zeros, big, PAYLOAD_XZ, &blen);
    const char *fmt;
    size_t off = bzimage_payload_offset(bz);

    /* the same stream with a cap of 1 MiB */
    EXPECT_EQ(pvh_decompress(bz + off, blen - off, 1 << 20, &res, &out,
                             &fmt, why, sizeof(why)), -1);
    EXPECT_EQ(errno, EFBIG);
    free(res);
    free(bz);
    free(zeros);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;

    if ( !f )
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    buf = malloc(*len);
    if ( fread(buf, 1, *len, f) != *len )
    {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

TEST(debian_vmlinuz_parses)
{
    DIR *d = opendir("/boot");
    struct dirent *e;
    unsigned int seen = 0;

    while ( d && (e = readdir(d)) )
    {
        char path[300];
        struct pvh_kernel k;
        size_t len;
        uint8_t *img;

        if ( strncmp(e->d_name, "vmlinuz-", 8) )
            continue;
        snprintf(path, sizeof(path), "/boot/%s", e->d_name);
        if ( !(img = slurp(path, &len)) )
            continue;                    /* not readable by us */
        seen++;
        if ( EXPECT_EQ(parse(img, len, &k), 0) )
        {
            printf("  %s: %s, entry %#x, loads at [%#llx, %#llx)\n", path,
                   k.format, k.entry, (unsigned long long)k.start,
                   (unsigned long long)k.end);
            EXPECT(k.entry >= k.start && k.entry < k.end);
            pvh_kernel_free(&k);
        }
        else
            printf("  %s: %s\n", path, why);
        free(img);
    }
    if ( d )
        closedir(d);
    if ( !seen )
        printf("  no readable /boot/vmlinuz-*: only synthetic images\n");
}
