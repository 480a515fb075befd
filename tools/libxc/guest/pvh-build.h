/* SPDX-License-Identifier: LGPL-2.1-only */
/* The PVH builder's steps that talk to the hypervisor. */
#ifndef PVH_BUILD_H
#define PVH_BUILD_H

#include "pvh-private.h"

#pragma GCC visibility push(hidden)

/* nr frames from gfn, 4 KiB each. */
int pvh_populate(xc_interface *xch, uint32_t domid, uint64_t gfn,
                 uint64_t nr);
/* len bytes of src (NULL: zeroes) to guest-physical gpa. */
int pvh_write_guest(xc_interface *xch, uint32_t domid, uint64_t gpa,
                    const void *src, uint64_t len);
/*
 * Grant entries GNTTAB_RESERVED_CONSOLE and _XENSTORE: the frames granted
 * to their backends, through the grant table mapped as a resource or, on
 * older kernels, at a scratch gfn.
 */
int pvh_seed_grants(xc_interface *xch, uint32_t domid,
                    const struct pvh_layout *l, uint32_t console_domid,
                    uint32_t xenstore_domid, char *why, size_t whylen);
/* vCPU 0 in 32-bit flat protected mode at entry, %ebx = start info. */
int pvh_set_bsp(xc_interface *xch, uint32_t domid, uint32_t entry,
                uint64_t start_info_gpa, char *why, size_t whylen);

#pragma GCC visibility pop

#endif /* PVH_BUILD_H */
