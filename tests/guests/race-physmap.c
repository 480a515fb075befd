/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two vCPUs race add_to_physmap(gmfn, idx=A, gpfn=B), which moves our
 * frame from A to B, against decrease_reservation([A]), which gives the
 * frame at A back to the hypervisor.  Whatever the order, exactly one
 * can win: either the frame moved (and A was empty for the release) or
 * it went back (and there was nothing at A to move).  Both succeeding
 * means a frame that is free on the hypervisor's heap and still mapped
 * at B (issue 7, item 1: physmap.c looked the p2m up unlocked and acted
 * on what it had seen).  Afterwards the hypervisor allocates frames
 * (grant-table frames, zeroed), and every frame still mapped at a B
 * must still hold what we wrote into it: a freed frame handed out again
 * would be zeroed under our mapping.
 *
 * Each round uses fresh frames: dom0 cannot get frames back (it is 1:1
 * and populate_physmap fails for it), so ROUNDS pairs are spent.
 */
#include "guest.h"

#include <public/grant_table.h>
#include <public/memory.h>

#define ROUNDS      1500
#define POOL_BASE   (64UL << 20)        /* physical; well above us */
#define MAGIC       0x5eed0000u

static unsigned int nr;
static struct smp_barrier bar;
static volatile long move_rc[ROUNDS];
static volatile long dec_done[ROUNDS];

static unsigned long gfn_a(unsigned int i)
{
    return (POOL_BASE >> 12) + 2 * i;
}

static unsigned long gfn_b(unsigned int i)
{
    return gfn_a(i) + 1;
}

static volatile uint32_t *frame(unsigned long gfn)
{
    return (volatile uint32_t *)(gfn << 12);
}

static long decrease(unsigned long gfn)
{
    xen_pfn_t list[1] = { gfn };
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, list);
    return memory_op(XENMEM_decrease_reservation, &r);
}

static long move(unsigned long from, unsigned long to)
{
    struct xen_add_to_physmap x = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn,
        .idx = from, .gpfn = to,
    };

    return memory_op(XENMEM_add_to_physmap, &x);
}

/* A few dozen pauses, different each round, so the calls overlap in
 * every way. */
static void jitter(unsigned int *seed)
{
    unsigned int n;

    *seed = *seed * 1103515245u + 12345u;
    for ( n = (*seed >> 16) % 48; n; n-- )
        cpu_relax();
}

static void racer(unsigned int vcpu, void *arg)
{
    (void)vcpu, (void)arg;
    unsigned int i, seed = 77;

    for ( i = 0; i < ROUNDS; i++ )
    {
        smp_barrier_wait(&bar, 2);
        jitter(&seed);
        dec_done[i] = decrease(gfn_a(i));
    }
    smp_barrier_wait(&bar, 2);
}

/* Make the hypervisor allocate (and zero) frames: grant-table frames. */
static void allocate_in_hypervisor(void)
{
    struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 64 };
    static xen_pfn_t frames[64];

    set_xen_guest_handle(s.frame_list, frames);
    hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
              (unsigned long)&s, 1, 0, 0);
    printk("info setup_table 64 frames: status %d\n", s.status);
}

static void run_rounds(void)
{
    unsigned int i, seed = 12345;

    for ( i = 0; i < ROUNDS; i++ )
    {
        frame(gfn_a(i))[0] = MAGIC + i;
        frame(gfn_a(i))[1023] = ~(MAGIC + i);
        smp_barrier_wait(&bar, 2);
        jitter(&seed);
        move_rc[i] = move(gfn_a(i), gfn_b(i));
    }
    smp_barrier_wait(&bar, 2);
}

static void judge(void)
{
    unsigned int i, both = 0, moved = 0, released = 0, neither = 0;
    unsigned int bad = 0, first_bad = ~0u;

    for ( i = 0; i < ROUNDS; i++ )
    {
        bool m = move_rc[i] == 0, r = dec_done[i] == 1;

        both += m && r;
        moved += m && !r;
        released += r && !m;
        neither += !m && !r;
    }
    allocate_in_hypervisor();
    for ( i = 0; i < ROUNDS; i++ )
        if ( move_rc[i] == 0 && (frame(gfn_b(i))[0] != MAGIC + i ||
                                 frame(gfn_b(i))[1023] != ~(MAGIC + i)) )
        {
            bad++;
            if ( first_bad == ~0u )
                first_bad = i;
        }
    printk("info %u rounds: moved %u, released %u, both %u, neither %u\n",
           ROUNDS, moved, released, both, neither);
    check_eq(neither, 0, "one of move and release succeeds");
    check(both == 0, "no frame both moved and released",
          "%u of %u rounds", both, ROUNDS);
    check(bad == 0, "moved frames keep their contents",
          "%u changed, first round %u", bad, first_bad);
}

void test_main(void)
{
    unsigned int i;

    nr = smp_nr_vcpus();
    if ( nr < 2 )
    {
        check_skip("race", "one vCPU (run with -smp 2+)");
        return;
    }
    if ( guest_ram_end() < POOL_BASE + 2UL * ROUNDS * 4096 )
    {
        check_skip("race", "not enough RAM");
        return;
    }
    /* Every B slot empty first (its frame goes back for good). */
    for ( i = 0; i < ROUNDS; i++ )
        if ( decrease(gfn_b(i)) != 1 )
            break;
    if ( !check_eq(i, ROUNDS, "empty the B slots") ||
         !check_eq_rc(smp_start(1, racer, NULL, smp_stack_top(1)), 0,
                      "start vCPU 1") )
        return;
    run_rounds();
    judge();
}
