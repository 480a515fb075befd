/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building dom0, a PVH guest whose RAM is mapped 1:1 (guest frame ==
 * machine frame), so devices it programs can DMA without an IOMMU.
 *
 * dom0 gets the lowest free RAM frames, up to dom0_mem; frames the
 * hypervisor uses are holes in its memory map.  The kernel module is an
 * ELF with Xen notes (XEN_ELFNOTE_PHYS32_ENTRY is required) or a Linux
 * bzImage with a gzip or XZ payload.  Layout in dom0's RAM:
 *
 *   ELF PT_LOAD segments at their p_paddr
 *   start info, module list, command line, memory map: after the kernel
 *   initrd: at the top of dom0's highest RAM run below 4 GiB
 *   scratch (the unpacked kernel ELF) just below the initrd
 *
 * The start state is the PVH ABI's (public/arch-x86/hvm/start_info.h).
 */
#include <xen/lib.h>
#include <xen/bzimage.h>
#include <xen/errno.h>
#include <xen/libelf.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/memory-map.h>
#include <xen/vpci.h>
#include <asm/bootinfo.h>
#include <asm/dom0_build.h>
#include <asm/e820.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vioapic.h>
#include <asm/hvm/vlapic.h>
#include <asm/acpi.h>
#include <asm/dom0_acpi.h>
#include <asm/dom0_mmio.h>
#include <asm/p2m.h>
#include <public/arch-x86/hvm/start_info.h>

#define MB(x)           ((uint64_t)(x) << 20)
#define FOUR_GB         (1ULL << 32)

static uint64_t opt_dom0_mem;
static uint64_t opt_dom0_mem_max;

/* dom0_max_vcpus=N: dom0's vCPUs; default one per online CPU. */
static unsigned int opt_dom0_max_vcpus;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

/* dom0_mem=<size>[,max:<size>], as Xen's (min: is accepted, ignored). */
static int parse_dom0_mem(const char *s)
{
    do {
        if ( !strncmp(s, "max:", 4) )
            opt_dom0_mem_max = parse_size_and_unit(s + 4, &s);
        else if ( !strncmp(s, "min:", 4) )
            parse_size_and_unit(s + 4, &s);
        else
            opt_dom0_mem = parse_size_and_unit(s, &s);
    } while ( *s++ == ',' );
    return s[-1] ? -1 : 0;
}
custom_param("dom0_mem", parse_dom0_mem);

struct dom0_layout {
    struct elf_binary elf;
    struct elf_dom_parms parms;
    uint64_t kernel_start, kernel_end;  /* physical load range */
    uint64_t initrd_pa, initrd_len;
    uint64_t scratch_pa, scratch_len;
    uint64_t info_pa;                   /* start info and friends */
    uint64_t rsdp_pa;                   /* dom0's ACPI tables (dom0_acpi.c) */
};

/* Default: all free RAM but a reserve for the hypervisor and domUs. */
static unsigned long dom0_pages(void)
{
    unsigned long avail = avail_heap_pages();
    unsigned long reserve = max(avail / 16, (unsigned long)PFN_DOWN(MB(64)));
    unsigned long want = opt_dom0_mem ? PFN_DOWN(opt_dom0_mem)
                                      : avail - min(reserve, avail / 2);

    if ( opt_dom0_mem_max )
        want = min(want, (unsigned long)PFN_DOWN(opt_dom0_mem_max));
    return min(want, avail);
}

static int map_run(struct domain *d, unsigned long start, unsigned long n)
{
    return n ? p2m_map_identity(d, start, n, p2m_ram_rw) : 0;
}

/*
 * dom0's RAM, taken from the heap (its lowest frames) before anything else
 * of dom0's is allocated: the hypervisor's own pages (the domain, its
 * vCPUs, their VMCBs and bitmaps) may otherwise land in the first small
 * free blocks, which with a large initrd lie inside the kernel's 1:1 load
 * range (Linux: 16 MiB up).
 */
static unsigned long take_memory(struct list_head *pages)
{
    return alloc_heap_pages_low(dom0_pages(), pages);
}

