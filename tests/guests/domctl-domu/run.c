/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running the domU and what dom0 then checks: the payload's results,
 * getdomaininfo, the vCPU, scheduler and paging-pool domctls, resume,
 * and destruction.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include "domu.h"
#include "payload.h"

#define RUN_TIMEOUT_NS  10000000000ULL

static uint32_t res(uint32_t gpa)
{
    return *(volatile uint32_t *)DOMU_PTR(gpa);
}

static bool wait_shutdown(domid_t id)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t end = now_ns() + RUN_TIMEOUT_NS;

    do {
        if ( !getdomaininfo(id, &info) )
            return false;
        if ( info.flags & XEN_DOMINF_shutdown )
            return true;
        sched_op(SCHEDOP_yield, NULL);
    } while ( now_ns() < end );
    return check(false, "domU shut down in time", "flags %#x", info.flags);
}

bool domu_run(domid_t id)
{
    struct xen_domctl_getdomaininfo info;

    dom_exc_seen();
    if ( !getdomaininfo(id, &info) )
        return false;
    check(info.flags & XEN_DOMINF_paused, "born paused", "flags %#x",
          info.flags);
    check_eq(res(PAYLOAD_RES_ALIVE), 0, "payload not run before unpause");
    if ( !check_eq_rc(do_dctl(XEN_DOMCTL_unpausedomain, id), 0,
                      "unpausedomain") )
        return false;
    check_eq_rc(do_dctl(XEN_DOMCTL_unpausedomain, id), -XEN_EINVAL,
                "unpause of a domain not paused");
    return wait_shutdown(id);
}

void domu_check_results(void)
{
    check_eq(res(PAYLOAD_RES_ALIVE), PAYLOAD_ALIVE, "payload ran");
    check_eq((int32_t)res(PAYLOAD_RES_DOMCTL), -XEN_EPERM,
             "domU's domctl: -EPERM");
    check_eq((int32_t)res(PAYLOAD_RES_SYSCTL), -XEN_EPERM,
             "domU's sysctl: -EPERM");
    check_eq(res(PAYLOAD_RES_INB), 0xff, "domU's inb: all ones");
    check_eq(res(PAYLOAD_RES_INL), 0xffffffff, "domU's inl: all ones");
    check_eq(res(PAYLOAD_RES_CFG), 0xffffffff,
             "domU's PCI config read: all ones");
    check_eq(res(PAYLOAD_RES_DONE), PAYLOAD_DONE, "payload finished");
    check(dom_exc_seen(), "VIRQ_DOM_EXC on its shutdown", " ");
}

void domu_check_info(domid_t id, unsigned int round)
{
    struct xen_domctl_getdomaininfo info;

    if ( !getdomaininfo(id, &info) )
        return;
    check_eq((info.flags >> XEN_DOMINF_shutdownshift) &
             XEN_DOMINF_shutdownmask, PAYLOAD_REASON, "shutdown reason");
    check(info.flags & XEN_DOMINF_hvm_guest, "hvm_guest flag", "%#x",
          info.flags);
    check(!(info.flags & (XEN_DOMINF_dying | XEN_DOMINF_paused)),
          "not dying, not paused", "%#x", info.flags);
    check_eq(info.tot_pages, PAYLOAD_FRAMES, "tot_pages");
    check_eq(info.max_pages, (PAYLOAD_FRAMES * 4 + 1024) / 4, "max_pages");
    check_eq(info.nr_online_vcpus, 1, "nr_online_vcpus");
    check_eq(info.max_vcpu_id, 0, "max_vcpu_id");
    check_eq(memcmp(info.handle, domu_handle, 16), 0, "handle");
    check_eq(info.arch_config.emulation_flags, XEN_X86_EMU_LAPIC,
             "emulation flags");
    if ( round == 0 )
        printk("info cpu_time %llu ns\n", (unsigned long long)info.cpu_time);
}

/* Pool-0's CPUs (bit n: CPU n), where a vCPU may be pinned. */
static uint8_t pool_cpus(void)
{
    static uint8_t map[8];
    struct xen_sysctl_cpupool_op *c = &sop.u.cpupool_op;

    memset(&sop.u, 0, sizeof(sop.u));
    c->op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    set_xen_guest_handle(c->cpumap.bitmap, map);
    c->cpumap.nr_bits = 64;
    check_eq_rc(do_sctl(XEN_SYSCTL_cpupool_op), 0, "cpupool INFO");
    return map[0];
}

/*
 * Hard {p}, soft {p,q}, p and q the first two CPUs of Pool-0 (CPU0 and 1,
 * or 1 and 2 where CPU0 runs no guest: docs/boot.md step 10).
 */
static void check_affinity(domid_t id)
{
    static uint8_t hard[8], soft[8];
    struct xen_domctl_vcpuaffinity *a = &dop.u.vcpuaffinity;
    uint8_t pool = pool_cpus(), p = pool & -pool;
    uint8_t q = (pool & ~p) & -(pool & ~p);

    memset(&dop.u, 0, sizeof(dop.u));
    hard[0] = p;
    soft[0] = p | q;
    a->flags = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    set_xen_guest_handle(a->cpumap_hard.bitmap, hard);
    set_xen_guest_handle(a->cpumap_soft.bitmap, soft);
    a->cpumap_hard.nr_bits = a->cpumap_soft.nr_bits = 64;
    check_eq_rc(do_dctl(XEN_DOMCTL_setvcpuaffinity, id), 0,
                "setvcpuaffinity hard {p} soft {p,q}");
    check_eq(soft[0], p, "effective soft map: within the hard one");
    hard[0] = soft[0] = 0xff;
    check_eq_rc(do_dctl(XEN_DOMCTL_getvcpuaffinity, id), 0,
                "getvcpuaffinity");
    check_eq(hard[0], p, "hard map read back");
    check_eq(soft[0], p | q, "soft map read back");
    a->flags = 0;
    check_eq_rc(do_dctl(XEN_DOMCTL_getvcpuaffinity, id), -XEN_EINVAL,
                "getvcpuaffinity without flags");
}

