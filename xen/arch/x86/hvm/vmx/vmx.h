/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Intel VMX backend's private state and the interfaces between its
 * files (vmx.c: ops table and entry path; vmcs.c: capabilities and VMCS
 * set-up; exits.c: exit dispatch; intr.c: event injection; ept.c: EPT
 * entries and flushes; vpid.c: VPID allocation).  Nothing outside
 * hvm/vmx/ includes this.
 *
 * Field legend: (c) set at creation, constant after; (r) touched only by
 * the CPU running the vCPU, with interrupts off on the entry path;
 * (a) written by other CPUs too, atomically.
 */
#ifndef VMX_PRIVATE_H
#define VMX_PRIVATE_H

#include <xen/types.h>
#include <xen/cpumask.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/regs.h>
#include "vmcs.h"

/* Raw values of the capability MSRs, read once at boot. */
struct vmx_msr_values {
    uint64_t basic;
    uint64_t pinbased, procbased, exit, entry;        /* non-TRUE forms */
    uint64_t true_pinbased, true_procbased, true_exit, true_entry;
    uint64_t procbased2;
    uint64_t ept_vpid_cap;
    uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* What a control word must, may and must not contain. */
struct vmx_ctl_want {
    uint32_t required;          /* fail if the CPU can't set these */
    uint32_t optional;          /* set if the CPU allows */
    uint32_t forbidden;         /* fail if the CPU forces these on */
};

/* The controls and facts the backend runs with, settled at boot. */
struct vmx_caps {
    uint32_t revision_id;
    uint32_t pin, cpu, cpu2, exit, entry;
    uint64_t ept_vpid_cap;
    /* CR bits the hardware forces in VMX operation (24.8 / A.7, A.8). */
    uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

extern struct vmx_caps vmx_caps;

/* One entry of a VM-entry/VM-exit MSR area (24.7.2). */
struct vmx_msr_entry {
    uint32_t index;
    uint32_t rsvd;
    uint64_t data;
};

/* Guest MSRs the CPU swaps through the MSR areas (vmcs.c). */
#define VMX_NR_GUEST_MSRS       6

/* I/O bitmap A and B, one page each (24.6.4). */
#define VMX_IO_BITMAP_ORDER     1

/* An event waiting to be injected (intr.c). */
struct vmx_pending {
    bool valid;
    uint8_t insn_len;                   /* software events: to re-execute */
    struct hvm_event ev;
};

struct vmx_vcpu {
    void *vmcs;                         /* (c) the VMCS region, 4 KiB */
    paddr_t vmcs_pa;                    /* (c) */
    struct vmx_msr_entry *msr_area;     /* (c) guest MSR save/load area */
    unsigned int active_cpu;            /* (r) CPU holding it, or ~0 */
    bool launched;                      /* (r) VMLAUNCH done on active_cpu */

    uint16_t vpid;                      /* (r) tag on vpid_cpu */
    unsigned int vpid_cpu;              /* (r) */
    uint64_t vpid_generation;           /* (a) 0: take a fresh VPID */
    uint64_t eptp_loaded;               /* (r) EPTP in the VMCS */

