/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op(cmd, vcpuid, arg): per-vCPU operations of a domain on its own
 * vCPUs, as Xen 4.17 answers an HVM/PVH guest: vcpu_info placement,
 * runstate reporting (on request and into a registered guest area),
 * timers, and bringing secondary vCPUs up (VCPUOP_initialise with a
 * struct vcpu_hvm_context, then VCPUOP_up) and down.  NMIs and the
 * secondary time area are not there yet (-ENOSYS).
 *
 * 32-bit callers: vcpu_runstate_info is 44 bytes (64-bit members only
 * 4-aligned) and a registered runstate area uses that layout when the
 * domain's shared state is compat (d->has_32bit_shinfo, as Xen); the
 * other arguments have one layout.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/shared.h>
#include <xen/time.h>
#include <xen/vcpu-timer.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/p2m.h>
/* After xen/sched.h: its enum vcpu_runstate names what these define. */
#include <public/vcpu.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/sched.h>

struct compat_vcpu_runstate_info {
    int32_t state;
    uint64_t state_entry_time;
    uint64_t time[4];
} __attribute__((packed));

BUILD_BUG_ON(sizeof(struct vcpu_runstate_info) != 48);
BUILD_BUG_ON(sizeof(struct compat_vcpu_runstate_info) != 44);

/*
 * A consistent snapshot of v's runstate, the current state's time
 * counted up to now.  v's CPU may change it meanwhile (it only does so
 * under its schedule lock, which is not ours to take): retry until the
 * entry time is the same before and after.
 */
static void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r)
{
    s_time_t entry, delta;
    unsigned int i;

    do {
        entry = READ_ONCE(v->runstate_entry);
        smp_rmb();
        r->state = READ_ONCE(v->runstate);
        for ( i = 0; i < 4; i++ )
            r->time[i] = READ_ONCE(v->runstate_time[i]);
        smp_rmb();
    } while ( entry != READ_ONCE(v->runstate_entry) );
    r->state_entry_time = entry;
    delta = NOW() - entry;
    if ( delta > 0 )
        r->time[r->state & 3] += delta;
}

/* Lay r out for the guest: returns the size of its layout. */
static size_t runstate_layout(const struct vcpu_runstate_info *r,
                              bool compat, void *buf)
{
    struct compat_vcpu_runstate_info c;

    if ( !compat )
    {
        memcpy(buf, r, sizeof(*r));
        return sizeof(*r);
    }
    c.state = r->state;
    c.state_entry_time = r->state_entry_time;
    memcpy(c.time, r->time, sizeof(c.time));
    memcpy(buf, &c, sizeof(c));
    return sizeof(c);
}

static long vcpuop_get_runstate_info(const struct vcpu *v, uint64_t arg)
{
    struct vcpu_runstate_info r;
    uint8_t buf[sizeof(r)];
    size_t n;

    runstate_get(v, &r);
    n = runstate_layout(&r, hypercall_is_compat(), buf);
    return copy_to_guest(arg, buf, n) ? -EFAULT : 0;
}

/*
 * Write v's runstate to va through writer's page tables.  With
 * VMASST_TYPE_runstate_update_flag the guest sees XEN_RUNSTATE_UPDATE in
 * state_entry_time while the rest changes.
 */
static void runstate_write(struct vcpu *writer, const struct vcpu *v,
                           uint64_t va)
{
    bool compat = v->domain->has_32bit_shinfo;
    bool flag = test_bit(VMASST_TYPE_runstate_update_flag,
                         &v->domain->vm_assist);
    unsigned int entry_off = compat ? 4 : 8;
    struct vcpu_runstate_info r;
    uint8_t buf[sizeof(r)];
    size_t n;

    runstate_get(v, &r);
    if ( flag )
        r.state_entry_time |= XEN_RUNSTATE_UPDATE;
    n = runstate_layout(&r, compat, buf);
    if ( flag && copy_to_guest_va(writer, va + entry_off, buf + entry_off,
                                  8) )
        return;
    smp_wmb();
    if ( copy_to_guest_va(writer, va, buf, n) || !flag )
        return;
    smp_wmb();
    r.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
    copy_to_guest_va(writer, va + entry_off, &r.state_entry_time, 8);
}

