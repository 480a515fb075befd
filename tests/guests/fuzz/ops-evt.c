/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_channel_op, vcpu_op, sched_op, set_timer_op and hvm_op calls.
 *
 * Exclusions, each because it would stop or corrupt this kernel by design
 * rather than find a hypervisor bug:
 * - SCHEDOP_shutdown, SCHEDOP_shutdown_code: end the run or change how
 *   its final poweroff is read; SCHEDOP_remote_shutdown of domain 0 or
 *   DOMID_SELF: the same.
 * - SCHEDOP_block: we run with interrupts off and nothing guarantees an
 *   event will come; SCHEDOP_poll with timeout 0 (no timeout) or one in
 *   the future beyond a few ms: the same.  Poll timeouts are past times.
 * - SCHEDOP_watchdog with id 0: arms a watchdog that kills us when it
 *   expires.  Other ids only (re-arm or remove, -EINVAL).
 * - VCPUOP_down on any vCPU, VCPUOP_initialise and VCPUOP_up on a vCPU we
 *   did not start: a vCPU of ours stops, or one starts running random
 *   state inside our memory.  Ids of running vCPUs or beyond the
 *   domain's are used instead.
 * - VCPUOP_send_nmi: an NMI to ourselves is an exception we did not ask
 *   for (our IDT reports it as a failure).
 * - HVMOP_inject_trap, set_mem_type, track_dirty_vram, modified_memory,
 *   altp2m ops on ourselves: device-model operations that inject
 *   exceptions or change our RAM's type; other domains only.
 *   HVMOP_inject_msi on ourselves keeps fixed delivery (NMI/INIT/SMI
 *   delivery modes would reset or trap us).
 * - Vectors 16-31 as an MSI's vector or the upcall vector, and 0-31 as
 *   the callback vector: legal for an APIC (the callback vector is even
 *   injected as it is, by Xen 4.17 too), but our IDT has exception
 *   handlers there, and those that pop an error code an interrupt does
 *   not push would turn the iret into a wild stack pointer.  They move up
 *   by 32 (0-15 stay for MSIs and the upcall vector, which the hypervisor
 *   must refuse).  A precaution: the #PF with a wild stack address that
 *   ends 10^7-call runs (tests/guests/README.md) is still there with it.
 * - Frames the hypervisor will write (register_vcpu_info, FIFO control
 *   and array frames) come from rnd_gfn(): never our own.
 */
#include "fuzz.h"

#include <public/event_channel.h>
#include <public/vcpu.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

/* Xen-internal (reset's continuation), and removed or tools-only ops
 * that the public headers no longer define for guests. */
#define EVTCHNOP_reset_cont    14
#define HVMOP_track_dirty_vram  6
#define HVMOP_modified_memory   7
#define HVMOP_set_mem_type      8
#define HVMOP_inject_trap      14
#define HVMOP_inject_msi       16
#ifndef HVMOP_set_mem_access
#define HVMOP_set_mem_access   12
#endif

static uint16_t rnd_other_domid(struct fuzz_rng *r)
{
    uint16_t d = rnd_domid(r);

    return d == 0 || d == DOMID_SELF ? 1 + rng_below(r, 0x7fef) : d;
}

/* ---- event_channel_op ------------------------------------------------ */

static void evt_fill(struct fuzz_call *c, uint32_t op, uint32_t *w)
{
    switch ( op )
    {
    case EVTCHNOP_bind_virq:
        w[0] = rng_pct(&c->rng, 85) ? rng_below(&c->rng, 24)
                                    : rnd_u32(&c->rng);
        w[1] = rnd_vcpu(c);
        break;
    case EVTCHNOP_bind_ipi:                     /* vcpu, port */
        w[0] = rnd_vcpu(c);
        break;
    case EVTCHNOP_bind_vcpu:                    /* port, vcpu */
        w[0] = rnd_port(&c->rng);
        w[1] = rnd_vcpu(c);
        break;
    case EVTCHNOP_alloc_unbound:
        ((uint16_t *)w)[0] = rnd_domid(&c->rng);
        ((uint16_t *)w)[1] = rnd_domid(&c->rng);
        break;
    case EVTCHNOP_bind_interdomain:
        ((uint16_t *)w)[0] = rnd_domid(&c->rng);
        w[1] = rnd_port(&c->rng);
        break;
    case EVTCHNOP_status:
        ((uint16_t *)w)[0] = rnd_domid(&c->rng);
        w[1] = rnd_port(&c->rng);
        break;
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        ((uint16_t *)w)[0] = rnd_domid(&c->rng);
        break;
    case EVTCHNOP_init_control:
    {
        struct evtchn_init_control *i = (void *)w;

        i->control_gfn = rnd_gfn(&c->rng);
        i->offset = rng_pct(&c->rng, 60) ? rng_below(&c->rng, 64) * 64
                                         : rnd_u32(&c->rng);
        i->vcpu = rnd_vcpu(c);
        break;
    }
    case EVTCHNOP_expand_array:
        ((struct evtchn_expand_array *)w)->array_gfn = rnd_gfn(&c->rng);
        break;
    case EVTCHNOP_set_priority:
        w[0] = rnd_port(&c->rng);
        w[1] = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 17)
                                    : rnd_u32(&c->rng);
        break;
    default:                    /* close, send, unmask, bind_pirq, ... */
        w[0] = rnd_port(&c->rng);
        break;
    }
}

