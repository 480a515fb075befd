/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual address layout of the hypervisor (x86-64, 4-level paging).
 *
 *  0xffff830000000000  direct map of all RAM (and MMIO mapped on demand),
 *                      1 TiB: __va(pa) == DIRECTMAP_VIRT_START + pa
 *  0xffffffff80000000  the hypervisor image (-mcmodel=kernel), physical
 *                      address 0 maps here, the image is loaded at 2 MiB
 *
 * The low half is unused by the hypervisor after boot (the identity map
 * that long-mode entry and the AP trampoline need is removed once every
 * CPU is up), so stray low-address accesses fault.
 */
#ifndef X86_CONFIG_H
#define X86_CONFIG_H

/* Constants usable from C, assembly and the linker script alike. */
#ifdef __ASSEMBLY__
#define _AC(x, y)             x
#else
#define _AC(x, y)             x ## y
#endif

#define XEN_VIRT_START        0xffffffff80000000
#define XEN_LOAD_ADDR         0x200000
#define DIRECTMAP_VIRT_START  0xffff830000000000
#define DIRECTMAP_SIZE        (_AC(1, UL) << 40)

#define PAGE_SHIFT            12
#define PAGE_SIZE             (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK             (~(PAGE_SIZE - 1))

/*
 * Each CPU's stack block: STACK_ORDER pages, aligned to their size.
 * Pages 1-3 hold the IST stacks (double fault, NMI, machine check); the
 * top four pages the primary stack, with struct cpu_info at its very top
 * so any stack pointer in the block finds it.
 */
#define STACK_ORDER           3
#define STACK_SIZE            (PAGE_SIZE << STACK_ORDER)
#define IST_DF                1
#define IST_NMI               2
#define IST_MCE               3

/* Selectors of the hypervisor's GDT (same on every CPU). */
#define HYPERVISOR_CS         0x08
#define HYPERVISOR_DS         0x10
#define HYPERVISOR_CS32       0x18
#define TSS_SELECTOR          0x20
#define GDT_ENTRIES           6

/* sizeof(struct cpu_info), checked at build time in smp.c. */
#define CPUINFO_SIZE          256

#endif /* X86_CONFIG_H */
