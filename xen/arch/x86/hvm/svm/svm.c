/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD SVM backend: enabling SVM on each CPU, entering guests, and the
 * struct hvm_function_table the common HVM code calls through.
 * AMD APM vol. 2, chapter 15 "Secure Virtual Machine".
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>
#include <asm/processor.h>

#include "svm.h"

#define CPUID_80000001_ECX_SVM  (1U << 2)
#define CPUID_8000000A_EDX_NPT  (1U << 0)
#define CPUID_8000000A_EDX_NRIPS (1U << 3)

paddr_t svm_host_vmcb_pa[NR_CPUS];
static bool cpu_has_nrips;

paddr_t svm_host_vmcb_of_this_cpu(void)
{
    return svm_host_vmcb_pa[smp_processor_id()];
}

/* EFER.SVME, a host save area, and a VMCB holding the host's TR/FS/GS. */
static int svm_cpu_up(void)
{
    unsigned int cpu = smp_processor_id();
    void *hsave = alloc_xenheap_page(), *host_vmcb = alloc_xenheap_page();

    if ( !hsave || !host_vmcb )
        return -ENOMEM;
    memset(hsave, 0, PAGE_SIZE);
    memset(host_vmcb, 0, PAGE_SIZE);
    if ( rdmsr(MSR_K8_VM_CR) & VM_CR_SVMDIS )
        return -ENODEV;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_K8_VM_HSAVE_PA, __pa(hsave));
    svm_host_vmcb_pa[cpu] = __pa(host_vmcb);
    svm_guard_record_cpu(cpu, __pa(hsave), __pa(host_vmcb));
    __asm__ volatile ( "vmsave" :: "a" (svm_host_vmcb_pa[cpu]) : "memory" );
    svm_asid_init_cpu(cpuid_ebx(0x8000000a));
    return 0;
}

/* Common-code registers: the VMCB holds rax, rsp, rip and rflags. */
static void sync_regs_from_vmcb(const struct vmcb *vmcb, struct cpu_regs *r)
{
    r->rax = vmcb->rax;
    r->rsp = vmcb->rsp;
    r->rip = vmcb->rip;
    r->rflags = vmcb->rflags;
}

static void sync_regs_to_vmcb(struct vmcb *vmcb, const struct cpu_regs *r)
{
    vmcb->rax = r->rax;
    vmcb->rsp = r->rsp;
    vmcb->rip = r->rip;
    vmcb->rflags = r->rflags;
}

/*
 * Last steps before VMRUN (entry.S): run softirqs until none is pending,
 * with GIF clear at the end so nothing slips in; refresh the ASID; hand
 * the VMCB address back in %rax.
 */
paddr_t svm_vmenter_prepare(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    unsigned int cpu = smp_processor_id();

    for ( ; ; )
    {
        local_irq_enable();
        hvm_do_resume(v);
        __asm__ volatile ( "clgi" ::: "memory" );
        if ( !svm_vmcb_safe_to_run(v, cpu) )
        {
            /* GIF set again, crashed and paused: the schedule softirq
             * takes it off. */
            do_softirq();
            continue;
        }
        if ( !softirq_pending(cpu) )
            break;
        __asm__ volatile ( "stgi" ::: "memory" );
        do_softirq();
    }
    /* Before the ASID check, which a p2m flush's mark may fail. */
    p2m_guest_enter();
    svm_asid_handle_vmenter(v);
    sync_regs_to_vmcb(vcpu_vmcb(v), regs);
    /* After the sync: injection looks at the guest's RFLAGS.IF. */
    svm_intr_assist(v);
    vcpu_vmcb(v)->g_pat = v->arch.guest_pat;
    vcpu_vmcb(v)->tsc_offset = v->arch.tsc_offset;
    svm_guard_note_entry(v, cpu, regs);
    return to_svm(v)->vmcb_pa;
}

void svm_sync_regs_from_vmcb(struct cpu_regs *regs)
{
    sync_regs_from_vmcb(vcpu_vmcb(current), regs);
}

static noreturn void svm_resume(struct vcpu *v)
{
    reset_stack_and_jump(svm_asm_do_resume);
}

