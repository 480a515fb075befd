/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMRUN loop.  The stack holds nothing but struct cpu_info, whose
 * first member is the guest's register frame (struct cpu_regs), so
 * %rsp points at the guest registers throughout.
 *
 * svm_vmenter_prepare() returns with GIF clear and interrupts enabled:
 * an interrupt arriving from then on stays pending and makes the guest
 * exit at once.  VMLOAD/VMSAVE move the state VMRUN leaves alone (FS, GS,
 * TR, LDTR, syscall MSRs) between the guest's VMCB and the CPU; the
 * hypervisor's own copy is reloaded from the per-CPU host VMCB.
 * AMD APM vol. 2, 15.5 "VMRUN Instruction", 15.17 "Global Interrupt Flag".
 */
#include <asm/config.h>
#include <asm/regs.h>

#define R(reg)  REGS_##reg(%rsp)

        .text
        .globl svm_asm_do_resume
svm_asm_do_resume:
        movq    %rsp, %rdi
        call    svm_vmenter_prepare     /* returns VMCB pa in %rax */

        movq    0(%rsp), %r15
        movq    8(%rsp), %r14
        movq    16(%rsp), %r13
        movq    24(%rsp), %r12
        movq    32(%rsp), %rbp
        movq    40(%rsp), %rbx
        movq    48(%rsp), %r11
        movq    56(%rsp), %r10
        movq    64(%rsp), %r9
        movq    72(%rsp), %r8
        /* 80: rax lives in the VMCB */
        movq    88(%rsp), %rcx
        movq    96(%rsp), %rdx
        movq    104(%rsp), %rsi
        movq    112(%rsp), %rdi

        vmload
        vmrun
        .globl svm_vmrun_return
svm_vmrun_return:                       /* the host's RIP in VM_HSAVE_PA */
        vmsave

        movq    %r15, 0(%rsp)
        movq    %r14, 8(%rsp)
        movq    %r13, 16(%rsp)
        movq    %r12, 24(%rsp)
        movq    %rbp, 32(%rsp)
        movq    %rbx, 40(%rsp)
        movq    %r11, 48(%rsp)
        movq    %r10, 56(%rsp)
        movq    %r9, 64(%rsp)
        movq    %r8, 72(%rsp)
        movq    %rcx, 88(%rsp)
        movq    %rdx, 96(%rsp)
        movq    %rsi, 104(%rsp)
        movq    %rdi, 112(%rsp)

        /* The hypervisor's TR, FS, GS and friends back. */
        movq    %rsp, %rdi
        call    svm_host_vmcb_of_this_cpu
        vmload
        stgi

        movq    %rsp, %rdi
        call    svm_vmexit_handler
        jmp     svm_asm_do_resume
