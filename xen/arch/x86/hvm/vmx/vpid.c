/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VPIDs: tags that keep a vCPU's TLB entries apart from everyone else's
 * so VM entries and exits need no flush (SDM vol. 3C, "Virtual-Processor
 * Identifiers").  Like SVM ASIDs, each CPU hands them out in order under
 * a generation number; a vCPU keeps its VPID while it stays on that CPU
 * and the generation holds.  Moving CPU, or a flush request, gets it a
 * fresh one; running out starts a new generation, which flushes every
 * VPID on the CPU (INVEPT all-context: with EPT always on, every cached
 * guest translation is EPT-derived, so this covers them all).  VPID 0 is
 * the host's and never handed out.
 */
#include <xen/lib.h>
#include <xen/sched.h>

#include "vmx.h"

static struct vmx_vpid_cpu vpid_cpus[NR_CPUS];

void vmx_vpid_cpu_init(struct vmx_vpid_cpu *c)
{
    c->generation = 1;
    c->next = 1;
}

void vmx_vpid_cpu_up(unsigned int cpu)
{
    vmx_vpid_cpu_init(&vpid_cpus[cpu]);
}

bool vmx_vpid_assign(struct vmx_vpid_cpu *c, struct vmx_vcpu *x,
                     unsigned int cpu)
{
    bool rollover = false;

    if ( x->vpid_cpu == cpu && READ_ONCE(x->vpid_generation) == c->generation )
        return false;
    if ( c->next > VMX_VPID_MAX )
    {
        c->generation++;
        c->next = 1;
        rollover = true;
    }
    x->vpid = c->next++;
    x->vpid_cpu = cpu;
    WRITE_ONCE(x->vpid_generation, c->generation);
    return rollover;
}

void vmx_vpid_sync(struct vcpu *v, unsigned int cpu)
{
    struct vmx_vcpu *x = vmx_of(v);
    uint16_t old = x->vpid;

    if ( vmx_vpid_assign(&vpid_cpus[cpu], x, cpu) )
        vmx_invept(INVEPT_ALL_CONTEXT, 0);
    if ( x->vpid != old || vmx_vmread(VIRTUAL_PROCESSOR_ID) != x->vpid )
        vmx_vmwrite(VIRTUAL_PROCESSOR_ID, x->vpid);
}

void vmx_vpid_invalidate(struct vmx_vcpu *x)
{
    /* Generations start at 1, so 0 never matches. */
    WRITE_ONCE(x->vpid_generation, 0);
}
