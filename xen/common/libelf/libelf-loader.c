/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF header and program/section header access, and loading.  Offsets are
 * those of the System V gABI (ELF32 and ELF64 layouts); every table and
 * range is checked against the image before use.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>

#include "libelf-private.h"

#define EI_CLASS     4
#define EI_DATA      5
#define EI_VERSION   6
#define ELFCLASS32   1
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define PN_XNUM      0xffff
#define SHT_NOBITS   8

#define EHDR32_SIZE  52
#define EHDR64_SIZE  64
#define PHDR32_SIZE  32
#define PHDR64_SIZE  56
#define SHDR32_SIZE  40
#define SHDR64_SIZE  64

/* A table of n entries of entsize bytes (at least min) at off. */
static bool table_ok(const struct elf_binary *elf, uint64_t off,
                     unsigned int n, unsigned int entsize, unsigned int min)
{
    if ( !n )
        return true;
    return entsize >= min &&
           elf_range_ok(elf->size, off, (uint64_t)n * entsize);
}

static void read_ehdr(struct elf_binary *elf)
{
    const uint8_t *h = elf->image;
    /* ELF32 fields after e_entry sit 12 bytes earlier than ELF64's. */
    unsigned int d = elf->is64 ? 0 : 12;

    elf->type = elf_rd16(h + 16);
    elf->machine = elf_rd16(h + 18);
    elf->entry = elf_rdword(elf->is64, h + 24);
    elf->phoff = elf_rdword(elf->is64, h + (elf->is64 ? 32 : 28));
    elf->shoff = elf_rdword(elf->is64, h + (elf->is64 ? 40 : 32));
    elf->phentsize = elf_rd16(h + 54 - d);
    elf->phnum = elf_rd16(h + 56 - d);
    elf->shentsize = elf_rd16(h + 58 - d);
    elf->shnum = elf_rd16(h + 60 - d);
}

int elf_init(struct elf_binary *elf, const void *image, size_t size)
{
    const uint8_t *h = image;

    memset(elf, 0, sizeof(*elf));
    if ( size < EI_VERSION + 1 || memcmp(h, "\177ELF", 4) )
        return -ENOEXEC;
    if ( h[EI_DATA] != ELFDATA2LSB || h[EI_VERSION] != EV_CURRENT ||
         (h[EI_CLASS] != ELFCLASS32 && h[EI_CLASS] != ELFCLASS64) )
        return -EINVAL;

    elf->image = image;
    elf->size = size;
    elf->is64 = h[EI_CLASS] == ELFCLASS64;
    if ( size < (elf->is64 ? EHDR64_SIZE : EHDR32_SIZE) )
        return -EINVAL;
    read_ehdr(elf);

    /* Extended numbering (counts in section 0) is not for kernels. */
    if ( elf->phnum == PN_XNUM ||
         !table_ok(elf, elf->phoff, elf->phnum, elf->phentsize,
                   elf->is64 ? PHDR64_SIZE : PHDR32_SIZE) )
        return -EINVAL;
    /* Section headers are optional: ignore a table that is not there. */
    if ( !elf->shoff ||
         !table_ok(elf, elf->shoff, elf->shnum, elf->shentsize,
                   elf->is64 ? SHDR64_SIZE : SHDR32_SIZE) )
        elf->shnum = 0;

    return 0;
}

static void read_phdr(const struct elf_binary *elf, const uint8_t *p,
                      struct elf_segment *seg)
{
    seg->type = elf_rd32(p);
    if ( elf->is64 )
    {
        seg->flags = elf_rd32(p + 4);
        seg->offset = elf_rd64(p + 8);
        seg->vaddr = elf_rd64(p + 16);
        seg->paddr = elf_rd64(p + 24);
        seg->filesz = elf_rd64(p + 32);
        seg->memsz = elf_rd64(p + 40);
        seg->align = elf_rd64(p + 48);
    }
    else
    {
        seg->offset = elf_rd32(p + 4);
        seg->vaddr = elf_rd32(p + 8);
        seg->paddr = elf_rd32(p + 12);
        seg->filesz = elf_rd32(p + 16);
        seg->memsz = elf_rd32(p + 20);
        seg->flags = elf_rd32(p + 24);
        seg->align = elf_rd32(p + 28);
    }
}

int elf_get_segment(const struct elf_binary *elf, unsigned int idx,
                    struct elf_segment *seg)
{
    if ( idx >= elf->phnum )
        return -EINVAL;
    read_phdr(elf, elf->image + elf->phoff + (uint64_t)idx * elf->phentsize,
              seg);

    if ( !elf_range_ok(elf->size, seg->offset, seg->filesz) ||
         seg->filesz > seg->memsz ||
         seg->paddr + seg->memsz < seg->paddr ||
         seg->vaddr + seg->memsz < seg->vaddr )
        return -EINVAL;
    /* ELF32 addresses must not pass 4 GiB either. */
    if ( !elf->is64 && (seg->paddr + seg->memsz > (1ULL << 32) ||
                        seg->vaddr + seg->memsz > (1ULL << 32)) )
        return -EINVAL;

    return 0;
}

int elf_get_section(const struct elf_binary *elf, unsigned int idx,
                    struct elf_section *sec)
{
    const uint8_t *p;
    bool w = elf->is64;

    if ( idx >= elf->shnum )
        return -EINVAL;
    p = elf->image + elf->shoff + (uint64_t)idx * elf->shentsize;

    sec->name = elf_rd32(p);
    sec->type = elf_rd32(p + 4);
    sec->flags = elf_rdword(w, p + 8);
    sec->addr = elf_rdword(w, p + (w ? 16 : 12));
    sec->offset = elf_rdword(w, p + (w ? 24 : 16));
    sec->size = elf_rdword(w, p + (w ? 32 : 20));
    sec->align = elf_rdword(w, p + (w ? 48 : 32));

    if ( sec->type != SHT_NOBITS &&
         !elf_range_ok(elf->size, sec->offset, sec->size) )
        return -EINVAL;

    return 0;
}

int elf_load_bounds(const struct elf_binary *elf, uint64_t *pstart,
                    uint64_t *pend, uint64_t *vstart, uint64_t *vend)
{
    struct elf_segment seg;
    unsigned int i;
    bool any = false;

    *pstart = *vstart = ~0ULL;
    *pend = *vend = 0;
    for ( i = 0; i < elf->phnum; i++ )
    {
        if ( elf_get_segment(elf, i, &seg) )
            return -EINVAL;
        if ( seg.type != ELF_PT_LOAD || !seg.memsz )
            continue;
        any = true;
        *pstart = min(*pstart, seg.paddr);
        *pend = max(*pend, seg.paddr + seg.memsz);
        *vstart = min(*vstart, seg.vaddr);
        *vend = max(*vend, seg.vaddr + seg.memsz);
    }

    return any ? 0 : -EINVAL;
}

int elf_load(const struct elf_binary *elf, elf_write_fn *write, void *ctx)
{
    struct elf_segment seg;
    unsigned int i;
    int rc;

    for ( i = 0; i < elf->phnum; i++ )
    {
        rc = elf_get_segment(elf, i, &seg);
        if ( rc )
            return rc;
        if ( seg.type != ELF_PT_LOAD )
            continue;
        if ( seg.filesz )
        {
            rc = write(ctx, seg.paddr, elf->image + seg.offset, seg.filesz);
            if ( rc )
                return rc;
        }
        if ( seg.memsz > seg.filesz )
        {
            rc = write(ctx, seg.paddr + seg.filesz, NULL,
                       seg.memsz - seg.filesz);
            if ( rc )
                return rc;
        }
    }

    return 0;
}
