/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's memory map, from hvm_start_info and from XENMEM_memory_map: the
 * same entries, sorted, none overlapping another, RAM on whole pages.
 * Under QEMU the host's first RAM entry ends at 0x9fc00, mid-page; it was
 * rounded up to 0xa0000 and overlapped the reserved 0x9fc00-0x9ffff.  Xen
 * 4.17 trims RAM inward to whole pages (pvh_setup_e820()).
 */
#include "guest.h"

#include <public/memory.h>

struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

#define MAX_MAP 128

static struct e820_entry hc[MAX_MAP];

/* Entry i of the start_info map. */
static const struct hvm_memmap_table_entry *si_entry(unsigned int i)
{
    return (const struct hvm_memmap_table_entry *)
        (unsigned long)start_info->memmap_paddr + i;
}

static void check_clean(const char *which, unsigned int nr,
                        uint64_t (*addr)(unsigned int),
                        uint64_t (*size)(unsigned int),
                        uint32_t (*type)(unsigned int))
{
    unsigned int i, bad_order = 0, bad_ram = 0;
    char what[80];

    for ( i = 0; i < nr; i++ )
    {
        printk("info %s %#llx-%#llx type %u\n", which,
               (unsigned long long)addr(i),
               (unsigned long long)(addr(i) + size(i) - 1), type(i));
        if ( i + 1 < nr && addr(i) + size(i) > addr(i + 1) )
            bad_order++;
        if ( type(i) == XEN_HVM_MEMMAP_TYPE_RAM &&
             ((addr(i) | size(i)) & (PAGE_SIZE - 1)) )
            bad_ram++;
    }
    snprintf(what, sizeof(what), "%s: sorted, no overlap", which);
    check_eq(bad_order, 0, what);
    snprintf(what, sizeof(what), "%s: RAM on whole pages", which);
    check_eq(bad_ram, 0, what);
}

static uint64_t si_addr(unsigned int i) { return si_entry(i)->addr; }
static uint64_t si_size(unsigned int i) { return si_entry(i)->size; }
static uint32_t si_type(unsigned int i) { return si_entry(i)->type; }
static uint64_t hc_addr(unsigned int i) { return hc[i].addr; }
static uint64_t hc_size(unsigned int i) { return hc[i].size; }
static uint32_t hc_type(unsigned int i) { return hc[i].type; }

void test_main(void)
{
    struct xen_memory_map mm = { .nr_entries = MAX_MAP };
    unsigned int i, nr = 0, same = 0;

    if ( start_info->version >= 1 && start_info->memmap_paddr )
        nr = start_info->memmap_entries;
    if ( check(nr > 0, "start_info has a memory map", "none") )
        check_clean("start_info", nr, si_addr, si_size, si_type);
    set_xen_guest_handle(mm.buffer, hc);
    if ( !check_eq_rc(memory_op(XENMEM_memory_map, &mm), 0,
                      "XENMEM_memory_map") )
        return;
    check_clean("memory_map", mm.nr_entries, hc_addr, hc_size, hc_type);
    check_eq(mm.nr_entries, nr, "both maps have the same entries");
    for ( i = 0; i < nr && i < mm.nr_entries; i++ )
        same += hc[i].addr == si_addr(i) && hc[i].size == si_size(i) &&
                hc[i].type == si_type(i);
    check_eq(same, nr, "... equal one by one");
}
