/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCHEDOP_shutdown_code latches a reason that a later shutdown reports
 * instead of its own: we latch SHUTDOWN_reboot, then the verdict powers
 * off, and Xen 4.17 reboots ("Hardware Dom0 shutdown: rebooting machine").
 * Only the first latched code counts.
 */
#include "guest.h"

static long shutdown_code(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return sched_op(SCHEDOP_shutdown_code, &s);
}

void test_main(void)
{
    check_eq_rc(shutdown_code(SHUTDOWN_reboot), 0,
                "SCHEDOP_shutdown_code reboot");
    /* Accepted, but the first code stays latched. */
    check_eq_rc(shutdown_code(SHUTDOWN_crash), 0,
                "second SCHEDOP_shutdown_code accepted");
    check_eq_rc(sched_op(SCHEDOP_shutdown_code, (void *)0xdead0000UL),
                -XEN_EFAULT, "SCHEDOP_shutdown_code with a bad pointer");
    /* Still running: latching does not shut down. */
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "still running after latching");
}
