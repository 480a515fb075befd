/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables.  Each CPU has its own IDT (a copy of the boot CPU's,
 * so one CPU's table can change without touching another's), GDT (the
 * TSS descriptor differs) and TSS, whose IST slots point at the CPU's
 * double-fault, NMI and machine-check stacks so those run on a known
 * good stack whatever state the interrupted code left.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/desc.h>
#include <asm/current.h>

struct idt_entry {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};

static struct idt_entry idt[256] __aligned(16);
static struct idt_entry cpu_idt[NR_CPUS][256] __aligned(16);
static uint64_t gdt[NR_CPUS][GDT_ENTRIES] __aligned(16);
static struct tss64 tss[NR_CPUS] __aligned(16);

extern const char entry_stubs[];

static void set_gate(unsigned int vec, unsigned int ist)
{
    unsigned long addr = (unsigned long)entry_stubs + vec * 16;

    idt[vec].offset_lo = addr & 0xffff;
    idt[vec].selector = HYPERVISOR_CS;
    idt[vec].ist = ist;
    idt[vec].type = 0x8e;               /* present, DPL0, interrupt gate */
    idt[vec].offset_mid = (addr >> 16) & 0xffff;
    idt[vec].offset_hi = addr >> 32;
}

void idt_init(void)
{
    unsigned int v;

    for ( v = 0; v < 256; v++ )
        set_gate(v, 0);
    set_gate(X86_EXC_DF, IST_DF);
    set_gate(X86_EXC_NMI, IST_NMI);
    set_gate(X86_EXC_MC, IST_MCE);
}

static void set_tss_desc(uint64_t *slot, const struct tss64 *t)
{
    uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
              (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
              (((base >> 24) & 0xff) << 56);
    slot[1] = base >> 32;
}

void load_cpu_tables(unsigned int cpu)
{
    unsigned long stack = ROUNDDOWN((unsigned long)get_cpu_info(),
                                    STACK_SIZE);
    struct desc_ptr gdtr = { sizeof(gdt[cpu]) - 1, (uint64_t)gdt[cpu] };
    struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)cpu_idt[cpu] };
    struct tss64 *t = &tss[cpu];

    gdt[cpu][0] = 0;
    gdt[cpu][1] = 0x00af9b000000ffffUL;     /* 64-bit code */
    gdt[cpu][2] = 0x00cf93000000ffffUL;     /* data */
    gdt[cpu][3] = 0x00cf9b000000ffffUL;     /* 32-bit code */
    set_tss_desc(&gdt[cpu][4], t);

    memcpy(cpu_idt[cpu], idt, sizeof(idt));
    memset(t, 0, sizeof(*t));
    /* IST stacks grow down from the end of pages 1-3 of the block. */
    t->ist[IST_DF - 1] = stack + (IST_DF + 1) * PAGE_SIZE;
    t->ist[IST_NMI - 1] = stack + (IST_NMI + 1) * PAGE_SIZE;
    t->ist[IST_MCE - 1] = stack + (IST_MCE + 1) * PAGE_SIZE;
    t->rsp[0] = (unsigned long)get_cpu_info();
    t->iomap_base = sizeof(*t);

    __asm__ volatile ( "lgdt %0" :: "m" (gdtr) );
    __asm__ volatile ( "lidt %0" :: "m" (idtr) );
    __asm__ volatile ( "ltr %w0" :: "r" (TSS_SELECTOR) );
    /* Reload CS and the data segments from the new GDT. */
    __asm__ volatile ( "pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; "
                       "lretq; 1:" :: "i" (HYPERVISOR_CS) : "rax", "memory" );
    __asm__ volatile ( "mov %0, %%ss" :: "r" (HYPERVISOR_DS) );
}
