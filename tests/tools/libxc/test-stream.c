/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The migration stream v2 reader and writer (tools/libxc/guest/sr-*.c):
 * an HVM image written and read back record for record (plain and zlib
 * page batches, padding), and images truncated at every octet or with a
 * field corrupted refused with the line a user would see.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "sr-stream.h"

#define NR_PAGES 3

static uint8_t pages[NR_PAGES * SR_PAGE_SIZE];

/* A stream in a temporary file: fd at its start. */
static int tmp_stream(void)
{
    FILE *f = tmpfile();

    return f ? dup(fileno(f)) : -1;
}

static void fill_batch(struct sr_batch *b)
{
    unsigned int i;

    for ( i = 0; i < sizeof(pages); i++ )
        pages[i] = (uint8_t)(i * 7 + i / SR_PAGE_SIZE);
    b->nr = 4;
    b->pfn[0] = 0x10;
    b->pfn[1] = 0x11 | ((uint64_t)SR_PFN_XTAB << SR_PFN_TYPE_SHIFT);
    b->pfn[2] = 0xfeffc;
    b->pfn[3] = 0x100000;
    b->nr_data = NR_PAGES;
    b->data = pages;
}

/* Headers, STATIC_DATA_END, a batch (zlib or not), a 5-octet record, END. */
static size_t write_image(int fd, bool zlib)
{
    struct sr_io io = { .fd = fd };
    struct sr_batch b;
    size_t batch_len = 0;

    fill_batch(&b);
    EXPECT_EQ(sr_write_image_header(&io), 0);
    EXPECT_EQ(sr_write_domain_header(&io, SR_DHDR_TYPE_X86_HVM, 4, 17), 0);
    EXPECT_EQ(sr_write_record(&io, REC_TYPE_STATIC_DATA_END, NULL, 0), 0);
    EXPECT_EQ(sr_write_batch(&io, &b, zlib, &batch_len), 0);
    EXPECT_EQ(sr_write_record(&io, REC_TYPE_HVM_CONTEXT, "abcde", 5), 0);
    EXPECT_EQ(sr_write_record(&io, REC_TYPE_END, NULL, 0), 0);
    EXPECT_EQ(io.offset % 8, 0);
    lseek(fd, 0, SEEK_SET);
    return batch_len;
}

/* Reads the image back; 0 when every record is as written. */
static int read_image(int fd, char *why, size_t whylen)
{
    struct sr_io io = { .fd = fd };
    struct sr_record rec = { 0 };
    struct sr_batch b;
    uint8_t *scratch = NULL;
    uint16_t major, minor;
    int r = -1;

    if ( sr_read_image_header(&io) ||
         sr_read_domain_header(&io, &major, &minor) ||
         sr_read_record(&io, &rec) )
        goto out;
    EXPECT_EQ(rec.type, REC_TYPE_STATIC_DATA_END);
    if ( sr_read_record(&io, &rec) || sr_parse_batch(&io, &rec, &b, &scratch) )
        goto out;
    EXPECT_EQ(b.nr, 4);
    EXPECT_EQ(b.nr_data, NR_PAGES);
    EXPECT_EQ(sr_pfn_type(b.pfn[1]), SR_PFN_XTAB);
    EXPECT_EQ(b.pfn[3] & SR_PFN_MASK, 0x100000);
    EXPECT(!memcmp(b.data, pages, sizeof(pages)));
    sr_record_free(&rec);
    if ( sr_read_record(&io, &rec) )
        goto out;
    EXPECT(rec.type == REC_TYPE_HVM_CONTEXT && rec.length == 5 &&
           !memcmp(rec.body, "abcde", 5));
    sr_record_free(&rec);
    if ( !sr_read_record(&io, &rec) && rec.type == REC_TYPE_END )
        r = 0;
out:
    snprintf(why, whylen, "%s", io.why);
    sr_record_free(&rec);
    free(scratch);
    return r;
}

TEST(image_round_trip_plain_and_zlib)
{
    char why[256];
    size_t plain, zlib;
    int fd = tmp_stream();

    plain = write_image(fd, false);
    EXPECT_EQ(read_image(fd, why, sizeof(why)), 0);
    close(fd);
    fd = tmp_stream();
    zlib = write_image(fd, true);
    EXPECT_EQ(read_image(fd, why, sizeof(why)), 0);
    close(fd);
    /* 8 header + 8 count + 4 pfns + 3 pages; the pattern compresses. */
    EXPECT_EQ(plain, 8 + 8 + 4 * 8 + NR_PAGES * SR_PAGE_SIZE);
    EXPECT(zlib < plain / 4);
}

