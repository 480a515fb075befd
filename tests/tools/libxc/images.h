/* SPDX-License-Identifier: GPL-2.0-only */
/* Synthetic kernel images for the builder's tests (images.c). */
#ifndef LIBXC_TEST_IMAGES_H
#define LIBXC_TEST_IMAGES_H

#include <stddef.h>
#include <stdint.h>

/* A little ELF: what to put in it. */
struct elf_spec {
    int is64;
    unsigned int nr_load;            /* PT_LOAD segments, 0x1000 apart */
    uint64_t paddr;                  /* of the first one */
    uint64_t filesz, memsz;          /* of each one */
    int note_size;                   /* 0 (none), 4 or 8 */
    uint64_t entry;                  /* the PHYS32_ENTRY value */
};

/* A fresh ELF (free() it) of *len bytes. */
uint8_t *make_elf(const struct elf_spec *s, size_t *len);
/* The usual good one: ELF64, two segments at 16 MiB, entry in the first. */
uint8_t *make_good_elf(size_t *len);

enum payload_fmt { PAYLOAD_GZIP, PAYLOAD_XZ, PAYLOAD_LZMA, PAYLOAD_RAW };
/* payload compressed with fmt (RAW: as is) inside a bzImage. */
uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                      enum payload_fmt fmt, size_t *len);
/* The offset of a bzImage's payload (to corrupt it). */
size_t bzimage_payload_offset(const uint8_t *img);

#endif /* LIBXC_TEST_IMAGES_H */
