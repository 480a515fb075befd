/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EXPECT-OUTCOME: CRASH
 *
 * SCHEDOP_shutdown(SHUTDOWN_crash): the guest declares itself crashed.
 * For dom0 Xen 4.17 prints "Hardware Dom0 crashed" and stops the machine;
 * the system test looks for the hypervisor's crash message.
 */
#include "guest.h"

void test_main(void)
{
    long rc;

    expect_crash();
    rc = shutdown(SHUTDOWN_crash);
    check(false, "SHUTDOWN_crash does not return", "returned %ld", rc);
}
