/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_IRQ_H
#define X86_IRQ_H

#include <asm/regs.h>

typedef void (*irq_handler_t)(unsigned int vector, struct cpu_regs *regs);

/* Bind a handler to a free vector; 0, or -1 if taken or reserved. */
int request_vector(unsigned int vector, irq_handler_t handler);
/* Give a vector back; an interrupt arriving on it later is only logged. */
void release_vector(unsigned int vector);

void smp_call_function_interrupt(void);
void smp_stop_this_cpu(void);

#endif /* X86_IRQ_H */