void gen_event_channel_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        0, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9, 10, 11, 11, 12,
        13, 14,
    };
    uint32_t op = RND_CMD(&c->rng, ops), *w = scratch_buf(c, 32);

    /* The reset sub-ops close every port of the target: rarely. */
    if ( (op == EVTCHNOP_reset || op == EVTCHNOP_reset_cont) &&
         rng_pct(&c->rng, 80) )
        op = EVTCHNOP_status;
    /* init_control's frame is written by the hypervisor: never random. */
    if ( op == EVTCHNOP_init_control || op == EVTCHNOP_expand_array ||
         rng_pct(&c->rng, 90) )
        evt_fill(c, op, w);
    c->what = "event_channel_op";
    c->nr = __HYPERVISOR_event_channel_op;
    c->a[0] = op;
    c->a[1] = rng_pct(&c->rng, 93) ? (unsigned long)w : rnd_wild(c);
}

/* ---- vcpu_op --------------------------------------------------------- */

/* A vCPU id for sub-ops that must not touch vCPUs we did not start. */
static uint32_t safe_vcpu(struct fuzz_call *c)
{
    uint32_t v = rnd_vcpu(c);

    if ( v >= c->nr_running && v < c->nr_vcpus )
        v = c->vcpu;
    return v;
}

static uint64_t rnd_time(struct fuzz_rng *r)
{
    static const uint64_t t[] = {
        0, 1, 999999, 1000000, 1000001, 50000000, 1000000000,
        1ULL << 50, (1ULL << 62) - 1, 1ULL << 62, (1ULL << 62) + 1,
        0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
    };

    if ( rng_pct(r, 60) )
        return t[rng_below(r, ARRAY_SIZE(t))];
    return rnd_num(r);
}

static uint32_t vcpu_fill(struct fuzz_call *c, uint32_t op, void *arg)
{
    switch ( op )
    {
    case VCPUOP_initialise:
    case VCPUOP_up:
        return safe_vcpu(c);
    case VCPUOP_down:
    case VCPUOP_send_nmi:
        return c->nr_vcpus + rng_below(&c->rng, 4);     /* -ENOENT */
    case VCPUOP_set_periodic_timer:
        ((struct vcpu_set_periodic_timer *)arg)->period_ns =
            rnd_time(&c->rng);
        break;
    case VCPUOP_set_singleshot_timer:
        ((struct vcpu_set_singleshot_timer *)arg)->timeout_abs_ns =
            rnd_time(&c->rng);
        ((struct vcpu_set_singleshot_timer *)arg)->flags =
            rng_pct(&c->rng, 80) ? rng_below(&c->rng, 2) : rnd_u32(&c->rng);
        break;
    case VCPUOP_register_vcpu_info:
    {
        struct vcpu_register_vcpu_info *i = arg;

        i->mfn = rnd_gfn(&c->rng);
        i->offset = rng_pct(&c->rng, 60) ? rng_below(&c->rng, 64) * 64
                                         : rnd_u32(&c->rng);
        i->rsvd = rng_pct(&c->rng, 80) ? 0 : rnd_u32(&c->rng);
        break;
    }
    case VCPUOP_register_runstate_memory_area:
    case VCPUOP_register_vcpu_time_memory_area:
    {
        /* Written at every context switch: the sink or nowhere. */
        uint64_t p = rng_pct(&c->rng, 70) ?
                     (unsigned long)c->scratch + rng_below(&c->rng, 9) * 8 :
                     rnd_wild(c);

        memcpy(arg, &p, sizeof(p));
        if ( rng_pct(&c->rng, 10) )
            memset(arg, 0, 8);
        break;
    }
    }
    return rnd_vcpu(c);
}

void gen_vcpu_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        0, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 10, 11, 12, 13,
    };
    uint32_t op = RND_CMD(&c->rng, ops);
    void *arg = scratch_buf(c, 64);
    uint32_t vcpu = vcpu_fill(c, op, arg);

    c->what = "vcpu_op";
    c->nr = __HYPERVISOR_vcpu_op;
    c->a[0] = op;
    c->a[1] = vcpu;
    c->a[2] = rng_pct(&c->rng, 93) ? (unsigned long)arg : rnd_wild(c);
}

