/* SPDX-License-Identifier: GPL-2.0-only */
/* Thin wrappers around privileged x86 instructions. */
#ifndef X86_PROCESSOR_H
#define X86_PROCESSOR_H

#define X86_CR0_PE   (1UL << 0)
#define X86_CR0_MP   (1UL << 1)
#define X86_CR0_EM   (1UL << 2)
#define X86_CR0_TS   (1UL << 3)
#define X86_CR0_ET   (1UL << 4)
#define X86_CR0_NE   (1UL << 5)
#define X86_CR0_WP   (1UL << 16)
#define X86_CR0_AM   (1UL << 18)
#define X86_CR0_NW   (1UL << 29)
#define X86_CR0_CD   (1UL << 30)
#define X86_CR0_PG   (1UL << 31)

#define X86_CR4_VME  (1UL << 0)
#define X86_CR4_PVI  (1UL << 1)
#define X86_CR4_TSD  (1UL << 2)
#define X86_CR4_DE   (1UL << 3)
#define X86_CR4_PSE  (1UL << 4)
#define X86_CR4_PAE  (1UL << 5)
#define X86_CR4_MCE  (1UL << 6)
#define X86_CR4_PGE  (1UL << 7)
#define X86_CR4_PCE  (1UL << 8)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_UMIP (1UL << 11)
#define X86_CR4_LA57 (1UL << 12)
#define X86_CR4_VMXE (1UL << 13)
#define X86_CR4_SMXE (1UL << 14)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_PCIDE (1UL << 17)
#define X86_CR4_OSXSAVE (1UL << 18)
#define X86_CR4_SMEP (1UL << 20)
#define X86_CR4_SMAP (1UL << 21)
#define X86_CR4_PKE  (1UL << 22)
#define X86_CR4_CET  (1UL << 23)

#define X86_EFLAGS_CF  0x0001
#define X86_EFLAGS_PF  0x0004
#define X86_EFLAGS_AF  0x0010
#define X86_EFLAGS_ZF  0x0040
#define X86_EFLAGS_SF  0x0080
#define X86_EFLAGS_TF  0x0100
#define X86_EFLAGS_IF  0x0200
#define X86_EFLAGS_DF  0x0400
#define X86_EFLAGS_OF  0x0800
#define X86_EFLAGS_MBS 0x0002   /* must be set */

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct cpuid_leaf {
    uint32_t a, b, c, d;
};

static inline void cpuid_count(uint32_t leaf, uint32_t sub,
                               struct cpuid_leaf *r)
{
    __asm__ volatile ( "cpuid"
                       : "=a" (r->a), "=b" (r->b), "=c" (r->c), "=d" (r->d)
                       : "a" (leaf), "c" (sub) );
}

static inline uint32_t cpuid_eax(uint32_t leaf)
{
    struct cpuid_leaf r;

    cpuid_count(leaf, 0, &r);
    return r.a;
}

static inline uint32_t cpuid_ebx(uint32_t leaf)
{
    struct cpuid_leaf r;

    cpuid_count(leaf, 0, &r);
    return r.b;
}

static inline uint32_t cpuid_ecx(uint32_t leaf)
{
    struct cpuid_leaf r;

    cpuid_count(leaf, 0, &r);
    return r.c;
}

static inline uint32_t cpuid_edx(uint32_t leaf)
{
    struct cpuid_leaf r;

    cpuid_count(leaf, 0, &r);
    return r.d;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ volatile ( "wrmsr" :: "c" (msr), "a" ((uint32_t)val),
                       "d" ((uint32_t)(val >> 32)) );
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESS(n)                                         \
static inline unsigned long read_cr##n(void)                        \
{                                                                   \
    unsigned long v;                                                \
    __asm__ volatile ( "mov %%cr" #n ", %0" : "=r" (v) );           \
    return v;                                                       \
}                                                                   \
static inline void write_cr##n(unsigned long v)                     \
{                                                                   \
    __asm__ volatile ( "mov %0, %%cr" #n :: "r" (v) : "memory" );   \
}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
    __asm__ volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile ( "inw %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline void outw(uint16_t v, uint16_t port)
{
    __asm__ volatile ( "outw %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile ( "inl %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline void outl(uint32_t v, uint16_t port)
{
    __asm__ volatile ( "outl %0, %1" :: "a" (v), "Nd" (port) );
}

static inline void cpu_relax(void)
{
    __asm__ volatile ( "pause" ::: "memory" );
}

static inline void local_irq_disable(void)
{
    __asm__ volatile ( "cli" ::: "memory" );
}

static inline void local_irq_enable(void)
{
    __asm__ volatile ( "sti" ::: "memory" );
}

static inline unsigned long local_save_flags(void)
{
    unsigned long f;

    __asm__ volatile ( "pushf; pop %0" : "=r" (f) :: "memory" );
    return f;
}

#define local_irq_save(f) \
    do { (f) = local_save_flags(); local_irq_disable(); } while ( 0 )
#define local_irq_restore(f) \
    __asm__ volatile ( "push %0; popf" :: "g" (f) : "memory", "cc" )

static inline bool local_irq_is_enabled(void)
{
    return local_save_flags() & X86_EFLAGS_IF;
}

/* Enable interrupts and halt atomically: an interrupt can't slip between. */
static inline void safe_halt(void)
{
    __asm__ volatile ( "sti; hlt" ::: "memory" );
}

static inline void halt(void)
{
    __asm__ volatile ( "hlt" ::: "memory" );
}

static inline void flush_tlb_local(void)
{
    unsigned long cr4 = read_cr4();

    /* Toggling PGE flushes global entries too. */
    write_cr4(cr4 & ~X86_CR4_PGE);
    write_cr4(cr4);
}

static inline void invlpg(const void *va)
{
    __asm__ volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}

#define smp_mb()  __asm__ __volatile__ ( "mfence" ::: "memory" )
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#endif /* !__ASSEMBLY__ */
#endif /* X86_PROCESSOR_H */
