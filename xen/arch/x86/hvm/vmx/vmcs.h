/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMCS field encodings, control bits, exit reasons and the VMX
 * instructions, private to hvm/vmx/.  Reference: Intel SDM vol. 3C,
 * "Virtual Machine Control Structures" and appendix B "Field Encoding in
 * VMCS"; capability MSRs from appendix A.
 *
 * Every VMX instruction sits in one small static inline below, so the
 * logic around them can run on a host: a unit test defines
 * VMX_INSN_STANDINS before including a .c file and supplies functions of
 * the same names (a fake VMCS, a log of INVEPTs, ...).
 */
#ifndef VMCS_PRIVATE_H
#define VMCS_PRIVATE_H

#include <xen/types.h>
#include <asm/current.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

/* Capability and control MSRs (SDM vol. 3D appendix A). */
#define MSR_IA32_FEATURE_CONTROL        0x0000003a
#define  FEATURE_CONTROL_LOCK           (1UL << 0)
#define  FEATURE_CONTROL_VMX_OUTSIDE_SMX (1UL << 2)
#define MSR_IA32_SYSENTER_CS            0x00000174
#define MSR_IA32_SYSENTER_ESP           0x00000175
#define MSR_IA32_SYSENTER_EIP           0x00000176
#define MSR_IA32_VMX_BASIC              0x00000480
#define MSR_IA32_VMX_PINBASED_CTLS      0x00000481
#define MSR_IA32_VMX_PROCBASED_CTLS     0x00000482
#define MSR_IA32_VMX_EXIT_CTLS          0x00000483
#define MSR_IA32_VMX_ENTRY_CTLS         0x00000484
#define MSR_IA32_VMX_MISC               0x00000485
#define MSR_IA32_VMX_CR0_FIXED0         0x00000486
#define MSR_IA32_VMX_CR0_FIXED1         0x00000487
#define MSR_IA32_VMX_CR4_FIXED0         0x00000488
#define MSR_IA32_VMX_CR4_FIXED1         0x00000489
#define MSR_IA32_VMX_PROCBASED_CTLS2    0x0000048b
#define MSR_IA32_VMX_EPT_VPID_CAP       0x0000048c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x0000048d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS     0x0000048f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS    0x00000490

/* IA32_VMX_BASIC (appendix A.1). */
#define VMX_BASIC_REVISION_MASK         0x7fffffffUL
#define VMX_BASIC_VMCS_SIZE(b)          (((b) >> 32) & 0x1fff)
#define VMX_BASIC_32BIT_ADDRESSES       (1UL << 48)
#define VMX_BASIC_MEMTYPE(b)            (((b) >> 50) & 0xf)
#define VMX_BASIC_TRUE_CTLS             (1UL << 55)

/* IA32_VMX_EPT_VPID_CAP (appendix A.10). */
#define VMX_EPT_WALK_LENGTH_4           (1UL << 6)
#define VMX_EPT_MEMTYPE_WB              (1UL << 14)
#define VMX_EPT_SUPERPAGE_2MB           (1UL << 16)
#define VMX_EPT_INVEPT                  (1UL << 20)
#define VMX_EPT_INVEPT_SINGLE           (1UL << 25)
#define VMX_EPT_INVEPT_ALL              (1UL << 26)
#define VMX_VPID_INVVPID                (1UL << 32)
#define VMX_VPID_INVVPID_SINGLE         (1UL << 41)
#define VMX_VPID_INVVPID_ALL            (1UL << 42)

/* Pin-based VM-execution controls (24.6.1). */
#define PIN_EXT_INTR_EXITING            (1U << 0)
#define PIN_NMI_EXITING                 (1U << 3)
#define PIN_VIRTUAL_NMIS                (1U << 5)
#define PIN_PREEMPT_TIMER               (1U << 6)
#define PIN_POSTED_INTR                 (1U << 7)

