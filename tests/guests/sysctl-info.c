/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sysctls a toolstack asks first (xl info, xm info, xm dmesg, the
 * domain list): physinfo, sched_id, getdomaininfolist, cputopoinfo,
 * getcpuinfo, numainfo, cpupool_op (INFO, FREEINFO) and readconsole
 * (whole ring, incremental from an index, clear), from dom0.  QEMU runs us with 2 CPUs.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/sysctl.h>


static struct xen_sysctl s;
static unsigned int nr_cpus;            /* physinfo's */
static xen_domctl_getdomaininfo_t infos[4];
static char ring[16384];

static long sctl(uint32_t cmd)
{
    s.cmd = cmd;
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return sysctl(&s);
}

static void check_physinfo(void)
{
    struct xen_sysctl_physinfo *p = &s.u.physinfo;

    memset(&s.u, 0, sizeof(s.u));
    if ( !check_eq_rc(sctl(XEN_SYSCTL_physinfo), 0, "physinfo") )
        return;
    /* 2, or 3 under QEMU's TCG (tests/system/qemu.py machine_cpus()). */
    nr_cpus = p->nr_cpus;
    check(nr_cpus == 2 || nr_cpus == 3, "physinfo nr_cpus", "%u", nr_cpus);
    check(p->max_cpu_id >= 1, "physinfo max_cpu_id", "%u", p->max_cpu_id);
    check(p->capabilities & XEN_SYSCTL_PHYSCAP_hvm, "physinfo: hvm", "%#x",
          p->capabilities);
    check(p->capabilities & XEN_SYSCTL_PHYSCAP_hap, "physinfo: hap", "%#x",
          p->capabilities);
    check(p->free_pages && p->free_pages < p->total_pages,
          "physinfo free < total", "%llu %llu",
          (unsigned long long)p->free_pages,
          (unsigned long long)p->total_pages);
    check(p->cpu_khz > 100000, "physinfo cpu_khz", "%u", p->cpu_khz);
}

static void check_domains(void)
{
    struct xen_sysctl_getdomaininfolist *l = &s.u.getdomaininfolist;

    memset(&s.u, 0, sizeof(s.u));
    check_eq_rc(sctl(XEN_SYSCTL_sched_id), 0, "sched_id");
    check(s.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT ||
          s.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT2,
          "a credit scheduler", "%u", s.u.sched_id.sched_id);
    memset(&s.u, 0, sizeof(s.u));
    l->max_domains = 4;
    set_xen_guest_handle(l->buffer, infos);
    check_eq_rc(sctl(XEN_SYSCTL_getdomaininfolist), 0, "getdomaininfolist");
    check_eq(l->num_domains, 1, "one domain: dom0");
    check_eq(infos[0].domain, 0, "... domain 0");
    /* Our own APs are down: vCPU 0 alone runs (this code). */
    check(infos[0].max_vcpu_id == 1 && infos[0].nr_online_vcpus == 1 &&
          (infos[0].flags & XEN_DOMINF_running), "dom0: 2 vCPUs, 1 running",
          "%u %u %#x", infos[0].max_vcpu_id, infos[0].nr_online_vcpus,
          infos[0].flags);
    l->first_domain = 1;
    check_eq_rc(sctl(XEN_SYSCTL_getdomaininfolist), 0,
                "getdomaininfolist from 1");
    check_eq(l->num_domains, 0, "no domain from 1");
}

