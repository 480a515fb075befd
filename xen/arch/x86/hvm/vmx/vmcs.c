/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMX capabilities and the VMCS: which controls this CPU lets us use
 * (SDM vol. 3D appendix A), the I/O and MSR bitmaps, filling a vCPU's
 * VMCS, and keeping each VMCS current on exactly one CPU (SDM vol. 3C,
 * "VMCS Life Cycle": a VMCS must be VMCLEARed on the CPU it was active
 * on before another CPU may VMPTRLD it).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <asm/desc.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

#include "vmx.h"

struct vmx_caps vmx_caps __ro_after_init;

/* One MSR bitmap for every vCPU: all pass the same MSRs through. */
static uint8_t *msr_bitmap;             /* 4 KiB */

/* The VMCS current on each CPU (NULL: none). */
static struct vmx_vcpu *current_vmcs[NR_CPUS];
/* What vmx_vmcs_enter() displaced, for vmx_vmcs_exit(). */
static struct vmx_vcpu *displaced_vmcs[NR_CPUS];

#define NO_CPU (~0U)

int vmx_adjust_ctls(uint64_t cap, const struct vmx_ctl_want *w,
                    uint32_t *out)
{
    uint32_t must_be_one = (uint32_t)cap;
    uint32_t may_be_one = cap >> 32;

    if ( w->required & ~may_be_one )
        return -EOPNOTSUPP;
    if ( w->forbidden & must_be_one )
        return -EOPNOTSUPP;
    *out = w->required | (w->optional & may_be_one) | must_be_one;
    return 0;
}

/*
 * What we need from each control word.  Things that are switched on and
 * off while running (interrupt/NMI-window exiting, IA-32e mode guest) are
 * not in these words but are checked against the allowed 1-settings.
 */
static const struct vmx_ctl_want want_pin = {
    .required = PIN_EXT_INTR_EXITING | PIN_NMI_EXITING,
    .optional = PIN_VIRTUAL_NMIS,
    .forbidden = PIN_POSTED_INTR | PIN_PREEMPT_TIMER,
};

static const struct vmx_ctl_want want_cpu = {
    /*
     * CR8 accesses must exit: without a TPR shadow the guest would
     * otherwise write the host's task priority.
     */
    .required = CPU_TSC_OFFSETTING | CPU_HLT_EXITING | CPU_MWAIT_EXITING |
                CPU_MONITOR_EXITING | CPU_CR8_LOAD_EXITING |
                CPU_CR8_STORE_EXITING | CPU_IO_BITMAPS | CPU_MSR_BITMAPS |
                CPU_SECONDARY_CONTROLS,
    /* With EPT and unrestricted guest, CR3 is the guest's own. */
    .forbidden = CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING |
                 CPU_TPR_SHADOW | CPU_INVLPG_EXITING | CPU_RDTSC_EXITING |
                 CPU_INTR_WINDOW_EXITING | CPU_NMI_WINDOW_EXITING,
};

static const struct vmx_ctl_want want_cpu2 = {
    .required = CPU2_EPT | CPU2_VPID | CPU2_UNRESTRICTED_GUEST,
    /*
     * Without these the instructions #UD in the guest.  (XSAVES stays
     * off: the CPUID policy hides XSAVE.)
     */
    .optional = CPU2_RDTSCP | CPU2_INVPCID,
};

static const struct vmx_ctl_want want_exit = {
    .required = EXIT_SAVE_DEBUG_CTLS | EXIT_HOST_ADDR_SPACE_SIZE |
                EXIT_SAVE_PAT | EXIT_LOAD_PAT | EXIT_SAVE_EFER |
                EXIT_LOAD_EFER,
    /* An external interrupt stays pending and is taken by the host IDT. */
    .forbidden = EXIT_ACK_INTR_ON_EXIT | EXIT_SAVE_PREEMPT_TIMER,
};

static const struct vmx_ctl_want want_entry = {
    .required = ENTRY_LOAD_DEBUG_CTLS | ENTRY_LOAD_PAT | ENTRY_LOAD_EFER,
    .forbidden = ENTRY_SMM | ENTRY_DEACT_DUAL_MONITOR | ENTRY_IA32E_MODE,
};

