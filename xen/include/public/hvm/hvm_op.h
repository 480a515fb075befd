/* SPDX-License-Identifier: MIT */
/*
 * HVM operations: parameters of an HVM/PVH domain, memory types, the
 * event upcall vector, and alternate p2m views.
 *
 * Hypercall: HYPERVISOR_hvm_op(unsigned long op, void *arg), op an
 * HVMOP_* number.  Return: 0 or a negative XEN_E* value.
 */
#ifndef __XEN_PUBLIC_HVM_HVM_OP_H__
#define __XEN_PUBLIC_HVM_HVM_OP_H__

#include "../xen.h"
#include "../event_channel.h"

/* Words of extra data in a trace record (as in trace.h). */
#ifndef TRACE_EXTRA_MAX
#define TRACE_EXTRA_MAX    7
#endif

/*
 * HVMOP_set_param / HVMOP_get_param: one HVM_PARAM_* of a domain
 * (hvm/params.h).
 *  IN:  domid, pad (must be 0), index, value (set).
 *  OUT: value (get).
 */
#define HVMOP_set_param           0
#define HVMOP_get_param           1
struct xen_hvm_param {
    domid_t  domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

struct xen_hvm_altp2m_suppress_ve {
    uint16_t view;
    uint8_t suppress_ve;   /* boolean */
    uint8_t pad1;
    uint32_t pad2;
    uint64_t gfn;
};

struct xen_hvm_altp2m_suppress_ve_multi {
    uint16_t view;
    uint8_t suppress_ve;   /* boolean */
    uint8_t pad1;
    int32_t first_error;   /* OUT: first failure's error */
    uint64_t first_gfn;    /* IN/OUT: continuation point */
    uint64_t last_gfn;
    uint64_t first_error_gfn; /* OUT */
};

#if __XEN_INTERFACE_VERSION__ < 0x00040900
/* Old device-model operations, now in dm_op.h. */
#define HVMOP_set_pci_intx_level  2
struct xen_hvm_set_pci_intx_level {
    domid_t  domid;
    uint8_t  domain, bus, device, intx;
    uint8_t  level;
};
typedef struct xen_hvm_set_pci_intx_level xen_hvm_set_pci_intx_level_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_pci_intx_level_t);

#define HVMOP_set_isa_irq_level   3
struct xen_hvm_set_isa_irq_level {
    domid_t  domid;
    uint8_t  isa_irq;
    uint8_t  level;
};
typedef struct xen_hvm_set_isa_irq_level xen_hvm_set_isa_irq_level_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_isa_irq_level_t);

#define HVMOP_set_pci_link_route  4
struct xen_hvm_set_pci_link_route {
    domid_t  domid;
    uint8_t  link;
    uint8_t  isa_irq;
};
typedef struct xen_hvm_set_pci_link_route xen_hvm_set_pci_link_route_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_pci_link_route_t);
#endif

/* HVMOP_flush_tlbs: flush the TLBs of all our vCPUs.  arg: NULL. */
#define HVMOP_flush_tlbs          5

#ifndef XEN_GENERATING_COMPAT_HEADERS
/* What a guest frame is, for HVMOP_get_mem_type and XEN_DMOP_*. */
typedef enum {
    HVMMEM_ram_rw,             /* ordinary RAM */
    HVMMEM_ram_ro,             /* RAM, writes dropped */
    HVMMEM_mmio_dm,            /* emulated by the device model */
#if __XEN_INTERFACE_VERSION__ < 0x00040700
    HVMMEM_mmio_write_dm,      /* RAM, writes go to the device model */
#else
    HVMMEM_unused,             /* placeholder; do not use */
#endif
    HVMMEM_ioreq_server        /* writes go to an ioreq server */
} hvmmem_type_t;
#endif

/*
 * HVMOP_pagetable_dying: the guest no longer uses gpa as a top-level page
 * table (a hint for shadow paging).
 *  IN:  domid, pad (0), gpa.
 */