static void check_cpus(void)
{
    static struct xen_sysctl_cputopo topo[4];
    static struct xen_sysctl_cpuinfo ci[4];

    memset(&s.u, 0, sizeof(s.u));
    check_eq_rc(sctl(XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo: count");
    check(s.u.cputopoinfo.num_cpus >= 2, "cputopoinfo num_cpus", "%u",
          s.u.cputopoinfo.num_cpus);
    s.u.cputopoinfo.num_cpus = 2;
    set_xen_guest_handle(s.u.cputopoinfo.cputopo, topo);
    check_eq_rc(sctl(XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo");
    check(topo[0].core != topo[1].core || topo[0].socket != topo[1].socket,
          "two CPUs, two places", "%u/%u %u/%u", topo[0].socket,
          topo[0].core, topo[1].socket, topo[1].core);
    memset(&s.u, 0, sizeof(s.u));
    s.u.getcpuinfo.max_cpus = 4;
    set_xen_guest_handle(s.u.getcpuinfo.info, ci);
    check_eq_rc(sctl(XEN_SYSCTL_getcpuinfo), 0, "getcpuinfo");
    check(s.u.getcpuinfo.nr_cpus >= 2, "getcpuinfo nr_cpus", "%u",
          s.u.getcpuinfo.nr_cpus);
    memset(&s.u, 0, sizeof(s.u));
    check_eq_rc(sctl(XEN_SYSCTL_numainfo), 0, "numainfo: count");
    check(s.u.numainfo.num_nodes >= 1, "numainfo num_nodes", "%u",
          s.u.numainfo.num_nodes);
}

static long read_ring(bool clear, bool incremental, uint32_t *index)
{
    struct xen_sysctl_readconsole *r = &s.u.readconsole;
    long rc;

    memset(&s.u, 0, sizeof(s.u));
    r->clear = clear;
    r->incremental = incremental;
    r->index = *index;
    r->count = sizeof(ring) - 1;
    set_xen_guest_handle(r->buffer, ring);
    rc = sctl(XEN_SYSCTL_readconsole);
    ring[rc ? 0 : r->count] = 0;
    *index = r->index;
    return rc ? rc : (long)r->count;
}

/*
 * One CPU pool, Pool-0, of at least two CPUs: what libxl asks at every
 * create.  Pool-0 and the free CPUs (FREEINFO) share none and together
 * are every CPU: all in Pool-0, or CPU0 free where it runs no guest
 * (QEMU's TCG, docs/boot.md step 10).
 */
static unsigned int bits(uint8_t b)
{
    unsigned int n = 0;

    for ( ; b; b &= b - 1 )
        n++;
    return n;
}

static void check_cpupool(void)
{
    static uint8_t map[8];
    struct xen_sysctl_cpupool_op *c = &s.u.cpupool_op;
    uint32_t sched;
    uint8_t pool;

    memset(&s.u, 0, sizeof(s.u));
    sctl(XEN_SYSCTL_sched_id);
    sched = s.u.sched_id.sched_id;
    memset(&s.u, 0, sizeof(s.u));
    c->op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    set_xen_guest_handle(c->cpumap.bitmap, map);
    c->cpumap.nr_bits = 64;
    check_eq_rc(sctl(XEN_SYSCTL_cpupool_op), 0, "cpupool INFO of pool 0");
    check_eq(c->cpupool_id, 0, "... Pool-0");
    check_eq(c->sched_id, sched, "... with the scheduler sched_id names");
    check(c->n_dom >= 1, "... holding dom0", "%u", c->n_dom);
    pool = map[0];
    check(bits(pool) >= 2, "... and two CPUs or more", "%#x", pool);
    c->cpupool_id = 1;
    check_eq_rc(sctl(XEN_SYSCTL_cpupool_op), -XEN_ENOENT,
                "cpupool INFO past the last pool");
    c->op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
    map[0] = 0xff;
    check_eq_rc(sctl(XEN_SYSCTL_cpupool_op), 0, "cpupool FREEINFO");
    check_eq(map[0] & pool, 0, "... no CPU both free and in Pool-0");
    check_eq(bits(map[0] | pool), nr_cpus, "... and every CPU in one");
    check(!map[0] || map[0] == 1, "... free: none, or CPU0", "%#x", map[0]);
}

/*
 * The whole ring, then the same end again incrementally from an index
 * a little before it (what xenconsoled and `xm dmesg` do), then a clear.
 * dom0's own console writes are not in the ring (as on Xen).
 */
static void check_readconsole(void)
{
    static char whole[sizeof(ring)];
    uint32_t index = 0, end;
    long n, m;

    n = read_ring(false, false, &index);
    check(n > 64, "readconsole: the ring", "%ld bytes", n);
    check(strstr(ring, "(XEN)") != NULL, "... holds the hypervisor's lines",
          " ");
    while ( read_ring(false, true, &index) > 0 )
        ;
    end = index;
    index = 0;
    n = read_ring(false, false, &index);
    if ( index != end || n < 64 )
    {
        check_skip("incremental read", "ring larger than our buffer");
        return;
    }
    memcpy(whole, ring, n + 1);
    index = end - 64;
    m = read_ring(false, true, &index);
    check_eq(m, 64, "incremental: the bytes after the index");
    check_eq(memcmp(ring, whole + n - 64, 64), 0, "... the same bytes");
    check_eq(index, end, "... up to the end");
    read_ring(true, false, &index);
    index = 0;
    check_eq(read_ring(false, false, &index), 0, "after clear: empty");
}

void test_main(void)
{
    check_physinfo();
    check_domains();
    check_cpus();
    check_cpupool();
    check_readconsole();
}