/* The VMCS region must be WB, fit a page, and take 64-bit addresses. */
static int check_basic(uint64_t basic)
{
    if ( VMX_BASIC_VMCS_SIZE(basic) == 0 ||
         VMX_BASIC_VMCS_SIZE(basic) > PAGE_SIZE )
        return -EOPNOTSUPP;
    if ( VMX_BASIC_MEMTYPE(basic) != 6 || (basic & VMX_BASIC_32BIT_ADDRESSES) )
        return -EOPNOTSUPP;
    return 0;
}

/* The p2m needs 4-level WB tables with 2M leaves, and INVEPT. */
static int check_ept(uint64_t cap)
{
    const uint64_t need = VMX_EPT_WALK_LENGTH_4 | VMX_EPT_MEMTYPE_WB |
                          VMX_EPT_SUPERPAGE_2MB | VMX_EPT_INVEPT |
                          VMX_EPT_INVEPT_ALL;

    return (cap & need) == need ? 0 : -EOPNOTSUPP;
}

/* Dynamic controls must be settable even though they start clear. */
static int check_dynamic(const struct vmx_msr_values *m, bool true_ctls)
{
    uint64_t cpu = true_ctls ? m->true_procbased : m->procbased;
    uint64_t entry = true_ctls ? m->true_entry : m->entry;

    if ( !((cpu >> 32) & CPU_INTR_WINDOW_EXITING) )
        return -EOPNOTSUPP;
    if ( !((entry >> 32) & ENTRY_IA32E_MODE) )
        return -EOPNOTSUPP;
    return 0;
}

int vmx_compute_caps(const struct vmx_msr_values *m, struct vmx_caps *c)
{
    bool t = m->basic & VMX_BASIC_TRUE_CTLS;
    int rc;

    if ( (rc = check_basic(m->basic)) || (rc = check_ept(m->ept_vpid_cap)) ||
         (rc = check_dynamic(m, t)) )
        return rc;
    if ( (rc = vmx_adjust_ctls(t ? m->true_pinbased : m->pinbased,
                               &want_pin, &c->pin)) ||
         (rc = vmx_adjust_ctls(t ? m->true_procbased : m->procbased,
                               &want_cpu, &c->cpu)) ||
         (rc = vmx_adjust_ctls(m->procbased2, &want_cpu2, &c->cpu2)) ||
         (rc = vmx_adjust_ctls(t ? m->true_exit : m->exit,
                               &want_exit, &c->exit)) ||
         (rc = vmx_adjust_ctls(t ? m->true_entry : m->entry,
                               &want_entry, &c->entry)) )
        return rc;
    c->revision_id = m->basic & VMX_BASIC_REVISION_MASK;
    c->ept_vpid_cap = m->ept_vpid_cap;
    c->cr0_fixed0 = m->cr0_fixed0;
    c->cr0_fixed1 = m->cr0_fixed1;
    c->cr4_fixed0 = m->cr4_fixed0;
    c->cr4_fixed1 = m->cr4_fixed1;
    return 0;
}

void vmx_read_cap_msrs(struct vmx_msr_values *m)
{
    m->basic = rdmsr(MSR_IA32_VMX_BASIC);
    m->pinbased = rdmsr(MSR_IA32_VMX_PINBASED_CTLS);
    m->procbased = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS);
    m->exit = rdmsr(MSR_IA32_VMX_EXIT_CTLS);
    m->entry = rdmsr(MSR_IA32_VMX_ENTRY_CTLS);
    if ( m->basic & VMX_BASIC_TRUE_CTLS )
    {
        m->true_pinbased = rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS);
        m->true_procbased = rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
        m->true_exit = rdmsr(MSR_IA32_VMX_TRUE_EXIT_CTLS);
        m->true_entry = rdmsr(MSR_IA32_VMX_TRUE_ENTRY_CTLS);
    }
    /* Secondary controls and EPT exist only if the primary bit 31 may be 1. */
    if ( (m->procbased >> 32) & CPU_SECONDARY_CONTROLS )
    {
        m->procbased2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
        if ( (m->procbased2 >> 32) & (CPU2_EPT | CPU2_VPID) )
            m->ept_vpid_cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
    }
    m->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
    m->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
    m->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
    m->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
}

