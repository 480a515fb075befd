/* SPDX-License-Identifier: MIT */
/*
 * Linux's UAPI <xen/privcmd.h> includes <xen/interface/xen.h>, a kernel
 * header that linux-libc-dev does not ship, and <xen/evtchn.h> and
 * <xen/gntdev.h> use domid_t and grant_ref_t without defining them.  Our
 * own public ABI headers define those types, so the dom0 test programs
 * compile against the same definitions as the hypervisor.
 */
#ifndef DOM0_TEST_XEN_INTERFACE_XEN_H
#define DOM0_TEST_XEN_INTERFACE_XEN_H

#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/grant_table.h>

#endif /* DOM0_TEST_XEN_INTERFACE_XEN_H */
