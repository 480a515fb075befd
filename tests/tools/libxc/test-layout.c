/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the builder puts things in a PVH guest, and the start info it
 * writes: RAM below the 0xfc000000 hole and above 4 GiB, ACPI and the
 * special pages outside RAM, ramdisk and start info after the kernel,
 * hvm_start_info v1 with the module, command line and memory map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pvh-private.h"
#include <xen/arch-x86/hvm/start_info.h>

static char why[256];

/* A kernel at [16 MiB, 16 MiB + size) for the layout. */
static struct pvh_kernel kernel(uint64_t size)
{
    struct pvh_kernel k = { .start = 0x1000000, .end = 0x1000000 + size,
                            .entry = 0x1000000 };

    return k;
}

static int compute(struct pvh_layout *l, uint64_t mem_kib, uint64_t kbytes,
                   uint64_t ramdisk, size_t cmdline, struct pvh_acpi *a)
{
    struct pvh_kernel k = kernel(kbytes);

    EXPECT_EQ(pvh_acpi_build(a, PVH_ACPI_BASE, 2, 2, why, sizeof(why)), 0);
    return pvh_layout_compute(l, mem_kib, &k, ramdisk, cmdline, a, why,
                              sizeof(why));
}

/* No two map entries overlap; RAM never covers ACPI or special pages. */
static void check_map(const struct pvh_layout *l)
{
    unsigned int i, j;

    for ( i = 0; i < l->nr_e820; i++ )
        for ( j = i + 1; j < l->nr_e820; j++ )
            EXPECT(l->e820[i].addr + l->e820[i].size <= l->e820[j].addr);
}

TEST(small_guest_layout)
{
    struct pvh_layout l;
    struct pvh_acpi a;

    EXPECT_EQ(compute(&l, 256 * 1024, 0x2345678, 0x123456, 20, &a), 0);
    EXPECT_EQ(l.lowmem_end, 256ULL << 20);
    EXPECT_EQ(l.highmem_end, 0);
    EXPECT_EQ(l.ramdisk_gpa, 0x1000000 + 0x2346000);
    EXPECT_EQ(l.start_info_gpa, l.ramdisk_gpa + 0x124000);
    EXPECT_EQ(l.store_gfn, 0xfeffc);
    EXPECT_EQ(l.console_gfn, 0xfefff);
    EXPECT_EQ(l.nr_e820, 3);
    EXPECT_EQ(l.e820[0].type, XEN_HVM_MEMMAP_TYPE_RAM);
    EXPECT_EQ(l.e820[1].addr, 0xfc000000);
    EXPECT_EQ(l.e820[1].type, XEN_HVM_MEMMAP_TYPE_ACPI);
    EXPECT_EQ(l.e820[2].addr, 0xfeff8000);
    EXPECT_EQ(l.e820[2].size, 0x8000);
    EXPECT_EQ(l.e820[2].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
    check_map(&l);
    pvh_acpi_free(&a);
}

TEST(large_guest_has_high_ram)
{
    struct pvh_layout l;
    struct pvh_acpi a;

    EXPECT_EQ(compute(&l, 5ULL << 20, 0x100000, 0, 0, &a), 0);
    EXPECT_EQ(l.lowmem_end, 0xfc000000);
    EXPECT_EQ(l.highmem_end, (1ULL << 32) + (5ULL << 30) - 0xfc000000);
    EXPECT_EQ(l.nr_e820, 4);
    EXPECT_EQ(l.e820[3].addr, 1ULL << 32);
    EXPECT_EQ(l.e820[0].size + l.e820[3].size, 5ULL << 30);
    check_map(&l);
    pvh_acpi_free(&a);
}

TEST(guest_too_small_for_its_kernel_is_refused)
{
    struct pvh_layout l;
    struct pvh_acpi a;

    EXPECT_EQ(compute(&l, 16 * 1024, 0x100000, 0, 0, &a), -1);
    EXPECT_EQ(errno, ENOMEM);
    EXPECT(strstr(why, "the kernel") != NULL);
    pvh_acpi_free(&a);
    EXPECT_EQ(compute(&l, 32 * 1024, 0x100000, 64 << 20, 0, &a), -1);
    EXPECT(strstr(why, "the ramdisk") != NULL);
    pvh_acpi_free(&a);
    EXPECT_EQ(compute(&l, 0, 0x100000, 0, 0, &a), -1);
    EXPECT_EQ(errno, EINVAL);
    pvh_acpi_free(&a);
}

TEST(start_info_contents)
{
    static const char cmdline[] = "console=hvc0 root=/dev/ram0";
    struct pvh_layout l;
    struct pvh_acpi a;
    struct hvm_start_info si;
    struct hvm_modlist_entry mod;
    struct hvm_memmap_table_entry e;
    uint8_t *buf;
    unsigned int i;

    EXPECT_EQ(compute(&l, 128 * 1024, 0x800000, 0x300000,
                      strlen(cmdline), &a), 0);
    buf = malloc(l.start_info_size);
    pvh_start_info_build(&l, cmdline, buf);
    memcpy(&si, buf, sizeof(si));
    EXPECT_EQ(si.magic, XEN_HVM_START_MAGIC_VALUE);
    EXPECT_EQ(si.version, 1);
    EXPECT_EQ(si.rsdp_paddr, PVH_ACPI_BASE);
    EXPECT_EQ(si.nr_modules, 1);
    memcpy(&mod, buf + (si.modlist_paddr - l.start_info_gpa), sizeof(mod));
    EXPECT_EQ(mod.paddr, l.ramdisk_gpa);
    EXPECT_EQ(mod.size, 0x300000);
    EXPECT(!strcmp((char *)buf + (si.cmdline_paddr - l.start_info_gpa),
                   cmdline));
    EXPECT_EQ(si.memmap_entries, l.nr_e820);
    EXPECT_EQ(si.memmap_paddr % 8, 0);
    EXPECT(si.memmap_paddr + si.memmap_entries * sizeof(e) <=
           l.start_info_gpa + l.start_info_size);
    for ( i = 0; i < si.memmap_entries; i++ )
    {
        memcpy(&e, buf + (si.memmap_paddr - l.start_info_gpa) +
               i * sizeof(e), sizeof(e));
        EXPECT_EQ(e.addr, l.e820[i].addr);
        EXPECT_EQ(e.size, l.e820[i].size);
        EXPECT_EQ(e.type, l.e820[i].type);
    }
    free(buf);
    pvh_acpi_free(&a);
}

TEST(start_info_without_ramdisk_or_cmdline)
{
    struct pvh_layout l;
    struct pvh_acpi a;
    struct hvm_start_info si;
    uint8_t *buf;

    EXPECT_EQ(compute(&l, 64 * 1024, 0x800000, 0, 0, &a), 0);
    EXPECT_EQ(l.start_info_gpa, 0x1800000);
    buf = malloc(l.start_info_size);
    pvh_start_info_build(&l, NULL, buf);
    memcpy(&si, buf, sizeof(si));
    EXPECT_EQ(si.nr_modules, 0);
    EXPECT_EQ(si.modlist_paddr, 0);
    EXPECT_EQ(si.cmdline_paddr, 0);
    EXPECT_EQ(si.memmap_entries, 3);
    free(buf);
    pvh_acpi_free(&a);
}