enum vmx_fc_action vmx_feature_control(uint64_t val, uint64_t *new_val)
{
    /*
     * Firmware may lock the MSR with VMX off; then VMXON #GPs and only a
     * firmware setting can change it (SDM vol. 3C, "Enabling and
     * Entering VMX Operation").
     */
    if ( val & FEATURE_CONTROL_LOCK )
        return (val & FEATURE_CONTROL_VMX_OUTSIDE_SMX) ? VMX_FC_OK
                                                       : VMX_FC_LOCKED_OFF;
    *new_val = val | FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMX_OUTSIDE_SMX;
    return VMX_FC_WRITE;
}

/*
 * The MSR bitmap is four 1 KiB bitmaps: reads of 0-0x1fff, reads of
 * 0xc0000000-0xc0001fff, then writes of the same two ranges.  A set bit
 * makes the access exit.  Returns the bit number, or -1 if out of range.
 */
static int msr_bitmap_bit(uint32_t msr, bool write)
{
    int base = write ? 2048 * 8 : 0;

    if ( msr <= 0x1fff )
        return base + msr;
    if ( msr >= 0xc0000000 && msr <= 0xc0001fff )
        return base + 1024 * 8 + (msr - 0xc0000000);
    return -1;
}

void vmx_msr_bitmap_allow(uint8_t *bm, uint32_t msr, bool read, bool write)
{
    int r = msr_bitmap_bit(msr, false), w = msr_bitmap_bit(msr, true);

    if ( r < 0 )
        return;
    if ( read )
        bm[r / 8] &= ~(1U << (r % 8));
    if ( write )
        bm[w / 8] &= ~(1U << (w % 8));
}

bool vmx_msr_bitmap_exits(const uint8_t *bm, uint32_t msr, bool write)
{
    int b = msr_bitmap_bit(msr, write);

    return b < 0 || (bm[b / 8] & (1U << (b % 8)));
}

/* Bitmap A covers ports 0-0x7fff, B the rest: one bit per port. */
void vmx_io_bitmap_set(uint8_t *bm, uint16_t port, bool pass)
{
    if ( pass )
        bm[port / 8] &= ~(1U << (port % 8));
    else
        bm[port / 8] |= 1U << (port % 8);
}

uint32_t vmx_attr_to_ar(uint16_t attr)
{
    uint32_t ar = (attr & 0xff) | ((uint32_t)(attr & 0xf00) << 4);

    if ( !(attr & VMX_AR_P) )
        return (ar & ~VMX_AR_P) | VMX_AR_UNUSABLE;
    /*
     * VM entry insists usable code and data segments are marked accessed
     * (the CPU would set the bit on the first load anyway).
     */
    if ( ar & VMX_AR_S )
        ar |= VMX_AR_TYPE_ACCESSED;
    return ar;
}

uint16_t vmx_ar_to_attr(uint32_t ar)
{
    uint16_t attr = (ar & 0xff) | ((ar >> 4) & 0xf00);

    if ( ar & VMX_AR_UNUSABLE )
        attr &= ~VMX_AR_P;
    return attr;
}

uint64_t vmx_gdt_tss_base(const uint64_t *gdt, unsigned int sel)
{
    uint64_t lo = gdt[sel >> 3], hi = gdt[(sel >> 3) + 1];

    return ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24) |
           ((hi & 0xffffffff) << 32);
}

/*
 * CR0 bits VMX operation forces on (NE), except PE and PG which
 * unrestricted guest lets the guest own.
 */
static uint64_t cr0_forced(void)
{
    return vmx_caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);
}

uint64_t vmx_cr0_real(uint64_t guest)
{
    return (guest | cr0_forced()) & (vmx_caps.cr0_fixed1 | cr0_forced());
}

uint64_t vmx_cr4_real(uint64_t guest)
{
    return (guest | vmx_caps.cr4_fixed0) & vmx_caps.cr4_fixed1;
}

