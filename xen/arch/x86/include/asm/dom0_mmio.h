/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's machine MMIO: every frame between 1 MiB and 4 GiB that is not
 * RAM in the host map and not a page the hypervisor owns or emulates is
 * mapped 1:1 (p2m_mmio_direct): the PCI hole with the BARs firmware
 * placed there, the firmware's reserved, ACPI and NVS ranges, the BIOS
 * ROM.  The excluded pages (the local APIC page, the IO-APIC pages) are
 * left unmapped so dom0's accesses fault into the emulators.  Below
 * 1 MiB, dom0_build.c maps RAM and the legacy VGA/ROM window itself.
 */
#ifndef X86_DOM0_MMIO_H
#define X86_DOM0_MMIO_H

#include <xen/types.h>
#include <asm/e820.h>

struct domain;

/* A run of frames [start, end). */
struct frame_range {
    unsigned long start, end;
};

#define DOM0_MMIO_MAX_EXCLUDE   (2 + 8)     /* LAPIC, HPET?, IO-APICs */

/*
 * The frames of [lo, hi) that are neither RAM in map[0..nr) (any frame
 * a RAM entry touches) nor one of the frames excl[0..nexcl), as sorted
 * runs in out[0..max).  Returns the number of runs, or -1 if more than
 * max would be needed.  map need not be sorted.
 */
int dom0_mmio_ranges(const struct e820entry *map, unsigned int nr,
                     unsigned long lo, unsigned long hi,
                     const unsigned long *excl, unsigned int nexcl,
                     struct frame_range *out, unsigned int max);

/*
 * Map dom0's MMIO as above, from the host map and the hypervisor's
 * devices (acpi_info).  0 or -errno.
 */
int dom0_mmio_map(struct domain *d);

/*
 * May dom0 have the frames [start, start + nr) mapped as MMIO: above
 * 1 MiB, below 2^48, no RAM, no page the hypervisor owns or emulates,
 * no ECAM?  (vPCI asks this before it maps a BAR above 4 GiB or traps
 * an MSI-X table.)
 */
bool dom0_mmio_allowed(unsigned long start, unsigned long nr);

/* Is frame mfn mapped 1:1 in dom0 by default (dom0_mmio_map)? */
bool dom0_mmio_default(unsigned long mfn);

#endif /* X86_DOM0_MMIO_H */
