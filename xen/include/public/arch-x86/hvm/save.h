/* SPDX-License-Identifier: MIT */
/*
 * x86 HVM save record types (see hvm/save.h for the container format).
 * Codes are part of the save-image ABI: never renumber, never reuse.
 *
 *   1 HEADER   2 CPU      3 PIC      4 IOAPIC   5 LAPIC    6 LAPIC_REGS
 *   7 PCI_IRQ  8 ISA_IRQ  9 PCI_LINK 10 PIT     11 RTC     12 HPET
 *  13 PMTIMER 14 MTRR    15 VIRIDIAN_DOMAIN    16 CPU_XSAVE (variable)
 *  17 VIRIDIAN_VCPU      18 VMCE_VCPU          19 TSC_ADJUST
 *  20 CPU_MSR (variable)
 */
#ifndef __XEN_PUBLIC_HVM_SAVE_X86_H__
#define __XEN_PUBLIC_HVM_SAVE_X86_H__

#include "../../xen.h"

/* HEADER: first record; the restore side checks magic and version. */
#define HVM_FILE_MAGIC   0x54381286
#define HVM_FILE_VERSION 0x00000001

struct hvm_save_header {
    uint32_t magic;             /* HVM_FILE_MAGIC */
    uint32_t version;           /* HVM_FILE_VERSION */
    uint64_t changeset;         /* build of the saving hypervisor */
    uint32_t cpuid;             /* CPUID[1].EAX of the saving host */
    uint32_t gtsc_khz;          /* guest TSC frequency */
};

DECLARE_HVM_SAVE_TYPE(HEADER, 1, struct hvm_save_header);

/*
 * CPU: one per vCPU.  fpu_regs is an FXSAVE image; *_arbytes are segment
 * attributes in VMX access-rights format; msr_flags is unused.
 * pending_event describes an event being injected: vector, type (as in
 * the VMX/SVM event-injection field), error-code valid, valid.
 */
struct hvm_hw_cpu {
    uint8_t  fpu_regs[512];

    uint64_t rax;
    uint64_t rbx;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rbp;
    uint64_t rsi;
    uint64_t rdi;
    uint64_t rsp;
    uint64_t r8;
    uint64_t r9;
    uint64_t r10;
    uint64_t r11;
    uint64_t r12;
    uint64_t r13;
    uint64_t r14;
    uint64_t r15;

    uint64_t rip;
    uint64_t rflags;

    uint64_t cr0;
    uint64_t cr2;
    uint64_t cr3;
    uint64_t cr4;

    uint64_t dr0;
    uint64_t dr1;
    uint64_t dr2;
    uint64_t dr3;
    uint64_t dr6;
    uint64_t dr7;

    uint32_t cs_sel;
    uint32_t ds_sel;
    uint32_t es_sel;
    uint32_t fs_sel;
    uint32_t gs_sel;
    uint32_t ss_sel;
    uint32_t tr_sel;
    uint32_t ldtr_sel;

    uint32_t cs_limit;
    uint32_t ds_limit;
    uint32_t es_limit;
    uint32_t fs_limit;
    uint32_t gs_limit;
    uint32_t ss_limit;
    uint32_t tr_limit;
    uint32_t ldtr_limit;
    uint32_t idtr_limit;
    uint32_t gdtr_limit;

    uint64_t cs_base;
    uint64_t ds_base;
    uint64_t es_base;
    uint64_t fs_base;
    uint64_t gs_base;
    uint64_t ss_base;
    uint64_t tr_base;
    uint64_t ldtr_base;
    uint64_t idtr_base;
    uint64_t gdtr_base;

    uint32_t cs_arbytes;
    uint32_t ds_arbytes;
    uint32_t es_arbytes;
    uint32_t fs_arbytes;
    uint32_t gs_arbytes;
    uint32_t ss_arbytes;
    uint32_t tr_arbytes;
    uint32_t ldtr_arbytes;

    uint64_t sysenter_cs;
    uint64_t sysenter_esp;
    uint64_t sysenter_eip;

    uint64_t shadow_gs;

    uint64_t msr_flags;
    uint64_t msr_lstar;
    uint64_t msr_star;
    uint64_t msr_cstar;
    uint64_t msr_syscall_mask;
    uint64_t msr_efer;
    uint64_t msr_tsc_aux;

    uint64_t tsc;

    union {
        uint32_t pending_event;
        struct {
            uint8_t  pending_vector:8;
            uint8_t  pending_type:3;
            uint8_t  pending_error_valid:1;
            uint32_t pending_reserved:19;
            uint8_t  pending_valid:1;
        };
    };
    uint32_t error_code;

#define _XEN_X86_FPU_INITIALISED        0
#define XEN_X86_FPU_INITIALISED         (1U << _XEN_X86_FPU_INITIALISED)
    uint32_t flags;
    uint32_t pad0;
};

