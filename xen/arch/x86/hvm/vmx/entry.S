/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Into and out of a VMX guest.  HOST_RSP is this CPU's struct cpu_info,
 * whose first member is the guest register frame (struct cpu_regs,
 * asm/regs.h), so a VM exit arrives with RSP pointing at the frame and
 * the C code below it uses the stack as usual.  RSP, RIP and RFLAGS of
 * the guest live in the VMCS, not in the frame.
 *
 * Not boot-tested: QEMU's TCG has no VMX.
 */
#include <asm/regs.h>

#define GR_R15  (REGS_R15 + 0)
#define GR_R14  (REGS_R15 + 8)
#define GR_R13  (REGS_R15 + 16)
#define GR_R12  (REGS_R15 + 24)
#define GR_RBP  (REGS_R15 + 32)
#define GR_RBX  (REGS_R15 + 40)
#define GR_R11  (REGS_R15 + 48)
#define GR_R10  (REGS_R15 + 56)
#define GR_R9   (REGS_R15 + 64)
#define GR_R8   (REGS_R15 + 72)
#define GR_RAX  (REGS_RAX + 0)
#define GR_RCX  (REGS_RAX + 8)
#define GR_RDX  (REGS_RAX + 16)
#define GR_RSI  (REGS_RAX + 24)
#define GR_RDI  (REGS_RAX + 32)

        .text
        .code64

/* HOST_RIP.  Interrupts are off (a VM exit clears RFLAGS.IF). */
        .globl vmx_asm_vmexit_handler
        .type vmx_asm_vmexit_handler, @function
vmx_asm_vmexit_handler:
        mov     %rax, GR_RAX(%rsp)
        mov     %rcx, GR_RCX(%rsp)
        mov     %rdx, GR_RDX(%rsp)
        mov     %rbx, GR_RBX(%rsp)
        mov     %rbp, GR_RBP(%rsp)
        mov     %rsi, GR_RSI(%rsp)
        mov     %rdi, GR_RDI(%rsp)
        mov     %r8,  GR_R8(%rsp)
        mov     %r9,  GR_R9(%rsp)
        mov     %r10, GR_R10(%rsp)
        mov     %r11, GR_R11(%rsp)
        mov     %r12, GR_R12(%rsp)
        mov     %r13, GR_R13(%rsp)
        mov     %r14, GR_R14(%rsp)
        mov     %r15, GR_R15(%rsp)
        mov     %rsp, %rdi
        call    vmx_vmexit_handler
        /* Fall through: back into the guest. */
        .size vmx_asm_vmexit_handler, . - vmx_asm_vmexit_handler

/*
 * Entered by reset_stack_and_jump() with RSP at struct cpu_info.
 * vmx_pre_entry() turns interrupts off and returns whether the VMCS has
 * been launched; MOVs leave the flags of that test alone.
 */
        .globl vmx_asm_do_vmentry
        .type vmx_asm_do_vmentry, @function
vmx_asm_do_vmentry:
        call    vmx_pre_entry
        test    %eax, %eax
        mov     GR_RCX(%rsp), %rcx
        mov     GR_RDX(%rsp), %rdx
        mov     GR_RBX(%rsp), %rbx
        mov     GR_RBP(%rsp), %rbp
        mov     GR_RSI(%rsp), %rsi
        mov     GR_RDI(%rsp), %rdi
        mov     GR_R8(%rsp),  %r8
        mov     GR_R9(%rsp),  %r9
        mov     GR_R10(%rsp), %r10
        mov     GR_R11(%rsp), %r11
        mov     GR_R12(%rsp), %r12
        mov     GR_R13(%rsp), %r13
        mov     GR_R14(%rsp), %r14
        mov     GR_R15(%rsp), %r15
        mov     GR_RAX(%rsp), %rax
        jz      .Llaunch
        vmresume
        jmp     .Lfailed
.Llaunch:
        vmlaunch
.Lfailed:
        /* Still here: VMfailValid or VMfailInvalid.  RSP is unchanged. */
        call    vmx_vmentry_failure
        ud2
        .size vmx_asm_do_vmentry, . - vmx_asm_do_vmentry
