/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH builder's ELF loader: good ELF32/ELF64 kernels load at their
 * physical addresses with the entry from the PHYS32_ENTRY note; bad and
 * hostile files (no note, segments outside the file or 4 GiB, overlapping
 * segments, truncations anywhere) are refused with one line, never read
 * out of bounds (ASan).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "images.h"
#include "pvh-private.h"

static char why[256];

/* A buffer standing for guest memory [base, base + size). */
struct mem {
    uint8_t *buf;
    uint64_t base, size;
};

static int mem_write(void *ctx, uint64_t gpa, const void *src, uint64_t len)
{
    struct mem *m = ctx;

    if ( gpa < m->base || gpa + len > m->base + m->size )
        return -1;
    if ( src )
        memcpy(m->buf + (gpa - m->base), src, len);
    else
        memset(m->buf + (gpa - m->base), 0, len);
    return 0;
}

static int parse(const uint8_t *img, size_t len, struct pvh_kernel *k)
{
    why[0] = '\0';
    return pvh_kernel_parse(k, img, len, why, sizeof(why));
}

TEST(elf64_with_8_byte_note_loads)
{
    struct pvh_kernel k;
    size_t len;
    uint8_t *img = make_good_elf(&len);
    struct mem m = { .base = 0x1000000, .size = 0x2000 };

    EXPECT_EQ(parse(img, len, &k), 0);
    EXPECT(!strcmp(k.format, "ELF"));
    EXPECT_EQ(k.entry, 0x1000010);
    EXPECT_EQ(k.start, 0x1000000);
    EXPECT_EQ(k.end, 0x1002000);
    EXPECT_EQ(k.nr_segs, 2);
    m.buf = malloc(m.size);
    memset(m.buf, 0x55, m.size);
    EXPECT_EQ(pvh_kernel_load(&k, mem_write, &m), 0);
    /* file bytes, then the bss zeroed, for each segment */
    EXPECT_EQ(m.buf[0], 0xa0);
    EXPECT_EQ(m.buf[0x7ff], 0xa0);
    EXPECT_EQ(m.buf[0x800], 0);
    EXPECT_EQ(m.buf[0xfff], 0);
    EXPECT_EQ(m.buf[0x1000], 0xa1);
    EXPECT_EQ(m.buf[0x1fff], 0);
    pvh_kernel_free(&k);
    free(m.buf);
    free(img);
}

TEST(elf32_with_4_byte_note_loads)
{
    struct elf_spec s = {
        .is64 = 0, .nr_load = 1, .paddr = 0x100000, .filesz = 0x100,
        .memsz = 0x100, .note_size = 4, .entry = 0x100000,
    };
    struct pvh_kernel k;
    size_t len;
    uint8_t *img = make_elf(&s, &len);

    EXPECT_EQ(parse(img, len, &k), 0);
    EXPECT_EQ(k.entry, 0x100000);
    EXPECT_EQ(k.end - k.start, 0x100);
    pvh_kernel_free(&k);
    free(img);
}

/* parse must fail with ENOEXEC and a reason containing text. */
static void expect_refused(const struct elf_spec *s, const char *text)
{
    struct pvh_kernel k;
    size_t len;
    uint8_t *img = make_elf(s, &len);

    EXPECT_EQ(parse(img, len, &k), -1);
    EXPECT_EQ(errno, ENOEXEC);
    if ( !EXPECT(strstr(why, text) != NULL) )
        printf("  reason was: %s\n", why);
    free(img);
}

TEST(elf_without_pvh_note_is_refused)
{
    struct elf_spec s = { 1, 1, 0x100000, 0x100, 0x100, 0, 0 };

    expect_refused(&s, "not a PVH kernel");
}

TEST(entry_outside_segments_is_refused)
{
    struct elf_spec s = { 1, 1, 0x100000, 0x100, 0x100, 8, 0x200000 };

    expect_refused(&s, "outside the loaded segments");
}

TEST(segment_above_4g_is_refused)
{
    struct elf_spec s = { 1, 1, 0xfffff000ULL, 0x100, 0x2000, 8,
                          0xfffff000ULL };

    expect_refused(&s, "outside the low 4 GiB");
}

TEST(overlapping_segments_are_refused)
{
    /* 0x1000 apart but 0x1800 long each */
    struct elf_spec s = { 1, 2, 0x100000, 0x100, 0x1800, 8, 0x100000 };

    expect_refused(&s, "overlap");
}

TEST(filesz_beyond_memsz_is_refused)
{
    struct elf_spec s = { 1, 1, 0x100000, 0x200, 0x100, 8, 0x100000 };

    expect_refused(&s, "outside the low 4 GiB");
}

TEST(segment_beyond_file_is_refused)
{
    struct pvh_kernel k;
    size_t len;
    uint8_t *img = make_good_elf(&len);
    Elf64_Phdr ph;

    memcpy(&ph, img + sizeof(Elf64_Ehdr), sizeof(ph));
    ph.p_offset = len - 0x10;           /* runs off the end */
    memcpy(img + sizeof(Elf64_Ehdr), &ph, sizeof(ph));
    EXPECT_EQ(parse(img, len, &k), -1);
    EXPECT(strstr(why, "outside the file") != NULL);
    ph.p_offset = ~0ULL - 4;            /* offset + size wraps */
    memcpy(img + sizeof(Elf64_Ehdr), &ph, sizeof(ph));
    EXPECT_EQ(parse(img, len, &k), -1);
    free(img);
}

TEST(program_headers_beyond_file_are_refused)
{
    struct pvh_kernel k;
    size_t len;
    uint8_t *img = make_good_elf(&len);
    Elf64_Ehdr eh;

    memcpy(&eh, img, sizeof(eh));
    eh.e_phnum = 0xffff;
    memcpy(img, &eh, sizeof(eh));
    EXPECT_EQ(parse(img, len, &k), -1);
    EXPECT(strstr(why, "program headers") != NULL);
    free(img);
}

TEST(every_truncation_fails_cleanly)
{
    struct pvh_kernel k;
    size_t len, cut;
    uint8_t *img = make_good_elf(&len);
    unsigned int refused = 0;

    /* A copy of exactly cut bytes, so ASan sees any read past it. */
    for ( cut = 0; cut < len; cut++ )
    {
        uint8_t *part = malloc(cut ? cut : 1);

        memcpy(part, img, cut);
        if ( parse(part, cut, &k) )
            refused++;
        else
            pvh_kernel_free(&k);
        free(part);
    }
    EXPECT_EQ(refused, len);
    free(img);
}

TEST(random_corruption_never_crashes)
{
    struct pvh_kernel k;
    size_t len, i;
    uint8_t *img = make_good_elf(&len);
    uint8_t *copy = malloc(len);
    unsigned int round;

    srand(1);
    for ( round = 0; round < 3000; round++ )
    {
        memcpy(copy, img, len);
        for ( i = 0; i < 4; i++ )
            copy[rand() % 0x200] = rand();
        if ( !parse(copy, len, &k) )
        {
            /* whatever it accepted lies inside 4 GiB and the file */
            EXPECT(k.end <= (1ULL << 32) && k.start < k.end);
            pvh_kernel_free(&k);
        }
    }
    free(copy);
    free(img);
}

TEST(not_an_image_is_refused)
{
    struct pvh_kernel k;
    uint8_t junk[4096];

    memset(junk, 0x90, sizeof(junk));
    EXPECT_EQ(parse(junk, sizeof(junk), &k), -1);
    EXPECT(strstr(why, "neither an ELF file nor a bzImage") != NULL);
}
