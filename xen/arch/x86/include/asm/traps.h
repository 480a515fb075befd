/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_TRAPS_H
#define X86_TRAPS_H

#include <asm/regs.h>

void do_trap(struct cpu_regs *regs);
void do_irq(struct cpu_regs *regs);
const char *trap_name(unsigned int vec);
void show_registers(const struct cpu_regs *regs);
void show_stack_trace(unsigned long rip, unsigned long rbp);

/* Lets a fatal path print even if the console lock is held. */
void console_force_unlock(void);

#endif /* X86_TRAPS_H */
