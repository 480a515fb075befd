/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Builds the kernels the tests feed the PVH builder: small ELF32/ELF64
 * files with a Xen PHYS32_ENTRY note, and bzImages around a payload
 * compressed by zlib or liblzma (the same libraries the builder decodes
 * with, used here as the encoders).
 */
#include <elf.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "images.h"

#define NOTE_OFF  0x100
#define DATA_OFF  0x200

static void put_note(uint8_t *n, int size, uint64_t entry)
{
    uint32_t hdr[3] = { 4, size, 18 /* XEN_ELFNOTE_PHYS32_ENTRY */ };

    memcpy(n, hdr, sizeof(hdr));
    memcpy(n + 12, "Xen", 4);
    memcpy(n + 16, &entry, size);
}

static void phdr64(uint8_t *p, uint32_t type, uint64_t off, uint64_t paddr,
                   uint64_t filesz, uint64_t memsz)
{
    Elf64_Phdr h = {
        .p_type = type, .p_offset = off, .p_vaddr = paddr | (0xffffULL << 48),
        .p_paddr = paddr, .p_filesz = filesz, .p_memsz = memsz,
        .p_flags = PF_R | PF_X, .p_align = 0x1000,
    };

    memcpy(p, &h, sizeof(h));
}

static void phdr32(uint8_t *p, uint32_t type, uint64_t off, uint64_t paddr,
                   uint64_t filesz, uint64_t memsz)
{
    Elf32_Phdr h = {
        .p_type = type, .p_offset = off, .p_vaddr = paddr, .p_paddr = paddr,
        .p_filesz = filesz, .p_memsz = memsz, .p_flags = PF_R | PF_X,
        .p_align = 0x1000,
    };

    memcpy(p, &h, sizeof(h));
}

static void ehdr(uint8_t *e, int is64, unsigned int phnum)
{
    memcpy(e, ELFMAG, SELFMAG);
    e[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
    e[EI_DATA] = ELFDATA2LSB;
    e[EI_VERSION] = EV_CURRENT;
    if ( is64 )
    {
        Elf64_Ehdr h;

        memcpy(&h, e, EI_NIDENT);
        h.e_type = ET_EXEC;
        h.e_machine = EM_X86_64;
        h.e_version = EV_CURRENT;
        h.e_phoff = sizeof(h);
        h.e_ehsize = sizeof(h);
        h.e_phentsize = sizeof(Elf64_Phdr);
        h.e_phnum = phnum;
        memcpy(e, &h, sizeof(h));
    }
    else
    {
        Elf32_Ehdr h;

        memcpy(&h, e, EI_NIDENT);
        h.e_type = ET_EXEC;
        h.e_machine = EM_386;
        h.e_version = EV_CURRENT;
        h.e_phoff = sizeof(h);
        h.e_ehsize = sizeof(h);
        h.e_phentsize = sizeof(Elf32_Phdr);
        h.e_phnum = phnum;
        memcpy(e, &h, sizeof(h));
    }
}

uint8_t *make_elf(const struct elf_spec *s, size_t *len)
{
    unsigned int phnum = s->nr_load + (s->note_size ? 1 : 0), i;
    size_t phsz = s->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    size_t phoff = s->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    uint8_t *e;

    *len = DATA_OFF + s->nr_load * s->filesz;
    e = calloc(1, *len);
    ehdr(e, s->is64, phnum);
    for ( i = 0; i < s->nr_load; i++ )
    {
        uint8_t *p = e + phoff + i * phsz;
        uint64_t off = DATA_OFF + i * s->filesz;

        (s->is64 ? phdr64 : phdr32)(p, PT_LOAD, off, s->paddr + i * 0x1000,
                                    s->filesz, s->memsz);
        memset(e + off, 0xa0 + i, s->filesz);
    }
    if ( s->note_size )
    {
        (s->is64 ? phdr64 : phdr32)(e + phoff + s->nr_load * phsz, PT_NOTE,
                                    NOTE_OFF, 0, 16 + s->note_size,
                                    16 + s->note_size);
        put_note(e + NOTE_OFF, s->note_size, s->entry);
    }
    return e;
}

uint8_t *make_good_elf(size_t *len)
{
    struct elf_spec s = {
        .is64 = 1, .nr_load = 2, .paddr = 0x1000000, .filesz = 0x800,
        .memsz = 0x1000, .note_size = 8, .entry = 0x1000010,
    };

    return make_elf(&s, len);
}

static uint8_t *gzip(const uint8_t *in, size_t len, size_t *out)
{
    z_stream zs = { 0 };
    size_t room = len + 1024;
    uint8_t *buf = malloc(room);

    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (Bytef *)in;
    zs.avail_in = len;
    zs.next_out = buf;
    zs.avail_out = room;
    deflate(&zs, Z_FINISH);
    *out = zs.total_out;
    deflateEnd(&zs);
    return buf;
}

static uint8_t *xz_or_lzma(const uint8_t *in, size_t len, int xz,
                           size_t *out)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    lzma_options_lzma opt;
    size_t room = len + 4096;
    uint8_t *buf = malloc(room);

    lzma_lzma_preset(&opt, 6);
    if ( (xz ? lzma_easy_encoder(&ls, 6, LZMA_CHECK_CRC32)
             : lzma_alone_encoder(&ls, &opt)) != LZMA_OK )
        abort();
    ls.next_in = in;
    ls.avail_in = len;
    ls.next_out = buf;
    ls.avail_out = room;
    while ( lzma_code(&ls, LZMA_FINISH) == LZMA_OK )
        ;
    *out = ls.total_out;
    lzma_end(&ls);
    return buf;
}

#define SETUP_SECTS 3
#define PM_START    ((SETUP_SECTS + 1) * 512)
#define PAYLOAD_AT  0x40               /* from the protected-mode start */

uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                      enum payload_fmt fmt, size_t *len)
{
    size_t clen = plen;
    uint8_t *c = NULL, *img;
    uint32_t v;

    if ( fmt == PAYLOAD_GZIP )
        c = gzip(payload, plen, &clen);
    else if ( fmt == PAYLOAD_XZ || fmt == PAYLOAD_LZMA )
        c = xz_or_lzma(payload, plen, fmt == PAYLOAD_XZ, &clen);
    /* Linux appends the decompressed size after the payload. */
    *len = PM_START + PAYLOAD_AT + clen + 4;
    img = calloc(1, *len);
    img[0x1f1] = SETUP_SECTS;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x0f;
    img[0x207] = 0x02;                 /* protocol 2.15 */
    v = PAYLOAD_AT;
    memcpy(img + 0x248, &v, 4);
    v = clen + 4;
    memcpy(img + 0x24c, &v, 4);
    memcpy(img + PM_START + PAYLOAD_AT, c ? c : payload, clen);
    v = plen;
    memcpy(img + PM_START + PAYLOAD_AT + clen, &v, 4);
    free(c);
    return img;
}

size_t bzimage_payload_offset(const uint8_t *img)
{
    uint32_t off;

    memcpy(&off, img + 0x248, 4);
    return ((img[0x1f1] ? img[0x1f1] : 4) + 1) * 512 + off;
}
