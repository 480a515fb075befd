/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * C side of guest start-up: environment description, page-table
 * adjustments for the fault tests, memory map queries, and the call into
 * the test.
 */
#include "guest.h"
#include "private.h"

#include <public/memory.h>

const char guest_env[] = GUEST_ENV;
const struct hvm_start_info *start_info;

/* Flat view of the page directories built by head.S. */
#if defined(ENV_X64) || defined(ENV_X32PAE)
extern uint64_t pt_pd[2048];
#define PD_SHIFT 21
#define PD_NONE  ((uint64_t)0)
#elif defined(ENV_X32PSE)
extern uint32_t pt_pd[1024];
#define PD_SHIFT 22
#endif

bool env_is_64bit(void)
{
#ifdef ENV_X64
    return true;
#else
    return false;
#endif
}

bool env_has_paging(void)
{
#ifdef ENV_X32
    return false;
#else
    return true;
#endif
}

/*
 * Punch the not-present hole and the read-only alias (of physical 0)
 * into the identity map; see PF_HOLE_VA and PF_RO_VA.
 */
static void paging_setup(void)
{
#ifndef ENV_X32
    pt_pd[PF_HOLE_VA >> PD_SHIFT] = 0;
    pt_pd[PF_RO_VA >> PD_SHIFT] = 0x81;     /* present, 2M/4M page, RO */
    invlpg((void *)PF_HOLE_VA);
    invlpg((void *)PF_RO_VA);
#endif
}

/*
 * The memory map: from hvm_start_info (version 1) if it carries one, else
 * from XENMEM_memory_map (Xen 4.17 gives a PVH dom0 none in start_info).
 * E820 entries are 20 bytes, packed.
 */
struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

#define MAX_MAP 128
static struct guest_mem_range map[MAX_MAP];
static unsigned int map_nr;

static void memmap_from_start_info(void)
{
    const struct hvm_memmap_table_entry *e =
        (const void *)(unsigned long)start_info->memmap_paddr;
    unsigned int i;

    for ( i = 0; i < start_info->memmap_entries && i < MAX_MAP; i++ )
    {
        map[i].addr = e[i].addr;
        map[i].size = e[i].size;
        map[i].type = e[i].type;
    }
    map_nr = i;
}

static void memmap_from_hypercall(void)
{
    static struct e820_entry e[MAX_MAP];
    struct xen_memory_map mm = { .nr_entries = MAX_MAP };
    unsigned int i;

    set_xen_guest_handle(mm.buffer, e);
    if ( memory_op(XENMEM_memory_map, &mm) )
        return;
    for ( i = 0; i < mm.nr_entries && i < MAX_MAP; i++ )
    {
        map[i].addr = e[i].addr;
        map[i].size = e[i].size;
        map[i].type = e[i].type;
    }
    map_nr = i;
}

const struct guest_mem_range *guest_memmap(unsigned int *nr)
{
    if ( !map_nr && start_info->version >= 1 && start_info->memmap_paddr &&
         start_info->memmap_entries )
        memmap_from_start_info();
    if ( !map_nr )
        memmap_from_hypercall();
    *nr = map_nr;
    return map;
}

uint64_t guest_ram_end(void)
{
    const struct guest_mem_range *e;
    unsigned int i, nr;
    uint64_t end = 0;

    e = guest_memmap(&nr);
    for ( i = 0; i < nr; i++ )
        if ( e[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
             e[i].addr + e[i].size > end )
            end = e[i].addr + e[i].size;
    return end;
}

static bool in_memmap(uint64_t addr)
{
    const struct guest_mem_range *e;
    unsigned int i, nr;

    e = guest_memmap(&nr);
    for ( i = 0; i < nr; i++ )
        if ( e[i].type != XEN_HVM_MEMMAP_TYPE_UNUSABLE &&
             addr >= e[i].addr && addr < e[i].addr + e[i].size )
            return true;
    return false;
}

uint64_t guest_unbacked_addr(void)
{
    const uint64_t step = 16UL << 20;
    uint64_t a = (guest_ram_end() + 2 * step - 1) & ~(step - 1);

    for ( ; a < 0xc0000000ULL; a += step )
    {
        if ( a >= (PF_RO_VA & ~(step - 1)) && a < PF_HOLE_VA + step )
            continue;
        if ( !in_memmap(a) && !in_memmap(a + step - 1) )
            return a;
    }
    return 0;
}

void guest_start(unsigned long start_info_pa)
{
    start_info = (const void *)start_info_pa;
    traps_init();
    paging_setup();
    if ( !hypercall_init() )
    {
        printk("guest %s-%s: no Xen CPUID leaves / hypercall page\n",
               guest_test, guest_env);
        for ( ;; )
            asm volatile ( "hlt" );
    }
    printk("guest %s-%s: start, Xen leaves at %#x, start_info at %#lx\n",
           guest_test, guest_env, xen_cpuid_base, start_info_pa);
    if ( start_info->magic != XEN_HVM_START_MAGIC_VALUE )
        check(false, "start_info magic", "got %#x", start_info->magic);
    test_main();
    verdict();
}
