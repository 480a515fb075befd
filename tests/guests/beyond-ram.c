/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest-physical memory with nothing behind it reads as all ones and
 * drops writes, and the guest runs on: Xen 4.17 emulates the instruction
 * and sends its accesses to the null handler.  (Our first rule crashed
 * the domain instead; this test used to expect that crash.)
 *
 * Three kinds of nothing: just past our RAM (for our 1:1 dom0, memory the
 * hypervisor keeps, reserved in our map), a frame of ours given back with
 * XENMEM_decrease_reservation, and what a BT/BTS with a huge bit offset
 * from an operand in RAM reaches.
 */
#include "guest.h"

#include <public/memory.h>

static uint8_t victim[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t buf[16];

static void show_memmap(void)
{
    const struct guest_mem_range *e;
    unsigned int i, nr;

    e = guest_memmap(&nr);
    for ( i = 0; i < nr; i++ )
        printk("info memmap %#llx-%#llx type %u\n",
               (unsigned long long)e[i].addr,
               (unsigned long long)(e[i].addr + e[i].size - 1), e[i].type);
}

/* Loads and stores of every size, a REP STOS and a REP MOVS. */
static void check_nothing(unsigned long addr, const char *where)
{
    volatile uint8_t *p8 = (volatile uint8_t *)addr;
    volatile uint16_t *p16 = (volatile uint16_t *)addr;
    volatile uint32_t *p32 = (volatile uint32_t *)addr;
    unsigned long n = sizeof(buf), s = addr, d = (unsigned long)buf;
    char what[96];
    unsigned int i;
    bool ones = true;

    snprintf(what, sizeof(what), "%s: byte, word, dword read all ones",
             where);
    CHECK(*p8 == 0xff && p16[1] == 0xffff && p32[1] == 0xffffffffu, what);
#ifdef __x86_64__
    snprintf(what, sizeof(what), "%s: qword reads all ones", where);
    check_eq(*(volatile uint64_t *)(addr + 8), ~0ull, what);
#endif
    *p32 = 0x12345678;
    p8[5] = 0;
    snprintf(what, sizeof(what), "%s: writes are dropped", where);
    CHECK(*p32 == 0xffffffffu && p8[5] == 0xff, what);
    asm volatile ( "rep stosb" : "+D" (s), "+c" (n) : "a" (0) : "memory" );
    snprintf(what, sizeof(what), "%s: rep stosb is dropped", where);
    CHECK(p32[0] == 0xffffffffu && p32[3] == 0xffffffffu, what);
    memset(buf, 0, sizeof(buf));
    n = sizeof(buf);
    s = addr;
    asm volatile ( "rep movsb" : "+S" (s), "+D" (d), "+c" (n) :: "memory" );
    for ( i = 0; i < sizeof(buf); i++ )
        ones &= buf[i] == 0xff;
    snprintf(what, sizeof(what), "%s: rep movsb to RAM copies all ones",
             where);
    CHECK(ones && n == 0, what);
}

/*
 * BT and BTS on a dword in RAM at base with a bit offset that reaches
 * target: the bit there reads as set (all ones), and BTS's write vanishes.
 */
static void check_bit_ops(unsigned long target, unsigned long base,
                          const char *where)
{
    volatile uint32_t *b = (volatile uint32_t *)base;
    long off = (long)(target - base) * 8 + 5;
    uint32_t before = *b;
    uint8_t cf;
    char what[96];

    asm volatile ( "bt %2, %1; setc %0"
                   : "=q" (cf) : "m" (*b), "r" (off) : "cc" );
    snprintf(what, sizeof(what), "%s: bt with bit offset %#lx sees a one",
             where, off);
    CHECK(cf, what);
    asm volatile ( "lock bts %2, %1; setc %0"
                   : "=q" (cf), "+m" (*b) : "r" (off) : "cc", "memory" );
    snprintf(what, sizeof(what), "%s: bts there sees a one", where);
    CHECK(cf, what);
    snprintf(what, sizeof(what), "%s: bts leaves the RAM operand alone",
             where);
    check_eq(*b, before, what);
    snprintf(what, sizeof(what), "%s: bts's write is dropped", where);
    check_eq(*(volatile uint32_t *)target, 0xffffffffu, what);
}

static void check_given_back(void)
{
    xen_pfn_t gfn = (unsigned long)victim >> 12;
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF,
    };

    memset(victim, 0x5a, sizeof(victim));
    set_xen_guest_handle(r.extent_start, &gfn);
    if ( !check_eq_rc(memory_op(XENMEM_decrease_reservation, &r), 1,
                      "decrease_reservation gives back one frame") )
        return;
    check_nothing((unsigned long)victim + 0x800, "frame given back");
    check_bit_ops((unsigned long)victim + 0x10, 0x1000, "frame given back");
}

void test_main(void)
{
    unsigned long addr;

    show_memmap();
    addr = guest_ram_end();
    if ( !check(addr != 0 && addr < 0xc0000000ul, "found an address beyond RAM",
                "RAM ends at %#lx", addr) )
        return;
    if ( !check(addr >= (80ul << 20), "at least 80 MiB of RAM",
                "RAM ends at %#lx", addr) )
        return;
    printk("info touching %#lx, just past our RAM\n", addr);
    check_nothing(addr, "past RAM");
    check_bit_ops(addr + 0x40, addr - (64ul << 20), "past RAM");
    check_given_back();
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "hypercalls still work");
}
