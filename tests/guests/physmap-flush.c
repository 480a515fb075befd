/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * decrease_reservation of many frames while a second vCPU runs in guest
 * mode, timed.  Each frame may go back to the heap only once no CPU can
 * reach it through a stale TLB entry; the hypervisor used to wait for a
 * synchronous flush IPI per frame while holding the physmap lock, which
 * made an order-9/10 extent take 10-50 s under QEMU TCG (issue 7).  It
 * now flushes once per batch of frames.  The times are printed (info,
 * never judged: TCG on a loaded host varies too much); what is checked
 * is that every frame went, and reads all ones afterwards.
 */
#include "guest.h"

#include <public/memory.h>

#define NR          512
#define POOL_BASE   (128UL << 20)       /* physical; well above us */
#define MAGIC       0x600dcafeu

static volatile bool stop;
static volatile unsigned long spins;
static xen_pfn_t list[NR];

/* vCPU 1 stays in guest mode, so every flush must interrupt it. */
static void spinner(unsigned int vcpu, void *arg)
{
    (void)vcpu, (void)arg;
    while ( !stop )
    {
        spins++;
        cpu_relax();
    }
}

static long decrease(unsigned int nr, unsigned int order)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, list);
    return memory_op(XENMEM_decrease_reservation, &r);
}

static volatile uint32_t *frame(unsigned long gfn)
{
    return (volatile uint32_t *)(gfn << 12);
}

/* Give back nr extents of 2^order frames from gfn on; timed. */
static void give_back(unsigned long gfn, unsigned int nr, unsigned int order,
                      const char *what)
{
    domid_t self = DOMID_SELF;
    unsigned long i, n = (unsigned long)nr << order;
    long before = memory_op(XENMEM_current_reservation, &self), rc;
    uint64_t t;
    uint32_t rem;
    unsigned int gone = 0;

    for ( i = 0; i < n; i++ )
        *frame(gfn + i) = MAGIC;
    for ( i = 0; i < nr; i++ )
        list[i] = gfn + (i << order);
    t = rdtsc();
    rc = decrease(nr, order);
    t = rdtsc() - t;
    printk("info %s: %llu ms with %u vCPUs\n", what,
           (unsigned long long)udiv64(t, tsc_per_ms(), &rem),
           smp_nr_vcpus());
    check_eq_rc(rc, nr, what);
    check_eq(memory_op(XENMEM_current_reservation, &self), before - (long)n,
             "current_reservation went down by every frame");
    for ( i = 0; i < n; i++ )
        gone += *frame(gfn + i) == ~0u;
    check_eq(gone, n, "every frame given back reads all ones");
}

void test_main(void)
{
    bool two = smp_nr_vcpus() > 1;

    if ( guest_ram_end() < POOL_BASE + (8UL << 20) )
    {
        check_skip("frames given back", "less than 136 MiB of RAM");
        return;
    }
    if ( two && smp_start(1, spinner, NULL, smp_stack_top(1)) )
        check(false, "vCPU 1 starts", "VCPUOP_up failed");
    give_back(POOL_BASE >> 12, NR, 0, "decrease_reservation 512 x order 0");
    give_back((POOL_BASE >> 12) + 1024, 1, 9,
              "decrease_reservation 1 x order 9");
    stop = true;
    if ( two )
        check(smp_join(1, 10000) && spins, "vCPU 1 ran meanwhile and stops",
              "spins %lu", spins);
}