/*
 * Guest writes of these bits exit: forced bits, so the guest keeps its
 * own view in the read shadow, and PG, so long mode is entered and left
 * through vmx_set_cr0() which keeps EFER.LMA and the IA-32e mode entry
 * control in step.
 */
uint64_t vmx_cr0_mask(void)
{
    return cr0_forced() | X86_CR0_PG;
}

uint64_t vmx_cr4_mask(void)
{
    return vmx_caps.cr4_fixed0 | ~hvm_cr4_guest_valid_bits();
}

/*
 * MSRs the guest may touch directly (the same set SVM passes): each
 * lives in the VMCS or the MSR area.  PAT, EFER and the TSC go through
 * the common code (hvm/msr.c).
 */
static const uint32_t passthrough_msrs[] = {
    MSR_FS_BASE, MSR_GS_BASE, MSR_SHADOW_GS_BASE, MSR_STAR, MSR_LSTAR,
    MSR_CSTAR, MSR_SYSCALL_MASK, MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP,
    MSR_IA32_SYSENTER_EIP,
};

int vmx_bitmaps_init(void)
{
    unsigned int i;

    msr_bitmap = alloc_xenheap_page();
    if ( !msr_bitmap )
        return -ENOMEM;
    memset(msr_bitmap, 0xff, PAGE_SIZE);
    for ( i = 0; i < ARRAY_SIZE(passthrough_msrs); i++ )
        vmx_msr_bitmap_allow(msr_bitmap, passthrough_msrs[i], true, true);
    if ( vmx_caps.cpu2 & CPU2_RDTSCP )
        vmx_msr_bitmap_allow(msr_bitmap, MSR_TSC_AUX, true, true);
    return 0;
}

/*
 * Guest MSRs the CPU saves on exit and loads on entry, from one area.
 * The hypervisor itself never uses SYSCALL, SWAPGS or RDTSCP, so there is
 * no host load area: guest values stay in the registers until the next
 * entry loads another vCPU's.  (A PV guest would need a host area.)
 */
static unsigned int fill_msr_area(struct vmx_msr_entry *area)
{
    static const uint32_t msrs[] = {
        MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK, MSR_SHADOW_GS_BASE,
        MSR_TSC_AUX,
    };
    unsigned int i, n = ARRAY_SIZE(msrs);

    BUILD_BUG_ON(ARRAY_SIZE(msrs) != VMX_NR_GUEST_MSRS);
    /* TSC_AUX exists (and can be loaded) only with RDTSCP. */
    if ( !(vmx_caps.cpu2 & CPU2_RDTSCP) )
        n--;
    for ( i = 0; i < n; i++ )
        area[i] = (struct vmx_msr_entry){ .index = msrs[i] };
    return n;
}

static void construct_controls(struct vmx_vcpu *x, const uint8_t *io)
{
    unsigned int n = fill_msr_area(x->msr_area);

    vmx_vmwrite(PIN_BASED_VM_EXEC_CONTROL, vmx_caps.pin);
    vmx_vmwrite(CPU_BASED_VM_EXEC_CONTROL, vmx_caps.cpu);
    vmx_vmwrite(SECONDARY_VM_EXEC_CONTROL, vmx_caps.cpu2);
    vmx_vmwrite(VM_EXIT_CONTROLS, vmx_caps.exit);
    vmx_vmwrite(VM_ENTRY_CONTROLS, vmx_caps.entry);
    /* Machine checks go to the host; the guest sees none of them. */
    vmx_vmwrite(EXCEPTION_BITMAP, 1U << X86_EXC_MC);
    vmx_vmwrite(PAGE_FAULT_ERROR_CODE_MASK, 0);
    vmx_vmwrite(PAGE_FAULT_ERROR_CODE_MATCH, 0);
    vmx_vmwrite(CR3_TARGET_COUNT, 0);
    vmx_vmwrite(IO_BITMAP_A, __pa(io));
    vmx_vmwrite(IO_BITMAP_B, __pa(io + PAGE_SIZE));
    vmx_vmwrite(MSR_BITMAP, __pa(msr_bitmap));
    vmx_vmwrite(VM_EXIT_MSR_STORE_ADDR, __pa(x->msr_area));
    vmx_vmwrite(VM_EXIT_MSR_STORE_COUNT, n);
    vmx_vmwrite(VM_ENTRY_MSR_LOAD_ADDR, __pa(x->msr_area));
    vmx_vmwrite(VM_ENTRY_MSR_LOAD_COUNT, n);
    vmx_vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
    vmx_vmwrite(VM_ENTRY_INTR_INFO, 0);
    vmx_vmwrite(TSC_OFFSET, 0);
    vmx_vmwrite(CR0_GUEST_HOST_MASK, vmx_cr0_mask());
    vmx_vmwrite(CR4_GUEST_HOST_MASK, vmx_cr4_mask());
}

