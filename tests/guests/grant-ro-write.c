/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writes to a read-only grant mapping.  Xen 4.17 sends a write that
 * faults on a discard-write p2m type (read-only RAM, read-only grant
 * map) to its MMIO emulator, which drops the write and serves the
 * instruction's reads from the frame; the guest runs on.  Ours crashed
 * the domain ("no memory there").  A page of ours is granted to
 * ourselves and mapped GNTMAP_readonly at an unbacked frame; stores,
 * read-modify-writes and a REP STOS through the mapping must leave the
 * page as it was, and reads through it must see the page.
 */
#include "guest.h"
#include "grant.h"

#include <public/grant_table.h>
#include <public/memory.h>

#define REF 12

static uint8_t page[4096] __aligned(4096);

static grant_handle_t map_ro(uint64_t addr)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = addr, .flags = GNTMAP_host_map | GNTMAP_readonly,
        .ref = REF, .dom = 0,
    };

    check_eq_rc(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0,
                "map_grant_ref read-only call");
    check_eq(m.status, GNTST_okay, "map_grant_ref read-only status");
    return m.handle;
}

static bool page_unchanged(void)
{
    unsigned int i;

    for ( i = 0; i < 4096; i++ )
        if ( page[i] != (uint8_t)(i * 5 + 1) )
            return false;
    return true;
}

static void writes(volatile uint8_t *ro)
{
    unsigned int i, same = 1;
    unsigned long n = 16;
    void *dst = (void *)(ro + 256);

    for ( i = 0; i < 4096; i++ )
        same &= ro[i] == (uint8_t)(i * 5 + 1);
    CHECK(same, "reads through the read-only mapping see the page");
    ro[100] = 0xa5;
    *(volatile uint32_t *)(ro + 200) = 0xdeadbeef;
    asm volatile ( "lock incl %0" : "+m" (*(volatile uint32_t *)(ro + 300)) );
    asm volatile ( "addl $7, %0" : "+m" (*(volatile uint32_t *)(ro + 400)) );
    asm volatile ( "rep stosb" : "+D" (dst), "+c" (n) : "a" (0x11)
                   : "memory" );
    CHECK(page_unchanged(), "writes through the read-only mapping dropped");
    check_eq(ro[100], (uint8_t)(100 * 5 + 1), "the mapping still reads the page");
}

void test_main(void)
{
    uint64_t spare = guest_unbacked_addr();
    struct gnttab_unmap_grant_ref u;
    grant_entry_v1_t *gt;
    unsigned int i;

    if ( !spare )
    {
        check_skip("grant tables", "no unbacked guest-physical space");
        return;
    }
    for ( i = 0; i < 4096; i++ )
        page[i] = (uint8_t)(i * 5 + 1);
    gt = gnttab_frame0_at(spare);
    gt[REF].domid = 0;
    gt[REF].frame = (unsigned long)page >> 12;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gt[REF].flags = GTF_permit_access | GTF_readonly;
    u.host_addr = spare + PAGE_SIZE;
    u.dev_bus_addr = 0;
    u.handle = map_ro(spare + PAGE_SIZE);
    writes((volatile uint8_t *)(unsigned long)(spare + PAGE_SIZE));
    check_eq_rc(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
                "unmap_grant_ref call");
    check_eq(u.status, GNTST_okay, "unmap_grant_ref status");
}
