/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Executing from guest-physical memory beyond the end of our RAM gets
 * this domain crashed; the hypervisor lives on.
 * EXPECT-OUTCOME: CRASH
 *
 * Xen 4.17 differs: it logs "MMIO emulation failed" and injects #GP(0)
 * at the target, and the guest runs on.  The project's issue asks for
 * the crash (see beyond-ram.c).
 */
#include "guest.h"

void test_main(void)
{
    /*
     * The first byte past our RAM.  For our 1:1 dom0 that is memory the
     * hypervisor keeps (reserved in our map), not an MMIO hole, which
     * dom0 gets passed through.
     */
    uint64_t addr = guest_ram_end();

    if ( !check(addr != 0, "found an address beyond RAM", "none below 3G") )
        return;
    printk("info jumping to %#llx (RAM ends at %#llx)\n",
           (unsigned long long)addr, (unsigned long long)guest_ram_end());
    expect_crash();
    exec_at_safe(addr);
    printk("info returned from the jump: still running, which is wrong\n");
}