/* Give dom0 the frames take_memory() took and map them 1:1, run by run. */
static int claim_memory(struct domain *d, struct list_head *taken,
                        unsigned long got)
{
    struct page_info *pg;
    unsigned long run = 0, n = 0;
    int rc = 0;

    list_for_each_entry ( pg, taken, list )
    {
        pg->u.owner = d;
        pg->count_info = PGC_allocated | 1;
        if ( n && page_to_mfn(pg) == run + n )
            n++;
        else
        {
            rc = rc ? rc : map_run(d, run, n);
            run = page_to_mfn(pg);
            n = 1;
        }
    }
    rc = rc ? rc : map_run(d, run, n);
    /* Move the whole list onto the domain's page list. */
    if ( !list_empty(taken) )
    {
        taken->next->prev = &d->page_list;
        taken->prev->next = &d->page_list;
        d->page_list.next = taken->next;
        d->page_list.prev = taken->prev;
    }
    d->tot_pages = d->max_pages = got;
    printk("dom0: %lu MiB of RAM, mapped 1:1\n", got >> 8);
    return rc;
}

/*
 * Low memory and firmware regions, 1:1.  The RAM below 1 MiB is kept out
 * of the heap (BIOS data, the AP trampoline at boot); once every CPU is
 * up it is dom0's, as on bare metal.  The legacy VGA/ROM window is
 * passed through; so is every non-RAM frame from 1 MiB to 4 GiB (the
 * firmware's ranges, the PCI hole) but the pages the hypervisor owns or
 * emulates: dom0_mmio.c.
 */
static int map_low_and_firmware(struct domain *d)
{
    unsigned long mfn, low_end = PFN_DOWN(0xa0000);
    int rc;

    /* Conventional memory, EBDA included: RAM, as the host has it. */
    for ( mfn = 0; mfn < low_end; mfn++ )
    {
        mfn_to_page(mfn)->u.owner = d;
        mfn_to_page(mfn)->count_info = PGC_allocated | 1;
    }
    d->tot_pages += low_end;
    rc = p2m_map_identity(d, 0, low_end, p2m_ram_rw);
    if ( !rc )
        rc = p2m_map_identity(d, low_end, PFN_DOWN(MB(1)) - low_end,
                              p2m_mmio_direct);
    return rc ? rc : dom0_mmio_map(d);
}

/* Is [pa, pa+len) all dom0 RAM? */
static bool is_dom0_ram(struct domain *d, uint64_t pa, uint64_t len)
{
    uint64_t gfn;
    p2m_type_t t;

    for ( gfn = PFN_DOWN(pa); gfn < PFN_UP(pa + len); gfn++ )
        if ( p2m_get_entry(d, gfn, &t) != gfn || t != p2m_ram_rw )
            return false;
    return true;
}

