/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_MM_H
#define X86_MM_H

#include <xen/types.h>
#include <asm/page.h>

extern pte_t idle_pg_table[PAGETABLE_ENTRIES];

/*
 * Boot-time memory set-up, in order: reserve what the hypervisor image
 * and the boot modules occupy, map all RAM in the direct map, build the
 * frame table and hand every remaining RAM frame to the buddy allocator.
 */
void mm_init(void);

/* Bump allocator for boot (before the heap): zeroed pages below limit. */
void *boot_alloc_pages(unsigned long nr, paddr_t limit);

/* Drop the low identity map once no CPU needs it any more. */
void mm_drop_identity_map(void);

#endif /* X86_MM_H */
