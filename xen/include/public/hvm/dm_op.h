/* SPDX-License-Identifier: MIT */
/*
 * Device-model operations: what an emulator (QEMU in dom0) does to the
 * HVM domain it serves: ioreq servers, interrupt lines, memory types.
 *
 * Hypercall: HYPERVISOR_dm_op(domid_t domid, unsigned int nr_bufs,
 * xen_dm_op_buf_t bufs[]).  bufs[0] holds a struct xen_dm_op; further
 * buffers carry per-op arrays.  The hypervisor checks the whole call is
 * about <domid> only, so privcmd can restrict a device model to one
 * domain.  Return: 0 or a negative XEN_E* value.
 */
#ifndef __XEN_PUBLIC_HVM_DM_OP_H__
#define __XEN_PUBLIC_HVM_DM_OP_H__

#include "../xen.h"
#include "../event_channel.h"

#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif

/* Id of an ioreq server within its domain. */
typedef uint16_t ioservid_t;

/*
 * XEN_DMOP_create_ioreq_server: a new server, disabled, that will receive
 * the I/O ranges mapped to it.
 *  IN:  handle_bufioreq (HVM_IOREQSRV_BUFIOREQ_*), pad (0).
 *  OUT: id.
 */
#define XEN_DMOP_create_ioreq_server 1
struct xen_dm_op_create_ioreq_server {
    uint8_t handle_bufioreq;
    uint8_t pad[3];
    ioservid_t id;
};
typedef struct xen_dm_op_create_ioreq_server xen_dm_op_create_ioreq_server_t;

/*
 * XEN_DMOP_get_ioreq_server_info: where a server's pages are.
 *  IN:  id, flags (XEN_DMOP_no_gfns: do not map the pages into the
 *       guest; the caller uses XENMEM_acquire_resource).
 *  OUT: bufioreq_port, ioreq_gfn, bufioreq_gfn.
 */
#define XEN_DMOP_get_ioreq_server_info 2
struct xen_dm_op_get_ioreq_server_info {
    ioservid_t id;
    uint16_t flags;
#define _XEN_DMOP_no_gfns 0
#define XEN_DMOP_no_gfns (1u << _XEN_DMOP_no_gfns)
    evtchn_port_t bufioreq_port;
    uint64_aligned_t ioreq_gfn;
    uint64_aligned_t bufioreq_gfn;
};
typedef struct xen_dm_op_get_ioreq_server_info
    xen_dm_op_get_ioreq_server_info_t;

/*
 * XEN_DMOP_map_io_range_to_ioreq_server /
 * XEN_DMOP_unmap_io_range_from_ioreq_server: send accesses to
 * [start, end] (inclusive) of the given type to server <id>.
 * PCI ranges are XEN_DMOP_PCI_SBDF() values.
 */
#define XEN_DMOP_map_io_range_to_ioreq_server 3
#define XEN_DMOP_unmap_io_range_from_ioreq_server 4
struct xen_dm_op_ioreq_server_range {
    ioservid_t id;
    uint16_t pad;
    uint32_t type;
# define XEN_DMOP_IO_RANGE_PORT   0 /* I/O ports */
# define XEN_DMOP_IO_RANGE_MEMORY 1 /* MMIO */
# define XEN_DMOP_IO_RANGE_PCI    2 /* PCI config space */
    uint64_aligned_t start, end;
};
typedef struct xen_dm_op_ioreq_server_range xen_dm_op_ioreq_server_range_t;

#define XEN_DMOP_PCI_SBDF(s, b, d, f) \
    ((((s) & 0xffff) << 16) |         \
     (((b) & 0xff) << 8) |            \
     (((d) & 0x1f) << 3) |            \
     ((f) & 0x07))

/* XEN_DMOP_set_ioreq_server_state: enable or disable server <id>. */
#define XEN_DMOP_set_ioreq_server_state 5
struct xen_dm_op_set_ioreq_server_state {
    ioservid_t id;
    uint8_t enabled;
    uint8_t pad;
};
typedef struct xen_dm_op_set_ioreq_server_state
    xen_dm_op_set_ioreq_server_state_t;

/* XEN_DMOP_destroy_ioreq_server: remove server <id>. */
#define XEN_DMOP_destroy_ioreq_server 6
struct xen_dm_op_destroy_ioreq_server {
    ioservid_t id;
    uint16_t pad;
};
typedef struct xen_dm_op_destroy_ioreq_server
    xen_dm_op_destroy_ioreq_server_t;

/*
 * XEN_DMOP_track_dirty_vram: dirty bitmap of nr frames from first_pfn
 * (the frame buffer) since the last call.  bufs[1]: the bitmap (OUT).
 */