/* ---- sched_op, set_timer_op ------------------------------------------ */

void gen_sched_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = { 0, 0, 3, 3, 3, 4, 6, 7 };
    uint32_t op = RND_CMD(&c->rng, ops);
    uint8_t *arg = scratch_buf(c, 32);

    if ( op == SCHEDOP_block || op == SCHEDOP_shutdown ||
         op == SCHEDOP_shutdown_code )
        op = SCHEDOP_yield;
    if ( op == SCHEDOP_poll )
    {
        struct sched_poll *p = (void *)arg;

        set_xen_guest_handle(p->ports,
                             (evtchn_port_t *)rnd_ptr(c, 16));
        p->nr_ports = rng_pct(&c->rng, 80) ? rng_below(&c->rng, 5)
                                           : rnd_u32(&c->rng);
        p->timeout = 1 + rng_below(&c->rng, 1000000);   /* in the past */
    }
    else if ( op == SCHEDOP_remote_shutdown )
        ((struct sched_remote_shutdown *)arg)->domain_id =
            rnd_other_domid(&c->rng);
    else if ( op == SCHEDOP_watchdog && !((uint32_t *)arg)[0] )
        ((uint32_t *)arg)[0] = 1 + rng_below(&c->rng, 8);
    c->what = "sched_op";
    c->nr = __HYPERVISOR_sched_op;
    c->a[0] = op;
    /* remote_shutdown and watchdog read their struct only from us: a
     * zero there is ourselves, or a watchdog that fires at once. */
    c->a[1] = rng_pct(&c->rng, 93) || op == SCHEDOP_poll ||
              op == SCHEDOP_remote_shutdown || op == SCHEDOP_watchdog ?
              (unsigned long)arg : rnd_wild(c);
}

void gen_set_timer_op(struct fuzz_call *c)
{
    uint64_t t = rnd_time(&c->rng);

    c->what = "set_timer_op";
    c->nr = __HYPERVISOR_set_timer_op;
    c->a[0] = t;
    if ( !env_is_64bit() )
        c->a[1] = t >> 32;
}

/* ---- hvm_op ---------------------------------------------------------- */


/* 16-31 -> 48-63: see the exclusions above. */
static uint8_t not_exception_vector(uint8_t v)
{
    return v >= 0x10 && v < 0x20 ? v + 0x20 : v;
}

/* A vector-type HVM_PARAM_CALLBACK_IRQ keeps clear of 0-31. */
static void safe_callback_param(struct xen_hvm_param *p)
{
    if ( p->index == HVM_PARAM_CALLBACK_IRQ &&
         (p->value >> 56) == HVM_PARAM_CALLBACK_TYPE_VECTOR )
        p->value = (p->value & ~0xffULL) |
                   ((p->value & 0xff) < 0x20 ? (p->value & 0xff) + 0x20
                                             : (p->value & 0xff));
}

static bool hvm_on_others_only(uint32_t op)
{
    return op == HVMOP_track_dirty_vram || op == HVMOP_modified_memory ||
           op == HVMOP_set_mem_type || op == HVMOP_inject_trap ||
           op == HVMOP_altp2m || op == HVMOP_set_mem_access;
}

void gen_hvm_op(struct fuzz_call *c)
{
    static const uint32_t ops[] = {
        0, 0, 0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 23, 23, 24, 25,
    };
    uint32_t op = RND_CMD(&c->rng, ops);
    uint8_t *arg = scratch_buf(c, 64);

    if ( op <= HVMOP_get_param )
    {
        struct xen_hvm_param *p = (void *)arg;

        p->domid = rnd_domid(&c->rng);
        p->index = rng_pct(&c->rng, 90) ? rng_below(&c->rng, HVM_NR_PARAMS + 2)
                                        : rnd_u32(&c->rng);
        safe_callback_param(p);
    }
    else if ( op == HVMOP_set_evtchn_upcall_vector )
    {
        ((uint32_t *)arg)[0] = rnd_vcpu(c);
        arg[4] = not_exception_vector(arg[4]);
    }
    else if ( op == HVMOP_inject_msi )
    {
        ((uint32_t *)arg)[1] &= ~0x700U;        /* fixed delivery */
        arg[4] = not_exception_vector(arg[4]);  /* data's low byte */
    }
    else if ( hvm_on_others_only(op) || op > 25 )
    {
        /* The domid is the first field; altp2m has it after 8 bytes. */
        ((uint16_t *)arg)[0] = rnd_other_domid(&c->rng);
        ((uint16_t *)arg)[4] = rnd_other_domid(&c->rng);
    }
    c->what = "hvm_op";
    c->nr = __HYPERVISOR_hvm_op;
    c->a[0] = op;
    c->a[1] = rng_pct(&c->rng, 93) ? (unsigned long)arg : rnd_wild(c);
}
