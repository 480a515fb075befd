/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small ELF reader for guest kernels: ELF32 and ELF64 little-endian
 * images, their program headers, and the Xen notes (name "Xen") that tell
 * a domain builder how to start the kernel.
 *
 * The image is untrusted: every header and note is bounds checked with
 * overflow-safe arithmetic before it is read, nothing outside
 * image[0..size) is ever touched, and malformed input yields -EINVAL.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <xen/types.h>
#include <public/elfnote.h>

/* The few gABI constants callers need: segment, section, machine. */
#define ELF_PT_LOAD   1
#define ELF_PT_NOTE   4
#define ELF_SHT_NOTE  7
#define ELF_EM_386    3
#define ELF_EM_X86_64 62

/* Filled by elf_init(); read-only afterwards. */
struct elf_binary {
    const uint8_t *image;
    size_t size;
    bool is64;
    uint16_t type, machine;
    uint64_t entry;
    uint64_t phoff, shoff;
    unsigned int phnum, phentsize;
    unsigned int shnum, shentsize;
};

/* One program header, widened to 64 bits. */
struct elf_segment {
    uint32_t type, flags;
    uint64_t offset, filesz, memsz;
    uint64_t paddr, vaddr, align;
};

/* One section header, widened to 64 bits. */
struct elf_section {
    uint32_t name, type;
    uint64_t flags, addr, offset, size, align;
};

/*
 * Checks the ELF header and that the program and section header tables
 * lie inside the image.  Returns 0, -ENOEXEC if the image is not ELF, or
 * -EINVAL if it is ELF but malformed or not little-endian.
 */
int elf_init(struct elf_binary *elf, const void *image, size_t size);

/*
 * Program header idx (< elf->phnum).  Returns -EINVAL unless its file
 * range lies inside the image, filesz <= memsz, and the memory ranges
 * do not wrap.
 */
int elf_get_segment(const struct elf_binary *elf, unsigned int idx,
                    struct elf_segment *seg);

/* Section header idx (< elf->shnum); file range checked unless NOBITS. */
int elf_get_section(const struct elf_binary *elf, unsigned int idx,
                    struct elf_section *sec);

/*
 * The physical and virtual ranges covered by the PT_LOAD segments, end
 * exclusive.  -EINVAL if there are none or one is malformed.
 */
int elf_load_bounds(const struct elf_binary *elf, uint64_t *pstart,
                    uint64_t *pend, uint64_t *vstart, uint64_t *vend);

/*
 * Writes len bytes at physical address paddr of the guest: src points
 * into the image, or is NULL for zero fill (the part of memsz past
 * filesz).  Returns 0 or a negative error, which stops the load.
 */
typedef int elf_write_fn(void *ctx, uint64_t paddr, const void *src,
                         size_t len);

/* Copies every PT_LOAD segment to its p_paddr and zeroes its bss. */
int elf_load(const struct elf_binary *elf, elf_write_fn *write, void *ctx);

enum elf_pae_mode {
    ELF_PAE_NO,
    ELF_PAE_YES,
    ELF_PAE_BIMODAL,
};

/* What the Xen notes say; UNSET where a note is absent (see below). */
#define ELF_UNSET_ADDR (~0ULL)

struct elf_dom_parms {
    uint32_t notes_seen;            /* bit n: XEN_ELFNOTE n present */
    char xen_ver[16];
    char guest_os[16];
    char guest_ver[16];
    char loader[16];
    enum elf_pae_mode pae;
    bool bsd_symtab;
    bool suspend_cancel;
    bool mod_start_pfn;
    uint64_t virt_base;             /* 0 if absent */
    uint64_t elf_paddr_offset;      /* virt_base if absent */
    uint64_t virt_entry;            /* e_entry if absent */
    uint64_t virt_hypercall;
    uint64_t virt_hv_start_low;
    uint64_t p2m_base;
    uint64_t l1_mfn_valid_mask, l1_mfn_valid_value;
    uint32_t phys_entry;            /* valid if notes_seen has bit 18 */
    uint32_t f_supported;           /* XENFEAT_* bits, one submap */
    uint32_t f_required;
    /*
     * Physical range of the PT_LOAD segments (end exclusive), and the
     * virtual range it maps to: phys + virt_base - elf_paddr_offset.
     */
    uint64_t phys_kstart, phys_kend;
    uint64_t virt_kstart, virt_kend;
};

/* True if note type n was present. */
static inline bool elf_has_note(const struct elf_dom_parms *p, unsigned int n)
{
    return n < 32 && (p->notes_seen & (1U << n));
}

/*
 * Finds the Xen notes (PT_NOTE segments, else SHT_NOTE sections) and
 * decodes them into parms (note types from public/elfnote.h).  Numeric
 * notes are 1, 2, 4 or 8 bytes, little-endian; strings end at a NUL or at
 * the end of the descriptor (Linux writes FEATURES without a NUL) and are
 * cut to their 16-byte fields.  A kernel without any Xen note is not an
 * error: notes_seen is then 0.  Returns -EINVAL for malformed notes
 * (one running past its segment, a numeric note of odd size, ...) or
 * PT_LOAD segments, or if there is no PT_LOAD segment at all.
 */
int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms);

#endif /* XEN_LIBELF_H */