/* Primary processor-based VM-execution controls (24.6.2). */
#define CPU_INTR_WINDOW_EXITING         (1U << 2)
#define CPU_TSC_OFFSETTING              (1U << 3)
#define CPU_HLT_EXITING                 (1U << 7)
#define CPU_INVLPG_EXITING              (1U << 9)
#define CPU_MWAIT_EXITING               (1U << 10)
#define CPU_RDPMC_EXITING               (1U << 11)
#define CPU_RDTSC_EXITING               (1U << 12)
#define CPU_CR3_LOAD_EXITING            (1U << 15)
#define CPU_CR3_STORE_EXITING           (1U << 16)
#define CPU_CR8_LOAD_EXITING            (1U << 19)
#define CPU_CR8_STORE_EXITING           (1U << 20)
#define CPU_TPR_SHADOW                  (1U << 21)
#define CPU_NMI_WINDOW_EXITING          (1U << 22)
#define CPU_MOV_DR_EXITING              (1U << 23)
#define CPU_UNCOND_IO_EXITING           (1U << 24)
#define CPU_IO_BITMAPS                  (1U << 25)
#define CPU_MONITOR_TRAP_FLAG           (1U << 27)
#define CPU_MSR_BITMAPS                 (1U << 28)
#define CPU_MONITOR_EXITING             (1U << 29)
#define CPU_PAUSE_EXITING               (1U << 30)
#define CPU_SECONDARY_CONTROLS          (1U << 31)

/* Secondary processor-based VM-execution controls (24.6.2). */
#define CPU2_VIRT_APIC_ACCESS           (1U << 0)
#define CPU2_EPT                        (1U << 1)
#define CPU2_DESC_TABLE_EXITING         (1U << 2)
#define CPU2_RDTSCP                     (1U << 3)
#define CPU2_VPID                       (1U << 5)
#define CPU2_WBINVD_EXITING             (1U << 6)
#define CPU2_UNRESTRICTED_GUEST         (1U << 7)
#define CPU2_INVPCID                    (1U << 12)
#define CPU2_VMFUNC                     (1U << 13)
#define CPU2_XSAVES                     (1U << 20)

/* VM-exit controls (24.7.1). */
#define EXIT_SAVE_DEBUG_CTLS            (1U << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE       (1U << 9)
#define EXIT_LOAD_PERF_GLOBAL_CTRL      (1U << 12)
#define EXIT_ACK_INTR_ON_EXIT           (1U << 15)
#define EXIT_SAVE_PAT                   (1U << 18)
#define EXIT_LOAD_PAT                   (1U << 19)
#define EXIT_SAVE_EFER                  (1U << 20)
#define EXIT_LOAD_EFER                  (1U << 21)
#define EXIT_SAVE_PREEMPT_TIMER         (1U << 22)

/* VM-entry controls (24.8.1). */
#define ENTRY_LOAD_DEBUG_CTLS           (1U << 2)
#define ENTRY_IA32E_MODE                (1U << 9)
#define ENTRY_SMM                       (1U << 10)
#define ENTRY_DEACT_DUAL_MONITOR        (1U << 11)
#define ENTRY_LOAD_PERF_GLOBAL_CTRL     (1U << 13)
#define ENTRY_LOAD_PAT                  (1U << 14)
#define ENTRY_LOAD_EFER                 (1U << 15)

/*
 * Field encodings (appendix B).  Bit 0: high half of a 64-bit field;
 * bits 9:1 index; bits 11:10 type; bits 14:13 width.
 */
#define VMCS_FIELD_HIGH                 0x0001U
#define VMCS_TYPE_CONTROL               0
#define VMCS_TYPE_RO_DATA               1
#define VMCS_TYPE_GUEST                 2
#define VMCS_TYPE_HOST                  3
#define VMCS_WIDTH_16                   0
#define VMCS_WIDTH_64                   1
#define VMCS_WIDTH_32                   2
#define VMCS_WIDTH_NATURAL              3

