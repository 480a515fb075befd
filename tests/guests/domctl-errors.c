/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bad domctl and sysctl arguments get Xen 4.17's error codes, checked in
 * Xen's order (copy, interface version, domain lookup, privilege, then
 * the sub-op's own checks).  Run as dom0; the unprivileged caller's
 * -EPERM is checked by domctl-domu's payload.  createdomain's checks
 * are those of Xen's sanitise_domain_config(), arch_domain_create() and
 * grant_table_init() that hold on any Xen 4.17 build (we refuse PV and
 * shadow paging too, but Debian's Xen builds those, so they are not
 * asserted here).
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/hvm/save.h>
#include <public/memory.h>

#define NO_SUCH_DOMID   0x7000

static struct xen_domctl d;
static struct xen_sysctl s;
static uint8_t ctx[16384];     /* Xen's context of a PVH domU: ~5 KiB */

static long dctl(uint32_t cmd, domid_t dom, uint32_t version)
{
    d.cmd = cmd;
    d.domain = dom;
    d.interface_version = version;
    return domctl(&d);
}

static long dctl_ok(uint32_t cmd, domid_t dom)
{
    return dctl(cmd, dom, XEN_DOMCTL_INTERFACE_VERSION);
}

/* A PVH config Xen and we both accept. */
static void good_config(void)
{
    memset(&d.u, 0, sizeof(d.u));
    pvh_domain_config(&d.u.createdomain, 1);
}

static void create_fails(long want, const char *what)
{
    check_eq_rc(dctl_ok(XEN_DOMCTL_createdomain, 0), want, what);
    good_config();
}

static void check_createdomain(void)
{
    struct xen_domctl_createdomain *c = &d.u.createdomain;

    good_config();
    c->flags |= 1U << 20;
    create_fails(-XEN_EINVAL, "createdomain: unknown flag");
    c->max_vcpus = 0;
    create_fails(-XEN_EINVAL, "createdomain: no vCPUs");
    c->max_vcpus = 129;
    create_fails(-XEN_EINVAL, "createdomain: more vCPUs than HVM_MAX_VCPUS");
    c->flags = XEN_DOMCTL_CDF_hap;
    create_fails(-XEN_EINVAL, "createdomain: hap without hvm");
    c->iommu_opts = XEN_DOMCTL_IOMMU_no_sharept;
    create_fails(-XEN_EINVAL, "createdomain: IOMMU options, no IOMMU flag");
    c->grant_opts = 0;
    create_fails(-XEN_EINVAL, "createdomain: grant version 0");
    c->grant_opts = XEN_DOMCTL_GRANT_version(1) | 0x10;
    create_fails(-XEN_EINVAL, "createdomain: unknown grant options");
    c->max_grant_frames = 65;
    create_fails(-XEN_EINVAL, "createdomain: max_grant_frames above 64");
    c->max_grant_frames = 0;
    create_fails(-XEN_EINVAL, "createdomain: max_grant_frames 0");
    c->max_maptrack_frames = 1025;
    create_fails(-XEN_EINVAL, "createdomain: max_maptrack_frames above 1024");
    c->arch.emulation_flags = 1U << 15;
    create_fails(-XEN_EINVAL, "createdomain: unknown emulation flag");
    c->arch.emulation_flags = XEN_X86_EMU_LAPIC | XEN_X86_EMU_PIT;
    create_fails(-XEN_EOPNOTSUPP,
                 "createdomain: emulators no HVM domU has that way");
    c->arch.misc_flags = 1U << 5;
    create_fails(-XEN_EINVAL, "createdomain: unknown misc flag");
    c->cpupool_id = 42;
    create_fails(-XEN_ESRCH, "createdomain: no such CPU pool");
}

