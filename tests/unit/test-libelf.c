/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libelf: synthetic ELF32/ELF64 kernels carrying every Xen note, broken
 * and truncated headers and notes (ASan watches every access), and the
 * real Debian kernel: bzImage -> vmlinux -> PT_LOAD segments and the PVH
 * entry note (XEN_ELFNOTE_PHYS32_ENTRY).
 */
#include "../../xen/common/libelf/libelf-loader.c"
#include "../../xen/common/libelf/libelf-dominfo.c"
#include "../../xen/common/decompress/crc.c"
#include "../../xen/common/decompress/inflate.c"
#include "../../xen/common/decompress/gunzip.c"
#include "../../xen/common/decompress/lzma2.c"
#include "../../xen/common/decompress/unxz.c"
#include "../../xen/common/decompress/decompress.c"
#include "../../xen/common/decompress/bzimage.c"

#include "harness.h"
#include "decomp-util.h"

__attribute__((weak)) void *xmalloc_bytes(size_t size)
{
    return malloc(size);
}

__attribute__((weak)) void xfree(void *p)
{
    free(p);
}

/* Layout of the synthetic kernel. */
#define T_PHOFF   0x40
#define T_TEXT    0x200
#define T_NOTES   0x400
#define T_SHOFF   0x800
#define T_SIZE    0x900
#define T_PADDR   0x100000
#define T_FILESZ  0x100
#define T_MEMSZ   0x300

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void put_word(bool is64, uint8_t *p, uint64_t v)
{
    if ( is64 )
        put64(p, v);
    else
        put32(p, v);
}

static size_t add_note(uint8_t *p, unsigned int type, const void *desc,
                       size_t len)
{
    put32(p, 4);
    put32(p + 4, len);
    put32(p + 8, type);
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, len);
    return 16 + ROUNDUP(len, 4);
}

