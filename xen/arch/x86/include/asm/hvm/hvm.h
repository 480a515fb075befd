/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Common HVM layer.  Vendor backends (SVM, VMX) fill a struct
 * hvm_function_table at boot; hvm_enable() copies the chosen one into
 * hvm_funcs, and common code only ever calls through it.
 */
#ifndef X86_HVM_HVM_H
#define X86_HVM_HVM_H

#include <xen/types.h>
#include <asm/regs.h>
#include <asm/x86_emulate.h>

struct domain;
struct vcpu;

struct segment_register {
    uint16_t sel;
    uint16_t attr;          /* SVM packed format: type S DPL P AVL L DB G */
    uint32_t limit;
    uint64_t base;
};

#define SEG_ATTR_L      (1U << 9)
#define SEG_ATTR_DB     (1U << 10)

/* Event types for injection (same values as SVM EVENTINJ and VMX). */
#define X86_EVENTTYPE_EXT_INTR   0
#define X86_EVENTTYPE_NMI        2
#define X86_EVENTTYPE_HW_EXC     3
#define X86_EVENTTYPE_SW_INT     4

struct hvm_event {
    uint8_t vector;
    uint8_t type;           /* X86_EVENTTYPE_* */
    int32_t error_code;     /* -1: none */
};

enum hvm_reg {
    HVM_CR0, HVM_CR2, HVM_CR3, HVM_CR4, HVM_EFER, HVM_RIP, HVM_RSP,
    HVM_RFLAGS, HVM_CPL,
    /* The MSRs SYSCALL, SWAPGS and SYSENTER use (the save format's). */
    HVM_STAR, HVM_LSTAR, HVM_CSTAR, HVM_SFMASK, HVM_SHADOW_GS,
    HVM_SYSENTER_CS, HVM_SYSENTER_ESP, HVM_SYSENTER_EIP,
};

struct p2m_pt_ops;

struct hvm_function_table {
    const char *name;
    /* Nested page table entry format (NPT or EPT). */
    const struct p2m_pt_ops *p2m_pt_ops;

    /* Per-CPU enable (called on every CPU at boot); 0 or -errno. */
    int (*cpu_up)(void);
    int (*domain_initialise)(struct domain *d);
    void (*domain_destroy)(struct domain *d);
    int (*vcpu_initialise)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);

    /* Enter the guest; never returns. */
    noreturn void (*resume)(struct vcpu *v);

    uint64_t (*get_reg)(const struct vcpu *v, enum hvm_reg reg);
    void (*set_reg)(struct vcpu *v, enum hvm_reg reg, uint64_t val);
    void (*get_segment)(const struct vcpu *v, enum x86_segment seg,
                        struct segment_register *r);
    void (*set_segment)(struct vcpu *v, enum x86_segment seg,
                        const struct segment_register *r);
    /* Queue an exception/interrupt for the next entry. */
    void (*inject_event)(struct vcpu *v, const struct hvm_event *e);
    bool (*event_pending)(const struct vcpu *v);
    /* The event queued for the next entry, if any (saving a vCPU). */
    bool (*get_event)(const struct vcpu *v, struct hvm_event *e);
    /* Write the vendor's hypercall instruction at p (3 bytes). */
    void (*init_hypercall_insn)(uint8_t *p);
    /* The guest's translations through nested paging are stale. */
    void (*flush_guest_tlbs)(struct vcpu *v);
    /* Print the vCPU's state (crash, debug keys). */
    void (*dump_vcpu)(const struct vcpu *v);
    /* Let the guest reach port directly (or stop it). */
    void (*io_passthrough)(struct domain *d, uint16_t port, bool pass);
    /*
     * Interrupt injection (hvm/intr.c).  intr_blocked: can the guest not
     * take an external interrupt (nmi: an NMI) right now (RFLAGS.IF,
     * interrupt shadow, an event already queued)?  intr_window: exit as
     * soon as it can (on), or stop asking (off).  A backend that leaves
     * them NULL queues injected interrupts and opens windows itself.
     */
    bool (*intr_blocked)(const struct vcpu *v, bool nmi);
    void (*intr_window)(struct vcpu *v, bool on);
};

extern struct hvm_function_table hvm_funcs;
extern bool hvm_enabled;

/* Backends: return their filled table, or NULL if the CPU lacks them. */
const struct hvm_function_table *start_svm(void);
const struct hvm_function_table *start_vmx(void);

