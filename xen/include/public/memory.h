/* SPDX-License-Identifier: MIT */
/*
 * Memory reservation and physmap operations.
 *
 * Hypercall: HYPERVISOR_memory_op(unsigned int cmd, void *arg).  cmd is a
 * XENMEM_* number; for the reservation ops its bits above
 * MEMOP_EXTENT_SHIFT (xen.h) carry the continuation point, so guests
 * pass the plain number.  Return: 0 or a count (see each op), or a
 * negative XEN_E* value.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"
#include "physdev.h"

/*
 * XENMEM_increase_reservation, XENMEM_decrease_reservation,
 * XENMEM_populate_physmap: add or remove extents of 2^extent_order
 * pages.  arg: struct xen_memory_reservation.
 * Return: the number of extents done (less than nr_extents on a partial
 * failure).
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

#if __XEN_INTERFACE_VERSION__ >= 0x00030209
/* mem_flags: bits 0-7 limit the machine address width (0: no limit). */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
/* bits 8-15: NUMA node + 1 to allocate from (0: any). */
#define XENMEMF_node(x)     (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
/* Fill with populate-on-demand entries, not memory. */
#define XENMEMF_populate_on_demand (1 << 16)
/* Fail rather than fall back to another node. */
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
/* The node number is a virtual NUMA node of the guest. */
#define XENMEMF_vnode  (1 << 18)
#endif

/*
 * extent_start:
 *   increase_reservation OUT: machine frame of each extent allocated.
 *   decrease_reservation IN:  guest frame of each extent to free.
 *   populate_physmap     IN:  guest frame to fill; OUT: frame allocated.
 *   claim_pages:         must be null.
 * nr_extents, extent_order IN: how many extents, and their size.
 * mem_flags IN: XENMEMF_* (not used by decrease_reservation).
 * domid IN: DOMID_SELF, or the target domain if privileged.
 */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t    nr_extents;
    uint32_t       extent_order;
#if __XEN_INTERFACE_VERSION__ >= 0x00030209
    uint32_t       mem_flags;
#else
    uint32_t       address_bits;
#endif
    domid_t        domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * XENMEM_exchange: give back the extents listed in <in> and receive
 * those described by <out> (for example to get memory below 4GiB).
 *  IN:  in, out (same total size).
 *  OUT: nr_exchanged (input extents done, also on failure).
 */
#define XENMEM_exchange             11
struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* XENMEM_maximum_ram_page: highest machine frame with RAM.  arg: NULL. */
#define XENMEM_maximum_ram_page     2

/* Argument of the ops below that only name a domain. */
struct xen_memory_domain {
    domid_t domid;   /* DOMID_SELF or a domain id */
};

/*
 * XENMEM_current_reservation, XENMEM_maximum_reservation: the domain's
 * page count, and its limit.  XENMEM_maximum_gpfn: its highest guest
 * frame.  arg: domid_t * (or struct xen_memory_domain).
 */
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
#define XENMEM_maximum_gpfn         14

/*
 * XENMEM_machphys_mfn_list: (PV) the machine frames of the 2MiB chunks
 * of the read-only machine-to-phys table.
 *  IN:  max_extents, extent_start (room for that many).
 *  OUT: nr_extents.
 */
