/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * No stale translation after an unmap (issue 7, item 2).  vCPU 0 maps a
 * page of its own through a self-grant at a free guest frame G; vCPU 1
 * writes through G in a loop, keeping the translation in its TLB; vCPU 0
 * unmaps G and, once unmap_grant_ref has returned, tells vCPU 1, whose
 * next write through G must not reach the page any more.  Before the
 * fix the hypervisor only marked the translations stale and sent an IPI
 * without waiting for it, so the write could still land (and a frame
 * freed by the unmap could be written after it went back to the heap).
 *
 * G is in dom0's 1:1 MMIO space below 4 GiB, where nothing answers:
 * after the unmap the slot is that MMIO again, writes there vanish.
 *
 * Under QEMU TCG this window was never hit (0 of 4 x 2000 rounds on the
 * unfixed hypervisor): vCPU 1 takes the IPI long before vCPU 0 is back
 * in the guest.  test-physmap-race and gnttab-fake.h's free_heap_pages()
 * check the rule itself; this kernel guards the observable behaviour.
 */
#include "guest.h"
#include "grant.h"

#include <public/grant_table.h>
#include <public/memory.h>

#define ROUNDS  500
#define REF     12

static uint8_t page[4096] __aligned(4096);
static volatile uint32_t *const P = (volatile uint32_t *)page;
static volatile uint32_t *G;
static unsigned int go, unmapped, ack;

static void writer(unsigned int vcpu, void *arg)
{
    unsigned int r;

    (void)vcpu, (void)arg;
    for ( r = 1; r <= ROUNDS; r++ )
    {
        while ( atomic_read(&go) != r )
            cpu_relax();
        while ( atomic_read(&unmapped) != r )
            G[0] = r;
        G[1] = r;                   /* after the unmap returned */
        atomic_set(&ack, r);
    }
}

static bool grant_own_page(uint64_t table_addr)
{
    struct xen_add_to_physmap x = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
        .idx = 0, .gpfn = table_addr >> 12,
    };
    grant_entry_v1_t *gt = (grant_entry_v1_t *)(unsigned long)table_addr;

    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &x), 0,
                      "map grant-table frame 0") )
        return false;
    gt[REF].domid = 0;
    gt[REF].frame = (unsigned long)page >> 12;
    smp_mb();
    gt[REF].flags = GTF_permit_access;
    return true;
}

/* One round: map, let vCPU 1 write through it, unmap. */
static bool round_trip(unsigned int r, uint64_t g)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = g, .flags = GNTMAP_host_map, .ref = REF, .dom = 0,
    };
    struct gnttab_unmap_grant_ref u = { .host_addr = g };

    P[1] = 0;
    if ( gnttab_op(GNTTABOP_map_grant_ref, &m, 1) || m.status )
        return false;
    atomic_set(&go, r);
    while ( P[0] != r )             /* vCPU 1 writes through G */
        cpu_relax();
    u.handle = m.handle;
    if ( gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) || u.status )
        return false;
    atomic_set(&unmapped, r);
    while ( atomic_read(&ack) != r )
        cpu_relax();
    return true;
}

void test_main(void)
{
    uint64_t spare = guest_unbacked_addr();
    unsigned int r, stale = 0, first = 0;

    if ( smp_nr_vcpus() < 2 || !spare )
    {
        check_skip("race", "needs 2 vCPUs and unbacked space");
        return;
    }
    G = (volatile uint32_t *)(unsigned long)(spare + PAGE_SIZE);
    if ( !grant_own_page(spare) ||
         !check_eq_rc(smp_start(1, writer, NULL, smp_stack_top(1)), 0,
                      "start vCPU 1") )
        return;
    for ( r = 1; r <= ROUNDS; r++ )
    {
        if ( !check(round_trip(r, spare + PAGE_SIZE), "map and unmap",
                    "round %u", r) )
            return;
        if ( P[1] == r && !stale++ )
            first = r;
    }
    printk("info %u rounds, %u writes through a translation after its "
           "unmap returned\n", ROUNDS, stale);
    check(stale == 0, "no write through G after the unmap",
          "%u of %u rounds, first %u", stale, ROUNDS, first);
    check(smp_join(1, 10000), "vCPU 1 done", "still up");
}
