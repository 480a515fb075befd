/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building, issuing and printing one fuzzer call.  The family is picked
 * with weights that favour the hypercalls we implement; everything about
 * the call comes from the (seed, vcpu, index) generator state.
 */
#include "fuzz.h"

#include <public/vcpu.h>

static const struct {
    void (*gen)(struct fuzz_call *c);
    unsigned int weight;
    const char *name;
} families[] = {
    { gen_memory_op, 14, "memory_op" },
    { gen_grant_table_op, 10, "grant_table_op" },
    { gen_event_channel_op, 12, "event_channel_op" },
    { gen_vcpu_op, 10, "vcpu_op" },
    { gen_sched_op, 5, "sched_op" },
    { gen_set_timer_op, 3, "set_timer_op" },
    { gen_hvm_op, 8, "hvm_op" },
    { gen_physdev_op, 6, "physdev_op" },
    { gen_platform_op, 4, "platform_op" },
    { gen_xen_version, 6, "xen_version" },
    { gen_console_io, 3, "console_io" },
    { gen_vm_assist, 2, "vm_assist" },
    { gen_sysctl, 3, "sysctl" },
    { gen_domctl, 3, "domctl" },
    { gen_any, 8, "other numbers" },
};

/*
 * Bugs found by this fuzzer that are fixed on another branch but not yet
 * on this one.  Calls that would hit them are replaced by a harmless one
 * unless fuzz.open=1 (and always for fuzz.replay), so that a run can
 * look for the next bug.  Delete an entry when its fix is merged.
 */
bool fuzz_include_open;

static bool open_bug(const struct fuzz_call *c)
{
    /*
     * None open now.  The first, periodic-timer-overflow (seed 1, vCPU
     * 0, call 2254 after call 1914 set a 1 ms period: a period beyond
     * 2^62 ns hung the pCPU), is fixed and is a regression case in
     * fuzz.c.
     */
    (void)c;
    return false;
}

const char *fuzz_family_name(unsigned int family)
{
    return family < ARRAY_SIZE(families) ? families[family].name : "?";
}

void fuzz_build(struct fuzz_call *c, uint64_t seed, uint64_t index)
{
    unsigned int total = 0, i, pick;

    for ( i = 0; i < ARRAY_SIZE(families); i++ )
        total += families[i].weight;
    rng_init(&c->rng, seed, c->vcpu, index);
    memset(c->a, 0, sizeof(c->a));
    for ( i = 0; i < 5; i++ )       /* unused argument registers */
        if ( rng_pct(&c->rng, 20) )
            c->a[i] = rnd_num(&c->rng);
    pick = rng_below(&c->rng, total);
    for ( i = 0; pick >= families[i].weight; i++ )
        pick -= families[i].weight;
    c->family = i;
    families[i].gen(c);
    /* What a wild pointer just before the guard page reads (gen.c). */
    memset(c->scratch + FUZZ_SCRATCH_PAGES * 4096UL - 8, 0xff, 8);
    c->skipped = !fuzz_include_open && open_bug(c);
    if ( c->skipped )
    {
        c->what = "open bug, skipped";
        c->nr = __HYPERVISOR_xen_version;
        memset(c->a, 0, sizeof(c->a));
    }
}

/*
 * The hypercall instruction of the page (after its "mov $nr, %eax") with
 * any number in eax and all five argument registers set, so that numbers
 * beyond the page and the iret slot's number can be issued too.
 */
#ifdef __x86_64__
long fuzz_issue(const struct fuzz_call *c)
{
    register unsigned long r10 asm ( "r10" ) = c->a[3];
    register unsigned long r8 asm ( "r8" ) = c->a[4];
    unsigned long a1 = c->a[0], a2 = c->a[1], a3 = c->a[2];
    void *insn = hypercall_page + 5;
    long ret;

    asm volatile ( "call *%[insn]"
                   : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
                     "+r" (r10), "+r" (r8)
                   : [insn] "r" (insn), "0" (c->nr)
                   : "memory", "rcx", "r9", "r11" );
    return ret;
}
#else
long fuzz_issue(const struct fuzz_call *c)
{
    unsigned long a1 = c->a[0], a2 = c->a[1], a3 = c->a[2];
    unsigned long a4 = c->a[3], a5 = c->a[4];
    void *insn = hypercall_page + 5;
    long ret;

    asm volatile ( "call *%[insn]"
                   : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3),
                     "+S" (a4), "+D" (a5)
                   : [insn] "m" (insn), "0" (c->nr)
                   : "memory" );
    return ret;
}
#endif

static bool in_scratch(const struct fuzz_call *c, unsigned long p)
{
    return p >= (unsigned long)c->scratch &&
           p < (unsigned long)c->scratch + FUZZ_SCRATCH_PAGES * 4096UL - 32;
}

/* The call, and the first 32 bytes its pointer arguments point at. */
void fuzz_print(const struct fuzz_call *c, uint64_t index)
{
    unsigned int i, j;

    printk("fuzz call %llu vcpu=%u nr=%#lx (%s) args %#lx %#lx %#lx %#lx "
           "%#lx\n", (unsigned long long)index, c->vcpu, c->nr,
           c->what, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
    for ( i = 0; i < 5; i++ )
    {
        const uint32_t *w = (const void *)c->a[i];

        if ( !in_scratch(c, c->a[i]) )
            continue;
        printk("fuzz   arg%u ->", i);
        for ( j = 0; j < 8; j++ )
            printk(" %08x", w[j]);
        printk("\n");
    }
}