/* The CPU record as saved before msr_tsc_aux and flags existed. */
struct hvm_hw_cpu_compat {
    uint8_t  fpu_regs[512];

    uint64_t rax;
    uint64_t rbx;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rbp;
    uint64_t rsi;
    uint64_t rdi;
    uint64_t rsp;
    uint64_t r8;
    uint64_t r9;
    uint64_t r10;
    uint64_t r11;
    uint64_t r12;
    uint64_t r13;
    uint64_t r14;
    uint64_t r15;

    uint64_t rip;
    uint64_t rflags;

    uint64_t cr0;
    uint64_t cr2;
    uint64_t cr3;
    uint64_t cr4;

    uint64_t dr0;
    uint64_t dr1;
    uint64_t dr2;
    uint64_t dr3;
    uint64_t dr6;
    uint64_t dr7;

    uint32_t cs_sel;
    uint32_t ds_sel;
    uint32_t es_sel;
    uint32_t fs_sel;
    uint32_t gs_sel;
    uint32_t ss_sel;
    uint32_t tr_sel;
    uint32_t ldtr_sel;

    uint32_t cs_limit;
    uint32_t ds_limit;
    uint32_t es_limit;
    uint32_t fs_limit;
    uint32_t gs_limit;
    uint32_t ss_limit;
    uint32_t tr_limit;
    uint32_t ldtr_limit;
    uint32_t idtr_limit;
    uint32_t gdtr_limit;

    uint64_t cs_base;
    uint64_t ds_base;
    uint64_t es_base;
    uint64_t fs_base;
    uint64_t gs_base;
    uint64_t ss_base;
    uint64_t tr_base;
    uint64_t ldtr_base;
    uint64_t idtr_base;
    uint64_t gdtr_base;

    uint32_t cs_arbytes;
    uint32_t ds_arbytes;
    uint32_t es_arbytes;
    uint32_t fs_arbytes;
    uint32_t gs_arbytes;
    uint32_t ss_arbytes;
    uint32_t tr_arbytes;
    uint32_t ldtr_arbytes;

    uint64_t sysenter_cs;
    uint64_t sysenter_esp;
    uint64_t sysenter_eip;

    uint64_t shadow_gs;

    uint64_t msr_flags;
    uint64_t msr_lstar;
    uint64_t msr_star;
    uint64_t msr_cstar;
    uint64_t msr_syscall_mask;
    uint64_t msr_efer;

    uint64_t tsc;

    union {
        uint32_t pending_event;
        struct {
            uint8_t  pending_vector:8;
            uint8_t  pending_type:3;
            uint8_t  pending_error_valid:1;
            uint32_t pending_reserved:19;
            uint8_t  pending_valid:1;
        };
    };
    uint32_t error_code;
};

/*
 * Bring a CPU record of either layout, in a buffer big enough for the
 * new one, to the new layout.  The fields after msr_efer moved by 8
 * bytes; copy them from the last one backwards so none is overwritten
 * before it is read.
 */
static inline int _hvm_hw_fix_cpu(void *h, uint32_t size)
{
    union hvm_hw_cpu_union {
        struct hvm_hw_cpu nat;
        struct hvm_hw_cpu_compat cmp;
    } *ucpu = (union hvm_hw_cpu_union *)h;

    if ( size == sizeof(struct hvm_hw_cpu_compat) )
    {
        ucpu->nat.error_code = ucpu->cmp.error_code;
        ucpu->nat.pending_event = ucpu->cmp.pending_event;
        ucpu->nat.tsc = ucpu->cmp.tsc;
        ucpu->nat.msr_tsc_aux = 0;
    }
    /* Old records never carried the flag; their FPU state is live. */
    ucpu->nat.flags = XEN_X86_FPU_INITIALISED;

    return 0;
}

DECLARE_HVM_SAVE_TYPE_COMPAT(CPU, 2, struct hvm_hw_cpu, \
                             struct hvm_hw_cpu_compat, _hvm_hw_fix_cpu);

/* PIC: one per 8259 (instance 0 master, 1 slave). */
struct hvm_hw_vpic {
    uint8_t irr;            /* interrupt request register */
    uint8_t imr;            /* interrupt mask register */
    uint8_t isr;            /* in-service register */
    uint8_t irq_base;       /* vector of line 0 (ICW2) */

    uint8_t init_state:4;   /* where in the ICW sequence */
    uint8_t priority_add:4; /* lowest-priority line after rotation */

    uint8_t readsel_isr:1;  /* OCW3: reads return ISR, not IRR */
    uint8_t poll:1;
    uint8_t auto_eoi:1;
    uint8_t rotate_on_auto_eoi:1;
    uint8_t special_fully_nested_mode:1;
    uint8_t special_mask_mode:1;
    uint8_t is_master:1;

