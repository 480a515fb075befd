/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest x87/MMX/SSE registers across vCPU switches.  The hypervisor is
 * built without them (flags.mk) and VMRUN/VMLAUNCH leave them alone, so
 * while a vCPU runs they hold its state.  Without a save on switch, the
 * next vCPU on that CPU (another domain's, or the same domain's moved
 * here from another CPU) ran with the last one's registers: a dom0
 * process's SSE memcpy could be handed another vCPU's XMM values in
 * mid-copy (seen as a guest kernel that "failed" to decompress in dom0).
 *
 * Eager, as Xen: context_switch() saves the leaving vCPU's state with
 * FXSAVE and loads the next one's with FXRSTOR.  Guests get no XSAVE
 * (XSETBV is #UD), so the 512-byte FXSAVE image is all of it.  FXSAVE
 * covers XMM and MXCSR only with CR4.OSFXSR set: fpu_cpu_init().
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/string.h>
#include <xen/sched.h>
#include <asm/fpu.h>
#include <asm/processor.h>

/* Every CPU that runs guests, before its first VMRUN (and VMX's host CR4). */
/* MXCSR bits this CPU has (FXSAVE's mask; 0 there means 0xffbf). */
static uint32_t mxcsr_mask;

void fpu_cpu_init(void)
{
    static struct fxsave_area probe __aligned(FXSAVE_ALIGN);

    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    if ( !mxcsr_mask )
    {
        memset(&probe, 0, sizeof(probe));
        __asm__ volatile ( "fxsave64 %0" : "=m" (probe) );
        mxcsr_mask = probe.mxcsr_mask ?: 0xffbf;
    }
}

static struct fxsave_area *area(const struct vcpu *v)
{
    return (struct fxsave_area *)ROUNDUP((unsigned long)v->arch.fpu_buf,
                                         FXSAVE_ALIGN);
}

/* The state after FNINIT and a reset MXCSR (Xen's vcpu_init_fpu()). */
void fpu_vcpu_init(struct vcpu *v)
{
    struct fxsave_area *f = area(v);

    memset(f, 0, sizeof(*f));
    f->fcw = 0x37f;
    f->mxcsr = 0x1f80;
}

void fpu_save(struct vcpu *v)
{
    __asm__ volatile ( "fxsave64 %0" : "=m" (*area(v)) );
}

void fpu_restore(struct vcpu *v)
{
    __asm__ volatile ( "fxrstor64 %0" :: "m" (*area(v)) );
}

void fpu_get_image(const struct vcpu *v, void *img)
{
    memcpy(img, area(v), sizeof(struct fxsave_area));
}

int fpu_set_image(struct vcpu *v, const void *img)
{
    const struct fxsave_area *f = img;

    if ( f->mxcsr & ~mxcsr_mask )
        return -EINVAL;
    memcpy(area(v), img, sizeof(*f));
    return 0;
}
