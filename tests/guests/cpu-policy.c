/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU policy sub-ops libxl's xc_cpuid_apply_policy() uses, as Xen
 * 4.17.7 (Debian's) answers them, from dom0: XEN_SYSCTL_get_cpu_policy
 * (size query with null handles, -EINVAL, -ENOBUFS and what it leaves,
 * the order and extent of the serialised leaves, leaf 0 against the CPUID
 * instruction, the two MSRs), XEN_SYSCTL_get_cpu_featureset (and
 * physinfo's hw_cap, the same words), and
 * XEN_DOMCTL_get/set_cpu_policy on a new domain (round trip, a lower max
 * leaf trimming the leaves above it, and the refusals with err_leaf,
 * err_subleaf, err_msr; -EEXIST once the domain was unpaused).
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/sysctl.h>

#define MAX_LEAVES      120     /* Xen 4.17's CPUID_MAX_SERIALISED_LEAVES */
#define MAX_MSRS        2
#define NR_FEATURES     19      /* Xen 4.17.7's FEATURESET_NR_ENTRIES */
#define NO_SUB          XEN_CPUID_NO_SUBLEAF

static struct xen_sysctl s;
static struct xen_domctl d;
static xen_cpuid_leaf_t leaves[MAX_LEAVES + 1], dleaves[MAX_LEAVES + 1];
static xen_cpuid_leaf_t hvm_def[MAX_LEAVES];
static xen_msr_entry_t msrs[MAX_MSRS + 1];
static uint32_t nr_hvm_def;

static long get_policy(uint32_t index, xen_cpuid_leaf_t *l, uint32_t nr_l,
                       xen_msr_entry_t *m, uint32_t nr_m)
{
    memset(&s.u, 0, sizeof(s.u));
    s.cmd = XEN_SYSCTL_get_cpu_policy;
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    s.u.cpu_policy.index = index;
    s.u.cpu_policy.nr_leaves = nr_l;
    s.u.cpu_policy.nr_msrs = nr_m;
    set_xen_guest_handle(s.u.cpu_policy.leaves, l);
    set_xen_guest_handle(s.u.cpu_policy.msrs, m);
    return sysctl(&s);
}

static long dctl(uint32_t cmd, domid_t dom)
{
    d.cmd = cmd;
    d.domain = dom;
    d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return domctl(&d);
}

static long dom_policy(uint32_t cmd, domid_t dom, xen_cpuid_leaf_t *l,
                       uint32_t nr_l, xen_msr_entry_t *m, uint32_t nr_m)
{
    memset(&d.u, 0, sizeof(d.u));
    d.u.cpu_policy.nr_leaves = nr_l;
    d.u.cpu_policy.nr_msrs = nr_m;
    set_xen_guest_handle(d.u.cpu_policy.leaves, l);
    set_xen_guest_handle(d.u.cpu_policy.msrs, m);
    return dctl(cmd, dom);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Leaf 4's type is EAX[4:0], 0xb's ECX[15:8]: type 0 ends the list. */
static bool ends_list(const xen_cpuid_leaf_t *e)
{
    return e->leaf == 4 ? !(e->a & 0x1f) : !((e->c >> 8) & 0xff);
}

/* Entries of one leaf from l[*i]: subleaves 0, 1, ... or one NO_SUB. */
static bool walk_leaf(const xen_cpuid_leaf_t *l, uint32_t n, uint32_t *i,
                      uint32_t leaf, uint32_t max_sub)
{
    uint32_t sub = 0;
    bool subs = leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd;

    if ( !subs )
        return *i < n && l[*i].leaf == leaf && l[(*i)++].subleaf == NO_SUB;
    while ( *i < n && l[*i].leaf == leaf )
    {
        if ( l[*i].subleaf != sub++ )
            return false;
        if ( (leaf == 4 || leaf == 0xb) && ends_list(&l[(*i)++]) )
            return true;
        if ( leaf == 7 || leaf == 0xd )
            (*i)++;
    }
    return sub && (leaf != 7 || sub == max_sub + 1);
}

/*
 * Xen's x86_cpuid_copy_to_buffer() order: basic leaves 0 to min(max,
 * 0xd) (4, 7, 0xb, 0xd by subleaf), 0x40000000, 0x40000100, extended
 * leaves 0x80000000 to min(max, 0x80000021); nothing else.
 */
static void check_layout(const char *what, const xen_cpuid_leaf_t *l,
                         uint32_t n)
{
    uint32_t i = 0, leaf, max, max7 = 0;
    bool ok = n && l[0].leaf == 0;

    max = ok ? min_u32(l[0].a, 0xd) : 0;
    for ( leaf = 0; ok && leaf <= max; leaf++ )
    {
        if ( leaf == 7 && i < n && l[i].leaf == 7 )
            max7 = min_u32(l[i].a, 2);
        ok = walk_leaf(l, n, &i, leaf, max7);
    }
    ok = ok && walk_leaf(l, n, &i, 0x40000000, 0) &&
         walk_leaf(l, n, &i, 0x40000100, 0);
    max = ok && i < n ? min_u32(l[i].a & 0xffff, 0x21) : 0;
    for ( leaf = 0; ok && leaf <= max; leaf++ )
        ok = walk_leaf(l, n, &i, 0x80000000 | leaf, 0);
    check(ok && i == n, what, "bad at entry %u of %u (leaf %#x:%#x)", i, n,
          i < n ? l[i].leaf : 0, i < n ? l[i].subleaf : 0);
}

static const xen_cpuid_leaf_t *find(const xen_cpuid_leaf_t *l, uint32_t n,
                                    uint32_t leaf, uint32_t sub)
{
    uint32_t i;

    for ( i = 0; i < n; i++ )
        if ( l[i].leaf == leaf && l[i].subleaf == sub )
            return &l[i];
    return NULL;
}

static void check_sizes(void)
{
    long rc;

    check_eq_rc(get_policy(XEN_SYSCTL_cpu_policy_raw, NULL, 0, NULL, 0), 0,
                "get_cpu_policy: null handles ask the sizes");
    check_eq(s.u.cpu_policy.nr_leaves, MAX_LEAVES, "... leaves at most");
    check_eq(s.u.cpu_policy.nr_msrs, MAX_MSRS, "... MSRs at most");
    memset(&s.u, 0, sizeof(s.u));
    s.u.cpu_policy._rsvd = 1;
    check_eq_rc(sysctl(&s), -XEN_EINVAL, "get_cpu_policy: _rsvd set");
    check_eq_rc(get_policy(XEN_SYSCTL_cpu_policy_hvm_default + 1, NULL, 0,
                           NULL, 0), -XEN_EINVAL,
                "get_cpu_policy: no such index");
    rc = get_policy(XEN_SYSCTL_cpu_policy_pv_max, NULL, 0, NULL, 0);
    check(rc == 0 || rc == -XEN_EOPNOTSUPP, "get_cpu_policy pv_max: a "
          "policy, or -EOPNOTSUPP without PV", "%ld", rc);
}

/* Each system policy, fully: the leaves in Xen's order, the two MSRs. */
static void check_system(uint32_t index, const char *name)
{
    static char what[64];

    snprintf(what, sizeof(what), "get_cpu_policy %s", name);
    if ( !check_eq_rc(get_policy(index, leaves, MAX_LEAVES, msrs, MAX_MSRS),
                      0, what) )
        return;
    snprintf(what, sizeof(what), "... %s: leaves in Xen's order", name);
    check_layout(what, leaves, s.u.cpu_policy.nr_leaves);
    check(s.u.cpu_policy.nr_msrs == 2 && msrs[0].idx == 0xce &&
          msrs[1].idx == 0x10a && !msrs[0].flags && !msrs[1].flags,
          "... MSRs: PLATFORM_INFO, ARCH_CAPABILITIES", "%u: %#x %#x",
          s.u.cpu_policy.nr_msrs, msrs[0].idx, msrs[1].idx);
}

/* hvm_default is dom0's policy too: leaf 0, 1 and 0x80000000 as CPUID. */
static void check_vs_cpuid(void)
{
    struct cpuid_regs c0 = cpuid(0), c1 = cpuid(1), e0 = cpuid(0x80000000);
    const xen_cpuid_leaf_t *l;

    if ( !check_eq_rc(get_policy(XEN_SYSCTL_cpu_policy_hvm_default, hvm_def,
                                 MAX_LEAVES, NULL, 0), 0,
                      "get_cpu_policy hvm_default, no MSR handle") )
        return;
    nr_hvm_def = s.u.cpu_policy.nr_leaves;
    check_eq(s.u.cpu_policy.nr_msrs, MAX_MSRS, "... nr_msrs: the maximum");
    l = &hvm_def[0];
    check(l->leaf == 0 && l->a == c0.a && l->b == c0.b && l->c == c0.c &&
          l->d == c0.d, "hvm_default leaf 0: max leaf and vendor as CPUID",
          "%#x %#x %#x %#x vs %#x %#x %#x %#x", l->a, l->b, l->c, l->d,
          c0.a, c0.b, c0.c, c0.d);
    l = find(hvm_def, nr_hvm_def, 1, NO_SUB);
    check(l && l->a == c1.a, "hvm_default leaf 1: family/model/stepping",
          "%#x vs %#x", l ? l->a : 0, c1.a);
    l = find(hvm_def, nr_hvm_def, 0x80000000, NO_SUB);
    check(l && l->a == e0.a, "hvm_default 0x80000000: max extended leaf",
          "%#x vs %#x", l ? l->a : 0, e0.a);
}

/* -ENOBUFS: nothing past the room written; the leaves' count kept. */
static void check_enobufs(void)
{
    uint32_t n;

    memset(leaves, 0xa5, sizeof(leaves));
    check_eq_rc(get_policy(XEN_SYSCTL_cpu_policy_host, leaves, 3, NULL, 0),
                -XEN_ENOBUFS, "get_cpu_policy: room for 3 leaves");
    check(leaves[0].leaf == 0 && leaves[2].leaf != 0xa5a5a5a5 &&
          leaves[3].leaf == 0xa5a5a5a5, "... 3 written, no more", " ");
    check_eq(s.u.cpu_policy.nr_leaves, 3, "... nr_leaves as given");
    get_policy(XEN_SYSCTL_cpu_policy_host, leaves, MAX_LEAVES, NULL, 0);
    n = s.u.cpu_policy.nr_leaves;
    check_eq_rc(get_policy(XEN_SYSCTL_cpu_policy_host, leaves, MAX_LEAVES,
                           msrs, 1), -XEN_ENOBUFS,
                "get_cpu_policy: room for 1 MSR");
    check_eq(s.u.cpu_policy.nr_leaves, n, "... nr_leaves: those written");
    check_eq(s.u.cpu_policy.nr_msrs, 1, "... nr_msrs as given");
}

/*
 * physinfo's hw_cap: the host's capability words, featureset order; in
 * 0x80000001 EDX without the bits AMD copies from leaf 1 EDX (Xen's
 * CPUID_COMMON_1D_FEATURES; seen so on Xen 4.17.7).
 */
#define COMMON_1D   0x0183f3ffU
static void check_hw_cap(const uint32_t *fs)
{
    const uint32_t *cap = s.u.physinfo.hw_cap;

    memset(&s.u, 0, sizeof(s.u));
    s.cmd = XEN_SYSCTL_physinfo;
    check_eq_rc(sysctl(&s), 0, "physinfo");
    check(cap[0] == fs[0] && cap[1] == fs[1] &&
          cap[2] == (fs[2] & ~COMMON_1D) &&
          cap[3] == fs[3] && cap[5] == fs[5] && cap[6] == fs[6],
          "... hw_cap: the host featureset's words", "%#x %#x vs %#x %#x",
          cap[0], cap[1], fs[0], fs[1]);
}

static void check_featureset(void)
{
    static uint32_t fs[NR_FEATURES + 1];
    struct xen_sysctl_cpu_featureset *f = &s.u.cpu_featureset;
    const xen_cpuid_leaf_t *l1, *l7;

    memset(&s.u, 0, sizeof(s.u));
    s.cmd = XEN_SYSCTL_get_cpu_featureset;
    check_eq_rc(sysctl(&s), 0, "get_cpu_featureset: null asks the size");
    check_eq(f->nr_features, NR_FEATURES, "... Xen 4.17.7's word count");
    f->index = XEN_SYSCTL_cpu_featureset_host;
    f->nr_features = 2;
    set_xen_guest_handle(f->features, fs);
    check_eq_rc(sysctl(&s), -XEN_ENOBUFS, "get_cpu_featureset: 2 words");
    check_eq(f->nr_features, 2, "... 2 written");
    f->nr_features = NR_FEATURES;
    check_eq_rc(sysctl(&s), 0, "get_cpu_featureset host");
    get_policy(XEN_SYSCTL_cpu_policy_host, leaves, MAX_LEAVES, NULL, 0);
    l1 = find(leaves, s.u.cpu_policy.nr_leaves, 1, NO_SUB);
    l7 = find(leaves, s.u.cpu_policy.nr_leaves, 7, 0);
    check(l1 && fs[0] == l1->d && fs[1] == l1->c && (!l7 || fs[5] == l7->b),
          "... words 1d, 1c, 7b0 as the host policy's leaves", " ");
    f->index = XEN_SYSCTL_cpu_featureset_hvm_max + 1;
    check_eq_rc(sysctl(&s), -XEN_EINVAL, "get_cpu_featureset: no such index");
    check_hw_cap(fs);
}

/* One entry of l changed: set must refuse it, naming it in err_*. */
static void set_fails(domid_t id, uint32_t n, long want, uint32_t leaf,
                      uint32_t sub, const char *what)
{
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, dleaves, n, NULL,
                           0), want, what);
    check(d.u.cpu_policy.err_leaf == leaf &&
          d.u.cpu_policy.err_subleaf == sub &&
          d.u.cpu_policy.err_msr == ~0U, "... err_leaf, err_subleaf, "
          "err_msr", "%#x %#x %#x", d.u.cpu_policy.err_leaf,
          d.u.cpu_policy.err_subleaf, d.u.cpu_policy.err_msr);
}

static void check_set_errors(domid_t id, uint32_t n)
{
    xen_cpuid_leaf_t l0 = dleaves[0];

    get_policy(XEN_SYSCTL_cpu_policy_hvm_max, leaves, MAX_LEAVES, NULL, 0);
    dleaves[0].a = leaves[0].a + 1;
    set_fails(id, n, -XEN_EINVAL, 0, NO_SUB,
              "set_cpu_policy: max leaf above hvm_max's");
    dleaves[0] = l0;
    dleaves[n] = (xen_cpuid_leaf_t){ 0x40000001, NO_SUB };
    set_fails(id, n + 1, -XEN_ERANGE, 0x40000001, NO_SUB,
              "set_cpu_policy: a leaf no policy has");
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, dleaves,
                           MAX_LEAVES + 1, NULL, 0), -XEN_E2BIG,
                "set_cpu_policy: more leaves than any policy");
    msrs[0] = (xen_msr_entry_t){ .idx = 0xce, .flags = 1 };
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, NULL, 0, msrs, 1),
                -XEN_EINVAL, "set_cpu_policy: MSR flags set");
    check_eq(d.u.cpu_policy.err_msr, 0xce, "... err_msr");
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, 0, dleaves, n, NULL,
                           0), -XEN_EINVAL, "set_cpu_policy: own domain");
}

