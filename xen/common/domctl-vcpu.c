/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domctl sub-ops on a domain's vCPUs and its scheduling: getvcpuinfo,
 * set/getvcpuaffinity (hard and soft maps as xenctl_bitmaps: bit n of
 * byte n/8 is CPU n, as Xen's bitmap_to_xenctl_bitmap()) and
 * scheduler_op (credit weight and cap, honoured by sched/credit.c).
 *
 * Soft affinity is kept and reported, but our credit scheduler does not
 * prefer those CPUs yet (docs/domctl.md).  There is one NUMA node, so
 * node affinity is node 0 (set/getnodeaffinity).
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/smp.h>
#include <asm/hvm/guest_access.h>

#define CPUMASK_BYTES   (NR_CPUS / 8)

static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id, long *rc)
{
    if ( id >= d->max_vcpus )
    {
        *rc = -EINVAL;
        return NULL;
    }
    *rc = d->vcpu[id] ? 0 : -ESRCH;
    return d->vcpu[id];
}

long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_getvcpuinfo *i = &op->u.getvcpuinfo;
    long rc;
    struct vcpu *v = domctl_vcpu(d, i->vcpu, &rc);

    if ( !v )
        return rc;
    i->online = !test_bit(_VPF_down, &v->pause_flags);
    i->blocked = test_bit(_VPF_blocked, &v->pause_flags);
    i->running = v->is_running;
    i->cpu_time = vcpu_running_time(v);
    i->cpu = v->processor;
    return 0;
}

/* Xen's xenctl_bitmap_to_bitmap(): bits past nr_bits read as clear. */
int cpumask_from_xenctl(cpumask_t *m, const struct xenctl_bitmap *b)
{
    unsigned int bytes = min((b->nr_bits + 7) / 8, (uint32_t)CPUMASK_BYTES);
    uint8_t *p = (uint8_t *)m->bits;

    cpumask_clear(m);
    if ( bytes && copy_from_guest(p, guest_handle_addr(b->bitmap), bytes) )
        return -EFAULT;
    if ( (b->nr_bits & 7) && (b->nr_bits + 7) / 8 == bytes )
        p[bytes - 1] &= ~(0xff << (b->nr_bits & 7));
    return 0;
}

/* Xen's bitmap_to_xenctl_bitmap(): the caller's bytes past ours zeroed. */
int cpumask_to_xenctl(const struct xenctl_bitmap *b, const cpumask_t *m)
{
    static const uint8_t zero[64];
    unsigned int want = (b->nr_bits + 7) / 8, i, n;
    unsigned int bytes = min(want, (unsigned int)CPUMASK_BYTES);

    if ( bytes && copy_to_guest(guest_handle_addr(b->bitmap), m->bits, bytes) )
        return -EFAULT;
    for ( i = bytes; i < want; i += n )
    {
        n = min(want - i, (unsigned int)sizeof(zero));
        if ( copy_to_guest(guest_handle_addr(b->bitmap) + i, zero, n) )
            return -EFAULT;
    }
    return 0;
}

static int set_hard(struct vcpu *v, struct xen_domctl_vcpuaffinity *a)
{
    cpumask_t m;
    int rc = cpumask_from_xenctl(&m, &a->cpumap_hard);

    if ( rc || (rc = vcpu_set_hard_affinity(v, &m)) )
        return rc;
    /* What the scheduler will use: the part in Pool-0, as Xen answers. */
    cpumask_and(&m, &v->cpu_hard_affinity, &sched_guest_cpus);
    return cpumask_to_xenctl(&a->cpumap_hard, &m);
}

static int set_soft(struct vcpu *v, struct xen_domctl_vcpuaffinity *a)
{
    cpumask_t m;
    int rc = cpumask_from_xenctl(&m, &a->cpumap_soft);

    if ( rc )
        return rc;
    v->cpu_soft_affinity = m;
    cpumask_and(&m, &m, &sched_guest_cpus);
    cpumask_and(&m, &m, &v->cpu_hard_affinity);
    return cpumask_to_xenctl(&a->cpumap_soft, &m);
}

static bool affinity_args_bad(const struct xen_domctl_vcpuaffinity *a)
{
    return !a->flags ||
           ((a->flags & XEN_VCPUAFFINITY_HARD) && !guest_handle_addr(a->cpumap_hard.bitmap)) ||
           ((a->flags & XEN_VCPUAFFINITY_SOFT) && !guest_handle_addr(a->cpumap_soft.bitmap));
}

long domctl_vcpuaffinity(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    bool set = op->cmd == XEN_DOMCTL_setvcpuaffinity;
    long rc;
    struct vcpu *v = domctl_vcpu(d, a->vcpu, &rc);

    if ( !v )
        return rc;
    if ( affinity_args_bad(a) )
        return -EINVAL;
    if ( (a->flags & XEN_VCPUAFFINITY_HARD) )
        rc = set ? set_hard(v, a)
                 : cpumask_to_xenctl(&a->cpumap_hard, &v->cpu_hard_affinity);
    if ( !rc && (a->flags & XEN_VCPUAFFINITY_SOFT) )
        rc = set ? set_soft(v, a)
                 : cpumask_to_xenctl(&a->cpumap_soft, &v->cpu_soft_affinity);
    return rc;
}

/* Credit: weight 0 and cap 0xffff leave the value as it is (Xen). */
static long sched_credit_op(struct domain *d,
                            struct xen_domctl_scheduler_op *s)
{
    unsigned int weight = d->weight, cap = d->cap;

    if ( s->cmd == XEN_DOMCTL_SCHEDOP_getinfo )
    {
        s->u.credit.weight = weight;
        s->u.credit.cap = cap;
        return 0;
    }
    if ( s->cmd != XEN_DOMCTL_SCHEDOP_putinfo )
        return -EINVAL;
    if ( s->u.credit.weight )
        weight = s->u.credit.weight;
    if ( s->u.credit.cap != 0xffff )
        cap = s->u.credit.cap;
    return sched_adjust(d, weight, cap);
}

long domctl_scheduler_op(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;

    if ( s->sched_id != XEN_SCHEDULER_CREDIT )
        return -EINVAL;
    switch ( s->cmd )
    {
    case XEN_DOMCTL_SCHEDOP_putinfo:
    case XEN_DOMCTL_SCHEDOP_getinfo:
        return sched_credit_op(d, s);
    case XEN_DOMCTL_SCHEDOP_putvcpuinfo:
    case XEN_DOMCTL_SCHEDOP_getvcpuinfo:
        /* Credit has no per-vCPU parameters (Xen: -EINVAL from it). */
        return -EINVAL;
    }
    return -EINVAL;
}

/*
 * One NUMA node: a map without node 0 has no online node (Xen: -EINVAL);
 * any other is node 0, which is what get answers.
 */
long domctl_nodeaffinity(struct domain *d, struct xen_domctl *op)
{
    struct xenctl_bitmap *b = &op->u.nodeaffinity.nodemap;
    cpumask_t m;
    int rc;

    if ( op->cmd == XEN_DOMCTL_setnodeaffinity )
    {
        rc = cpumask_from_xenctl(&m, b);
        return rc ?: cpumask_test_cpu(0, &m) ? 0 : -EINVAL;
    }
    cpumask_clear(&m);
    cpumask_set_cpu(0, &m);
    return cpumask_to_xenctl(b, &m);
}
