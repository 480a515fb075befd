/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The ioctls of Linux's Xen devices (/dev/xen/privcmd, evtchn, gntdev), as
 * Linux's include/uapi/xen/{privcmd,evtchn,gntdev}.h lay them out.  Only
 * what our libraries use; the numbers and layouts are Linux's ABI.
 */
#ifndef LINUX_XEN_IOCTL_H
#define LINUX_XEN_IOCTL_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <xen/xen.h>

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE  (1UL << XC_PAGE_SHIFT)

/* --- /dev/xen/privcmd --- */
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct privcmd_mmapbatch_v2 {
    unsigned int num;
    domid_t dom;
    uint64_t addr;
    const xen_pfn_t *arr;
    int *err;
};

struct privcmd_mmap_resource {
    domid_t dom;
    uint32_t type;
    uint32_t id;
    uint32_t idx;
    uint64_t num;
    uint64_t addr;
};

#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))
#define IOCTL_PRIVCMD_RESTRICT \
    _IOC(_IOC_NONE, 'P', 6, sizeof(domid_t))
#define IOCTL_PRIVCMD_MMAP_RESOURCE \
    _IOC(_IOC_NONE, 'P', 7, sizeof(struct privcmd_mmap_resource))

/* --- /dev/xen/evtchn --- */
struct ioctl_evtchn_bind_virq {
    unsigned int virq;
};
struct ioctl_evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};
struct ioctl_evtchn_bind_unbound_port {
    unsigned int remote_domain;
};
struct ioctl_evtchn_port {
    unsigned int port;                 /* unbind and notify */
};
struct ioctl_evtchn_restrict_domid {
    domid_t domid;
};

#define IOCTL_EVTCHN_BIND_VIRQ \
    _IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    _IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND \
    _IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_port))
#define IOCTL_EVTCHN_NOTIFY \
    _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_port))
#define IOCTL_EVTCHN_RESTRICT_DOMID \
    _IOC(_IOC_NONE, 'E', 6, sizeof(struct ioctl_evtchn_restrict_domid))

/* --- /dev/xen/gntdev --- */
struct ioctl_gntdev_grant_ref {
    uint32_t domid;
    uint32_t ref;
};

/* Followed by count struct ioctl_gntdev_grant_ref (one counted in). */
struct ioctl_gntdev_map_grant_ref {
    uint32_t count;
    uint32_t pad;
    uint64_t index;
    struct ioctl_gntdev_grant_ref refs[1];
};

struct ioctl_gntdev_unmap_grant_ref {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};

struct ioctl_gntdev_get_offset_for_vaddr {
    uint64_t vaddr;
    uint64_t offset;
    uint32_t count;
    uint32_t pad;
};

struct ioctl_gntdev_set_max_grants {
    uint32_t count;
};

struct ioctl_gntdev_unmap_notify {
    uint64_t index;
    uint32_t action;
    uint32_t event_channel_port;
};

/* segments: xengnttab_grant_copy_segment_t, the kernel's layout. */
struct ioctl_gntdev_grant_copy {
    unsigned int count;
    void *segments;
};

#define UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define UNMAP_NOTIFY_SEND_EVENT 0x2

#define IOCTL_GNTDEV_MAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))
#define IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
    _IOC(_IOC_NONE, 'G', 2, sizeof(struct ioctl_gntdev_get_offset_for_vaddr))
#define IOCTL_GNTDEV_SET_MAX_GRANTS \
    _IOC(_IOC_NONE, 'G', 3, sizeof(struct ioctl_gntdev_set_max_grants))
#define IOCTL_GNTDEV_SET_UNMAP_NOTIFY \
    _IOC(_IOC_NONE, 'G', 7, sizeof(struct ioctl_gntdev_unmap_notify))
#define IOCTL_GNTDEV_GRANT_COPY \
    _IOC(_IOC_NONE, 'G', 8, sizeof(struct ioctl_gntdev_grant_copy))

#endif /* LINUX_XEN_IOCTL_H */
