/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall page and xen_version, as Xen 4.17 answers them to a PVH
 * dom0 (the hardware domain, so the privileged sub-ops are allowed).
 */
#include "guest.h"

#include <public/features.h>

#define XEN_MAJOR 4
#define XEN_MINOR 17

static void check_page(void)
{
    /* Every 32-byte slot holds a stub that starts "mov $n, %eax". */
    CHECK(hypercall_page[0] == 0xb8 && hypercall_page[1] == 0 &&
          hypercall_page[32 * 17] == 0xb8 && hypercall_page[32 * 17 + 1] == 17,
          "hypercall page stubs");
}

static void check_version(void)
{
    long v = xen_version(XENVER_version, NULL);

    printk("info xen_version: %ld.%ld\n", v >> 16, v & 0xffff);
    check_eq(v, (XEN_MAJOR << 16) | XEN_MINOR, "XENVER_version 4.17");
}

/*
 * A string sub-op: returns 0 and a NUL-terminated string, non-empty if
 * asked.  (Debian's Xen 4.17 build reports an empty changeset.)
 */
static void check_string(int cmd, char *buf, size_t size, bool nonempty,
                         const char *what)
{
    long rc;

    memset(buf, 0x7f, size);
    rc = xen_version(cmd, buf);
    check(rc == 0 && strnlen(buf, size) < size && (buf[0] || !nonempty),
          what,
          "rc %ld, len %zu", rc, strnlen(buf, size));
    if ( rc == 0 && strnlen(buf, size) < size )
        printk("info %s: \"%s\"\n", what, buf);
}

static void check_strings(void)
{
    static xen_capabilities_info_t caps;
    static xen_commandline_t cmdline;
    xen_extraversion_t extra;
    xen_changeset_info_t chg;

    check_string(XENVER_extraversion, extra, sizeof(extra), true,
                 "XENVER_extraversion");
    check_string(XENVER_capabilities, caps, sizeof(caps), true,
                 "XENVER_capabilities");
    CHECK(strstr(caps, "hvm-3.0-x86_64") && strstr(caps, "hvm-3.0-x86_32"),
          "capabilities list hvm-3.0-x86_64 and hvm-3.0-x86_32");
    check_string(XENVER_changeset, chg, sizeof(chg), false,
                 "XENVER_changeset");
    /* The hardware domain may read the hypervisor's command line. */
    check_string(XENVER_commandline, cmdline, sizeof(cmdline), true,
                 "XENVER_commandline");
    CHECK(!strstr(cmdline, "<denied>"), "commandline not denied to dom0");
}

static void check_compile_info(void)
{
    static xen_compile_info_t ci;
    long rc = xen_version(XENVER_compile_info, &ci);

    check_eq_rc(rc, 0, "XENVER_compile_info");
    CHECK(strnlen(ci.compiler, sizeof(ci.compiler)) < sizeof(ci.compiler) &&
          ci.compiler[0], "compile_info compiler string");
}

static void check_platform(void)
{
    xen_platform_parameters_t p = { 0 };
    long rc = xen_version(XENVER_platform_parameters, &p);

    check_eq_rc(rc, 0, "XENVER_platform_parameters");
    printk("info virt_start: %#llx\n", (unsigned long long)p.virt_start);
    /*
     * Xen 4.17: a 64-bit caller gets HYPERVISOR_VIRT_START; a 32-bit
     * (compat) HVM caller gets the domain's compat start, which is 0 for
     * HVM/PVH domains.
     */
#ifdef __x86_64__
    check_eq(p.virt_start, HYPERVISOR_VIRT_START, "virt_start 64-bit");
#else
    check_eq(p.virt_start, 0, "virt_start 32-bit compat");
#endif
}

static void check_features(void)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    uint32_t want = (1u << XENFEAT_writable_page_tables) |
                    (1u << XENFEAT_auto_translated_physmap) |
                    (1u << XENFEAT_hvm_callback_vector) |
                    (1u << XENFEAT_hvm_safe_pvclock) |
                    (1u << XENFEAT_dom0) |
                    (1u << XENFEAT_memory_op_vnode_supported) |
                    (1u << XENFEAT_not_direct_mapped);
    long rc = xen_version(XENVER_get_features, &fi);

    check_eq_rc(rc, 0, "XENVER_get_features submap 0");
    printk("info features submap 0: %#x\n", fi.submap);
    check_eq(fi.submap, want, "features of a PVH dom0");
    fi.submap_idx = 1;
    check_eq_rc(xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
                "XENVER_get_features submap 1 is EINVAL");
}

static void check_misc(void)
{
    xen_domain_handle_t h;
    char buf[8];
    unsigned int i, nz = 0;

    check_eq_rc(xen_version(XENVER_pagesize, NULL), 4096, "XENVER_pagesize");
    check_eq_rc(xen_version(XENVER_pagesize, buf), -XEN_EINVAL,
                "XENVER_pagesize with an argument is EINVAL");
    memset(h, 0xaa, sizeof(h));
    check_eq_rc(xen_version(XENVER_guest_handle, h), 0,
                "XENVER_guest_handle");
    for ( i = 0; i < sizeof(h); i++ )
        nz += h[i] != 0;
    check_eq(nz, 0, "dom0 guest handle is all zero");
    check_eq_rc(xen_version(99, NULL), -XEN_ENOSYS, "unknown sub-op ENOSYS");
}

void test_main(void)
{
    check_page();
    check_version();
    check_strings();
    check_compile_info();
    check_platform();
    check_features();
    check_misc();
}
