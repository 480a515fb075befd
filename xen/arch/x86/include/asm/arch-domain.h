/* SPDX-License-Identifier: GPL-2.0-only */
/* Hooks the common domain code calls into the architecture. */
#ifndef X86_ARCH_DOMAIN_H
#define X86_ARCH_DOMAIN_H

struct domain;
struct vcpu;

/* Xen's SHUTDOWN_crash (public/sched.h). */
#define DOMAIN_SHUTDOWN_CRASH 3

int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* d has shut down with reason: dom0's shutdown ends the machine. */
void arch_domain_shutdown(struct domain *d, int reason);
/* Print every vCPU's registers (for a crash). */
void arch_domain_show_state(const struct domain *d);
/* A vCPU's registers and interrupt state (the 'q' debug key). */
void arch_vcpu_show_state(const struct vcpu *v);

#endif /* X86_ARCH_DOMAIN_H */
