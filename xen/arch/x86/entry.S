/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry.  Every vector has a stub that makes the
 * stack look the same (a zero error code where the CPU pushes none, the
 * vector number beside it), then common code saves the general registers
 * as struct cpu_regs and calls do_trap() or do_irq() with a pointer to it.
 */
#include <asm/config.h>
#include <asm/regs.h>

        .macro SAVE_ALL
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        .endm

        .macro RESTORE_ALL
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        .endm

        .text
common_trap:
        SAVE_ALL
        cld
        movq    %rsp, %rdi
        /* Vectors 0-31 are exceptions, the rest interrupts. */
        cmpl    $32, REGS_ERRCODE + 4(%rsp)
        jae     1f
        call    do_trap
        jmp     2f
1:      call    do_irq
2:      RESTORE_ALL
        addq    $8, %rsp                /* error code and vector */
        iretq

/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                        (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

        .align 16
        .globl entry_stubs
entry_stubs:
        .set    vec, 0
        .rept   256
        .align  16
        .if     HAS_ERRCODE(vec)
        movl    $vec, 4(%rsp)
        .else
        pushq   $0
        movl    $vec, 4(%rsp)
        .endif
        jmp     common_trap
        .set    vec, vec + 1
        .endr
