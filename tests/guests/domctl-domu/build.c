/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building the domU as Xen 4.17's libxc/libxenguest would for a PVH
 * guest: create, max_mem, populate, foreign-map and copy the payload,
 * grant table through acquire_resource, HVM params, an unbound port,
 * the BSP through sethvmcontext.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h, sysctl.h: toolstack only */
#include "guest.h"
#include <public/hvm/params.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/save.h>
#include "domu.h"
#include "payload.h"

#define DOMU_MAX_KB     (PAYLOAD_FRAMES * 4 + 1024)
#define STORE_PFN       0x1fe
#define GNT_WINDOW_OFF  (PAYLOAD_FRAMES * PAGE_SIZE)
#define GNT_SCRATCH_GFN 0x300           /* above the domU's RAM */

const uint8_t domu_handle[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4,
                                  5, 6, 7, 8, 9, 10, 11, 12 };
uint64_t domu_window;

static xen_pfn_t gfns[PAYLOAD_FRAMES];
static xen_ulong_t idxs[PAYLOAD_FRAMES];
static xen_pfn_t gpfns[PAYLOAD_FRAMES];
static int errs[PAYLOAD_FRAMES];
static uint8_t ctx_buf[8192];

bool domu_create(domid_t *id)
{
    struct xen_domctl_createdomain *c = &dop.u.createdomain;

    memset(&dop.u, 0, sizeof(dop.u));
    pvh_domain_config(c, 1);
    c->max_maptrack_frames = 16;
    memcpy(c->handle, domu_handle, sizeof(c->handle));
    if ( !check_eq_rc(do_dctl(XEN_DOMCTL_createdomain, 0), 0,
                      "createdomain (PVH)") )
        return false;
    *id = dop.domain;
    printk("info created d%u\n", *id);
    /* As libxl: Xen 4.17 makes the vCPUs here (we did already). */
    memset(&dop.u, 0, sizeof(dop.u));
    dop.u.max_vcpus.max = 1;
    check_eq_rc(do_dctl(XEN_DOMCTL_max_vcpus, *id), 0, "max_vcpus");
    memset(&dop.u, 0, sizeof(dop.u));
    dop.u.max_mem.max_memkb = DOMU_MAX_KB;
    return check(*id > 0 && *id < DOMID_FIRST_RESERVED, "new domid", "%u",
                 *id) &
           check_eq_rc(do_dctl(XEN_DOMCTL_max_mem, *id), 0, "max_mem");
}

static bool populate(domid_t id)
{
    struct xen_memory_reservation r = {
        .nr_extents = PAYLOAD_FRAMES,
        .domid = id,
    };
    unsigned int i;

    for ( i = 0; i < PAYLOAD_FRAMES; i++ )
        gfns[i] = i;
    set_xen_guest_handle(r.extent_start, gfns);
    return check_eq_rc(memory_op(XENMEM_populate_physmap, &r),
                       PAYLOAD_FRAMES, "populate_physmap on the domU");
}

/* The domU's gfns [0, n) at dom0's window (privcmd's mmapbatch). */
static bool map_foreign(domid_t id)
{
    struct xen_add_to_physmap_batch b = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_gmfn_foreign,
        .size = PAYLOAD_FRAMES,
        .u.foreign_domid = id,
    };
    unsigned int i, bad = 0;

    domu_window = guest_unbacked_addr();
    for ( i = 0; i < PAYLOAD_FRAMES; i++ )
    {
        idxs[i] = i;
        gpfns[i] = (domu_window >> 12) + i;
        errs[i] = -1;
    }
    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.gpfns, gpfns);
    set_xen_guest_handle(b.errs, errs);
    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap_batch, &b), 0,
                      "foreign map of the domU's RAM") )
        return false;
    for ( i = 0; i < PAYLOAD_FRAMES; i++ )
        bad += errs[i] != 0;
    return check_eq(bad, 0, "every frame mapped");
}

