/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 helpers for the guest test kernels: types, CPUID, TSC, control
 * registers, and fault-tolerant MSR access.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __x86_64__
#define ASM_PTR ".quad"
#else
#define ASM_PTR ".long"
#endif

/*
 * Record that a fault at local label `from' resumes at label `to'.  The
 * trap handler looks up the faulting address in this table, notes the
 * fault in last_fault (see guest.h) and continues at `to'.
 */
#define FIXUP(from, to)                                 \
    ".pushsection .fixup_table, \"a\"\n\t"              \
    ".balign 8\n\t"                                     \
    ASM_PTR " " #from ", " #to "\n\t"                   \
    ".popsection\n\t"

struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r;

    asm volatile ( "cpuid"
                   : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                   : "a" (leaf), "c" (sub) );
    return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

/* rdtsc ordered against earlier loads and stores (lfence on both). */
static inline uint64_t rdtsc_ordered(void)
{
    uint64_t t;

    asm volatile ( "lfence" ::: "memory" );
    t = rdtsc();
    asm volatile ( "lfence" ::: "memory" );
    return t;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ( "wrmsr"
                   :: "c" (msr), "a" ((uint32_t)val),
                      "d" ((uint32_t)(val >> 32))
                   : "memory" );
}

/*
 * MSR accesses that survive a #GP.  They return true if the access
 * faulted; the fault itself is recorded in last_fault.
 */
bool rdmsr_safe(uint32_t msr, uint64_t *val);
bool wrmsr_safe(uint32_t msr, uint64_t val);

static inline unsigned long read_cr0(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr0, %0" : "=r" (v) );
    return v;
}

static inline unsigned long read_cr2(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr2, %0" : "=r" (v) );
    return v;
}

static inline unsigned long read_cr3(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr3, %0" : "=r" (v) );
    return v;
}

static inline unsigned long read_cr4(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr4, %0" : "=r" (v) );
    return v;
}

static inline void invlpg(const void *va)
{
    asm volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}

static inline void cpu_relax(void)
{
    asm volatile ( "pause" ::: "memory" );
}

static inline void barrier(void)
{
    asm volatile ( "" ::: "memory" );
}

#endif /* GUEST_ARCH_H */
