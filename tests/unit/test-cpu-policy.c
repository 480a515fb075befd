/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU policies to and from the toolstack's arrays
 * (xen/arch/x86/cpu-policy-buf.c), on policies real CPUs under QEMU do
 * not have: leaf 4 and 0xb subleaf lists with and without their type-0
 * end, leaf 7 subleaves, leaf 0xd subleaves up to the highest xstate bit
 * (XCR0 and XSS), -ENOBUFS at every short room (count kept, nothing
 * written past it), the round trip, every refusal of a toolstack's entry,
 * trimming past the max leaves and the compatibility check.  Guest
 * memory is host memory here; [BAD_VA, BAD_VA + 64K) is unbacked.
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

static struct domain test_dom;
static struct vcpu test_vcpu = { .domain = &test_dom };
static bool test_compat;

#undef current
#define current (&test_vcpu)

#include "../../xen/arch/x86/cpu-policy-buf.c"

#include "harness.h"

#include "guest-access-fake.h"

#define NO_SUB  XEN_CPUID_NO_SUBLEAF
#define LEAF(l) ((struct cpuid_leaf){ (l), 0x100 + (l), 0x200, 0x300 })

static struct cpu_policy pol;
static xen_cpuid_leaf_t buf[CPUID_MAX_SERIALISED_LEAVES + 2];

/*
 * Basic max 0xd, leaf 4: 3 caches and the end, leaf 7: 2 subleaves,
 * leaf 0xb: 2 levels (no room for an end), leaf 0xd: XCR0 x87|SSE|AVX
 * and XSS bit 8 (subleaves 0-8), extended max 0x80000008.
 */
static void make_policy(struct cpu_policy *p)
{
    unsigned int i;

    memset(p, 0, sizeof(*p));
    for ( i = 0; i < CPUID_NR_BASIC; i++ )
        p->basic[i] = LEAF(i);
    p->basic[0].a = 0xd;
    for ( i = 0; i < 3; i++ )
        p->cache[i] = (struct cpuid_leaf){ 0x21 + i, i, i, i };
    p->feat[0] = (struct cpuid_leaf){ 1, 0x7b0, 0x7c0, 0x7d0 };
    p->feat[1] = (struct cpuid_leaf){ 0x7a1, 0x7b1, 0, 0 };
    p->topo[0] = (struct cpuid_leaf){ 1, 1, 0x100, 0 };
    p->topo[1] = (struct cpuid_leaf){ 4, 2, 0x201, 0 };
    p->xstate[0] = (struct cpuid_leaf){ 0x7, 0x340, 0x340, 0 };
    p->xstate[1] = (struct cpuid_leaf){ 0xf, 0, 1U << 8, 0 };
    for ( i = 2; i <= 8; i++ )
        p->xstate[i] = (struct cpuid_leaf){ 0x10 * i, 0x40 * i, 0, 0 };
    for ( i = 0; i <= 8; i++ )
        p->extd[i] = (struct cpuid_leaf){ 0x80000000 + i, i, i, i };
    p->extd[0].a = 0x80000008;
    p->hv_limit = 3;
    p->platform_info = 1U << 31;
    p->arch_caps = 0x123456789ULL;
}

static uint32_t serialise(const struct cpu_policy *p, uint32_t room)
{
    uint32_t nr = room;

    memset(buf, 0xee, sizeof(buf));
    EXPECT_EQ(cpu_policy_leaves_to_guest(p, (uintptr_t)buf, &nr), 0);
    return nr;
}

TEST(leaves_in_xens_order)
{
    static const uint32_t want[][2] = {
        { 0, NO_SUB }, { 1, NO_SUB }, { 2, NO_SUB }, { 3, NO_SUB },
        { 4, 0 }, { 4, 1 }, { 4, 2 }, { 4, 3 }, { 5, NO_SUB },
        { 6, NO_SUB }, { 7, 0 }, { 7, 1 }, { 8, NO_SUB }, { 9, NO_SUB },
        { 0xa, NO_SUB }, { 0xb, 0 }, { 0xb, 1 }, { 0xc, NO_SUB },
        { 0xd, 0 }, { 0xd, 1 }, { 0xd, 2 }, { 0xd, 3 }, { 0xd, 4 },
        { 0xd, 5 }, { 0xd, 6 }, { 0xd, 7 }, { 0xd, 8 },
        { 0x40000000, NO_SUB }, { 0x40000100, NO_SUB },
        { 0x80000000, NO_SUB }, { 0x80000001, NO_SUB },
        { 0x80000002, NO_SUB }, { 0x80000003, NO_SUB },
        { 0x80000004, NO_SUB }, { 0x80000005, NO_SUB },
        { 0x80000006, NO_SUB }, { 0x80000007, NO_SUB },
        { 0x80000008, NO_SUB },
    };
    uint32_t i, nr;

    make_policy(&pol);
    nr = serialise(&pol, CPUID_MAX_SERIALISED_LEAVES);
    EXPECT_EQ(nr, ARRAY_SIZE(want));
    for ( i = 0; i < nr && i < ARRAY_SIZE(want); i++ )
    {
        EXPECT_EQ(buf[i].leaf, want[i][0]);
        EXPECT_EQ(buf[i].subleaf, want[i][1]);
    }
    EXPECT_EQ(buf[4].a, 0x21);          /* leaf 4 subleaf 0's data */
    EXPECT_EQ(buf[7].a, 0);             /* the type-0 end */
    EXPECT_EQ(buf[27].a, 3);            /* hv_limit in EAX */
    EXPECT_EQ(buf[nr].leaf, 0xeeeeeeee);
}

