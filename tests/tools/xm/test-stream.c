/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libxl layer of save images (tools/xend/xend-stream.c): header,
 * config record and LIBXC_CONTEXT written and read back with the END
 * after the libxc part; images truncated anywhere or with a foreign
 * header or record refused with one line.
 */
#include <endian.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "xend-stream.h"

#define CONFIG "{\"name\": \"demo\", \"memory\": 128}"
#define LIBXC "libxc stream stand-in..."

static char why[256];

/* A whole image (the libxc part a stand-in) in a temporary file. */
static int image(size_t *len)
{
    FILE *f = tmpfile();
    int fd = dup(fileno(f));

    fclose(f);
    EXPECT_EQ(xend_stream_write_head(fd, CONFIG, why, sizeof(why)), 0);
    EXPECT_EQ(write(fd, LIBXC, 24), 24);
    EXPECT_EQ(xend_stream_write_end(fd, why, sizeof(why)), 0);
    *len = lseek(fd, 0, SEEK_CUR);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

TEST(an_image_reads_back)
{
    char *cfg = NULL, libxc[24];
    size_t len;
    int fd = image(&len);

    /* 16 header + 8 + 32 config (with its NUL) + 8 context + 24 + 8 END. */
    EXPECT_EQ(len, 16 + 8 + 32 + 8 + 24 + 8);
    EXPECT_EQ(xend_stream_read_head(fd, &cfg, why, sizeof(why)), 0);
    EXPECT(cfg && !strcmp(cfg, CONFIG));
    EXPECT_EQ(read(fd, libxc, 24), 24);
    EXPECT(!memcmp(libxc, LIBXC, 24));
    EXPECT_EQ(xend_stream_read_end(fd, why, sizeof(why)), 0);
    free(cfg);
    close(fd);
}

/* The image cut to len octets (or with octets at off replaced). */
static int mangled(size_t cut, size_t off, const void *with, size_t n)
{
    size_t len;
    int fd = image(&len);

    if ( with )
        EXPECT_EQ(pwrite(fd, with, n, off), (ssize_t)n);
    if ( cut < len )
        EXPECT_EQ(ftruncate(fd, cut), 0);
    return fd;
}

static int head_of(int fd)
{
    char *cfg = NULL;
    int r = xend_stream_read_head(fd, &cfg, why, sizeof(why));

    EXPECT(r == 0 || cfg == NULL);
    free(cfg);
    close(fd);
    return r;
}

TEST(truncated_heads_are_refused)
{
    size_t cut;
    int bad = 0;

    for ( cut = 0; cut < 16 + 8 + 32 + 8; cut++ )
        if ( !head_of(mangled(cut, 0, NULL, 0)) ||
             !strstr(why, "truncated image") )
            bad++;
    EXPECT_EQ(bad, 0);
}

TEST(foreign_headers_and_records_are_refused)
{
    uint32_t v = htobe32(3), rec = 7, len = 0x7fffffff;

    EXPECT(head_of(mangled(~0ul, 0, "NotLibxl", 8)) != 0);
    EXPECT(strstr(why, "not a domain save image") != NULL);
    EXPECT(head_of(mangled(~0ul, 8, &v, 4)) != 0);
    EXPECT(strstr(why, "version 3") != NULL);
    EXPECT(head_of(mangled(~0ul, 16, &rec, 4)) != 0);
    EXPECT(strstr(why, "record 0x7") != NULL);
    EXPECT(head_of(mangled(~0ul, 20, &len, 4)) != 0);
    EXPECT(strstr(why, "a config of") != NULL);
    EXPECT(head_of(mangled(~0ul, 24 + 5, "\0", 1)) != 0);
    EXPECT(strstr(why, "not one string") != NULL);
}

TEST(a_missing_end_is_refused)
{
    size_t len;
    int fd = image(&len);
    char *cfg = NULL, buf[24];

    EXPECT_EQ(ftruncate(fd, len - 4), 0);
    EXPECT_EQ(xend_stream_read_head(fd, &cfg, why, sizeof(why)), 0);
    EXPECT_EQ(read(fd, buf, 24), 24);
    EXPECT(xend_stream_read_end(fd, why, sizeof(why)) != 0);
    EXPECT(strstr(why, "truncated image: it ends inside the END record"));
    free(cfg);
    close(fd);
}
