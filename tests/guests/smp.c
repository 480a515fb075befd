/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs (lib/smp.c): every vCPU of the domain is brought up
 * with VCPUOP_initialise + VCPUOP_up, runs in this kernel's environment
 * (its own id from CPUID, a fault taken through our IDT), and all count
 * to COUNT_TO together, each adding one in turn, so none can finish
 * unless all run at once.  Then each goes down with VCPUOP_down.  Also
 * the VCPUOP answers Xen 4.17 gives around it: a bad context is
 * -EINVAL, a second initialise -EEXIST, up before initialise -EINVAL.
 */
#include "guest.h"

#include <public/vcpu.h>
#include <public/hvm/hvm_vcpu.h>

#define COUNT_TO 3000

static unsigned int nr;
static unsigned int counter;
static unsigned int started;
static unsigned int wrong_id;
static unsigned int faults_seen;
static struct smp_barrier bar;

/* Each vCPU adds one when the counter says it is its turn. */
static void count_together(unsigned int me)
{
    unsigned int c;

    smp_barrier_wait(&bar, nr);
    while ( (c = atomic_read(&counter)) < COUNT_TO * nr )
    {
        if ( c % nr == me )
            atomic_set(&counter, c + 1);
        else
            cpu_relax();
    }
}

static void secondary(unsigned int vcpu, void *arg)
{
    uint64_t val;

    atomic_add_return(&started, 1);
    if ( smp_processor_id() != vcpu || (unsigned long)arg != vcpu * 3 )
        atomic_add_return(&wrong_id, 1);
    /* Our IDT and fixups work here too (one vCPU at a time). */
    if ( vcpu == 1 && rdmsr_safe(0x12345678, &val) &&
         last_fault.vector == X86_EXC_GP )
        atomic_set(&faults_seen, 1);
    count_together(vcpu);
}

static void bad_contexts(unsigned int vcpu)
{
    struct vcpu_hvm_context ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.mode = 7;
    check_eq_rc(vcpu_op(VCPUOP_initialise, vcpu, &ctx), -XEN_EINVAL,
                "initialise with an unknown mode");
    ctx.mode = VCPU_HVM_MODE_64B;
    ctx.cpu_regs.x86_64.cr0 = 0x80000011;   /* no PAE, no LME */
    check_eq_rc(vcpu_op(VCPUOP_initialise, vcpu, &ctx), -XEN_EINVAL,
                "initialise 64-bit without long mode");
    check_eq_rc(vcpu_op(VCPUOP_initialise, vcpu,
                        (void *)(unsigned long)guest_unbacked_addr()),
                -XEN_EFAULT, "initialise with a bad pointer");
    check_eq_rc(vcpu_op(VCPUOP_up, vcpu, NULL), -XEN_EINVAL,
                "up before initialise");
}

void test_main(void)
{
    unsigned int v;
    struct vcpu_hvm_context ctx;

    nr = smp_nr_vcpus();
    printk("info %u vCPUs\n", nr);
    if ( nr > SMP_MAX_VCPUS )
        nr = SMP_MAX_VCPUS;
    check_eq_rc(vcpu_op(VCPUOP_is_up, smp_nr_vcpus(), NULL), -XEN_ENOENT,
                "is_up past the last vCPU");
    check_eq(smp_processor_id(), 0, "boot vCPU is 0");
    if ( nr < 2 )
    {
        check_skip("secondary vCPUs", "only one vCPU (run with -smp 2+)");
        return;
    }
    check_eq(vcpu_op(VCPUOP_is_up, 1, NULL), 0, "vCPU 1 starts down");
    bad_contexts(1);
    fault_reset();
    for ( v = 1; v < nr; v++ )
        if ( !check_eq_rc(smp_start(v, secondary, (void *)(v * 3UL),
                                    smp_stack_top(v)), 0, "smp_start") )
            return;
    count_together(0);
    check_eq(atomic_read(&counter), COUNT_TO * nr, "counted together");
    for ( v = 1; v < nr; v++ )
        check(smp_join(v, 10000), "secondary done and down",
              "vCPU %u: done %d, is_up %ld", v, smp_done(v),
              vcpu_op(VCPUOP_is_up, v, NULL));
    check_eq(atomic_read(&started), nr - 1, "all secondaries ran");
    check_eq(atomic_read(&wrong_id), 0, "each knows its id and argument");
    check_eq(atomic_read(&faults_seen), 1, "a secondary takes a fault");
    memset(&ctx, 0, sizeof(ctx));
    check_eq_rc(vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EEXIST,
                "second initialise");
    check_eq_rc(vcpu_op(VCPUOP_initialise, 0, &ctx), -XEN_EEXIST,
                "initialise the running boot vCPU");
}