/* Returns the notes' total length. */
static size_t add_all_notes(uint8_t *p, bool is64)
{
    uint64_t w = is64 ? 0xffffffff80000000ULL : 0xc0000000;
    unsigned int ws = is64 ? 8 : 4;
    uint8_t buf[16];
    size_t n = 0;

#define NUM(type, v) \
    (put_word(is64, buf, (v)), n += add_note(p + n, type, buf, ws))
#define STR(type, s) (n += add_note(p + n, type, s, sizeof(s)))
    STR(XEN_ELFNOTE_GUEST_OS, "linux");
    STR(XEN_ELFNOTE_GUEST_VERSION, "2.6");
    STR(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    STR(XEN_ELFNOTE_LOADER, "generic");
    STR(XEN_ELFNOTE_PAE_MODE, "yes,bimodal");
    STR(XEN_ELFNOTE_FEATURES,
        "!writable_page_tables|pae_pgdir_above_4gb|no_such|!dom0");
    STR(XEN_ELFNOTE_BSD_SYMTAB, "yes");
    NUM(XEN_ELFNOTE_VIRT_BASE, w);
    NUM(XEN_ELFNOTE_ENTRY, w + T_PADDR + 0x10);
    NUM(XEN_ELFNOTE_HYPERCALL_PAGE, w + T_PADDR + 0x1000);
    NUM(XEN_ELFNOTE_PADDR_OFFSET, 0);
    NUM(XEN_ELFNOTE_HV_START_LOW, 0xf5800000);
    NUM(XEN_ELFNOTE_INIT_P2M, w + 0x10000000);
    put_word(is64, buf, 0x80000801);
    put_word(is64, buf + ws, 1);
    n += add_note(p + n, XEN_ELFNOTE_L1_MFN_VALID, buf, 2 * ws);
    put32(buf, 1);
    n += add_note(p + n, XEN_ELFNOTE_SUSPEND_CANCEL, buf, 4);
    n += add_note(p + n, XEN_ELFNOTE_MOD_START_PFN, buf, 1);
    put32(buf, 1U << 11);
    n += add_note(p + n, XEN_ELFNOTE_SUPPORTED_FEATURES, buf, 4);
    put32(buf, T_PADDR + 0x20);
    n += add_note(p + n, XEN_ELFNOTE_PHYS32_ENTRY, buf, 4);
    n += add_note(p + n, 99, buf, 4);           /* unknown: skipped */
#undef NUM
#undef STR
    /* A note of another vendor with the same type numbers. */
    put32(p + n, 4);
    put32(p + n + 4, 4);
    put32(p + n + 8, XEN_ELFNOTE_PHYS32_ENTRY);
    memcpy(p + n + 12, "GNU\0\xff\xff\xff\xff", 8);
    return n + 20;
}

static void add_phdr(bool is64, uint8_t *p, uint32_t type, uint64_t off,
                     uint64_t paddr, uint64_t vaddr, uint64_t filesz,
                     uint64_t memsz)
{
    put32(p, type);
    if ( is64 )
    {
        put32(p + 4, 5);
        put64(p + 8, off);
        put64(p + 16, vaddr);
        put64(p + 24, paddr);
        put64(p + 32, filesz);
        put64(p + 40, memsz);
        put64(p + 48, 4);
    }
    else
    {
        put32(p + 4, off);
        put32(p + 8, vaddr);
        put32(p + 12, paddr);
        put32(p + 16, filesz);
        put32(p + 20, memsz);
        put32(p + 24, 5);
        put32(p + 28, 4);
    }
}

/* With notes_in_phdr false the notes are reachable as a section only. */
static uint8_t *build_elf(bool is64, bool notes_in_phdr)
{
    uint8_t *p = calloc(1, T_SIZE);
    unsigned int d = is64 ? 0 : 12, i;
    uint64_t vbase = is64 ? 0xffffffff80000000ULL : 0xc0000000;
    size_t nlen = add_all_notes(p + T_NOTES, is64), phsz = is64 ? 56 : 32;
    size_t shsz = is64 ? 64 : 40;
    uint8_t *sh = p + T_SHOFF + shsz;

    memcpy(p, "\177ELF", 4);
    p[4] = is64 ? 2 : 1;
    p[5] = 1;
    p[6] = 1;
    put16(p + 16, 2);
    put16(p + 18, is64 ? ELF_EM_X86_64 : ELF_EM_386);
    put32(p + 20, 1);
    put_word(is64, p + 24, vbase + T_PADDR);
    put_word(is64, p + (is64 ? 32 : 28), T_PHOFF);
    put_word(is64, p + (is64 ? 40 : 32), T_SHOFF);
    put16(p + 54 - d, phsz);
    put16(p + 56 - d, notes_in_phdr ? 2 : 1);
    put16(p + 58 - d, shsz);
    put16(p + 60 - d, 2);

    for ( i = 0; i < T_FILESZ; i++ )
        p[T_TEXT + i] = i ^ 0x5a;
    add_phdr(is64, p + T_PHOFF, ELF_PT_LOAD, T_TEXT, T_PADDR,
             vbase + T_PADDR, T_FILESZ, T_MEMSZ);
    add_phdr(is64, p + T_PHOFF + phsz, ELF_PT_NOTE, T_NOTES, 0, 0, nlen,
             nlen);

    put32(sh + 4, ELF_SHT_NOTE);
    put_word(is64, sh + (is64 ? 24 : 16), T_NOTES);
    put_word(is64, sh + (is64 ? 32 : 20), nlen);
    put_word(is64, sh + (is64 ? 48 : 32), 4);
    return p;
}

static void check_synthetic_parms(bool is64, const struct elf_dom_parms *p)
{
    uint64_t vbase = is64 ? 0xffffffff80000000ULL : 0xc0000000;

    EXPECT(!strcmp(p->guest_os, "linux"));
    EXPECT(!strcmp(p->guest_ver, "2.6"));
    EXPECT(!strcmp(p->xen_ver, "xen-3.0"));
    EXPECT(!strcmp(p->loader, "generic"));
    EXPECT_EQ(p->pae, ELF_PAE_BIMODAL);
    EXPECT(p->bsd_symtab && p->suspend_cancel && p->mod_start_pfn);
    EXPECT_EQ(p->virt_base, vbase);
    EXPECT_EQ(p->virt_entry, vbase + T_PADDR + 0x10);
    EXPECT_EQ(p->virt_hypercall, vbase + T_PADDR + 0x1000);
    EXPECT_EQ(p->elf_paddr_offset, 0);
    EXPECT_EQ(p->virt_hv_start_low, 0xf5800000);
    EXPECT_EQ(p->p2m_base, vbase + 0x10000000);
    EXPECT_EQ(p->l1_mfn_valid_mask, 0x80000801);
    EXPECT_EQ(p->l1_mfn_valid_value, 1);
    EXPECT_EQ(p->f_required, (1U << 0) | (1U << 11));
    EXPECT_EQ(p->f_supported, (1U << 0) | (1U << 4) | (1U << 11));
    EXPECT(elf_has_note(p, XEN_ELFNOTE_PHYS32_ENTRY));
    EXPECT_EQ(p->phys_entry, T_PADDR + 0x20);
    EXPECT_EQ(p->notes_seen, ((1U << 19) - 1) & ~1U);
    EXPECT_EQ(p->phys_kstart, T_PADDR);
    EXPECT_EQ(p->phys_kend, T_PADDR + T_MEMSZ);
    EXPECT_EQ(p->virt_kstart, vbase + T_PADDR);
    EXPECT_EQ(p->virt_kend, vbase + T_PADDR + T_MEMSZ);
}

static void synthetic(bool is64, bool notes_in_phdr)
{
    uint8_t *img = build_elf(is64, notes_in_phdr);
    struct elf_binary elf;
    struct elf_dom_parms parms;

    if ( !EXPECT_EQ(elf_init(&elf, img, T_SIZE), 0) )
        return;
    EXPECT_EQ(elf.is64, is64);
    EXPECT_EQ(elf.machine, is64 ? ELF_EM_X86_64 : ELF_EM_386);
    EXPECT_EQ(elf.shnum, 2);
    if ( EXPECT_EQ(elf_xen_parse(&elf, &parms), 0) )
        check_synthetic_parms(is64, &parms);
    free(img);
}

TEST(elf64_notes_in_segment)
{
    synthetic(true, true);
}

TEST(elf32_notes_in_segment)
{
    synthetic(false, true);
}

TEST(elf64_notes_in_section)
{
    synthetic(true, false);
}

TEST(elf32_notes_in_section)
{
    synthetic(false, false);
}

/* A guest memory model for elf_load(): [base, base + size). */
struct guest {
    uint8_t *mem;
    uint64_t base, size;
    unsigned int calls;
    int fail_at;
};

static int guest_write(void *ctx, uint64_t paddr, const void *src,
                       size_t len)
{
    struct guest *g = ctx;

    if ( (int)g->calls++ == g->fail_at )
        return -EFAULT;
    if ( paddr < g->base || len > g->size ||
         paddr - g->base > g->size - len )
        return -ERANGE;
    if ( src )
        memcpy(g->mem + paddr - g->base, src, len);
    else
        memset(g->mem + paddr - g->base, 0, len);
    return 0;
}

TEST(elf_load_copies_and_zeroes)
{
    uint8_t *img = build_elf(true, true);
    struct guest g = { .base = T_PADDR, .size = T_MEMSZ, .fail_at = -1 };
    struct elf_binary elf;
    unsigned int i;

    g.mem = malloc(T_MEMSZ);
    memset(g.mem, 0xaa, T_MEMSZ);
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), 0);
    EXPECT_EQ(elf_load(&elf, guest_write, &g), 0);
    EXPECT_EQ(g.calls, 2);
    EXPECT(!memcmp(g.mem, img + T_TEXT, T_FILESZ));
    for ( i = T_FILESZ; i < T_MEMSZ; i++ )
        if ( !EXPECT_EQ(g.mem[i], 0) )
            break;

    g.calls = 0;
    g.fail_at = 1;
    EXPECT_EQ(elf_load(&elf, guest_write, &g), -EFAULT);
    free(g.mem);
    free(img);
}

