/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM exit handling: one small handler per basic exit reason, found in a
 * table indexed by reason (SDM vol. 3D appendix C, "VMX Basic Exit
 * Reasons").  Reasons with no entry, and any reason past the table, go
 * to exit_unhandled(), which crashes the domain with the reason's name:
 * a guest can only make us see exits we did not ask for through a bug of
 * ours, and it must not take the hypervisor down with it.
 *
 * Handlers run with interrupts on (an external interrupt that caused the
 * exit is taken by the host IDT as soon as they are enabled) and the
 * vCPU's VMCS current.  Instructions that complete advance RIP by
 * VM_EXIT_INSTRUCTION_LEN.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/hvm/io.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>
#include <asm/processor.h>

#include "vmx.h"


static const char *const exit_names[VMX_NR_EXIT_REASONS] = {
    [EXIT_REASON_EXCEPTION_NMI] = "exception or NMI",
    [EXIT_REASON_EXTERNAL_INTERRUPT] = "external interrupt",
    [EXIT_REASON_TRIPLE_FAULT] = "triple fault",
    [EXIT_REASON_INIT] = "INIT signal",
    [EXIT_REASON_SIPI] = "SIPI",
    [EXIT_REASON_IO_SMI] = "I/O SMI",
    [EXIT_REASON_OTHER_SMI] = "other SMI",
    [EXIT_REASON_INTERRUPT_WINDOW] = "interrupt window",
    [EXIT_REASON_NMI_WINDOW] = "NMI window",
    [EXIT_REASON_TASK_SWITCH] = "task switch",
    [EXIT_REASON_CPUID] = "CPUID",
    [EXIT_REASON_GETSEC] = "GETSEC",
    [EXIT_REASON_HLT] = "HLT",
    [EXIT_REASON_INVD] = "INVD",
    [EXIT_REASON_INVLPG] = "INVLPG",
    [EXIT_REASON_RDPMC] = "RDPMC",
    [EXIT_REASON_RDTSC] = "RDTSC",
    [EXIT_REASON_RSM] = "RSM",
    [EXIT_REASON_VMCALL] = "VMCALL",
    [EXIT_REASON_VMCLEAR] = "VMCLEAR",
    [EXIT_REASON_VMLAUNCH] = "VMLAUNCH",
    [EXIT_REASON_VMPTRLD] = "VMPTRLD",
    [EXIT_REASON_VMPTRST] = "VMPTRST",
    [EXIT_REASON_VMREAD] = "VMREAD",
    [EXIT_REASON_VMRESUME] = "VMRESUME",
    [EXIT_REASON_VMWRITE] = "VMWRITE",
    [EXIT_REASON_VMXOFF] = "VMXOFF",
    [EXIT_REASON_VMXON] = "VMXON",
    [EXIT_REASON_CR_ACCESS] = "control-register access",
    [EXIT_REASON_DR_ACCESS] = "debug-register access",
    [EXIT_REASON_IO_INSTRUCTION] = "I/O instruction",
    [EXIT_REASON_MSR_READ] = "RDMSR",
    [EXIT_REASON_MSR_WRITE] = "WRMSR",
    [EXIT_REASON_INVALID_GUEST_STATE] = "entry failed: invalid guest state",
    [EXIT_REASON_MSR_LOADING] = "entry failed: MSR loading",
    [EXIT_REASON_MWAIT] = "MWAIT",
    [EXIT_REASON_MONITOR_TRAP_FLAG] = "monitor trap flag",
    [EXIT_REASON_MONITOR] = "MONITOR",
    [EXIT_REASON_PAUSE] = "PAUSE",
    [EXIT_REASON_MCE_DURING_ENTRY] = "entry failed: machine check",
    [EXIT_REASON_TPR_BELOW_THRESHOLD] = "TPR below threshold",
    [EXIT_REASON_APIC_ACCESS] = "APIC access",
    [EXIT_REASON_EOI_INDUCED] = "virtualized EOI",
    [EXIT_REASON_GDTR_IDTR_ACCESS] = "GDTR/IDTR access",
    [EXIT_REASON_LDTR_TR_ACCESS] = "LDTR/TR access",
    [EXIT_REASON_EPT_VIOLATION] = "EPT violation",
    [EXIT_REASON_EPT_MISCONFIG] = "EPT misconfiguration",
    [EXIT_REASON_INVEPT] = "INVEPT",
    [EXIT_REASON_RDTSCP] = "RDTSCP",
    [EXIT_REASON_PREEMPTION_TIMER] = "preemption timer",
    [EXIT_REASON_INVVPID] = "INVVPID",
    [EXIT_REASON_WBINVD] = "WBINVD",
    [EXIT_REASON_XSETBV] = "XSETBV",
    [EXIT_REASON_APIC_WRITE] = "APIC write",
    [EXIT_REASON_RDRAND] = "RDRAND",
    [EXIT_REASON_INVPCID] = "INVPCID",
    [EXIT_REASON_VMFUNC] = "VMFUNC",
    [EXIT_REASON_ENCLS] = "ENCLS",
    [EXIT_REASON_RDSEED] = "RDSEED",
    [EXIT_REASON_PML_FULL] = "page-modification log full",
    [EXIT_REASON_XSAVES] = "XSAVES",
    [EXIT_REASON_XRSTORS] = "XRSTORS",
    [EXIT_REASON_UMWAIT] = "UMWAIT",
    [EXIT_REASON_TPAUSE] = "TPAUSE",
    [EXIT_REASON_BUS_LOCK] = "bus lock",
    [EXIT_REASON_NOTIFY] = "notify window",
};

static const char *vmx_exit_name(uint32_t reason)
{
    uint32_t basic = VMX_EXIT_REASON_BASIC(reason);

    if ( basic < ARRAY_SIZE(exit_names) && exit_names[basic] )
        return exit_names[basic];
    return "unknown";
}

/* --- Guest registers named by exit qualifications --- */

uint64_t *vmx_gpr(struct cpu_regs *regs, unsigned int n)
{
    /*
     * Intel's register numbering (SDM table "Exit Qualification for
     * Control-Register Accesses"); RSP was copied into the frame too.
     */
    static const uint8_t offs[16] = {
        offsetof(struct cpu_regs, rax), offsetof(struct cpu_regs, rcx),
        offsetof(struct cpu_regs, rdx), offsetof(struct cpu_regs, rbx),
        offsetof(struct cpu_regs, rsp), offsetof(struct cpu_regs, rbp),
        offsetof(struct cpu_regs, rsi), offsetof(struct cpu_regs, rdi),
        offsetof(struct cpu_regs, r8), offsetof(struct cpu_regs, r9),
        offsetof(struct cpu_regs, r10), offsetof(struct cpu_regs, r11),
        offsetof(struct cpu_regs, r12), offsetof(struct cpu_regs, r13),
        offsetof(struct cpu_regs, r14), offsetof(struct cpu_regs, r15),
    };

    return (uint64_t *)((char *)regs + offs[n & 15]);
}

/* --- Handlers --- */

static void exit_unhandled(struct vcpu *v, struct cpu_regs *regs)
{
    uint32_t reason = vmx_vmread(VM_EXIT_REASON);

    printk(XENLOG_G_ERR "%pv: unhandled VM exit %u (%s)%s, qual %#lx, "
           "rip %#lx: crashing the domain\n", v,
           VMX_EXIT_REASON_BASIC(reason), vmx_exit_name(reason),
           (reason & VMX_EXIT_REASON_ENTRY_FAIL) ? " at VM entry" : "",
           (unsigned long)vmx_vmread(EXIT_QUALIFICATION),
           (unsigned long)vmx_vmread(GUEST_RIP));
    hvm_funcs.dump_vcpu(v);
    domain_crash(v->domain);
}

/*
 * NMIs and #MCs were handled before interrupts came on; anything else is
 * an exception we never asked to intercept.
 */
static void exit_exception_nmi(struct vcpu *v, struct cpu_regs *regs)
{
    uint32_t info = vmx_vmread(VM_EXIT_INTR_INFO);
    unsigned int type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
    unsigned int vector = info & INTR_INFO_VECTOR_MASK;

    if ( type == X86_EVENTTYPE_NMI ||
         (type == X86_EVENTTYPE_HW_EXC && vector == X86_EXC_MC) )
        return;
    exit_unhandled(v, regs);
}

/* Taken through the host IDT once interrupts are on: nothing to do. */
static void exit_nothing(struct vcpu *v, struct cpu_regs *regs)
{
}

static void exit_triple_fault(struct vcpu *v, struct cpu_regs *regs)
{
    hvm_triple_fault(v, "triple-fault exit");
}

/* The guest can take the event it waited for: intr.c injects it. */
static void exit_window(struct vcpu *v, struct cpu_regs *regs)
{
    vmx_close_windows(v);
}

static void exit_cpuid(struct vcpu *v, struct cpu_regs *regs)
{
    if ( hvm_cpuid_exit(v, regs) )
        vmx_advance_rip(v, regs);
}

/*
 * HLT and VMCALL complete before the common code runs: hvm_hlt_exit()
 * may block the vCPU, and a hypercall continuation rewinds RIP by the
 * 3 bytes of VMCALL itself.
 */
static void exit_hlt(struct vcpu *v, struct cpu_regs *regs)
{
    vmx_advance_rip(v, regs);
    hvm_hlt_exit(v);
}

static void exit_vmcall(struct vcpu *v, struct cpu_regs *regs)
{
    uint64_t rip = regs->rip;

    vmx_advance_rip(v, regs);
    /* Only the guest kernel may make hypercalls: -EPERM, as on Xen. */
    if ( (vmx_vmread(GUEST_SS_AR_BYTES) >> 5) & 3 )
    {
        regs->rax = -EPERM;
        return;
    }
    hvm_hypercall(v, regs);
    /* A preempted hypercall continues by executing VMCALL again. */
    if ( v->arch.hypercall_preempted )
    {
        regs->rip = rip;
        v->arch.hypercall_preempted = false;
    }
}

/*
 * INVD and WBINVD: guest memory is WB and coherent, nothing to write
 * back.  MONITOR and MWAIT: the CPUID policy hides them; a guest that
 * tries anyway sees a wake-up at once, which MWAIT allows.
 */
static void exit_skip(struct vcpu *v, struct cpu_regs *regs)
{
    vmx_advance_rip(v, regs);
}

/* No nested VMX, SMX, XSAVE (hidden by CPUID) or VMFUNC for guests. */
static void exit_ud(struct vcpu *v, struct cpu_regs *regs)
{
    hvm_inject_ud(v);
}

static void exit_msr_read(struct vcpu *v, struct cpu_regs *regs)
{
    if ( hvm_msr_read_exit(v, regs) )
        vmx_advance_rip(v, regs);
}

static void exit_msr_write(struct vcpu *v, struct cpu_regs *regs)
{
    if ( hvm_msr_write_exit(v, regs) )
        vmx_advance_rip(v, regs);
}

/*
 * The exit qualification of a control-register access (SDM table
 * "Exit Qualification for Control-Register Accesses").
 */
struct cr_qual {
    unsigned int cr, type, gpr;
    uint16_t lmsw_src;
};
#define CR_ACCESS_MOV_TO    0
#define CR_ACCESS_MOV_FROM  1
#define CR_ACCESS_CLTS      2
#define CR_ACCESS_LMSW      3

static struct cr_qual vmx_decode_cr_qual(uint64_t q)
{
    return (struct cr_qual){
        .cr = q & 0xf, .type = (q >> 4) & 3, .gpr = (q >> 8) & 0xf,
        .lmsw_src = q >> 16,
    };
}

/*
 * Paging on or off: keep EFER.LMA and the PDPTEs in step (long mode
 * activation, SDM vol. 3A "Initializing IA-32e Mode").
 */
static bool cr0_paging_change(struct vcpu *v, uint64_t val)
{
    uint64_t efer = vmx_vmread(GUEST_IA32_EFER);
    uint64_t cr4 = vmx_vmread(CR4_READ_SHADOW);

    if ( !(val & X86_CR0_PG) )
    {
        if ( (efer & EFER_LMA) && vmx_guest_64bit() )
            return false;
        vmx_set_efer(v, efer & ~EFER_LMA);
        return true;
    }
    if ( efer & EFER_LME )
    {
        if ( !(cr4 & X86_CR4_PAE) )
            return false;
        vmx_set_efer(v, efer | EFER_LMA);
        return true;
    }
    if ( cr4 & X86_CR4_PAE )
        return vmx_load_pdptes(v, vmx_vmread(GUEST_CR3));
    return true;
}

/* A guest's MOV to CR0 (or LMSW): false if it must take a #GP instead. */
static bool vmx_guest_write_cr0(struct vcpu *v, uint64_t val)
{
    uint64_t old = vmx_vmread(CR0_READ_SHADOW);

    if ( val >> 32 )
        return false;
    if ( ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
         ((val & X86_CR0_NW) && !(val & X86_CR0_CD)) )
        return false;
    if ( ((old ^ val) & X86_CR0_PG) && !cr0_paging_change(v, val) )
        return false;
    vmx_set_cr0(v, val);
    return true;
}

/*
 * A guest's MOV to CR4 that changes a bit of vmx_cr4_mask(): checked
 * and made by the common code (hvm_set_cr4(): no VMXE for guests, only
 * what CPUID offers, long mode keeps PAE).
 */
static bool vmx_guest_write_cr4(struct vcpu *v, uint64_t val)
{
    return hvm_set_cr4(v, val);
}

static bool mov_to_cr(struct vcpu *v, struct cpu_regs *regs,
                      const struct cr_qual *q)
{
    uint64_t val = *vmx_gpr(regs, q->gpr);

    if ( !vmx_guest_64bit() )
        val = (uint32_t)val;
    switch ( q->cr )
    {
    case 0:
        return vmx_guest_write_cr0(v, val);
    case 4:
        return vmx_guest_write_cr4(v, val);
    case 8:
        /* No vLAPIC TPR yet: keep the guest's value for it to read. */
        if ( val & ~0xfUL )
            return false;
        vmx_of(v)->cr8 = val;
        return true;
    }
    return false;
}

static bool lmsw(struct vcpu *v, uint16_t src)
{
    uint64_t cr0 = vmx_vmread(CR0_READ_SHADOW);

    /* LMSW sets PE, MP, EM, TS but can't clear PE. */
    return vmx_guest_write_cr0(v, (cr0 & ~0xeUL) | (src & 0xf) |
                                  (cr0 & X86_CR0_PE));
}

static void exit_cr_access(struct vcpu *v, struct cpu_regs *regs)
{
    struct cr_qual q = vmx_decode_cr_qual(vmx_vmread(EXIT_QUALIFICATION));
    bool ok;

    switch ( q.type )
    {
    case CR_ACCESS_MOV_TO:
        ok = mov_to_cr(v, regs, &q);
        break;
    case CR_ACCESS_MOV_FROM:
        if ( q.cr != 8 )
        {
            exit_unhandled(v, regs);
            return;
        }
        *vmx_gpr(regs, q.gpr) = vmx_of(v)->cr8;
        ok = true;
        break;
    case CR_ACCESS_CLTS:
        ok = vmx_guest_write_cr0(v, vmx_vmread(CR0_READ_SHADOW) &
                                    ~X86_CR0_TS);
        break;
    default:
        ok = lmsw(v, q.lmsw_src);
        break;
    }
    if ( ok )
        vmx_advance_rip(v, regs);
    else
        hvm_inject_gp(v);
}

/*
 * The exit qualification of an I/O instruction (SDM table "Exit
 * Qualification for I/O Instructions").
 */
static struct hvm_io_req vmx_decode_io_qual(uint64_t q)
{
    return (struct hvm_io_req){
        .size = (q & 7) + 1, .dir_in = q & (1U << 3),
        .string = q & (1U << 4), .rep = q & (1U << 5), .port = q >> 16,
    };
}

static void exit_io(struct vcpu *v, struct cpu_regs *regs)
{
    struct hvm_io_req req =
        vmx_decode_io_qual(vmx_vmread(EXIT_QUALIFICATION));

    if ( hvm_portio_exit(v, regs, &req) )
        vmx_advance_rip(v, regs);
}

static void exit_ept_violation(struct vcpu *v, struct cpu_regs *regs)
{
    hvm_npf_unhandled(v, vmx_vmread(GUEST_PHYSICAL_ADDRESS),
                      vmx_vmread(EXIT_QUALIFICATION));
}

/*
 * Our EPT entries are malformed: a hypervisor bug, but only this domain
 * has to die for it.
 */
static void exit_ept_misconfig(struct vcpu *v, struct cpu_regs *regs)
{
    printk(XENLOG_ERR "%pv: EPT misconfiguration at gpa %#lx\n", v,
           (unsigned long)vmx_vmread(GUEST_PHYSICAL_ADDRESS));
    domain_crash(v->domain);
}

const vmx_exit_fn vmx_exit_table[VMX_NR_EXIT_REASONS] = {
    [EXIT_REASON_EXCEPTION_NMI] = exit_exception_nmi,
    [EXIT_REASON_EXTERNAL_INTERRUPT] = exit_nothing,
    [EXIT_REASON_TRIPLE_FAULT] = exit_triple_fault,
    [EXIT_REASON_INTERRUPT_WINDOW] = exit_window,
    [EXIT_REASON_NMI_WINDOW] = exit_window,
    [EXIT_REASON_CPUID] = exit_cpuid,
    [EXIT_REASON_GETSEC] = exit_ud,
    [EXIT_REASON_HLT] = exit_hlt,
    [EXIT_REASON_INVD] = exit_skip,
    [EXIT_REASON_RSM] = exit_ud,
    [EXIT_REASON_VMCALL] = exit_vmcall,
    [EXIT_REASON_VMCLEAR] = exit_ud,
    [EXIT_REASON_VMLAUNCH] = exit_ud,
    [EXIT_REASON_VMPTRLD] = exit_ud,
    [EXIT_REASON_VMPTRST] = exit_ud,
    [EXIT_REASON_VMREAD] = exit_ud,
    [EXIT_REASON_VMRESUME] = exit_ud,
    [EXIT_REASON_VMWRITE] = exit_ud,
    [EXIT_REASON_VMXOFF] = exit_ud,
    [EXIT_REASON_VMXON] = exit_ud,
    [EXIT_REASON_CR_ACCESS] = exit_cr_access,
    [EXIT_REASON_IO_INSTRUCTION] = exit_io,
    [EXIT_REASON_MSR_READ] = exit_msr_read,
    [EXIT_REASON_MSR_WRITE] = exit_msr_write,
    [EXIT_REASON_MWAIT] = exit_skip,
    [EXIT_REASON_MONITOR] = exit_skip,
    [EXIT_REASON_EPT_VIOLATION] = exit_ept_violation,
    [EXIT_REASON_EPT_MISCONFIG] = exit_ept_misconfig,
    [EXIT_REASON_INVEPT] = exit_ud,
    [EXIT_REASON_INVVPID] = exit_ud,
    [EXIT_REASON_WBINVD] = exit_skip,
    [EXIT_REASON_XSETBV] = exit_ud,
    [EXIT_REASON_VMFUNC] = exit_ud,
};

static vmx_exit_fn vmx_exit_handler_for(uint32_t reason)
{
    uint32_t basic = VMX_EXIT_REASON_BASIC(reason);

    /* A failed entry ran no guest instruction: nothing to resume. */
    if ( reason & VMX_EXIT_REASON_ENTRY_FAIL )
        return exit_unhandled;
    if ( basic >= ARRAY_SIZE(vmx_exit_table) || !vmx_exit_table[basic] )
        return exit_unhandled;
    return vmx_exit_table[basic];
}

void vmx_dispatch_exit(struct vcpu *v, struct cpu_regs *regs,
                       uint32_t reason)
{
    vmx_exit_handler_for(reason)(v, regs);
}

/*
 * NMIs and machine checks go to the host's handlers before anything can
 * interrupt: they arrived while the guest ran, but they are ours.
 */
static void host_events(uint32_t reason)
{
    uint32_t info;

    if ( VMX_EXIT_REASON_BASIC(reason) != EXIT_REASON_EXCEPTION_NMI ||
         (reason & VMX_EXIT_REASON_ENTRY_FAIL) )
        return;
    info = vmx_vmread(VM_EXIT_INTR_INFO);
    if ( ((info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT) ==
         X86_EVENTTYPE_NMI )
        vmx_host_nmi();
    else if ( (info & INTR_INFO_VECTOR_MASK) == X86_EXC_MC )
        vmx_host_mce();
}

void vmx_vmexit_handler(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    struct vmx_vcpu *x = vmx_of(v);
    uint32_t reason = vmx_vmread(VM_EXIT_REASON);

    p2m_guest_exit();
    /* A VM-entry failure exit is not a launch; everything else is. */
    if ( !(reason & VMX_EXIT_REASON_ENTRY_FAIL) )
        x->launched = true;
    x->cr2 = read_cr2();
    vmx_sync_regs_from_vmcs(regs);
    host_events(reason);
    vmx_reinject_idt_vectoring(v);
    local_irq_enable();
    vmx_dispatch_exit(v, regs, reason);
}
