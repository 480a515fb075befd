/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HYPERVISOR_sysctl: the toolstack's questions about the machine, Xen
 * 4.17's ABI (public/sysctl.h, interface version 0x15, one layout for
 * 32- and 64-bit callers).  As Xen's do_sysctl(): the argument is copied
 * once (-EFAULT), its version checked (-EACCES), the caller must be the
 * control domain (-EPERM), unknown sub-ops answer -ENOSYS; the struct is
 * copied back after a sub-op that answers in it.
 *
 * We have: readconsole (clear, incremental, index), physinfo (free pages
 * exact: the heap's count), sched_id, getdomaininfolist, getcpuinfo,
 * cputopoinfo, numainfo, cpupool_op's INFO and FREEINFO, and the CPU
 * policies (arch/x86/cpu-policy-ops.c).  One socket,
 * one core per CPU, one NUMA node, one CPU pool.
 *
 * Lock: readconsole_lock guards the ring's cleared position; a leaf lock
 * taken around console_read_ring() (which takes console_lock inside).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/sched-if.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/cpu-policy.h>
#include <asm/hvm/guest_access.h>

BUILD_BUG_ON(sizeof(struct xen_sysctl) != 136);
BUILD_BUG_ON(offsetof(struct xen_sysctl, u) != 8);
BUILD_BUG_ON(sizeof(struct xen_sysctl_physinfo) != 112);

typedef long sysctl_fn_t(struct xen_sysctl *op);

static DEFINE_SPINLOCK(readconsole_lock);
static uint64_t conring_cleared;        /* readconsole_lock */

/* Copy ring bytes from *pos to the guest, up to max; bytes copied. */
static long ring_to_guest(uint64_t buf, uint32_t max, uint64_t *pos)
{
    char chunk[256];
    uint32_t done = 0;
    size_t n;

    while ( done < max &&
            (n = console_read_ring(pos, chunk,
                                   min(max - done, (uint32_t)sizeof(chunk)))) )
    {
        if ( copy_to_guest(buf + done, chunk, n) )
            return -EFAULT;
        done += n;
    }
    return done;
}

/*
 * Xen's read_console_ring(): from the cleared position, or from index
 * (a 32-bit ring position) if incremental and it is further on; clear
 * moves the cleared position to where the read stopped.
 */
static long sysctl_readconsole(struct xen_sysctl *op)
{
    struct xen_sysctl_readconsole *r = &op->u.readconsole;
    uint64_t pos;
    long n;

    spin_lock(&readconsole_lock);
    pos = conring_cleared;
    if ( r->incremental && (int32_t)(r->index - (uint32_t)pos) > 0 )
        pos += (uint32_t)(r->index - (uint32_t)pos);
    n = ring_to_guest(guest_handle_addr(r->buffer), r->count, &pos);
    if ( n >= 0 && r->clear )
        conring_cleared = pos;
    spin_unlock(&readconsole_lock);
    if ( n < 0 )
        return n;
    r->count = n;
    r->index = pos;
    return 0;
}

static long sysctl_physinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_physinfo *p = &op->u.physinfo;
    unsigned int n = cpumask_weight(&cpu_online_map);

    memset(p, 0, sizeof(*p));
    p->threads_per_core = 1;
    p->cores_per_socket = n;
    p->nr_cpus = n;
    p->max_cpu_id = nr_cpu_ids - 1;
    p->nr_nodes = 1;
    p->cpu_khz = cpu_khz;
    p->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
                      XEN_SYSCTL_PHYSCAP_gnttab_v1;
    p->total_pages = total_pages;
    p->free_pages = avail_heap_pages();
    p->max_mfn = max_page - 1;
    cpu_policy_hw_cap(p->hw_cap, ARRAY_SIZE(p->hw_cap));
    return 0;
}

static long sysctl_sched_id(struct xen_sysctl *op)
{
    op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
    return 0;
}

static long sysctl_getdomaininfolist(struct xen_sysctl *op)
{
    struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
    uint64_t buf = guest_handle_addr(l->buffer);
    struct xen_domctl_getdomaininfo info;
    uint32_t id = l->first_domain, n = 0;
    struct domain *d;
    int rc = 0;

    while ( n < l->max_domains && id < DOMID_FIRST_RESERVED &&
            (d = domain_find_from(id)) )
    {
        domain_getinfo(d, &info);
        id = d->domain_id + 1;
        put_domain(d);
        if ( copy_to_guest(buf + n * sizeof(info), &info, sizeof(info)) )
        {
            rc = -EFAULT;
            break;
        }
        n++;
    }
    l->num_domains = n;
    return rc;
}

static long sysctl_getcpuinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_getcpuinfo *g = &op->u.getcpuinfo;
    uint64_t buf = guest_handle_addr(g->info);
    uint32_t i, n = min(g->max_cpus, nr_cpu_ids);
    struct xen_sysctl_cpuinfo ci;

    for ( i = 0; i < n; i++ )
    {
        ci.idletime = sched_res[i].idle ? vcpu_running_time(sched_res[i].idle)
                                        : 0;
        if ( copy_to_guest(buf + i * sizeof(ci), &ci, sizeof(ci)) )
            return -EFAULT;
    }
    g->nr_cpus = n;
    return 0;
}

