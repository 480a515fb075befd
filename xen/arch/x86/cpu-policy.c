/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system CPU policies and a policy's view of CPUID, after Xen 4.17's
 * arch/x86/cpuid.c and xen/lib/x86/cpuid.c:
 *
 *  raw          the boot CPU's CPUID, read as Xen's fill_native() does;
 *  host         raw with the max leaves clamped to what a policy holds;
 *  hvm_max      what our HVM guests are offered: raw less what
 *  hvm_default  hvm/cpuid.c hides (the same policy: we have no features
 *               offered only on request);
 *  pv_*         none: we run no PV guests (Xen built without CONFIG_PV
 *               answers -EOPNOTSUPP for them, and so do we).
 *
 * hvm_max keeps the host's max leaves (Xen clamps them to 0xd and
 * 0x80000021): our guests see leaves above those from the host, as they
 * always have.  MSRs: arch_caps as Xen's host policy; platform_info 0
 * everywhere (we do not emulate CPUID faulting, which Xen offers HVM
 * guests).
 */
#include <xen/lib.h>
#include <asm/cpu-policy.h>
#include <asm/hvm/hvm.h>
#include <public/sysctl.h>

#define FEAT_1D_HTT             (1U << 28)
#define FEAT_1C_X2APIC          (1U << 21)
#define FEAT_E1C_CMP_LEGACY     (1U << 1)
#define FEAT_7D0_ARCH_CAPS      (1U << 29)
/* Xen's CPUID_COMMON_1D_FEATURES: FPU-FXSR less bits 10, 11, 18-22. */
#define COMMON_1D               0x0183f3ffU
/* Xen 4.17's host mask of MSR_ARCH_CAPABILITIES: the bits it knows. */
#define ARCH_CAPS_KNOWN         (0x1ffULL | (7ULL << 13) | (1ULL << 17) | \
                                 (3ULL << 19) | (1ULL << 24))

static struct cpu_policy raw_policy, host_policy, hvm_max_policy;

const struct cpu_policy *cpu_policy_system(unsigned int index)
{
    switch ( index )
    {
    case XEN_SYSCTL_cpu_policy_raw:
        return &raw_policy;
    case XEN_SYSCTL_cpu_policy_host:
        return &host_policy;
    case XEN_SYSCTL_cpu_policy_hvm_max:
    case XEN_SYSCTL_cpu_policy_hvm_default:
        return &hvm_max_policy;
    }
    return NULL;
}

/* Leaf 4 (type EAX[4:0]) or 0xb (ECX[15:8]) until a subleaf of type 0. */
static void fill_typed(uint32_t leaf, struct cpuid_leaf *l, unsigned int nr,
                       bool in_ecx)
{
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        cpuid_count(leaf, i, &l[i]);
        if ( in_ecx ? !((l[i].c >> 8) & 0xff) : !(l[i].a & 0x1f) )
        {
            memset(&l[i], 0, sizeof(l[i]));
            break;
        }
    }
}

static void fill_subleaves(struct cpu_policy *p)
{
    uint32_t max = p->basic[0].a;
    uint64_t xs;
    unsigned int i;

    if ( max >= 4 )
        fill_typed(4, p->cache, CPUID_NR_CACHE, false);
    if ( max >= 7 )
        for ( i = 0; i <= min(p->feat[0].a, CPUID_NR_FEAT - 1); i++ )
            cpuid_count(7, i, &p->feat[i]);
    if ( max >= 0xb )
        fill_typed(0xb, p->topo, CPUID_NR_TOPO, true);
    if ( max < 0xd )
        return;
    cpuid_count(0xd, 0, &p->xstate[0]);
    cpuid_count(0xd, 1, &p->xstate[1]);
    xs = cpu_policy_xstates(p);
    for ( i = 2; i < CPUID_NR_XSTATE; i++ )
        if ( xs & (1ULL << i) )
            cpuid_count(0xd, i, &p->xstate[i]);
}

/* Xen's x86_cpuid_policy_fill_native(), and the raw MSRs. */
static void fill_raw(struct cpu_policy *p)
{
    unsigned int i;

    cpuid_count(0, 0, &p->basic[0]);
    for ( i = 1; i <= min(p->basic[0].a, CPUID_NR_BASIC - 1); i++ )
        if ( i != 4 && i != 7 && i != 0xb && i != 0xd )
            cpuid_count(i, 0, &p->basic[i]);
    fill_subleaves(p);
    cpuid_count(0x80000000, 0, &p->extd[0]);
    for ( i = 1; i <= min(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1); i++ )
        cpuid_count(0x80000000 + i, 0, &p->extd[i]);
    if ( p->basic[0].a >= 7 && (p->feat[0].d & FEAT_7D0_ARCH_CAPS) )
        p->arch_caps = rdmsr(MSR_ARCH_CAPABILITIES);
}