/*
 * The scheduler sysctl names (credit here; Debian's Xen 4.17 runs
 * credit2, whose weight and cap have the same layout).
 */
static void check_sched(domid_t id)
{
    struct xen_domctl_scheduler_op *s = &dop.u.scheduler_op;
    uint32_t sched;

    memset(&sop.u, 0, sizeof(sop.u));
    check_eq_rc(do_sctl(XEN_SYSCTL_sched_id), 0, "sysctl sched_id");
    sched = sop.u.sched_id.sched_id;
    memset(&dop.u, 0, sizeof(dop.u));
    s->sched_id = sched;
    s->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    s->u.credit.weight = 512;
    s->u.credit.cap = 50;
    check_eq_rc(do_dctl(XEN_DOMCTL_scheduler_op, id), 0, "sched putinfo");
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    s->u.credit.weight = s->u.credit.cap = 0;
    check_eq_rc(do_dctl(XEN_DOMCTL_scheduler_op, id), 0, "sched getinfo");
    check_eq(s->u.credit.weight, 512, "weight read back");
    check_eq(s->u.credit.cap, 50, "cap read back");
    s->sched_id = sched == XEN_SCHEDULER_CREDIT ? XEN_SCHEDULER_CREDIT2
                                                : XEN_SCHEDULER_CREDIT;
    check_eq_rc(do_dctl(XEN_DOMCTL_scheduler_op, id), -XEN_EINVAL,
                "scheduler_op for another scheduler");
}

static void check_pool(domid_t id)
{
    memset(&dop.u, 0, sizeof(dop.u));
    check_eq_rc(do_dctl(XEN_DOMCTL_get_paging_mempool_size, id), 0,
                "get_paging_mempool_size");
    check(dop.u.paging_mempool.size >= (1 << 20), "pool of at least 1 MiB",
          "%llu", (unsigned long long)dop.u.paging_mempool.size);
    dop.u.paging_mempool.size = 2 << 20;
    check_eq_rc(do_dctl(XEN_DOMCTL_set_paging_mempool_size, id), 0,
                "set_paging_mempool_size 2 MiB");
    dop.u.paging_mempool.size = 0;
    check_eq_rc(do_dctl(XEN_DOMCTL_get_paging_mempool_size, id), 0,
                "get_paging_mempool_size again");
    check_eq(dop.u.paging_mempool.size, 2 << 20, "pool is 2 MiB");
    dop.u.paging_mempool.size = 4097;
    check_eq_rc(do_dctl(XEN_DOMCTL_set_paging_mempool_size, id), -XEN_EINVAL,
                "a pool size that is not whole pages");
}

void domu_check_vcpu_ops(domid_t id)
{
    memset(&dop.u, 0, sizeof(dop.u));
    check_eq_rc(do_dctl(XEN_DOMCTL_getvcpuinfo, id), 0, "getvcpuinfo 0");
    check_eq(dop.u.getvcpuinfo.online, 1, "vCPU 0 online");
    dop.u.getvcpuinfo.vcpu = 1;
    check_eq_rc(do_dctl(XEN_DOMCTL_getvcpuinfo, id), -XEN_EINVAL,
                "getvcpuinfo beyond max_vcpus");
    check_affinity(id);
    check_sched(id);
    check_pool(id);
    memset(&dop.u, 0, sizeof(dop.u));
    dop.u.settimeoffset.time_offset_seconds = -3600;
    check_eq_rc(do_dctl(XEN_DOMCTL_settimeoffset, id), 0, "settimeoffset");
    check_eq_rc(do_dctl(XEN_DOMCTL_pausedomain, id), 0, "pausedomain");
    check_eq_rc(do_dctl(XEN_DOMCTL_unpausedomain, id), 0, "unpausedomain");
}

/* resumedomain: the shutdown is undone and the payload runs on. */
void domu_check_resume(domid_t id)
{
    struct xen_domctl_getdomaininfo info;

    check_eq_rc(do_dctl(XEN_DOMCTL_resumedomain, id), 0, "resumedomain");
    if ( getdomaininfo(id, &info) )
        check(!(info.flags & XEN_DOMINF_shutdown), "no longer shut down",
              "%#x", info.flags);
}

void domu_destroy(domid_t id)
{
    domu_unmap();
    dom_exc_seen();
    check_eq_rc(do_dctl(XEN_DOMCTL_destroydomain, id), 0, "destroydomain");
    check(dom_exc_seen(), "VIRQ_DOM_EXC on its destruction", " ");
    memset(&dop.u, 0, sizeof(dop.u));
    /* getdomaininfo finds the next domain up: there is none. */
    check_eq_rc(do_dctl(XEN_DOMCTL_getdomaininfo, id), -XEN_ESRCH,
                "getdomaininfo after destroy");
}