void vcpu_update_runstate_area(struct vcpu *v)
{
    uint64_t va = READ_ONCE(v->runstate_guest);

    /* A failed write is ignored, as on Xen: the area is the guest's. */
    if ( va )
        runstate_write(v, v, va);
}

static long vcpuop_register_runstate_area(struct vcpu *v, uint64_t arg)
{
    uint64_t va;

    if ( copy_from_guest(&va, arg, sizeof(va)) )
        return -EFAULT;
    /* A 32-bit guest's handle is the low 4 bytes of the union. */
    if ( hypercall_is_compat() )
        va = (uint32_t)va;
    WRITE_ONCE(v->runstate_guest, va);
    /* The first update before returning, through the caller's view. */
    if ( va )
        runstate_write(current, v, va);
    return 0;
}

/*
 * Place v's vcpu_info at offset in guest frame gfn (Xen's
 * map_vcpu_info()): the frame must be the domain's writable RAM; the
 * current contents move there, every event is marked pending so none is
 * lost in the move.  Once per vCPU, on itself or on a vCPU that is down.
 * Called with d->lock held; the caller marks events pending afterwards.
 */
static long map_vcpu_info(struct vcpu *v, uint64_t gfn, uint32_t offset)
{
    struct domain *d = v->domain;
    size_t align = d->has_32bit_shinfo ? 4 : 8;
    unsigned long mfn;
    p2m_type_t t;
    uint8_t *new;

    if ( offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
         (offset & (align - 1)) )
        return -ENXIO;
    if ( v->vcpu_info_mfn != ~0UL )
        return -EINVAL;
    if ( v != current && !test_bit(_VPF_down, &v->pause_flags) )
        return -EINVAL;
    mfn = p2m_get_entry(d, gfn, &t);
    if ( mfn == INVALID_MFN || !p2m_is_ram_rw(t) || !mfn_valid(mfn) )
        return -EINVAL;
    /*
     * Held until the vCPU goes (vcpu_guest_destroy()): if the guest gives
     * the frame back meanwhile, it is not freed under our writes.
     */
    if ( !page_get_ref(mfn_to_page(mfn), d) )
        return -EINVAL;

    new = (uint8_t *)mfn_to_virt(mfn) + offset;
    if ( v->vcpu_info )
        memcpy(new, v->vcpu_info, sizeof(struct vcpu_info));
    else
        memset(new, 0, sizeof(struct vcpu_info));
    v->vcpu_info = new;
    v->vcpu_info_mfn = mfn;
    v->vcpu_info_gfn = gfn;
    smp_wmb();
    if ( d->has_32bit_shinfo )
        WRITE_ONCE(vcpu_info_compat(v)->evtchn_pending_sel, ~0U);
    else
        WRITE_ONCE(vcpu_info_native(v)->evtchn_pending_sel, ~0UL);
    return 0;
}

static long vcpuop_register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_vcpu_info info;
    long rc;

    if ( copy_from_guest(&info, arg, sizeof(info)) )
        return -EFAULT;
    spin_lock(&v->domain->lock);
    rc = map_vcpu_info(v, info.mfn, info.offset);
    spin_unlock(&v->domain->lock);
    if ( rc )
        return rc;
    vcpu_mark_events_pending(v);
    update_vcpu_system_time(v);
    return 0;
}

static long vcpuop_set_periodic_timer(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_periodic_timer set;

    if ( copy_from_guest(&set, arg, sizeof(set)) )
        return -EFAULT;
    /*
     * As Xen 4.17: at least 1 ms, at most STIME_DELTA_MAX, so that
     * last_event + period cannot wrap (a wrapped sum re-arms the timer in
     * the past, and the timer softirq would run it forever).
     */
    if ( set.period_ns < MILLISECS(1) || set.period_ns > STIME_DELTA_MAX )
        return -EINVAL;
    vcpu_set_periodic_timer(v, set.period_ns);
    return 0;
}

