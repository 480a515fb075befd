/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Application-processor start-up code.  smpboot.c copies this page below
 * 1 MiB and points the STARTUP IPI at it; the AP begins here in real mode
 * (CS = page >> 4, IP = 0), loads the boot GDT, enters protected mode and
 * jumps straight into head.S (ap_entry32), which takes it to long mode.
 */
#include <asm/config.h>

#define PA(sym)  ((sym) - XEN_VIRT_START)

        .section .rodata, "a", @progbits
        .code16
        .globl trampoline_start, trampoline_end
trampoline_start:
        cli
        movw    %cs, %ax
        movw    %ax, %ds
        lgdtl   tramp_gdtr - trampoline_start
        movl    %cr0, %eax
        orl     $1, %eax                /* PE */
        movl    %eax, %cr0
        ljmpl   $HYPERVISOR_CS32, $PA(ap_entry32)

        .align  8
tramp_gdtr:
        .short  4 * 8 - 1
        .long   PA(boot_gdt)
trampoline_end:
