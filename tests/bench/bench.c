/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark kernel: the cost, in TSC cycles (median of many runs), of a
 * null hypercall (xen_version(XENVER_version)), of a CPUID exit (leaf
 * 0x40000000) and of an unknown-MSR read that comes back as #GP through
 * our IDT.  Prints "BENCH hypercall=<c> cpuid=<c> msr_gp=<c>".
 */
#include "guest.h"

#define RUNS 501

static uint64_t samples[RUNS];

static void sort(uint64_t *v, unsigned int n)
{
    unsigned int i, j;
    uint64_t x;

    for ( i = 1; i < n; i++ )
    {
        x = v[i];
        for ( j = i; j > 0 && v[j - 1] > x; j-- )
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static uint64_t median(void)
{
    sort(samples, RUNS);
    return samples[RUNS / 2];
}

static uint64_t bench_hypercall(void)
{
    unsigned int i;
    uint64_t t;

    for ( i = 0; i < RUNS; i++ )
    {
        t = rdtsc_ordered();
        xen_version(XENVER_version, NULL);
        samples[i] = rdtsc_ordered() - t;
    }
    return median();
}

static uint64_t bench_cpuid(void)
{
    unsigned int i;
    uint64_t t;

    for ( i = 0; i < RUNS; i++ )
    {
        t = rdtsc_ordered();
        cpuid(xen_cpuid_base);
        samples[i] = rdtsc_ordered() - t;
    }
    return median();
}

static uint64_t bench_msr_gp(void)
{
    unsigned int i;
    uint64_t t, v;

    for ( i = 0; i < RUNS; i++ )
    {
        t = rdtsc_ordered();
        rdmsr_safe(0x12345678, &v);
        samples[i] = rdtsc_ordered() - t;
    }
    return median();
}

void test_main(void)
{
    uint64_t hc = bench_hypercall(), id = bench_cpuid(), gp;

    fault_reset();
    gp = bench_msr_gp();
    check_eq(last_fault.count, RUNS, "every unknown-MSR read gave #GP");
    printk("BENCH hypercall=%llu cpuid=%llu msr_gp=%llu\n",
           (unsigned long long)hc, (unsigned long long)id,
           (unsigned long long)gp);
}
