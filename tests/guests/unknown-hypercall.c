/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall numbers the hypervisor does not implement return -ENOSYS,
 * whether called through the page or with a number beyond it.
 */
#include "guest.h"

void test_main(void)
{
    long ret = 0;

    check_eq_rc(hypercall(47, 0, 0, 0, 0, 0), -XEN_ENOSYS,
                "hypercall 47 (unused) is ENOSYS");
    check_eq_rc(hypercall(__HYPERVISOR_arch_7, 0, 0, 0, 0, 0), -XEN_ENOSYS,
                "hypercall arch_7 is ENOSYS");
    check_eq_rc(hypercall(__HYPERVISOR_set_trap_table, 0, 0, 0, 0, 0),
                -XEN_ENOSYS, "PV-only set_trap_table is ENOSYS");
    if ( hypercall_raw(1000, &ret) )
        check_eq_rc(ret, -XEN_ENOSYS, "hypercall 1000 is ENOSYS");
    else
        check_skip("hypercall 1000 is ENOSYS", "unknown stub layout");
    if ( hypercall_raw(0x80000000UL | __HYPERVISOR_xen_version, &ret) )
        check_eq_rc(ret, -XEN_ENOSYS, "hypercall 0x80000011 is ENOSYS");
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "known hypercalls still work");
}