static long vcpuop_set_singleshot_timer(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer set;

    if ( v != current )
        return -EINVAL;
    /* 12 bytes: a 32-bit guest's struct has no tail padding. */
    if ( copy_from_guest(&set, arg, 12) )
        return -EFAULT;
    if ( (set.flags & VCPU_SSHOTTMR_future) &&
         (s_time_t)set.timeout_abs_ns < NOW() )
        return -ETIME;
    vcpu_set_singleshot_timer(v, set.timeout_abs_ns);
    return 0;
}

static long vcpuop_timer(int cmd, struct vcpu *v, uint64_t arg)
{
    if ( !vcpu_timers_ready(v) )
        return -ENOSYS;
    switch ( cmd )
    {
    case VCPUOP_set_periodic_timer:
        return vcpuop_set_periodic_timer(v, arg);
    case VCPUOP_stop_periodic_timer:
        vcpu_set_periodic_timer(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        return vcpuop_set_singleshot_timer(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        vcpu_stop_singleshot_timer(v);
        return 0;
    }
    return -ENOSYS;
}

/*
 * Give a vCPU that never ran (or was reset by INIT) its start state; it
 * stays down until VCPUOP_up.  Once only, as Xen: -EEXIST after.
 */
static long vcpuop_initialise(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct vcpu_hvm_context ctx;
    long rc;

    if ( !v->vcpu_info )
        return -EINVAL;
    if ( copy_from_guest(&ctx, arg, sizeof(ctx)) )
        return -EFAULT;
    /* Only a vCPU that is down can lack a start state: off its CPU. */
    if ( test_bit(_VPF_down, &v->pause_flags) )
        vcpu_sleep_sync(v);
    spin_lock(&d->lock);
    if ( v->is_initialised || !test_bit(_VPF_down, &v->pause_flags) )
        rc = -EEXIST;
    else if ( !(rc = hvm_set_vcpu_context(v, &ctx)) )
        v->is_initialised = true;
    spin_unlock(&d->lock);
    return rc;
}

static long vcpuop_up(struct vcpu *v)
{
    bool wake = false;
    long rc = 0;

    spin_lock(&v->domain->lock);
    if ( !v->is_initialised )
        rc = -EINVAL;
    else
        wake = test_and_clear_bit(_VPF_down, &v->pause_flags);
    spin_unlock(&v->domain->lock);
    if ( wake )
        vcpu_wake(v);
    return rc;
}

/* The last vCPU going down powers the domain off (as Xen). */
static long vcpuop_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vcpu *o;
    bool others_up = false;

    for_each_vcpu ( d, o )
        if ( o != v && !test_bit(_VPF_down, &o->pause_flags) )
            others_up = true;
    if ( !others_up )
    {
        domain_shutdown(d, SHUTDOWN_poweroff);
        return 0;
    }
    if ( !test_and_set_bit(_VPF_down, &v->pause_flags) )
        vcpu_sleep_nosync(v);
    return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v = vcpuid < d->max_vcpus ? d->vcpu[vcpuid] : NULL;

    if ( !v )
        return -ENOENT;
    switch ( cmd )
    {
    case VCPUOP_initialise:
        return vcpuop_initialise(v, arg);
    case VCPUOP_up:
        return vcpuop_up(v);
    case VCPUOP_down:
        return vcpuop_down(v);
    case VCPUOP_is_up:
        return !test_bit(_VPF_down, &v->pause_flags);
    case VCPUOP_get_runstate_info:
        return vcpuop_get_runstate_info(v, arg);
    case VCPUOP_register_runstate_memory_area:
        return vcpuop_register_runstate_area(v, arg);
    case VCPUOP_register_vcpu_info:
        return vcpuop_register_vcpu_info(v, arg);
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
        return vcpuop_timer(cmd, v, arg);
    case VCPUOP_get_physid:
        /* Xen: only for a hardware domain with pinned vCPUs. */
        return -EINVAL;
    }
    /* send_nmi, register_vcpu_time_memory_area. */
    return -ENOSYS;
}
