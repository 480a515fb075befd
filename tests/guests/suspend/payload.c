/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's whole program, 32-bit code at SP_ENTRY (flat protected
 * mode, paging off): it sets up the hypercall page, then for ever calls
 * SCHEDOP_shutdown(SHUTDOWN_suspend) as Linux's HYPERVISOR_suspend does,
 * records what the call returned (1: the suspend was cancelled and it
 * resumes where it was; 0: it was resumed, e.g. in a new domain), counts
 * the round, and waits for dom0 to let it suspend again.
 */
#include "payload.h"
#include "payload-asm.h"

#define HCALL(nr) "mov $(" S(SP_HCALL_PAGE) " + " S(nr) " * 32), %eax\n" \
                  "call *%eax\n"

asm(".pushsection .rodata.payload, \"a\"\n"
    ".globl sp_payload_start, sp_payload_end\n"
    ".code32\n"
    "sp_payload_start:\n"
    "mov $" S(SP_STACK) ", %esp\n"
    "mov $0x40000002, %eax\n"
    "xor %ecx, %ecx\n"
    "cpuid\n"
    "mov %ebx, %ecx\n"
    "mov $" S(SP_HCALL_PAGE) ", %eax\n"
    "xor %edx, %edx\n"
    "wrmsr\n"
    "1: movl $2, " S(SP_SHUTDOWN) "\n"      /* SHUTDOWN_suspend */
    "mov $2, %ebx\n"                        /* SCHEDOP_shutdown */
    "mov $" S(SP_SHUTDOWN) ", %ecx\n"
    HCALL(29)
    "mov " S(SP_ROUNDS) ", %edx\n"
    "mov %eax, " S(SP_RESULTS) "(,%edx,4)\n"
    "incl " S(SP_ROUNDS) "\n"
    "2: pause\n"
    "mov " S(SP_GO) ", %eax\n"
    "cmp " S(SP_ROUNDS) ", %eax\n"
    "jb 2b\n"
    "jmp 1b\n"
    "sp_payload_end:\n"
    BACK_TO_ENV
    ".popsection\n");
