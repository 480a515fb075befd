/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CMOS date to seconds-since-the-epoch conversion
 * (xen/arch/x86/rtc.c: rtc_mktime), against dates whose answers are
 * known, leap years included; and XENPF_settime's base replacing the
 * RTC's.  The port I/O is not run on the host.
 */
#include <xen/lib.h>

#include "../../xen/arch/x86/rtc.c"

#include "harness.h"

s_time_t NOW(void)
{
    return 0;
}

static unsigned int nr_domain_updates;

void domains_update_wallclock(void)
{
    nr_domain_updates++;
}

TEST(rtc_mktime_known_dates)
{
    EXPECT_EQ(rtc_mktime(1970, 1, 1, 0, 0, 0), 0);
    EXPECT_EQ(rtc_mktime(1970, 1, 2, 0, 0, 1), 86401);
    EXPECT_EQ(rtc_mktime(2000, 2, 29, 0, 0, 0), 951782400);
    EXPECT_EQ(rtc_mktime(2000, 3, 1, 0, 0, 0), 951868800);
    EXPECT_EQ(rtc_mktime(2001, 1, 1, 0, 0, 0), 978307200);
    EXPECT_EQ(rtc_mktime(2023, 11, 14, 22, 13, 20), 1700000000);
    EXPECT_EQ(rtc_mktime(2024, 2, 29, 23, 59, 59), 1709251199);
    EXPECT_EQ(rtc_mktime(2038, 1, 19, 3, 14, 8), 2147483648LL);
    EXPECT_EQ(rtc_mktime(2100, 3, 1, 0, 0, 0), 4107542400LL);
}

TEST(rtc_bcd)
{
    EXPECT_EQ(bcd(0x59, false), 59);
    EXPECT_EQ(bcd(0x59, true), 0x59);
    EXPECT_EQ(bcd(0x00, false), 0);
}

/*
 * A base set by dom0 is what every later reader gets (no RTC read), and
 * each set rewrites every domain's wall clock.
 */
TEST(wallclock_set_base)
{
    wallclock_set_base_ns(1700000000123456789ULL);
    EXPECT_EQ(nr_domain_updates, 1);
    EXPECT_EQ(rtc_wallclock_base_ns(), 1700000000123456789ULL);
    wallclock_set_base_ns(5);
    EXPECT_EQ(nr_domain_updates, 2);
    EXPECT_EQ(rtc_wallclock_base_ns(), 5);
}
