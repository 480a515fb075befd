/* SPDX-License-Identifier: GPL-2.0-only */
/* State and functions private to the SVM backend. */
#ifndef SVM_PRIVATE_H
#define SVM_PRIVATE_H

#include <xen/types.h>
#include <asm/hvm/hvm.h>

#include "vmcb.h"

struct vcpu;
struct domain;

/* struct cpu_regs' first words: the registers VMRUN leaves alone. */
#define SVM_ENTRY_GPRS 15

/* Per-vCPU SVM state (v->arch.hvm). */
struct svm_vcpu {
    struct vmcb *vmcb;              /* (c) */
    paddr_t vmcb_pa;                /* (c) */
    uint32_t asid;                  /* valid on asid_cpu in asid_generation */
    unsigned int asid_cpu;
    uint64_t asid_generation;       /* 0: needs a fresh ASID */
    /* What the last VMRUN was given (vmcb-guard.c). */
    unsigned int entry_cpu;
    uint32_t entry_asid;
    struct svm_entry_state {        /* the fields VMRUN loads */
        struct vmcb_seg es, cs, ss, ds, gdtr, idtr;
        uint8_t cpl;
        uint64_t efer, cr0, cr2, cr3, cr4, dr6, dr7;
        uint64_t rflags, rip, rsp, rax, eventinj, vintr, interrupt_shadow;
    } entry;
    /* Its general registers (struct cpu_regs, r15 to rdi, rax unused). */
    uint64_t entry_gprs[SVM_ENTRY_GPRS];
    unsigned int host_state_runs;   /* exits in a row that ran the host's
                                       state (vmcb-guard.c) */
    uint64_t prev_exitcode;         /* the exit before the last one */
    unsigned int prev_exit_cpu;
    unsigned long exits;            /* for the 'q' debug key */
};

/* Per-domain SVM state (d->arch.hvm). */
struct svm_domain {
    void *msrpm;                    /* (c) 8 KiB MSR permission map */
    void *iopm;                     /* (c) 12 KiB I/O permission map */
};

static inline struct svm_vcpu *to_svm(const struct vcpu *v)
{
    return v->arch.hvm;
}

static inline struct vmcb *vcpu_vmcb(const struct vcpu *v)
{
    return to_svm(v)->vmcb;
}

/* vmcb.c */
int svm_vmcb_create(struct vcpu *v);
void svm_vmcb_destroy(struct vcpu *v);
int svm_domain_maps_create(struct domain *d);
void svm_domain_maps_destroy(struct domain *d);
void svm_msr_passthrough(struct domain *d, uint32_t msr);
void svm_io_passthrough(struct domain *d, uint16_t port, bool pass);
void svm_get_segment(const struct vcpu *v, enum x86_segment seg,
                     struct segment_register *r);
void svm_set_segment(struct vcpu *v, enum x86_segment seg,
                     const struct segment_register *r);
void svm_dump_vcpu(const struct vcpu *v);

/* asid.c */
void svm_asid_init_cpu(uint32_t nr_asids);
/* Give v an ASID valid on this CPU; sets the VMCB's TLB control. */
void svm_asid_handle_vmenter(struct vcpu *v);
void svm_asid_flush_vcpu(struct vcpu *v);

/* intr.c */
void svm_inject_event(struct vcpu *v, const struct hvm_event *e);
bool svm_event_pending(const struct vcpu *v);
bool svm_get_event(const struct vcpu *v, struct hvm_event *e);
/* Re-inject an event whose delivery the last exit interrupted. */
void svm_reinject_interrupted_event(struct vcpu *v);
bool svm_intr_blocked(const struct vcpu *v, bool nmi);
void svm_intr_window(struct vcpu *v, bool on);
/* Inject what the vLAPIC/callback has for the guest (GIF clear). */
void svm_intr_assist(struct vcpu *v);
void svm_intr_sync_tpr(struct vcpu *v);

/* vmcb-guard.c */
void svm_guard_record_cpu(unsigned int cpu, paddr_t hsave, paddr_t host);
void svm_guard_keep_entry_state(struct svm_entry_state *e,
                                const struct vmcb *vmcb);
void svm_guard_put_back_entry_state(struct vmcb *vmcb,
                                    const struct svm_entry_state *e);
/* 0, or -EINVAL if the page is some CPU's host save area or host VMCB. */
int svm_guard_check_vmcb(const struct vcpu *v, paddr_t vmcb_pa);
/* Crashes v's domain and returns false if its VMCB must not be entered. */
bool svm_vmcb_safe_to_run(struct vcpu *v, unsigned int cpu);
bool svm_guard_check_exit(struct vcpu *v, unsigned int cpu,
                          const struct cpu_regs *regs);
void svm_guard_note_entry(struct vcpu *v, unsigned int cpu,
                          const struct cpu_regs *regs);
void svm_guard_report_invalid(const struct vcpu *v);

/* exits.c */
void svm_vmexit_handler(struct cpu_regs *regs);
/* Length of the instruction at the guest's RIP (no NRIP save here). */
unsigned int svm_insn_len(struct vcpu *v, unsigned int fallback);

/* svm.c */
/* Called by entry.S: returns the VMCB's machine address, GIF clear. */
paddr_t svm_vmenter_prepare(struct cpu_regs *regs);
paddr_t svm_host_vmcb_of_this_cpu(void);
void svm_sync_regs_from_vmcb(struct cpu_regs *regs);
bool svm_has_nrips(void);
void svm_asm_do_resume(void);
extern paddr_t svm_host_vmcb_pa[];

#endif /* SVM_PRIVATE_H */
