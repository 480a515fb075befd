/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The image is one loadable segment: linked at XEN_VIRT_START + 2 MiB,
 * loaded at physical 2 MiB, so the file holds text and data in load order
 * (QEMU's multiboot loader and GRUB's a.out-kludge path copy it verbatim).
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start_pa)

PHDRS
{
    image PT_LOAD FLAGS(7);
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_ADDR;
    __image_start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START)
    {
        *(.text.multiboot)
        *(.text.boot)
        *(.text .text.*)
    } :image

    . = ALIGN(PAGE_SIZE);
    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START)
    {
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __param_start = .;
        *(.data.param)
        __param_end = .;
        . = ALIGN(8);
        __initcall_start = .;
        *(.initcall)
        __initcall_end = .;
    } :image

    . = ALIGN(PAGE_SIZE);
    .data : AT(ADDR(.data) - XEN_VIRT_START)
    {
        *(.data.page_aligned)
        *(.data.ro_after_init)
        *(.data.read_mostly)
        . = ALIGN(64);
        __per_cpu_start = .;
        *(.data.percpu)
        . = ALIGN(64);
        __per_cpu_end = .;
        *(.data .data.*)
        *(.init.text)
        *(.init.data)
        *(.init.rodata)
    } :image

    . = ALIGN(PAGE_SIZE);
    __bss_start = .;
    .bss : AT(ADDR(.bss) - XEN_VIRT_START)
    {
        . = ALIGN(STACK_SIZE);
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
    } :image
    . = ALIGN(PAGE_SIZE);
    __bss_end = .;
    __image_end = .;

    /DISCARD/ : { *(.note.*) *(.comment) *(.eh_frame) }
}

start_pa = start - XEN_VIRT_START;
image_start_pa = __image_start - XEN_VIRT_START;
data_end_pa = __bss_start - XEN_VIRT_START;
image_end_pa = __image_end - XEN_VIRT_START;
