/* SPDX-License-Identifier: MIT */
/*
 * xen_version(cmd, arg): what the hypervisor is and what it offers.
 *
 * Every command returns 0 on success or a negative XEN_E* value, except
 * XENVER_version and XENVER_pagesize, which return their answer, and
 * XENVER_build_id, which returns a length.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

/* arg unused; returns (major << 16) | minor. */
#define XENVER_version      0

/* arg: xen_extraversion_t, e.g. ".0" or "-rc"; NUL-terminated. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* arg: struct xen_compile_info. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * arg: xen_capabilities_info_t: space-separated guest types the host runs,
 * e.g. "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64".
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* arg: xen_changeset_info_t, the source revision the build came from. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/*
 * arg: struct xen_platform_parameters: start of the hypervisor's part of a
 * PV guest's virtual address space.
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * arg: struct xen_feature_info.  IN submap_idx selects 32 XENFEAT_* bits
 * (see features.h); OUT submap holds them.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    unsigned int submap_idx;
    uint32_t     submap;
};
typedef struct xen_feature_info xen_feature_info_t;

#include "features.h"

/* arg unused; returns the page size of the host. */
#define XENVER_pagesize 7

/* arg: xen_domain_handle_t, the domain's UUID as set by the toolstack. */
#define XENVER_guest_handle 8

/* arg: xen_commandline_t, the hypervisor's command line. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * arg: struct xen_build_id.  IN len is the size of buf; returns the number
 * of bytes written.  A null arg returns the size of the build id.
 */
#define XENVER_build_id 10
struct xen_build_id {
    uint32_t        len;
    unsigned char   buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* __XEN_PUBLIC_VERSION_H__ */
