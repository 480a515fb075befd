/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls given wild pointers return -EFAULT and leave the guest
 * running: an unbacked guest-physical address and a not-present page
 * (paging environments).
 */
#include "guest.h"

#include <public/memory.h>

static void try_pointer(unsigned long bad, const char *kind)
{
    char what[96];
    struct xen_memory_map mm = { .nr_entries = 4 };

    snprintf(what, sizeof(what), "console_io write from %s", kind);
    check_eq_rc(console_io(CONSOLEIO_write, 16, (void *)bad), -XEN_EFAULT,
                what);
    snprintf(what, sizeof(what), "xen_version extraversion to %s", kind);
    check_eq_rc(xen_version(XENVER_extraversion, (void *)bad), -XEN_EFAULT,
                what);
    snprintf(what, sizeof(what), "xen_version get_features at %s", kind);
    check_eq_rc(xen_version(XENVER_get_features, (void *)bad), -XEN_EFAULT,
                what);
    snprintf(what, sizeof(what), "memory_op current_reservation at %s",
             kind);
    check_eq_rc(memory_op(XENMEM_current_reservation, (void *)bad),
                -XEN_EFAULT, what);
    snprintf(what, sizeof(what), "memory_op memory_map at %s", kind);
    check_eq_rc(memory_op(XENMEM_memory_map, (void *)bad), -XEN_EFAULT,
                what);
    snprintf(what, sizeof(what), "memory_map buffer at %s", kind);
    set_xen_guest_handle(mm.buffer, (void *)bad);
    check_eq_rc(memory_op(XENMEM_memory_map, &mm), -XEN_EFAULT, what);
}

void test_main(void)
{
    unsigned long unbacked = guest_unbacked_addr();

    if ( check(unbacked != 0, "found an address beyond RAM", "none") )
        try_pointer(unbacked, "unbacked memory");
    if ( env_has_paging() )
        try_pointer(PF_HOLE_VA + 0x100, "a not-present page");
    /*
     * Not tested: non-canonical pointers from a 64-bit guest.  Xen 4.17
     * walks the guest page tables with bits 47:0 only, so such a pointer
     * aliases a canonical one and the call succeeds; pinning that down
     * would be pinning a quirk.
     */
    check_eq_rc(xen_version(XENVER_version, NULL) >> 16, 4,
                "hypercalls still work");
}
