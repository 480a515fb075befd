/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot1 and multiboot2 information, read through the boot direct
 * map (the low 1 GiB), which is where every loader we know puts it.
 * Layouts: the Multiboot Specification 0.6.96 and Multiboot2 2.0,
 * "Boot information format".
 */
#include <xen/lib.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/page.h>

#define MB1_BOOTLOADER_MAGIC    0x2badb002
#define MB2_BOOTLOADER_MAGIC    0x36d76289
#define BOOT_MAP_LIMIT          (1UL << 30)

#define MB1_INFO_CMDLINE        (1U << 2)
#define MB1_INFO_MODS           (1U << 3)
#define MB1_INFO_MMAP           (1U << 6)
#define MB1_INFO_LOADER         (1U << 9)

#define MB2_TAG_END             0
#define MB2_TAG_CMDLINE         1
#define MB2_TAG_LOADER          2
#define MB2_TAG_MODULE          3
#define MB2_TAG_MMAP            6
#define MB2_TAG_ACPI_OLD        14
#define MB2_TAG_ACPI_NEW        15

struct boot_info boot_info;

static const void *boot_pa(uint64_t pa, uint64_t len)
{
    if ( pa + len > BOOT_MAP_LIMIT || pa + len < pa )
        panic("multiboot data at %#lx is beyond the boot map", pa);
    return __va(pa);
}

static void copy_string(char *dst, size_t size, uint32_t pa)
{
    const char *s = boot_pa(pa, 1);

    strlcpy(dst, s, size);
}

static void add_module(uint32_t start, uint32_t end, uint32_t str_pa)
{
    struct boot_module *m;

    if ( boot_info.nr_modules == MAX_BOOT_MODULES )
    {
        printk(XENLOG_WARNING "multiboot: more than %u modules, rest ignored\n",
               MAX_BOOT_MODULES);
        return;
    }
    m = &boot_info.mods[boot_info.nr_modules++];
    m->start = start;
    m->end = end;
    if ( str_pa )
        copy_string(m->cmdline, sizeof(m->cmdline), str_pa);
}

static void add_e820(uint64_t addr, uint64_t len, uint32_t type)
{
    if ( e820.nr_map < E820_MAX )
        e820.map[e820.nr_map++] = (struct e820entry){ addr, len, type };
}

static void parse_mb1(uint32_t info_pa)
{
    const uint32_t *mbi = boot_pa(info_pa, 88);
    uint32_t flags = mbi[0], i;

    boot_info.mb_version = 1;
    if ( flags & MB1_INFO_CMDLINE )
        copy_string(boot_info.cmdline, sizeof(boot_info.cmdline), mbi[4]);
    if ( flags & MB1_INFO_LOADER )
        copy_string(boot_info.loader, sizeof(boot_info.loader), mbi[16]);
    if ( flags & MB1_INFO_MODS )
    {
        const uint32_t *mod = boot_pa(mbi[6], mbi[5] * 16ULL);

        for ( i = 0; i < mbi[5]; i++, mod += 4 )
            add_module(mod[0], mod[1], mod[2]);
    }
    if ( !(flags & MB1_INFO_MMAP) )
        panic("multiboot: the boot loader gave no memory map");
    for ( i = 0; i < mbi[11]; )
    {
        const uint8_t *e = boot_pa(mbi[12] + (uint64_t)i, 24);
        uint32_t size = *(const uint32_t *)e;

        add_e820(*(const uint64_t *)(e + 4), *(const uint64_t *)(e + 12),
                 *(const uint32_t *)(e + 20));
        i += size + 4;
    }
}

static void parse_mb2_mmap(const uint8_t *tag, uint32_t tag_size)
{
    uint32_t esize = *(const uint32_t *)(tag + 8), off;

    if ( esize < 24 )
        panic("multiboot2: bad memory map entry size %u", esize);
    for ( off = 16; off + esize <= tag_size; off += esize )
        add_e820(*(const uint64_t *)(tag + off),
                 *(const uint64_t *)(tag + off + 8),
                 *(const uint32_t *)(tag + off + 16));
}

static void parse_mb2(uint32_t info_pa)
{
    uint32_t total = *(const uint32_t *)boot_pa(info_pa, 8), off = 8;
    const uint8_t *base = boot_pa(info_pa, total);

    boot_info.mb_version = 2;
    while ( off + 8 <= total )
    {
        const uint8_t *tag = base + off;
        uint32_t type = *(const uint32_t *)tag;
        uint32_t size = *(const uint32_t *)(tag + 4);

        if ( type == MB2_TAG_END || size < 8 || off + size > total )
            break;
        if ( type == MB2_TAG_CMDLINE )
            strlcpy(boot_info.cmdline, (const char *)tag + 8,
                    min((size_t)size - 7, sizeof(boot_info.cmdline)));
        else if ( type == MB2_TAG_LOADER )
            strlcpy(boot_info.loader, (const char *)tag + 8,
                    min((size_t)size - 7, sizeof(boot_info.loader)));
        else if ( type == MB2_TAG_MODULE )
            add_module(*(const uint32_t *)(tag + 8),
                       *(const uint32_t *)(tag + 12), info_pa + off + 16);
        else if ( type == MB2_TAG_MMAP )
            parse_mb2_mmap(tag, size);
        else if ( type == MB2_TAG_ACPI_NEW ||
                  (type == MB2_TAG_ACPI_OLD && !boot_info.rsdp) )
            boot_info.rsdp = info_pa + off + 8;
        off = ROUNDUP(off + size, 8U);
    }
}

void multiboot_parse(uint32_t magic, uint32_t info_pa)
{
    if ( magic == MB1_BOOTLOADER_MAGIC )
        parse_mb1(info_pa);
    else if ( magic == MB2_BOOTLOADER_MAGIC )
        parse_mb2(info_pa);
    else
        panic("not started by a multiboot loader (magic %#x)", magic);
}
