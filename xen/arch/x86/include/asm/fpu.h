/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_FPU_H
#define X86_FPU_H

#include <xen/types.h>

#define FXSAVE_ALIGN    16

/* The FXSAVE image (Intel SDM vol. 1, 10.5.1); the fields we set. */
struct fxsave_area {
    uint16_t fcw, fsw;
    uint8_t ftw, rsvd0;
    uint16_t fop;
    uint64_t fip, fdp;
    uint32_t mxcsr, mxcsr_mask;
    uint8_t regs[512 - 32];
};

/* Room for one image at a 16-byte boundary inside struct arch_vcpu. */
#define FPU_BUF_SIZE    (sizeof(struct fxsave_area) + FXSAVE_ALIGN - 1)

struct vcpu;

void fpu_cpu_init(void);
void fpu_vcpu_init(struct vcpu *v);
void fpu_save(struct vcpu *v);
void fpu_restore(struct vcpu *v);
/*
 * The image of a vCPU that is not running (HVM save format, 512 bytes),
 * and loading one: -EINVAL if FXRSTOR would fault on it (MXCSR bits the
 * CPU lacks).
 */
void fpu_get_image(const struct vcpu *v, void *img);
int fpu_set_image(struct vcpu *v, const void *img);

#endif /* X86_FPU_H */