    uint8_t elcr;           /* edge/level control (ports 0x4d0/1) */
    uint8_t int_output;     /* INT line state */
};

DECLARE_HVM_SAVE_TYPE(PIC, 3, struct hvm_hw_vpic);

/* IOAPIC: a redirection table entry, as in the IO-APIC datasheet. */
union vioapic_redir_entry
{
    uint64_t bits;
    struct {
        uint8_t vector;
        uint8_t delivery_mode:3;
        uint8_t dest_mode:1;
        uint8_t delivery_status:1;
        uint8_t polarity:1;
        uint8_t remote_irr:1;
        uint8_t trig_mode:1;
        uint8_t mask:1;
        uint8_t reserve:7;
        uint8_t reserved[4];
        uint8_t dest_id;
    } fields;
};

#define VIOAPIC_NUM_PINS  48 /* matches the ACPI tables hvmloader builds */

#define XEN_HVM_VIOAPIC(name, cnt)                      \
    struct name {                                       \
        uint64_t base_address;                          \
        uint32_t ioregsel;                              \
        uint32_t id;                                    \
        union vioapic_redir_entry redirtbl[cnt];        \
    }

XEN_HVM_VIOAPIC(hvm_hw_vioapic, VIOAPIC_NUM_PINS);

#ifndef __XEN__
#undef XEN_HVM_VIOAPIC
#else
#undef VIOAPIC_NUM_PINS
#endif

DECLARE_HVM_SAVE_TYPE(IOAPIC, 4, struct hvm_hw_vioapic);

/* LAPIC: one per vCPU; the registers follow in LAPIC_REGS. */
struct hvm_hw_lapic {
    uint64_t             apic_base_msr;
    uint32_t             disabled;  /* VLAPIC_xx_DISABLED bits */
    uint32_t             timer_divisor;
    uint64_t             tdt_msr;   /* TSC-deadline MSR */
};

DECLARE_HVM_SAVE_TYPE(LAPIC, 5, struct hvm_hw_lapic);

/* LAPIC_REGS: the 1KiB register page (16-byte stride, as in the APIC). */
struct hvm_hw_lapic_regs {
    uint8_t data[1024];
};

DECLARE_HVM_SAVE_TYPE(LAPIC_REGS, 6, struct hvm_hw_lapic_regs);

/*
 * PCI_IRQ: asserted state of the 32 devices x 4 INTx lines, as a
 * bitmap.  The unsigned long words are what the hypervisor's bit
 * operations use; pad fixes the size at 16 bytes on every ABI.
 */
struct hvm_hw_pci_irqs {
    union {
        unsigned long i[16 / sizeof (unsigned long)];
        uint64_t pad[2];
    };
};

DECLARE_HVM_SAVE_TYPE(PCI_IRQ, 7, struct hvm_hw_pci_irqs);

/* ISA_IRQ: asserted state of the 16 ISA lines, as a bitmap. */
struct hvm_hw_isa_irqs {
    union {
        unsigned long i[1];
        uint64_t pad[1];
    };
};

DECLARE_HVM_SAVE_TYPE(ISA_IRQ, 8, struct hvm_hw_isa_irqs);

/* PCI_LINK: the ISA IRQ each of the 4 PCI links is routed to (0: none). */
struct hvm_hw_pci_link {
    uint8_t route[4];
    uint8_t pad0[4];
};

DECLARE_HVM_SAVE_TYPE(PCI_LINK, 9, struct hvm_hw_pci_link);

/* PIT: the 8254's three counters and the speaker gate. */
struct hvm_hw_pit {
    struct hvm_hw_pit_channel {
        uint32_t count;           /* 0 means 0x10000 */
        uint16_t latched_count;
        uint8_t count_latched;
        uint8_t status_latched;
        uint8_t status;
        uint8_t read_state;
        uint8_t write_state;
        uint8_t write_latch;
        uint8_t rw_mode;
        uint8_t mode;
        uint8_t bcd;              /* not supported */
        uint8_t gate;             /* only channel 2's can change */
    } channels[3];
    uint32_t speaker_data_on;
    uint32_t pad0;
};

DECLARE_HVM_SAVE_TYPE(PIT, 10, struct hvm_hw_pit);

/* RTC: CMOS registers 0-13 and the guest's offset from host time. */
#define RTC_CMOS_SIZE 14
struct hvm_hw_rtc {
    uint8_t cmos_data[RTC_CMOS_SIZE];
    uint8_t cmos_index;
    uint8_t pad0;
    int64_t rtc_offset;           /* seconds */
};

DECLARE_HVM_SAVE_TYPE(RTC, 11, struct hvm_hw_rtc);