static void check_generic(void)
{
    memset(&d.u, 0, sizeof(d.u));
    check_eq_rc(dctl(XEN_DOMCTL_getdomaininfo, 0, 0x14), -XEN_EACCES,
                "domctl: old interface version");
    check_eq_rc(dctl(XEN_DOMCTL_getdomaininfo, 0, 0x16), -XEN_EACCES,
                "domctl: newer interface version");
    check_eq_rc(domctl((void *)0xdead0000UL), -XEN_EFAULT,
                "domctl: argument not readable");
    check_eq_rc(dctl_ok(XEN_DOMCTL_pausedomain, NO_SUCH_DOMID), -XEN_ESRCH,
                "pausedomain: no such domain");
    check_eq_rc(dctl_ok(XEN_DOMCTL_getdomaininfo, DOMID_SELF), -XEN_EINVAL,
                "getdomaininfo: DOMID_SELF is no domain id here");
    check_eq_rc(dctl_ok(XEN_DOMCTL_getdomaininfo, NO_SUCH_DOMID),
                -XEN_ESRCH, "getdomaininfo: no domain at or above the id");
    check_eq_rc(dctl_ok(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL,
                "pausedomain: the caller's own domain");
    check_eq_rc(dctl_ok(XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL,
                "destroydomain: the caller's own domain");
    check_eq_rc(dctl_ok(999, 0), -XEN_ENOSYS, "domctl: unknown sub-op");
    check_eq_rc(dctl_ok(999, NO_SUCH_DOMID), -XEN_ESRCH,
                "domctl: unknown sub-op on no domain: lookup first");
    s.interface_version = 0x14;
    s.cmd = XEN_SYSCTL_physinfo;
    check_eq_rc(sysctl(&s), -XEN_EACCES, "sysctl: old interface version");
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    s.cmd = 999;
    check_eq_rc(sysctl(&s), -XEN_ENOSYS, "sysctl: unknown sub-op");
}

static void check_hvm_context(domid_t id)
{
    struct hvm_save_descriptor *desc = (void *)ctx;

    memset(&d.u, 0, sizeof(d.u));
    set_xen_guest_handle(d.u.hvmcontext.buffer, ctx);
    d.u.hvmcontext.size = 8;
    check_eq_rc(dctl_ok(XEN_DOMCTL_gethvmcontext, id), -XEN_ENOSPC,
                "gethvmcontext: buffer too small");
    d.u.hvmcontext.size = sizeof(ctx);
    if ( !check_eq_rc(dctl_ok(XEN_DOMCTL_gethvmcontext, id), 0,
                      "gethvmcontext") )
        return;
    /* HEADER then END: nothing after the header but our END. */
    ((struct hvm_save_header *)(desc + 1))->magic ^= 1;
    check_eq_rc(dctl_ok(XEN_DOMCTL_sethvmcontext, id), -XEN_EINVAL,
                "sethvmcontext: bad magic");
    ((struct hvm_save_header *)(desc + 1))->magic ^= 1;
    d.u.hvmcontext.size = sizeof(*desc) + desc->length;
    check_eq_rc(dctl_ok(XEN_DOMCTL_sethvmcontext, id), -XEN_ENODATA,
                "sethvmcontext: no END record");
    d.u.hvmcontext.size = 0;
    check_eq_rc(dctl_ok(XEN_DOMCTL_sethvmcontext, id), -XEN_ENODATA,
                "sethvmcontext: empty");
    memset(&d.u, 0, sizeof(d.u));
    d.u.hvmcontext_partial.type = 2;
    d.u.hvmcontext_partial.instance = 0;
    check_eq_rc(dctl_ok(XEN_DOMCTL_gethvmcontext_partial, id), -XEN_ENODATA,
                "gethvmcontext_partial: a vCPU that is down");
    d.u.hvmcontext_partial.instance = 5;
    check_eq_rc(dctl_ok(XEN_DOMCTL_gethvmcontext_partial, id), -XEN_ENOENT,
                "gethvmcontext_partial: no such vCPU");
    d.u.hvmcontext_partial.type = 14;
    d.u.hvmcontext_partial.instance = 0;
    check_eq_rc(dctl_ok(XEN_DOMCTL_gethvmcontext_partial, id), 0,
                "gethvmcontext_partial: MTRR of a vCPU that is down");
    check_eq(d.u.hvmcontext_partial.bufsz, sizeof(struct hvm_hw_mtrr),
             "... its length");
}

/* What libxl sets up before building: TSC mode, node affinity, e820. */
static void check_build_pre(domid_t id)
{
    static uint8_t nodes[8];
    /* One e820 entry: address, size, type (20 bytes, packed). */
    static struct __attribute__((packed)) {
        uint64_t addr, size;
        uint32_t type;
    } map[1] = { { 0, 1 << 20, 1 } };
    struct xen_foreign_memory_map fm = { .domid = id };

    memset(&d.u, 0, sizeof(d.u));
    d.u.tsc_info.tsc_mode = 7;
    check_eq_rc(dctl_ok(XEN_DOMCTL_settscinfo, id), -XEN_EINVAL,
                "settscinfo: unknown mode");
    d.u.tsc_info.tsc_mode = 0;
    check_eq_rc(dctl_ok(XEN_DOMCTL_settscinfo, id), 0, "settscinfo default");
    d.u.tsc_info.tsc_mode = 5;
    check_eq_rc(dctl_ok(XEN_DOMCTL_gettscinfo, id), 0, "gettscinfo");
    check_eq(d.u.tsc_info.tsc_mode, 0, "... mode default");
    memset(&d.u, 0, sizeof(d.u));
    set_xen_guest_handle(d.u.nodeaffinity.nodemap.bitmap, nodes);
    d.u.nodeaffinity.nodemap.nr_bits = 64;
    check_eq_rc(dctl_ok(XEN_DOMCTL_setnodeaffinity, id), -XEN_EINVAL,
                "setnodeaffinity: no node");
    nodes[0] = 1;
    check_eq_rc(dctl_ok(XEN_DOMCTL_setnodeaffinity, id), 0,
                "setnodeaffinity: node 0");
    set_xen_guest_handle(fm.map.buffer, (void *)map);
    fm.map.nr_entries = 2000;
    check_eq_rc(memory_op(XENMEM_set_memory_map, &fm), -XEN_EINVAL,
                "set_memory_map: too many entries");
    fm.map.nr_entries = 1;
    check_eq_rc(memory_op(XENMEM_set_memory_map, &fm), 0,
                "set_memory_map of the domU");
    memset(&s.u, 0, sizeof(s.u));
    s.cmd = XEN_SYSCTL_numainfo;
    check_eq_rc(sysctl(&s), 0, "sysctl numainfo: node count");
    check(s.u.numainfo.num_nodes >= 1, "at least one node", "%u",
          s.u.numainfo.num_nodes);
}

static void check_domain_ops(domid_t id)
{
    memset(&d.u, 0, sizeof(d.u));
    d.u.max_vcpus.max = 2;
    check_eq_rc(dctl_ok(XEN_DOMCTL_max_vcpus, id), -XEN_EINVAL,
                "max_vcpus: not what createdomain said");
    d.u.max_vcpus.max = 1;
    check_eq_rc(dctl_ok(XEN_DOMCTL_max_vcpus, id), 0, "max_vcpus: the same");
    memset(&d.u, 0, sizeof(d.u));
    d.u.getvcpuinfo.vcpu = 200;
    check_eq_rc(dctl_ok(XEN_DOMCTL_getvcpuinfo, id), -XEN_EINVAL,
                "getvcpuinfo: vCPU beyond max_vcpus");
    memset(&d.u, 0, sizeof(d.u));
    d.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = 7;
    check_eq_rc(dctl_ok(XEN_DOMCTL_scheduler_op, id), -XEN_EINVAL,
                "scheduler_op: unknown command");
    memset(&d.u, 0, sizeof(d.u));
    d.u.paging_mempool.size = 1ULL << 63;
    check_eq_rc(dctl_ok(XEN_DOMCTL_set_paging_mempool_size, id),
                -XEN_EINVAL, "set_paging_mempool_size: absurdly large");
    check_eq_rc(dctl_ok(XEN_DOMCTL_unpausedomain, id), 0,
                "unpausedomain of the new domain");
    check_eq_rc(dctl_ok(XEN_DOMCTL_unpausedomain, id), -XEN_EINVAL,
                "unpausedomain once more");
}

void test_main(void)
{
    domid_t id;

    check_generic();
    check_createdomain();
    if ( !check_eq_rc(dctl_ok(XEN_DOMCTL_createdomain, 0), 0,
                      "createdomain: a good config") )
        return;
    id = d.domain;
    /* As libxl, before anything else (Xen makes the vCPUs here). */
    memset(&d.u, 0, sizeof(d.u));
    d.u.max_vcpus.max = 1;
    check_eq_rc(dctl_ok(XEN_DOMCTL_max_vcpus, id), 0, "max_vcpus");
    good_config();
    check_eq_rc(dctl_ok(XEN_DOMCTL_createdomain, id), -XEN_EEXIST,
                "createdomain: a domid in use");
    check_hvm_context(id);
    check_build_pre(id);
    check_domain_ops(id);
    check_eq_rc(dctl_ok(XEN_DOMCTL_destroydomain, id), 0, "destroydomain");
    check_eq_rc(dctl_ok(XEN_DOMCTL_pausedomain, id), -XEN_ESRCH,
                "pausedomain: a destroyed domain");
}