#define HVMOP_pagetable_dying        9
struct xen_hvm_pagetable_dying {
    domid_t  domid;
    uint16_t pad[3];
    uint64_t gpa;
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);

/* HVMOP_get_time: OUT now, the hypervisor's system time in ns. */
#define HVMOP_get_time              10
struct xen_hvm_get_time {
    uint64_t now;
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_time_t);

/* HVMOP_xentrace: put a record in the trace buffers. */
#define HVMOP_xentrace              11
struct xen_hvm_xentrace {
    uint16_t event, extra_bytes;
    uint8_t extra[TRACE_EXTRA_MAX * sizeof(uint32_t)];
};
typedef struct xen_hvm_xentrace xen_hvm_xentrace_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_xentrace_t);

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Withdrawn; use XENMEM_access_op. */
#define HVMOP_set_mem_access        12
#define HVMOP_get_mem_access        13
#endif

/*
 * HVMOP_get_mem_type: the type of guest frame pfn.
 *  IN:  domid, pad (0), pfn.
 *  OUT: mem_type (hvmmem_type_t).
 */
#define HVMOP_get_mem_type    15
struct xen_hvm_get_mem_type {
    domid_t domid;
    uint16_t mem_type;
    uint16_t pad[2];
    uint64_t pfn;
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Buffered-ioreq modes of an ioreq server (XEN_DMOP_create_ioreq_server). */
#define HVM_IOREQSRV_BUFIOREQ_OFF    0
#define HVM_IOREQSRV_BUFIOREQ_LEGACY 1
#define HVM_IOREQSRV_BUFIOREQ_ATOMIC 2  /* pointer updates are atomic */
#endif

#if defined(__i386__) || defined(__x86_64__)
/*
 * HVMOP_set_evtchn_upcall_vector: deliver vCPU <vcpu>'s event upcall
 * through the local APIC on <vector> (what PVH guests use), instead of
 * HVM_PARAM_CALLBACK_IRQ.
 *  IN:  vcpu, vector (0x10..0xff).
 */
#define HVMOP_set_evtchn_upcall_vector 23
struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;
    uint8_t vector;
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);
#endif

/* HVMOP_guest_request_vm_event: raise a vm_event for the monitor. */
#define HVMOP_guest_request_vm_event 24

/* HVMOP_altp2m: alternate p2m views (for introspection). */
#define HVMOP_altp2m 25
#define HVMOP_ALTP2M_INTERFACE_VERSION 0x00000001

struct xen_hvm_altp2m_domain_state {
    uint8_t state;  /* IN or OUT: enabled? */
};
typedef struct xen_hvm_altp2m_domain_state xen_hvm_altp2m_domain_state_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_domain_state_t);

struct xen_hvm_altp2m_vcpu_enable_notify {
    uint32_t vcpu_id;
    uint32_t pad;
    uint64_t gfn;   /* #VE info page */
};
typedef struct xen_hvm_altp2m_vcpu_enable_notify
    xen_hvm_altp2m_vcpu_enable_notify_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_vcpu_enable_notify_t);

struct xen_hvm_altp2m_vcpu_disable_notify {
    uint32_t vcpu_id;
};
typedef struct xen_hvm_altp2m_vcpu_disable_notify
    xen_hvm_altp2m_vcpu_disable_notify_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_vcpu_disable_notify_t);

struct xen_hvm_altp2m_view {
    uint16_t view;                  /* IN/OUT */
    uint16_t hvmmem_default_access; /* xenmem_access_t */
};
typedef struct xen_hvm_altp2m_view xen_hvm_altp2m_view_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_view_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040a00
struct xen_hvm_altp2m_set_mem_access {
    uint16_t view;
    uint16_t access;  /* xenmem_access_t */
    uint32_t pad;
    uint64_t gfn;
};
typedef struct xen_hvm_altp2m_set_mem_access
    xen_hvm_altp2m_set_mem_access_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_set_mem_access_t);
