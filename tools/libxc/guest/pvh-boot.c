/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The last steps of a PVH build, as Xen 4.17's libxc does them: the two
 * reserved grant entries for the console and xenstore backends, and the
 * boot vCPU's register state (xg_dom_x86.c's vcpu_hvm: a partial HVM
 * context of the HEADER, the CPU record and END).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xc-private.h"
#include <xen/hvm/save.h>
#include "pvh-build.h"

#define X86_CR0_PE        0x00000001
#define X86_CR0_ET        0x00000010
#define X86_DR6_DEFAULT   0xffff0ff0
#define X86_DR7_DEFAULT   0x00000400
#define MTRR_TYPE_WRBACK  6
#define MTRR_DEF_ENABLE   (1U << 11)

static void fill_grants(grant_entry_v1_t *g, const struct pvh_layout *l,
                        uint32_t console_domid, uint32_t xenstore_domid)
{
    g[GNTTAB_RESERVED_CONSOLE].domid = console_domid;
    g[GNTTAB_RESERVED_CONSOLE].frame = l->console_gfn;
    g[GNTTAB_RESERVED_XENSTORE].domid = xenstore_domid;
    g[GNTTAB_RESERVED_XENSTORE].frame = l->store_gfn;
    /* The entries are valid only once flags says so. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    g[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
    g[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
}

/* Frame 0 of the grant table at a free gfn, written, then taken away. */
static int seed_at_scratch(xc_interface *xch, uint32_t domid,
                           const struct pvh_layout *l, uint32_t cons,
                           uint32_t store, char *why, size_t whylen)
{
    xen_pfn_t max, scratch;
    void *g;
    int r = -1;

    if ( xc_domain_maximum_gpfn(xch, domid, &max) )
    {
        snprintf(why, whylen, "XENMEM_maximum_gpfn: %m");
        return -1;
    }
    scratch = max + 1;
    if ( xc_domain_add_to_physmap(xch, domid, XENMAPSPACE_grant_table, 0,
                                  scratch) )
    {
        snprintf(why, whylen, "grant table frame at gfn %#lx: %m",
                 (unsigned long)scratch);
        return -1;
    }
    g = xc_map_foreign_range(xch, domid, XC_PAGE_SIZE,
                             PROT_READ | PROT_WRITE, scratch);
    if ( g )
    {
        fill_grants(g, l, cons, store);
        munmap(g, XC_PAGE_SIZE);
        r = 0;
    }
    else
        snprintf(why, whylen, "mapping the grant table: %m");
    if ( xc_domain_remove_from_physmap(xch, domid, scratch) && !r )
    {
        snprintf(why, whylen, "removing the grant table from gfn %#lx: %m",
                 (unsigned long)scratch);
        r = -1;
    }
    return r;
}

int pvh_seed_grants(xc_interface *xch, uint32_t domid,
                    const struct pvh_layout *l, uint32_t console_domid,
                    uint32_t xenstore_domid, char *why, size_t whylen)
{
    xenforeignmemory_resource_handle *res;
    void *g = NULL;

    res = xenforeignmemory_map_resource(xch->fmem, domid,
                                        XENMEM_resource_grant_table,
                                        XENMEM_resource_grant_table_id_shared,
                                        0, 1, &g, PROT_READ | PROT_WRITE, 0);
    if ( res )
    {
        fill_grants(g, l, console_domid, xenstore_domid);
        xenforeignmemory_unmap_resource(xch->fmem, res);
        return 0;
    }
    /* Kernels or hypervisors without acquire_resource: Xen's fallback. */
    if ( errno != EOPNOTSUPP && errno != ENOSYS && errno != ENOTTY )
    {
        snprintf(why, whylen, "mapping the grant table: %m");
        return -1;
    }
    return seed_at_scratch(xch, domid, l, console_domid, xenstore_domid,
                           why, whylen);
}

/* The record typecode/instance 0 in a context of len bytes, or NULL. */
static const void *find_record(const uint8_t *ctx, uint32_t len,
                               uint16_t type, uint32_t want)
{
    uint32_t off = 0;

    while ( len - off >= sizeof(struct hvm_save_descriptor) )
    {
        const struct hvm_save_descriptor *d = (const void *)(ctx + off);

        off += sizeof(*d);
        if ( d->length > len - off )
            return NULL;
        if ( d->typecode == type && d->instance == 0 && d->length >= want )
            return ctx + off;
        if ( d->typecode == HVM_SAVE_CODE(END) )
            return NULL;
        off += d->length;
    }
    return NULL;
}

/* The whole context of the domain, in a buffer of *len bytes. */
static uint8_t *get_context(xc_interface *xch, uint32_t domid, int *len,
                            char *why, size_t whylen)
{
    uint8_t *ctx;

    *len = xc_domain_hvm_getcontext(xch, domid, NULL, 0);
    if ( *len <= 0 || !(ctx = calloc(1, *len)) )
    {
        snprintf(why, whylen, "fetching the HVM context size: %m");
        return NULL;
    }
    *len = xc_domain_hvm_getcontext(xch, domid, ctx, *len);
    if ( *len <= 0 )
    {
        snprintf(why, whylen, "fetching the HVM context: %m");
        free(ctx);
        return NULL;
    }
    return ctx;
}

static void flat_protected_mode(struct hvm_hw_cpu *cpu, uint32_t entry,
                                uint64_t start_info_gpa)
{
    cpu->cs_base = cpu->ds_base = cpu->es_base = cpu->ss_base = 0;
    cpu->tr_base = 0;
    cpu->cs_limit = cpu->ds_limit = cpu->es_limit = cpu->ss_limit = ~0U;
    cpu->tr_limit = 0x67;
    cpu->cs_arbytes = 0xc9b;              /* 32-bit code, read/exec */
    cpu->ds_arbytes = cpu->es_arbytes = cpu->ss_arbytes = 0xc93;
    cpu->tr_arbytes = 0x8b;               /* busy 32-bit TSS */
    cpu->cr0 = X86_CR0_PE | X86_CR0_ET;
    cpu->rip = entry;
    cpu->rbx = start_info_gpa;
    cpu->dr6 = X86_DR6_DEFAULT;
    cpu->dr7 = X86_DR7_DEFAULT;
}

/* Appends one record (instance 0) to a partial context. */
static size_t put_record(uint8_t *buf, size_t off, uint16_t type,
                         const void *data, uint32_t len)
{
    struct hvm_save_descriptor d = { .typecode = type, .length = len };

    memcpy(buf + off, &d, sizeof(d));
    memcpy(buf + off + sizeof(d), data, len);
    return off + sizeof(d) + len;
}

/* HEADER (the domain's own), one record, END: loaded by sethvmcontext. */
static int set_one_record(xc_interface *xch, uint32_t domid,
                          const void *header, uint16_t type,
                          const void *rec, uint32_t len)
{
    uint8_t buf[3 * sizeof(struct hvm_save_descriptor) +
                HVM_SAVE_LENGTH(HEADER) + HVM_SAVE_LENGTH(CPU) +
                HVM_SAVE_LENGTH(MTRR)];
    size_t off;

    off = put_record(buf, 0, HVM_SAVE_CODE(HEADER), header,
                     HVM_SAVE_LENGTH(HEADER));
    off = put_record(buf, off, type, rec, len);
    off = put_record(buf, off, HVM_SAVE_CODE(END), NULL, 0);
    return xc_domain_hvm_setcontext(xch, domid, buf, off);
}

/*
 * MTRRs on with write-back as the default type, as Xen's libxc does for
 * guests without a device model (no firmware will set them up).
 */
static int enable_mtrrs(xc_interface *xch, uint32_t domid,
                        const uint8_t *ctx, int len, const void *header,
                        char *why, size_t whylen)
{
    const HVM_SAVE_TYPE(MTRR) *cur = find_record(ctx, len,
                                                 HVM_SAVE_CODE(MTRR),
                                                 HVM_SAVE_LENGTH(MTRR));
    HVM_SAVE_TYPE(MTRR) mtrr;

    if ( !cur )
        return 0;                  /* a hypervisor without MTRR state */
    memcpy(&mtrr, cur, sizeof(mtrr));
    mtrr.msr_mtrr_def_type = MTRR_TYPE_WRBACK | MTRR_DEF_ENABLE;
    if ( set_one_record(xch, domid, header, HVM_SAVE_CODE(MTRR), &mtrr,
                        sizeof(mtrr)) )
    {
        snprintf(why, whylen, "setting vCPU 0's MTRRs: %m");
        return -1;
    }
    return 0;
}

int pvh_set_bsp(xc_interface *xch, uint32_t domid, uint32_t entry,
                uint64_t start_info_gpa, char *why, size_t whylen)
{
    HVM_SAVE_TYPE(CPU) cpu;
    const void *header;
    int len, r = -1;
    uint8_t *ctx = get_context(xch, domid, &len, why, whylen);

    if ( !ctx )
        return -1;
    header = find_record(ctx, len, HVM_SAVE_CODE(HEADER),
                         HVM_SAVE_LENGTH(HEADER));
    if ( !header )
    {
        snprintf(why, whylen, "the HVM context has no header record");
        errno = EINVAL;
        goto out;
    }
    /*
     * MTRRs first: loading a context downs every vCPU whose CPU record it
     * lacks, so the CPU record must come last (as in Xen's vcpu_hvm).
     */
    if ( enable_mtrrs(xch, domid, ctx, len, header, why, whylen) )
        goto out;
    memset(&cpu, 0, sizeof(cpu));
    flat_protected_mode(&cpu, entry, start_info_gpa);
    if ( set_one_record(xch, domid, header, HVM_SAVE_CODE(CPU), &cpu,
                        sizeof(cpu)) )
    {
        snprintf(why, whylen, "setting vCPU 0's registers: %m");
        goto out;
    }
    r = 0;
 out:
    free(ctx);
    return r;
}
