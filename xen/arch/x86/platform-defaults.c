/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Defaults for what platform_op needs from elsewhere, until the owner
 * links the real one (weak: replaced at link time).  See asm/platform.h.
 */
#include <xen/lib.h>
#include <asm/platform.h>

__attribute__((weak)) void wallclock_set_base_ns(uint64_t ns)
{
    printk(XENLOG_G_INFO "platform_op: wall clock %lu s since the epoch "
           "(not applied: no wall clock setter linked)\n",
           ns / 1000000000UL);
}
