/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version (xen/common/version.c) as a 64-bit and a 32-bit guest, the
 * privileged domain and another one see it: the numbers and strings, the
 * feature bitmap (Xen 4.17 gives a PVH dom0 0x12b05), the 4-byte compat
 * platform parameters, the privileged sub-ops, and -EFAULT for buffers
 * the guest does not have.  Guest memory is host memory here; addresses
 * in [BAD_VA, BAD_VA + 64K) are "unbacked".
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>
#include <asm/bootinfo.h>

static struct domain test_dom;
static struct vcpu test_vcpu = { .domain = &test_dom };
static bool test_compat;

#undef current
#define current (&test_vcpu)

#include "../../xen/common/version.c"

#include "harness.h"

#include "guest-access-fake.h"

struct boot_info boot_info;



static long xv(int cmd, const void *arg)
{
    return do_xen_version(cmd, (uint64_t)(uintptr_t)arg);
}

static void as_dom(bool privileged, bool compat)
{
    test_dom.is_privileged = privileged;
    test_dom.domain_id = privileged ? 0 : 1;
    test_compat = compat;
}

TEST(version_numbers)
{
    as_dom(true, false);
    EXPECT_EQ(xv(XENVER_version, NULL), 0x40011);
    EXPECT_EQ(xv(XENVER_pagesize, NULL), 4096);
    EXPECT_EQ(xv(XENVER_pagesize, &test_dom), -EINVAL);
    EXPECT_EQ(xv(99, NULL), -ENOSYS);
    EXPECT_EQ(xv(-1, NULL), -ENOSYS);
}

TEST(version_strings)
{
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;
    xen_changeset_info_t chg;
    unsigned int i, tail = 0;

    as_dom(false, false);
    memset(extra, 0x7f, sizeof(extra));
    EXPECT_EQ(xv(XENVER_extraversion, extra), 0);
    EXPECT(!strcmp(extra, ".0"));
    for ( i = 2; i < sizeof(extra); i++ )
        tail += extra[i] != 0;
    EXPECT_EQ(tail, 0);
    EXPECT_EQ(xv(XENVER_capabilities, caps), 0);
    EXPECT(!strcmp(caps, "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "));
    memset(chg, 0x7f, sizeof(chg));
    EXPECT_EQ(xv(XENVER_changeset, chg), 0);
    EXPECT_EQ(strnlen(chg, sizeof(chg)), 0);
}

TEST(version_compile_info)
{
    struct xen_compile_info ci;

    as_dom(false, true);
    memset(&ci, 0x7f, sizeof(ci));
    EXPECT_EQ(xv(XENVER_compile_info, &ci), 0);
    EXPECT(!strncmp(ci.compiler, "gcc ", 4));
    EXPECT(strnlen(ci.compiler, sizeof(ci.compiler)) < sizeof(ci.compiler));
    EXPECT(strnlen(ci.compile_date, sizeof(ci.compile_date)) <
           sizeof(ci.compile_date));
    EXPECT_EQ(ci.compile_domain[0], 0);
}

TEST(version_features)
{
    xen_feature_info_t fi = { .submap_idx = 0 };

    as_dom(true, false);
    EXPECT_EQ(xv(XENVER_get_features, &fi), 0);
    EXPECT_EQ(fi.submap, 0x12b05);      /* Xen 4.17, PVH dom0 */
    as_dom(false, true);
    fi.submap = 0;
    EXPECT_EQ(xv(XENVER_get_features, &fi), 0);
    EXPECT_EQ(fi.submap, 0x12b05 & ~(1U << XENFEAT_dom0));
    fi.submap_idx = 1;
    fi.submap = 0xdead;
    EXPECT_EQ(xv(XENVER_get_features, &fi), -EINVAL);
    EXPECT_EQ(fi.submap, 0xdead);
    EXPECT_EQ(xv(XENVER_get_features, (void *)BAD_VA), -EFAULT);
}

TEST(version_platform_parameters)
{
    uint64_t p[2];

    as_dom(true, false);
    memset(p, 0x55, sizeof(p));
    EXPECT_EQ(xv(XENVER_platform_parameters, p), 0);
    EXPECT_EQ(p[0], 0xffff800000000000ULL);
    EXPECT_EQ(p[1], 0x5555555555555555ULL);
    /* A 32-bit guest has a 4-byte virt_start, 0 for HVM. */
    as_dom(true, true);
    memset(p, 0x55, sizeof(p));
    EXPECT_EQ(xv(XENVER_platform_parameters, p), 0);
    EXPECT_EQ(p[0], 0x5555555500000000ULL);
}

TEST(version_privileged)
{
    xen_commandline_t cmd;
    xen_domain_handle_t h;
    uint32_t bid[4] = { 16 };

    strcpy(boot_info.cmdline, "console=com1 loglvl=all");
    as_dom(true, false);
    EXPECT_EQ(xv(XENVER_commandline, cmd), 0);
    EXPECT(!strcmp(cmd, "console=com1 loglvl=all"));
    EXPECT_EQ(xv(XENVER_build_id, NULL), -ENODATA);
    EXPECT_EQ(xv(XENVER_build_id, bid), -ENODATA);
    bid[0] = 0;
    EXPECT_EQ(xv(XENVER_build_id, bid), -EINVAL);
    EXPECT_EQ(xv(XENVER_build_id, (void *)BAD_VA), -EFAULT);
    as_dom(false, false);
    memset(cmd, 0x7f, sizeof(cmd));
    EXPECT_EQ(xv(XENVER_commandline, cmd), 0);
    EXPECT(!strcmp(cmd, "<denied>"));
    EXPECT_EQ(xv(XENVER_build_id, NULL), -EPERM);
    memset(h, 0xaa, sizeof(h));
    EXPECT_EQ(xv(XENVER_guest_handle, h), 0);
    EXPECT_EQ(h[0] | h[15], 0);
}

TEST(version_bad_buffers)
{
    const void *b = (const void *)(BAD_VA + 0x100);

    as_dom(true, false);
    EXPECT_EQ(xv(XENVER_extraversion, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_compile_info, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_capabilities, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_changeset, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_platform_parameters, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_guest_handle, b), -EFAULT);
    EXPECT_EQ(xv(XENVER_commandline, b), -EFAULT);
    /* A buffer that runs into unbacked memory fails too. */
    EXPECT_EQ(xv(XENVER_capabilities, (void *)(BAD_VA - 16)), -EFAULT);
}