/* Xen: a null handle asks for the count; absent CPUs read invalid. */
static long sysctl_cputopoinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_cputopoinfo *t = &op->u.cputopoinfo;
    uint64_t buf = guest_handle_addr(t->cputopo);
    uint32_t i, n = nr_cpu_ids;
    struct xen_sysctl_cputopo c;

    if ( buf )
        n = min(n, t->num_cpus);
    for ( i = 0; buf && i < n; i++ )
    {
        bool up = cpumask_test_cpu(i, &cpu_online_map);

        c.core = up ? i : XEN_INVALID_CORE_ID;
        c.socket = up ? 0 : XEN_INVALID_SOCKET_ID;
        c.node = up ? 0 : XEN_INVALID_NODE_ID;
        if ( copy_to_guest(buf + i * sizeof(c), &c, sizeof(c)) )
            return -EFAULT;
    }
    t->num_cpus = n;
    return 0;
}

/* One node, all memory on it, distance 10 to itself (Xen's local). */
static long sysctl_numainfo(struct xen_sysctl *op)
{
    struct xen_sysctl_numainfo *n = &op->u.numainfo;
    uint64_t mem = guest_handle_addr(n->meminfo);
    uint64_t dist = guest_handle_addr(n->distance);
    struct xen_sysctl_meminfo mi = {
        .memsize = (uint64_t)total_pages << PAGE_SHIFT,
        .memfree = (uint64_t)avail_heap_pages() << PAGE_SHIFT,
    };
    uint32_t local = 10, nodes = 1;

    /* Null handles ask the count; else as many nodes as there is room. */
    if ( mem || dist )
        nodes = min(nodes, n->num_nodes);
    if ( nodes && mem && copy_to_guest(mem, &mi, sizeof(mi)) )
        return -EFAULT;
    if ( nodes && dist && copy_to_guest(dist, &local, sizeof(local)) )
        return -EFAULT;
    n->num_nodes = nodes;
    return 0;
}

/* Domains on the list (every one is in pool 0). */
static uint32_t count_domains(void)
{
    struct domain *d;
    uint32_t n = 0;
    domid_t id = 0;

    while ( id < DOMID_FIRST_RESERVED && (d = domain_find_from(id)) )
    {
        id = d->domain_id + 1;
        put_domain(d);
        n++;
    }
    return n;
}

/*
 * One CPU pool, Pool-0 (id 0), of the CPUs that run guests, scheduled by
 * credit: INFO of it (the first pool >= the id asked; -ENOENT past it),
 * FREEINFO (the online CPUs outside it: CPU0 where it runs no guest,
 * sched/guest-cpus.c, as a CPU taken out of Pool-0 is in Xen).  Making,
 * changing or destroying pools: -ENOSYS.
 */
static long sysctl_cpupool_op(struct xen_sysctl *op)
{
    struct xen_sysctl_cpupool_op *c = &op->u.cpupool_op;
    cpumask_t free;

    switch ( c->op )
    {
    case XEN_SYSCTL_CPUPOOL_OP_INFO:
        if ( c->cpupool_id )
            return -ENOENT;
        c->sched_id = XEN_SCHEDULER_CREDIT;
        c->n_dom = count_domains();
        return cpumask_to_xenctl(&c->cpumap, &sched_guest_cpus);
    case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
        cpumask_andnot(&free, &cpu_online_map, &sched_guest_cpus);
        return cpumask_to_xenctl(&c->cpumap, &free);
    }
    return -ENOSYS;
}

static sysctl_fn_t *const sysctl_table[] = {
    [XEN_SYSCTL_readconsole] = sysctl_readconsole,
    [XEN_SYSCTL_physinfo] = sysctl_physinfo,
    [XEN_SYSCTL_sched_id] = sysctl_sched_id,
    [XEN_SYSCTL_getdomaininfolist] = sysctl_getdomaininfolist,
    [XEN_SYSCTL_getcpuinfo] = sysctl_getcpuinfo,
    [XEN_SYSCTL_cputopoinfo] = sysctl_cputopoinfo,
    [XEN_SYSCTL_numainfo] = sysctl_numainfo,
    [XEN_SYSCTL_cpupool_op] = sysctl_cpupool_op,
    [XEN_SYSCTL_get_cpu_featureset] = arch_sysctl_get_cpu_featureset,
    [XEN_SYSCTL_get_cpu_policy] = arch_sysctl_get_cpu_policy,
};

long do_sysctl(uint64_t arg)
{
    struct xen_sysctl op;
    long rc;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( op.cmd >= ARRAY_SIZE(sysctl_table) || !sysctl_table[op.cmd] )
        return -ENOSYS;
    rc = sysctl_table[op.cmd](&op);
    /* -ENOBUFS (the CPU policy sub-ops) comes with the counts it wrote. */
    if ( (!rc || rc == -ENOBUFS) && copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
