/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions taken in hypervisor context.  The hypervisor runs no code
 * that expects to fault, so every exception here is fatal: print the full
 * state (registers, control registers, error code, CR2 for a page fault,
 * a frame-pointer stack trace) and panic.  Guest exceptions never arrive
 * here: under SVM/VMX they are intercepts, handled by the HVM code.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/traps.h>

static const char *const exc_names[32] = {
    [X86_EXC_DE] = "divide error",
    [X86_EXC_DB] = "debug",
    [X86_EXC_NMI] = "NMI",
    [X86_EXC_BP] = "breakpoint",
    [X86_EXC_OF] = "overflow",
    [X86_EXC_BR] = "bounds",
    [X86_EXC_UD] = "invalid opcode",
    [X86_EXC_NM] = "device not available",
    [X86_EXC_DF] = "double fault",
    [X86_EXC_TS] = "invalid TSS",
    [X86_EXC_NP] = "segment not present",
    [X86_EXC_SS] = "stack fault",
    [X86_EXC_GP] = "general protection fault",
    [X86_EXC_PF] = "page fault",
    [X86_EXC_MF] = "x87 FPU error",
    [X86_EXC_AC] = "alignment check",
    [X86_EXC_MC] = "machine check",
    [X86_EXC_XM] = "SIMD FPU error",
};

const char *trap_name(unsigned int vec)
{
    if ( vec < ARRAY_SIZE(exc_names) && exc_names[vec] )
        return exc_names[vec];
    return "reserved";
}

void show_registers(const struct cpu_regs *r)
{
    printk(XENLOG_ERR "CPU:    %u\n", smp_processor_id());
    printk(XENLOG_ERR "RIP:    %04lx:[<%016lx>]\n", r->cs, r->rip);
    printk(XENLOG_ERR "RFLAGS: %016lx   Error code: %08x\n",
           r->rflags, r->error_code);
    printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           r->rax, r->rbx, r->rcx);
    printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           r->rdx, r->rsi, r->rdi);
    printk(XENLOG_ERR "rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           r->rbp, r->rsp, r->r8);
    printk(XENLOG_ERR "r9:  %016lx   r10: %016lx   r11: %016lx\n",
           r->r9, r->r10, r->r11);
    printk(XENLOG_ERR "r12: %016lx   r13: %016lx   r14: %016lx\n",
           r->r12, r->r13, r->r14);
    printk(XENLOG_ERR "r15: %016lx   ss:  %04lx\n", r->r15, r->ss);
    printk(XENLOG_ERR "cr0: %016lx   cr2: %016lx   cr3: %016lx\n",
           read_cr0(), read_cr2(), read_cr3());
    printk(XENLOG_ERR "cr4: %016lx\n", read_cr4());
}

/* Is [p, p + 16) inside this CPU's stack block?  Frames live nowhere else. */
static bool frame_on_stack(unsigned long p, unsigned long stack)
{
    return p >= stack && p + 16 <= stack + STACK_SIZE && !(p & 7);
}

void show_stack_trace(unsigned long rip, unsigned long rbp)
{
    unsigned long stack = ROUNDDOWN((unsigned long)get_cpu_info(),
                                    STACK_SIZE);
    unsigned int depth;

    printk(XENLOG_ERR "Xen call trace:\n");
    printk(XENLOG_ERR "   [<%016lx>]\n", rip);
    for ( depth = 0; depth < 32 && frame_on_stack(rbp, stack); depth++ )
    {
        const unsigned long *frame = (const unsigned long *)rbp;

        if ( frame[1] < XEN_VIRT_START )
            break;
        printk(XENLOG_ERR "   [<%016lx>]\n", frame[1]);
        if ( frame[0] <= rbp )
            break;
        rbp = frame[0];
    }
}

void do_trap(struct cpu_regs *regs)
{
    unsigned int vec = regs->entry_vector;

    if ( vec == X86_EXC_NMI )
    {
        printk(XENLOG_WARNING "NMI received on CPU%u\n", smp_processor_id());
        return;
    }

    console_force_unlock();
    printk(XENLOG_ERR "----[ Xen fatal trap ]----\n");
    printk(XENLOG_ERR "FATAL TRAP: vector %u (%s)\n", vec, trap_name(vec));
    if ( vec == X86_EXC_PF )
        printk(XENLOG_ERR "Faulting linear address (CR2): %016lx "
               "(%s, %s, %s)\n", read_cr2(),
               regs->error_code & 1 ? "protection" : "not present",
               regs->error_code & 2 ? "write" : "read",
               regs->error_code & 16 ? "instruction fetch" : "data");
    show_registers(regs);
    show_stack_trace(regs->rip, regs->rbp);
    panic("FATAL TRAP: vector %u (%s), error code %04x, at %016lx",
          vec, trap_name(vec), regs->error_code, regs->rip);
}