void hvm_enable(void);
int hvm_cpu_up(void);

/* Set up a vCPU as the PVH ABI specifies: 32-bit flat, paging off. */
void hvm_vcpu_reset_pvh(struct vcpu *v, uint64_t entry, uint64_t ebx);
/*
 * Start v in real mode at vector << 12 (CS = vector << 8, IP = 0), as a
 * start-up IPI does; regs is where v's general registers live now.
 */
void hvm_vcpu_reset_sipi(struct vcpu *v, struct cpu_regs *regs,
                         uint8_t vector);
/*
 * VCPUOP_initialise: check ctx and load it into v (down, on no CPU);
 * 0, or -EINVAL with v unchanged.
 */
struct vcpu_hvm_context;
int hvm_set_vcpu_context(struct vcpu *v, const struct vcpu_hvm_context *ctx);

static inline uint64_t hvm_get_reg(const struct vcpu *v, enum hvm_reg r)
{
    return hvm_funcs.get_reg(v, r);
}

static inline void hvm_set_reg(struct vcpu *v, enum hvm_reg r, uint64_t x)
{
    hvm_funcs.set_reg(v, r, x);
}

void hvm_inject_hw_exception(struct vcpu *v, unsigned int vector,
                             int error_code);
#define hvm_inject_gp(v) hvm_inject_hw_exception(v, 13, 0)
#define hvm_inject_ud(v) hvm_inject_hw_exception(v, 6, -1)

/* Is the guest in 64-bit mode (long mode and CS.L)? */
bool hvm_long_mode_active(const struct vcpu *v);
bool hvm_64bit_code(const struct vcpu *v);

/*
 * Exit handlers shared by the backends.  Each returns true if the
 * instruction was completed (the backend advances RIP), false if an
 * event was injected instead (RIP stays).
 */
bool hvm_cpuid_exit(struct vcpu *v, struct cpu_regs *regs);
struct cpu_policy;
/* Make the raw policy p what HVM guests are offered (hvm/cpuid.c). */
void hvm_cpu_policy_init(struct cpu_policy *p);
/*
 * Is the vendor d's guests see in CPUID AMD (or Hygon)?  The emulator
 * follows it where the architecture leaves a result to the vendor.
 */
bool hvm_cpuid_amd_like(const struct domain *d);
/* The CR4 bits a guest's CPUID lets it set (the rest are #GP). */
uint64_t hvm_cr4_guest_valid_bits(void);

/*
 * A guest's write of val to CR4 (hvm/cr.c): checked as the CPU checks it
 * (hvm_cr4_guest_valid_bits(), PAE kept in long mode, PCIDE set only in
 * long mode with CR3[11:0] zero), then made, flushing v's TLB where a
 * MOV to CR4 would.  False: the write is refused and the caller injects
 * #GP(0).
 */
bool hvm_set_cr4(struct vcpu *v, uint64_t val);
bool hvm_msr_read_exit(struct vcpu *v, struct cpu_regs *regs);
bool hvm_msr_write_exit(struct vcpu *v, struct cpu_regs *regs);
/*
 * The CPU_MSR save record (hvm/msr.c): its length, or -ENODATA when
 * every MSR it carries is 0; loading one: 0, -EINVAL or -ENXIO.
 */
#define HVM_MSR_SAVE_MAX    64
int hvm_save_msrs(const struct vcpu *v, void *rec);
int hvm_load_msrs(struct vcpu *v, const void *rec, uint32_t len);
void hvm_hlt_exit(struct vcpu *v);
void hvm_hypercall(struct vcpu *v, struct cpu_regs *regs);
void hvm_triple_fault(struct vcpu *v, const char *why);
/* A nested page fault the p2m cannot resolve: crash the domain. */
void hvm_npf_unhandled(struct vcpu *v, uint64_t gpa, uint64_t info);
/* dom0: every I/O port but the hypervisor's own goes straight through. */
void hvm_domain_io_passthrough(struct domain *d);
/* Write the hypercall page into guest memory at gpa; 0 or -EFAULT. */
int hvm_write_hypercall_page(struct domain *d, uint64_t gpa);
/* Work before every entry, with interrupts enabled. */
void hvm_do_resume(struct vcpu *v);

#endif /* X86_HVM_HVM_H */