#endif

struct xen_hvm_altp2m_mem_access {
    uint16_t view;
    uint16_t access;  /* xenmem_access_t */
    uint32_t pad;
    uint64_t gfn;
};
typedef struct xen_hvm_altp2m_mem_access xen_hvm_altp2m_mem_access_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_mem_access_t);

struct xen_hvm_altp2m_set_mem_access_multi {
    uint16_t view;
    uint16_t pad;
    uint32_t nr;      /* entries */
    uint64_t opaque;  /* continuation; 0 at first */
    XEN_GUEST_HANDLE(const_uint64) pfn_list;
    XEN_GUEST_HANDLE(const_uint8) access_list;
};

struct xen_hvm_altp2m_change_gfn {
    uint16_t view;
    uint16_t pad1;
    uint32_t pad2;
    uint64_t old_gfn;
    uint64_t new_gfn;  /* ~0: drop the remapping */
};
typedef struct xen_hvm_altp2m_change_gfn xen_hvm_altp2m_change_gfn_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_change_gfn_t);

struct xen_hvm_altp2m_get_vcpu_p2m_idx {
    uint32_t vcpu_id;
    uint16_t altp2m_idx;  /* OUT */
};

struct xen_hvm_altp2m_set_visibility {
    uint16_t altp2m_idx;
    uint8_t visible;
    uint8_t pad;
};

struct xen_hvm_altp2m_op {
    uint32_t version;   /* HVMOP_ALTP2M_INTERFACE_VERSION */
    uint32_t cmd;
#define HVMOP_altp2m_get_domain_state     1
#define HVMOP_altp2m_set_domain_state     2
#define HVMOP_altp2m_vcpu_enable_notify   3
#define HVMOP_altp2m_create_p2m           4
#define HVMOP_altp2m_destroy_p2m          5
#define HVMOP_altp2m_switch_p2m           6
#define HVMOP_altp2m_set_mem_access       7
#define HVMOP_altp2m_change_gfn           8
#define HVMOP_altp2m_set_mem_access_multi 9
#define HVMOP_altp2m_set_suppress_ve      10
#define HVMOP_altp2m_get_suppress_ve      11
#define HVMOP_altp2m_get_mem_access       12
#define HVMOP_altp2m_vcpu_disable_notify  13
#define HVMOP_altp2m_get_p2m_idx          14
#define HVMOP_altp2m_set_suppress_ve_multi 15
#define HVMOP_altp2m_set_visibility       16
    domid_t domain;
    uint16_t pad1;
    uint32_t pad2;
    union {
        struct xen_hvm_altp2m_domain_state         domain_state;
        struct xen_hvm_altp2m_vcpu_enable_notify   enable_notify;
        struct xen_hvm_altp2m_view                 view;
#if __XEN_INTERFACE_VERSION__ < 0x00040a00
        struct xen_hvm_altp2m_set_mem_access       set_mem_access;
#endif
        struct xen_hvm_altp2m_mem_access           mem_access;
        struct xen_hvm_altp2m_change_gfn           change_gfn;
        struct xen_hvm_altp2m_set_mem_access_multi set_mem_access_multi;
        struct xen_hvm_altp2m_suppress_ve          suppress_ve;
        struct xen_hvm_altp2m_suppress_ve_multi    suppress_ve_multi;
        struct xen_hvm_altp2m_vcpu_disable_notify  disable_notify;
        struct xen_hvm_altp2m_get_vcpu_p2m_idx     get_vcpu_p2m_idx;
        struct xen_hvm_altp2m_set_visibility       set_visibility;
        uint8_t pad[64];
    } u;
};
typedef struct xen_hvm_altp2m_op xen_hvm_altp2m_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_op_t);

#endif /* __XEN_PUBLIC_HVM_HVM_OP_H__ */
