/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks: FIFO fair, so no CPU starves under contention.
 * The _irqsave forms must be used for any lock also taken from an
 * interrupt handler.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>
#include <asm/processor.h>

typedef struct spinlock {
    volatile uint16_t head;         /* ticket being served */
    volatile uint16_t tail;         /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

    while ( __atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me )
        cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint16_t tail = head;

    return __atomic_compare_exchange_n(&l->tail, &tail, head + 1, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, l->head + 1, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return l->head != l->tail;
}

#define spin_lock_irqsave(l, f) \
    do { local_irq_save(f); spin_lock(l); } while ( 0 )
#define spin_unlock_irqrestore(l, f) \
    do { spin_unlock(l); local_irq_restore(f); } while ( 0 )

static inline void spin_lock_irq(spinlock_t *l)
{
    local_irq_disable();
    spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
    spin_unlock(l);
    local_irq_enable();
}

#endif /* XEN_SPINLOCK_H */
