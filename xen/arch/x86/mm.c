/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor memory set-up: the direct map of all RAM, the frame table,
 * and the hand-over of free RAM to the buddy allocator.
 *
 * Before the heap exists, pages come from a boot allocator that takes
 * them from the top of the free RAM ranges (so the hypervisor's own data
 * sits high, away from the low memory a 1:1 dom0 wants).  Page-table pages
 * needed before the new direct map is live come from below 1 GiB, which
 * the boot page tables already map.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/mm.h>
#include <asm/processor.h>

#define BOOT_MAP_LIMIT  (1UL << 30)
#define LOW_RESERVED    (1UL << 20)     /* BIOS area, AP trampoline */

extern char __image_start[], __image_end[];

/* Free RAM not yet handed out, page granular: a copy of the e820 RAM. */
static struct e820map free_ram;
static bool heap_up;
static DEFINE_SPINLOCK(map_lock);

void *boot_alloc_pages(unsigned long nr, paddr_t limit)
{
    int i;

    for ( i = free_ram.nr_map - 1; i >= 0; i-- )
    {
        struct e820entry *e = &free_ram.map[i];
        uint64_t end = min(e->addr + e->size, (uint64_t)limit);

        if ( e->type != E820_RAM || end < e->addr + nr * PAGE_SIZE )
            continue;
        end = ROUNDDOWN(end, PAGE_SIZE) - nr * PAGE_SIZE;
        if ( end < e->addr )
            continue;
        /* Carve [end, end + nr pages) out of the free range. */
        e820_change_range_type(&free_ram, end, end + nr * PAGE_SIZE,
                               E820_RESERVED);
        memset(__va(end), 0, nr * PAGE_SIZE);
        return __va(end);
    }
    panic("boot allocator: no room for %lu pages below %#lx", nr, limit);
}

static pte_t *alloc_pt_page(void)
{
    void *p;

    if ( !heap_up )
        return boot_alloc_pages(1, BOOT_MAP_LIMIT);
    p = alloc_xenheap_page();
    if ( p )
        memset(p, 0, PAGE_SIZE);
    return p;
}

/* The table one level down from entry *pte, made if absent. */
static pte_t *next_level(pte_t *pte)
{
    pte_t *t;

    if ( *pte & _PAGE_PRESENT )
    {
        BUG_ON(*pte & _PAGE_PSE);
        return __va(*pte & PTE_ADDR_MASK);
    }
    t = alloc_pt_page();
    if ( !t )
        return NULL;
    *pte = __pa(t) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
           _PAGE_DIRTY;
    return t;
}

/* Map one 2 MiB page (level 2) or 4 KiB page (level 1) at va. */
static int map_one(pte_t *l4, unsigned long va, paddr_t pa,
                   unsigned long flags, bool large)
{
    pte_t *l3, *l2, *l1;

    l3 = next_level(&l4[l4_table_offset(va)]);
    l2 = l3 ? next_level(&l3[l3_table_offset(va)]) : NULL;
    if ( !l2 )
        return -1;
    if ( large )
    {
        l2[l2_table_offset(va)] = pa | flags | _PAGE_PSE;
        return 0;
    }
    l1 = next_level(&l2[l2_table_offset(va)]);
    if ( !l1 )
        return -1;
    l1[l1_table_offset(va)] = pa | flags;
    return 0;
}

/* Map [pa, pa+size) in the direct map, 2 MiB pages where aligned. */
static void directmap_range(pte_t *l4, paddr_t pa, uint64_t size,
                            unsigned long flags)
{
    paddr_t end = pa + size;

    pa = ROUNDDOWN(pa, PAGE_SIZE);
    while ( pa < end )
    {
        bool large = IS_ALIGNED(pa, 1UL << L2_PAGETABLE_SHIFT) &&
                     end - pa >= (1UL << L2_PAGETABLE_SHIFT);

        if ( map_one(l4, DIRECTMAP_VIRT_START + pa, pa, flags, large) )
            panic("out of memory building the direct map");
        pa += large ? 1UL << L2_PAGETABLE_SHIFT : PAGE_SIZE;
    }
}

int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
                     unsigned long flags)
{
    unsigned long i, f;
    int rc = 0;

    spin_lock_irqsave(&map_lock, f);
    for ( i = 0; i < nr && !rc; i++ )
    {
        rc = map_one(idle_pg_table, va + i * PAGE_SIZE,
                     (paddr_t)(mfn + i) << PAGE_SHIFT, flags, false);
        invlpg((void *)(va + i * PAGE_SIZE));
    }
    spin_unlock_irqrestore(&map_lock, f);
    return rc;
}

void *ioremap(paddr_t pa, size_t size)
{
    paddr_t start = ROUNDDOWN(pa, PAGE_SIZE);
    unsigned long nr = PFN_UP(pa + size) - PFN_DOWN(pa);

    if ( map_pages_to_xen(DIRECTMAP_VIRT_START + start, PFN_DOWN(start), nr,
                          PAGE_HYPERVISOR_UC) )
        return NULL;
    return __va(pa);
}

