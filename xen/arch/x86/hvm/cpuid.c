/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPUID a guest sees: the host's, with what we do not virtualise
 * hidden (VMX/SVM, XSAVE and AVX, MONITOR), x2APIC and the TSC deadline
 * timer offered (the vLAPIC emulates them), the hypervisor bit set, and Xen's
 * leaves at 0x40000000 (public/arch-x86/cpuid.h).  That is the policy
 * hvm_max (hvm_cpu_policy_init()); each domain answers from its own copy
 * (asm/cpu-policy.h), which the toolstack may replace before it first runs,
 * for the leaves a policy holds, and from the host, less what we hide, for
 * the others.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/time.h>
#include <xen/version.h>
#include <asm/cpu-policy.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <public/arch-x86/cpuid.h>

#define LEAF1_ECX_MONITOR       (1U << 3)
#define LEAF1_ECX_VMX           (1U << 5)
#define LEAF1_ECX_SMX           (1U << 6)
#define LEAF1_ECX_X2APIC        (1U << 21)
#define LEAF1_ECX_TSC_DEADLINE  (1U << 24)
#define LEAF1_ECX_XSAVE         (1U << 26)
#define LEAF1_ECX_OSXSAVE       (1U << 27)
#define LEAF1_ECX_AVX           (1U << 28)
#define LEAF1_ECX_HYPERVISOR    (1U << 31)
#define LEAF1_EDX_MCE           (1U << 7)
#define LEAF1_EDX_MCA           (1U << 14)
#define LEAF1_EDX_HTT           (1U << 28)
#define LEAF7_ECX_PKU           (1U << 3)
#define LEAF7_ECX_OSPKE         (1U << 4)
#define LEAF7_ECX_CET_SS        (1U << 7)
#define LEAF7_ECX_LA57          (1U << 16)
#define LEAF7_EDX_CET_IBT       (1U << 20)
#define EXT1_ECX_SVM            (1U << 2)
#define EXT1_ECX_SKINIT         (1U << 12)

#define HYPERCALL_MSR_BASE      0x40000000

static void xen_leaf(const struct vcpu *v, uint32_t idx, uint32_t sub,
                     struct cpuid_leaf *r)
{
    memset(r, 0, sizeof(*r));
    switch ( idx )
    {
    case 0:
        r->a = XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES);
        r->b = XEN_CPUID_SIGNATURE_EBX;
        r->c = XEN_CPUID_SIGNATURE_ECX;
        r->d = XEN_CPUID_SIGNATURE_EDX;
        break;
    case 1:
        r->a = (XEN_VERSION << 16) | XEN_SUBVERSION;
        break;
    case 2:
        r->a = 1;                       /* hypercall pages */
        r->b = HYPERCALL_MSR_BASE;
        break;
    case 3:
        /*
         * Time: native TSC (mode 0).  Subleaf 1 is the TSC-to-ns scale
         * (no offset), subleaf 2 the TSC frequency.
         */
        if ( sub == 0 )
            r->c = cpu_khz;
        else if ( sub == 1 )
        {
            int8_t shift;

            pvclock_scale(cpu_khz, &r->c, &shift);
            r->d = (uint8_t)shift;
        }
        else if ( sub == 2 )
            r->a = cpu_khz;
        break;
    case 4:
        /* UPCALL_VECTOR: HVMOP_set_evtchn_upcall_vector works. */
        r->a = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT |
               XEN_HVM_CPUID_UPCALL_VECTOR;
        r->b = v->vcpu_id;
        r->c = v->domain->domain_id;
        break;
    }
}

/* The features we do not offer, whoever asks. */
static void hide_features(uint32_t leaf, uint32_t sub, struct cpuid_leaf *r)
{
    switch ( leaf )
    {
    case 1:
        r->c &= ~(LEAF1_ECX_MONITOR | LEAF1_ECX_VMX | LEAF1_ECX_SMX |
                  LEAF1_ECX_XSAVE | LEAF1_ECX_OSXSAVE | LEAF1_ECX_AVX);
        /* The vLAPIC offers x2APIC and the TSC-deadline timer. */
        r->c |= LEAF1_ECX_HYPERVISOR | LEAF1_ECX_X2APIC |
                LEAF1_ECX_TSC_DEADLINE;
        /* No machine-check MSRs to offer: MCE and MCA hidden. */
        r->d &= ~(LEAF1_EDX_HTT | LEAF1_EDX_MCE | LEAF1_EDX_MCA);
        break;
    case 5:                             /* MONITOR/MWAIT: hidden */
    case 0xd:                           /* XSAVE: hidden */
        memset(r, 0, sizeof(*r));
        break;
    case 7:
        if ( sub )
            break;
        /*
         * Structured extended features: AVX2/AVX-512, protection keys and
         * CET keep state in XSAVE areas we do not switch; 5-level paging
         * is not offered (as in Xen 4.17).
         */
        r->b &= ~((1U << 5) | (0xffffU << 16));
        r->c &= ~(LEAF7_ECX_PKU | LEAF7_ECX_OSPKE | LEAF7_ECX_CET_SS |
                  LEAF7_ECX_LA57);
        r->d &= ~LEAF7_EDX_CET_IBT;
        break;
    case 0x80000001:
        r->c &= ~(EXT1_ECX_SVM | EXT1_ECX_SKINIT);
        break;
    case 0x8000000a:                    /* SVM features: none nested */
        memset(r, 0, sizeof(*r));
        break;
    }
}

/*
 * What Xen's guest_cpuid() fills in per vCPU, whatever the policy says:
 * the hypervisor bit, the APIC IDs (vCPU n is APIC 2n, as on Xen) and
 * leaf 0xb's subleaf number.
 */
