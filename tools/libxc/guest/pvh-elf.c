/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The kernel ELF (32- or 64-bit, little-endian x86): its PT_LOAD segments
 * by physical address and the PVH entry point from the Xen ELF notes
 * (XEN_ELFNOTE_PHYS32_ENTRY).  The file is untrusted: every offset and size
 * is checked against the file and every address against 4 GiB.
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <xen/elfnote.h>
#include "pvh-private.h"

/* One program header, whatever the class. */
struct phdr {
    uint32_t type;
    uint64_t offset, paddr, filesz, memsz;
};

static int fail(char *why, size_t whylen, const char *msg)
{
    snprintf(why, whylen, "kernel ELF: %s", msg);
    errno = ENOEXEC;
    return -1;
}

/* Bytes [off, off + len) lie inside a file of size total. */
static bool inside(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

static void read_phdr(const struct pvh_kernel *k, bool is64, uint64_t i,
                      uint64_t phoff, uint64_t phentsize, struct phdr *p)
{
    const uint8_t *raw = k->elf + phoff + i * phentsize;

    if ( is64 )
    {
        Elf64_Phdr h;

        memcpy(&h, raw, sizeof(h));
        *p = (struct phdr){ h.p_type, h.p_offset, h.p_paddr, h.p_filesz,
                            h.p_memsz };
    }
    else
    {
        Elf32_Phdr h;

        memcpy(&h, raw, sizeof(h));
        *p = (struct phdr){ h.p_type, h.p_offset, h.p_paddr, h.p_filesz,
                            h.p_memsz };
    }
}

/* The PHYS32_ENTRY note in one PT_NOTE segment, if there. */
static bool find_entry(const uint8_t *n, uint64_t len, uint32_t *entry)
{
    while ( len >= 12 )
    {
        uint32_t namesz, descsz, type;
        uint64_t name_room, desc_room;

        memcpy(&namesz, n, 4);
        memcpy(&descsz, n + 4, 4);
        memcpy(&type, n + 8, 4);
        name_room = ((uint64_t)namesz + 3) & ~3ULL;
        desc_room = ((uint64_t)descsz + 3) & ~3ULL;
        if ( name_room + desc_room > len - 12 )
            return false;
        if ( namesz == 4 && !memcmp(n + 12, "Xen", 4) &&
             type == XEN_ELFNOTE_PHYS32_ENTRY &&
             (descsz == 4 || descsz == 8) )
        {
            uint64_t v = 0;

            memcpy(&v, n + 12 + name_room, descsz);
            if ( v >= PVH_4G )
                return false;
            *entry = v;
            return true;
        }
        n += 12 + name_room + desc_room;
        len -= 12 + name_room + desc_room;
    }
    return false;
}

/* A loadable segment: inside the file, below 4 GiB, no overlap. */
static int add_segment(struct pvh_kernel *k, const struct phdr *p,
                       char *why, size_t whylen)
{
    unsigned int i;

    if ( !inside(p->offset, p->filesz, k->elf_len) )
        return fail(why, whylen, "a segment lies outside the file");
    if ( p->filesz > p->memsz || p->memsz > PVH_4G ||
         p->paddr >= PVH_4G || p->memsz > PVH_4G - p->paddr )
        return fail(why, whylen, "a segment lies outside the low 4 GiB");
    for ( i = 0; i < k->nr_segs; i++ )
        if ( p->paddr < k->segs[i].paddr + k->segs[i].memsz &&
             k->segs[i].paddr < p->paddr + p->memsz )
            return fail(why, whylen, "two segments overlap");
    if ( k->nr_segs == PVH_MAX_SEGMENTS )
        return fail(why, whylen, "too many segments");
    k->segs[k->nr_segs++] = (struct pvh_segment){
        .paddr = p->paddr, .filesz = p->filesz, .memsz = p->memsz,
        .offset = p->offset,
    };
    return 0;
}

/* The header's class and where its program headers are. */
static int read_ehdr(const struct pvh_kernel *k, bool *is64,
                     uint64_t *phoff, uint64_t *phentsize, uint64_t *phnum,
                     char *why, size_t whylen)
{
    const uint8_t *e = k->elf;

    if ( k->elf_len < EI_NIDENT || memcmp(e, ELFMAG, SELFMAG) )
        return fail(why, whylen, "not an ELF file");
    if ( e[EI_DATA] != ELFDATA2LSB ||
         (e[EI_CLASS] != ELFCLASS32 && e[EI_CLASS] != ELFCLASS64) )
        return fail(why, whylen, "not a little-endian ELF32/ELF64 file");
    *is64 = e[EI_CLASS] == ELFCLASS64;
    if ( k->elf_len < (*is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)) )
        return fail(why, whylen, "truncated ELF header");
    if ( *is64 )
    {
        Elf64_Ehdr h;

        memcpy(&h, e, sizeof(h));
        *phoff = h.e_phoff;
        *phentsize = h.e_phentsize;
        *phnum = h.e_phnum;
    }
    else
    {
        Elf32_Ehdr h;

        memcpy(&h, e, sizeof(h));
        *phoff = h.e_phoff;
        *phentsize = h.e_phentsize;
        *phnum = h.e_phnum;
    }
    if ( *phentsize < (*is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) ||
         !*phnum || !inside(*phoff, *phnum * *phentsize, k->elf_len) )
        return fail(why, whylen, "bad or truncated program headers");
    return 0;
}

int pvh_elf_parse(struct pvh_kernel *k, char *why, size_t whylen)
{
    uint64_t phoff, phentsize, phnum, i;
    bool is64, found = false;
    struct phdr p;

    k->nr_segs = 0;
    if ( read_ehdr(k, &is64, &phoff, &phentsize, &phnum, why, whylen) )
        return -1;
    k->start = UINT64_MAX;
    k->end = 0;
    for ( i = 0; i < phnum; i++ )
    {
        read_phdr(k, is64, i, phoff, phentsize, &p);
        if ( p.type == PT_NOTE && inside(p.offset, p.filesz, k->elf_len) &&
             !found )
            found = find_entry(k->elf + p.offset, p.filesz, &k->entry);
        if ( p.type != PT_LOAD || !p.memsz )
            continue;
        if ( add_segment(k, &p, why, whylen) )
            return -1;
        if ( p.paddr < k->start )
            k->start = p.paddr;
        if ( p.paddr + p.memsz > k->end )
            k->end = p.paddr + p.memsz;
    }
    if ( !k->nr_segs )
        return fail(why, whylen, "no loadable segment");
    if ( !found )
        return fail(why, whylen, "no XEN_ELFNOTE_PHYS32_ENTRY note "
                    "(not a PVH kernel)");
    if ( k->entry < k->start || k->entry >= k->end )
        return fail(why, whylen, "the PVH entry point is outside the "
                    "loaded segments");
    return 0;
}

int pvh_kernel_load(const struct pvh_kernel *k, pvh_write_fn *write,
                    void *ctx)
{
    unsigned int i;

    for ( i = 0; i < k->nr_segs; i++ )
    {
        const struct pvh_segment *s = &k->segs[i];

        if ( write(ctx, s->paddr, k->elf + s->offset, s->filesz) ||
             write(ctx, s->paddr + s->filesz, NULL, s->memsz - s->filesz) )
            return -1;
    }
    return 0;
}
