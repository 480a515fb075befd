/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's machine MMIO, mapped 1:1: see asm/dom0_mmio.h for what and why.
 *
 * Not mapped: the local APIC page (dom0 has the vLAPIC there), the
 * IO-APIC pages (dom0's vIO-APICs, hvm/vioapic.c).  The HPET is mapped:
 * the hypervisor does not use it, its ACPI table is hidden from dom0 (so
 * Linux does not take it as a timer), but firmware AML may read its ID
 * registers (QEMU's DSDT does, in the HPET device's _STA).  Were the
 * hypervisor to take the HPET, its page would have to leave this map.
 * Above 4 GiB nothing is mapped here: the BARs dom0 enables there are
 * mapped by vPCI (drivers/vpci/header.c), which also takes the ECAM
 * regions and the MSI-X table pages out of this map.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/dom0_mmio.h>
#include <asm/p2m.h>
#include <asm/pci.h>

/*
 * Blocked interval i: the RAM entries of map first (others are empty),
 * then the excluded frames.
 */
struct blocked {
    const struct e820entry *map;
    unsigned int nr;
    const unsigned long *excl;
    unsigned int nexcl;
};

static bool blocked_get(const struct blocked *b, unsigned int i,
                        struct frame_range *r)
{
    if ( i >= b->nr )
    {
        r->start = b->excl[i - b->nr];
        r->end = r->start + 1;
        return true;
    }
    if ( b->map[i].type != E820_RAM || !b->map[i].size )
        return false;
    r->start = PFN_DOWN(b->map[i].addr);
    r->end = PFN_UP(b->map[i].addr + b->map[i].size);
    return true;
}

/* Past every blocked interval that covers f: the first free frame. */
static unsigned long skip_blocked(const struct blocked *b, unsigned long f)
{
    struct frame_range r;
    unsigned int i;
    bool moved;

    do {
        moved = false;
        for ( i = 0; i < b->nr + b->nexcl; i++ )
            if ( blocked_get(b, i, &r) && r.start <= f && f < r.end )
            {
                f = r.end;
                moved = true;
            }
    } while ( moved );
    return f;
}

/* The first blocked frame after f, or limit. */
static unsigned long next_blocked(const struct blocked *b, unsigned long f,
                                  unsigned long limit)
{
    struct frame_range r;
    unsigned int i;

    for ( i = 0; i < b->nr + b->nexcl; i++ )
        if ( blocked_get(b, i, &r) && r.start > f && r.start < limit )
            limit = r.start;
    return limit;
}

int dom0_mmio_ranges(const struct e820entry *map, unsigned int nr,
                     unsigned long lo, unsigned long hi,
                     const unsigned long *excl, unsigned int nexcl,
                     struct frame_range *out, unsigned int max)
{
    const struct blocked b = { map, nr, excl, nexcl };
    unsigned long f = lo;
    unsigned int n = 0;

    while ( (f = skip_blocked(&b, f)) < hi )
    {
        unsigned long end = next_blocked(&b, f, hi);

        if ( n == max )
            return -1;
        out[n].start = f;
        out[n++].end = end;
        f = end;
    }
    return n;
}

/* The pages the hypervisor owns or emulates in dom0's MMIO space. */
static unsigned int hypervisor_pages(unsigned long *excl)
{
    unsigned int i, n = 0;

    excl[n++] = PFN_DOWN(acpi_info.lapic_addr ? acpi_info.lapic_addr
                                              : 0xfee00000UL);
    if ( acpi_info.lapic_addr && PFN_DOWN(acpi_info.lapic_addr) !=
                                 PFN_DOWN(0xfee00000UL) )
        excl[n++] = PFN_DOWN(0xfee00000UL);   /* dom0's vLAPIC */
    for ( i = 0; i < acpi_info.nr_ioapics && n < DOM0_MMIO_MAX_EXCLUDE;
          i++ )
        excl[n++] = PFN_DOWN(acpi_info.ioapics[i].addr);
    return n;
}

int dom0_mmio_map(struct domain *d)
{
    static struct frame_range runs[E820_MAX + DOM0_MMIO_MAX_EXCLUDE + 1];
    unsigned long excl[DOM0_MMIO_MAX_EXCLUDE];
    unsigned int nexcl = hypervisor_pages(excl);
    unsigned long mapped = 0;
    int i, n, rc = 0;

    n = dom0_mmio_ranges(e820.map, e820.nr_map, PFN_DOWN(1UL << 20),
                         PFN_DOWN(1UL << 32), excl, nexcl, runs,
                         ARRAY_SIZE(runs));
    if ( n < 0 )
        return -ENOSPC;
    for ( i = 0; i < n && !rc; i++ )
    {
        rc = p2m_map_identity(d, runs[i].start,
                              runs[i].end - runs[i].start, p2m_mmio_direct);
        mapped += runs[i].end - runs[i].start;
    }
    printk("dom0: %lu MiB of MMIO below 4 GiB mapped 1:1 in %d runs\n",
           mapped >> 8, n);
    return rc;
}

/* Does [start, end) touch a RAM entry of the host map? */
static bool range_touches_ram(unsigned long start, unsigned long end)
{
    unsigned int i;

    for ( i = 0; i < e820.nr_map; i++ )
        if ( e820.map[i].type == E820_RAM && e820.map[i].size &&
             start < PFN_UP(e820.map[i].addr + e820.map[i].size) &&
             PFN_DOWN(e820.map[i].addr) < end )
            return true;
    return false;
}

static bool range_touches_ecam(unsigned long start, unsigned long end)
{
    const struct pci_mmcfg *m;
    unsigned int i;

    for ( i = 0; (m = pci_mmcfg_region(i)); i++ )
        if ( start < PFN_DOWN(m->base) + ((m->end_bus + 1UL) << 8) &&
             PFN_DOWN(m->base) + ((unsigned long)m->start_bus << 8) < end )
            return true;
    return false;
}

bool dom0_mmio_allowed(unsigned long start, unsigned long nr)
{
    unsigned long excl[DOM0_MMIO_MAX_EXCLUDE];
    unsigned int n = hypervisor_pages(excl), i;

    if ( !nr || start < PFN_DOWN(1UL << 20) || start + nr < start ||
         (start + nr) > (1UL << (48 - PAGE_SHIFT)) ||
         range_touches_ram(start, start + nr) ||
         range_touches_ecam(start, start + nr) )
        return false;
    for ( i = 0; i < n; i++ )
        if ( excl[i] >= start && excl[i] < start + nr )
            return false;
    return true;
}

bool dom0_mmio_default(unsigned long mfn)
{
    return mfn < PFN_DOWN(1UL << 32) && dom0_mmio_allowed(mfn, 1);
}
