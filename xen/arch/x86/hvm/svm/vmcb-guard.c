/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks that a VMCB holds a guest's state before VMRUN loads it.
 *
 * VMRUN writes the host's state into the page VM_HSAVE_PA names, and a
 * VMRUN that fails its consistency checks early (QEMU: control registers,
 * ASID 0, a missing VMRUN intercept) leaves the host's state in the
 * guest's VMCB with exit code VMEXIT_INVALID.  Either way, a VMCB whose
 * save area is the host's would have the vCPU run the hypervisor's own
 * code as a guest, far from the cause: it once ended as a bare "triple
 * fault" of dom0 under load.  So a new VMCB must be neither a CPU's host
 * save area nor its host VMCB, and at each entry its save area must not
 * hold the host's state (CS:RIP just after our VMRUN); whichever fails
 * is printed, and the vCPU is refused or its domain crashed.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/msr-index.h>

#include "svm.h"

extern const char svm_vmrun_return[];   /* entry.S: just after VMRUN */

static paddr_t hsave_pa[NR_CPUS], host_vmcb_pa[NR_CPUS];

void svm_guard_record_cpu(unsigned int cpu, paddr_t hsave, paddr_t host)
{
    hsave_pa[cpu] = hsave;
    host_vmcb_pa[cpu] = host;
}

/* A CPU's own page used as v's VMCB: which CPU, or -1. */
static int vmcb_is_host_page(paddr_t pa)
{
    unsigned int cpu;

    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( hsave_pa[cpu] && (pa == hsave_pa[cpu] ||
                               pa == host_vmcb_pa[cpu]) )
            return cpu;
    return -1;
}

static bool holds_host_state(const struct vmcb *vmcb)
{
    return vmcb->cs.sel == HYPERVISOR_CS &&
           vmcb->rip == (unsigned long)svm_vmrun_return;
}

/*
 * A VMCB page never changes and the host pages are set once per CPU at
 * boot, before any vCPU exists: an alias can only come from the heap
 * handing a page out twice, so it is checked once, when the VMCB is
 * allocated, not at every entry.
 */
int svm_guard_check_vmcb(const struct vcpu *v, paddr_t vmcb_pa)
{
    int owner = vmcb_is_host_page(vmcb_pa);

    if ( owner < 0 )
        return 0;
    printk(XENLOG_ERR "%pv: its new VMCB %#lx is CPU%d's host page\n", v,
           vmcb_pa, owner);
    return -EINVAL;
}

static void report_host_state(const struct vcpu *v, unsigned int cpu,
                              const char *when)
{
    const struct svm_vcpu *s = to_svm(v);

    printk(XENLOG_ERR "%pv: its VMCB %#lx holds the host's state %s on "
           "CPU%u (last exit %#lx info1 %#lx info2 %#lx after entering on "
           "CPU%u with cr0 %#lx cr3 %#lx cr4 %#lx efer %#lx asid %u; exit "
           "before it %#lx on CPU%u; VM_HSAVE_PA %#lx, given %#lx)\n", v,
           s->vmcb_pa, when, cpu,
           s->vmcb->exitcode, s->vmcb->exitinfo1, s->vmcb->exitinfo2,
           s->entry_cpu, s->entry_cr0, s->entry_cr3, s->entry_cr4,
           s->entry_efer, s->entry_asid, s->prev_exitcode, s->prev_exit_cpu,
           rdmsr(MSR_K8_VM_HSAVE_PA), hsave_pa[cpu]);
}

/*
 * Just before VMRUN, with GIF clear: two compares, the only per-entry
 * check.  Late, so that nothing this CPU does can change the VMCB after
 * it; another CPU writing it meanwhile is what svm_guard_check_exit()
 * tells apart.
 */
bool svm_vmcb_safe_to_run(struct vcpu *v, unsigned int cpu)
{
    if ( likely(!holds_host_state(to_svm(v)->vmcb)) )
        return true;
    __asm__ volatile ( "stgi" ::: "memory" );
    report_host_state(v, cpu, "before VMRUN");
    domain_crash(v->domain);
    return false;
}

/*
 * First thing after #VMEXIT: a save area that holds the host's state now
 * was written by this very exit (the CPU saved its host state as the
 * guest's), not by anyone between exits.  The vCPU never runs it.
 */
bool svm_guard_check_exit(struct vcpu *v, unsigned int cpu)
{
    struct svm_vcpu *s = to_svm(v);

    if ( likely(!holds_host_state(s->vmcb)) )
    {
        s->prev_exitcode = s->vmcb->exitcode;
        s->prev_exit_cpu = cpu;
        s->exits++;
        return true;
    }
    report_host_state(v, cpu, "right after #VMEXIT");
    domain_crash(v->domain);
    return false;
}

/* What we entered with, for a VMRUN the CPU refuses (VMEXIT_INVALID). */
void svm_guard_note_entry(struct vcpu *v, unsigned int cpu)
{
    struct svm_vcpu *s = to_svm(v);
    const struct vmcb *vmcb = s->vmcb;

    s->entry_cpu = cpu;
    s->entry_cr0 = vmcb->cr0;
    s->entry_cr3 = vmcb->cr3;
    s->entry_cr4 = vmcb->cr4;
    s->entry_efer = vmcb->efer;
    s->entry_asid = vmcb->guest_asid;
}

void svm_guard_report_invalid(const struct vcpu *v)
{
    const struct svm_vcpu *s = to_svm(v);
    const struct vmcb *vmcb = s->vmcb;

    printk(XENLOG_G_ERR "%pv: VMRUN refused the guest state on CPU%u: "
           "entered with cr0 %#lx cr3 %#lx cr4 %#lx efer %#lx asid %u "
           "dr6 %#lx dr7 %#lx intercepts %#x/%#x eventinj %#lx\n", v,
           s->entry_cpu, s->entry_cr0, s->entry_cr3, s->entry_cr4,
           s->entry_efer, s->entry_asid, vmcb->dr6, vmcb->dr7,
           vmcb->intercepts1, vmcb->intercepts2, vmcb->eventinj);
}
