/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's whole program, 32-bit code at CP_ENTRY (flat protected
 * mode, paging off): after setting up its hypercall page it loops as the
 * fuzzer does while it waits at a checkpoint as an unprivileged guest:
 * CONSOLEIO_read (refused: -EPERM), SCHEDOP_yield, count the round.
 */
#include "payload.h"
#include "payload-asm.h"

#define HCALL(nr) "mov $(" S(CP_HCALL_PAGE) " + " S(nr) " * 32), %eax\n" \
                  "call *%eax\n"

asm(".pushsection .rodata.payload, \"a\"\n"
    ".globl cp_payload_start, cp_payload_end\n"
    ".code32\n"
    "cp_payload_start:\n"
    "mov $" S(CP_STACK) ", %esp\n"
    "mov $0x40000002, %eax\n"
    "xor %ecx, %ecx\n"
    "cpuid\n"
    "mov %ebx, %ecx\n"
    "mov $" S(CP_HCALL_PAGE) ", %eax\n"
    "xor %edx, %edx\n"
    "wrmsr\n"
    "1: mov $1, %ebx\n"                     /* CONSOLEIO_read */
    "mov $16, %ecx\n"
    "mov $" S(CP_BUF) ", %edx\n"
    HCALL(18)                               /* console_io */
    "mov %eax, " S(CP_RC) "\n"
    "xor %ebx, %ebx\n"                      /* SCHEDOP_yield */
    "xor %ecx, %ecx\n"
    HCALL(29)                               /* sched_op */
    "incl " S(CP_LOOPS) "\n"
    "jmp 1b\n"
    "cp_payload_end:\n"
    BACK_TO_ENV
    ".popsection\n");
