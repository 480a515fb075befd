/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op, platform_op, xen_version, console_io, vm_assist, sysctl,
 * domctl, and every other hypercall number.
 *
 * Exclusions, each because it would stop this kernel or the machine by
 * design rather than find a hypervisor bug:
 * - platform_op enter_acpi_sleep, cpu_offline, cpu_hotadd, mem_hotadd,
 *   microcode_update, efi_runtime_call, add/del_memtype, change_freq,
 *   core_parking, resource_op: what dom0 is trusted to do to the
 *   machine (suspend it, take CPUs away, load microcode, rewrite MTRRs or
 *   MSRs).  Their numbers are never used.
 * - sysctl debug_keys ('R' reboots), cpu_hotplug, pm_op, page_offline_op,
 *   livepatch_op, psr_*: the same, for the toolstack's interface.
 * - domctl on domain 0 or DOMID_SELF: destroy, pause, max_mem, vCPU
 *   context ... of ourselves.  Other domain ids only.
 * - dm_op (41) on domain 0 or DOMID_SELF: device-model operations on our
 *   own memory and interrupts; other domain ids only.
 * - kexec_op (37): loading and running another kernel replaces the
 *   machine's by design; arch_0 (48, machine checks): injecting an MCE
 *   panics the machine by design.  Never called.
 * - The multiplexing compat numbers (6, 16, 19) and arch_1 (49) get wild
 *   pointers only, so a hypervisor that offered them could not be told
 *   to do any of the above through them.
 * - console_io write of our own memory beyond the scratch buffer, or of
 *   binary junk: the serial log is the test's output; writes come from a
 *   buffer of printable bytes, or from wild pointers.
 */
#include "fuzz.h"

#include <public/physdev.h>
#include <public/platform.h>

/* sysctl.h and domctl.h are for tools builds only: the numbers we use
 * (Xen 4.17's). */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015
#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015
#define XEN_SYSCTL_physinfo           3
#define XEN_SYSCTL_debug_keys         7
#define XEN_SYSCTL_cpu_hotplug       11
#define XEN_SYSCTL_pm_op             12
#define XEN_SYSCTL_page_offline_op   14
#define XEN_SYSCTL_cpupool_op        18
#define XEN_SYSCTL_scheduler_op      19
#define XEN_SYSCTL_coverage_op       20
#define XEN_SYSCTL_psr_cmt_op        21
#define XEN_SYSCTL_psr_alloc         23
#define XEN_SYSCTL_livepatch_op      27

static uint16_t rnd_other_domid(struct fuzz_rng *r)
{
    uint16_t d = rnd_domid(r);

    return d == 0 || d == DOMID_SELF ? 1 + rng_below(r, 0x7fef) : d;
}

void gen_physdev_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 13, 14, 15, 16, 17, 19, 20, 21,
        21, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    };
    uint32_t op = RND_CMD(&c->rng, ops);
    uint8_t *arg = scratch_buf(c, 64);

    switch ( op )
    {
    case PHYSDEVOP_pirq_eoi_gmfn_v1:
    case PHYSDEVOP_pirq_eoi_gmfn_v2:
        /* The hypervisor writes EOI bits into this frame. */
        ((struct physdev_pirq_eoi_gmfn *)arg)->gmfn = rnd_gfn(&c->rng);
        break;
    case PHYSDEVOP_setup_gsi:
        ((struct physdev_setup_gsi *)arg)->gsi =
            rng_pct(&c->rng, 80) ? rng_below(&c->rng, 48) : rnd_u32(&c->rng);
        break;
    case PHYSDEVOP_map_pirq:
    case PHYSDEVOP_unmap_pirq:
        ((struct physdev_map_pirq *)arg)->type = rng_below(&c->rng, 5);
        break;
    }
    c->what = "physdev_op";
    c->nr = __HYPERVISOR_physdev_op;
    c->a[0] = op;
    c->a[1] = rng_pct(&c->rng, 93) ? (unsigned long)arg : rnd_wild(c);
}

