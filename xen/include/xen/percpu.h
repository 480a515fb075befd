/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU variables live in .data.percpu.  CPU 0 uses the section itself;
 * every other CPU gets a copy made when it is brought up, at
 * per_cpu_offset[cpu] bytes from the original.
 */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <xen/compiler.h>
#include <asm/current.h>

#ifdef __UNIT_TEST__
/* Host unit tests: each thread stands for a CPU (this CPU's copy only). */
#define DEFINE_PER_CPU(type, name) __thread __typeof__(type) per_cpu__##name
#define this_cpu(name) per_cpu__##name
#else
extern unsigned long per_cpu_offset[NR_CPUS];

#define DEFINE_PER_CPU(type, name) \
    __section(".data.percpu") __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) \
    extern __typeof__(type) per_cpu__##name

#define per_cpu(name, cpu)                                              \
    (*({ unsigned long p_ = (unsigned long)&per_cpu__##name;            \
         (__typeof__(&per_cpu__##name))(p_ + per_cpu_offset[cpu]); }))
#define this_cpu(name)                                                  \
    (*({ unsigned long p_ = (unsigned long)&per_cpu__##name;            \
         (__typeof__(&per_cpu__##name))                                 \
             (p_ + get_cpu_info()->per_cpu_offset); }))

#endif /* __UNIT_TEST__ */

/* Give cpu its own copy of every per-CPU variable; 0 or -ENOMEM. */
int percpu_alloc(unsigned int cpu);

#endif /* XEN_PERCPU_H */
