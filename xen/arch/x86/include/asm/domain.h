/* SPDX-License-Identifier: GPL-2.0-only */
/* Architecture parts of struct vcpu and struct domain. */
#ifndef X86_DOMAIN_H
#define X86_DOMAIN_H

#include <xen/types.h>
#include <asm/regs.h>

struct arch_vcpu {
    struct cpu_regs user_regs;      /* GPRs while not running */
    void *hvm;                      /* HVM backend state (SVM/VMX) */
};

struct arch_domain {
    void *hvm;                      /* HVM domain state (p2m, ...) */
};

#endif /* X86_DOMAIN_H */