TEST(enobufs_at_every_short_room)
{
    uint32_t need, room, nr;

    make_policy(&pol);
    need = serialise(&pol, CPUID_MAX_SERIALISED_LEAVES);
    for ( room = 0; room < need; room++ )
    {
        nr = room;
        memset(buf, 0xee, sizeof(buf));
        EXPECT_EQ(cpu_policy_leaves_to_guest(&pol, (uintptr_t)buf, &nr),
                  -ENOBUFS);
        EXPECT_EQ(nr, room);
        EXPECT_EQ(buf[room].leaf, 0xeeeeeeee);
    }
    EXPECT_EQ(serialise(&pol, need), need);
}

TEST(msrs_and_their_room)
{
    xen_msr_entry_t m[3];
    uint32_t nr = 2;

    make_policy(&pol);
    EXPECT_EQ(cpu_policy_msrs_to_guest(&pol, (uintptr_t)m, &nr), 0);
    EXPECT_EQ(nr, 2);
    EXPECT_EQ(m[0].idx, 0xce);
    EXPECT_EQ(m[0].val, 1U << 31);
    EXPECT_EQ(m[1].idx, 0x10a);
    EXPECT_EQ(m[1].val, 0x123456789ULL);
    EXPECT_EQ(m[1].flags, 0);
    nr = 1;
    EXPECT_EQ(cpu_policy_msrs_to_guest(&pol, (uintptr_t)m, &nr), -ENOBUFS);
    EXPECT_EQ(nr, 1);
    nr = 2;
    EXPECT_EQ(cpu_policy_msrs_to_guest(&pol, BAD_VA, &nr), -EFAULT);
}

TEST(round_trip)
{
    static struct cpu_policy back;
    xen_msr_entry_t m[2];
    uint32_t nr, nm = 2, el, es, em;

    make_policy(&pol);
    nr = serialise(&pol, CPUID_MAX_SERIALISED_LEAVES);
    cpu_policy_msrs_to_guest(&pol, (uintptr_t)m, &nm);
    memset(&back, 0, sizeof(back));
    EXPECT_EQ(cpu_policy_leaves_from_guest(&back, (uintptr_t)buf, nr, &el,
                                           &es), 0);
    EXPECT_EQ(cpu_policy_msrs_from_guest(&back, (uintptr_t)m, nm, &em), 0);
    EXPECT_EQ(el, ~0U);
    EXPECT_EQ(em, ~0U);
    /* The terminator of leaf 4 and the unused basic slots compare too. */
    memset(back.basic + 4, 0, sizeof(back.basic[4]));
    memset(pol.basic + 4, 0, sizeof(pol.basic[4]));
    memset(pol.basic + 7, 0, sizeof(pol.basic[7]));
    memset(pol.basic + 0xb, 0, sizeof(pol.basic[0xb]));
    memset(pol.basic + 0xd, 0, sizeof(pol.basic[0xd]));
    EXPECT(!memcmp(&back, &pol, sizeof(pol)));
}

static void refused(uint32_t leaf, uint32_t sub, long want)
{
    const xen_cpuid_leaf_t e = { .leaf = leaf, .subleaf = sub };
    uint32_t el, es;

    buf[0] = e;
    EXPECT_EQ(cpu_policy_leaves_from_guest(&pol, (uintptr_t)buf, 1, &el,
                                           &es), want);
    EXPECT_EQ(el, want == -ERANGE ? e.leaf : ~0U);
    EXPECT_EQ(es, want == -ERANGE ? e.subleaf : ~0U);
}

