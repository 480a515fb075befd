/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line self-tests (see xen/selftest.h). */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/selftest.h>
#include <xen/time.h>
#include <xen/timer.h>

static unsigned int opt_ticks;
integer_param("selftest_ticks", opt_ticks);
static char opt_fault[8];
string_param("selftest_fault", opt_fault);

static struct timer tick_timer;
static unsigned int ticks_done;
static s_time_t tick_start;

/* Re-armed from the start time, so the period does not drift. */
static void tick_fn(void *unused)
{
    s_time_t now = NOW();

    ticks_done++;
    printk("selftest: timer tick %u at %lu.%06lu s\n", ticks_done,
           now / SECONDS(1), (now % SECONDS(1)) / 1000);
    if ( ticks_done < opt_ticks )
        set_timer(&tick_timer, tick_start + SECONDS(ticks_done + 1));
    else
        printk("selftest: timer done\n");
}

void selftests_run(void)
{
    if ( opt_fault[0] )
        arch_selftest_fault(opt_fault);
    if ( opt_ticks )
    {
        init_timer(&tick_timer, tick_fn, NULL, 0);
        tick_start = NOW();
        printk("selftest: %u timer ticks of 1 s from %lu.%06lu s\n",
               opt_ticks, tick_start / SECONDS(1),
               (tick_start % SECONDS(1)) / 1000);
        set_timer(&tick_timer, tick_start + SECONDS(1));
    }
}
