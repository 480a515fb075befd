/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant-table helpers for the grant test kernels. */
#include "grant.h"

#include <public/memory.h>

long gnttab_op(unsigned int cmd, void *arg, unsigned int count)
{
    return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg,
                     count, 0, 0);
}

grant_entry_v1_t *gnttab_frame0_at(uint64_t addr)
{
    struct xen_add_to_physmap x = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
        .idx = 0, .gpfn = addr >> 12,
    };

    check_eq_rc(memory_op(XENMEM_add_to_physmap, &x), 0,
                "add_to_physmap grant_table frame 0");
    return (grant_entry_v1_t *)(unsigned long)addr;
}