#define XEN_DMOP_track_dirty_vram 7
struct xen_dm_op_track_dirty_vram {
    uint32_t nr;
    uint32_t pad;
    uint64_aligned_t first_pfn;
};
typedef struct xen_dm_op_track_dirty_vram xen_dm_op_track_dirty_vram_t;

/* XEN_DMOP_set_pci_intx_level: assert (1) / deassert (0) a PCI INTx. */
#define XEN_DMOP_set_pci_intx_level 8
struct xen_dm_op_set_pci_intx_level {
    uint16_t domain;
    uint8_t bus, device, intx;
    uint8_t level;
};
typedef struct xen_dm_op_set_pci_intx_level xen_dm_op_set_pci_intx_level_t;

/* XEN_DMOP_set_isa_irq_level: assert / deassert an ISA IRQ. */
#define XEN_DMOP_set_isa_irq_level 9
struct xen_dm_op_set_isa_irq_level {
    uint8_t isa_irq;
    uint8_t level;
};
typedef struct xen_dm_op_set_isa_irq_level xen_dm_op_set_isa_irq_level_t;

/* XEN_DMOP_set_pci_link_route: route PCI link (0-3) to an ISA IRQ. */
#define XEN_DMOP_set_pci_link_route 10
struct xen_dm_op_set_pci_link_route {
    uint8_t link;
    uint8_t isa_irq;   /* 0 disables the link */
};
typedef struct xen_dm_op_set_pci_link_route xen_dm_op_set_pci_link_route_t;

/*
 * XEN_DMOP_modified_memory: the device model wrote guest memory (for
 * log-dirty).  bufs[1]: nr_extents xen_dm_op_modified_memory_extent.
 *  IN/OUT: opaque (continuation; 0 at first).
 */
#define XEN_DMOP_modified_memory 11
struct xen_dm_op_modified_memory {
    uint32_t nr_extents;
    uint32_t opaque;
};
typedef struct xen_dm_op_modified_memory xen_dm_op_modified_memory_t;

struct xen_dm_op_modified_memory_extent {
    uint32_t nr;
    uint32_t pad;
    uint64_aligned_t first_pfn;
};

/* XEN_DMOP_set_mem_type: nr frames from first_pfn become mem_type. */
#define XEN_DMOP_set_mem_type 12
struct xen_dm_op_set_mem_type {
    uint32_t nr;
    uint16_t mem_type;  /* hvmmem_type_t */
    uint16_t pad;
    uint64_aligned_t first_pfn;
};
typedef struct xen_dm_op_set_mem_type xen_dm_op_set_mem_type_t;

/*
 * XEN_DMOP_inject_event: inject an event into vCPU <vcpuid> on its next
 * entry.  error_code ~0 means none; cr2 for page faults.
 */
#define XEN_DMOP_inject_event 13
struct xen_dm_op_inject_event {
    uint32_t vcpuid;
    uint8_t vector;
    uint8_t type;
# define XEN_DMOP_EVENT_ext_int    0 /* external interrupt */
# define XEN_DMOP_EVENT_nmi        2 /* NMI */
# define XEN_DMOP_EVENT_hw_exc     3 /* hardware exception */
# define XEN_DMOP_EVENT_sw_int     4 /* INT n */
# define XEN_DMOP_EVENT_pri_sw_exc 5 /* ICEBP */
# define XEN_DMOP_EVENT_sw_exc     6 /* INT3, INTO */
    uint8_t insn_len;
    uint8_t pad0;
    uint32_t error_code;
    uint32_t pad1;
    uint64_aligned_t cr2;
};
typedef struct xen_dm_op_inject_event xen_dm_op_inject_event_t;

/* XEN_DMOP_inject_msi: deliver an MSI write of data to addr. */
#define XEN_DMOP_inject_msi 14
struct xen_dm_op_inject_msi {
    uint32_t data;
    uint32_t pad;
    uint64_aligned_t addr;
};
typedef struct xen_dm_op_inject_msi xen_dm_op_inject_msi_t;

/*
 * XEN_DMOP_map_mem_type_to_ioreq_server: send accesses (flags
 * XEN_DMOP_IOREQ_MEM_ACCESS_*) to frames of type HVMMEM_ioreq_server to
 * server <id>; flags 0 unmaps.  opaque: continuation, 0 at first.
 */
#define XEN_DMOP_map_mem_type_to_ioreq_server 15
struct xen_dm_op_map_mem_type_to_ioreq_server {
    ioservid_t id;
    uint16_t type;
    uint32_t flags;
#define XEN_DMOP_IOREQ_MEM_ACCESS_READ (1u << 0)
#define XEN_DMOP_IOREQ_MEM_ACCESS_WRITE (1u << 1)
    uint64_t opaque;
};
typedef struct xen_dm_op_map_mem_type_to_ioreq_server
    xen_dm_op_map_mem_type_to_ioreq_server_t;

