/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PVH entry of the guest test kernels.
 *
 * We are entered at pvh_start (announced by the XEN_ELFNOTE_PHYS32_ENTRY
 * note) in 32-bit protected mode with paging off, interrupts off, flat
 * segments and %ebx holding the physical address of struct hvm_start_info.
 * Nothing else is promised: no stack, and the GDT may be gone, so load our
 * own first.  Then enter the build's environment (ENV_*): long mode with
 * identity page tables, or 32-bit with paging off, 4 MiB PSE pages or PAE.
 */
#include <public/elfnote.h>

#define CS32    0x08
#define DS32    0x10
#define CS64    0x18

#define CR0_PG  0x80000000
#define CR0_WP  0x00010000
#define CR4_PSE 0x00000010
#define CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100

#define PTE_P   0x001
#define PTE_RW  0x002
#define PTE_PS  0x080

        .section .note.Xen, "a"
        .balign 4
        .long   4                       /* name size */
        .long   4                       /* descriptor size */
        .long   XEN_ELFNOTE_PHYS32_ENTRY
        .asciz  "Xen"
        .long   pvh_start

        .section .text.head, "ax"
        .code32
        .globl  pvh_start
pvh_start:
        cli
        cld
        mov     %ebx, %esi              /* keep start_info across setup */
        lgdt    gdt_desc
        ljmp    $CS32, $1f
1:      mov     $DS32, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs

        /* Our loader should have zeroed .bss, but do not rely on it. */
        mov     $__bss_start, %edi
        mov     $__bss_end, %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb
        mov     $stack_top, %esp

#if defined(ENV_X64) || defined(ENV_X32PAE)
        /* 2048 2 MiB pages: the first 4 GiB, identity mapped. */
        mov     $pt_pd, %edi
        xor     %ecx, %ecx
2:      mov     %ecx, %eax
        shl     $21, %eax
        or      $(PTE_P | PTE_RW | PTE_PS), %eax
        mov     %eax, (%edi, %ecx, 8)   /* high half stays 0 */
        inc     %ecx
        cmp     $2048, %ecx
        jb      2b
#endif

#if defined(ENV_X64)
        /* PDPT entries 0-3 point at the four page directories. */
        mov     $pt_pdpt, %edi
        mov     $pt_pd + (PTE_P | PTE_RW), %eax
        xor     %ecx, %ecx
3:      mov     %eax, (%edi, %ecx, 8)
        add     $4096, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      3b
        movl    $pt_pdpt + (PTE_P | PTE_RW), pt_pml4

        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $pt_pml4, %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr
        mov     %cr0, %eax
        or      $(CR0_PG | CR0_WP), %eax
        mov     %eax, %cr0
        ljmp    $CS64, $start64

        .code64
start64:
        mov     $stack_top, %rsp
        mov     %esi, %edi
        call    guest_start
        ud2
#else
#if defined(ENV_X32PAE)
        /* PAE PDPTEs take only the present bit. */
        mov     $pt_pdpt, %edi
        mov     $pt_pd + PTE_P, %eax
        xor     %ecx, %ecx
3:      mov     %eax, (%edi, %ecx, 8)
        add     $4096, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      3b

        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $pt_pdpt, %eax
        mov     %eax, %cr3
        mov     %cr0, %eax
        or      $(CR0_PG | CR0_WP), %eax
        mov     %eax, %cr0
#elif defined(ENV_X32PSE)
        /* 1024 4 MiB pages: the whole 32-bit space, identity mapped. */
        mov     $pt_pd, %edi
        xor     %ecx, %ecx
2:      mov     %ecx, %eax
        shl     $22, %eax
        or      $(PTE_P | PTE_RW | PTE_PS), %eax
        mov     %eax, (%edi, %ecx, 4)
        inc     %ecx
        cmp     $1024, %ecx
        jb      2b

        mov     %cr4, %eax
        or      $CR4_PSE, %eax
        mov     %eax, %cr4
        mov     $pt_pd, %eax
        mov     %eax, %cr3
        mov     %cr0, %eax
        or      $(CR0_PG | CR0_WP), %eax
        mov     %eax, %cr0
#endif
        push    %esi
        call    guest_start
        ud2
#endif

        .section .rodata
        .balign 8
gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* CS32: flat 32-bit code */
        .quad   0x00cf92000000ffff      /* DS32: flat data */
        .quad   0x00af9a000000ffff      /* CS64: 64-bit code */
gdt_end:
        .globl  gdt_desc
gdt_desc:
        .word   gdt_end - gdt - 1
        .long   gdt

        .section .bss
        .balign 4096
        .globl  pt_pd
pt_pd:
#if defined(ENV_X64) || defined(ENV_X32PAE)
        .skip   4 * 4096
#else
        .skip   4096
#endif
pt_pdpt:
        .skip   4096
pt_pml4:
        .skip   4096
stack:
        .skip   16384
stack_top:
