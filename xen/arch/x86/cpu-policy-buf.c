/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A CPU policy to and from the toolstack's arrays, as Xen 4.17's
 * x86_cpuid_copy_{to,from}_buffer() and x86_msr_copy_{to,from}_buffer()
 * (xen/lib/x86): the same leaves in the same order, -ENOBUFS with the
 * count untouched when the room runs out, -E2BIG for more entries than
 * any policy has, -ERANGE (naming the entry) for one no policy holds.
 * Also the checks XEN_DOMCTL_set_cpu_policy makes of a new policy.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/cpu-policy.h>
#include <asm/hvm/guest_access.h>

struct leaf_out {
    uint64_t buf;
    uint32_t room, n;
};

static int put_leaf(struct leaf_out *o, uint32_t leaf, uint32_t sub,
                    const struct cpuid_leaf *l)
{
    const xen_cpuid_leaf_t e = { leaf, sub, l->a, l->b, l->c, l->d };

    if ( o->n == o->room )
        return -ENOBUFS;
    if ( copy_to_guest(o->buf + o->n * sizeof(e), &e, sizeof(e)) )
        return -EFAULT;
    o->n++;
    return 0;
}

uint64_t cpu_policy_xstates(const struct cpu_policy *p)
{
    return ((uint64_t)p->xstate[0].d << 32 | p->xstate[0].a) |
           ((uint64_t)p->xstate[1].d << 32 | p->xstate[1].c);
}

/* Leaf 4's type is EAX[4:0], leaf 0xb's ECX[15:8]; 0 ends the list. */
static bool type_zero(const struct cpuid_leaf *l, bool in_ecx)
{
    return in_ecx ? !((l->c >> 8) & 0xff) : !(l->a & 0x1f);
}

/* Leaf 4 and 0xb: subleaves up to and including the first of type 0. */
static int put_typed(struct leaf_out *o, uint32_t leaf,
                     const struct cpuid_leaf *l, unsigned int nr,
                     bool in_ecx)
{
    unsigned int i;
    int rc;

    for ( i = 0; i < nr; i++ )
    {
        if ( (rc = put_leaf(o, leaf, i, &l[i])) )
            return rc;
        if ( type_zero(&l[i], in_ecx) )
            break;
    }
    return 0;
}

/* Leaf 0xd: subleaves 0 and 1, then 2 up to the highest xstate. */
static int put_xstate(struct leaf_out *o, const struct cpu_policy *p)
{
    uint64_t xs = cpu_policy_xstates(p) >> 2;
    unsigned int i;
    int rc;

    if ( (rc = put_leaf(o, 0xd, 0, &p->xstate[0])) ||
         (rc = put_leaf(o, 0xd, 1, &p->xstate[1])) )
        return rc;
    for ( i = 2; xs && i < CPUID_NR_XSTATE; xs >>= 1, i++ )
        if ( (rc = put_leaf(o, 0xd, i, &p->xstate[i])) )
            return rc;
    return 0;
}

static int put_basic(struct leaf_out *o, const struct cpu_policy *p,
                     uint32_t leaf)
{
    unsigned int i;
    int rc;

    switch ( leaf )
    {
    case 0x4:
        return put_typed(o, leaf, p->cache, CPUID_NR_CACHE, false);
    case 0x7:
        for ( i = 0; i <= min(p->feat[0].a, CPUID_NR_FEAT - 1); i++ )
            if ( (rc = put_leaf(o, leaf, i, &p->feat[i])) )
                return rc;
        return 0;
    case 0xb:
        return put_typed(o, leaf, p->topo, CPUID_NR_TOPO, true);
    case 0xd:
        return put_xstate(o, p);
    }
    return put_leaf(o, leaf, XEN_CPUID_NO_SUBLEAF, &p->basic[leaf]);
}

/* Basic leaves, Xen's two hypervisor-range limits, extended leaves. */
int cpu_policy_leaves_to_guest(const struct cpu_policy *p, uint64_t buf,
                               uint32_t *nr)
{
    struct leaf_out o = { buf, *nr, 0 };
    const struct cpuid_leaf hv = { .a = p->hv_limit },
                            hv2 = { .a = p->hv2_limit };
    uint32_t i;
    int rc;

    for ( i = 0; i <= min(p->basic[0].a, CPUID_NR_BASIC - 1); i++ )
        if ( (rc = put_basic(&o, p, i)) )
            return rc;
    if ( (rc = put_leaf(&o, 0x40000000, XEN_CPUID_NO_SUBLEAF, &hv)) ||
         (rc = put_leaf(&o, 0x40000100, XEN_CPUID_NO_SUBLEAF, &hv2)) )
        return rc;
    for ( i = 0; i <= min(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1); i++ )
        if ( (rc = put_leaf(&o, 0x80000000 | i, XEN_CPUID_NO_SUBLEAF,
                            &p->extd[i])) )
            return rc;
    *nr = o.n;
    return 0;
}

int cpu_policy_msrs_to_guest(const struct cpu_policy *p, uint64_t buf,
                             uint32_t *nr)
{
    const xen_msr_entry_t e[] = {
        { .idx = MSR_INTEL_PLATFORM_INFO, .val = p->platform_info },
        { .idx = MSR_ARCH_CAPABILITIES, .val = p->arch_caps },
    };
    uint32_t i;

    for ( i = 0; i < ARRAY_SIZE(e); i++ )
    {
        if ( i == *nr )
            return -ENOBUFS;
        if ( copy_to_guest(buf + i * sizeof(e[0]), &e[i], sizeof(e[0])) )
            return -EFAULT;
    }
    *nr = i;
    return 0;
}

/* Where leaf/sub goes in p, or NULL if no policy has it. */
static struct cpuid_leaf *leaf_slot(struct cpu_policy *p, uint32_t leaf,
                                    uint32_t sub)
{
    static struct cpuid_leaf hv;

    switch ( leaf )
    {
    case 0x4:
        return sub < CPUID_NR_CACHE ? &p->cache[sub] : NULL;
    case 0x7:
        return sub < CPUID_NR_FEAT ? &p->feat[sub] : NULL;
    case 0xb:
        return sub < CPUID_NR_TOPO ? &p->topo[sub] : NULL;
    case 0xd:
        return sub < CPUID_NR_XSTATE ? &p->xstate[sub] : NULL;
    case 0x40000000:
    case 0x40000100:
        return sub == XEN_CPUID_NO_SUBLEAF ? &hv : NULL;
    }
    if ( sub != XEN_CPUID_NO_SUBLEAF )
        return NULL;
    if ( leaf < CPUID_NR_BASIC )
        return &p->basic[leaf];
    if ( leaf >= 0x80000000 && leaf - 0x80000000 < CPUID_NR_EXTD )
        return &p->extd[leaf - 0x80000000];
    return NULL;
}

int cpu_policy_leaves_from_guest(struct cpu_policy *p, uint64_t buf,
                                 uint32_t nr, uint32_t *err_leaf,
                                 uint32_t *err_subleaf)
{
    xen_cpuid_leaf_t e;
    struct cpuid_leaf *slot;
    uint32_t i;

    *err_leaf = *err_subleaf = ~0U;
    if ( nr > CPUID_MAX_SERIALISED_LEAVES )
        return -E2BIG;
    for ( i = 0; i < nr; i++ )
    {
        if ( copy_from_guest(&e, buf + i * sizeof(e), sizeof(e)) )
            return -EFAULT;
        if ( !(slot = leaf_slot(p, e.leaf, e.subleaf)) )
        {
            *err_leaf = e.leaf;
            *err_subleaf = e.subleaf;
            return -ERANGE;
        }
        *slot = (struct cpuid_leaf){ e.a, e.b, e.c, e.d };
        if ( e.leaf == 0x40000000 )
            p->hv_limit = e.a;
        else if ( e.leaf == 0x40000100 )
            p->hv2_limit = e.a;
    }
    return 0;
}

