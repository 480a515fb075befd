/* SPDX-License-Identifier: GPL-2.0-only */
/* Readers shared by the files of libelf only. */
#ifndef LIBELF_PRIVATE_H
#define LIBELF_PRIVATE_H

#include <xen/types.h>

/* Byte-wise little-endian loads: ELF fields need not be aligned. */
static inline uint16_t elf_rd16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static inline uint32_t elf_rd32(const uint8_t *p)
{
    return elf_rd16(p) | ((uint32_t)elf_rd16(p + 2) << 16);
}

static inline uint64_t elf_rd64(const uint8_t *p)
{
    return elf_rd32(p) | ((uint64_t)elf_rd32(p + 4) << 32);
}

/* A field that is 4 bytes in ELF32 and 8 in ELF64. */
static inline uint64_t elf_rdword(bool is64, const uint8_t *p)
{
    return is64 ? elf_rd64(p) : elf_rd32(p);
}

/* True if [off, off + len) lies inside a buffer of size bytes. */
static inline bool elf_range_ok(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

#endif /* LIBELF_PRIVATE_H */