enum vmcs_field {
    /* 16-bit. */
    VIRTUAL_PROCESSOR_ID            = 0x0000,
    GUEST_ES_SELECTOR               = 0x0800,
    GUEST_CS_SELECTOR               = 0x0802,
    GUEST_SS_SELECTOR               = 0x0804,
    GUEST_DS_SELECTOR               = 0x0806,
    GUEST_FS_SELECTOR               = 0x0808,
    GUEST_GS_SELECTOR               = 0x080a,
    GUEST_LDTR_SELECTOR             = 0x080c,
    GUEST_TR_SELECTOR               = 0x080e,
    HOST_ES_SELECTOR                = 0x0c00,
    HOST_CS_SELECTOR                = 0x0c02,
    HOST_SS_SELECTOR                = 0x0c04,
    HOST_DS_SELECTOR                = 0x0c06,
    HOST_FS_SELECTOR                = 0x0c08,
    HOST_GS_SELECTOR                = 0x0c0a,
    HOST_TR_SELECTOR                = 0x0c0c,
    /* 64-bit. */
    IO_BITMAP_A                     = 0x2000,
    IO_BITMAP_B                     = 0x2002,
    MSR_BITMAP                      = 0x2004,
    VM_EXIT_MSR_STORE_ADDR          = 0x2006,
    VM_EXIT_MSR_LOAD_ADDR           = 0x2008,
    VM_ENTRY_MSR_LOAD_ADDR          = 0x200a,
    TSC_OFFSET                      = 0x2010,
    EPT_POINTER                     = 0x201a,
    GUEST_PHYSICAL_ADDRESS          = 0x2400,
    VMCS_LINK_POINTER               = 0x2800,
    GUEST_IA32_DEBUGCTL             = 0x2802,
    GUEST_IA32_PAT                  = 0x2804,
    GUEST_IA32_EFER                 = 0x2806,
    GUEST_PDPTE0                    = 0x280a,
    GUEST_PDPTE1                    = 0x280c,
    GUEST_PDPTE2                    = 0x280e,
    GUEST_PDPTE3                    = 0x2810,
    HOST_IA32_PAT                   = 0x2c00,
    HOST_IA32_EFER                  = 0x2c02,
    /* 32-bit. */
    PIN_BASED_VM_EXEC_CONTROL       = 0x4000,
    CPU_BASED_VM_EXEC_CONTROL       = 0x4002,
    EXCEPTION_BITMAP                = 0x4004,
    PAGE_FAULT_ERROR_CODE_MASK      = 0x4006,
    PAGE_FAULT_ERROR_CODE_MATCH     = 0x4008,
    CR3_TARGET_COUNT                = 0x400a,
    VM_EXIT_CONTROLS                = 0x400c,
    VM_EXIT_MSR_STORE_COUNT         = 0x400e,
    VM_EXIT_MSR_LOAD_COUNT          = 0x4010,
    VM_ENTRY_CONTROLS               = 0x4012,
    VM_ENTRY_MSR_LOAD_COUNT         = 0x4014,
    VM_ENTRY_INTR_INFO              = 0x4016,
    VM_ENTRY_EXCEPTION_ERROR_CODE   = 0x4018,
    VM_ENTRY_INSTRUCTION_LEN        = 0x401a,
    TPR_THRESHOLD                   = 0x401c,
    SECONDARY_VM_EXEC_CONTROL       = 0x401e,
    VM_INSTRUCTION_ERROR            = 0x4400,
    VM_EXIT_REASON                  = 0x4402,
    VM_EXIT_INTR_INFO               = 0x4404,
    VM_EXIT_INTR_ERROR_CODE         = 0x4406,
    IDT_VECTORING_INFO              = 0x4408,
    IDT_VECTORING_ERROR_CODE        = 0x440a,
    VM_EXIT_INSTRUCTION_LEN         = 0x440c,
    VMX_INSTRUCTION_INFO            = 0x440e,
    GUEST_ES_LIMIT                  = 0x4800,
    GUEST_CS_LIMIT                  = 0x4802,
    GUEST_SS_LIMIT                  = 0x4804,
    GUEST_DS_LIMIT                  = 0x4806,
    GUEST_FS_LIMIT                  = 0x4808,
    GUEST_GS_LIMIT                  = 0x480a,
    GUEST_LDTR_LIMIT                = 0x480c,
    GUEST_TR_LIMIT                  = 0x480e,
    GUEST_GDTR_LIMIT                = 0x4810,
    GUEST_IDTR_LIMIT                = 0x4812,
    GUEST_ES_AR_BYTES               = 0x4814,
    GUEST_CS_AR_BYTES               = 0x4816,
    GUEST_SS_AR_BYTES               = 0x4818,
    GUEST_DS_AR_BYTES               = 0x481a,
    GUEST_FS_AR_BYTES               = 0x481c,
    GUEST_GS_AR_BYTES               = 0x481e,
    GUEST_LDTR_AR_BYTES             = 0x4820,
    GUEST_TR_AR_BYTES               = 0x4822,
    GUEST_INTERRUPTIBILITY_INFO     = 0x4824,
    GUEST_ACTIVITY_STATE            = 0x4826,
    GUEST_SYSENTER_CS               = 0x482a,
    HOST_SYSENTER_CS                = 0x4c00,
    /* Natural width. */
    CR0_GUEST_HOST_MASK             = 0x6000,
    CR4_GUEST_HOST_MASK             = 0x6002,
    CR0_READ_SHADOW                 = 0x6004,
    CR4_READ_SHADOW                 = 0x6006,
    EXIT_QUALIFICATION              = 0x6400,
    GUEST_LINEAR_ADDRESS            = 0x640a,
    GUEST_CR0                       = 0x6800,
    GUEST_CR3                       = 0x6802,
    GUEST_CR4                       = 0x6804,
    GUEST_ES_BASE                   = 0x6806,
    GUEST_CS_BASE                   = 0x6808,
    GUEST_SS_BASE                   = 0x680a,
    GUEST_DS_BASE                   = 0x680c,
    GUEST_FS_BASE                   = 0x680e,
    GUEST_GS_BASE                   = 0x6810,
    GUEST_LDTR_BASE                 = 0x6812,
    GUEST_TR_BASE                   = 0x6814,
    GUEST_GDTR_BASE                 = 0x6816,
    GUEST_IDTR_BASE                 = 0x6818,
    GUEST_DR7                       = 0x681a,
    GUEST_RSP                       = 0x681c,
    GUEST_RIP                       = 0x681e,
    GUEST_RFLAGS                    = 0x6820,
    GUEST_PENDING_DBG_EXCEPTIONS    = 0x6822,
    GUEST_SYSENTER_ESP              = 0x6824,
    GUEST_SYSENTER_EIP              = 0x6826,
    HOST_CR0                        = 0x6c00,
    HOST_CR3                        = 0x6c02,
    HOST_CR4                        = 0x6c04,
    HOST_FS_BASE                    = 0x6c06,
    HOST_GS_BASE                    = 0x6c08,
    HOST_TR_BASE                    = 0x6c0a,
    HOST_GDTR_BASE                  = 0x6c0c,
    HOST_IDTR_BASE                  = 0x6c0e,
    HOST_SYSENTER_ESP               = 0x6c10,
    HOST_SYSENTER_EIP               = 0x6c12,
    HOST_RSP                        = 0x6c14,
    HOST_RIP                        = 0x6c16,
};

