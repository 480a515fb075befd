/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated MMIO (hvm/mmio.c).  Guest-physical ranges with nothing in the
 * p2m fault into the hypervisor (nested page fault / EPT violation); the
 * faulting instruction is decoded and emulated with the x86 emulator, its
 * memory accesses routed by address to the registered device claiming
 * it, to RAM, or to nothing (reads all ones, writes dropped).
 */
#ifndef X86_HVM_MMIO_H
#define X86_HVM_MMIO_H

#include <xen/types.h>
#include <asm/regs.h>

struct vcpu;

/*
 * A device.  Hooks return X86EMUL_OKAY, or X86EMUL_UNHANDLEABLE to
 * crash the guest.  Accesses are 1, 2, 4 or 8 bytes and do not cross
 * the device's range (a crossing access is unhandleable).
 */
struct hvm_mmio_ops {
    const char *name;
    bool (*accepts)(struct vcpu *v, uint64_t gpa);
    int (*read)(struct vcpu *v, uint64_t gpa, unsigned int len,
                uint64_t *val);
    int (*write)(struct vcpu *v, uint64_t gpa, unsigned int len,
                 uint64_t val);
};

/* Boot time only; at most HVM_MMIO_MAX devices. */
#define HVM_MMIO_MAX 8
void hvm_mmio_register(const struct hvm_mmio_ops *ops);

/* The device claiming gpa for v, or NULL. */
const struct hvm_mmio_ops *hvm_mmio_find(struct vcpu *v, uint64_t gpa);

/*
 * Emulate the instruction at the current vCPU's RIP that faulted on gpa.
 * Returns false if no device claims gpa and something is there (RAM,
 * passed-through MMIO: the caller reports the fault); true if the
 * instruction completed, or an exception was injected (#GP(0) for an
 * instruction we cannot emulate or fetch, as Xen 4.17).
 */
bool hvm_mmio_emulate(struct vcpu *v, struct cpu_regs *regs, uint64_t gpa);

#endif /* X86_HVM_MMIO_H */
