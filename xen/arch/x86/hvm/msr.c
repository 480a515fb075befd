/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest MSR accesses that reach the hypervisor (the MSR permission map
 * lets the syscall/segment-base MSRs through).  Anything not listed here
 * raises #GP in the guest, as an unimplemented MSR does on hardware.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <public/hvm/save.h>

#define MSR_MTRRCAP             0x000000fe
#define MSR_MISC_ENABLE         0x000001a0
#define MSR_MTRR_PHYS_FIRST     0x00000200
#define MSR_MTRR_PHYS_LAST      0x0000020f
#define MSR_MTRR_FIX_FIRST      0x00000250
#define MSR_MTRR_FIX_LAST       0x0000026f
#define MSR_MTRR_DEF_TYPE       0x000002ff
#define MSR_XEN_HYPERCALL_PAGE  0x40000000
#define MSR_K8_INT_PENDING_MSG  0xc0010055

#define EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | \
                         (1UL << 14) /* FFXSR */)


static bool pat_valid(uint64_t pat)
{
    unsigned int i;

    for ( i = 0; i < 8; i++ )
    {
        uint8_t t = pat >> (i * 8);

        if ( t == 2 || t == 3 || t > 7 )
            return false;
    }
    return true;
}

/*
 * MSR_IA32_DEBUGCTL: the bits Xen 4.17 lets an HVM guest set (vmx.c
 * vmx_msr_write_intercept(): LBR and BTF, RTM debugging where CPUID offers
 * RTM; the BTS bits need a vPMU, which we do not have).  Any other bit is
 * reserved, and setting it is #GP, as on hardware.  The value is kept and
 * read back but has no effect on the CPU: no LBR virtualisation (QEMU's SVM
 * has none), which is what Xen 4.17 does on SVM without LBRV.
 */
static bool debugctl_valid(uint64_t val)
{
    uint64_t ok = DEBUGCTL_LBR | DEBUGCTL_BTF;
    struct cpuid_leaf l;

    if ( cpuid_eax(0) >= 7 )
    {
        cpuid_count(7, 0, &l);
        if ( l.b & (1U << 11) )             /* RTM, passed through */
            ok |= DEBUGCTL_RTM;
    }
    return !(val & ~ok);
}

/* 0 and the value, or -1 for #GP. */
static int msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch ( msr )
    {
    case MSR_EFER:
        *val = hvm_get_reg(v, HVM_EFER);
        return 0;
    case MSR_IA32_CR_PAT:
        *val = v->arch.guest_pat;
        return 0;
    case MSR_IA32_TSC:
        *val = rdtsc() + v->arch.tsc_offset;
        return 0;
    case MSR_IA32_DEBUGCTL:
        *val = v->arch.debugctl;
        return 0;
    case MSR_IA32_APICBASE:
    case MSR_IA32_TSC_DEADLINE:
    case 0x800 ... 0x8ff:               /* x2APIC */
        return vlapic_msr_read(v, msr, val);
    case MSR_MISC_ENABLE:
        /* Fast strings; branch-trace and PEBS storage unavailable. */
        *val = (1UL << 0) | (1UL << 11) | (1UL << 12);
        return 0;
    case MSR_K8_INT_PENDING_MSG:
        /* No SMI/C1E interrupt-pending messages: Linux reads it unguarded. */
        *val = 0;
        return 0;
    case MSR_MTRRCAP:
    case MSR_MTRR_DEF_TYPE:
    case MSR_MTRR_PHYS_FIRST ... MSR_MTRR_PHYS_LAST:
    case MSR_MTRR_FIX_FIRST ... MSR_MTRR_FIX_LAST:
        /* No MTRRs to program: nested paging decides memory types. */
        *val = msr == MSR_MTRR_DEF_TYPE ? 0xc06 : 0;
        return 0;
    }
    return -1;
}

