/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of a secondary vCPU started by smp_start().  VCPUOP_initialise
 * gave it the boot vCPU's control registers (so its paging), flat
 * segments with null selectors, the stack in %esp/%rsp and its struct
 * smp_boot in %ebx/%rbx.  Load our GDT and real selectors, then C.
 */
#define CS32    0x08
#define DS32    0x10
#define CS64    0x18

        .text
#if defined(ENV_X64)
        .code64
        .globl  smp_ap_entry
smp_ap_entry:
        /* In long mode LGDT takes a 64-bit base: widen head.S's. */
        sub     $16, %rsp
        movzwl  gdt_desc, %eax
        mov     %ax, 6(%rsp)
        mov     gdt_desc + 2, %eax
        mov     %rax, 8(%rsp)
        lgdt    6(%rsp)
        add     $16, %rsp
        pushq   $CS64
        pushq   $1f
        lretq
1:      mov     $DS32, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     %rbx, %rdi
        call    smp_ap_start
        ud2
#else
        .code32
        .globl  smp_ap_entry
smp_ap_entry:
        lgdt    gdt_desc
        ljmp    $CS32, $1f
1:      mov     $DS32, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        push    %ebx
        call    smp_ap_start
        ud2
#endif