TEST(elf_bad_headers)
{
    uint8_t *img = build_elf(true, true);
    struct elf_binary elf;
    struct elf_segment seg;
    struct elf_dom_parms parms;

    EXPECT_EQ(elf_init(&elf, "\177ELG", 4), -ENOEXEC);
    EXPECT_EQ(elf_init(&elf, img, 60), -EINVAL);      /* short header */
    img[5] = 2;                                       /* big-endian */
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    img[5] = 1;
    img[4] = 3;                                       /* bad class */
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    img[4] = 2;

    put64(img + 32, T_SIZE - 100);                   /* phdrs off the end */
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    put64(img + 32, ~0ULL - 8);
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    put64(img + 32, T_PHOFF);
    put16(img + 56, 0xffff);
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    put16(img + 56, 2);
    put16(img + 54, 20);                              /* phentsize */
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), -EINVAL);
    put16(img + 54, 56);

    /* A section table off the end is ignored, not fatal. */
    put64(img + 40, 0xfffffffffff0ULL);
    EXPECT_EQ(elf_init(&elf, img, T_SIZE), 0);
    EXPECT_EQ(elf.shnum, 0);
    put64(img + 40, T_SHOFF);

    EXPECT_EQ(elf_init(&elf, img, T_SIZE), 0);
    put64(img + T_PHOFF + 8, T_SIZE - 0x10);          /* p_offset */
    EXPECT_EQ(elf_get_segment(&elf, 0, &seg), -EINVAL);
    EXPECT_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    EXPECT_EQ(elf_load(&elf, guest_write, NULL), -EINVAL);
    put64(img + T_PHOFF + 8, T_TEXT);
    put64(img + T_PHOFF + 40, T_FILESZ - 1);          /* memsz < filesz */
    EXPECT_EQ(elf_get_segment(&elf, 0, &seg), -EINVAL);
    put64(img + T_PHOFF + 40, T_MEMSZ);
    put64(img + T_PHOFF + 24, ~0ULL - 0x10);          /* paddr wraps */
    EXPECT_EQ(elf_get_segment(&elf, 0, &seg), -EINVAL);
    put64(img + T_PHOFF + 24, T_PADDR);
    EXPECT_EQ(elf_get_segment(&elf, 0, &seg), 0);
    EXPECT_EQ(elf_get_segment(&elf, 2, &seg), -EINVAL);
    free(img);
}