TEST(leaves_refused)
{
    uint32_t el, es;

    make_policy(&pol);
    refused(4, CPUID_NR_CACHE, -ERANGE);
    refused(7, CPUID_NR_FEAT, -ERANGE);
    refused(0xb, CPUID_NR_TOPO, -ERANGE);
    refused(0xd, CPUID_NR_XSTATE, -ERANGE);
    refused(1, 0, -ERANGE);
    refused(0xe, NO_SUB, -ERANGE);
    refused(0x40000000, 0, -ERANGE);
    refused(0x40000001, NO_SUB, -ERANGE);
    refused(0x80000022, NO_SUB, -ERANGE);
    refused(0x80000021, NO_SUB, 0);
    EXPECT_EQ(cpu_policy_leaves_from_guest(&pol, (uintptr_t)buf,
                                           CPUID_MAX_SERIALISED_LEAVES + 1,
                                           &el, &es), -E2BIG);
    EXPECT_EQ(cpu_policy_leaves_from_guest(&pol, BAD_VA, 1, &el, &es),
              -EFAULT);
}

static long msr_in(uint32_t idx, uint32_t flags, uint64_t val, uint32_t *em)
{
    xen_msr_entry_t m = { .idx = idx, .flags = flags, .val = val };

    return cpu_policy_msrs_from_guest(&pol, (uintptr_t)&m, 1, em);
}

TEST(msrs_refused)
{
    uint32_t em;

    make_policy(&pol);
    EXPECT_EQ(msr_in(0xce, 1, 0, &em), -EINVAL);
    EXPECT_EQ(em, 0xce);
    EXPECT_EQ(msr_in(0xce, 0, 1ULL << 32, &em), -EOVERFLOW);
    EXPECT_EQ(em, 0xce);
    EXPECT_EQ(msr_in(0x10b, 0, 0, &em), -ERANGE);
    EXPECT_EQ(em, 0x10b);
    EXPECT_EQ(msr_in(0x10a, 0, ~0ULL, &em), 0);
    EXPECT_EQ(em, ~0U);
    EXPECT_EQ(pol.arch_caps, ~0ULL);
    EXPECT_EQ(cpu_policy_msrs_from_guest(&pol, (uintptr_t)buf, 3, &em),
              -E2BIG);
}

TEST(trim_past_the_max_leaves)
{
    make_policy(&pol);
    pol.basic[0].a = 6;
    pol.extd[0].a = 0x80000001;
    cpu_policy_clear_out_of_range(&pol);
    EXPECT_EQ(pol.basic[6].b, 0x106);
    EXPECT_EQ(pol.basic[7].a | pol.basic[0xd].b, 0);
    EXPECT_EQ(pol.feat[0].a | pol.topo[0].a | pol.xstate[0].a, 0);
    EXPECT_EQ(pol.cache[0].a, 0x21);
    EXPECT_EQ(pol.extd[1].a, 0x80000001);
    EXPECT_EQ(pol.extd[2].a, 0);
    make_policy(&pol);
    pol.feat[0].a = 0;
    pol.xstate[1].c = 0;                /* XSS gone: subleaves 3-8 too */
    cpu_policy_clear_out_of_range(&pol);
    EXPECT_EQ(pol.feat[1].a, 0);
    EXPECT_EQ(pol.xstate[2].a, 0x20);
    EXPECT_EQ(pol.xstate[3].a, 0);
}

TEST(compatible_with_max)
{
    static struct cpu_policy max;
    uint32_t el, es, em;

    make_policy(&max);
    make_policy(&pol);
    el = es = em = ~0U;
    EXPECT_EQ(cpu_policy_check_compatible(&max, &pol, &el, &es, &em), 0);
    pol.basic[0].a = 0xe;
    EXPECT_EQ(cpu_policy_check_compatible(&max, &pol, &el, &es, &em),
              -EINVAL);
    EXPECT(el == 0 && es == NO_SUB && em == ~0U);
    make_policy(&pol);
    pol.feat[0].a = 2;
    el = es = ~0U;
    EXPECT_EQ(cpu_policy_check_compatible(&max, &pol, &el, &es, &em),
              -EINVAL);
    EXPECT(el == 7 && es == 0);
    make_policy(&pol);
    pol.extd[0].a = 0x80000009;
    EXPECT_EQ(cpu_policy_check_compatible(&max, &pol, &el, &es, &em),
              -EINVAL);
    EXPECT(el == 0x80000000 && es == NO_SUB);
    make_policy(&pol);
    max.platform_info = 0;
    el = es = ~0U;
    EXPECT_EQ(cpu_policy_check_compatible(&max, &pol, &el, &es, &em),
              -EINVAL);
    EXPECT(em == 0xce && el == ~0U);
}
