/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame pushed on hypervisor entry (exceptions, interrupts)
 * and the frame holding a guest vCPU's general registers across VM exits.
 * The order matches the pushes in entry.S; change both together.
 */
#ifndef X86_REGS_H
#define X86_REGS_H

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    /* Pushed by the CPU on an exception or interrupt. */
    uint64_t rip, cs, rflags, rsp, ss;
};

#define guest_mode(r) (((r)->cs & 3) != 0)

#endif

#define REGS_R15     0
#define REGS_RAX     80
#define REGS_ERRCODE 120
#define REGS_RIP     128
#define REGS_SIZE    168

#endif /* X86_REGS_H */