/* Segment access rights in the VMCS (24.4.1): SVM's packing moved up. */
#define VMX_AR_TYPE_ACCESSED            (1U << 0)
#define VMX_AR_S                        (1U << 4)
#define VMX_AR_P                        (1U << 7)
#define VMX_AR_UNUSABLE                 (1U << 16)

/* Guest interruptibility state (24.4.2). */
#define INTR_SHADOW_STI                 (1U << 0)
#define INTR_SHADOW_MOV_SS              (1U << 1)
#define INTR_BLOCK_SMI                  (1U << 2)
#define INTR_BLOCK_NMI                  (1U << 3)

/* VM-entry/exit interruption information and IDT-vectoring info. */
#define INTR_INFO_VECTOR_MASK           0xffU
#define INTR_INFO_TYPE_SHIFT            8
#define INTR_INFO_TYPE_MASK             (7U << INTR_INFO_TYPE_SHIFT)
#define INTR_INFO_DELIVER_CODE          (1U << 11)
#define INTR_INFO_NMI_UNBLOCKED_IRET    (1U << 12)
#define INTR_INFO_VALID                 (1U << 31)
/* Types beyond hvm.h's X86_EVENTTYPE_*: */
#define VMX_EVENTTYPE_PRIV_SW_EXC       5
#define VMX_EVENTTYPE_SW_EXC            6
/* Not a hardware type: vmx_combine_exceptions() says "triple fault". */
#define VMX_EVENTTYPE_TRIPLE            0xff

/* Exit reason field (24.9.1) and basic exit reasons (appendix C). */
#define VMX_EXIT_REASON_BASIC(r)        ((r) & 0xffffU)
#define VMX_EXIT_REASON_ENTRY_FAIL      (1U << 31)

