/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's whole program, 32-bit code at HC_ENTRY (flat protected mode,
 * paging off, no stack, no interrupts): it sets its TSC to 2^60, STAR and
 * SYSENTER_ESP to known values, and the APIC timer counting down (masked,
 * periodic, divide by 128, from 2^32 - 1); then for ever it counts rounds
 * twice, in %esi and in XMM0 (which must agree), and reports the count,
 * the TSC (which must not go back), the timer's current count and the
 * MSRs.  Every piece of state a context round trip must carry shows in
 * what it reports.
 */
#include "payload.h"
#include "payload-asm.h"

#define APIC(reg)   S(0xfee00000 + reg)

asm(".pushsection .rodata.payload, \"a\"\n"
    ".globl hc_payload_start, hc_payload_end\n"
    ".code32\n"
    "hc_payload_start:\n"
    "mov %cr4, %eax\n"
    "or $0x200, %eax\n"                     /* OSFXSR: SSE on */
    "mov %eax, %cr4\n"
    "mov $0x10, %ecx\n"                     /* IA32_TSC */
    "xor %eax, %eax\n"
    "mov $" S(HC_TSC_START_HI) ", %edx\n"
    "wrmsr\n"
    "mov $0xc0000081, %ecx\n"               /* STAR */
    "mov $" S(HC_STAR_VAL_LO) ", %eax\n"
    "mov $" S(HC_STAR_VAL_HI) ", %edx\n"
    "wrmsr\n"
    "mov $0x175, %ecx\n"                    /* SYSENTER_ESP */
    "mov $" S(HC_SYSENTER_VAL) ", %eax\n"
    "xor %edx, %edx\n"
    "wrmsr\n"
    "movl $0x1ff, " APIC(0xf0) "\n"         /* SVR: enabled */
    "movl $0xa, " APIC(0x3e0) "\n"          /* TDCR: divide by 128 */
    "movl $0x30040, " APIC(0x320) "\n"      /* LVTT: periodic, masked */
    "movl $0xffffffff, " APIC(0x380) "\n"   /* TMICT */
    "xor %esi, %esi\n"
    "pxor %xmm0, %xmm0\n"
    "mov $1, %eax\n"
    "movd %eax, %xmm1\n"
    "1: inc %esi\n"
    "paddd %xmm1, %xmm0\n"
    "movd %xmm0, %eax\n"
    "cmp %eax, %esi\n"
    "je 2f\n"
    "orl $1, " S(HC_ERR) "\n"
    "2: mov %esi, " S(HC_CNT) "\n"
    "rdtsc\n"
    "cmp " S(HC_TSC_HI) ", %edx\n"
    "ja 3f\n"
    "jb 4f\n"
    "cmp " S(HC_TSC_LO) ", %eax\n"
    "jae 3f\n"
    "4: orl $2, " S(HC_ERR) "\n"
    "3: mov %eax, " S(HC_TSC_LO) "\n"
    "mov %edx, " S(HC_TSC_HI) "\n"
    "mov " APIC(0x390) ", %eax\n"           /* TMCCT */
    "mov %eax, " S(HC_TMCCT) "\n"
    "mov $0xc0000081, %ecx\n"
    "rdmsr\n"
    "mov %eax, " S(HC_STAR_LO) "\n"
    "mov %edx, " S(HC_STAR_HI) "\n"
    "mov $0x175, %ecx\n"
    "rdmsr\n"
    "mov %eax, " S(HC_SYSENTER_ESP) "\n"
    "pause\n"
    "jmp 1b\n"
    "hc_payload_end:\n"
    BACK_TO_ENV
    ".popsection\n");