    uint64_t cr2;                       /* (r) not part of the VMCS */
    uint64_t cr8;                       /* (r) guest TPR, without vLAPIC */
    uint64_t pat_loaded;                /* (r) GUEST_IA32_PAT in the VMCS */
    uint64_t tsc_offset_loaded;         /* (r) TSC_OFFSET in the VMCS */
    struct vmx_pending exc;             /* (r) exception to inject */
    struct vmx_pending intr;            /* (r) external interrupt / NMI */
};

struct vmx_domain {
    uint8_t *io_bitmap;                 /* (c) 8 KiB: ports 0-7fff, rest */
    cpumask_t ept_stale;                /* (a) CPUs needing an INVEPT */
};

static inline struct vmx_vcpu *vmx_of(const struct vcpu *v)
{
    return v->arch.hvm;
}

static inline struct vmx_domain *vmx_dom(const struct domain *d)
{
    return d->arch.hvm;
}

/* --- vmcs.c --- */

/*
 * Apply a capability MSR (allowed 0-settings in bits 31:0, allowed
 * 1-settings in 63:32, SDM appendix A.3) to the wanted controls.
 * 0 and *out set, or -EOPNOTSUPP.
 */
int vmx_adjust_ctls(uint64_t cap, const struct vmx_ctl_want *w,
                    uint32_t *out);
/* Check the CPU's capabilities and settle every control; 0 or -errno. */
int vmx_compute_caps(const struct vmx_msr_values *m, struct vmx_caps *c);
void vmx_read_cap_msrs(struct vmx_msr_values *m);

/* IA32_FEATURE_CONTROL: what to do with the value firmware left. */
enum vmx_fc_action { VMX_FC_OK, VMX_FC_WRITE, VMX_FC_LOCKED_OFF };
enum vmx_fc_action vmx_feature_control(uint64_t val, uint64_t *new_val);

/* MSR bitmap (24.6.9): let the guest access msr directly. */
void vmx_msr_bitmap_allow(uint8_t *bm, uint32_t msr, bool read, bool write);
/* Does an access to msr exit?  MSRs outside both ranges always do. */
bool vmx_msr_bitmap_exits(const uint8_t *bm, uint32_t msr, bool write);

/* I/O bitmap: let the guest reach port directly (pass) or not. */
void vmx_io_bitmap_set(uint8_t *bm, uint16_t port, bool pass);

/* SVM-packed segment attributes <-> VMX access rights. */
uint32_t vmx_attr_to_ar(uint16_t attr);
uint16_t vmx_ar_to_attr(uint32_t ar);
/* Base of the TSS descriptor sel in a long-mode GDT. */
uint64_t vmx_gdt_tss_base(const uint64_t *gdt, unsigned int sel);

/* Real CR0/CR4 for a guest value, and the bits guest writes trap on. */
uint64_t vmx_cr0_real(uint64_t guest);
uint64_t vmx_cr4_real(uint64_t guest);
uint64_t vmx_cr0_mask(void);
uint64_t vmx_cr4_mask(void);

/* Allocate the MSR bitmap all vCPUs share; 0 or -ENOMEM. */
int vmx_bitmaps_init(void);
/* Segment registers in the current VMCS (SVM-packed attributes). */
void vmx_vmcs_set_segment(enum x86_segment seg,
                          const struct segment_register *r);
void vmx_vmcs_get_segment(enum x86_segment seg, struct segment_register *r);
/* Fill a fresh, current VMCS for v: controls, host and guest state. */
void vmx_vmcs_construct(struct vcpu *v);
/* Host fields that differ per CPU; the VMCS is current on this CPU. */
void vmx_vmcs_host_cpu_state(void);
/* Make v's VMCS current on this CPU (VMCLEAR elsewhere first). */
void vmx_vmcs_load(struct vcpu *v);
/* Access v's VMCS from this CPU, v not running; pairs with _exit. */
void vmx_vmcs_enter(struct vcpu *v);
void vmx_vmcs_exit(struct vcpu *v);
/* VMCLEAR v's VMCS wherever it is active (vCPU teardown). */
void vmx_vmcs_release(struct vcpu *v);

/* --- vmx.c --- */
void vmx_set_cr0(struct vcpu *v, uint64_t val);
void vmx_set_cr4(struct vcpu *v, uint64_t val);
void vmx_set_efer(struct vcpu *v, uint64_t val);
/* 64-bit mode (long mode active and CS.L), from the current VMCS. */
bool vmx_guest_64bit(void);
/* The instruction that exited completed: step RIP (in regs) past it. */
void vmx_advance_rip(struct vcpu *v, struct cpu_regs *regs);
/* Load the PAE PDPTEs at guest cr3 into the VMCS; false if not RAM. */
bool vmx_load_pdptes(struct vcpu *v, uint64_t cr3);
/*
 * RSP, RIP and RFLAGS live in the register frame while the hypervisor
 * runs (as RAX does for SVM): copied out of the VMCS at each exit, back
 * in before each entry.
 */
void vmx_sync_regs_from_vmcs(struct cpu_regs *regs);
void vmx_sync_regs_to_vmcs(const struct cpu_regs *regs);
/* Called from entry.S. */
unsigned int vmx_pre_entry(void);
noreturn void vmx_vmentry_failure(void);
void vmx_vmexit_handler(struct cpu_regs *regs);
extern const char vmx_asm_vmexit_handler[];
noreturn void vmx_asm_do_vmentry(void);

/* --- exits.c --- */
typedef void (*vmx_exit_fn)(struct vcpu *v, struct cpu_regs *regs);
extern const vmx_exit_fn vmx_exit_table[VMX_NR_EXIT_REASONS];
/* Run the handler for exit reason (basic reason + flag bits). */
void vmx_dispatch_exit(struct vcpu *v, struct cpu_regs *regs,
                       uint32_t reason);
/* Register of a MOV CR/DR or I/O exit: 0 RAX ... 15 R15 (SDM table). */
uint64_t *vmx_gpr(struct cpu_regs *regs, unsigned int n);

/* --- intr.c --- */
void vmx_inject_event(struct vcpu *v, const struct hvm_event *e);
bool vmx_event_pending(const struct vcpu *v);
bool vmx_get_event(const struct vcpu *v, struct hvm_event *e);
/* An event the last exit interrupted: deliver it again. */
void vmx_reinject_idt_vectoring(struct vcpu *v);
/* Interrupt- and NMI-window exits: stop asking, intr_assist rechecks. */
void vmx_close_windows(struct vcpu *v);
/* Before entry: write the next event into the VMCS, or ask for a window. */
void vmx_intr_assist(struct vcpu *v);
/* VM-entry interruption information for e; *ec_out if it has a code. */
uint32_t vmx_intr_info(const struct hvm_event *e, bool guest_pe,
                       uint32_t *ec_out);
/* The exception to deliver when next arrives while prev is pending. */
struct hvm_event vmx_combine_exceptions(const struct hvm_event *prev,
                                        const struct hvm_event *next);

/* --- ept.c --- */
uint64_t vmx_eptp(paddr_t root_ma);
/* The domain's p2m changed: every CPU INVEPTs before it runs it again. */
void vmx_ept_flush_domain(struct domain *d);
/* On entry: INVEPT here if this CPU holds stale entries for d. */
void vmx_ept_sync_cpu(struct domain *d, unsigned int cpu, uint64_t eptp);

/* --- vpid.c --- */
struct vmx_vpid_cpu {
    uint64_t generation;                /* starts at 1 */
    uint32_t next;                      /* next VPID to hand out */
};
#define VMX_VPID_MAX            0xffffU
/*
 * Make sure v's VPID is valid on this CPU (state c); may roll the
 * generation over, which needs a flush of all VPIDs: returns true then.
 */
bool vmx_vpid_assign(struct vmx_vpid_cpu *c, struct vmx_vcpu *x,
                     unsigned int cpu);
void vmx_vpid_cpu_init(struct vmx_vpid_cpu *c);
void vmx_vpid_cpu_up(unsigned int cpu);
/* Entry path: assign, flush on rollover, write the VMCS field. */
void vmx_vpid_sync(struct vcpu *v, unsigned int cpu);
/* v's translations are stale: a fresh VPID before it runs again. */
void vmx_vpid_invalidate(struct vmx_vcpu *x);

#endif /* VMX_PRIVATE_H */
