/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall dispatch for HVM/PVH guests.  Each hypercall is declared
 * once, in hypercall_table; the HCALLn() macros generate the adapters
 * from the raw argument registers to the handler's typed parameters.
 *
 * ABI: 64-bit guests pass the number in RAX and arguments in RDI, RSI,
 * RDX, R10, R8; 32-bit guests in EAX and EBX, ECX, EDX, ESI, EDI.  The
 * result goes back in RAX.  Unknown numbers return -ENOSYS.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <public/xen.h>

#define NR_HYPERCALLS   64
#define HCALL_ENTRIES   128     /* slots in the hypercall page */

typedef long (*hcall_adapter_t)(const unsigned long *a);

static bool hcall_compat[NR_CPUS];
static unsigned long *hcall_regs_slot[NR_CPUS][5];

#define HCALL1(n, t1) \
    static long hc_##n(const unsigned long *a) { return do_##n((t1)a[0]); }
#define HCALL2(n, t1, t2) \
    static long hc_##n(const unsigned long *a) \
    { return do_##n((t1)a[0], (t2)a[1]); }
#define HCALL3(n, t1, t2, t3) \
    static long hc_##n(const unsigned long *a) \
    { return do_##n((t1)a[0], (t2)a[1], (t3)a[2]); }

HCALL2(xen_version, int, uint64_t)
HCALL3(console_io, int, unsigned int, uint64_t)
HCALL2(sched_op, int, uint64_t)
HCALL3(vcpu_op, int, unsigned int, uint64_t)
HCALL2(memory_op, unsigned long, uint64_t)
HCALL2(hvm_op, unsigned long, uint64_t)
HCALL2(vm_assist, unsigned int, unsigned int)
HCALL2(event_channel_op, int, uint64_t)
HCALL3(grant_table_op, unsigned int, uint64_t, unsigned int)
HCALL2(physdev_op, int, uint64_t)
HCALL1(platform_op, uint64_t)
HCALL1(domctl, uint64_t)
HCALL1(sysctl, uint64_t)

/* A 32-bit guest passes the 64-bit timeout in two registers. */
static long hc_set_timer_op(const unsigned long *a)
{
    uint64_t t = hypercall_is_compat() ? ((uint64_t)a[1] << 32) | a[0]
                                       : a[0];

    return do_set_timer_op(t);
}

static long hc_multicall(const unsigned long *a);

static const hcall_adapter_t hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_multicall] = hc_multicall,
    [__HYPERVISOR_set_timer_op] = hc_set_timer_op,
    [__HYPERVISOR_xen_version] = hc_xen_version,
    [__HYPERVISOR_console_io] = hc_console_io,
    [__HYPERVISOR_grant_table_op] = hc_grant_table_op,
    [__HYPERVISOR_vm_assist] = hc_vm_assist,
    [__HYPERVISOR_vcpu_op] = hc_vcpu_op,
    [__HYPERVISOR_sched_op] = hc_sched_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
    [__HYPERVISOR_physdev_op] = hc_physdev_op,
    [__HYPERVISOR_hvm_op] = hc_hvm_op,
    [__HYPERVISOR_memory_op] = hc_memory_op,
    [__HYPERVISOR_platform_op] = hc_platform_op,
    [__HYPERVISOR_domctl] = hc_domctl,
    [__HYPERVISOR_sysctl] = hc_sysctl,
};

bool hypercall_is_compat(void)
{
    return hcall_compat[smp_processor_id()];
}

void hypercall_set_arg(unsigned int i, unsigned long val)
{
    unsigned long *slot;

    if ( i >= ARRAY_SIZE(hcall_regs_slot[0]) )
        return;
    slot = hcall_regs_slot[smp_processor_id()][i];
    if ( slot )
        *slot = hypercall_is_compat() ? (uint32_t)val : val;
}

bool hypercall_preempt_check(void)
{
    return softirq_pending(smp_processor_id());
}

static void collect_args(struct cpu_regs *regs, bool compat,
                         unsigned long *a)
{
    unsigned long **slot = hcall_regs_slot[smp_processor_id()];
    unsigned int i;

    if ( compat )
    {
        slot[0] = &regs->rbx, slot[1] = &regs->rcx, slot[2] = &regs->rdx;
        slot[3] = &regs->rsi, slot[4] = &regs->rdi;
    }
    else
    {
        slot[0] = &regs->rdi, slot[1] = &regs->rsi, slot[2] = &regs->rdx;
        slot[3] = &regs->r10, slot[4] = &regs->r8;
    }
    for ( i = 0; i < 5; i++ )
        a[i] = compat ? (uint32_t)*slot[i] : *slot[i];
}

/* A multicall entry in either layout: op, result, then six arguments. */
struct mc_entry {
    unsigned long op, result, args[6];
};

static int mc_read(uint64_t va, bool compat, struct mc_entry *e)
{
    uint32_t c[8];
    unsigned int i;

    if ( !compat )
        return copy_from_guest(e, va, sizeof(*e)) ? -EFAULT : 0;
    if ( copy_from_guest(c, va, sizeof(c)) )
        return -EFAULT;
    e->op = c[0], e->result = c[1];
    for ( i = 0; i < 6; i++ )
        e->args[i] = c[i + 2];
    return 0;
}