/* Finds the first Xen note of a type in the synthetic image. */
static uint8_t *find_note(uint8_t *img, unsigned int type)
{
    uint8_t *p = img + T_NOTES;

    while ( elf_rd32(p + 8) != type )
        p += 16 + ROUNDUP(elf_rd32(p + 4), 4);
    return p;
}

TEST(elf_bad_notes)
{
    uint8_t *img = build_elf(true, true), *n;
    struct elf_binary elf;
    struct elf_dom_parms parms;

    EXPECT_EQ(elf_init(&elf, img, T_SIZE), 0);

    n = find_note(img, XEN_ELFNOTE_PHYS32_ENTRY);
    put32(n + 4, 3);                                  /* odd numeric size */
    EXPECT_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    put32(n + 4, 0xfffffff0);                         /* past the segment */
    EXPECT_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    put32(n + 4, 4);
    put32(n, 0xfffffffd);                             /* namesz overflow */
    EXPECT_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    put32(n, 4);
    EXPECT_EQ(elf_xen_parse(&elf, &parms), 0);

    /* Strings may end with the descriptor, without a NUL. */
    n = find_note(img, XEN_ELFNOTE_GUEST_OS);
    put32(n + 4, 5);
    EXPECT_EQ(elf_xen_parse(&elf, &parms), 0);
    EXPECT(!strcmp(parms.guest_os, "linux"));
    put32(n + 4, 6);
    n = find_note(img, XEN_ELFNOTE_L1_MFN_VALID);
    put32(n + 4, 12);
    EXPECT_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    put32(n + 4, 16);
    EXPECT_EQ(elf_xen_parse(&elf, &parms), 0);
    free(img);
}