/* VMCS fields of each segment register, indexed by enum x86_segment. */
static const struct {
    uint16_t sel, limit, ar, base;
} seg_fields[] = {
    [x86_seg_es] = { GUEST_ES_SELECTOR, GUEST_ES_LIMIT, GUEST_ES_AR_BYTES,
                     GUEST_ES_BASE },
    [x86_seg_cs] = { GUEST_CS_SELECTOR, GUEST_CS_LIMIT, GUEST_CS_AR_BYTES,
                     GUEST_CS_BASE },
    [x86_seg_ss] = { GUEST_SS_SELECTOR, GUEST_SS_LIMIT, GUEST_SS_AR_BYTES,
                     GUEST_SS_BASE },
    [x86_seg_ds] = { GUEST_DS_SELECTOR, GUEST_DS_LIMIT, GUEST_DS_AR_BYTES,
                     GUEST_DS_BASE },
    [x86_seg_fs] = { GUEST_FS_SELECTOR, GUEST_FS_LIMIT, GUEST_FS_AR_BYTES,
                     GUEST_FS_BASE },
    [x86_seg_gs] = { GUEST_GS_SELECTOR, GUEST_GS_LIMIT, GUEST_GS_AR_BYTES,
                     GUEST_GS_BASE },
    [x86_seg_tr] = { GUEST_TR_SELECTOR, GUEST_TR_LIMIT, GUEST_TR_AR_BYTES,
                     GUEST_TR_BASE },
    [x86_seg_ldtr] = { GUEST_LDTR_SELECTOR, GUEST_LDTR_LIMIT,
                       GUEST_LDTR_AR_BYTES, GUEST_LDTR_BASE },
    [x86_seg_gdtr] = { 0, GUEST_GDTR_LIMIT, 0, GUEST_GDTR_BASE },
    [x86_seg_idtr] = { 0, GUEST_IDTR_LIMIT, 0, GUEST_IDTR_BASE },
};

static bool seg_is_table(enum x86_segment seg)
{
    return seg == x86_seg_gdtr || seg == x86_seg_idtr;
}

/* The VMCS of the vCPU is current. */
static void vmcs_set_segment(enum x86_segment seg,
                             const struct segment_register *r)
{
    uint32_t ar = vmx_attr_to_ar(r->attr);

    if ( seg >= ARRAY_SIZE(seg_fields) )
        return;
    /* VM entry needs a usable busy TSS; a blank TR becomes one. */
    if ( seg == x86_seg_tr && (ar & VMX_AR_UNUSABLE) )
        ar = 0x8b;
    vmx_vmwrite(seg_fields[seg].limit, r->limit);
    vmx_vmwrite(seg_fields[seg].base, r->base);
    if ( seg_is_table(seg) )
        return;
    vmx_vmwrite(seg_fields[seg].sel, r->sel);
    vmx_vmwrite(seg_fields[seg].ar, ar);
}

static void vmcs_get_segment(enum x86_segment seg,
                             struct segment_register *r)
{
    memset(r, 0, sizeof(*r));
    if ( seg >= ARRAY_SIZE(seg_fields) )
        return;
    r->limit = vmx_vmread(seg_fields[seg].limit);
    r->base = vmx_vmread(seg_fields[seg].base);
    if ( seg_is_table(seg) )
        return;
    r->sel = vmx_vmread(seg_fields[seg].sel);
    r->attr = vmx_ar_to_attr(vmx_vmread(seg_fields[seg].ar));
}