/*
 * QEMU's -kernel puts the modules right after the hypervisor, where a 1:1
 * dom0 wants its kernel (Linux loads at 16 MiB up): with a large initrd,
 * the small free blocks just above the modules, which the hypervisor's
 * first page allocations take, would lie in the kernel's range.  As Xen
 * does, move each page-aligned module to the top of boot-mapped RAM; its
 * old place goes to the heap with the rest (release_old_modules()), so
 * low memory stays in one piece for dom0, and once dom0 is built the
 * copy goes to the heap too (dom0_build.c), rather than to dom0 as RAM
 * far above its own.
 */
static struct {
    unsigned long mfn, nr;
} old_modules[MAX_BOOT_MODULES];

static void move_module_high(unsigned int i)
{
    struct boot_module *m = &boot_info.mods[i];
    paddr_t len = m->end - m->start;
    void *dst;

    if ( (m->start & (PAGE_SIZE - 1)) || !len )
        return;
    dst = boot_alloc_pages(PFN_UP(len), BOOT_MAP_LIMIT);
    memmove(dst, __va(m->start), len);
    old_modules[i].mfn = PFN_DOWN(m->start);
    old_modules[i].nr = PFN_UP(len);
    m->start = __pa(dst);
    m->end = m->start + len;
    m->moved = true;
}

static void release_old_modules(void)
{
    unsigned int i;

    for ( i = 0; i < boot_info.nr_modules; i++ )
        if ( old_modules[i].nr )
            init_heap_pages(mfn_to_page(old_modules[i].mfn),
                            old_modules[i].nr);
}

static void reserve_boot_ranges(void)
{
    unsigned int i;

    e820_change_range_type(&free_ram, 0, LOW_RESERVED, E820_RESERVED);
    e820_change_range_type(&free_ram, __pa(__image_start),
                           __pa(__image_end), E820_RESERVED);
    for ( i = 0; i < boot_info.nr_modules; i++ )
        e820_change_range_type(&free_ram, boot_info.mods[i].start,
                               ROUNDUP(boot_info.mods[i].end, PAGE_SIZE),
                               E820_RESERVED);
    for ( i = 0; i < boot_info.nr_modules; i++ )
        move_module_high(i);
}

/* A fresh direct map covering every RAM range, swapped in for the boot one. */
static void build_directmap(void)
{
    unsigned int slot = l4_table_offset(DIRECTMAP_VIRT_START);
    pte_t scratch[PAGETABLE_ENTRIES];
    pte_t *l3 = boot_alloc_pages(1, BOOT_MAP_LIMIT);
    unsigned int i;

    /* Build under a scratch L4 whose direct-map slot is the new L3. */
    memset(scratch, 0, sizeof(scratch));
    scratch[slot] = __pa(l3) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
                    _PAGE_DIRTY;
    /* The low 1 MiB holds BIOS data (EBDA, the RSDP) and the trampoline. */
    directmap_range(scratch, 0, LOW_RESERVED, PAGE_HYPERVISOR);
    for ( i = 0; i < e820.nr_map; i++ )
        if ( e820.map[i].addr >= LOW_RESERVED &&
             (e820.map[i].type == E820_RAM || e820.map[i].type == E820_ACPI ||
              e820.map[i].type == E820_NVS) )
            directmap_range(scratch, e820.map[i].addr, e820.map[i].size,
                            PAGE_HYPERVISOR);
    idle_pg_table[slot] = scratch[slot];
    flush_tlb_local();
}

static void init_frame_table(void)
{
    size_t bytes;

    max_page = PFN_DOWN(e820_ram_end(&e820));
    bytes = ROUNDUP(max_page * sizeof(struct page_info), PAGE_SIZE);
    frame_table = boot_alloc_pages(bytes / PAGE_SIZE, ~0UL);
}

/* Everything still free in free_ram goes to the buddy allocator. */
static void populate_heap(void)
{
    unsigned int i;

    for ( i = 0; i < free_ram.nr_map; i++ )
    {
        const struct e820entry *e = &free_ram.map[i];
        unsigned long s = PFN_UP(e->addr), t = PFN_DOWN(e->addr + e->size);

        if ( e->type == E820_RAM && t > s )
            init_heap_pages(mfn_to_page(s), t - s);
    }
    heap_up = true;
}

void mm_init(void)
{
    unsigned int i;

    free_ram = e820;
    /* Keep only RAM in the allocator's view. */
    for ( i = 0; i < free_ram.nr_map; i++ )
        if ( free_ram.map[i].type != E820_RAM )
            free_ram.map[i].type = E820_RESERVED;
    reserve_boot_ranges();
    build_directmap();
    init_frame_table();
    populate_heap();
    release_old_modules();
}

void mm_drop_identity_map(void)
{
    idle_pg_table[0] = 0;
    flush_tlb_local();
}
