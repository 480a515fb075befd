/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's whole program, 32-bit code at LD_ENTRY (flat protected
 * mode, paging off, no stack, no hypercalls): forever, write the round
 * number into page i of LD_DIRTY_BASE for each bit i of the mask dom0
 * keeps in the control page, then count the round there.  So the pages
 * it dirties are exactly the control page and those of the mask.
 */
#include "payload.h"

#include "payload-asm.h"

asm(".pushsection .rodata.payload, \"a\"\n"
    ".globl ld_payload_start, ld_payload_end\n"
    ".code32\n"
    "ld_payload_start:\n"
    "1: mov " S(LD_CTL_MASK) ", %ebx\n"
    "xor %ecx, %ecx\n"
    "2: bt %ecx, %ebx\n"
    "jnc 3f\n"
    "mov %ecx, %edx\n"
    "shl $12, %edx\n"
    "mov " S(LD_CTL_COUNT) ", %eax\n"
    "mov %eax, " S(LD_DIRTY_BASE) "(%edx)\n"
    "3: inc %ecx\n"
    "cmp $" S(LD_NR_PAGES) ", %ecx\n"
    "jb 2b\n"
    "incl " S(LD_CTL_COUNT) "\n"
    "pause\n"
    "jmp 1b\n"
    "ld_payload_end:\n"
    BACK_TO_ENV
    ".popsection\n");
