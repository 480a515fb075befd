/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ASIDs tag the guest's TLB entries (AMD APM vol. 2, 15.16 "TLB Control").
 * Each CPU hands out ASIDs 1..max-1 in order within a generation; when it
 * runs out it starts a new generation and flushes everything once.  A
 * vCPU whose ASID is from another CPU or an old generation (or was reset
 * to generation 0 because its translations went stale) gets a new one,
 * which is as good as a flush of its own entries.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>

#include "svm.h"

struct asid_state {
    uint64_t generation;
    uint32_t next;
    uint32_t max;
    bool flush_all;             /* next entry must flush the whole TLB */
};

static struct asid_state asids[NR_CPUS];

void svm_asid_init_cpu(uint32_t nr_asids)
{
    struct asid_state *a = &asids[smp_processor_id()];

    a->generation = 1;
    a->next = 1;
    /* Without a count, ASID 1 alone with a flush on every entry works. */
    a->max = nr_asids > 1 ? nr_asids : 2;
    a->flush_all = true;
}

void svm_asid_handle_vmenter(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();
    struct asid_state *a = &asids[cpu];
    struct svm_vcpu *s = to_svm(v);
    struct vmcb *vmcb = s->vmcb;

    vmcb->tlb_control = TLB_CTRL_NO_FLUSH;
    if ( s->asid_cpu == cpu && s->asid_generation == a->generation )
        return;
    if ( a->next >= a->max )
    {
        a->generation++;
        a->next = 1;
        a->flush_all = true;
    }
    s->asid = a->next++;
    s->asid_cpu = cpu;
    s->asid_generation = a->generation;
    vmcb->guest_asid = s->asid;
    if ( a->flush_all || a->max == 2 )
    {
        vmcb->tlb_control = TLB_CTRL_FLUSH_ALL;
        a->flush_all = false;
    }
}

void svm_asid_flush_vcpu(struct vcpu *v)
{
    struct svm_vcpu *s = to_svm(v);

    if ( !s )
        return;
    WRITE_ONCE(s->asid_generation, 0);
    /* Running elsewhere: make it exit, so it re-enters with a new ASID. */
    if ( v->is_running && v->processor != smp_processor_id() )
        smp_send_event_check_cpu(v->processor);
}