enum vmx_exit_reason {
    EXIT_REASON_EXCEPTION_NMI       = 0,
    EXIT_REASON_EXTERNAL_INTERRUPT  = 1,
    EXIT_REASON_TRIPLE_FAULT        = 2,
    EXIT_REASON_INIT                = 3,
    EXIT_REASON_SIPI                = 4,
    EXIT_REASON_IO_SMI              = 5,
    EXIT_REASON_OTHER_SMI           = 6,
    EXIT_REASON_INTERRUPT_WINDOW    = 7,
    EXIT_REASON_NMI_WINDOW          = 8,
    EXIT_REASON_TASK_SWITCH         = 9,
    EXIT_REASON_CPUID               = 10,
    EXIT_REASON_GETSEC              = 11,
    EXIT_REASON_HLT                 = 12,
    EXIT_REASON_INVD                = 13,
    EXIT_REASON_INVLPG              = 14,
    EXIT_REASON_RDPMC               = 15,
    EXIT_REASON_RDTSC               = 16,
    EXIT_REASON_RSM                 = 17,
    EXIT_REASON_VMCALL              = 18,
    EXIT_REASON_VMCLEAR             = 19,
    EXIT_REASON_VMLAUNCH            = 20,
    EXIT_REASON_VMPTRLD             = 21,
    EXIT_REASON_VMPTRST             = 22,
    EXIT_REASON_VMREAD              = 23,
    EXIT_REASON_VMRESUME            = 24,
    EXIT_REASON_VMWRITE             = 25,
    EXIT_REASON_VMXOFF              = 26,
    EXIT_REASON_VMXON               = 27,
    EXIT_REASON_CR_ACCESS           = 28,
    EXIT_REASON_DR_ACCESS           = 29,
    EXIT_REASON_IO_INSTRUCTION      = 30,
    EXIT_REASON_MSR_READ            = 31,
    EXIT_REASON_MSR_WRITE           = 32,
    EXIT_REASON_INVALID_GUEST_STATE = 33,
    EXIT_REASON_MSR_LOADING         = 34,
    EXIT_REASON_MWAIT               = 36,
    EXIT_REASON_MONITOR_TRAP_FLAG   = 37,
    EXIT_REASON_MONITOR             = 39,
    EXIT_REASON_PAUSE               = 40,
    EXIT_REASON_MCE_DURING_ENTRY    = 41,
    EXIT_REASON_TPR_BELOW_THRESHOLD = 43,
    EXIT_REASON_APIC_ACCESS         = 44,
    EXIT_REASON_EOI_INDUCED         = 45,
    EXIT_REASON_GDTR_IDTR_ACCESS    = 46,
    EXIT_REASON_LDTR_TR_ACCESS      = 47,
    EXIT_REASON_EPT_VIOLATION       = 48,
    EXIT_REASON_EPT_MISCONFIG       = 49,
    EXIT_REASON_INVEPT              = 50,
    EXIT_REASON_RDTSCP              = 51,
    EXIT_REASON_PREEMPTION_TIMER    = 52,
    EXIT_REASON_INVVPID             = 53,
    EXIT_REASON_WBINVD              = 54,
    EXIT_REASON_XSETBV              = 55,
    EXIT_REASON_APIC_WRITE          = 56,
    EXIT_REASON_RDRAND              = 57,
    EXIT_REASON_INVPCID             = 58,
    EXIT_REASON_VMFUNC              = 59,
    EXIT_REASON_ENCLS               = 60,
    EXIT_REASON_RDSEED              = 61,
    EXIT_REASON_PML_FULL            = 62,
    EXIT_REASON_XSAVES              = 63,
    EXIT_REASON_XRSTORS             = 64,
    EXIT_REASON_UMWAIT              = 67,
    EXIT_REASON_TPAUSE              = 68,
    EXIT_REASON_BUS_LOCK            = 74,
    EXIT_REASON_NOTIFY              = 75,
    VMX_NR_EXIT_REASONS             = 76,
};

/* INVEPT / INVVPID types (30.3). */
#define INVEPT_SINGLE_CONTEXT           1
#define INVEPT_ALL_CONTEXT              2
#define INVVPID_SINGLE_CONTEXT          1
#define INVVPID_ALL_CONTEXT             2

/* Width (VMCS_WIDTH_*) of a field, from its encoding. */
static inline unsigned int vmcs_field_width(uint32_t field)
{
    return (field >> 13) & 3;
}

/* Type (VMCS_TYPE_*) of a field, from its encoding. */
static inline unsigned int vmcs_field_type(uint32_t field)
{
    return (field >> 10) & 3;
}

/* Bits a field holds: a 64-bit field's high half counts as 32. */
static inline unsigned int vmcs_field_bits(uint32_t field)
{
    static const unsigned int bits[] = { 16, 64, 32, 64 };

    if ( vmcs_field_width(field) == VMCS_WIDTH_64 &&
         (field & VMCS_FIELD_HIGH) )
        return 32;
    return bits[vmcs_field_width(field)];
}

/* The host's registers that go into the VMCS host-state area. */
struct vmx_host_regs {
    uint64_t cr0, cr3, cr4;
    uint64_t fs_base, gs_base, pat, efer;
    uint64_t gdtr_base, idtr_base;
};

#ifdef VMX_INSN_STANDINS

