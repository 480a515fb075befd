/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Each vCPU keeps its own x87/SSE registers across vCPU switches.  Two
 * vCPUs of this domain share one CPU (tests/system/scenarios_fpu.py boots
 * it with one host CPU and dom0_max_vcpus=2), so the scheduler must
 * time-share it; each loads its own pattern into XMM0-7 and MXCSR and
 * checks, over and over, that they still hold it.  A hypervisor that
 * does not save and restore them on a switch hands one vCPU's registers
 * to the other (a dom0 process's SSE copy then goes wrong: a guest
 * kernel that "failed" to decompress in dom0).  The test counts the
 * switches it sees (the other vCPU's progress between two of its own
 * checks) and fails unless they took turns: a few switches, and the
 * other vCPU seen moving in under 1% of a vCPU's checks.
 *
 * EXPECT-OUTCOME: OWN-SCENARIO (one host CPU, two dom0 vCPUs)
 */
#include "guest.h"

#define RUN_MS          3000
#define MIN_SWITCHES    4
#define X86_CR0_EM      (1UL << 2)
#define X86_CR0_MP      (1UL << 1)
#define X86_CR4_OSFXSR  (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)

struct xmm_image {
    uint8_t b[8][16];
};

static struct smp_barrier bar;
static unsigned int progress[2];
static unsigned int mismatches[2];
static unsigned int switches[2];
static uint64_t deadline;

static inline void write_cr0(unsigned long v)
{
    asm volatile ( "mov %0, %%cr0" :: "r" (v) : "memory" );
}

static inline void write_cr4(unsigned long v)
{
    asm volatile ( "mov %0, %%cr4" :: "r" (v) : "memory" );
}

static void load_xmm(const struct xmm_image *x, uint32_t mxcsr)
{
    asm volatile ( "movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
                   "movdqu 32(%0), %%xmm2\n\tmovdqu 48(%0), %%xmm3\n\t"
                   "movdqu 64(%0), %%xmm4\n\tmovdqu 80(%0), %%xmm5\n\t"
                   "movdqu 96(%0), %%xmm6\n\tmovdqu 112(%0), %%xmm7\n\t"
                   "ldmxcsr %1"
                   :: "r" (x->b), "m" (mxcsr) : "memory" );
}

static uint32_t store_xmm(struct xmm_image *x)
{
    uint32_t mxcsr;

    asm volatile ( "movdqu %%xmm0, 0(%1)\n\tmovdqu %%xmm1, 16(%1)\n\t"
                   "movdqu %%xmm2, 32(%1)\n\tmovdqu %%xmm3, 48(%1)\n\t"
                   "movdqu %%xmm4, 64(%1)\n\tmovdqu %%xmm5, 80(%1)\n\t"
                   "movdqu %%xmm6, 96(%1)\n\tmovdqu %%xmm7, 112(%1)\n\t"
                   "stmxcsr %0"
                   : "=m" (mxcsr) : "r" (x->b) : "memory" );
    return mxcsr;
}

/* vCPU me's registers: its pattern and rounding mode, then the checks. */
static void hold_registers(unsigned int me)
{
    struct xmm_image want, got;
    uint32_t mxcsr = me ? 0x7f80 : 0x1f80;      /* round up / nearest */
    unsigned int i, other = 1 - me, seen;

    write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP);
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    for ( i = 0; i < sizeof(want.b); i++ )
        want.b[i / 16][i % 16] = (uint8_t)(0x11 * (me + 1) + i);
    load_xmm(&want, mxcsr);
    smp_barrier_wait(&bar, 2);
    seen = atomic_read(&progress[other]);
    while ( rdtsc() < deadline )
    {
        if ( store_xmm(&got) != mxcsr || memcmp(&got, &want, sizeof(got)) )
        {
            atomic_add_return(&mismatches[me], 1);
            load_xmm(&want, mxcsr);
        }
        atomic_add_return(&progress[me], 1);
        if ( atomic_read(&progress[other]) != seen )
        {
            seen = atomic_read(&progress[other]);
            atomic_add_return(&switches[me], 1);
        }
    }
}

static void secondary(unsigned int vcpu, void *arg)
{
    (void)arg;
    hold_registers(vcpu);
}

void test_main(void)
{
    if ( smp_nr_vcpus() < 2 )
    {
        check_skip("two vCPUs on one CPU", "only one vCPU (dom0_max_vcpus=2)");
        return;
    }
    deadline = rdtsc() + RUN_MS * tsc_per_ms();
    if ( !check_eq_rc(smp_start(1, secondary, NULL, smp_stack_top(1)), 0,
                      "start vCPU 1") )
        return;
    hold_registers(0);
    check(smp_join(1, 10000), "vCPU 1 done", "vCPU 1 still running");
    printk("info %u and %u checks, %u and %u switches seen\n",
           progress[0], progress[1], switches[0], switches[1]);
    check(switches[0] + switches[1] >= MIN_SWITCHES &&
          switches[0] < progress[0] / 100 && switches[1] < progress[1] / 100,
          "the two vCPUs took turns on one CPU", "%u and %u switches seen "
          "in %u and %u checks", switches[0], switches[1], progress[0],
          progress[1]);
    check_eq(mismatches[0], 0, "vCPU 0's XMM0-7 and MXCSR kept");
    check_eq(mismatches[1], 0, "vCPU 1's XMM0-7 and MXCSR kept");
}