void vmx_vmcs_set_segment(enum x86_segment seg,
                          const struct segment_register *r)
{
    vmcs_set_segment(seg, r);
}

void vmx_vmcs_get_segment(enum x86_segment seg, struct segment_register *r)
{
    vmcs_get_segment(seg, r);
}

/*
 * A valid flat 32-bit protected-mode state, paging off: what the PVH
 * start ABI asks for, so a VMCS is enterable even before the common
 * code's hvm_vcpu_reset_pvh() overwrites it.
 */
static void construct_guest_state(void)
{
    static const struct segment_register code = { 0x10, 0xc9b, ~0U, 0 };
    static const struct segment_register data = { 0x18, 0xc93, ~0U, 0 };
    static const struct segment_register tr = { 0x20, 0x8b, 0x67, 0 };
    static const struct segment_register none = { 0, 0, 0, 0 };
    enum x86_segment s;

    for ( s = x86_seg_es; s <= x86_seg_gs; s++ )
        vmcs_set_segment(s, s == x86_seg_cs ? &code : &data);
    vmcs_set_segment(x86_seg_tr, &tr);
    vmcs_set_segment(x86_seg_ldtr, &none);
    vmcs_set_segment(x86_seg_gdtr, &none);
    vmcs_set_segment(x86_seg_idtr, &none);

    vmx_vmwrite(CR0_READ_SHADOW, X86_CR0_PE | X86_CR0_ET);
    vmx_vmwrite(GUEST_CR0, vmx_cr0_real(X86_CR0_PE | X86_CR0_ET));
    vmx_vmwrite(CR4_READ_SHADOW, 0);
    vmx_vmwrite(GUEST_CR4, vmx_cr4_real(0));
    vmx_vmwrite(GUEST_CR3, 0);
    vmx_vmwrite(GUEST_IA32_EFER, 0);
    vmx_vmwrite(GUEST_IA32_PAT, 0x0007040600070406UL);  /* reset value */
    vmx_vmwrite(GUEST_IA32_DEBUGCTL, 0);
    vmx_vmwrite(GUEST_DR7, 0x400);
    vmx_vmwrite(GUEST_RSP, 0);
    vmx_vmwrite(GUEST_RIP, 0);
    vmx_vmwrite(GUEST_RFLAGS, X86_EFLAGS_MBS);
    vmx_vmwrite(GUEST_SYSENTER_CS, 0);
    vmx_vmwrite(GUEST_SYSENTER_ESP, 0);
    vmx_vmwrite(GUEST_SYSENTER_EIP, 0);
    vmx_vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
    vmx_vmwrite(GUEST_ACTIVITY_STATE, 0);
    vmx_vmwrite(GUEST_PENDING_DBG_EXCEPTIONS, 0);
    vmx_vmwrite(VMCS_LINK_POINTER, ~0UL);       /* no shadow VMCS */
}

void vmx_vmcs_construct(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);

    construct_controls(x, vmx_dom(v->domain)->io_bitmap);
    construct_guest_state();
    x->pat_loaded = 0x0007040600070406UL;
    x->tsc_offset_loaded = 0;
}

/*
 * Host state: what a VM exit loads (SDM vol. 3C, "Loading Host State").
 * Some of it differs per CPU (stack, GDT, TSS), so this runs whenever a
 * VMCS becomes active on a CPU.  The exit lands on vmx_asm_vmexit_handler
 * with RSP at this CPU's struct cpu_info, whose first member is the
 * guest register frame.
 */