static int msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch ( msr )
    {
    case MSR_EFER:
        if ( val & ~EFER_GUEST_BITS )
            return -1;
        hvm_set_reg(v, HVM_EFER, val);
        return 0;
    case MSR_IA32_CR_PAT:
        if ( !pat_valid(val) )
            return -1;
        v->arch.guest_pat = val;
        return 0;
    case MSR_IA32_TSC:
        v->arch.tsc_offset = val - rdtsc();
        return 0;
    case MSR_IA32_DEBUGCTL:
        if ( !debugctl_valid(val) )
            return -1;
        v->arch.debugctl = val;
        return 0;
    case MSR_XEN_HYPERCALL_PAGE:
        /* Low 12 bits: page index; we have one page. */
        if ( val & 0xfff )
            return -1;
        /* From now on the guest's word size fixes its shared_info layout. */
        domain_latch_shinfo_size(v->domain, !hvm_64bit_code(v));
        return hvm_write_hypercall_page(v->domain, val) ? -1 : 0;
    case MSR_IA32_APICBASE:
    case MSR_IA32_TSC_DEADLINE:
    case 0x800 ... 0x8ff:               /* x2APIC */
        return vlapic_msr_write(v, msr, val);
    case MSR_MISC_ENABLE:
    case MSR_MTRR_DEF_TYPE:
    case MSR_MTRR_PHYS_FIRST ... MSR_MTRR_PHYS_LAST:
    case MSR_MTRR_FIX_FIRST ... MSR_MTRR_FIX_LAST:
        return 0;
    }
    return -1;
}

bool hvm_msr_read_exit(struct vcpu *v, struct cpu_regs *regs)
{
    uint64_t val = 0;

    if ( msr_read(v, regs->rcx, &val) )
    {
        hvm_inject_gp(v);
        return false;
    }
    regs->rax = (uint32_t)val;
    regs->rdx = val >> 32;
    return true;
}

bool hvm_msr_write_exit(struct vcpu *v, struct cpu_regs *regs)
{
    uint64_t val = ((uint64_t)(uint32_t)regs->rdx << 32) |
                   (uint32_t)regs->rax;

    if ( msr_write(v, regs->rcx, val) )
    {
        hvm_inject_gp(v);
        return false;
    }
    return true;
}

/*
 * The CPU_MSR record (Xen 4.17's hvm_save_cpu_msrs()): the MSRs we model
 * that the CPU and MTRR records do not carry, those not 0 only.
 */
static const uint32_t saved_msrs[] = { MSR_IA32_DEBUGCTL };

BUILD_BUG_ON(HVM_MSR_SAVE_MAX < sizeof(struct hvm_msr) +
             ARRAY_SIZE(saved_msrs) * sizeof(struct hvm_one_msr));

int hvm_save_msrs(const struct vcpu *v, void *rec)
{
    struct hvm_msr *m = rec;
    unsigned int i;
    uint64_t val;

    m->count = 0;
    for ( i = 0; i < ARRAY_SIZE(saved_msrs); i++ )
        if ( !msr_read((struct vcpu *)v, saved_msrs[i], &val) && val )
            m->msr[m->count++] = (struct hvm_one_msr){
                .index = saved_msrs[i], .val = val };
    return m->count ? sizeof(*m) + m->count * sizeof(m->msr[0]) : -ENODATA;
}

static bool is_saved_msr(uint32_t msr)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(saved_msrs); i++ )
        if ( saved_msrs[i] == msr )
            return true;
    return false;
}

/* -EINVAL: a bad length or reserved bits; -ENXIO: an MSR we refuse (Xen). */
int hvm_load_msrs(struct vcpu *v, const void *rec, uint32_t len)
{
    const struct hvm_msr *m = rec;
    unsigned int i;

    if ( len < sizeof(*m) ||
         (len - sizeof(*m)) / sizeof(m->msr[0]) != m->count ||
         (len - sizeof(*m)) % sizeof(m->msr[0]) )
        return -EINVAL;
    for ( i = 0; i < m->count; i++ )
        if ( m->msr[i]._rsvd )
            return -EINVAL;
    for ( i = 0; i < m->count; i++ )
        if ( !is_saved_msr(m->msr[i].index) ||
             msr_write(v, m->msr[i].index, m->msr[i].val) )
            return -ENXIO;
    return 0;
}
