/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Where everything goes in a PVH guest, as Xen 4.17's libxl/libxc place it
 * when there is no device model:
 *   RAM          [0, min(mem, 0xfc000000)), the rest from 4 GiB up;
 *   kernel       at its ELF physical addresses (inside low RAM);
 *   ramdisk      the next page after the kernel;
 *   start info   the next page after that: hvm_start_info v1, the
 *                module list, the command line, the memory map;
 *   ACPI         at 0xfc000000 (the RSDP first), type ACPI in the map;
 *   special      the 8 frames below 0xff000, reserved in the map, the
 *                xenstore ring at 0xfeffc and the console at 0xfefff.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pvh-private.h"
#include <xen/arch-x86/hvm/start_info.h>

/* hvm_start_info, the ramdisk's module entry, command line, map. */
static uint64_t start_info_bytes(uint64_t ramdisk_size, size_t cmdline_len,
                                 unsigned int nr_e820)
{
    uint64_t n = sizeof(struct hvm_start_info);

    if ( ramdisk_size )
        n += sizeof(struct hvm_modlist_entry);
    n += (cmdline_len + 1 + 7) & ~7ULL;
    return n + nr_e820 * sizeof(struct hvm_memmap_table_entry);
}

static void add_e820(struct pvh_layout *l, uint64_t addr, uint64_t size,
                     uint32_t type)
{
    l->e820[l->nr_e820++] = (struct pvh_e820){ addr, size, type };
}

/* The map, in address order. */
static void build_e820(struct pvh_layout *l)
{
    l->nr_e820 = 0;
    add_e820(l, 0, l->lowmem_end, XEN_HVM_MEMMAP_TYPE_RAM);
    add_e820(l, l->acpi_gpa, l->acpi_size, XEN_HVM_MEMMAP_TYPE_ACPI);
    add_e820(l, PVH_SPECIAL_PFN(0) << PVH_PAGE_SHIFT,
             PVH_NR_SPECIAL * PVH_PAGE_SIZE, XEN_HVM_MEMMAP_TYPE_RESERVED);
    if ( l->highmem_end )
        add_e820(l, PVH_4G, l->highmem_end - PVH_4G,
                 XEN_HVM_MEMMAP_TYPE_RAM);
}

static int too_big(char *why, size_t whylen, const char *what,
                   uint64_t end, uint64_t lowmem_end)
{
    snprintf(why, whylen, "layout: %s would end at %#llx, beyond the "
             "guest's low RAM (%llu MiB): give it more memory", what,
             (unsigned long long)end,
             (unsigned long long)(lowmem_end >> 20));
    errno = ENOMEM;
    return -1;
}

int pvh_layout_compute(struct pvh_layout *l, uint64_t memory_kib,
                       const struct pvh_kernel *k, uint64_t ramdisk_size,
                       size_t cmdline_len, const struct pvh_acpi *acpi,
                       char *why, size_t whylen)
{
    uint64_t ram = (memory_kib << 10) & ~(PVH_PAGE_SIZE - 1);
    uint64_t next;

    memset(l, 0, sizeof(*l));
    if ( !memory_kib || memory_kib > (1ULL << 40) || !ram )
    {
        snprintf(why, whylen, "layout: memory of %llu KiB is not usable",
                 (unsigned long long)memory_kib);
        errno = EINVAL;
        return -1;
    }
    l->lowmem_end = ram < PVH_MMIO_START ? ram : PVH_MMIO_START;
    l->highmem_end = ram > PVH_MMIO_START ? PVH_4G + ram - PVH_MMIO_START
                                          : 0;
    l->acpi_gpa = acpi->base;
    l->acpi_size = PVH_ROUNDUP(acpi->size);
    l->rsdp_gpa = acpi->rsdp;
    l->store_gfn = PVH_SPECIAL_PFN(PVH_SPECIAL_XENSTORE);
    l->console_gfn = PVH_SPECIAL_PFN(PVH_SPECIAL_CONSOLE);
    build_e820(l);

    l->kernel_start = k->start;
    l->kernel_end = k->end;
    if ( k->end > l->lowmem_end )
        return too_big(why, whylen, "the kernel", k->end, l->lowmem_end);
    next = PVH_ROUNDUP(k->end);
    if ( ramdisk_size )
    {
        l->ramdisk_gpa = next;
        l->ramdisk_size = ramdisk_size;
        next += PVH_ROUNDUP(ramdisk_size);
        if ( next > l->lowmem_end || next < l->ramdisk_gpa )
            return too_big(why, whylen, "the ramdisk", next, l->lowmem_end);
    }
    l->start_info_gpa = next;
    l->start_info_size = start_info_bytes(ramdisk_size, cmdline_len,
                                          l->nr_e820);
    next += PVH_ROUNDUP(l->start_info_size);
    if ( next > l->lowmem_end )
        return too_big(why, whylen, "the start info", next, l->lowmem_end);
    return 0;
}

void pvh_start_info_build(const struct pvh_layout *l, const char *cmdline,
                          uint8_t *buf)
{
    struct hvm_start_info si = {
        .magic = XEN_HVM_START_MAGIC_VALUE, .version = 1,
        .rsdp_paddr = l->rsdp_gpa, .memmap_entries = l->nr_e820,
    };
    uint64_t off = sizeof(si);
    size_t len = cmdline ? strlen(cmdline) : 0;
    unsigned int i;

    memset(buf, 0, l->start_info_size);
    if ( l->ramdisk_size )
    {
        struct hvm_modlist_entry mod = {
            .paddr = l->ramdisk_gpa, .size = l->ramdisk_size,
        };

        si.nr_modules = 1;
        si.modlist_paddr = l->start_info_gpa + off;
        memcpy(buf + off, &mod, sizeof(mod));
        off += sizeof(mod);
    }
    if ( cmdline )
    {
        si.cmdline_paddr = l->start_info_gpa + off;
        memcpy(buf + off, cmdline, len + 1);
    }
    off += (len + 1 + 7) & ~7ULL;
    si.memmap_paddr = l->start_info_gpa + off;
    for ( i = 0; i < l->nr_e820; i++ )
    {
        struct hvm_memmap_table_entry e = {
            .addr = l->e820[i].addr, .size = l->e820[i].size,
            .type = l->e820[i].type,
        };

        memcpy(buf + off + i * sizeof(e), &e, sizeof(e));
    }
    memcpy(buf, &si, sizeof(si));
}
