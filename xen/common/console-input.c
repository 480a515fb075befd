/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Serial console input.  The UART is polled from a timer (no interrupt
 * to route, and it works while the hypervisor is otherwise idle).  Input
 * goes either to the hypervisor (debug keys) or to dom0 (its hvc0, read
 * through CONSOLEIO_read, with VIRQ_CONSOLE as the doorbell).  Typing
 * Ctrl-A three times in a row switches between the two, as on Xen.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/console-io.h>
#include <xen/event.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <public/xen.h>

#define POLL_PERIOD     MILLISECS(20)
#define SWITCH_CHAR     0x01            /* Ctrl-A */
#define SWITCH_COUNT    3

static struct timer poll_timer;
static bool input_to_dom0;
static unsigned int switch_presses;

static void announce(void)
{
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch "
           "input)\n", input_to_dom0 ? "DOM0" : "Xen");
}

static void to_dom0(char c)
{
    struct domain *d = get_domain_by_id(0);

    console_input_to_guest(c);
    if ( d )
    {
        send_guest_global_virq(d, VIRQ_CONSOLE);
        put_domain(d);
    }
}

static bool dom0_exists(void)
{
    struct domain *d = get_domain_by_id(0);

    if ( d )
        put_domain(d);
    return d;
}

static void console_rx(char c)
{
    if ( c == SWITCH_CHAR )
    {
        if ( ++switch_presses == SWITCH_COUNT )
        {
            switch_presses = 0;
            input_to_dom0 = !input_to_dom0 && dom0_exists();
            announce();
        }
        return;
    }
    /* Ctrl-A pressed fewer than three times is an ordinary key. */
    for ( ; switch_presses; switch_presses-- )
        input_to_dom0 ? to_dom0(SWITCH_CHAR) : handle_keypress(SWITCH_CHAR);
    if ( input_to_dom0 )
        to_dom0(c);
    else
        handle_keypress(c);
}

static void poll_fn(void *unused)
{
    int c;

    while ( (c = serial_getc()) >= 0 )
        console_rx(c);
    set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

void console_input_init(bool dom0_running)
{
    keyhandler_init();
    input_to_dom0 = dom0_running;
    announce();
    init_timer(&poll_timer, poll_fn, NULL, 0);
    set_timer(&poll_timer, NOW() + POLL_PERIOD);
}
