/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's whole program: 32-bit code for the PVH entry state (flat
 * protected mode, paging off), position-dependent at PAYLOAD_GPA, that
 * dom0 copies into the domU.  It proves it runs unprivileged and writes
 * what it saw into the results page (payload.h), then shuts down with
 * SHUTDOWN_reboot.  Assembled in every environment's object, always as
 * 32-bit code.
 */
#include "payload.h"

#include "payload-asm.h"
#define HCALL(nr) "mov $(" S(PAYLOAD_HCALL_PAGE) " + " S(nr) " * 32), %eax\n" \
                  "call *%eax\n"

asm(".pushsection .rodata.payload, \"a\"\n"
    ".globl payload_start, payload_end\n"
    ".code32\n"
    "payload_start:\n"
    "mov $" S(PAYLOAD_STACK) ", %esp\n"
    "movl $" S(PAYLOAD_ALIVE) ", " S(PAYLOAD_RES_ALIVE) "\n"
    /* The hypercall page: Xen's MSR from CPUID leaf base + 2. */
    "mov $0x40000002, %eax\n"
    "xor %ecx, %ecx\n"
    "cpuid\n"
    "mov %ebx, %ecx\n"
    "mov $" S(PAYLOAD_HCALL_PAGE) ", %eax\n"
    "xor %edx, %edx\n"
    "wrmsr\n"
    /* A line on the hypervisor's console. */
    "mov $0, %ebx\n"
    "mov $(msg_end - msg), %ecx\n"
    "mov $(" S(PAYLOAD_GPA) " + msg - payload_start), %edx\n"
    HCALL(18)
    /* XEN_DOMCTL_getdomaininfo of dom0: -EPERM for us. */
    "movl $5, " S(PAYLOAD_DOMCTL) "\n"
    "movl $0x15, " S(PAYLOAD_DOMCTL) " + 4\n"
    "movw $0, " S(PAYLOAD_DOMCTL) " + 8\n"
    "mov $" S(PAYLOAD_DOMCTL) ", %ebx\n"
    HCALL(36)
    "mov %eax, " S(PAYLOAD_RES_DOMCTL) "\n"
    /* XEN_SYSCTL_physinfo: -EPERM too. */
    "movl $3, " S(PAYLOAD_DOMCTL) "\n"
    "mov $" S(PAYLOAD_DOMCTL) ", %ebx\n"
    HCALL(35)
    "mov %eax, " S(PAYLOAD_RES_SYSCTL) "\n"
    /* Port I/O: nothing answers a PVH domU. */
    "xor %eax, %eax\n"
    "inb $0x61, %al\n"
    "mov %eax, " S(PAYLOAD_RES_INB) "\n"
    "xor %eax, %eax\n"
    "mov $0xcfc, %dx\n"
    "inl %dx, %eax\n"
    "mov %eax, " S(PAYLOAD_RES_INL) "\n"
    "mov $0x8000f800, %eax\n"
    "mov $0xcf8, %dx\n"
    "outl %eax, %dx\n"
    "mov $0xcfc, %dx\n"
    "inl %dx, %eax\n"
    "mov %eax, " S(PAYLOAD_RES_CFG) "\n"
    "movl $" S(PAYLOAD_DONE) ", " S(PAYLOAD_RES_DONE) "\n"
    /* SCHEDOP_shutdown(SHUTDOWN_reboot). */
    "movl $1, " S(PAYLOAD_SHUTDOWN) "\n"
    "mov $2, %ebx\n"
    "mov $" S(PAYLOAD_SHUTDOWN) ", %ecx\n"
    HCALL(29)
    "1: pause\n"
    "jmp 1b\n"
    "msg: .ascii \"domctl-domu payload: running unprivileged\\n\"\n"
    "msg_end:\n"
    "payload_end:\n"
    BACK_TO_ENV
    ".popsection\n");
