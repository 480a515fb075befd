/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's MMIO runs (xen/arch/x86/dom0_mmio.c: dom0_mmio_ranges): the
 * non-RAM frames of [1 MiB, 4 GiB) minus the hypervisor's pages, for
 * QEMU's pc memory map, an unsorted map, partial RAM pages and overflow;
 * and what vPCI may map or trap (dom0_mmio_allowed, dom0_mmio_default):
 * never RAM, ECAM or the APIC pages, nothing below 1 MiB or past 2^48.
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

#include "../../xen/arch/x86/dom0_mmio.c"

#include "harness.h"

struct acpi_info acpi_info;
struct e820map e820;

/* One ECAM region, as q35 has: buses 0-255 at 0xb0000000. */
static const struct pci_mmcfg ecam = { 0xb0000000, 0, 0, 255 };
static bool have_ecam;

const struct pci_mmcfg *pci_mmcfg_region(unsigned int i)
{
    return have_ecam && !i ? &ecam : NULL;
}

static struct { unsigned long gfn, nr; p2m_type_t t; } maps[16];
static unsigned int nr_maps;

int p2m_map_identity(struct domain *d, unsigned long gfn, unsigned long nr,
                     p2m_type_t t)
{
    if ( nr_maps < 16 )
    {
        maps[nr_maps].gfn = gfn;
        maps[nr_maps].nr = nr;
        maps[nr_maps].t = t;
    }
    nr_maps++;
    return 0;
}

#define LO  0x100UL         /* 1 MiB */
#define HI  0x100000UL      /* 4 GiB */

/* QEMU pc, -m 2048, SeaBIOS: RAM to 0x7ffe0000, then reserved bits. */
static const struct e820entry qemu_pc[] = {
    { 0, 0x9fc00, E820_RAM },
    { 0x9fc00, 0x400, E820_RESERVED },
    { 0xf0000, 0x10000, E820_RESERVED },
    { 0x100000, 0x7fee0000, E820_RAM },
    { 0x7ffe0000, 0x20000, E820_RESERVED },
    { 0xfeffc000, 0x4000, E820_RESERVED },
    { 0xfffc0000, 0x40000, E820_RESERVED },
};

TEST(qemu_pc_hole_minus_apics)
{
    const unsigned long excl[] = { 0xfee00, 0xfec00 };
    struct frame_range r[8];
    int n = dom0_mmio_ranges(qemu_pc, ARRAY_SIZE(qemu_pc), LO, HI, excl, 2,
                             r, 8);

    EXPECT_EQ(n, 3);
    EXPECT_EQ(r[0].start, 0x7ffe0);
    EXPECT_EQ(r[0].end, 0xfec00);
    EXPECT_EQ(r[1].start, 0xfec01);
    EXPECT_EQ(r[1].end, 0xfee00);
    EXPECT_EQ(r[2].start, 0xfee01);
    EXPECT_EQ(r[2].end, HI);
}

TEST(unsorted_map_and_partial_ram_pages)
{
    const struct e820entry map[] = {
        { 0x40000800, 0x1000, E820_RAM },           /* touches 2 frames */
        { 0x100000, 0x3ff00000, E820_RAM },
        { 0x80000000, 0x1000, E820_ACPI },          /* not RAM: mapped */
    };
    struct frame_range r[8];
    int n = dom0_mmio_ranges(map, ARRAY_SIZE(map), LO, HI, NULL, 0, r, 8);

    EXPECT_EQ(n, 1);
    EXPECT_EQ(r[0].start, 0x40002);
    EXPECT_EQ(r[0].end, HI);
}

TEST(all_ram_gives_nothing_and_overflow)
{
    const struct e820entry all[] = { { 0, 1UL << 32, E820_RAM } };
    const unsigned long excl[] = { 0x200, 0x400, 0x600 };
    struct frame_range r[2];

    EXPECT_EQ(dom0_mmio_ranges(all, 1, LO, HI, NULL, 0, r, 2), 0);
    EXPECT_EQ(dom0_mmio_ranges(NULL, 0, LO, HI, excl, 3, r, 2), -1);
    EXPECT_EQ(dom0_mmio_ranges(NULL, 0, LO, HI, excl, 1, r, 2), 2);
    EXPECT_EQ(r[0].start, LO);
    EXPECT_EQ(r[0].end, 0x200);
    EXPECT_EQ(r[1].start, 0x201);
    EXPECT_EQ(dom0_mmio_ranges(NULL, 0, LO, LO, excl, 1, r, 2), 0);
}

TEST(adjacent_excluded_pages_merge)
{
    const unsigned long excl[] = { 0x300, 0x301, 0x2ff };
    struct frame_range r[4];
    int n = dom0_mmio_ranges(NULL, 0, LO, 0x400, excl, 3, r, 4);

    EXPECT_EQ(n, 2);
    EXPECT_EQ(r[0].end, 0x2ff);
    EXPECT_EQ(r[1].start, 0x302);
    EXPECT_EQ(r[1].end, 0x400);
}

TEST(map_uses_host_map_and_apics)
{
    struct domain d;

    memcpy(e820.map, qemu_pc, sizeof(qemu_pc));
    e820.nr_map = ARRAY_SIZE(qemu_pc);
    acpi_info.lapic_addr = 0xfee00000;
    acpi_info.nr_ioapics = 1;
    acpi_info.ioapics[0].addr = 0xfec00000;
    nr_maps = 0;
    EXPECT_EQ(dom0_mmio_map(&d), 0);
    EXPECT_EQ(nr_maps, 3);
    EXPECT_EQ(maps[0].gfn, 0x7ffe0);
    EXPECT_EQ(maps[0].t, p2m_mmio_direct);
    EXPECT_EQ(maps[2].gfn + maps[2].nr, HI);
}

TEST(what_vpci_may_map)
{
    memcpy(e820.map, qemu_pc, sizeof(qemu_pc));
    e820.nr_map = ARRAY_SIZE(qemu_pc);
    acpi_info.lapic_addr = 0xfee00000;
    acpi_info.nr_ioapics = 1;
    acpi_info.ioapics[0].addr = 0xfec00000;
    have_ecam = true;
    EXPECT(dom0_mmio_allowed(0xfe000, 4));          /* a BAR in the hole */
    EXPECT(dom0_mmio_allowed(0x800000, 0x100));     /* above 4 GiB */
    EXPECT(!dom0_mmio_allowed(0x7ff00, 0x100));     /* RAM */
    EXPECT(!dom0_mmio_allowed(0x7ffdf, 2));         /* touches RAM */
    EXPECT(!dom0_mmio_allowed(0xfee00, 1));         /* local APIC */
    EXPECT(!dom0_mmio_allowed(0xfebff, 2));         /* IO-APIC */
    EXPECT(!dom0_mmio_allowed(0xb0000, 1));         /* ECAM */
    EXPECT(!dom0_mmio_allowed(0xbffff, 1));
    EXPECT(dom0_mmio_allowed(0xc0000, 1));          /* just past it */
    EXPECT(!dom0_mmio_allowed(0x50, 1));            /* below 1 MiB */
    EXPECT(!dom0_mmio_allowed(1UL << 36, 1));       /* past 2^48 */
    EXPECT(!dom0_mmio_allowed(0xfe000, 0));
    EXPECT(dom0_mmio_default(0xfe000));
    EXPECT(!dom0_mmio_default(0x800000));           /* above 4 GiB: BARs */
    EXPECT(!dom0_mmio_default(0xb0010));
    have_ecam = false;
    EXPECT(dom0_mmio_default(0xb0010));
}
