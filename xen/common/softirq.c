/* SPDX-License-Identifier: GPL-2.0-only */
/* Softirq bookkeeping: a pending bitmask per CPU, handlers by number. */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/smp.h>
#include <xen/softirq.h>

static softirq_handler handlers[NR_SOFTIRQS];
static unsigned long pending[NR_CPUS];

void open_softirq(unsigned int nr, softirq_handler handler)
{
    BUG_ON(nr >= NR_SOFTIRQS);
    handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
    set_bit(nr, &pending[smp_processor_id()]);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    if ( test_and_set_bit(nr, &pending[cpu]) )
        return;
    if ( cpu != smp_processor_id() )
        smp_send_event_check_cpu(cpu);
}

bool softirq_pending(unsigned int cpu)
{
    return READ_ONCE(pending[cpu]) != 0;
}

void do_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long mask;

    while ( (mask = READ_ONCE(pending[cpu])) != 0 )
    {
        unsigned int nr = __builtin_ctzl(mask);

        clear_bit(nr, &pending[cpu]);
        if ( handlers[nr] )
            handlers[nr]();
    }
}