/* The whole entry (a preempted sub-call's progress) or its result. */
static int mc_write(uint64_t va, bool compat, const struct mc_entry *e,
                    bool whole)
{
    uint32_t c[8];
    unsigned int i;

    if ( !compat && whole )
        return copy_to_guest(va, e, sizeof(*e)) ? -EFAULT : 0;
    if ( !compat )
        return copy_to_guest(va + 8, &e->result, 8) ? -EFAULT : 0;
    c[0] = e->op, c[1] = e->result;
    for ( i = 0; i < 6; i++ )
        c[i + 2] = e->args[i];
    if ( whole )
        return copy_to_guest(va, c, sizeof(c)) ? -EFAULT : 0;
    return copy_to_guest(va + 4, &c[1], 4) ? -EFAULT : 0;
}

/*
 * One sub-call, its continuation (hypercall_set_arg()) going to the
 * entry's arguments rather than the guest's registers.  Xen: an unknown
 * op is -ENOSYS, a multicall inside a multicall -EINVAL.
 */
static long mc_call(struct mc_entry *e, bool compat)
{
    unsigned long **slot = hcall_regs_slot[smp_processor_id()];
    unsigned long *saved[5], a[5];
    unsigned int i;
    long rc;

    if ( e->op >= NR_HYPERCALLS || !hypercall_table[e->op] )
        return -ENOSYS;
    if ( e->op == __HYPERVISOR_multicall )
        return -EINVAL;
    for ( i = 0; i < 5; i++ )
    {
        a[i] = compat ? (uint32_t)e->args[i] : e->args[i];
        saved[i] = slot[i];
        slot[i] = &e->args[i];
    }
    rc = hypercall_table[e->op](a);
    for ( i = 0; i < 5; i++ )
        slot[i] = saved[i];
    return rc;
}

/*
 * Xen's do_multicall(): each entry's result written back; preempted
 * between entries, or inside one (whose progress is written back into it),
 * the multicall continues from that entry.  libxc issues its memory_ops
 * as one-entry multicalls (to get a result wider than int).
 */
static long hc_multicall(const unsigned long *a)
{
    bool compat = hypercall_is_compat();
    uint64_t list = a[0], esz = compat ? 32 : sizeof(struct mc_entry);
    uint32_t nr = a[1], i;
    struct mc_entry e;
    long rc;

    for ( i = 0; i < nr; i++, list += esz )
    {
        if ( i && hypercall_preempt_check() )
            break;
        if ( mc_read(list, compat, &e) )
            return -EFAULT;
        rc = mc_call(&e, compat);
        e.result = compat ? (uint32_t)rc : (unsigned long)rc;
        if ( rc == -ERESTART )
        {
            if ( mc_write(list, compat, &e, true) )
                return -EFAULT;
            break;
        }
        if ( mc_write(list, compat, &e, false) )
            return -EFAULT;
    }
    if ( i == nr )
        return 0;
    hypercall_set_arg(0, list);
    hypercall_set_arg(1, nr - i);
    return -ERESTART;
}

/*
 * The first -ENOSYS answers to the control domain, with their arguments:
 * its tools never make a call we lack, so one here means its registers
 * did not say what it meant (a save-restore run in CI got one from a
 * populate_physmap that had worked 16 times before).
 */
#define ENOSYS_REPORTS 16

static void report_enosys(const struct vcpu *v, unsigned long nr,
                          const unsigned long *a, bool compat,
                          uint64_t rip)
{
    static unsigned int reported;

    if ( !v->domain->is_privileged || reported >= ENOSYS_REPORTS )
        return;
    reported++;
    printk(XENLOG_WARNING "%pv: hypercall %lu(%#lx, %#lx, %#lx)%s at %#lx: "
           "-ENOSYS\n", v, nr, a[0], a[1], a[2], compat ? " 32-bit" : "",
           (unsigned long)rip);
}

void hvm_hypercall(struct vcpu *v, struct cpu_regs *regs)
{
    bool compat = !hvm_64bit_code(v);
    unsigned long nr = compat ? (uint32_t)regs->rax : regs->rax;
    unsigned long a[5];
    long rc;

    hcall_compat[smp_processor_id()] = compat;
    collect_args(regs, compat, a);
    if ( nr >= NR_HYPERCALLS || !hypercall_table[nr] )
        rc = -ENOSYS;
    else
        rc = hypercall_table[nr](a);
    if ( rc == -ENOSYS )
        report_enosys(v, nr, a, compat, regs->rip);

    if ( rc == -ERESTART )
    {
        /* RAX keeps the number; the arguments hold the progress. */
        v->arch.hypercall_preempted = true;
        return;
    }
    regs->rax = compat ? (uint32_t)rc : (unsigned long)rc;
}

/*
 * The hypercall page: entry i at offset 32*i is "mov $i, %eax;
 * <vendor hypercall instruction>; ret".  HYPERVISOR_iret is for PV
 * guests only, so its slot is "ud2".
 */
int hvm_write_hypercall_page(struct domain *d, uint64_t gpa)
{
    static uint8_t page[PAGE_SIZE];
    static DEFINE_SPINLOCK(page_lock);
    unsigned int i;
    int rc = 0;

    spin_lock(&page_lock);
    memset(page, 0xcc, sizeof(page));           /* int3 padding */
    for ( i = 0; i < HCALL_ENTRIES; i++ )
    {
        uint8_t *p = page + i * 32;

        if ( i == __HYPERVISOR_iret )
        {
            p[0] = 0x0f;
            p[1] = 0x0b;
            continue;
        }
        p[0] = 0xb8;                            /* mov $i, %eax */
        memcpy(p + 1, &i, 4);
        hvm_funcs.init_hypercall_insn(p + 5);
        p[8] = 0xc3;                            /* ret */
    }
    if ( copy_to_guest_phys(d, gpa, page, PAGE_SIZE) )
        rc = -EFAULT;
    spin_unlock(&page_lock);
    if ( !rc )
        d->arch.hypercall_page_gpa = gpa;
    return rc;
}
