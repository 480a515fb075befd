/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception entry stubs for vectors 0-31.  Each pushes a zero error code
 * where the CPU pushes none, then its vector, so that trap_handler() sees
 * one frame layout (struct trap_frame in traps.c).
 */
#ifdef __x86_64__
#define PTR .quad
#else
#define PTR .long
#endif

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                    (v) == 21 || (v) == 29 || (v) == 30)

        .text
        .macro  STUB vec
        .balign 16
trap_stub_\vec:
        .if     !HAS_ERR(\vec)
        push    $0
        .endif
        push    $\vec
        jmp     trap_common
        .endm

        .altmacro
        .macro  STUBS from, to
        STUB    \from
        .if     \to - \from
        STUBS   %(\from + 1), \to
        .endif
        .endm

        STUBS   0, 31

trap_common:
#ifdef __x86_64__
        push    %rax
        push    %rcx
        push    %rdx
        push    %rbx
        push    %rbp
        push    %rsi
        push    %rdi
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, %rdi
        call    trap_handler
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rdi
        pop     %rsi
        pop     %rbp
        pop     %rbx
        pop     %rdx
        pop     %rcx
        pop     %rax
        add     $16, %rsp               /* vector and error code */
        iretq
#else
        pusha
        mov     %esp, %eax
        push    %eax
        call    trap_handler
        add     $4, %esp
        popa
        add     $8, %esp
        iret
#endif

        .macro  STUBADDR vec
        PTR     trap_stub_\vec
        .endm
        .macro  STUBADDRS from, to
        STUBADDR \from
        .if     \to - \from
        STUBADDRS %(\from + 1), \to
        .endif
        .endm

        .section .rodata
        .balign 8
        .globl  trap_stubs
trap_stubs:
        STUBADDRS 0, 31
