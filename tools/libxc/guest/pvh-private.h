/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The PVH builder's pure parts (image parsing, guest layout, tables), which
 * work on memory buffers and are tested on the host (tests/tools/libxc),
 * and the constants of the guest layout Xen 4.17's libxl/libxc use.
 * Failures fill a caller's "why" buffer with one line and return -1 with
 * errno set.
 */
#ifndef PVH_PRIVATE_H
#define PVH_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

#define PVH_PAGE_SHIFT 12
#define PVH_PAGE_SIZE  (1ULL << PVH_PAGE_SHIFT)
#define PVH_ROUNDUP(x) (((x) + PVH_PAGE_SIZE - 1) & ~(PVH_PAGE_SIZE - 1))

/* Special pages: the 8 frames below 0xff000 (X86_HVM_END_SPECIAL_REGION). */
#define PVH_SPECIAL_END      0xff000ULL
#define PVH_NR_SPECIAL       8
#define PVH_SPECIAL_PFN(x)   (PVH_SPECIAL_END - PVH_NR_SPECIAL + (x))
#define PVH_SPECIAL_XENSTORE 4
#define PVH_SPECIAL_CONSOLE  7

/* ACPI tables at the bottom of the MMIO hole; the local APIC above. */
#define PVH_ACPI_BASE   0xfc000000ULL
#define PVH_ACPI_MAX    (16 * PVH_PAGE_SIZE)
#define PVH_LAPIC_BASE  0xfee00000ULL
/* Low RAM ends where the hole starts: min(ACPI, LAPIC, special pages). */
#define PVH_MMIO_START  PVH_ACPI_BASE
#define PVH_4G          (1ULL << 32)

/* MADT processor ids are bytes; Xen's HVM_MAX_VCPUS is 128. */
#define PVH_MAX_VCPUS   128
#define PVH_MAX_E820    8
/* Decompressed kernels larger than this are refused. */
#define PVH_MAX_KERNEL  (512ULL << 20)

struct pvh_e820 {
    uint64_t addr, size;
    uint32_t type;                 /* XEN_HVM_MEMMAP_TYPE_* */
};

/* --- kernel images (pvh-kernel.c, pvh-elf.c, pvh-decompress.c) --- */
struct pvh_segment {
    uint64_t paddr, filesz, memsz, offset;
};

#define PVH_MAX_SEGMENTS 16

struct pvh_kernel {
    const uint8_t *elf;            /* the ELF to load */
    size_t elf_len;
    uint8_t *decompressed;         /* owned when the image was compressed */
    char format[32];               /* "ELF", "bzImage (xz)", ... */
    uint32_t entry;                /* XEN_ELFNOTE_PHYS32_ENTRY */
    uint64_t start, end;           /* guest-physical extent of PT_LOAD */
    unsigned int nr_segs;
    struct pvh_segment segs[PVH_MAX_SEGMENTS];
};

/* Finds the kernel in an image (ELF or bzImage) and checks it. */
int pvh_kernel_parse(struct pvh_kernel *k, const uint8_t *img, size_t len,
                     char *why, size_t whylen);
void pvh_kernel_free(struct pvh_kernel *k);
/* The loadable ELF's segments, entry and extent into k (from k->elf). */
int pvh_elf_parse(struct pvh_kernel *k, char *why, size_t whylen);
/* Where pvh_kernel_load puts bytes; src NULL means zeroes.  0 or -1. */
typedef int pvh_write_fn(void *ctx, uint64_t gpa, const void *src,
                         uint64_t len);
/* Writes the segments (their bss zeroed) through write. */
int pvh_kernel_load(const struct pvh_kernel *k, pvh_write_fn *write,
                    void *ctx);

/*
 * Decompresses a gzip, xz or lzma stream (by its magic) into a new buffer
 * of at most max bytes.  *fmt names the format found.
 */
int pvh_decompress(const uint8_t *in, size_t len, size_t max,
                   uint8_t **out, size_t *outlen, const char **fmt,
                   char *why, size_t whylen);

/* --- ACPI tables (pvh-acpi.c, pvh-aml.c) --- */
struct pvh_acpi {
    uint8_t *buf;                  /* tables as the guest sees them */
    size_t size;
    uint64_t base;                 /* guest-physical address of buf */
    uint64_t rsdp;                 /* guest-physical address of the RSDP */
};

/* Tables for max_vcpus processors, the first nr_online enabled. */
int pvh_acpi_build(struct pvh_acpi *acpi, uint64_t base,
                   unsigned int max_vcpus, unsigned int nr_online,
                   char *why, size_t whylen);
void pvh_acpi_free(struct pvh_acpi *acpi);
/* The DSDT's AML body: Scope(\_SB) with one Processor per vCPU. */
size_t pvh_aml_processors(uint8_t *out, size_t room, unsigned int nr);

/* --- guest layout and start info (pvh-layout.c) --- */
struct pvh_layout {
    uint64_t lowmem_end;           /* RAM [0, lowmem_end) */
    uint64_t highmem_end;          /* RAM [4G, highmem_end), 0: none */
    uint64_t kernel_start, kernel_end;
    uint64_t ramdisk_gpa, ramdisk_size;
    uint64_t start_info_gpa, start_info_size;
    uint64_t acpi_gpa, acpi_size, rsdp_gpa;
    uint64_t store_gfn, console_gfn;
    unsigned int nr_e820;
    struct pvh_e820 e820[PVH_MAX_E820];
};

int pvh_layout_compute(struct pvh_layout *l, uint64_t memory_kib,
                       const struct pvh_kernel *k, uint64_t ramdisk_size,
                       size_t cmdline_len, const struct pvh_acpi *acpi,
                       char *why, size_t whylen);
/* hvm_start_info v1, modlist, command line, memmap: start_info_size. */
void pvh_start_info_build(const struct pvh_layout *l, const char *cmdline,
                          uint8_t *buf);

#pragma GCC visibility pop

#endif /* PVH_PRIVATE_H */
