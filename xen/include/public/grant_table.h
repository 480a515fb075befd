/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: how a domain lets another map, copy from or into, or take
 * over one of its pages.  The granting domain fills an entry of its grant
 * table (a few pages it shares with the hypervisor); the grant reference
 * (the entry's index) is the capability it hands the other domain, which
 * then uses the GNTTABOP_* operations below.
 *
 * Hypercall: HYPERVISOR_grant_table_op(cmd, void *args, count): args is
 * an array of <count> structs of the type the command names.  Return: 0
 * or a negative XEN_E* value for the whole call; per-entry results go in
 * each struct's status field (GNTST_*).
 *
 * Entry protocol for the granting guest (the hypervisor reads flags last):
 *  - To publish: write domid and frame, a write barrier, then flags.
 *  - To revoke an unused access grant: read flags, check neither
 *    GTF_reading nor GTF_writing is set, cmpxchg flags to 0.  If it fails
 *    the grant is in use and cannot be revoked now.
 *  - To revoke an unused transfer grant: same, checking
 *    GTF_transfer_committed; once committed, wait for
 *    GTF_transfer_completed instead.
 *  - Writable -> read-only: cmpxchg GTF_readonly in while !GTF_writing.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

/* Index of an entry in a domain's grant table. */
typedef uint32_t grant_ref_t;

/*
 * Version 1 entry: 8 bytes.  Marks below: [G] written by the granting
 * guest, [X] written by the hypervisor.
 */
#if __XEN_INTERFACE_VERSION__ < 0x0003020a
#define grant_entry_v1 grant_entry
#define grant_entry_v1_t grant_entry_t
#endif
struct grant_entry_v1 {
    uint16_t flags;    /* GTF_*  [G,X] */
    domid_t  domid;    /* who is granted  [G] */
    /*
     * permit_access: the frame the grantee may use [G];
     * accept_transfer: the frame slot to fill [G], then, once completed,
     * the frame transferred in [X].
     */
    uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/*
 * Entries kept across a version change, which the toolstack may fill
 * before the guest starts.
 */
#define GNTTAB_NR_RESERVED_ENTRIES     8
#define GNTTAB_RESERVED_CONSOLE        0
#define GNTTAB_RESERVED_XENSTORE       1

/*
 * flags, bits 0-1: entry type.
 *  invalid:         grants nothing.
 *  permit_access:   domid may map or copy frame.
 *  accept_transfer: domid may give us a page into frame.
 *  transitive:      (v2) domid may use the grant trans_domid gave us.
 */
#define GTF_invalid         (0U << 0)
#define GTF_permit_access   (1U << 0)
#define GTF_accept_transfer (2U << 0)
#define GTF_transitive      (3U << 0)
#define GTF_type_mask       (3U << 0)

/*
 * Access-grant flags:
 *  readonly [G]:   the grantee may only read.
 *  reading  [X]:   the grantee has the frame mapped or is copying from it.
 *  writing  [X]:   the grantee has it mapped writable or is copying in.
 *  PWT/PCD/PAT [G]: cache attributes the grantee's mapping must use.
 *  sub_page [G]:   (v2) only page_off/length of the frame is granted.
 */
#define _GTF_readonly       (2)
#define GTF_readonly        (1U << _GTF_readonly)
#define _GTF_reading        (3)
#define GTF_reading         (1U << _GTF_reading)
#define _GTF_writing        (4)
#define GTF_writing         (1U << _GTF_writing)
#define _GTF_PWT            (5)
#define GTF_PWT             (1U << _GTF_PWT)
#define _GTF_PCD            (6)
#define GTF_PCD             (1U << _GTF_PCD)
#define _GTF_PAT            (7)
#define GTF_PAT             (1U << _GTF_PAT)
#define _GTF_sub_page       (8)
#define GTF_sub_page        (1U << _GTF_sub_page)

/*
 * Transfer-grant flags [X]:
 *  transfer_committed: a transfer has started; the entry may no longer be
 *                      revoked.
 *  transfer_completed: frame now holds the page we received.
 */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
/*
 * Version 2 entry: 16 bytes, 64-bit frames, sub-page and transitive
 * grants.  The reading/writing flags of v2 live in a separate status
 * array (grant_status_t, one per entry) the guest maps with
 * GNTTABOP_get_status_frames.
 */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;

    /* permit_access / accept_transfer of a whole frame. */
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;

    /* permit_access with GTF_sub_page: bytes [page_off, +length). */
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;

    /*
     * GTF_transitive: pass on grant <gref> that <trans_domid> gave us.
     * Only copies can be made through it, not mappings.
     */
    struct {
        grant_entry_header_t hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;

    uint32_t __spacer[4]; /* fixes the size at 16 */
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

#endif /* __XEN_INTERFACE_VERSION__ >= 0x0003020a */

#define GNTTABOP_map_grant_ref        0
#define GNTTABOP_unmap_grant_ref      1
#define GNTTABOP_setup_table          2
#define GNTTABOP_dump_table           3
#define GNTTABOP_transfer             4
#define GNTTABOP_copy                 5
#define GNTTABOP_query_size           6
#define GNTTABOP_unmap_and_replace    7
#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
#define GNTTABOP_set_version          8
#define GNTTABOP_get_status_frames    9
#define GNTTABOP_get_version          10
#define GNTTABOP_swap_grant_ref       11
#define GNTTABOP_cache_flush          12
#endif

/* Names one mapping made by GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map the frame granted by <dom> under <ref>.
 *  IN:  host_addr (where to map: a guest-physical address for an
 *       auto-translated caller, else a linear address or, with
 *       GNTMAP_contains_pte, the machine address of a PTE), flags
 *       (GNTMAP_*), ref, dom.
 *  OUT: status (GNTST_*), handle (for the unmap), dev_bus_addr (with
 *       GNTMAP_device_map: the address a device uses).
 * NOTES:
 *  1. The granter sees GTF_reading (and GTF_writing unless readonly)
 *     until the last mapping is gone.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;
    grant_ref_t ref;
    domid_t  dom;
    int16_t  status;
    grant_handle_t handle;
    uint64_t dev_bus_addr;
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: undo a mapping.
 *  IN:  host_addr and dev_bus_addr (0 for "not mapped that way"), handle.
 *  OUT: status.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t  status;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: grow <dom>'s table to nr_frames frames and list
 * them (PV guests map them by frame number).
 *  IN:  dom (DOMID_SELF or, if privileged, another), nr_frames,
 *       frame_list (room for nr_frames entries).
 *  OUT: status, frame_list filled.
 */
struct gnttab_setup_table {
    domid_t  dom;
    uint32_t nr_frames;
    int16_t  status;
#if __XEN_INTERFACE_VERSION__ < 0x00040300
    XEN_GUEST_HANDLE(ulong) frame_list;
#else
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
#endif
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/*
 * GNTTABOP_dump_table: print <dom>'s table on the hypervisor console.
 *  IN:  dom.
 *  OUT: status.
 */
struct gnttab_dump_table {
    domid_t dom;
    int16_t status;
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer: give our page <mfn> to <domid>, which granted an
 * accept_transfer entry <ref>.  The page leaves our reservation.
 *  IN:  mfn, domid, ref.
 *  OUT: status.
 */
struct gnttab_transfer {
    xen_pfn_t     mfn;
    domid_t       domid;
    grant_ref_t   ref;
    int16_t       status;
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: copy bytes between two frames, each named either by a
 * grant (flag GNTCOPY_*_gref set: u.ref in domid's table) or by one of the
 * caller's own frames (u.gmfn, domid DOMID_SELF).
 *  IN:  source, dest, len, flags.
 *  OUT: status.
 * NOTES:
 *  1. Neither range may cross a page boundary (GNTST_bad_copy_arg).
 */
#define _GNTCOPY_source_gref      (0)
#define GNTCOPY_source_gref       (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref        (1)
#define GNTCOPY_dest_gref         (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;
            xen_pfn_t   gmfn;
        } u;
        domid_t  domid;
        uint16_t offset;
    } source, dest;
    uint16_t      len;
    uint16_t      flags;
    int16_t       status;
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: current and maximum table size of <dom>, in frames.
 *  IN:  dom.
 *  OUT: nr_frames, max_nr_frames, status.
 */
struct gnttab_query_size {
    domid_t  dom;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t  status;
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace: remove the grant mapping at host_addr and
 * move the mapping found at new_addr there (new_addr is left unmapped).
 *  IN:  host_addr, new_addr, handle.
 *  OUT: status.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;
    uint64_t new_addr;
    grant_handle_t handle;
    int16_t  status;
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
/*
 * GNTTABOP_set_version: choose the entry format (1 or 2).
 *  IN:  version.
 *  OUT: version (the one now in force).
 * NOTES:
 *  1. Fails while any grant other than the reserved ones is in use; the
 *     reserved entries are converted.
 */
struct gnttab_set_version {
    uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/*
 * GNTTABOP_get_status_frames: list the frames of the v2 status array.
 *  IN:  nr_frames, dom, frame_list.
 *  OUT: status, frame_list filled.
 */
struct gnttab_get_status_frames {
    uint32_t nr_frames;
    domid_t  dom;
    int16_t  status;
    XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/*
 * GNTTABOP_get_version: which entry format <dom> uses.
 *  IN:  dom, pad (must be 0).
 *  OUT: version.
 */
struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/*
 * GNTTABOP_swap_grant_ref: exchange two of our own entries (v2 only),
 * neither of them in use.
 *  IN:  ref_a, ref_b.
 *  OUT: status.
 */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status;
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean and/or invalidate data caches for part of
 * a page (for architectures with non-coherent DMA; a no-op on x86).
 *  IN:  a (a bus address, or a grant ref with GNTTAB_CACHE_SOURCE_GREF),
 *       offset, length (within one page), op.
 */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
#define GNTTAB_CACHE_CLEAN          (1u << 0)
#define GNTTAB_CACHE_INVAL          (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF    (1u << 31)
    uint32_t op;
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);
#endif /* __XEN_INTERFACE_VERSION__ >= 0x0003020a */

/*
 * Mapping flags for GNTTABOP_map_grant_ref:
 *  device_map:      make the frame reachable by devices (dev_bus_addr).
 *  host_map:        map it at host_addr.
 *  readonly:        a read-only mapping.
 *  application_map: (PV) user-accessible mapping.
 *  contains_pte:    (PV) host_addr is the machine address of the PTE to
 *                   write, not a linear address.
 *  bits 16-31:      copied into the PTE's software-available bits.
 */
#define _GNTMAP_device_map      (0)
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        (1)
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        (2)
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    (4)
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-entry results in the status fields. */
#define GNTST_okay             (0)   /* done                               */
#define GNTST_general_error    (-1)  /* any other failure                  */
#define GNTST_bad_domain       (-2)  /* no such domain                     */
#define GNTST_bad_gntref       (-3)  /* ref out of range or not granted    */
#define GNTST_bad_handle       (-4)  /* no such mapping handle             */
#define GNTST_bad_virt_addr    (-5)  /* host_addr unusable                 */
#define GNTST_bad_dev_addr     (-6)  /* dev_bus_addr unusable              */
#define GNTST_no_device_space  (-7)  /* IOMMU out of mapping slots         */
#define GNTST_permission_denied (-8) /* grant forbids this access          */
#define GNTST_bad_page         (-9)  /* frame unusable for this            */
#define GNTST_bad_copy_arg    (-10)  /* copy range crosses a page          */
#define GNTST_address_too_big (-11)  /* frame too high for the receiver    */
#define GNTST_eagain          (-12)  /* busy now; retry                    */
#define GNTST_no_space        (-13)  /* table full                         */

/* Messages for -status, in GNTST order (index 0 is GNTST_okay). */
#define GNTTABOP_error_msgs {                   \
    "okay",                                     \
    "undefined error",                          \
    "unrecognised domain id",                   \
    "invalid grant reference",                  \
    "invalid mapping handle",                   \
    "invalid virtual address",                  \
    "invalid device address",                   \
    "no spare translation slot in the I/O MMU", \
    "permission denied",                        \
    "bad page",                                 \
    "copy arguments cross page boundary",       \
    "page address size too large",              \
    "operation not done; try again",            \
    "out of space",                             \
}

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