void domu_unmap(void)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF };
    unsigned int i, bad = 0;

    for ( i = 0; domu_window && i <= PAYLOAD_FRAMES + 1; i++ )
    {
        x.gpfn = (domu_window >> 12) + i;
        bad += memory_op(XENMEM_remove_from_physmap, &x) != 0;
    }
    check_eq(bad, 0, "foreign maps removed");
    domu_window = 0;
}

/* Its grant table: frame 0 at the page after the window, an entry set. */
static bool seed_grant_table(domid_t id)
{
    xen_pfn_t gfn = (domu_window + GNT_WINDOW_OFF) >> 12;
    struct xen_mem_acquire_resource r = {
        .domid = id,
        .type = XENMEM_resource_grant_table,
        .id = XENMEM_resource_grant_table_id_shared,
    };
    volatile grant_entry_v1_t *e;

    check_eq_rc(memory_op(XENMEM_acquire_resource, &r), 0,
                "acquire_resource: size of the domU's grant table");
    check_eq(r.nr_frames, 4, "... its max_grant_frames");
    r.nr_frames = 1;
    set_xen_guest_handle(r.frame_list, &gfn);
    if ( !check_eq_rc(memory_op(XENMEM_acquire_resource, &r), 0,
                      "acquire_resource: grant frame 0 of the domU") )
        return false;
    e = (volatile grant_entry_v1_t *)(uintptr_t)(gfn << 12);
    e[1].domid = 0;
    e[1].frame = STORE_PFN;
    e[1].flags = GTF_permit_access;
    return true;
}

/*
 * libxenguest's other way (xc_dom_gnttab_seed() without acquire_resource):
 * the table's frame 0 placed in the domU's physmap at a free gfn, mapped
 * from there as a foreign frame, then taken out of the domU's physmap.
 */
static bool seed_grant_table_by_gfn(domid_t id)
{
    xen_ulong_t idx = GNT_SCRATCH_GFN;
    xen_pfn_t gpfn = ((domu_window + GNT_WINDOW_OFF) >> 12) + 1;
    int err = -1;
    struct xen_add_to_physmap x = {
        .domid = id, .space = XENMAPSPACE_grant_table, .idx = 0,
        .gpfn = GNT_SCRATCH_GFN,
    };
    struct xen_add_to_physmap_batch b = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign, .size = 1,
        .u.foreign_domid = id,
    };
    struct xen_remove_from_physmap r = { .domid = id,
                                         .gpfn = GNT_SCRATCH_GFN };
    volatile grant_entry_v1_t *e = (void *)(uintptr_t)(gpfn << 12);

    set_xen_guest_handle(b.idxs, &idx);
    set_xen_guest_handle(b.gpfns, &gpfn);
    set_xen_guest_handle(b.errs, &err);
    if ( !check_eq_rc(memory_op(XENMEM_add_to_physmap, &x), 0,
                      "grant frame 0 into the domU's physmap") ||
         !check_eq_rc(memory_op(XENMEM_add_to_physmap_batch, &b), 0,
                      "foreign map of that gfn") ||
         !check_eq(err, 0, "... mapped") )
        return false;
    check_eq(e[1].frame, STORE_PFN, "the entry written through the other "
             "mapping");
    e[2].domid = 0;
    e[2].frame = STORE_PFN - 1;
    e[2].flags = GTF_permit_access;
    return check_eq_rc(memory_op(XENMEM_remove_from_physmap, &r), 0,
                       "grant frame out of the domU's physmap");
}

static bool set_param(domid_t id, uint32_t index, uint64_t value)
{
    struct xen_hvm_param p = { .domid = id, .index = index, .value = value };

    if ( !check_eq_rc(hvm_op(HVMOP_set_param, &p), 0, "set_param on domU") )
        return false;
    p.value = 0;
    return check_eq_rc(hvm_op(HVMOP_get_param, &p), 0, "get_param") &&
           check_eq(p.value, value, "param read back");
}

