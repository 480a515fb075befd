/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version: what the hypervisor is and what it offers, answered as
 * Xen 4.17 answers an HVM/PVH guest (xen/common/kernel.c there, with the
 * default XSM policy: every guest may read the version, extraversion,
 * compile info, capabilities, changeset, platform parameters, features,
 * page size and its own handle; only the privileged domain may read the
 * command line and the build id, others get "<denied>" or -EPERM).
 *
 * 32-bit callers: every structure here has the same layout except
 * xen_platform_parameters, whose virt_start is 4 bytes wide; Xen gives a
 * 32-bit HVM guest 0 there (the compat hypervisor hole of an HVM domain).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/version.h>
#include <asm/bootinfo.h>
#include <asm/hvm/guest_access.h>
#include <public/version.h>

#define XEN_DENIED "<denied>"

/* Xen's list for a host with HVM and no PV (arch_get_xen_caps()). */
#define XEN_CAPABILITIES "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "

/*
 * The features an HVM/PVH domain gets (Xen 4.17, XENVER_get_features),
 * each because we provide it:
 *  writable_page_tables, auto_translated_physmap: nested paging; the
 *    guest owns its page tables and sees guest frames, never machine ones.
 *  hvm_callback_vector: HVM_PARAM_CALLBACK_IRQ of type vector is accepted
 *    (hvm_op.c); event delivery on it comes with event channels.
 *  hvm_safe_pvclock: vcpu_time_info is kept coherent (shared_info.c).
 *  memory_op_vnode_supported: XENMEM_get_vnumainfo exists (memory.c).
 *  not_direct_mapped: what Xen reports for every translated x86 domain.
 *    Our dom0 is in fact mapped 1:1, but x86 guests do not act on either
 *    bit (only Arm's swiotlb-xen does), so we keep Xen's answer.
 *  dom0: for the privileged domain.
 * Not offered: the PV-only bits and hvm_pirqs (no emulated-IRQ routing).
 */
static uint32_t xenver_features(const struct domain *d,
                                unsigned int submap_idx, bool *valid)
{
    uint32_t f = (1U << XENFEAT_writable_page_tables) |
                 (1U << XENFEAT_auto_translated_physmap) |
                 (1U << XENFEAT_hvm_callback_vector) |
                 (1U << XENFEAT_hvm_safe_pvclock) |
                 (1U << XENFEAT_memory_op_vnode_supported) |
                 (1U << XENFEAT_not_direct_mapped);

    *valid = submap_idx == 0;
    if ( !*valid )
        return 0;
    if ( d->is_privileged )
        f |= 1U << XENFEAT_dom0;
    return f;
}

/* Copy a fixed-size, NUL-padded string field out: 0 or -EFAULT. */
static long put_string(uint64_t arg, const char *s, size_t size)
{
    char buf[1024];

    ASSERT(size <= sizeof(buf));
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long xenver_compile_info(uint64_t arg)
{
    struct xen_compile_info ci;

    memset(&ci, 0, sizeof(ci));
    strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
    strlcpy(ci.compile_by, HV_NAME, sizeof(ci.compile_by));
    strlcpy(ci.compile_date, __DATE__ " " __TIME__, sizeof(ci.compile_date));
    return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

static long xenver_platform_parameters(uint64_t arg)
{
    uint64_t start = HYPERVISOR_VIRT_START;
    uint32_t compat_start = 0;

    if ( hypercall_is_compat() )
        return copy_to_guest(arg, &compat_start, 4) ? -EFAULT : 0;
    return copy_to_guest(arg, &start, 8) ? -EFAULT : 0;
}

static long xenver_get_features(const struct domain *d, uint64_t arg)
{
    struct xen_feature_info fi;
    bool valid;

    if ( copy_from_guest(&fi, arg, sizeof(fi)) )
        return -EFAULT;
    fi.submap = xenver_features(d, fi.submap_idx, &valid);
    if ( !valid )
        return -EINVAL;
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long xenver_guest_handle(const struct domain *d, uint64_t arg)
{
    /* The toolstack sets no handles yet: every domain's is all zero. */
    xen_domain_handle_t h;

    memset(h, 0, sizeof(h));
    return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
}

static long xenver_commandline(uint64_t arg, bool deny)
{
    if ( deny )
        return copy_to_guest(arg, XEN_DENIED, sizeof(XEN_DENIED))
               ? -EFAULT : 0;
    return put_string(arg, boot_info.cmdline, sizeof(xen_commandline_t));
}

/*
 * XENVER_build_id: we embed no build id, so the privileged domain gets
 * -ENODATA (what Xen returns when it has none) once the argument checks
 * pass; others -EPERM.
 */
static long xenver_build_id(uint64_t arg, bool deny)
{
    uint32_t len;

    if ( deny )
        return -EPERM;
    if ( arg )
    {
        if ( copy_from_guest(&len, arg, sizeof(len)) )
            return -EFAULT;
        if ( len == 0 )
            return -EINVAL;
    }
    return -ENODATA;
}

/* Strings every guest may read. */
static long xenver_strings(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case XENVER_extraversion:
        return put_string(arg, XEN_EXTRAVERSION,
                          sizeof(xen_extraversion_t));
    case XENVER_capabilities:
        return put_string(arg, XEN_CAPABILITIES,
                          sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        /* Like Debian's Xen 4.17 build: no changeset recorded. */
        return put_string(arg, "", sizeof(xen_changeset_info_t));
    }
    return -ENOSYS;
}

long do_xen_version(int cmd, uint64_t arg)
{
    const struct domain *d = current->domain;
    /* Only the command line and build id need privilege. */
    bool deny = !d->is_privileged;

    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_VERSION << 16) | XEN_SUBVERSION;
    case XENVER_extraversion:
    case XENVER_capabilities:
    case XENVER_changeset:
        return xenver_strings(cmd, arg);
    case XENVER_compile_info:
        return xenver_compile_info(arg);
    case XENVER_platform_parameters:
        return xenver_platform_parameters(arg);
    case XENVER_get_features:
        return xenver_get_features(d, arg);
    case XENVER_pagesize:
        return arg ? -EINVAL : PAGE_SIZE;
    case XENVER_guest_handle:
        return xenver_guest_handle(d, arg);
    case XENVER_commandline:
        return xenver_commandline(arg, deny);
    case XENVER_build_id:
        return xenver_build_id(arg, deny);
    }
    return -ENOSYS;
}