void cpu_policy_init(void)
{
    struct cpu_policy *h = &host_policy;

    fill_raw(&raw_policy);
    *h = raw_policy;
    h->basic[0].a = min(h->basic[0].a, CPUID_NR_BASIC - 1);
    h->feat[0].a = min(h->feat[0].a, CPUID_NR_FEAT - 1);
    h->extd[0].a = 0x80000000 | min(h->extd[0].a & 0xffff,
                                    CPUID_NR_EXTD - 1);
    h->arch_caps &= ARCH_CAPS_KNOWN;
    hvm_max_policy = raw_policy;
    hvm_cpu_policy_init(&hvm_max_policy);
}

/* The places of the featureset's words in a policy (FEATURESET_*). */
static uint32_t *feature_word(struct cpu_policy *p, unsigned int i)
{
    uint32_t *const words[FEATURESET_NR_ENTRIES] = {
        &p->basic[1].d, &p->basic[1].c, &p->extd[1].d, &p->extd[1].c,
        &p->xstate[1].a, &p->feat[0].b, &p->feat[0].c, &p->extd[7].d,
        &p->extd[8].b, &p->feat[0].d, &p->feat[1].a, &p->extd[0x21].a,
        &p->feat[1].b, &p->feat[2].d, &p->feat[1].c, &p->feat[1].d,
        (uint32_t *)&p->arch_caps, (uint32_t *)&p->arch_caps + 1,
        &p->extd[0x21].c,
    };

    return words[i];
}

void cpu_policy_to_featureset(const struct cpu_policy *p, uint32_t *fs)
{
    unsigned int i;

    for ( i = 0; i < FEATURESET_NR_ENTRIES; i++ )
        fs[i] = *feature_word((struct cpu_policy *)p, i);
}

/*
 * Xen's boot_cpu_data.x86_capability: the host featureset, but for the
 * leaf 1 EDX bits AMD repeats in 0x80000001 EDX, not repeated there.
 */
void cpu_policy_hw_cap(uint32_t *cap, unsigned int nr)
{
    uint32_t fs[FEATURESET_NR_ENTRIES];

    cpu_policy_to_featureset(&host_policy, fs);
    fs[2] &= ~COMMON_1D;
    memcpy(cap, fs, min(nr, (unsigned int)FEATURESET_NR_ENTRIES) *
                    sizeof(*cap));
}

/*
 * The part of Xen's recalculate_cpuid_policy() that matters here: no
 * feature max lacks, but the toolstack may set HTT, x2APIC and
 * CMP_LEGACY (they say how to read the topology leaves).
 */
void cpu_policy_recalculate(struct cpu_policy *p,
                            const struct cpu_policy *max)
{
    uint32_t max_fs[FEATURESET_NR_ENTRIES];
    unsigned int i;

    cpu_policy_to_featureset(max, max_fs);
    max_fs[0] |= FEAT_1D_HTT;
    max_fs[1] |= FEAT_1C_X2APIC;
    max_fs[3] |= FEAT_E1C_CMP_LEGACY;
    for ( i = 0; i < FEATURESET_NR_ENTRIES; i++ )
        *feature_word(p, i) &= max_fs[i];
}

/* A basic leaf with subleaves: its slot, or NULL (all zero) past them. */
static const struct cpuid_leaf *sub_slot(const struct cpu_policy *p,
                                         uint32_t leaf, uint32_t sub)
{
    switch ( leaf )
    {
    case 0x4:
        return sub < CPUID_NR_CACHE ? &p->cache[sub] : NULL;
    case 0x7:
        return sub <= p->feat[0].a && sub < CPUID_NR_FEAT ? &p->feat[sub]
                                                            : NULL;
    case 0xb:
        return sub < CPUID_NR_TOPO ? &p->topo[sub] : NULL;
    case 0xd:
        return sub < CPUID_NR_XSTATE ? &p->xstate[sub] : NULL;
    }
    return &p->basic[leaf];
}

/* As Xen's guest_cpuid(): leaves past the policy's max read as zero. */
bool cpu_policy_guest_leaf(const struct cpu_policy *p, uint32_t leaf,
                           uint32_t sub, struct cpuid_leaf *r)
{
    const struct cpuid_leaf *l = NULL;

    if ( leaf < CPUID_NR_BASIC )
    {
        if ( leaf <= p->basic[0].a )
            l = sub_slot(p, leaf, sub);
    }
    else if ( leaf >= 0x80000000 && leaf - 0x80000000 < CPUID_NR_EXTD )
    {
        if ( leaf <= p->extd[0].a )
            l = &p->extd[leaf - 0x80000000];
    }
    else
        return false;
    if ( l )
        *r = *l;
    else
        memset(r, 0, sizeof(*r));
    return true;
}
