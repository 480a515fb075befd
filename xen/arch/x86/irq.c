/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt dispatch.  Vectors the hypervisor owns (timer, IPIs, APIC
 * error and spurious) have fixed handlers; device vectors are bound at run
 * time with request_vector().  Handlers run with interrupts disabled and
 * only mark work (softirqs) for later.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/traps.h>

static irq_handler_t vector_handlers[256];

int request_vector(unsigned int vector, irq_handler_t handler)
{
    irq_handler_t none = NULL;

    if ( vector < FIRST_DYNAMIC_VECTOR || vector >= STOP_VECTOR )
        return -1;
    /* Two CPUs may look for a free vector at once (vIO-APIC, MSI). */
    return __atomic_compare_exchange_n(&vector_handlers[vector], &none,
                                       handler, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED) ? 0 : -1;
}

void release_vector(unsigned int vector)
{
    if ( vector >= FIRST_DYNAMIC_VECTOR && vector < STOP_VECTOR )
        __atomic_store_n(&vector_handlers[vector], NULL, __ATOMIC_RELEASE);
}

static void handle_fixed_vector(unsigned int vector)
{
    switch ( vector )
    {
    case TIMER_VECTOR:
        timer_interrupt();
        break;
    case EVENT_CHECK_VECTOR:
        /* Nothing to do: the softirq check after the interrupt does it. */
        break;
    case CALL_FUNCTION_VECTOR:
        smp_call_function_interrupt();
        break;
    case STOP_VECTOR:
        smp_stop_this_cpu();
        break;
    case ERROR_APIC_VECTOR:
        apic_write(APIC_ESR, 0);
        printk(XENLOG_WARNING "APIC error on CPU%u: %#x\n",
               smp_processor_id(), apic_read(APIC_ESR));
        break;
    }
}

void do_irq(struct cpu_regs *regs)
{
    unsigned int vector = regs->entry_vector;
    irq_handler_t h;

    if ( vector == SPURIOUS_APIC_VECTOR )
        return;                 /* no EOI for spurious interrupts */
    if ( vector >= STOP_VECTOR )
        handle_fixed_vector(vector);
    else if ( (h = __atomic_load_n(&vector_handlers[vector],
                                   __ATOMIC_ACQUIRE)) )
        h(vector, regs);
    else
        printk(XENLOG_WARNING "CPU%u: unexpected interrupt vector %#x\n",
               smp_processor_id(), vector);
    ack_APIC_irq();
}