static bool platform_excluded(uint32_t cmd)
{
    switch ( cmd )
    {
    case XENPF_enter_acpi_sleep: case XENPF_cpu_offline:
    case XENPF_cpu_hotadd: case XENPF_mem_hotadd:
    case XENPF_microcode_update: case XENPF_efi_runtime_call:
    case XENPF_add_memtype: case XENPF_del_memtype:
    case XENPF_change_freq: case XENPF_core_parking:
    case XENPF_resource_op: case 65: /* XENPF_get_ucode_revision+ */
        return true;
    }
    return false;
}

void gen_platform_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        17, 17, 62, 62, 33, 39, 48, 50, 50, 53, 54, 55, 55, 56, 63, 64,
    };
    uint32_t *op = scratch_buf(c, 136);

    op[0] = RND_CMD(&c->rng, ops);
    if ( platform_excluded(op[0]) || (op[0] > 64 && op[0] < 128) )
        op[0] = XENPF_get_cpuinfo;
    op[1] = rng_pct(&c->rng, 90) ? XENPF_INTERFACE_VERSION
                                 : rnd_u32(&c->rng);
    c->what = "platform_op";
    c->nr = __HYPERVISOR_platform_op;
    c->a[0] = rng_pct(&c->rng, 95) ? (unsigned long)op : rnd_wild(c);
}

void gen_xen_version(struct fuzz_call *c)
{
    static const uint32_t ops[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                                    12 };
    uint32_t op = RND_CMD(&c->rng, ops);

    c->what = "xen_version";
    c->nr = __HYPERVISOR_xen_version;
    c->a[0] = op;
    c->a[1] = rng_pct(&c->rng, 10) ? 0 : rnd_ptr(c, 1024);
    /* build_id and get_features read their argument first. */
    if ( c->a[1] >= (unsigned long)c->scratch &&
         c->a[1] < (unsigned long)c->scratch + FUZZ_SCRATCH_PAGES * 4096UL -
         64 )
        rnd_fill(c, (void *)c->a[1], 16);
}

/* Where a huge console write must fail at once, not print our RAM. */
static unsigned long unreadable(struct fuzz_call *c)
{
    unsigned long p = rnd_wild(c);

    return p < 0x1000 || (p >= PF_RO_VA && p < PF_RO_VA + 0x200000) ?
           (unsigned long)c->scratch + FUZZ_SCRATCH_PAGES * 4096UL : p;
}

void gen_console_io(struct fuzz_call *c)
{
    static const uint32_t ops[] = { 0, 0, 1, 1, 2 };
    uint32_t op = RND_CMD(&c->rng, ops);
    char *buf = scratch_buf(c, 64);
    uint32_t count = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 17)
                                          : rnd_u32(&c->rng);

    c->what = "console_io";
    c->nr = __HYPERVISOR_console_io;
    c->a[0] = op;
    c->a[2] = (unsigned long)buf;
    if ( op == CONSOLEIO_write )
    {
        memset(buf, '~', 64);
        if ( count > 16 )               /* from the guard page on */
            c->a[2] = unreadable(c);
        else if ( rng_pct(&c->rng, 5) )
            c->a[2] = rnd_wild(c);
    }
    else if ( op == CONSOLEIO_read && count > 64 && rng_pct(&c->rng, 50) )
        c->a[2] = rnd_wild(c);
    c->a[1] = count;
}

void gen_vm_assist(struct fuzz_call *c)
{
    c->what = "vm_assist";
    c->nr = __HYPERVISOR_vm_assist;
    c->a[0] = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 4) : rnd_u32(&c->rng);
    c->a[1] = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 34)
                                   : rnd_u32(&c->rng);
}

static bool sysctl_excluded(uint32_t cmd)
{
    return cmd == XEN_SYSCTL_debug_keys || cmd == XEN_SYSCTL_cpu_hotplug ||
           cmd == XEN_SYSCTL_pm_op || cmd == XEN_SYSCTL_page_offline_op ||
           cmd == XEN_SYSCTL_livepatch_op || cmd == XEN_SYSCTL_psr_cmt_op ||
           cmd == XEN_SYSCTL_psr_alloc || cmd == XEN_SYSCTL_cpupool_op ||
           cmd == XEN_SYSCTL_scheduler_op || cmd == XEN_SYSCTL_coverage_op;
}

