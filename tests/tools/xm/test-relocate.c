/* SPDX-License-Identifier: GPL-2.0-only */
/* The relocation server's allow-list (xend-relocate.c): Xen 3's
 * xend-relocation-hosts-allow, space-separated regexes of peer addresses,
 * "localhost" standing for 127.0.0.1. */
#include "harness.h"
#include "xend.h"
#include "xend-relocate.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

TEST(the_default_allows_only_this_host)
{
    EXPECT(xend_relocation_allowed(XEND_RELOCATION_ALLOW, "127.0.0.1"));
    EXPECT(!xend_relocation_allowed(XEND_RELOCATION_ALLOW, "10.0.2.15"));
    EXPECT(!xend_relocation_allowed(XEND_RELOCATION_ALLOW, "127.0.0.10"));
}

TEST(patterns_match_whole_addresses_as_written)
{
    const char *allow = "^10\\.0\\.2\\.[0-9]+$  ^192\\.168\\.1\\.7$";

    EXPECT(xend_relocation_allowed(allow, "10.0.2.15"));
    EXPECT(xend_relocation_allowed(allow, "192.168.1.7"));
    EXPECT(!xend_relocation_allowed(allow, "192.168.1.70"));
    EXPECT(!xend_relocation_allowed(allow, "127.0.0.1"));
    EXPECT(!xend_relocation_allowed("", "127.0.0.1"));
    EXPECT(!xend_relocation_allowed("([", "127.0.0.1"));
}
