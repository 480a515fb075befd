/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest writes to CR4.  Both backends intercept them, so that a reserved
 * bit, or the bit of a feature the guest's CPUID does not show (VMXE,
 * OSXSAVE, UMIP on a host without it...), is #GP(0) in the guest as on a
 * CPU without that feature, instead of reaching the VMCB/VMCS (Xen 4.17:
 * hvm_set_cr4(), hvm_cr4_guest_valid_bits()).  The backends find the
 * value (VMX from the exit qualification, SVM by emulating the
 * instruction) and inject the #GP.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

/*
 * A MOV to CR4 that changes these flushes the TLB, global entries too
 * (Intel SDM vol. 3A, "Operations that Invalidate TLBs and Paging-Structure
 * Caches"; Linux flushes global pages by toggling PGE).  The write is ours
 * now, so the flush is too.
 */
#define CR4_FLUSH_BITS (X86_CR4_PSE | X86_CR4_PAE | X86_CR4_PGE | \
                        X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE)

bool hvm_set_cr4(struct vcpu *v, uint64_t val)
{
    uint64_t old = hvm_get_reg(v, HVM_CR4);
    bool lma = hvm_get_reg(v, HVM_EFER) & EFER_LMA;

    if ( val & ~hvm_cr4_guest_valid_bits() )
        return false;
    if ( lma && !(val & X86_CR4_PAE) )
        return false;
    if ( (val & X86_CR4_PCIDE) && !(old & X86_CR4_PCIDE) &&
         (!lma || (hvm_get_reg(v, HVM_CR3) & 0xfff)) )
        return false;
    hvm_set_reg(v, HVM_CR4, val);
    if ( ((old ^ val) & CR4_FLUSH_BITS) ||
         ((old & ~val) & X86_CR4_PCIDE) )
        hvm_funcs.flush_guest_tlbs(v);
    return true;
}