void gen_sysctl(struct fuzz_call *c)
{
    static const uint32_t ops[] = { 1, 3, 3, 4, 5, 6, 6, 8, 9, 10, 16, 17,
                                    22, 25, 26, 29 };
    uint32_t *s = scratch_buf(c, 136);

    s[0] = RND_CMD(&c->rng, ops);
    if ( sysctl_excluded(s[0]) || (s[0] > 29 && s[0] < 128) )
        s[0] = XEN_SYSCTL_physinfo;
    s[1] = rng_pct(&c->rng, 90) ? XEN_SYSCTL_INTERFACE_VERSION
                                : rnd_u32(&c->rng);
    c->what = "sysctl";
    c->nr = __HYPERVISOR_sysctl;
    c->a[0] = rng_pct(&c->rng, 95) ? (unsigned long)s : rnd_wild(c);
}

void gen_domctl(struct fuzz_call *c)
{
    uint32_t *d = scratch_buf(c, 264);

    d[0] = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 90) : rnd_u32(&c->rng);
    d[1] = rng_pct(&c->rng, 90) ? XEN_DOMCTL_INTERFACE_VERSION
                                : rnd_u32(&c->rng);
    ((uint16_t *)d)[4] = rnd_other_domid(&c->rng);
    c->what = "domctl";
    c->nr = __HYPERVISOR_domctl;
    c->a[0] = rng_pct(&c->rng, 95) ? (unsigned long)d : rnd_wild(c);
}

/* Hypercall numbers without a generator of their own. */
static bool has_generator(unsigned long nr)
{
    switch ( nr )
    {
    case __HYPERVISOR_memory_op: case __HYPERVISOR_grant_table_op:
    case __HYPERVISOR_event_channel_op: case __HYPERVISOR_vcpu_op:
    case __HYPERVISOR_sched_op: case __HYPERVISOR_set_timer_op:
    case __HYPERVISOR_hvm_op: case __HYPERVISOR_physdev_op:
    case __HYPERVISOR_platform_op: case __HYPERVISOR_xen_version:
    case __HYPERVISOR_console_io: case __HYPERVISOR_vm_assist:
    case __HYPERVISOR_sysctl: case __HYPERVISOR_domctl:
    case __HYPERVISOR_kexec_op: case 48 /* arch_0: mca */:
        return true;
    }
    return false;
}

/* Numbers that multiplex other hypercalls or act on a domain in a
 * struct: called with wild pointers only.  multicall too: its entries
 * would run any hypercall with any arguments, past the generators. */
static bool wild_only(unsigned long nr)
{
    return nr == __HYPERVISOR_multicall ||
           nr == __HYPERVISOR_sched_op_compat ||
           nr == __HYPERVISOR_event_channel_op_compat ||
           nr == __HYPERVISOR_physdev_op_compat || nr == 49 ||
           (nr >= 64 && has_generator(nr & 0xffffffffU));
}

static unsigned long rnd_arg(struct fuzz_call *c)
{
    switch ( rng_below(&c->rng, 3) )
    {
    case 0:
        return rnd_wild(c);
    case 1:
        return (unsigned long)scratch_buf(c, 64);
    default:
        return rnd_num(&c->rng);
    }
}

/*
 * Any number: 0..63 without a generator, out of range, or (64-bit) one
 * whose low 32 bits name a real hypercall, which must not be taken for it;
 * its arguments are then wild pointers only, in case it is.
 */
void gen_any(struct fuzz_call *c)
{
    static const uint64_t far[] = {
        64, 65, 127, 128, 255, 0x7fffffff, 0x80000000ULL, 0xffffffffULL,
        0x10000000cULL, 0x100000011ULL, 0x8000000000000012ULL, ~0ULL,
    };
    unsigned int i;

    c->what = "any";
    if ( rng_pct(&c->rng, 70) )
        c->nr = rng_below(&c->rng, 64);
    else
        c->nr = far[rng_below(&c->rng, ARRAY_SIZE(far))];
    if ( has_generator(c->nr) )
        c->nr = 64 + rng_below(&c->rng, 64);
    for ( i = 0; i < 5; i++ )
        c->a[i] = rnd_arg(c);
    if ( wild_only(c->nr) )
        for ( i = 0; i < 5; i++ )
            c->a[i] = rnd_wild(c);
    if ( c->nr == 41 )                          /* dm_op: not on us */
        c->a[0] = rnd_other_domid(&c->rng);
}
