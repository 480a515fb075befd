/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state found from the stack pointer: struct cpu_info sits at the
 * top of every CPU's stack block (see asm/config.h), so it costs one AND
 * and no segment register to find.
 */
#ifndef X86_CURRENT_H
#define X86_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

#ifndef __ASSEMBLY__

struct vcpu;

struct cpu_info {
    struct cpu_regs guest_regs;      /* guest GPRs while in the hypervisor */
    unsigned int processor_id;       /* (i) */
    unsigned int pad0;
    struct vcpu *current_vcpu;       /* (o) set by the scheduler */
    unsigned long per_cpu_offset;    /* (i) */
    uint8_t pad[CPUINFO_SIZE - sizeof(struct cpu_regs) - 24];
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__ ( "mov %%rsp, %0" : "=r" (sp) );
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

#define current              (get_cpu_info()->current_vcpu)
#define set_current(v)       (get_cpu_info()->current_vcpu = (v))
#define smp_processor_id()   (get_cpu_info()->processor_id)
#define guest_cpu_regs()     (&get_cpu_info()->guest_regs)

/*
 * Throw away the current stack and continue in fn() at the top of it,
 * just below struct cpu_info.  Used to enter guests and the idle loop:
 * nothing is ever returned to.
 */
#define reset_stack_and_jump(fn)                                        \
    do {                                                                \
        __asm__ volatile ( "mov %0, %%rsp; jmp " #fn                    \
                           :: "r" ((unsigned long)get_cpu_info())       \
                           : "memory" );                                \
        __builtin_unreachable();                                        \
    } while ( 0 )

#endif /* !__ASSEMBLY__ */
#endif /* X86_CURRENT_H */
