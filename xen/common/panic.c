/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of the road: panic() and failed BUG/ASSERT checks.  Other CPUs
 * are stopped, the message is printed, and the machine reboots after five
 * seconds unless noreboot was given (then it halts for inspection).
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/shutdown.h>
#include <asm/processor.h>
#include <asm/traps.h>

bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static unsigned int panicking = -1U;

noreturn void panic(const char *fmt, ...)
{
    unsigned int me = smp_processor_id();
    char buf[256];
    va_list ap;

    local_irq_disable();
    /* A second CPU panicking at the same time just stops. */
    if ( !__atomic_compare_exchange_n(&panicking, &(unsigned int){ -1U }, me,
                                      false, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST) &&
         panicking != me )
        for ( ; ; )
            halt();

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);

    console_force_unlock();
    smp_send_stop();
    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic on CPU %u:\n%s\n", me, buf);
    printk(XENLOG_ERR "****************************************\n\n");
    machine_restart(5000);
}

noreturn void bug_fail(const char *what, const char *file, unsigned int line)
{
    unsigned long rbp;

    __asm__ volatile ( "mov %%rbp, %0" : "=r" (rbp) );
    printk(XENLOG_ERR "Xen %s at %s:%u\n", what, file, line);
    show_stack_trace((unsigned long)__builtin_return_address(0), rbp);
    panic("Xen %s at %s:%u", what, file, line);
}

void warn_fail(const char *file, unsigned int line)
{
    unsigned long rbp;

    __asm__ volatile ( "mov %%rbp, %0" : "=r" (rbp) );
    printk(XENLOG_WARNING "Xen WARN at %s:%u\n", file, line);
    show_stack_trace((unsigned long)__builtin_return_address(0), rbp);
}
