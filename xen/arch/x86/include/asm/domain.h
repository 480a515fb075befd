/* SPDX-License-Identifier: GPL-2.0-only */
/* Architecture parts of struct vcpu and struct domain. */
#ifndef X86_DOMAIN_H
#define X86_DOMAIN_H

#include <xen/types.h>
#include <asm/fpu.h>
#include <asm/regs.h>

struct vlapic;

struct arch_vcpu {
    struct cpu_regs user_regs;      /* GPRs while not running */
    void *hvm;                      /* HVM backend state (SVM/VMX) */
    bool hypercall_preempted;       /* re-run the hypercall instruction */
    uint64_t guest_pat;             /* MSR_IA32_CR_PAT as the guest set it */
    uint64_t tsc_offset;
    uint64_t debugctl;              /* MSR_IA32_DEBUGCTL as the guest set it */
    struct vlapic *vlapic;          /* (c) emulated local APIC */
    /* Nested page faults the p2m allowed when looked at (hvm.c). */
    uint64_t npf_retry_gpa;
    unsigned int npf_retries;
    /* x87/SSE registers while not running (fpu.c; FXSAVE image inside). */
    uint8_t fpu_buf[FPU_BUF_SIZE];
};

struct p2m_domain;

struct arch_domain {
    struct p2m_domain *p2m;         /* (c) nested paging map */
    void *hvm;                      /* HVM backend's domain state */
    uint64_t hypercall_page_gpa;    /* where the guest asked for it */
    uint64_t hvm_params[64];        /* HVM_PARAM_* (d->lock) */
    /* XEN_DOMCTL_settscinfo, as given (d->lock; the TSC is native). */
    uint32_t tsc_mode, gtsc_khz, tsc_incarnation;
    /*
     * The CPUID and MSRs it sees (asm/cpu-policy.h): a copy of hvm_default
     * from creation; replaced by XEN_DOMCTL_set_cpu_policy under
     * domctl_lock before the domain first runs, read by its own vCPUs.
     */
    struct cpu_policy *cpu_policy;
};

#endif /* X86_DOMAIN_H */