#define XENMEM_machphys_mfn_list    5
struct xen_machphys_mfn_list {
    uint32_t max_extents;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    uint32_t nr_extents;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Same, for the table a 32-bit PV guest sees.  arg as above. */
#define XENMEM_machphys_compat_mfn_list     25

/*
 * XENMEM_machphys_mapping: (PV) where the machine-to-phys table is in
 * the guest's address space.
 *  OUT: v_start, v_end (virtual range), max_mfn (last entry).
 */
#define XENMEM_machphys_mapping     12
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* Sources of pages XENMEM_add_to_physmap(_batch) can map. */
#define XENMAPSPACE_shared_info  0 /* the shared info page               */
#define XENMAPSPACE_grant_table  1 /* a grant-table frame                */
#define XENMAPSPACE_gmfn         2 /* move one of our own frames         */
#define XENMAPSPACE_gmfn_range   3 /* a range of them (add_to_physmap)   */
#define XENMAPSPACE_gmfn_foreign 4 /* a frame of another domain (batch)  */
#define XENMAPSPACE_dev_mmio     5 /* device MMIO (Arm only)             */

/*
 * XENMEM_add_to_physmap: put a page at guest frame <gpfn> of <domid>
 * (auto-translated domains).
 *  IN:  domid, size (pages, for gmfn_range), space (XENMAPSPACE_*),
 *       idx (which page of the space: grant frame number, with
 *       XENMAPIDX_grant_table_status for a v2 status frame; or the
 *       source frame), gpfn.
 */
#define XENMEM_add_to_physmap      7
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;
#define XENMAPIDX_grant_table_status 0x80000000
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/*
 * XENMEM_add_to_physmap_batch: the same for <size> pages listed in idxs
 * and gpfns, each result in errs.
 *  IN:  domid, space, size, u.foreign_domid (gmfn_foreign: whose frames;
 *       otherwise u.res0 must be 0), idxs, gpfns.
 *  OUT: errs (0 or a negative XEN_E* per page).
 */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space;
    uint16_t size;
#if __XEN_INTERFACE_VERSION__ < 0x00040700
    domid_t foreign_domid;
#else
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid;
        uint16_t res0;
    } u;
#endif
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
    XEN_GUEST_HANDLE(int) errs;
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040400
#define XENMEM_add_to_physmap_range XENMEM_add_to_physmap_batch
#define xen_add_to_physmap_range xen_add_to_physmap_batch
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_range_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_range_t);
#endif

/*
 * XENMEM_remove_from_physmap: unmap whatever is at guest frame <gpfn>.
 *  IN:  domid, gpfn.
 */
#define XENMEM_remove_from_physmap      15
struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/* Number 8 (translate_gpfn_list) was withdrawn. */

/*
 * XENMEM_memory_map: the guest's own E820 map, as set by the toolstack.
 * XENMEM_machine_memory_map: the host's map (privileged); a null buffer
 * asks only for the entry count.
 *  IN:  nr_entries (room in buffer), buffer (E820 entries: u64 addr,
 *       u64 size, u32 type; 20 bytes each).
 *  OUT: nr_entries (stored).
 */
#define XENMEM_memory_map           9
struct xen_memory_map {
    uint32_t nr_entries;
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

#define XENMEM_machine_memory_map   10

/* XENMEM_set_memory_map: (toolstack) set <domid>'s E820 map. */
#define XENMEM_set_memory_map       13
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/*
 * XENMEM_set_pod_target / XENMEM_get_pod_target: populate-on-demand
 * target of a domain.
 *  IN:  domid, target_pages (set only).
 *  OUT: tot_pages, pod_cache_pages, pod_entries.
 */
#define XENMEM_set_pod_target       16
#define XENMEM_get_pod_target       17
struct xen_pod_target {
    uint64_t target_pages;
    uint64_t tot_pages;
    uint64_t pod_cache_pages;
    uint64_t pod_entries;
    domid_t domid;
};
typedef struct xen_pod_target xen_pod_target_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)

#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif

/*
 * XENMEM_get_sharing_freed_pages, XENMEM_get_sharing_shared_pages:
 * system-wide counts of pages saved and shared by memory sharing.
 * arg: NULL.  Return: the count.
 */
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19

/*
 * XENMEM_paging_op: (toolstack) page a guest frame out and in.
 *  IN:  op (XENMEM_paging_op_*), domain, buffer (prep: the page contents
 *       to load, or null), gfn.
 */
#define XENMEM_paging_op                    20
#define XENMEM_paging_op_nominate           0
#define XENMEM_paging_op_evict              1
#define XENMEM_paging_op_prep               2