/* The unit test defines these. */
uint64_t vmx_vmread(uint32_t field);
void vmx_vmwrite(uint32_t field, uint64_t val);
bool vmx_vmxon(paddr_t pa);
void vmx_vmxoff(void);
bool vmx_vmptrld(paddr_t pa);
bool vmx_vmclear(paddr_t pa);
bool vmx_invept(unsigned int type, uint64_t eptp);
bool vmx_invvpid(unsigned int type, uint16_t vpid);
void vmx_host_nmi(void);
void vmx_host_mce(void);
void vmx_read_host_regs(struct vmx_host_regs *h);
void *vmx_host_stack_top(void);

#else /* !VMX_INSN_STANDINS */

/*
 * VMX instructions report failure in RFLAGS: CF (VMfailInvalid, no
 * current VMCS) or ZF (VMfailValid, reason in VM_INSTRUCTION_ERROR).
 * The wrappers return true on success.
 */
static inline uint64_t vmx_vmread(uint32_t field)
{
    uint64_t val;

    __asm__ volatile ( "vmread %1, %0"
                       : "=rm" (val) : "r" ((uint64_t)field) : "cc" );
    return val;
}

static inline void vmx_vmwrite(uint32_t field, uint64_t val)
{
    __asm__ volatile ( "vmwrite %1, %0"
                       :: "r" ((uint64_t)field), "rm" (val) : "cc" );
}

static inline bool vmx_vmxon(paddr_t pa)
{
    bool fail;

    __asm__ volatile ( "vmxon %1; setbe %0"
                       : "=qm" (fail) : "m" (pa) : "cc", "memory" );
    return !fail;
}

static inline void vmx_vmxoff(void)
{
    __asm__ volatile ( "vmxoff" ::: "cc", "memory" );
}

static inline bool vmx_vmptrld(paddr_t pa)
{
    bool fail;

    __asm__ volatile ( "vmptrld %1; setbe %0"
                       : "=qm" (fail) : "m" (pa) : "cc", "memory" );
    return !fail;
}

static inline bool vmx_vmclear(paddr_t pa)
{
    bool fail;

    __asm__ volatile ( "vmclear %1; setbe %0"
                       : "=qm" (fail) : "m" (pa) : "cc", "memory" );
    return !fail;
}

static inline bool vmx_invept(unsigned int type, uint64_t eptp)
{
    struct { uint64_t eptp, rsvd; } desc = { eptp, 0 };
    bool fail;

    __asm__ volatile ( "invept %1, %2; setbe %0"
                       : "=qm" (fail) : "m" (desc), "r" ((uint64_t)type)
                       : "cc", "memory" );
    return !fail;
}

static inline bool vmx_invvpid(unsigned int type, uint16_t vpid)
{
    struct { uint64_t vpid, gla; } desc = { vpid, 0 };
    bool fail;

    __asm__ volatile ( "invvpid %1, %2; setbe %0"
                       : "=qm" (fail) : "m" (desc), "r" ((uint64_t)type)
                       : "cc", "memory" );
    return !fail;
}

/* Hand an NMI or #MC that exited the guest to the host's handlers. */
static inline void vmx_host_nmi(void)
{
    __asm__ volatile ( "int $2" ::: "memory" );
}

static inline void vmx_host_mce(void)
{
    __asm__ volatile ( "int $18" ::: "memory" );
}

/* HOST_RSP: this CPU's struct cpu_info, the guest register frame. */
static inline void *vmx_host_stack_top(void)
{
    return get_cpu_info();
}

static inline void vmx_read_host_regs(struct vmx_host_regs *h)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } dt;

    __asm__ volatile ( "mov %%cr0, %0" : "=r" (h->cr0) );
    __asm__ volatile ( "mov %%cr3, %0" : "=r" (h->cr3) );
    __asm__ volatile ( "mov %%cr4, %0" : "=r" (h->cr4) );
    __asm__ volatile ( "sgdt %0" : "=m" (dt) );
    h->gdtr_base = dt.base;
    __asm__ volatile ( "sidt %0" : "=m" (dt) );
    h->idtr_base = dt.base;
    h->fs_base = rdmsr(MSR_FS_BASE);
    h->gs_base = rdmsr(MSR_GS_BASE);
    h->pat = rdmsr(MSR_IA32_CR_PAT);
    h->efer = rdmsr(MSR_EFER);
}

#endif /* VMX_INSN_STANDINS */

#endif /* VMCS_PRIVATE_H */
