/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI messages and host vector bindings: see asm/msi.h.
 *
 * Vectors come from the dynamic range shared with the vIO-APIC, one
 * table for all CPUs, so any CPU can take any of them: each new binding's
 * message targets the next online CPU in turn (next_target_apic()).  The
 * search starts after the last vector handed out, so a vector
 * just released is not reused at once: an interrupt the device sent
 * before it was masked then lands on a free vector (logged, dropped)
 * rather than on another device's route.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <asm/platform.h>
#include <asm/hvm/irq.h>

#define MSI_MAX_BLOCK   32

struct msi_binding {
    struct domain *d;           /* NULL: not an MSI vector */
    struct msi_route route;
    unsigned long count;
};

static DEFINE_SPINLOCK(msi_lock);
static struct msi_binding bindings[256];
static unsigned int next_search = FIRST_DYNAMIC_VECTOR;
static int last_target = -1;

/*
 * "msi_spread": off by default until the q35 device scenario has passed
 * with it on a quiet host (on a host loaded to 12, dom0 stalled there
 * with and maybe without it; the pc scenario passed with it).
 */
static bool opt_msi_spread;
boolean_param("msi_spread", opt_msi_spread);

/*
 * The local APIC a new binding's message goes to.  With msi_spread, the
 * online CPUs in turn, so that devices' interrupts, and the work of
 * forwarding them to their domain, spread over the machine instead of
 * all landing on the CPU that bound them (dom0's vCPU 0 binds most), as
 * Xen spreads its vectors; else that CPU.  msi_lock held.
 */
static uint32_t next_target_apic(void)
{
    unsigned int cpu = cpumask_next(last_target, &cpu_online_map);

    if ( !opt_msi_spread )
        return get_apic_id();
    if ( cpu >= NR_CPUS )
        cpu = cpumask_first(&cpu_online_map);
    if ( cpu >= NR_CPUS )
        return get_apic_id();           /* no CPU map (yet) */
    last_target = cpu;
    return cpu_to_apicid[cpu];
}

void msi_decode(uint64_t addr, uint32_t data, struct msi_route *r)
{
    r->dest = (addr & MSI_ADDR_DEST_MASK) >> MSI_ADDR_DEST_SHIFT;
    r->logical = addr & MSI_ADDR_DM_LOGICAL;
    r->vector = data & MSI_DATA_VECTOR_MASK;
    r->dm = (data & MSI_DATA_DM_MASK) >> MSI_DATA_DM_SHIFT;
    r->deliverable = (addr >> 32) == 0 &&
                     ((uint32_t)addr & MSI_ADDR_BASE_MASK) == MSI_ADDR_BASE &&
                     (r->dm == MSI_DM_NMI ||
                      ((r->dm == MSI_DM_FIXED || r->dm == MSI_DM_LOWEST) &&
                       r->vector >= 16));
}

void msi_compose(uint32_t apic_id, uint8_t vector, uint64_t *addr,
                 uint32_t *data)
{
    *addr = MSI_ADDR_BASE | ((apic_id & 0xff) << MSI_ADDR_DEST_SHIFT);
    *data = vector | (MSI_DM_FIXED << MSI_DATA_DM_SHIFT);
}

static void msi_irq(unsigned int vector, struct cpu_regs *regs);

/* Claim [first, first + nr) in the vector table, all or nothing. */
static bool claim_block(unsigned int first, unsigned int nr)
{
    unsigned int i;

    for ( i = 0; i < nr; i++ )
        if ( request_vector(first + i, msi_irq) )
        {
            while ( i-- )
                release_vector(first + i);
            return false;
        }
    return true;
}

/* A free aligned block of nr vectors, claimed; 0 if none.  msi_lock held. */
static unsigned int find_block(unsigned int nr)
{
    unsigned int span = STOP_VECTOR - FIRST_DYNAMIC_VECTOR, i;

    for ( i = 0; i < span; i++ )
    {
        unsigned int v = FIRST_DYNAMIC_VECTOR +
                         (next_search - FIRST_DYNAMIC_VECTOR + i) % span;

        if ( (v & (nr - 1)) || v + nr > STOP_VECTOR || !claim_block(v, nr) )
            continue;
        next_search = v + nr >= STOP_VECTOR ? FIRST_DYNAMIC_VECTOR : v + nr;
        return v;
    }
    return 0;
}

uint8_t msi_bind(struct domain *d, unsigned int nr, uint64_t *addr,
                 uint32_t *data)
{
    unsigned long flags;
    unsigned int v, i;
    uint32_t apic = 0;

    if ( !nr || nr > MSI_MAX_BLOCK || (nr & (nr - 1)) )
        return 0;
    spin_lock_irqsave(&msi_lock, flags);
    v = find_block(nr);
    if ( v )
        apic = next_target_apic();
    for ( i = 0; v && i < nr; i++ )
    {
        bindings[v + i].d = d;
        bindings[v + i].route.deliverable = false;
        bindings[v + i].count = 0;
    }
    spin_unlock_irqrestore(&msi_lock, flags);
    if ( v )
        msi_compose(apic, v, addr, data);
    return v;
}

void msi_set_route(uint8_t vector, const struct msi_route *r)
{
    unsigned long flags;

    spin_lock_irqsave(&msi_lock, flags);
    if ( bindings[vector].d )
        bindings[vector].route = *r;
    spin_unlock_irqrestore(&msi_lock, flags);
}

void msi_unbind(uint8_t vector, unsigned int nr)
{
    unsigned long flags;
    unsigned int i;

    spin_lock_irqsave(&msi_lock, flags);
    for ( i = 0; i < nr && vector + i < 256; i++ )
        if ( bindings[vector + i].d )
        {
            bindings[vector + i].d = NULL;
            release_vector(vector + i);
        }
    spin_unlock_irqrestore(&msi_lock, flags);
}

unsigned long msi_count(uint8_t vector)
{
    return __atomic_load_n(&bindings[vector].count, __ATOMIC_RELAXED);
}

/* In interrupt context; do_irq() EOIs the local APIC after it. */
static void msi_irq(unsigned int vector, struct cpu_regs *regs)
{
    struct msi_binding b;

    spin_lock(&msi_lock);
    b = bindings[vector];
    if ( b.d )
        bindings[vector].count++;
    spin_unlock(&msi_lock);
    if ( b.d && b.route.deliverable )
        vlapic_deliver_msi_or_ioapic(b.d, b.route.dest, b.route.logical,
                                     b.route.vector, b.route.dm, false);
}