struct xen_mem_paging_op {
    uint8_t op;
    domid_t domain;
    XEN_GUEST_HANDLE_64(const_uint8) buffer;
    uint64_aligned_t gfn;
};
typedef struct xen_mem_paging_op xen_mem_paging_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_paging_op_t);

/*
 * XENMEM_access_op: (toolstack) set or read the access rights the
 * hypervisor enforces on guest frames (for introspection).
 *  IN:  op, access (xenmem_access_t), domid, nr (set: frame count; also
 *       a continuation cursor), pfn (first frame, or ~0 for the default),
 *       pfn_list/access_list (set_access_multi).
 *  OUT: access (get_access).
 */
#define XENMEM_access_op                    21
#define XENMEM_access_op_set_access         0
#define XENMEM_access_op_get_access         1
/* 2 and 3 (enable/disable emulate) were withdrawn. */
#define XENMEM_access_op_set_access_multi   4

typedef enum {
    XENMEM_access_n,
    XENMEM_access_r,
    XENMEM_access_w,
    XENMEM_access_rw,
    XENMEM_access_x,
    XENMEM_access_rx,
    XENMEM_access_wx,
    XENMEM_access_rwx,
    XENMEM_access_rx2rw,   /* rx, turned to rw on first write */
    XENMEM_access_n2rwx,   /* n, turned to rwx on first access */
    XENMEM_access_default  /* the domain's default */
} xenmem_access_t;

struct xen_mem_access_op {
    uint8_t op;
    uint8_t access;
    domid_t domid;
    uint32_t nr;
    uint64_aligned_t pfn;
    XEN_GUEST_HANDLE(const_uint64) pfn_list;
    XEN_GUEST_HANDLE(const_uint8) access_list;
};
typedef struct xen_mem_access_op xen_mem_access_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_access_op_t);

/*
 * XENMEM_sharing_op: (toolstack) deduplicate identical pages between
 * domains, and fork domains.
 */
#define XENMEM_sharing_op                   22
#define XENMEM_sharing_op_nominate_gfn      0
#define XENMEM_sharing_op_nominate_gref     1
#define XENMEM_sharing_op_share             2
#define XENMEM_sharing_op_debug_gfn         3
#define XENMEM_sharing_op_debug_mfn         4
#define XENMEM_sharing_op_debug_gref        5
#define XENMEM_sharing_op_add_physmap       6
#define XENMEM_sharing_op_audit             7
#define XENMEM_sharing_op_range_share       8
#define XENMEM_sharing_op_fork              9
#define XENMEM_sharing_op_fork_reset        10

#define XENMEM_SHARING_OP_S_HANDLE_INVALID  (-10)
#define XENMEM_SHARING_OP_C_HANDLE_INVALID  (-9)

/* A gfn field may instead hold a grant reference, marked by bit 62. */
#define XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG   (xen_mk_ullong(1) << 62)
#define XENMEM_SHARING_OP_FIELD_MAKE_GREF(field, val)  \
    (field) = (XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG | (val))
#define XENMEM_SHARING_OP_FIELD_IS_GREF(field)         \
    ((field) & XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG)
#define XENMEM_SHARING_OP_FIELD_GET_GREF(field)        \
    ((field) & (~XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG))

