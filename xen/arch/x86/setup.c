/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot sequence of the bootstrap processor, from head.S to the idle
 * loop: boot information, console, memory, descriptor tables, ACPI and
 * APICs, time, scheduler, other CPUs, then dom0 (or the message that
 * there is none).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/selftest.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/version.h>
#include <xen/vpci.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/bootinfo.h>
#include <asm/cpu-policy.h>
#include <asm/desc.h>
#include <asm/dom0_build.h>
#include <asm/e820.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/io.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/smpboot.h>

#define DEFAULT_LAPIC_ADDR 0xfee00000UL

void __start_xen(uint32_t mb_magic, uint32_t mb_info);

static const char *e820_type_name(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return "RAM";
    case E820_RESERVED: return "RESERVED";
    case E820_ACPI:     return "ACPI";
    case E820_NVS:      return "ACPI NVS";
    case E820_UNUSABLE: return "UNUSABLE";
    default:            return "UNKNOWN";
    }
}

static void print_boot_info(void)
{
    unsigned int i;

    printk(" __  __           _\n");
    printk(" \\ \\/ /_ __ ___  | |__   __   __\n");
    printk("  \\  /| '_ ` _ \\ | '_ \\  \\ \\ / /\n");
    printk("  /  \\| | | | | || | | |  \\ V /\n");
    printk(" /_/\\_\\_| |_| |_||_| |_|   \\_/\n\n");
    printk("%s %s: a Xen %u.%u-compatible hypervisor\n", HV_NAME, HV_RELEASE,
           XEN_VERSION, XEN_SUBVERSION);
    printk("Boot loader: %s (multiboot%s)\n",
           boot_info.loader[0] ? boot_info.loader : "unknown",
           boot_info.mb_version == 2 ? "2" : "1");
    printk("Command line: %s\n", boot_info.cmdline);
    for ( i = 0; i < boot_info.nr_modules; i++ )
        printk("Module %u: %#lx-%#lx '%s'\n", i, boot_info.mods[i].start,
               boot_info.mods[i].end, boot_info.mods[i].cmdline);
}

static void print_memory_map(void)
{
    unsigned int i;

    printk("Physical memory map (sanitised):\n");
    for ( i = 0; i < e820.nr_map; i++ )
        printk(" %016lx - %016lx (%s)\n", e820.map[i].addr,
               e820.map[i].addr + e820.map[i].size,
               e820_type_name(e820.map[i].type));
}

static void memory_init(void)
{
    uint64_t ram;

    if ( !e820_sanitize(&e820) )
        panic("the boot loader's memory map has no usable entries");
    print_memory_map();
    ram = e820_ram_total(&e820);
    mm_init();
    printk("System RAM: %lu MiB (%lu KiB)\n", ram >> 20, ram >> 10);
    printk("Heap: %lu MiB free of %lu MiB given to the allocator; "
           "frame table covers %lu frames\n",
           avail_heap_pages() >> 8, total_pages >> 8, max_page);
}

static void platform_init(void)
{
    paddr_t lapic = DEFAULT_LAPIC_ADDR;

    if ( acpi_tables_init(boot_info.rsdp) )
        lapic = acpi_info.lapic_addr;
    else
        printk(XENLOG_WARNING "No MADT: running on the boot CPU only\n");
    apic_init_bsp(lapic);
    io_apic_init();
}

static void flush_local(void *unused)
{
    flush_tlb_local();
}

/*
 * Multiboot loaders put the image's file name first on the command line
 * (QEMU: "xen/xen console=com1 ..."); skip it unless it is an option.
 */
static const char *cmdline_cook(const char *p)
{
    const char *word_end = p;

    while ( *p == ' ' )
        p++;
    word_end = p;
    while ( *word_end && *word_end != ' ' && *word_end != '=' )
        word_end++;
    if ( *word_end == '=' )
        return p;
    while ( *word_end == ' ' )
        word_end++;
    return word_end;
}

void __start_xen(uint32_t mb_magic, uint32_t mb_info)
{
    multiboot_parse(mb_magic, mb_info);
    memmove(boot_info.cmdline, cmdline_cook(boot_info.cmdline),
            strlen(cmdline_cook(boot_info.cmdline)) + 1);
    cmdline_parse(boot_info.cmdline);
    console_init_preirq();
    print_boot_info();

    memory_init();
    idt_init();
    load_cpu_tables(0);
    platform_init();
    timer_init();
    time_init();
    scheduler_init();
    hvm_enable();
    cpu_policy_init();
    local_irq_enable();

    smp_boot_cpus();
    /* Every CPU is in long mode: the low identity map can go. */
    mm_drop_identity_map();
    smp_call_function(flush_local, NULL, true);
    printk("Boot complete: %u CPUs online, %lu MiB free\n",
           cpumask_weight(&cpu_online_map), avail_heap_pages() >> 8);
    sched_set_guest_cpus();

    selftests_run();
    /* PCI functions and dom0's way to their configuration space. */
    vpci_init();
    hvm_vpci_io_register();
    if ( boot_info.nr_modules )
        dom0_construct();
    else
        printk("No dom0 kernel was given (no multiboot module): "
               "nothing to run. Idling; use the debug keys or reset.\n");
    console_input_init(boot_info.nr_modules != 0);
    sched_start_idle(0);
}
