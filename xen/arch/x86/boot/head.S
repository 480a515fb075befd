/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry from a multiboot1 (QEMU -kernel, GRUB multiboot) or multiboot2
 * (GRUB multiboot2) loader: 32-bit protected mode, paging off, EAX holds
 * the loader's magic and EBX the physical address of its information.
 * We switch to long mode on static boot page tables that map the low
 * 1 GiB three times (identity, direct map, image) and call __start_xen().
 */
#include <asm/config.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/msr-index.h>

#define PA(sym)         ((sym) - XEN_VIRT_START)

#define MB1_MAGIC       0x1badb002
#define MB1_FLAGS       ((1 << 0) | (1 << 1) | (1 << 16))
#define MB2_MAGIC       0xe85250d6

        .section .text.multiboot, "ax", @progbits
        .code32

        .align 4
mb1_header:
        .long   MB1_MAGIC
        .long   MB1_FLAGS
        .long   -(MB1_MAGIC + MB1_FLAGS)
        /* a.out kludge: where the file goes, independent of ELF parsing */
        .long   PA(mb1_header)
        .long   image_start_pa
        .long   data_end_pa
        .long   image_end_pa
        .long   start_pa

        .align 8
mb2_header:
        .long   MB2_MAGIC
        .long   0                               /* i386 */
        .long   mb2_header_end - mb2_header
        .long   -(MB2_MAGIC + (mb2_header_end - mb2_header))
        /* address tag: load the file image verbatim, as for multiboot1 */
        .short  2, 0
        .long   24
        .long   PA(mb2_header)
        .long   image_start_pa
        .long   data_end_pa
        .long   image_end_pa
        /* entry address tag */
        .short  3, 0
        .long   12
        .long   start_pa
        .long   0                               /* pad to 8 bytes */
        /* end tag */
        .short  0, 0
        .long   8
mb2_header_end:

        .section .text.boot, "ax", @progbits
        .code32
        .globl start
start:
        cli
        cld
        movl    %eax, PA(boot_mb_magic)
        movl    %ebx, PA(boot_mb_info)
        lgdt    PA(boot_gdtr)
        ljmp    $HYPERVISOR_CS32, $PA(1f)
1:      movl    $HYPERVISOR_DS, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    $PA(cpu0_stack) + STACK_SIZE, %esp

        /* Long mode is required; say so on COM1 if it is missing. */
        movl    $0x80000000, %eax
        cpuid
        cmpl    $0x80000001, %eax
        jb      no_long_mode
        movl    $0x80000001, %eax
        cpuid
        btl     $29, %edx
        jnc     no_long_mode
        movl    %edx, %ebp              /* bit 20: NX */

        movl    $PA(idle_pg_table), %eax
        movl    %eax, %cr3
        /*
         * Entered by the BSP and, from the AP trampoline (with CR3 and
         * EBP set the same way), by the other CPUs.
         */
        .globl  enter_long_mode
enter_long_mode:
        movl    %cr4, %eax
        orl     $(X86_CR4_PAE | X86_CR4_PGE), %eax
        movl    %eax, %cr4
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $EFER_LME, %eax
        btl     $20, %ebp
        jnc     2f
        orl     $EFER_NXE, %eax
2:      wrmsr
        movl    $(X86_CR0_PG | X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | \
                  X86_CR0_NE | X86_CR0_WP | X86_CR0_AM), %eax
        movl    %eax, %cr0
        ljmp    $HYPERVISOR_CS, $PA(start64)

/* APs from the trampoline: flat 32-bit protected mode, no stack yet. */
        .globl ap_entry32
ap_entry32:
        movl    $HYPERVISOR_DS, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    $0x80000001, %eax
        cpuid
        movl    %edx, %ebp
        movl    $PA(idle_pg_table), %eax
        movl    %eax, %cr3
        jmp     enter_long_mode

no_long_mode:
        movl    $PA(no_lm_msg), %esi
        movw    $0x3f8, %dx
3:      lodsb
        testb   %al, %al
        jz      4f
        outb    %al, %dx
        jmp     3b
4:      hlt
        jmp     4b

        .code64
start64:
        movabsq $high_start, %rax
        jmp     *%rax

high_start:
        xorl    %eax, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %fs
        movl    %eax, %gs
        movl    $HYPERVISOR_DS, %eax
        movl    %eax, %ss
        /* An AP arrives with its stack pointer in ap_boot_stack. */
        movq    ap_boot_stack(%rip), %rsp
        testq   %rsp, %rsp
        jnz     ap_start
        movabsq $cpu0_stack + STACK_SIZE - CPUINFO_SIZE, %rsp
        movabsq $boot_gdtr_high, %rax
        lgdt    (%rax)
        movl    boot_mb_magic(%rip), %edi
        movl    boot_mb_info(%rip), %esi
        call    __start_xen
        ud2

ap_start:
        movq    $0, ap_boot_stack(%rip)
        call    start_secondary
        ud2

        .section .data.boot, "aw", @progbits
        .align 8
boot_mb_magic:  .long 0
boot_mb_info:   .long 0
        .globl ap_boot_stack
ap_boot_stack:  .quad 0

        .align 16
        .globl boot_gdt
boot_gdt:
        .quad   0
        .quad   0x00af9b000000ffff      /* 0x08: 64-bit code, DPL0 */
        .quad   0x00cf93000000ffff      /* 0x10: data, DPL0 */
        .quad   0x00cf9b000000ffff      /* 0x18: 32-bit code, DPL0 */
boot_gdt_end:
        .short  0
boot_gdtr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   PA(boot_gdt)
        .align 8
        .short  0, 0, 0
boot_gdtr_high:
        .short  boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

no_lm_msg:
        .asciz  "ERROR: this CPU has no long mode; the hypervisor needs x86-64.\r\n"

/*
 * Boot page tables.  l2_boot maps physical 0-1 GiB with 2 MiB pages; it is
 * reached from the identity slot, the direct-map slot and the image slot.
 * setup code replaces the direct map with one covering all RAM.
 */
        .section .data.page_aligned, "aw", @progbits
        .align  PAGE_SIZE
        .globl idle_pg_table
idle_pg_table:
        .quad   PA(l3_ident) + 0x3              /* [0] identity */
        .fill   l4_table_offset(DIRECTMAP_VIRT_START) - 1, 8, 0
        .quad   PA(l3_ident) + 0x3              /* direct map */
        .fill   511 - l4_table_offset(DIRECTMAP_VIRT_START) - 1, 8, 0
        .quad   PA(l3_xen) + 0x3                /* [511] image */

        .align  PAGE_SIZE
l3_ident:
        .quad   PA(l2_boot) + 0x3
        .fill   511, 8, 0

        .align  PAGE_SIZE
l3_xen:
        .fill   510, 8, 0
        .quad   PA(l2_boot) + 0x3
        .quad   0

        .align  PAGE_SIZE
        .globl l2_boot
l2_boot:
        .set    i, 0
        .rept   512
        .quad   (i << 21) + 0x1e3               /* P RW A D PSE G */
        .set    i, i + 1
        .endr

        /* Aligned to STACK_SIZE by the linker script, not here: a 32 KiB
         * section alignment would push the multiboot headers too far
         * into the file. */
        .section .bss.stack_aligned, "aw", @nobits
        .align  PAGE_SIZE
        .globl  cpu0_stack
cpu0_stack:
        .skip   STACK_SIZE