static void adjust_vcpu(const struct vcpu *v, uint32_t leaf, uint32_t sub,
                        struct cpuid_leaf *r)
{
    switch ( leaf )
    {
    case 1:
        r->b = (r->b & 0x0000ffff) | ((v->vcpu_id * 2) << 24);
        r->c |= LEAF1_ECX_HYPERVISOR;
        break;
    case 0xb:
        /* x2APIC topology: each vCPU its own core; EDX its x2APIC ID. */
        r->c = (r->c & ~0xffU) | (sub & 0xff);
        r->d = v->vcpu_id * 2;
        break;
    }
}

/* hvm_max: the raw policy p less what no guest is offered. */
void hvm_cpu_policy_init(struct cpu_policy *p)
{
    unsigned int i;

    for ( i = 0; i < CPUID_NR_BASIC; i++ )
        if ( i != 4 && i != 7 && i != 0xb && i != 0xd )
            hide_features(i, 0, &p->basic[i]);
    hide_features(7, 0, &p->feat[0]);
    for ( i = 0; i < CPUID_NR_XSTATE; i++ )
        hide_features(0xd, i, &p->xstate[i]);
    for ( i = 0; i < CPUID_NR_EXTD; i++ )
        hide_features(0x80000000 + i, 0, &p->extd[i]);
    p->platform_info = 0;
    p->arch_caps = 0;       /* Xen 4.17: not offered to guests yet */
}

/* Subleaf 0 of a native leaf, with what no guest is offered hidden. */
static void offered_leaf(uint32_t leaf, struct cpuid_leaf *r)
{
    memset(r, 0, sizeof(*r));
    if ( leaf <= cpuid_eax(0) )
    {
        cpuid_count(leaf, 0, r);
        hide_features(leaf, 0, r);
    }
}

/* Leaf 1 EDX, leaf 1 ECX and leaf 7 EBX/ECX features that enable CR4 bits. */
#define L1D(n)  (l1.d & (1U << (n)))
#define L1C(n)  (l1.c & (1U << (n)))
#define L7B(n)  (l7.b & (1U << (n)))
#define L7C(n)  (l7.c & (1U << (n)))

/*
 * Xen 4.17's hvm_cr4_guest_valid_bits(): a CR4 bit is valid if the CPUID
 * the guest sees has its feature.  VMXE (no nested VMX), SMXE, LA57 and
 * the key-locker and PKS bits never are.  The features are the host's
 * less what hide_features() hides, the same for every guest: computed once.
 */
static uint64_t cr4_valid_bits(void)
{
    struct cpuid_leaf l1, l7;

    offered_leaf(1, &l1);
    offered_leaf(7, &l7);
    return (L1D(1) ? X86_CR4_VME | X86_CR4_PVI : 0) |
           (L1D(4) ? X86_CR4_TSD : 0) |
           (L1D(2) ? X86_CR4_DE : 0) |
           (L1D(3) ? X86_CR4_PSE : 0) |
           (L1D(6) ? X86_CR4_PAE : 0) |
           (L1D(7) || L1D(14) ? X86_CR4_MCE : 0) |
           (L1D(13) ? X86_CR4_PGE : 0) |
           X86_CR4_PCE |
           (L1D(24) ? X86_CR4_OSFXSR : 0) |
           (L1D(25) ? X86_CR4_OSXMMEXCPT : 0) |
           (L7C(2) ? X86_CR4_UMIP : 0) |
           (L1C(5) ? X86_CR4_VMXE : 0) |
           (L7B(0) ? X86_CR4_FSGSBASE : 0) |
           (L1C(17) ? X86_CR4_PCIDE : 0) |
           (L1C(26) ? X86_CR4_OSXSAVE : 0) |
           (L7B(7) ? X86_CR4_SMEP : 0) |
           (L7B(20) ? X86_CR4_SMAP : 0) |
           (L7C(3) ? X86_CR4_PKE : 0) |
           (L7C(7) ? X86_CR4_CET : 0);
}

uint64_t hvm_cr4_guest_valid_bits(void)
{
    static uint64_t valid;      /* PCE is always in: 0 means not known */

    if ( !valid )
        valid = cr4_valid_bits();
    return valid;
}

#undef L1D
#undef L1C
#undef L7B
#undef L7C

/*
 * Leaf 0 is the host's, so the guest sees the host's vendor: "AuthenticAMD"
 * or "HygonGenuine" make it AMD-like (EBX "Auth" and "Hygo").
 */
bool hvm_cpuid_amd_like(const struct domain *d)
{
    static int8_t amd_like = -1;
    uint32_t ebx;

    if ( amd_like < 0 )
    {
        ebx = cpuid_ebx(0);
        amd_like = ebx == 0x68747541 || ebx == 0x6f677948;
    }
    return amd_like;
}

bool hvm_cpuid_exit(struct vcpu *v, struct cpu_regs *regs)
{
    const struct cpu_policy *p = v->domain->arch.cpu_policy;
    uint32_t leaf = regs->rax, sub = regs->rcx;
    struct cpuid_leaf r;

    if ( leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100 )
        xen_leaf(v, leaf - XEN_CPUID_FIRST_LEAF, sub, &r);
    else
    {
        if ( !p || !cpu_policy_guest_leaf(p, leaf, sub, &r) )
        {
            cpuid_count(leaf, sub, &r);
            hide_features(leaf, sub, &r);
        }
        adjust_vcpu(v, leaf, sub, &r);
    }
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
    return true;
}