/* HPET: the register block, laid out as in the HPET specification. */
#define HPET_TIMER_NUM     3    /* timers emulated */
struct hvm_hw_hpet {
    uint64_t capability;        /* 0x000: capabilities and id */
    uint64_t res0;
    uint64_t config;            /* 0x010: configuration */
    uint64_t res1;
    uint64_t isr;               /* 0x020: interrupt status */
    uint64_t res2[25];
    uint64_t mc64;              /* 0x0f0: main counter */
    uint64_t res3;
    struct {                    /* 0x100 + 0x20 * n: timer n */
        uint64_t config;
        uint64_t cmp;
        uint64_t fsb;
        uint64_t res4;
    } timers[HPET_TIMER_NUM];
    uint64_t res5[4 * (24 - HPET_TIMER_NUM)]; /* room for 24 timers */
    uint64_t period[HPET_TIMER_NUM];          /* hidden: last period */
};

DECLARE_HVM_SAVE_TYPE(HPET, 12, struct hvm_hw_hpet);

/* PMTIMER: the ACPI PM timer and PM1a status/enable. */
struct hvm_hw_pmtimer {
    uint32_t tmr_val;
    uint16_t pm1a_sts;
    uint16_t pm1a_en;
};

DECLARE_HVM_SAVE_TYPE(PMTIMER, 13, struct hvm_hw_pmtimer);

/* MTRR: one per vCPU; variable ranges as base/mask pairs. */
struct hvm_hw_mtrr {
#define MTRR_VCNT 8
#define NUM_FIXED_MSR 11
    uint64_t msr_pat_cr;
    uint64_t msr_mtrr_var[MTRR_VCNT * 2];
    uint64_t msr_mtrr_fixed[NUM_FIXED_MSR];
    uint64_t msr_mtrr_cap;
    uint64_t msr_mtrr_def_type;
};

DECLARE_HVM_SAVE_TYPE(MTRR, 14, struct hvm_hw_mtrr);

/*
 * CPU_XSAVE: variable length, so no DECLARE_HVM_SAVE_TYPE: the XSAVE
 * area (of the size xfeature_mask implies) follows the three masks.
 */
struct hvm_hw_cpu_xsave {
    uint64_t xfeature_mask;        /* XCR0 bits the saver supported */
    uint64_t xcr0;                 /* XCR0 in force */
    uint64_t xcr0_accum;           /* every XCR0 bit ever set */
    struct {
        struct { char x[512]; } fpu_sse;

        struct hvm_hw_cpu_xsave_hdr {
            uint64_t xstate_bv;
            uint64_t xcomp_bv;
            uint64_t reserved[6];
        } xsave_hdr;

        /* extended state components follow */
    } save_area;
};

#define CPU_XSAVE_CODE  16

/* VIRIDIAN_DOMAIN: Hyper-V enlightenment state of the domain. */
struct hvm_viridian_domain_context {
    uint64_t hypercall_gpa;
    uint64_t guest_os_id;
    uint64_t time_ref_count;
    uint64_t reference_tsc;
};

DECLARE_HVM_SAVE_TYPE(VIRIDIAN_DOMAIN, 15, struct hvm_viridian_domain_context);

/* VIRIDIAN_VCPU: per-vCPU Hyper-V state. */
struct hvm_viridian_vcpu_context {
    uint64_t vp_assist_msr;
    uint8_t  apic_assist_pending;
    uint8_t  _pad[7];
    uint64_t simp_msr;
    uint64_t sint_msr[16];
    uint64_t stimer_config_msr[4];
    uint64_t stimer_count_msr[4];
};

DECLARE_HVM_SAVE_TYPE(VIRIDIAN_VCPU, 17, struct hvm_viridian_vcpu_context);

/* VMCE_VCPU: virtual machine-check capabilities and controls. */
struct hvm_vmce_vcpu {
    uint64_t caps;
    uint64_t mci_ctl2_bank0;
    uint64_t mci_ctl2_bank1;
    uint64_t mcg_ext_ctl;
};

DECLARE_HVM_SAVE_TYPE(VMCE_VCPU, 18, struct hvm_vmce_vcpu);

/* TSC_ADJUST: the IA32_TSC_ADJUST MSR. */
struct hvm_tsc_adjust {
    uint64_t tsc_adjust;
};

DECLARE_HVM_SAVE_TYPE(TSC_ADJUST, 19, struct hvm_tsc_adjust);

/* CPU_MSR: variable length: count, then that many MSRs. */
struct hvm_msr {
    uint32_t count;
    struct hvm_one_msr {
        uint32_t index;
        uint32_t _rsvd;            /* must be 0 */
        uint64_t val;
    } msr[XEN_FLEX_ARRAY_DIM];
};

#define CPU_MSR_CODE  20

#define HVM_SAVE_CODE_MAX 20

#endif /* __XEN_PUBLIC_HVM_SAVE_X86_H__ */
