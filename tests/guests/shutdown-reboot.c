/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCHEDOP_shutdown(SHUTDOWN_reboot) after the verdict.  For dom0 Xen 4.17
 * prints "Hardware Dom0 shutdown: rebooting machine" (QEMU runs with
 * -no-reboot, so the machine stops).
 */
#include "guest.h"

void test_main(void)
{
    /* A bad argument pointer is refused and does not shut us down. */
    check_eq_rc(sched_op(SCHEDOP_shutdown, (void *)0xdead0000UL),
                -XEN_EFAULT, "SCHEDOP_shutdown with a bad pointer");
    verdict_shutdown(SHUTDOWN_reboot);
}