/* XEN_DMOP_remote_shutdown: shut the domain down with SHUTDOWN_* reason. */
#define XEN_DMOP_remote_shutdown 16
struct xen_dm_op_remote_shutdown {
    uint32_t reason;
};
typedef struct xen_dm_op_remote_shutdown xen_dm_op_remote_shutdown_t;

/*
 * XEN_DMOP_relocate_memory: move size frames from src_gfn to dst_gfn.
 * OUT: size, src_gfn, dst_gfn advance as work is done.
 */
#define XEN_DMOP_relocate_memory 17
struct xen_dm_op_relocate_memory {
    uint32_t size;
    uint32_t pad;
    uint64_aligned_t src_gfn;
    uint64_aligned_t dst_gfn;
};
typedef struct xen_dm_op_relocate_memory xen_dm_op_relocate_memory_t;

/*
 * XEN_DMOP_pin_memory_cacheattr: force a cache type on frames
 * [start, end]; XEN_DMOP_DELETE_MEM_CACHEATTR removes the pin.
 */
#define XEN_DMOP_pin_memory_cacheattr 18
struct xen_dm_op_pin_memory_cacheattr {
    uint64_aligned_t start;
    uint64_aligned_t end;
#define XEN_DMOP_MEM_CACHEATTR_UC  0
#define XEN_DMOP_MEM_CACHEATTR_WC  1
#define XEN_DMOP_MEM_CACHEATTR_WT  4
#define XEN_DMOP_MEM_CACHEATTR_WP  5
#define XEN_DMOP_MEM_CACHEATTR_WB  6
#define XEN_DMOP_MEM_CACHEATTR_UCM 7
#define XEN_DMOP_DELETE_MEM_CACHEATTR (~(uint32_t)0)
    uint32_t type;
    uint32_t pad;
};
typedef struct xen_dm_op_pin_memory_cacheattr
    xen_dm_op_pin_memory_cacheattr_t;

/* XEN_DMOP_set_irq_level: assert / deassert a (GSI or SPI) line. */
#define XEN_DMOP_set_irq_level 19
struct xen_dm_op_set_irq_level {
    uint32_t irq;
    uint8_t level;
    uint8_t pad[3];
};
typedef struct xen_dm_op_set_irq_level xen_dm_op_set_irq_level_t;

/* XEN_DMOP_nr_vcpus: OUT the domain's vCPU count. */
#define XEN_DMOP_nr_vcpus 20
struct xen_dm_op_nr_vcpus {
    uint32_t vcpus;
};
typedef struct xen_dm_op_nr_vcpus xen_dm_op_nr_vcpus_t;

struct xen_dm_op {
    uint32_t op;
    uint32_t pad;
    union {
        xen_dm_op_create_ioreq_server_t create_ioreq_server;
        xen_dm_op_get_ioreq_server_info_t get_ioreq_server_info;
        xen_dm_op_ioreq_server_range_t map_io_range_to_ioreq_server;
        xen_dm_op_ioreq_server_range_t unmap_io_range_from_ioreq_server;
        xen_dm_op_set_ioreq_server_state_t set_ioreq_server_state;
        xen_dm_op_destroy_ioreq_server_t destroy_ioreq_server;
        xen_dm_op_track_dirty_vram_t track_dirty_vram;
        xen_dm_op_set_pci_intx_level_t set_pci_intx_level;
        xen_dm_op_set_isa_irq_level_t set_isa_irq_level;
        xen_dm_op_set_irq_level_t set_irq_level;
        xen_dm_op_set_pci_link_route_t set_pci_link_route;
        xen_dm_op_modified_memory_t modified_memory;
        xen_dm_op_set_mem_type_t set_mem_type;
        xen_dm_op_inject_event_t inject_event;
        xen_dm_op_inject_msi_t inject_msi;
        xen_dm_op_map_mem_type_to_ioreq_server_t
            map_mem_type_to_ioreq_server;
        xen_dm_op_remote_shutdown_t remote_shutdown;
        xen_dm_op_relocate_memory_t relocate_memory;
        xen_dm_op_pin_memory_cacheattr_t pin_memory_cacheattr;
        xen_dm_op_nr_vcpus_t nr_vcpus;
    } u;
};

/* One buffer of a dm_op call. */
struct xen_dm_op_buf {
    XEN_GUEST_HANDLE(void) h;
    xen_ulong_t size;
};
typedef struct xen_dm_op_buf xen_dm_op_buf_t;
DEFINE_XEN_GUEST_HANDLE(xen_dm_op_buf_t);

#endif /* __XEN_PUBLIC_HVM_DM_OP_H__ */
