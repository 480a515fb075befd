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
 *
 * One case is survived.  Under QEMU's TCG, an exit has been seen (issue
 * 7: dom0 crashed in a benchmark, and in CI) to carry the host's state:
 * another CPU's FXRSTOR set CPU0's nested-paging flag back just after
 * its #VMEXIT cleared it (sched/guest-cpus.c, which now keeps CPU0 from
 * guests there), so the host's first fetch after VMRUN walked its own
 * page tables through the guest's nested paging, and that nested page
 * fault wrote the host's state into the VMCB.  The save-area RIP then
 * equals the host RIP that only a VMRUN saves.  If the real guest did
 * not run at all in that VMRUN, the state it was given, kept at each
 * entry, is still its state: it is put back and the entry retried.  But
 * the same exit has also come after the guest ran (dom0 then oopsed with
 * zeroed registers: its RIP put back to the entry's, its general
 * registers those of later): the state it had when it stopped is lost.  VMRUN
 * leaves the general registers other than RAX alone, so they tell the
 * two apart: the same as at entry, the guest did not run; changed, it
 * did, and its domain is crashed rather than run on a state that never
 * was.  Many such exits in a row crash the domain as before.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/msr-index.h>
#include <asm/regs.h>

#include "svm.h"

extern const char svm_vmrun_return[];   /* entry.S: just after VMRUN */

static paddr_t hsave_pa[NR_CPUS], host_vmcb_pa[NR_CPUS];

/* Exits in a row that ran the host's state before the domain is crashed. */
#define HOST_STATE_RUNS_MAX 100
/* Such exits reported in full (the rest are counted). */
#define HOST_STATE_REPORTS 10
static unsigned long host_state_exits;

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
           "CPU%u (rsp %#lx rax %#lx; last exit %#lx info1 %#lx info2 "
           "%#lx after entering on "
           "CPU%u with cr0 %#lx cr3 %#lx cr4 %#lx efer %#lx asid %u; exit "
           "before it %#lx on CPU%u; VM_HSAVE_PA %#lx, given %#lx)\n", v,
           s->vmcb_pa, when, cpu, s->vmcb->rsp, s->vmcb->rax,
           s->vmcb->exitcode, s->vmcb->exitinfo1, s->vmcb->exitinfo2,
           s->entry_cpu, s->entry.cr0, s->entry.cr3, s->entry.cr4,
           s->entry.efer, s->entry_asid, s->prev_exitcode, s->prev_exit_cpu,
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

/* The save-area fields a VMRUN loads (and a #VMEXIT stores). */
#define ENTRY_FIELDS(X) X(es) X(cs) X(ss) X(ds) X(gdtr) X(idtr) X(cpl) \
    X(efer) X(cr0) X(cr2) X(cr3) X(cr4) X(dr6) X(dr7) X(rflags) X(rip) \
    X(rsp) X(rax) X(eventinj) X(vintr) X(interrupt_shadow)
#define KEEP(f) e->f = vmcb->f;
#define PUT_BACK(f) vmcb->f = e->f;

void svm_guard_keep_entry_state(struct svm_entry_state *e,
                                const struct vmcb *vmcb)
{
    ENTRY_FIELDS(KEEP)
}

void svm_guard_put_back_entry_state(struct vmcb *vmcb,
                                    const struct svm_entry_state *e)
{
    ENTRY_FIELDS(PUT_BACK)
}

/*
 * An exit that ran the host's state (see the top): the state the guest
 * was given put back for the entry to be retried, or, after too many in
 * a row, its domain crashed.  false either way: the exit is not handled.
 */
BUILD_BUG_ON(SVM_ENTRY_GPRS * 8 != offsetof(struct cpu_regs, error_code));

/* The general register that changed since the entry, or -1 (none). */
static int changed_gpr(const struct svm_vcpu *s, const struct cpu_regs *regs)
{
    const uint64_t *now = (const uint64_t *)regs;
    int i;

    for ( i = 0; i < SVM_ENTRY_GPRS; i++ )
        if ( i != REGS_RAX / 8 && now[i] != s->entry_gprs[i] )
            return i;
    return -1;
}

static bool ran_host_state(struct vcpu *v, unsigned int cpu,
                           const struct cpu_regs *regs)
{
    struct svm_vcpu *s = to_svm(v);
    unsigned long n = ++host_state_exits;
    int gpr = changed_gpr(s, regs);

    if ( n <= HOST_STATE_REPORTS || gpr >= 0 )
        report_host_state(v, cpu, "right after #VMEXIT");
    if ( gpr >= 0 )
    {
        printk(XENLOG_ERR "%pv: the guest ran before that exit (register "
               "%d of struct cpu_regs went from %#lx to %#lx): the state it "
               "stopped in is lost\n", v, gpr, s->entry_gprs[gpr],
               ((const uint64_t *)regs)[gpr]);
        domain_crash(v->domain);
        return false;
    }
    if ( ++s->host_state_runs > HOST_STATE_RUNS_MAX )
    {
        printk(XENLOG_ERR "%pv: %u exits in a row ran the host's state\n",
               v, s->host_state_runs - 1);
        domain_crash(v->domain);
        return false;
    }
    if ( n <= HOST_STATE_REPORTS )
        printk(XENLOG_WARNING "%pv: the guest did not run: its state put "
               "back, the entry retried (%lu such exits so far)\n", v, n);
    svm_guard_put_back_entry_state(s->vmcb, &s->entry);
    return false;
}

/*
 * First thing after #VMEXIT: a save area that holds the host's state now
 * was written by this very exit (the CPU ran its host state as the
 * guest's), not by anyone between exits.  The vCPU never runs it.
 */
bool svm_guard_check_exit(struct vcpu *v, unsigned int cpu,
                          const struct cpu_regs *regs)
{
    struct svm_vcpu *s = to_svm(v);

    if ( unlikely(holds_host_state(s->vmcb)) )
        return ran_host_state(v, cpu, regs);
    s->host_state_runs = 0;
    s->prev_exitcode = s->vmcb->exitcode;
    s->prev_exit_cpu = cpu;
    s->exits++;
    return true;
}

/*
 * What we entered with: for a VMRUN the CPU refuses (VMEXIT_INVALID),
 * and the state to put back after one that ran the host's.
 */
void svm_guard_note_entry(struct vcpu *v, unsigned int cpu,
                          const struct cpu_regs *regs)
{
    struct svm_vcpu *s = to_svm(v);

    s->entry_cpu = cpu;
    s->entry_asid = s->vmcb->guest_asid;
    svm_guard_keep_entry_state(&s->entry, s->vmcb);
    memcpy(s->entry_gprs, regs, sizeof(s->entry_gprs));
}

void svm_guard_report_invalid(const struct vcpu *v)
{
    const struct svm_vcpu *s = to_svm(v);
    const struct vmcb *vmcb = s->vmcb;

    printk(XENLOG_G_ERR "%pv: VMRUN refused the guest state on CPU%u: "
           "entered with cr0 %#lx cr3 %#lx cr4 %#lx efer %#lx asid %u "
           "dr6 %#lx dr7 %#lx intercepts %#x/%#x eventinj %#lx\n", v,
           s->entry_cpu, s->entry.cr0, s->entry.cr3, s->entry.cr4,
           s->entry.efer, s->entry_asid, vmcb->dr6, vmcb->dr7,
           vmcb->intercepts1, vmcb->intercepts2, vmcb->eventinj);
}