void vmx_vmcs_host_cpu_state(void)
{
    struct vmx_host_regs h;

    vmx_read_host_regs(&h);
    vmx_vmwrite(HOST_CR0, h.cr0);
    vmx_vmwrite(HOST_CR3, h.cr3);
    vmx_vmwrite(HOST_CR4, h.cr4);
    vmx_vmwrite(HOST_CS_SELECTOR, HYPERVISOR_CS);
    vmx_vmwrite(HOST_SS_SELECTOR, HYPERVISOR_DS);
    vmx_vmwrite(HOST_DS_SELECTOR, HYPERVISOR_DS);
    vmx_vmwrite(HOST_ES_SELECTOR, HYPERVISOR_DS);
    vmx_vmwrite(HOST_FS_SELECTOR, 0);
    vmx_vmwrite(HOST_GS_SELECTOR, 0);
    vmx_vmwrite(HOST_TR_SELECTOR, TSS_SELECTOR);
    vmx_vmwrite(HOST_FS_BASE, h.fs_base);
    vmx_vmwrite(HOST_GS_BASE, h.gs_base);
    vmx_vmwrite(HOST_TR_BASE,
                vmx_gdt_tss_base((const uint64_t *)h.gdtr_base, TSS_SELECTOR));
    vmx_vmwrite(HOST_GDTR_BASE, h.gdtr_base);
    vmx_vmwrite(HOST_IDTR_BASE, h.idtr_base);
    vmx_vmwrite(HOST_SYSENTER_CS, 0);
    vmx_vmwrite(HOST_SYSENTER_ESP, 0);
    vmx_vmwrite(HOST_SYSENTER_EIP, 0);
    vmx_vmwrite(HOST_IA32_PAT, h.pat);
    vmx_vmwrite(HOST_IA32_EFER, h.efer);
    vmx_vmwrite(HOST_RSP, (unsigned long)vmx_host_stack_top());
    vmx_vmwrite(HOST_RIP, (unsigned long)vmx_asm_vmexit_handler);
}

/* Runs on the CPU where x's VMCS is active (maybe through an IPI). */
static void vmclear_here(void *arg)
{
    struct vmx_vcpu *x = arg;
    unsigned int cpu = smp_processor_id();

    if ( x->active_cpu != cpu )
        return;
    if ( !vmx_vmclear(x->vmcs_pa) )
        BUG();
    if ( current_vmcs[cpu] == x )
        current_vmcs[cpu] = NULL;
    x->launched = false;
    x->active_cpu = NO_CPU;
}

/* Interrupts must be on: another CPU may have to answer an IPI. */
static void vmclear_anywhere(struct vmx_vcpu *x)
{
    unsigned int cpu = x->active_cpu;
    cpumask_t mask;

    if ( cpu == NO_CPU )
        return;
    if ( cpu == smp_processor_id() )
    {
        vmclear_here(x);
        return;
    }
    cpumask_clear(&mask);
    cpumask_set_cpu(cpu, &mask);
    on_selected_cpus(&mask, vmclear_here, x, true);
}

static void make_current(struct vmx_vcpu *x, unsigned int cpu)
{
    bool fresh = x->active_cpu != cpu;

    if ( fresh )
        vmclear_anywhere(x);
    if ( !vmx_vmptrld(x->vmcs_pa) )
        BUG();
    current_vmcs[cpu] = x;
    if ( fresh )
    {
        x->active_cpu = cpu;
        vmx_vmcs_host_cpu_state();
    }
}

void vmx_vmcs_load(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);
    unsigned int cpu = smp_processor_id();

    if ( current_vmcs[cpu] != x || x->active_cpu != cpu )
        make_current(x, cpu);
}

void vmx_vmcs_enter(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);
    unsigned int cpu = smp_processor_id();

    ASSERT(!displaced_vmcs[cpu]);
    if ( current_vmcs[cpu] == x )
        return;
    displaced_vmcs[cpu] = current_vmcs[cpu];
    make_current(x, cpu);
}

void vmx_vmcs_exit(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();
    struct vmx_vcpu *prev = displaced_vmcs[cpu];

    displaced_vmcs[cpu] = NULL;
    if ( !prev || prev == vmx_of(v) )
        return;
    /* prev was active here, so a plain VMPTRLD brings it back. */
    if ( !vmx_vmptrld(prev->vmcs_pa) )
        BUG();
    current_vmcs[cpu] = prev;
}

void vmx_vmcs_release(struct vcpu *v)
{
    vmclear_anywhere(vmx_of(v));
}