/* Highest run of dom0 RAM below 4 GiB that can hold len bytes: its top. */
static uint64_t find_top(struct domain *d, uint64_t len, uint64_t below)
{
    uint64_t top = min(below, FOUR_GB), pa;

    for ( pa = ROUNDDOWN(top - len, PAGE_SIZE); pa >= MB(1) && pa < top;
          pa -= MB(1) )
        if ( is_dom0_ram(d, pa, len) )
            return pa;
    return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static int place_initrd(struct domain *d, struct dom0_layout *l,
                        const struct boot_module *m)
{
    l->initrd_len = m->end - m->start;
    l->initrd_pa = find_top(d, ROUNDUP(l->initrd_len, PAGE_SIZE), FOUR_GB);
    if ( !l->initrd_pa )
        return -ENOMEM;
    memmove(__va(l->initrd_pa), __va(m->start), l->initrd_len);
    printk("dom0: initrd %lu KiB at %#lx\n", l->initrd_len >> 10,
           l->initrd_pa);
    return 0;
}

/* The kernel ELF, unpacked (bzImage) or copied, into dom0 scratch RAM. */
static int unpack_kernel(struct domain *d, struct dom0_layout *l,
                         const struct boot_module *m)
{
    const void *img = __va(m->start);
    size_t len = m->end - m->start, out_len, need = len;
    const void *payload;
    size_t payload_len;
    bool bz = bzimage_probe(img, len);
    int rc;

    if ( bz && (rc = bzimage_parse(img, len, &payload, &payload_len,
                                   &need)) )
        return rc;
    l->scratch_len = ROUNDUP(need, PAGE_SIZE);
    l->scratch_pa = find_top(d, l->scratch_len,
                             l->initrd_pa ? l->initrd_pa : FOUR_GB);
    if ( !l->scratch_pa )
        return -ENOMEM;
    if ( !bz )
    {
        memmove(__va(l->scratch_pa), img, len);
        return elf_init(&l->elf, __va(l->scratch_pa), len);
    }
    printk("dom0: unpacking bzImage payload (%lu KiB -> %lu KiB)\n",
           payload_len >> 10, need >> 10);
    rc = bzimage_decompress(img, len, __va(l->scratch_pa), l->scratch_len,
                            &out_len);
    return rc ? rc : elf_init(&l->elf, __va(l->scratch_pa), out_len);
}

/*
 * The module frames were the hypervisor's until now: dom0 RAM from here,
 * as the kernel may load over them.  Modules mm_init() moved high are
 * not: their frames go to the heap once dom0 is built (free_modules()).
 */
static int give_modules(struct domain *d)
{
    unsigned int i;
    int rc = 0;

    for ( i = 0; i < boot_info.nr_modules && !rc; i++ )
    {
        unsigned long s = PFN_DOWN(boot_info.mods[i].start);
        unsigned long e = PFN_UP(boot_info.mods[i].end), mfn;

        if ( boot_info.mods[i].moved )
            continue;

        for ( mfn = s; mfn < e; mfn++ )
        {
            mfn_to_page(mfn)->u.owner = d;
            mfn_to_page(mfn)->count_info = PGC_allocated | 1;
            list_add_tail(&mfn_to_page(mfn)->list, &d->page_list);
        }
        d->tot_pages += e - s;
        d->max_pages = d->tot_pages;
        rc = p2m_map_identity(d, s, e - s, p2m_ram_rw);
    }
    return rc;
}

static int write_segment(void *ctx, uint64_t paddr, const void *src,
                         size_t len)
{
    struct domain *d = ctx;
    size_t left = src ? copy_to_guest_phys(d, paddr, src, len)
                      : clear_guest_phys(d, paddr, len);

    return left ? -EFAULT : 0;
}

/*
 * Frames of [pa, pa+len) that are not dom0's yet but free now (the
 * hypervisor held them when dom0's RAM was claimed, and has let go since:
 * an early allocation next to a big boot module does that) become dom0
 * RAM, 1:1, so the kernel can go where its ELF says.
 */
static void claim_range(struct domain *d, uint64_t pa, uint64_t len)
{
    unsigned long gfn;
    struct page_info *pg;
    p2m_type_t t;

    for ( gfn = PFN_DOWN(pa); gfn < PFN_UP(pa + len); gfn++ )
    {
        if ( p2m_get_entry(d, gfn, &t) == gfn && t == p2m_ram_rw )
            continue;
        if ( t != p2m_invalid || !(pg = alloc_heap_page_at(gfn)) )
            continue;
        pg->u.owner = d;
        pg->count_info = PGC_allocated | 1;
        list_add_tail(&pg->list, &d->page_list);
        d->tot_pages++;
        d->max_pages++;
        if ( p2m_set_entry(d, gfn, gfn, P2M_ORDER_4K, p2m_ram_rw) )
            printk(XENLOG_WARNING "dom0: could not map frame %#lx\n", gfn);
    }
}

/* The moved modules' copies, read by now, to the heap. */
static void free_modules(void)
{
    unsigned int i;

    for ( i = 0; i < boot_info.nr_modules; i++ )
        if ( boot_info.mods[i].moved )
        {
            init_heap_pages(mfn_to_page(PFN_DOWN(boot_info.mods[i].start)),
                            PFN_UP(boot_info.mods[i].end) -
                            PFN_DOWN(boot_info.mods[i].start));
            boot_info.mods[i].moved = false;
            boot_info.mods[i].end = boot_info.mods[i].start;
        }
}

static int load_kernel(struct domain *d, struct dom0_layout *l)
{
    uint64_t vs, ve;
    int rc = elf_xen_parse(&l->elf, &l->parms);

    if ( rc )
        return rc;
    if ( !elf_has_note(&l->parms, 18) )     /* XEN_ELFNOTE_PHYS32_ENTRY */
    {
        printk(XENLOG_ERR "dom0: kernel has no PVH entry point "
               "(XEN_ELFNOTE_PHYS32_ENTRY)\n");
        return -ENOEXEC;
    }
    rc = elf_load_bounds(&l->elf, &l->kernel_start, &l->kernel_end, &vs, &ve);
    if ( rc )
        return rc;
    claim_range(d, l->kernel_start, l->kernel_end - l->kernel_start);
    if ( overlaps(l->kernel_start, l->kernel_end - l->kernel_start,
                  l->scratch_pa, l->scratch_len) ||
         overlaps(l->kernel_start, l->kernel_end - l->kernel_start,
                  l->initrd_pa, l->initrd_len) ||
         !is_dom0_ram(d, l->kernel_start, l->kernel_end - l->kernel_start) )
    {
        printk(XENLOG_ERR "dom0: kernel range %#lx-%#lx is not free RAM\n",
               l->kernel_start, l->kernel_end);
        return -ENOMEM;
    }
    printk("dom0: kernel %#lx-%#lx, PVH entry %#x\n", l->kernel_start,
           l->kernel_end, l->parms.phys_entry);
    return elf_load(&l->elf, write_segment, d);
}

static bool dom0_page_is_ram(const void *d, uint64_t pa)
{
    return is_dom0_ram((struct domain *)d, pa, PAGE_SIZE);
}

/*
 * dom0's view of memory: the host map, where host RAM that is not dom0's
 * (the hypervisor's, or kept for other domains) reads as reserved.
 */
static unsigned int build_memmap(struct domain *d, struct e820entry *map)
{
    return e820_guest_map(&e820, dom0_page_is_ram, d, map, E820_MAX);
}

/* The first word of a module's command line is its file name: skip it. */
static const char *module_cmdline(const struct boot_module *m)
{
    const char *p = strchr(m->cmdline, ' ');

    return p ? p + 1 : "";
}

static int write_start_info(struct domain *d, struct dom0_layout *l)
{
    static struct e820entry map[E820_MAX];
    struct hvm_start_info si = {
        .magic = XEN_HVM_START_MAGIC_VALUE,
        .version = 1,
        /* The control domain and the hardware domain: Linux's dom0 paths. */
        .flags = SIF_PRIVILEGED | SIF_INITDOMAIN,
        .rsdp_paddr = l->rsdp_pa,
    };
    struct hvm_modlist_entry mod = { 0 };
    const char *cmdline = module_cmdline(&boot_info.mods[0]);
    uint64_t pa = ROUNDUP(l->kernel_end, PAGE_SIZE);
    unsigned int nr = build_memmap(d, map), i;
    size_t left = 0;

    l->info_pa = pa;
    si.modlist_paddr = pa + sizeof(si);
    si.cmdline_paddr = si.modlist_paddr + sizeof(mod);
    si.memmap_paddr = ROUNDUP(si.cmdline_paddr + strlen(cmdline) + 1, 8);
    si.memmap_entries = nr;
    if ( l->initrd_len )
    {
        si.nr_modules = 1;
        mod.paddr = l->initrd_pa;
        mod.size = l->initrd_len;
    }
    left |= copy_to_guest_phys(d, pa, &si, sizeof(si));
    left |= copy_to_guest_phys(d, si.modlist_paddr, &mod, sizeof(mod));
    left |= copy_to_guest_phys(d, si.cmdline_paddr, cmdline,
                               strlen(cmdline) + 1);
    for ( i = 0; i < nr; i++ )
    {
        struct hvm_memmap_table_entry e = {
            map[i].addr, map[i].size, map[i].type, 0
        };

        left |= copy_to_guest_phys(d, si.memmap_paddr + i * sizeof(e), &e,
                                   sizeof(e));
    }
    if ( left )
        return -EFAULT;
    printk("dom0: command line \"%s\", start info at %#lx\n", cmdline, pa);
    return domain_set_memory_map(d, map, nr);
}

static void dom0_fail(const char *what, int rc)
{
    panic("Could not set up dom0: %s (error %d)", what, rc);
}

static unsigned int dom0_nr_vcpus(void)
{
    unsigned int n = cpumask_weight(&sched_guest_cpus);

    if ( opt_dom0_max_vcpus )
        n = opt_dom0_max_vcpus;
    return max(1U, min(n, (unsigned int)NR_CPUS));
}

/*
 * vCPU 0 starts at the kernel's entry; the others stay down (_VPF_down),
 * their vLAPICs waiting for INIT/SIPI as application processors do.
 */
static struct vcpu *create_vcpus(struct domain *d)
{
    struct vcpu *v0 = vcpu_create(d, 0);
    unsigned int i;

    for ( i = 1; v0 && i < d->max_vcpus; i++ )
        if ( !vcpu_create(d, i) )
            return NULL;
    if ( v0 )
        printk("dom0: %u vCPU%s\n", d->max_vcpus,
               d->max_vcpus > 1 ? "s" : "");
    return v0;
}

struct domain *dom0_construct(void)
{
    static struct dom0_layout l;
    LIST_HEAD(ram);
    unsigned long nr_ram;
    struct domain *d;
    struct vcpu *v;
    int rc;

    if ( !hvm_enabled )
        panic("Could not set up dom0: no hardware virtualisation "
              "(SVM with nested paging) on this CPU");
    nr_ram = take_memory(&ram);
    d = domain_create(0, dom0_nr_vcpus(), true);
    if ( !d || !(v = create_vcpus(d)) )
        dom0_fail("out of memory creating the domain", -ENOMEM);
    if ( (rc = claim_memory(d, &ram, nr_ram)) ||
         (rc = map_low_and_firmware(d)) )
        dom0_fail("mapping its memory", rc);
    /* Its PCI view: ECAM and MSI-X tables trapped, high BARs mapped. */
    if ( (rc = vpci_domain_init(d)) )
        dom0_fail("setting up its PCI configuration space", rc);
    /* Its IO-APICs: ours, in front of the host's (hvm/vioapic.c). */
    if ( (rc = vioapic_domain_init(d)) )
        dom0_fail("setting up its IO-APICs", rc);
    vlapic_level_eoi_hook = vioapic_eoi;
    if ( boot_info.nr_modules > 1 &&
         (rc = place_initrd(d, &l, &boot_info.mods[1])) )
        dom0_fail("no room for the initrd", rc);
    if ( (rc = unpack_kernel(d, &l, &boot_info.mods[0])) )
        dom0_fail("bad kernel image (not ELF, or a bzImage that does "
                  "not unpack)", rc);
    if ( (rc = give_modules(d)) || (rc = load_kernel(d, &l)) )
        dom0_fail("loading the kernel", rc);
    free_modules();
    /* dom0's own RSDP/XSDT/MADT; without them, the host's (wrong CPUs). */
    if ( (rc = dom0_acpi_setup(d, &l.rsdp_pa)) )
    {
        printk(XENLOG_WARNING "dom0: no ACPI tables of its own (error %d): "
               "it gets the host's\n", rc);
        l.rsdp_pa = acpi_info.rsdp;
    }
    if ( (rc = write_start_info(d, &l)) )
        dom0_fail("writing the start info", rc);

    hvm_vcpu_reset_pvh(v, l.parms.phys_entry, l.info_pa);
    v->is_initialised = true;
    clear_bit(_VPF_down, &v->pause_flags);
    vcpu_wake(v);
    printk("dom0: starting at %#x\n", l.parms.phys_entry);
    return d;
}