static uint64_t svm_get_reg(const struct vcpu *v, enum hvm_reg reg)
{
    const struct vmcb *vmcb = vcpu_vmcb(v);

    switch ( reg )
    {
    case HVM_CR0:    return vmcb->cr0;
    case HVM_CR2:    return vmcb->cr2;
    case HVM_CR3:    return vmcb->cr3;
    case HVM_CR4:    return vmcb->cr4;
    /* The hardware keeps LMA; SVME is ours, not the guest's. */
    case HVM_EFER:   return vmcb->efer & ~EFER_SVME;
    case HVM_RIP:    return vmcb->rip;
    case HVM_RSP:    return vmcb->rsp;
    case HVM_RFLAGS: return vmcb->rflags;
    case HVM_CPL:    return vmcb->cpl;
    case HVM_STAR:   return vmcb->star;
    case HVM_LSTAR:  return vmcb->lstar;
    case HVM_CSTAR:  return vmcb->cstar;
    case HVM_SFMASK: return vmcb->sfmask;
    case HVM_SHADOW_GS:    return vmcb->kernel_gs_base;
    case HVM_SYSENTER_CS:  return vmcb->sysenter_cs;
    case HVM_SYSENTER_ESP: return vmcb->sysenter_esp;
    case HVM_SYSENTER_EIP: return vmcb->sysenter_eip;
    }
    return 0;
}

static void svm_set_reg(struct vcpu *v, enum hvm_reg reg, uint64_t val)
{
    struct vmcb *vmcb = vcpu_vmcb(v);

    switch ( reg )
    {
    case HVM_CR0:    vmcb->cr0 = val; break;
    case HVM_CR2:    vmcb->cr2 = val; break;
    case HVM_CR3:    vmcb->cr3 = val; break;
    case HVM_CR4:    vmcb->cr4 = val; break;
    case HVM_EFER:
        /* VMRUN refuses a guest state without EFER.SVME. */
        vmcb->efer = val | EFER_SVME;
        break;
    case HVM_RIP:    vmcb->rip = val; break;
    case HVM_RSP:    vmcb->rsp = val; break;
    case HVM_RFLAGS: vmcb->rflags = val; break;
    case HVM_CPL:    vmcb->cpl = val; break;
    case HVM_STAR:   vmcb->star = val; break;
    case HVM_LSTAR:  vmcb->lstar = val; break;
    case HVM_CSTAR:  vmcb->cstar = val; break;
    case HVM_SFMASK: vmcb->sfmask = val; break;
    case HVM_SHADOW_GS:    vmcb->kernel_gs_base = val; break;
    case HVM_SYSENTER_CS:  vmcb->sysenter_cs = val; break;
    case HVM_SYSENTER_ESP: vmcb->sysenter_esp = val; break;
    case HVM_SYSENTER_EIP: vmcb->sysenter_eip = val; break;
    }
}

static void svm_init_hypercall_insn(uint8_t *p)
{
    p[0] = 0x0f;            /* VMMCALL */
    p[1] = 0x01;
    p[2] = 0xd9;
}

static int svm_domain_initialise(struct domain *d)
{
    return svm_domain_maps_create(d);
}

static void svm_domain_destroy(struct domain *d)
{
    svm_domain_maps_destroy(d);
}

static int svm_vcpu_initialise(struct vcpu *v)
{
    return svm_vmcb_create(v);
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    svm_vmcb_destroy(v);
}

static const struct hvm_function_table svm_function_table = {
    .name = "SVM",
    .p2m_pt_ops = &npt_pt_ops,
    .cpu_up = svm_cpu_up,
    .domain_initialise = svm_domain_initialise,
    .domain_destroy = svm_domain_destroy,
    .vcpu_initialise = svm_vcpu_initialise,
    .vcpu_destroy = svm_vcpu_destroy,
    .resume = svm_resume,
    .get_reg = svm_get_reg,
    .set_reg = svm_set_reg,
    .get_segment = svm_get_segment,
    .set_segment = svm_set_segment,
    .inject_event = svm_inject_event,
    .event_pending = svm_event_pending,
    .get_event = svm_get_event,
    .init_hypercall_insn = svm_init_hypercall_insn,
    .flush_guest_tlbs = svm_asid_flush_vcpu,
    .dump_vcpu = svm_dump_vcpu,
    .io_passthrough = svm_io_passthrough,
    .intr_blocked = svm_intr_blocked,
    .intr_window = svm_intr_window,
};

const struct hvm_function_table *start_svm(void)
{
    uint32_t edx;

    if ( cpuid_eax(0x80000000) < 0x8000000a ||
         !(cpuid_ecx(0x80000001) & CPUID_80000001_ECX_SVM) )
        return NULL;
    edx = cpuid_edx(0x8000000a);
    if ( !(edx & CPUID_8000000A_EDX_NPT) )
    {
        printk(XENLOG_WARNING "SVM: no nested paging: HVM disabled\n");
        return NULL;
    }
    cpu_has_nrips = edx & CPUID_8000000A_EDX_NRIPS;
    printk("SVM: %u ASIDs, nested paging, NRIP save %s\n",
           cpuid_ebx(0x8000000a),
           cpu_has_nrips ? "yes" : "no (instruction lengths decoded)");
    return &svm_function_table;
}

bool svm_has_nrips(void)
{
    return cpu_has_nrips;
}