static bool store_port(domid_t id)
{
    struct evtchn_alloc_unbound a = { .dom = id, .remote_dom = 0 };

    if ( !check_eq_rc(event_channel_op(EVTCHNOP_alloc_unbound, &a), 0,
                      "alloc_unbound in the domU for dom0") )
        return false;
    return check(a.port > 0, "its port", "%u", a.port) &&
           set_param(id, HVM_PARAM_STORE_EVTCHN, a.port);
}

static bool set_bsp(domid_t id)
{
    static struct hvm_hw_cpu cpu;
    struct hvm_hw_mtrr mtrr = { .msr_pat_cr = 0x0007040600070406ULL,
                                .msr_mtrr_def_type = 0xc06 };
    struct hvm_save_descriptor *d = (void *)ctx_buf;
    uint32_t off;

    memset(&dop.u, 0, sizeof(dop.u));
    if ( !check_eq_rc(do_dctl(XEN_DOMCTL_gethvmcontext, id), 0,
                      "gethvmcontext: size") ||
         !check(dop.u.hvmcontext.size <= sizeof(ctx_buf), "context size",
                "%u", dop.u.hvmcontext.size) )
        return false;
    set_xen_guest_handle(dop.u.hvmcontext.buffer, ctx_buf);
    dop.u.hvmcontext.size = sizeof(ctx_buf);
    if ( !check_eq_rc(do_dctl(XEN_DOMCTL_gethvmcontext, id), 0,
                      "gethvmcontext") ||
         !check_eq(d->typecode, 1, "context starts with HEADER") ||
         !check_eq(*(uint32_t *)(d + 1), HVM_FILE_MAGIC, "HVM magic") )
        return false;
    off = sizeof(*d) + d->length;
    domu_entry_cpu(&cpu, PAYLOAD_GPA);
    hvm_ctx_put(ctx_buf, &off, 2, 0, &cpu, sizeof(cpu));
    hvm_ctx_put(ctx_buf, &off, 14, 0, &mtrr, sizeof(mtrr));
    hvm_ctx_put(ctx_buf, &off, 0, 0, NULL, 0);
    memset(&dop.u, 0, sizeof(dop.u));
    set_xen_guest_handle(dop.u.hvmcontext.buffer, ctx_buf);
    dop.u.hvmcontext.size = off;
    return check_eq_rc(do_dctl(XEN_DOMCTL_sethvmcontext, id), 0,
                       "sethvmcontext: BSP at the PVH entry");
}

/* The BSP as saved back: the entry point we gave it. */
static void check_bsp(domid_t id)
{
    static struct hvm_hw_cpu cpu;

    memset(&dop.u, 0, sizeof(dop.u));
    dop.u.hvmcontext_partial.type = 2;
    dop.u.hvmcontext_partial.bufsz = sizeof(cpu);
    set_xen_guest_handle(dop.u.hvmcontext_partial.buffer, (uint8_t *)&cpu);
    check_eq_rc(do_dctl(XEN_DOMCTL_gethvmcontext_partial, id), 0,
                "gethvmcontext_partial CPU 0");
    check_eq(cpu.rip, PAYLOAD_GPA, "its rip");
    check_eq(cpu.cs_arbytes, 0xc9b, "its CS attributes");
    dop.u.hvmcontext_partial.instance = 1;
    check_eq_rc(do_dctl(XEN_DOMCTL_gethvmcontext_partial, id), -XEN_ENOENT,
                "gethvmcontext_partial of a vCPU it has not");
}

bool domu_build(domid_t id)
{
    if ( !populate(id) || !map_foreign(id) )
        return false;
    memset((void *)DOMU_PTR(PAYLOAD_RES), 0, PAGE_SIZE);
    memcpy((void *)DOMU_PTR(PAYLOAD_GPA), payload_start,
           payload_end - payload_start);
    if ( !seed_grant_table(id) || !seed_grant_table_by_gfn(id) ||
         !store_port(id) ||
         !set_param(id, HVM_PARAM_STORE_PFN, STORE_PFN) || !set_bsp(id) )
        return false;
    check_bsp(id);
    return true;
}