/* The image (plain) in memory, and a file holding its first len octets. */
static size_t image_bytes(uint8_t **buf)
{
    int fd = tmp_stream();
    off_t len;

    write_image(fd, false);
    len = lseek(fd, 0, SEEK_END);
    *buf = malloc(len);
    EXPECT_EQ(pread(fd, *buf, len, 0), len);
    close(fd);
    return len;
}

static int stream_of(const uint8_t *buf, size_t len)
{
    int fd = tmp_stream();

    EXPECT_EQ(write(fd, buf, len), (ssize_t)len);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

TEST(every_truncation_is_refused)
{
    uint8_t *img;
    size_t len = image_bytes(&img), cut;
    char why[256];
    int fd, bad = 0;

    for ( cut = 0; cut < len; cut += (cut < 200 ? 1 : 509) )
    {
        fd = stream_of(img, cut);
        if ( !read_image(fd, why, sizeof(why)) ||
             !strstr(why, "truncated stream") )
            bad++;
        close(fd);
    }
    EXPECT_EQ(bad, 0);
    free(img);
}

/* The image with one little-endian word at off replaced by v: why. */
static void corrupt(size_t off, size_t size, uint64_t v, char *why,
                    size_t whylen)
{
    uint8_t *img;
    size_t len = image_bytes(&img);
    int fd;

    memcpy(img + off, &v, size);
    fd = stream_of(img, len);
    EXPECT(read_image(fd, why, whylen) != 0);
    close(fd);
    free(img);
}

/* Octets: image header 0-23, domain header 24-39, STATIC_DATA_END 40-47,
 * PAGE_DATA header 48-55, count 56. */
TEST(corrupt_images_are_refused_with_their_reason)
{
    char why[256];

    corrupt(0, 1, 0x00, why, sizeof(why));
    EXPECT(strstr(why, "not a Xen domain image") != NULL);
    corrupt(12, 4, htobe32(9), why, sizeof(why));
    EXPECT(strstr(why, "stream version 9") != NULL);
    corrupt(24, 4, SR_DHDR_TYPE_X86_PV, why, sizeof(why));
    EXPECT(strstr(why, "only x86 HVM") != NULL);
    corrupt(52, 4, 0x7fffffff, why, sizeof(why));
    EXPECT(strstr(why, "claims") != NULL);
    corrupt(56, 4, 0, why, sizeof(why));
    EXPECT(strstr(why, "page count out of range") != NULL);
    corrupt(56, 4, 3, why, sizeof(why));
    EXPECT(strstr(why, "does not match its pfns") != NULL);
    corrupt(64 + 7, 1, 0x10, why, sizeof(why));       /* pfn[0]: L1TAB */
    EXPECT(strstr(why, "not valid for an HVM guest") != NULL);
}

TEST(corrupt_zlib_pages_are_refused)
{
    struct sr_io io = { .fd = tmp_stream() };
    struct sr_record rec;
    struct sr_batch b;
    uint8_t *scratch = NULL;

    fill_batch(&b);
    EXPECT_EQ(sr_write_batch(&io, &b, true, NULL), 0);
    lseek(io.fd, 0, SEEK_SET);
    EXPECT_EQ(sr_read_record(&io, &rec), 0);
    EXPECT_EQ(rec.type, REC_TYPE_XMHV_PAGE_DATA_ZLIB);
    ((uint8_t *)rec.body)[rec.length - 3] ^= 0xff;
    EXPECT(sr_parse_batch(&io, &rec, &b, &scratch) != 0);
    EXPECT(strstr(io.why, "do not inflate") != NULL);
    sr_record_free(&rec);
    free(scratch);
    close(io.fd);
}

TEST(unknown_record_names)
{
    EXPECT(!strcmp(sr_record_name(REC_TYPE_HVM_PARAMS), "HVM_PARAMS"));
    EXPECT(!strcmp(sr_record_name(0x1234), "unknown"));
}
