/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader told us, copied out of its multiboot1 or multiboot2
 * structures early (they live in memory the heap will reuse).
 */
#ifndef X86_BOOTINFO_H
#define X86_BOOTINFO_H

#include <xen/types.h>

#define MAX_BOOT_MODULES 8
#define BOOT_CMDLINE_LEN 1024

struct boot_module {
    paddr_t start, end;                 /* [start, end) physical */
    char cmdline[256];
    bool moved;                         /* copied high by mm_init() */
};

struct boot_info {
    unsigned int mb_version;            /* 1 or 2 */
    char cmdline[BOOT_CMDLINE_LEN];
    char loader[64];
    unsigned int nr_modules;
    struct boot_module mods[MAX_BOOT_MODULES];
    paddr_t rsdp;                       /* RSDP copy from the loader, or 0 */
};

extern struct boot_info boot_info;

/* Fill boot_info and the raw e820 from the loader's data; panics if bad. */
void multiboot_parse(uint32_t magic, uint32_t info_pa);

#endif /* X86_BOOTINFO_H */