struct xen_mem_sharing_op {
    uint8_t op;
    domid_t domain;
    union {
        struct mem_sharing_op_nominate {   /* nominate_gfn/gref */
            union {
                uint64_aligned_t gfn;
                uint32_t grant_ref;
            } u;
            uint64_aligned_t handle;       /* OUT */
        } nominate;
        struct mem_sharing_op_share {      /* share, add_physmap */
            uint64_aligned_t source_gfn;
            uint64_aligned_t source_handle;
            uint64_aligned_t client_gfn;
            uint64_aligned_t client_handle;
            domid_t client_domain;
        } share;
        struct mem_sharing_op_range {      /* range_share */
            uint64_aligned_t first_gfn;
            uint64_aligned_t last_gfn;
            uint64_aligned_t opaque;       /* continuation; 0 at first */
            domid_t client_domain;
            uint16_t _pad[3];              /* must be 0 */
        } range;
        struct mem_sharing_op_debug {      /* debug_* */
            union {
                uint64_aligned_t gfn;
                uint64_aligned_t mfn;
                uint32_t gref;
            } u;
        } debug;
        struct mem_sharing_op_fork {       /* fork, fork_reset */
            domid_t parent_domain;
#define XENMEM_FORK_WITH_IOMMU_ALLOWED (1u << 0)
#define XENMEM_FORK_BLOCK_INTERRUPTS   (1u << 1)
#define XENMEM_FORK_RESET_STATE        (1u << 2)
#define XENMEM_FORK_RESET_MEMORY       (1u << 3)
            uint16_t flags;
            uint32_t pad;                  /* must be 0 */
        } fork;
    } u;
};
typedef struct xen_mem_sharing_op xen_mem_sharing_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_sharing_op_t);

/*
 * XENMEM_claim_pages: (toolstack) reserve nr_extents pages of the free
 * heap for <domid> before building it, so a later allocation cannot
 * fail; 0 pages drops the claim.  arg: struct xen_memory_reservation
 * with extent_order 0, mem_flags 0, extent_start null.
 */
#define XENMEM_claim_pages                  24

/* Number 25 is XENMEM_machphys_compat_mfn_list, above. */

/*
 * XENMEM_reserved_device_memory_map: memory ranges devices use that the
 * guest must keep free (RMRRs).
 *  IN:  flags (XENMEM_RDM_ALL, or match dev), nr_entries (room),
 *       dev.pci.
 *  OUT: nr_entries (stored; the needed count with -XEN_ERANGE), buffer.
 */
#define XENMEM_reserved_device_memory_map   27
struct xen_reserved_device_memory {
    xen_pfn_t start_pfn;
    xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_t);

struct xen_reserved_device_memory_map {
#define XENMEM_RDM_ALL 1
    uint32_t flags;
    uint32_t nr_entries;
    XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer;
    union {
        physdev_pci_device_t pci;
    } dev;
};
typedef struct xen_reserved_device_memory_map
    xen_reserved_device_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_map_t);

#endif /* __XEN__ || __XEN_TOOLS__ */

/*
 * XENMEM_acquire_resource: hand a tools domain the frames of a resource
 * of <domid> (ioreq server pages, grant table, trace buffer) to map.
 *  IN:  domid, type (XENMEM_resource_*), id (ioreq server id, or
 *       XENMEM_resource_grant_table_id_*, else 0), pad (must be 0),
 *       frame (first frame wanted).
 *  IN/OUT: nr_frames (frames wanted; with a null frame_list and 0, OUT
 *       is the resource's size), frame_list (PV caller OUT: machine
 *       frames; HVM caller IN: its frames to map them at).
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
    domid_t domid;
    uint16_t type;
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
    uint32_t id;
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
    uint32_t nr_frames;
    uint32_t pad;
    uint64_t frame;
/* Frames of an ioreq server: the buffered page, then one per vCPU page. */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

/*
 * XENMEM_get_vnumainfo: the guest's virtual NUMA layout.
 *  IN:  domid, pad (0), nr_vnodes, nr_vcpus, nr_vmemranges (room in the
 *       three arrays).
 *  OUT: the counts (the needed ones with -XEN_ENOBUFS), vdistance
 *       (nr_vnodes^2), vcpu_to_vnode, vmemrange.
 */
#define XENMEM_get_vnumainfo                26

struct xen_vmemrange {
    uint64_t start, end;
    uint32_t flags;
    uint32_t nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
    domid_t domid;
    uint16_t pad;
    uint32_t nr_vnodes;
    uint32_t nr_vcpus;
    uint32_t nr_vmemranges;
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vdistance;
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vcpu_to_vnode;
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

/* Next free number: 29. */

#endif /* __XEN_PUBLIC_MEMORY_H__ */
