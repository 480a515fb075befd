/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs for the test kernels: VCPUOP_initialise with a
 * struct vcpu_hvm_context copied from the calling vCPU's own control
 * registers (so the same paging), then VCPUOP_up.  The new vCPU loads
 * our GDT and IDT (smp-entry.S, smp_ap_start()), runs the test's
 * function, and goes down with VCPUOP_down when it returns.
 *
 * Xen accepts VCPUOP_initialise once per vCPU (-EEXIST after, until an
 * INIT), so each secondary vCPU can be started once per boot.
 */
#include "guest.h"
#include "private.h"

#include <public/vcpu.h>
#include <public/hvm/hvm_vcpu.h>

#define MSR_EFER 0xc0000080

struct smp_boot {
    void (*fn)(unsigned int vcpu, void *arg);
    void *arg;
    unsigned int vcpu;
    volatile unsigned int done;     /* fn returned */
};

static struct smp_boot boots[SMP_MAX_VCPUS];
static uint8_t stacks[SMP_MAX_VCPUS][SMP_STACK_SIZE] __aligned(16);

extern const char smp_ap_entry[];

unsigned int smp_nr_vcpus(void)
{
    static unsigned int nr;

    /* VCPUOP_is_up answers -ENOENT past the domain's last vCPU. */
    while ( !nr || vcpu_op(VCPUOP_is_up, nr, NULL) >= 0 )
        nr++;
    return nr;
}

unsigned int smp_processor_id(void)
{
    struct cpuid_regs r = cpuid(xen_cpuid_base + 4);

    if ( r.a & XEN_HVM_CPUID_VCPU_ID_PRESENT )
        return r.b;
    return cpuid(1).b >> 24;                    /* the APIC ID */
}

void *smp_stack_top(unsigned int vcpu)
{
    return vcpu < SMP_MAX_VCPUS ? stacks[vcpu] + SMP_STACK_SIZE : NULL;
}

void smp_ap_start(struct smp_boot *b);
void smp_ap_start(struct smp_boot *b)
{
    traps_load();
    b->fn(b->vcpu, b->arg);
    __atomic_store_n(&b->done, 1, __ATOMIC_SEQ_CST);
    for ( ;; )
        vcpu_op(VCPUOP_down, b->vcpu, NULL);
}

#ifdef ENV_X64
static void fill_context(struct vcpu_hvm_context *c, unsigned long sp,
                         struct smp_boot *b)
{
    struct vcpu_hvm_x86_64 *r = &c->cpu_regs.x86_64;
    uint64_t efer = 0;

    rdmsr_safe(MSR_EFER, &efer);
    c->mode = VCPU_HVM_MODE_64B;
    r->rip = (unsigned long)smp_ap_entry;
    r->rsp = sp;
    r->rbx = (unsigned long)b;
    r->rflags = 2;
    r->cr0 = read_cr0();
    r->cr3 = read_cr3();
    r->cr4 = read_cr4();
    r->efer = efer;
}
#else
static void fill_context(struct vcpu_hvm_context *c, unsigned long sp,
                         struct smp_boot *b)
{
    struct vcpu_hvm_x86_32 *r = &c->cpu_regs.x86_32;

    c->mode = VCPU_HVM_MODE_32B;
    r->eip = (unsigned long)smp_ap_entry;
    r->esp = sp;
    r->ebx = (unsigned long)b;
    r->eflags = 2;
    r->cr0 = read_cr0();
    r->cr3 = read_cr3();
    r->cr4 = read_cr4();
    r->cs_ar = 0xc9b;                   /* 32-bit code, 4 GiB */
    r->ds_ar = r->es_ar = r->ss_ar = 0xc93;
    r->cs_limit = r->ds_limit = r->es_limit = r->ss_limit = ~0U;
    r->tr_ar = 0x8b;                    /* 32-bit TSS, busy */
    r->tr_limit = 0x67;
}
#endif

int smp_start(unsigned int vcpu, void (*fn)(unsigned int vcpu, void *arg),
              void *arg, void *stack_top)
{
    struct vcpu_hvm_context ctx;
    struct smp_boot *b;
    long rc;

    if ( !vcpu || vcpu >= SMP_MAX_VCPUS )
        return -XEN_EINVAL;
    b = &boots[vcpu];
    b->fn = fn;
    b->arg = arg;
    b->vcpu = vcpu;
    b->done = 0;
    memset(&ctx, 0, sizeof(ctx));
    fill_context(&ctx, (unsigned long)stack_top & ~15UL, b);
    rc = vcpu_op(VCPUOP_initialise, vcpu, &ctx);
    if ( !rc )
        rc = vcpu_op(VCPUOP_up, vcpu, NULL);
    return rc;
}

bool smp_done(unsigned int vcpu)
{
    return vcpu < SMP_MAX_VCPUS &&
           __atomic_load_n(&boots[vcpu].done, __ATOMIC_SEQ_CST);
}

/* TSC ticks per millisecond, from Xen's time leaf (subleaf 0, ECX kHz). */
uint64_t tsc_per_ms(void)
{
    uint32_t khz = cpuid_count(xen_cpuid_base + 3, 0).c;

    return khz ? khz : 1000000;             /* assume 1 GHz */
}

bool smp_join(unsigned int vcpu, unsigned int max_ms)
{
    uint64_t end = rdtsc() + max_ms * tsc_per_ms();

    while ( !smp_done(vcpu) || vcpu_op(VCPUOP_is_up, vcpu, NULL) > 0 )
    {
        if ( rdtsc() > end )
            return false;
        cpu_relax();
    }
    return true;
}

void smp_barrier_wait(struct smp_barrier *bar, unsigned int n)
{
    unsigned int gen = __atomic_load_n(&bar->generation, __ATOMIC_SEQ_CST);

    if ( __atomic_add_fetch(&bar->count, 1, __ATOMIC_SEQ_CST) == n )
    {
        __atomic_store_n(&bar->count, 0, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&bar->generation, 1, __ATOMIC_SEQ_CST);
        return;
    }
    while ( __atomic_load_n(&bar->generation, __ATOMIC_SEQ_CST) == gen )
        cpu_relax();
}
