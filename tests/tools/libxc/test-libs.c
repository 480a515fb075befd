/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libraries as a program links them (the static archives): without
 * Xen's devices (a host, not dom0) every open fails with errno set and
 * nothing else; with a NULL handle list the builder reports its reason.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <xencall.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenforeignmemory.h>
#include <xc_pvh.h>

#include "harness.h"

static int on_xen(void)
{
    return access("/dev/xen/privcmd", F_OK) == 0;
}

TEST(opens_fail_cleanly_without_xen)
{
    if ( on_xen() )
    {
        printf("  /dev/xen/privcmd exists: not checking the failures\n");
        return;
    }
    errno = 0;
    EXPECT(xencall_open(NULL, 0) == NULL);
    EXPECT_EQ(errno, ENOENT);
    errno = 0;
    EXPECT(xenevtchn_open(NULL, 0) == NULL);
    EXPECT_EQ(errno, ENOENT);
    errno = 0;
    EXPECT(xengnttab_open(NULL, 0) == NULL);
    EXPECT_EQ(errno, ENOENT);
    errno = 0;
    EXPECT(xenforeignmemory_open(NULL, 0) == NULL);
    EXPECT_EQ(errno, ENOENT);
    errno = 0;
    EXPECT(xc_interface_open(NULL, NULL, 0) == NULL);
    EXPECT_EQ(errno, ENOENT);
}

TEST(close_accepts_null)
{
    EXPECT_EQ(xencall_close(NULL), 0);
    EXPECT_EQ(xenevtchn_close(NULL), 0);
    EXPECT_EQ(xengnttab_close(NULL), 0);
    EXPECT_EQ(xenforeignmemory_close(NULL), 0);
    EXPECT_EQ(xc_interface_close(NULL), 0);
}

TEST(error_codes_have_descriptions)
{
    EXPECT(!strcmp(xc_error_code_to_desc(XC_INVALID_KERNEL),
                   "Invalid kernel"));
    EXPECT(!strcmp(xc_error_code_to_desc(99), "Unknown error code"));
}
