/* SPDX-License-Identifier: MIT */
/*
 * Interface versioning of the guest ABI headers.
 *
 * A guest states the interface version it was written against by defining
 * __XEN_INTERFACE_VERSION__ before including any public header; the headers
 * then present the layouts and names of that version.  The hypervisor and
 * the toolstack always see the newest interface.  Xen 4.17 reports
 * 0x00040e00 as its newest guest interface version.
 */
#ifndef __XEN_PUBLIC_XEN_COMPAT_H__
#define __XEN_PUBLIC_XEN_COMPAT_H__

#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#elif !defined(__XEN_INTERFACE_VERSION__)
/* A guest that names no version gets the oldest (legacy) interface. */
#define __XEN_INTERFACE_VERSION__ 0x00000000
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "Requested Xen interface version is newer than these headers."
#endif

/* Size of a trailing variable-length array, also for compat layouts. */
#define COMPAT_FLEX_ARRAY_DIM XEN_FLEX_ARRAY_DIM

#endif /* __XEN_PUBLIC_XEN_COMPAT_H__ */
