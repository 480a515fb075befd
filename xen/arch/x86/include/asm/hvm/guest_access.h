/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reaching guest memory from hypercalls.  A guest passes linear
 * (virtual) addresses; they are translated through the guest's own page
 * tables, then through the p2m.  Copies return the number of bytes NOT
 * copied (0 on success), so callers turn non-zero into -EFAULT.
 */
#ifndef X86_HVM_GUEST_ACCESS_H
#define X86_HVM_GUEST_ACCESS_H

#include <xen/types.h>
#include <asm/x86_emulate.h>

struct vcpu;
struct domain;

size_t copy_from_guest_va(struct vcpu *v, void *dst, uint64_t va,
                          size_t len);
size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len);
/* Guest-physical copies (no guest page tables). */
size_t copy_from_guest_phys(struct domain *d, void *dst, uint64_t gpa,
                            size_t len);
size_t copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                          size_t len);
size_t clear_guest_phys(struct domain *d, uint64_t gpa, size_t len);

/* Translate a guest linear address; false if it faults. */
bool hvm_gva_to_gpa(struct vcpu *v, uint64_t va, bool write, uint64_t *gpa);

/* Length of the instruction at the current vCPU's RIP, 0 if unknown. */
unsigned int hvm_decode_insn_len(struct vcpu *v);
/* The decoder's mode for the vCPU's current code segment. */
enum x86_mode hvm_insn_mode(const struct vcpu *v);

/* The current vCPU's hypercall argument copies, in the current guest. */
#define copy_from_guest(dst, va, len) \
    copy_from_guest_va(current, dst, va, len)
#define copy_to_guest(va, src, len) \
    copy_to_guest_va(current, va, src, len)

#endif /* X86_HVM_GUEST_ACCESS_H */