/* A lower max leaf: the leaves above it go (Xen trims them). */
static void check_lower_max(domid_t id, uint32_t n)
{
    const xen_cpuid_leaf_t *l;

    dleaves[0].a = 7;
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, dleaves, n, NULL,
                           0), 0, "set_cpu_policy: max leaf 7");
    check_eq_rc(dom_policy(XEN_DOMCTL_get_cpu_policy, id, leaves,
                           MAX_LEAVES, NULL, 0), 0, "... read back");
    n = d.u.cpu_policy.nr_leaves;
    check_layout("... leaves in Xen's order", leaves, n);
    l = find(leaves, n, 0xb, 0);
    check(leaves[0].a == 7 && !l && find(leaves, n, 7, 0),
          "... leaf 7 the last basic one", "%#x", leaves[0].a);
}

static void check_domain(domid_t id)
{
    uint32_t n;

    check_eq_rc(dom_policy(XEN_DOMCTL_get_cpu_policy, id, NULL, 0, NULL, 0),
                0, "domctl get_cpu_policy: null handles ask the sizes");
    check(d.u.cpu_policy.nr_leaves == MAX_LEAVES &&
          d.u.cpu_policy.nr_msrs == MAX_MSRS, "... the maxima", "%u %u",
          d.u.cpu_policy.nr_leaves, d.u.cpu_policy.nr_msrs);
    check_eq_rc(dom_policy(XEN_DOMCTL_get_cpu_policy, id, dleaves, 2, NULL,
                           0), -XEN_ENOBUFS, "domctl get_cpu_policy: 2 leaves");
    if ( !check_eq_rc(dom_policy(XEN_DOMCTL_get_cpu_policy, id, dleaves,
                                 MAX_LEAVES, msrs, MAX_MSRS), 0,
                      "domctl get_cpu_policy") )
        return;
    n = d.u.cpu_policy.nr_leaves;
    check_layout("... leaves in Xen's order", dleaves, n);
    check(dleaves[0].a == hvm_def[0].a && dleaves[0].b == hvm_def[0].b,
          "... leaf 0 as hvm_default's", "%#x vs %#x", dleaves[0].a,
          hvm_def[0].a);
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, dleaves, n, NULL,
                           0), 0, "set_cpu_policy: the same leaves back");
    check_eq_rc(dom_policy(XEN_DOMCTL_get_cpu_policy, id, leaves,
                           MAX_LEAVES, NULL, 0), 0, "... read back");
    check(d.u.cpu_policy.nr_leaves == n &&
          !memcmp(leaves, dleaves, n * sizeof(leaves[0])),
          "... unchanged", "%u leaves, %u before", d.u.cpu_policy.nr_leaves,
          n);
    check_set_errors(id, n);
    check_lower_max(id, n);
    check_eq_rc(dctl(XEN_DOMCTL_unpausedomain, id), 0, "unpausedomain");
    check_eq_rc(dom_policy(XEN_DOMCTL_set_cpu_policy, id, dleaves, n, NULL,
                           0), -XEN_EEXIST, "set_cpu_policy: once unpaused");
}

void test_main(void)
{
    domid_t id;

    check_sizes();
    check_system(XEN_SYSCTL_cpu_policy_raw, "raw");
    check_system(XEN_SYSCTL_cpu_policy_host, "host");
    check_system(XEN_SYSCTL_cpu_policy_hvm_max, "hvm_max");
    check_system(XEN_SYSCTL_cpu_policy_hvm_default, "hvm_default");
    check_vs_cpuid();
    check_enobufs();
    check_featureset();
    if ( !(id = pvh_domu_create(&d)) )
        return;
    check_domain(id);
    check_eq_rc(dctl(XEN_DOMCTL_destroydomain, id), 0, "destroydomain");
}
