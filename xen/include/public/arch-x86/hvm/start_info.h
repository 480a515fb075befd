/* SPDX-License-Identifier: MIT */
/*
 * What a PVH guest (and an HVM guest started directly) finds at the
 * physical address in %ebx on entry.
 *
 * Layout (all little endian, offsets in bytes):
 *   struct hvm_start_info, 56 bytes (version 1; version 0 ends at 40)
 *      0 magic            XEN_HVM_START_MAGIC_VALUE
 *      4 version          1 today; newer versions only append fields
 *      8 flags            SIF_* (xen.h)
 *     12 nr_modules
 *     16 modlist_paddr    array of struct hvm_modlist_entry
 *     24 cmdline_paddr    NUL-terminated command line
 *     32 rsdp_paddr       ACPI RSDP
 *     40 memmap_paddr     array of struct hvm_memmap_table_entry (v1)
 *     48 memmap_entries   0 if no map is given (v1)
 *     52 reserved         zero (v1)
 *   struct hvm_modlist_entry, 32 bytes: paddr, size, cmdline_paddr,
 *     reserved (all 64 bits).
 *   struct hvm_memmap_table_entry, 24 bytes: addr, size (64 bits), type
 *     (XEN_HVM_MEMMAP_TYPE_*), reserved (32 bits).
 *
 * Nothing is ever placed at physical address 0, so a zero address means
 * "absent".  Xen puts all of this below 4 GiB.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__
#define __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__

/* "xEn3" with bit 7 of the 'E' set. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* Memory map entry types: the ACPI address range types. */
#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

#ifndef __ASSEMBLY__

struct hvm_start_info {
    uint32_t magic;
    uint32_t version;
    uint32_t flags;
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;
    uint64_t rsdp_paddr;
    /* Version 1 and later. */
    uint64_t memmap_paddr;
    uint32_t memmap_entries;
    uint32_t reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__ */