/* Handlers on their own, with descriptors cut short. */
TEST(elf_note_strings)
{
    static const char feat[] = "!writable_page_tables|dom0|";
    struct elf_dom_parms p = { 0 };
    struct note n = { .type = XEN_ELFNOTE_FEATURES,
                      .desc = (const uint8_t *)feat };
    char big[40];

    for ( n.len = 0; n.len <= sizeof(feat); n.len++ )
    {
        uint32_t want = n.len < 21 ? 0 : n.len < 26 ? 1 : 1 | (1 << 11);

        p.f_supported = p.f_required = 0;
        EXPECT_EQ(note_features(&p, &n), 0);
        EXPECT_EQ(p.f_supported, want);
        EXPECT_EQ(p.f_required, want & 1);
    }

    n.type = XEN_ELFNOTE_PAE_MODE;
    n.desc = (const uint8_t *)"yes,bimodal";
    n.len = 3;
    EXPECT(!note_pae(&p, &n) && p.pae == ELF_PAE_YES);
    n.len = 11;
    EXPECT(!note_pae(&p, &n) && p.pae == ELF_PAE_BIMODAL);
    n.desc = (const uint8_t *)"no";
    EXPECT(!note_pae(&p, &n) && p.pae == ELF_PAE_NO);

    /* Long strings are cut to the field. */
    memset(big, 'x', sizeof(big));
    n.type = XEN_ELFNOTE_LOADER;
    n.desc = (const uint8_t *)big;
    n.len = sizeof(big);
    EXPECT_EQ(note_string(&p, &n), 0);
    EXPECT_EQ(strlen(p.loader), 15);
}

/* Every prefix of a valid image, and random corruption, fails cleanly. */
TEST(elf_truncated_and_fuzzed)
{
    uint8_t *img = build_elf(true, true), *cut;
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct guest g = { .fail_at = -1 };
    size_t len, i;

    for ( len = 0; len < T_SIZE; len++ )
    {
        cut = malloc(len ? len : 1);
        memcpy(cut, img, len);
        if ( !elf_init(&elf, cut, len) )
        {
            elf_xen_parse(&elf, &parms);
            elf_load(&elf, guest_write, &g);
        }
        free(cut);
    }

    for ( i = 0; i < 20000; i++ )
    {
        unsigned int k, n = 1 + du_rand() % 8;

        cut = malloc(T_SIZE);
        memcpy(cut, img, T_SIZE);
        for ( k = 0; k < n; k++ )
        {
            /* Mostly the headers and notes, where the fields live. */
            size_t at = du_rand() % 2 ? du_rand() % 0xc0
                                      : T_NOTES + du_rand() % 0x200;

            cut[at] = du_rand() % 3 ? du_rand() : 0xff;
        }
        if ( !elf_init(&elf, cut, T_SIZE) )
        {
            elf_xen_parse(&elf, &parms);
            elf_load(&elf, guest_write, &g);
        }
        free(cut);
    }
    free(img);
}

/* Counts what elf_load() hands over, and checks it against the image. */
struct kernel_load {
    const struct elf_binary *elf;
    uint64_t copied, zeroed;
    bool bad;
};

static int kernel_write(void *ctx, uint64_t paddr, const void *src,
                        size_t len)
{
    struct kernel_load *k = ctx;
    const uint8_t *s = src;

    if ( !src )
        k->zeroed += len;
    else
    {
        k->copied += len;
        if ( s < k->elf->image || s + len > k->elf->image + k->elf->size )
            k->bad = true;
    }
    return 0;
}

