/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU policies: the CPUID leaves and MSRs a domain sees, in the arrays
 * Xen 4.17's struct cpu_policy holds (xen/lib/x86, as of 4.17.7),
 * so that the toolstack's serialised form (xen_cpuid_leaf_t,
 * xen_msr_entry_t) has Xen's leaves, order and limits.  The system
 * policies (XEN_SYSCTL_get_cpu_policy) are computed once at boot; each
 * domain has its own copy of hvm_default, which XEN_DOMCTL_set_cpu_policy
 * replaces before the domain first runs, and from which its CPUID is
 * answered (hvm/cpuid.c).  docs/domctl.md says what is and is not done.
 */
#ifndef X86_CPU_POLICY_H
#define X86_CPU_POLICY_H

#include <xen/types.h>
#include <asm/processor.h>
#include <public/arch-x86/xen.h>

/* Xen 4.17's array sizes (xen/include/xen/lib/x86/cpuid.h). */
#define CPUID_NR_BASIC          (0xdu + 1)
#define CPUID_NR_CACHE          (5u + 1)
#define CPUID_NR_FEAT           (2u + 1)
#define CPUID_NR_TOPO           (1u + 1)
#define CPUID_NR_XSTATE         (62u + 1)
#define CPUID_NR_EXTD           (0x21u + 1)

/* Serialised leaves at most: the sub-arrays less their basic entries. */
#define CPUID_MAX_SERIALISED_LEAVES                                     \
    (CPUID_NR_BASIC + CPUID_NR_FEAT - 1 + CPUID_NR_CACHE - 1 +          \
     CPUID_NR_TOPO - 1 + CPUID_NR_XSTATE - 1 + CPUID_NR_EXTD +          \
     2 /* 0x40000000 and 0x40000100: hv_limit, hv2_limit */)
#define MSR_MAX_SERIALISED_ENTRIES  2

#define MSR_INTEL_PLATFORM_INFO     0x000000ce
#define MSR_ARCH_CAPABILITIES       0x0000010a

/*
 * Feature words, in the featureset order of Xen 4.17.7 (Debian's 4.17,
 * whose libxc sizes its buffers so; 4.17.0 had the first 14).
 */
#define FEATURESET_NR_ENTRIES   19

struct cpu_policy {
    struct cpuid_leaf basic[CPUID_NR_BASIC];   /* 4, 7, 0xb, 0xd unused */
    struct cpuid_leaf cache[CPUID_NR_CACHE];   /* leaf 4's subleaves */
    struct cpuid_leaf feat[CPUID_NR_FEAT];     /* leaf 7's */
    struct cpuid_leaf topo[CPUID_NR_TOPO];     /* leaf 0xb's */
    struct cpuid_leaf xstate[CPUID_NR_XSTATE]; /* leaf 0xd's */
    struct cpuid_leaf extd[CPUID_NR_EXTD];     /* 0x80000000 + n */
    uint8_t hv_limit, hv2_limit;               /* kept, not used */
    uint32_t platform_info;                    /* MSR 0xce (32 bits, Xen) */
    uint64_t arch_caps;                        /* MSR 0x10a */
};

/* XEN_SYSCTL_cpu_policy_*: the system policies; NULL if not offered. */
const struct cpu_policy *cpu_policy_system(unsigned int index);
void cpu_policy_init(void);

/* Serialised forms (cpu-policy-buf.c); buffers are guest addresses. */
int cpu_policy_leaves_to_guest(const struct cpu_policy *p, uint64_t buf,
                               uint32_t *nr);
int cpu_policy_msrs_to_guest(const struct cpu_policy *p, uint64_t buf,
                             uint32_t *nr);
int cpu_policy_leaves_from_guest(struct cpu_policy *p, uint64_t buf,
                                 uint32_t nr, uint32_t *err_leaf,
                                 uint32_t *err_subleaf);
int cpu_policy_msrs_from_guest(struct cpu_policy *p, uint64_t buf,
                               uint32_t nr, uint32_t *err_msr);
void cpu_policy_clear_out_of_range(struct cpu_policy *p);
int cpu_policy_check_compatible(const struct cpu_policy *max,
                                const struct cpu_policy *p,
                                uint32_t *err_leaf, uint32_t *err_subleaf,
                                uint32_t *err_msr);
uint64_t cpu_policy_xstates(const struct cpu_policy *p);

/* The feature words of p (FEATURESET_NR_ENTRIES of them). */
void cpu_policy_to_featureset(const struct cpu_policy *p, uint32_t *fs);
/* physinfo's hw_cap: the host's first nr feature words (Xen's too). */
void cpu_policy_hw_cap(uint32_t *cap, unsigned int nr);
/* Knock out of p what max does not offer (Xen's recalculate, in part). */
void cpu_policy_recalculate(struct cpu_policy *p,
                            const struct cpu_policy *max);

/*
 * A guest's CPUID from policy p: true with *r filled if leaf is one the
 * policy holds (basic 0-0xd, extended 0x80000000-0x80000021), false for
 * other leaves (the caller answers those).
 */
bool cpu_policy_guest_leaf(const struct cpu_policy *p, uint32_t leaf,
                           uint32_t sub, struct cpuid_leaf *r);

#endif /* X86_CPU_POLICY_H */
