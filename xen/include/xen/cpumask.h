/* SPDX-License-Identifier: GPL-2.0-only */
/* Sets of CPUs, as a fixed-size bitmap of NR_CPUS bits. */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/bitmap.h>

typedef struct cpumask {
    unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
} cpumask_t;

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    clear_bit(cpu, m->bits);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return cpu < NR_CPUS && test_bit(cpu, m->bits);
}

static inline void cpumask_clear(cpumask_t *m)
{
    bitmap_zero(m->bits, NR_CPUS);
}

static inline void cpumask_setall(cpumask_t *m)
{
    bitmap_fill(m->bits, NR_CPUS);
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    return bitmap_weight(m->bits, NR_CPUS);
}

static inline unsigned int cpumask_first(const cpumask_t *m)
{
    return find_next_bit(m->bits, NR_CPUS, 0);
}

static inline unsigned int cpumask_next(int cpu, const cpumask_t *m)
{
    return find_next_bit(m->bits, NR_CPUS, cpu + 1);
}

static inline bool cpumask_empty(const cpumask_t *m)
{
    return cpumask_first(m) >= NR_CPUS;
}

static inline void cpumask_and(cpumask_t *d, const cpumask_t *a,
                               const cpumask_t *b)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(d->bits); i++ )
        d->bits[i] = a->bits[i] & b->bits[i];
}

static inline void cpumask_andnot(cpumask_t *d, const cpumask_t *a,
                                  const cpumask_t *b)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(d->bits); i++ )
        d->bits[i] = a->bits[i] & ~b->bits[i];
}

static inline void cpumask_copy(cpumask_t *d, const cpumask_t *s)
{
    *d = *s;
}

#define for_each_cpu(cpu, mask)                                 \
    for ( (cpu) = cpumask_first(mask); (cpu) < NR_CPUS;         \
          (cpu) = cpumask_next(cpu, mask) )

#define for_each_online_cpu(cpu) for_each_cpu(cpu, &cpu_online_map)

#endif /* XEN_CPUMASK_H */