/* Flags must be zero, the value fit Xen's field (platform_info: 32 bits). */
int cpu_policy_msrs_from_guest(struct cpu_policy *p, uint64_t buf,
                               uint32_t nr, uint32_t *err_msr)
{
    xen_msr_entry_t e;
    uint32_t i;

    *err_msr = ~0U;
    if ( nr > MSR_MAX_SERIALISED_ENTRIES )
        return -E2BIG;
    for ( i = 0; i < nr; i++ )
    {
        if ( copy_from_guest(&e, buf + i * sizeof(e), sizeof(e)) )
            return -EFAULT;
        *err_msr = e.idx;
        if ( e.flags )
            return -EINVAL;
        if ( e.idx == MSR_INTEL_PLATFORM_INFO )
        {
            if ( e.val > UINT32_MAX )
                return -EOVERFLOW;
            p->platform_info = e.val;
        }
        else if ( e.idx == MSR_ARCH_CAPABILITIES )
            p->arch_caps = e.val;
        else
            return -ERANGE;
        *err_msr = ~0U;
    }
    return 0;
}

static void zero_from(struct cpuid_leaf *l, unsigned int from,
                      unsigned int nr)
{
    if ( from < nr )
        memset(&l[from], 0, (nr - from) * sizeof(*l));
}

/* The first subleaf of leaf 4 or 0xb of type 0. */
static unsigned int typed_end(const struct cpuid_leaf *l, unsigned int nr,
                              bool in_ecx)
{
    unsigned int i;

    for ( i = 0; i < nr && !type_zero(&l[i], in_ecx); i++ )
        ;
    return i;
}

/*
 * Xen's x86_cpuid_policy_clear_out_of_range_leaves(); as there, a max
 * of ~0 wraps to 0 and clears everything (the compatibility check then
 * refuses it anyway).
 */
void cpu_policy_clear_out_of_range(struct cpu_policy *p)
{
    uint32_t max = p->basic[0].a;
    uint64_t xs = cpu_policy_xstates(p);

    zero_from(p->basic, max + 1, CPUID_NR_BASIC);
    zero_from(p->cache, max < 4 ? 0 : typed_end(p->cache, CPUID_NR_CACHE,
                                                false), CPUID_NR_CACHE);
    zero_from(p->feat, max < 7 ? 0 : p->feat[0].a + 1, CPUID_NR_FEAT);
    zero_from(p->topo, max < 0xb ? 0 : typed_end(p->topo, CPUID_NR_TOPO,
                                                 true), CPUID_NR_TOPO);
    if ( max < 0xd || !xs )
        zero_from(p->xstate, 0, CPUID_NR_XSTATE);
    else
        zero_from(p->xstate, max(2, 64 - __builtin_clzll(xs)),
                  CPUID_NR_XSTATE);
    zero_from(p->extd, (p->extd[0].a & 0xffff) + 1, CPUID_NR_EXTD);
}

/*
 * Xen 4.17's x86_cpu_policies_are_compatible(): the max leaves and
 * subleaf no higher than max's, no platform-info bit max lacks.
 */
int cpu_policy_check_compatible(const struct cpu_policy *max,
                                const struct cpu_policy *p,
                                uint32_t *err_leaf, uint32_t *err_subleaf,
                                uint32_t *err_msr)
{
    if ( p->basic[0].a > max->basic[0].a )
        *err_leaf = 0, *err_subleaf = XEN_CPUID_NO_SUBLEAF;
    else if ( p->feat[0].a > max->feat[0].a )
        *err_leaf = 7, *err_subleaf = 0;
    else if ( p->extd[0].a > max->extd[0].a )
        *err_leaf = 0x80000000, *err_subleaf = XEN_CPUID_NO_SUBLEAF;
    else if ( p->platform_info & ~max->platform_info )
        *err_msr = MSR_INTEL_PLATFORM_INFO;
    else
        return 0;
    return -EINVAL;
}