static void check_debian_segments(const struct elf_binary *elf)
{
    const uint64_t kmap = 0xffffffff80000000ULL;  /* __START_KERNEL_map */
    struct elf_segment seg;
    unsigned int i, loads = 0;

    for ( i = 0; i < elf->phnum; i++ )
    {
        if ( !EXPECT_EQ(elf_get_segment(elf, i, &seg), 0) )
            continue;
        if ( seg.type != ELF_PT_LOAD )
            continue;
        loads++;
        printf("  PT_LOAD paddr %#lx vaddr %#lx filesz %#lx memsz %#lx\n",
               seg.paddr, seg.vaddr, seg.filesz, seg.memsz);
        EXPECT(seg.paddr >= (1 << 20) && seg.paddr < (1ULL << 32));
        /* The per-CPU segment links at 0; the others at kmap + paddr. */
        if ( seg.vaddr )
            EXPECT_EQ(seg.vaddr - seg.paddr, kmap);
        EXPECT(seg.memsz >= seg.filesz);
    }
    EXPECT(loads >= 3);
}

static void check_debian_notes(const struct elf_binary *elf)
{
    struct elf_dom_parms p;
    struct kernel_load k = { .elf = elf };

    if ( !EXPECT_EQ(elf_xen_parse(elf, &p), 0) )
        return;
    printf("  Xen notes %#x: %s %s for %s, loader %s\n", p.notes_seen,
           p.guest_os, p.guest_ver, p.xen_ver, p.loader);
    printf("  phys32 entry %#x, entry %#lx, hypercall page %#lx\n",
           p.phys_entry, p.virt_entry, p.virt_hypercall);
    printf("  kernel phys [%#lx, %#lx) virt [%#lx, %#lx)\n",
           p.phys_kstart, p.phys_kend, p.virt_kstart, p.virt_kend);

    EXPECT(elf_has_note(&p, XEN_ELFNOTE_PHYS32_ENTRY));
    EXPECT(p.phys_entry >= p.phys_kstart && p.phys_entry < p.phys_kend);
    EXPECT(!strcmp(p.guest_os, "linux"));
    EXPECT_EQ(p.virt_base, 0xffffffff80000000ULL);
    EXPECT(p.virt_entry >= p.virt_kstart && p.virt_entry < p.virt_kend);
    EXPECT(p.phys_kend - p.phys_kstart < (256 << 20));

    EXPECT_EQ(elf_load(elf, kernel_write, &k), 0);
    /* Debian's vmlinux.bin has its bss inside filesz: nothing to zero. */
    EXPECT(!k.bad && k.copied > (8 << 20));
}

TEST(elf_debian_kernel)
{
    const char *path = du_debian_kernel();
    size_t len, plen, dlen, out_len;
    const void *payload;
    struct elf_binary elf;
    uint8_t *img, *vmlinux;
    double t;

    if ( !EXPECT(path) )
    {
        printf("  no /boot/vmlinuz-*-amd64: install linux-image-amd64\n");
        return;
    }
    img = du_read_file(path, &len);
    if ( !EXPECT(img) ||
         !EXPECT_EQ(bzimage_parse(img, len, &payload, &plen, &dlen), 0) )
        return;
    vmlinux = malloc(dlen);
    t = du_now();
    EXPECT_EQ(bzimage_decompress(img, len, vmlinux, dlen, &out_len), 0);
    t = du_now() - t;
    printf("  %s decompressed in %.2f s\n", path, t);

    if ( EXPECT_EQ(elf_init(&elf, vmlinux, out_len), 0) )
    {
        EXPECT(elf.is64 && elf.machine == ELF_EM_X86_64);
        check_debian_segments(&elf);
        check_debian_notes(&elf);
    }
    free(vmlinux);
    free(img);
}
