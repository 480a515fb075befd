/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small PVH domU for the test kernels that act as a toolstack (see
 * guest.h): created, populated from gfn 0, its RAM foreign-mapped into a
 * window of ours, 32-bit code copied in and its BSP set at the PVH entry
 * state with sethvmcontext, as libxc builds one.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/hvm/save.h>

#define DOMU_MAX_FRAMES 1024
#define WINDOW_SLOTS    2               /* guest_unbacked_addr()'s 16 MiB */
#define WINDOW_SLOT     (8UL << 20)

static unsigned int slots_used;

static struct xen_domctl op;
static xen_pfn_t gfns[DOMU_MAX_FRAMES];
static xen_ulong_t idxs[DOMU_MAX_FRAMES];
static int errs[DOMU_MAX_FRAMES];
static uint8_t ctx[16384];

long domu_domctl(uint32_t cmd, domid_t id, void *u, size_t len)
{
    long rc;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = id;
    memcpy(&op.u, u, len);
    rc = domctl(&op);
    memcpy(u, &op.u, len);
    return rc;
}

static bool populate(struct domu *u)
{
    struct xen_memory_reservation r = {
        .nr_extents = u->frames, .domid = u->id,
    };
    unsigned int i;

    for ( i = 0; i < u->frames; i++ )
        gfns[i] = i;
    set_xen_guest_handle(r.extent_start, gfns);
    return check_eq_rc(memory_op(XENMEM_populate_physmap, &r), u->frames,
                       "populate the domU");
}

/* The domU's gfns [0, frames) at our window (privcmd's mmapbatch). */
static bool map_window(struct domu *u)
{
    struct xen_add_to_physmap_batch b = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign,
        .size = u->frames, .u.foreign_domid = u->id,
    };
    unsigned int i, bad = 0;

    for ( u->slot = 0; u->slot < WINDOW_SLOTS; u->slot++ )
        if ( !(slots_used & (1U << u->slot)) )
            break;
    if ( !check(u->slot < WINDOW_SLOTS, "a window for the domU", " ") )
        return false;
    slots_used |= 1U << u->slot;
    u->window = guest_unbacked_addr() + u->slot * WINDOW_SLOT;
    for ( i = 0; i < u->frames; i++ )
    {
        idxs[i] = i;
        gfns[i] = (u->window >> 12) + i;
        errs[i] = -1;
    }
    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.gpfns, gfns);
    set_xen_guest_handle(b.errs, errs);
    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap_batch, &b), 0,
                      "foreign map of the domU's RAM") )
        return false;
    for ( i = 0; i < u->frames; i++ )
        bad += errs[i] != 0;
    return check_eq(bad, 0, "every frame mapped");
}

bool domu_new(struct domu *u, unsigned int frames)
{
    struct xen_domctl_max_mem m = { .max_memkb = frames * 8 };

    memset(u, 0, sizeof(*u));
    if ( frames > DOMU_MAX_FRAMES )
        return false;
    u->frames = frames;
    u->id = pvh_domu_create(&op);
    if ( !u->id )
        return false;
    return check_eq_rc(domu_domctl(XEN_DOMCTL_max_mem, u->id, &m,
                                   sizeof(m)), 0, "max_mem") &&
           populate(u) && map_window(u);
}

volatile void *domu_ptr(const struct domu *u, uint32_t gpa)
{
    return (volatile void *)(uintptr_t)(u->window + gpa);
}

void hvm_ctx_put(uint8_t *buf, uint32_t *off, uint16_t type,
                 uint16_t instance, const void *rec, uint32_t len)
{
    struct hvm_save_descriptor d = { type, instance, len };

    memcpy(buf + *off, &d, sizeof(d));
    memcpy(buf + *off + sizeof(d), rec, len);
    *off += sizeof(d) + len;
}

void domu_entry_cpu(struct hvm_hw_cpu *c, uint32_t rip)
{
    memset(c, 0, sizeof(*c));
    c->rip = rip;
    c->rflags = 2;
    c->cr0 = 0x11;                      /* PE | ET */
    c->cs_limit = c->ds_limit = c->es_limit = c->ss_limit = ~0U;
    c->cs_arbytes = 0xc9b;
    c->ds_arbytes = c->es_arbytes = c->ss_arbytes = 0xc93;
    c->tr_arbytes = 0x8b;
    c->tr_limit = 0x67;
    c->dr6 = 0xffff0ff0;
    c->dr7 = 0x400;
}

/* HEADER as the hypervisor gives it, the BSP's CPU record, END. */
bool domu_start(struct domu *u, uint32_t rip)
{
    static struct hvm_hw_cpu cpu;
    struct xen_domctl_hvmcontext h = { .size = sizeof(ctx) };
    struct hvm_save_descriptor *d = (void *)ctx;
    uint32_t off;

    set_xen_guest_handle(h.buffer, ctx);
    if ( !check_eq_rc(domu_domctl(XEN_DOMCTL_gethvmcontext, u->id, &h,
                                  sizeof(h)), 0, "gethvmcontext") )
        return false;
    off = sizeof(*d) + d->length;
    domu_entry_cpu(&cpu, rip);
    hvm_ctx_put(ctx, &off, HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu));
    hvm_ctx_put(ctx, &off, 0, 0, NULL, 0);
    h.size = off;
    return check_eq_rc(domu_domctl(XEN_DOMCTL_sethvmcontext, u->id, &h,
                                   sizeof(h)), 0, "sethvmcontext: BSP") &&
           check_eq_rc(domu_domctl(XEN_DOMCTL_unpausedomain, u->id, &h, 0),
                       0, "unpause the domU");
}

void domu_free(struct domu *u)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF };
    unsigned int i, bad = 0;

    for ( i = 0; u->window && i < u->frames; i++ )
    {
        x.gpfn = (u->window >> 12) + i;
        bad += memory_op(XENMEM_remove_from_physmap, &x) != 0;
    }
    check_eq(bad, 0, "foreign maps removed");
    if ( u->window )
        slots_used &= ~(1U << u->slot);
    if ( u->id )
        check_eq_rc(domu_domctl(XEN_DOMCTL_destroydomain, u->id, &op.u, 0),
                    0, "destroydomain");
    memset(u, 0, sizeof(*u));
}

/* Until *p changes from old (a yield between looks), at most tries. */
bool domu_wait_change(volatile uint32_t *p, uint32_t old, unsigned long tries)
{
    while ( tries-- )
    {
        if ( *p != old )
            return true;
        sched_op(SCHEDOP_yield, NULL);
    }
    return false;
}
