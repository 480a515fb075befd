/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading guest-physical memory beyond the end of our RAM gets this
 * domain crashed, and the hypervisor lives on.
 * EXPECT-OUTCOME: CRASH
 *
 * Our dom0's RAM is mapped 1:1, so just past its end is host RAM that
 * belongs to the hypervisor: nothing backs it for the guest.  Xen 4.17
 * behaves differently here (it treats the access as MMIO nobody claims:
 * reads give all-ones, writes vanish, the guest runs on); the project's
 * issue asks for the crash, and the system test asserts it.
 */
#include "guest.h"

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

void test_main(void)
{
    uint64_t addr;
    volatile uint32_t *p;

    show_memmap();
    /*
     * The first byte past our RAM.  For our 1:1 dom0 that is memory the
     * hypervisor keeps (reserved in our map), not an MMIO hole, which
     * dom0 gets passed through.
     */
    addr = guest_ram_end();
    if ( !check(addr != 0, "found an address beyond RAM", "none below 3G") )
        return;
    printk("info touching %#llx (RAM ends at %#llx)\n",
           (unsigned long long)addr, (unsigned long long)guest_ram_end());
    p = (volatile uint32_t *)(unsigned long)addr;
    expect_crash();
    printk("info read %#x: still running, which is wrong\n", *p);
}
