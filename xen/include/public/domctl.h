/* SPDX-License-Identifier: MIT */
/*
 * Domain control: the toolstack's operations on one domain (create,
 * destroy, pause, memory and vCPU limits, vCPU state, device and I/O
 * rights, ...).  Interface version 0x15, as in Xen 4.17.
 *
 * Hypercall: HYPERVISOR_domctl(struct xen_domctl *op).  The caller sets
 * cmd, interface_version (XEN_DOMCTL_INTERFACE_VERSION; a mismatch fails
 * with -XEN_EACCES) and domain; the op's arguments go in op->u and its
 * results come back there.  Return: 0 or a negative XEN_E* value.
 *
 * Layout rules: every 64-bit member is uint64_aligned_t and every guest
 * handle XEN_GUEST_HANDLE_64, so 32-bit and 64-bit toolstacks agree.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#if !defined(__XEN__) && !defined(__XEN_TOOLS__)
#error "domctl operations are intended for use by node control tools only"
#endif

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"
#include "hvm/save.h"
#include "memory.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_DOMCTL_createdomain: make a new, paused domain.
 *  IN:  domain (the id wanted, or 0 / >= DOMID_FIRST_RESERVED for "any
 *       free id"), the fields below.
 *  OUT: domain (the id given).
 *
 *  ssidref:       XSM security label.
 *  handle:        the toolstack's UUID for the domain.
 *  flags:         XEN_DOMCTL_CDF_*.
 *  iommu_opts:    XEN_DOMCTL_IOMMU_*.
 *  max_vcpus:     vCPUs the domain may ever have.
 *  max_evtchn_port: highest event channel port it may use.
 *  max_grant_frames, max_maptrack_frames: grant table limits; < 0 asks
 *                 for the hypervisor's defaults.
 *  grant_opts:    XEN_DOMCTL_GRANT_version(n): highest grant table
 *                 version the guest may choose.
 *  vmtrace_size:  bytes of processor-trace buffer per vCPU (0: none).
 *  cpupool_id:    CPU pool to start in.
 *  arch:          x86 emulation and misc flags (arch-x86/xen.h).
 */
struct xen_domctl_createdomain {
    uint32_t ssidref;
    xen_domain_handle_t handle;
/* An HVM (or PVH) domain rather than PV. */
#define _XEN_DOMCTL_CDF_hvm           0
#define XEN_DOMCTL_CDF_hvm            (1U << _XEN_DOMCTL_CDF_hvm)
/* Use hardware-assisted paging. */
#define _XEN_DOMCTL_CDF_hap           1
#define XEN_DOMCTL_CDF_hap            (1U << _XEN_DOMCTL_CDF_hap)
/* Protect the domain's memory across S3 with TXT. */
#define _XEN_DOMCTL_CDF_s3_integrity  2
#define XEN_DOMCTL_CDF_s3_integrity   (1U << _XEN_DOMCTL_CDF_s3_integrity)
/* Disable out-of-sync shadow page tables. */
#define _XEN_DOMCTL_CDF_oos_off       3
#define XEN_DOMCTL_CDF_oos_off        (1U << _XEN_DOMCTL_CDF_oos_off)
/* The domain runs xenstored. */
#define _XEN_DOMCTL_CDF_xs_domain     4
#define XEN_DOMCTL_CDF_xs_domain      (1U << _XEN_DOMCTL_CDF_xs_domain)
/* The domain will have passed-through devices (needs IOMMU tables). */
#define _XEN_DOMCTL_CDF_iommu         5
#define XEN_DOMCTL_CDF_iommu          (1U << _XEN_DOMCTL_CDF_iommu)
/* Offer nested virtualisation. */
#define _XEN_DOMCTL_CDF_nested_virt   6
#define XEN_DOMCTL_CDF_nested_virt    (1U << _XEN_DOMCTL_CDF_nested_virt)
/* Offer a virtual PMU. */
#define XEN_DOMCTL_CDF_vpmu           (1U << 7)

/* Highest flag; any above it is rejected. */
#define XEN_DOMCTL_CDF_MAX XEN_DOMCTL_CDF_vpmu

    uint32_t flags;

/* Do not share page tables between the CPU and the IOMMU. */
#define _XEN_DOMCTL_IOMMU_no_sharept  0
#define XEN_DOMCTL_IOMMU_no_sharept   (1U << _XEN_DOMCTL_IOMMU_no_sharept)

#define XEN_DOMCTL_IOMMU_MAX XEN_DOMCTL_IOMMU_no_sharept

    uint32_t iommu_opts;

    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames;
    int32_t max_maptrack_frames;

#define XEN_DOMCTL_GRANT_version_mask    0xf
#define XEN_DOMCTL_GRANT_version(v)      ((v) & XEN_DOMCTL_GRANT_version_mask)
    uint32_t grant_opts;

    uint32_t vmtrace_size;

    uint32_t cpupool_id;

    struct xen_arch_domainconfig arch;
};

/*
 * XEN_DOMCTL_getdomaininfo: state of a domain.
 *  IN:  the domain in the xen_domctl header.
 *  OUT: all fields below (domain: the id reported).
 *  flags: XEN_DOMINF_*, with the shutdown reason (SHUTDOWN_*) in bits
 *  16-23.  Page counts are in 4KiB pages; cpu_time in ns.
 */
struct xen_domctl_getdomaininfo {
    domid_t  domain;
    uint16_t pad1;
#define _XEN_DOMINF_dying     0   /* being destroyed */
#define XEN_DOMINF_dying      (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1   /* HVM or PVH */
#define XEN_DOMINF_hvm_guest  (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown  2   /* shut down (reason in the mask) */
#define XEN_DOMINF_shutdown   (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused    3   /* paused by the toolstack */
#define XEN_DOMINF_paused     (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked   4   /* every vCPU blocked */
#define XEN_DOMINF_blocked    (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running   5   /* some vCPU is running */
#define XEN_DOMINF_running    (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged  6   /* under a debugger */
#define XEN_DOMINF_debugged   (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7   /* runs xenstored */
#define XEN_DOMINF_xs_domain  (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap       8   /* uses hardware-assisted paging */
#define XEN_DOMINF_hap        (1U << _XEN_DOMINF_hap)
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
    uint32_t flags;
    uint64_aligned_t tot_pages;
    uint64_aligned_t max_pages;
    uint64_aligned_t outstanding_pages;  /* claimed, not yet allocated */
    uint64_aligned_t shr_pages;          /* shared by memory sharing */
    uint64_aligned_t paged_pages;        /* paged out */
    uint64_aligned_t shared_info_frame;  /* machine frame of shared_info */
    uint64_aligned_t cpu_time;
    uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U)    /* no vCPUs yet */
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;                 /* guest physical address width */
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/*
 * XEN_DOMCTL_getpageframeinfo3: (PV) the page-table type of each listed
 * frame.
 *  IN:  num, array (guest frames).
 *  OUT: array (each entry or-ed with XEN_DOMCTL_PFINFO_* in bits 28-31).
 */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT 28
#define XEN_DOMCTL_PFINFO_NOTAB   (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB   (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB   (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB   (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB   (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB (0x1U << 31)
#define XEN_DOMCTL_PFINFO_XTAB    (0xfU << 28) /* invalid frame */
#define XEN_DOMCTL_PFINFO_XALLOC  (0xeU << 28) /* allocate-only frame */
#define XEN_DOMCTL_PFINFO_BROKEN  (0xdU << 28) /* broken frame */
#define XEN_DOMCTL_PFINFO_LTAB_MASK (0xfU << 28)

struct xen_domctl_getpageframeinfo3 {
    uint64_aligned_t num;
    XEN_GUEST_HANDLE_64(xen_pfn_t) array;
};

/*
 * XEN_DOMCTL_shadow_op: shadow / HAP paging control, log-dirty mode for
 * live migration, and the paging pool size.
 *  IN:  op (XEN_DOMCTL_SHADOW_OP_*), mode (OP_ENABLE: ENABLE_* flags;
 *       CLEAN/PEEK: LOGDIRTY_FINAL), mb (SET_ALLOCATION: pool MiB),
 *       dirty_bitmap, pages (bits in it).
 *  OUT: mb (GET_ALLOCATION), pages (bits written), stats, dirty_bitmap.
 */
#define XEN_DOMCTL_SHADOW_OP_OFF         0   /* log-dirty off */
#define XEN_DOMCTL_SHADOW_OP_ENABLE      32  /* on, with mode flags */
#define XEN_DOMCTL_SHADOW_OP_CLEAN       11  /* read and clear the bitmap */
#define XEN_DOMCTL_SHADOW_OP_PEEK        12  /* read the bitmap */
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION   30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION   31
/* Old enable ops: ENABLE with the matching mode. */
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST       1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY   2

#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT  (1 << 1)
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY (1 << 2)
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE (1 << 3)
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL  (1 << 4)

/* Last round of a migration: the domain is paused. */
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL   (1 << 0)

struct xen_domctl_shadow_op_stats {
    uint32_t fault_count;
    uint32_t dirty_count;
};

struct xen_domctl_shadow_op {
    uint32_t       op;
    uint32_t       mode;
    uint32_t       mb;
    XEN_GUEST_HANDLE_64(uint8) dirty_bitmap;
    uint64_aligned_t pages;
    struct xen_domctl_shadow_op_stats stats;
};

/* XEN_DOMCTL_max_mem: the domain's memory limit.  IN: max_memkb. */
struct xen_domctl_max_mem {
    uint64_aligned_t max_memkb;
};

/*
 * XEN_DOMCTL_setvcpucontext / XEN_DOMCTL_getvcpucontext: a vCPU's
 * register state (vcpu_guest_context_t, arch-x86/xen.h).
 *  IN:  vcpu, ctxt (set: null resets the vCPU).
 *  OUT: ctxt filled (get).
 */
struct xen_domctl_vcpucontext {
    uint32_t              vcpu;
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};

/*
 * XEN_DOMCTL_getvcpuinfo: state of one vCPU.
 *  IN:  vcpu.
 *  OUT: online, blocked, running (booleans), cpu_time (ns), cpu (the
 *       physical CPU it is on or last ran on).
 */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;
    uint8_t  online;
    uint8_t  blocked;
    uint8_t  running;
    uint64_aligned_t cpu_time;
    uint32_t cpu;
};

/* XEN_DOMCTL_setnodeaffinity / getnodeaffinity: NUMA nodes for memory. */
struct xen_domctl_nodeaffinity {
    struct xenctl_bitmap nodemap;
};

/*
 * XEN_DOMCTL_setvcpuaffinity / XEN_DOMCTL_getvcpuaffinity: where a vCPU
 * may run (hard) and prefers to run (soft).
 *  IN:  vcpu, flags (XEN_VCPUAFFINITY_*: which maps to act on),
 *       cpumap_hard / cpumap_soft (set: the new maps).
 *  OUT: cpumap_hard / cpumap_soft (the maps in force, after the
 *       hypervisor intersected them with online CPUs of the pool).
 */
struct xen_domctl_vcpuaffinity {
    uint32_t  vcpu;
#define _XEN_VCPUAFFINITY_HARD  0
#define XEN_VCPUAFFINITY_HARD   (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT  1
#define XEN_VCPUAFFINITY_SOFT   (1U << _XEN_VCPUAFFINITY_SOFT)
/* Undo a temporary pin the guest set up (SCHEDOP_pin_override). */
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE  (1U << _XEN_VCPUAFFINITY_FORCE)
    uint32_t flags;
    struct xenctl_bitmap cpumap_hard;
    struct xenctl_bitmap cpumap_soft;
};

/* XEN_DOMCTL_max_vcpus: allocate vCPUs 0..max-1.  IN: max. */
struct xen_domctl_max_vcpus {
    uint32_t max;
};

/* Scheduler ids, also used by XEN_SYSCTL_sched_id. */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_domctl_sched_credit {
    uint16_t weight;
    uint16_t cap;
};

struct xen_domctl_sched_credit2 {
    uint16_t weight;
    uint16_t cap;
};

struct xen_domctl_sched_rtds {
    uint32_t period;   /* us */
    uint32_t budget;   /* us */
/* May use idle time beyond the budget. */
#define _XEN_DOMCTL_SCHEDRT_extra   0
#define XEN_DOMCTL_SCHEDRT_extra    (1U << _XEN_DOMCTL_SCHEDRT_extra)
    uint32_t flags;
};

typedef struct xen_domctl_schedparam_vcpu {
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
    } u;
    uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);

/*
 * XEN_DOMCTL_scheduler_op: read or set a domain's (or its vCPUs')
 * scheduling parameters.
 *  IN:  sched_id (must be the domain's scheduler), cmd
 *       (XEN_DOMCTL_SCHEDOP_*), u (put: the values).
 *  OUT: u (get: the values); v.nr_vcpus advances on a partial vCPU op.
 */
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
    uint32_t sched_id;
    uint32_t cmd;
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
        struct {
            XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
            uint32_t nr_vcpus;
            uint32_t padding;   /* must be 0 */
        } v;
    } u;
};

/* XEN_DOMCTL_setdomainhandle: change the domain's UUID. */
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle;
};

/* XEN_DOMCTL_setdebugging: enable (1) or disable debugger traps. */
struct xen_domctl_setdebugging {
    uint8_t enable;
};

/* XEN_DOMCTL_irq_permission: grant or revoke use of a physical IRQ. */
struct xen_domctl_irq_permission {
    uint32_t pirq;
    uint8_t allow_access;    /* boolean */
    uint8_t pad[3];
};

/* XEN_DOMCTL_iomem_permission: grant or revoke a range of MMIO frames. */
struct xen_domctl_iomem_permission {
    uint64_aligned_t first_mfn;
    uint64_aligned_t nr_mfns;
    uint8_t  allow_access;   /* boolean */
};

/* XEN_DOMCTL_ioport_permission: grant or revoke a range of I/O ports. */
struct xen_domctl_ioport_permission {
    uint32_t first_port;
    uint32_t nr_ports;
    uint8_t  allow_access;   /* boolean */
};

/* XEN_DOMCTL_hypercall_init: write the hypercall page at guest frame gmfn. */
struct xen_domctl_hypercall_init {
    uint64_aligned_t  gmfn;
};

/* XEN_DOMCTL_settimeoffset: wall-clock offset of the guest, seconds. */
struct xen_domctl_settimeoffset {
    int64_aligned_t time_offset_seconds;
};

/*
 * XEN_DOMCTL_gethvmcontext / XEN_DOMCTL_sethvmcontext: the whole HVM
 * save context (hvm/save.h).
 *  IN:  size (bytes in buffer), buffer (get: null asks for the size).
 *  OUT: size (bytes written or needed).
 */
struct xen_domctl_hvmcontext {
    uint32_t size;
    XEN_GUEST_HANDLE_64(uint8) buffer;
};

/* XEN_DOMCTL_set_address_size / get_address_size: (PV) 32 or 64. */
struct xen_domctl_address_size {
    uint32_t size;
};

/* XEN_DOMCTL_sendtrigger: inject a platform event into vCPU vcpu. */
#define XEN_DOMCTL_SENDTRIGGER_NMI    0
#define XEN_DOMCTL_SENDTRIGGER_RESET  1
#define XEN_DOMCTL_SENDTRIGGER_INIT   2
#define XEN_DOMCTL_SENDTRIGGER_POWER  3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP  4
struct xen_domctl_sendtrigger {
    uint32_t  trigger;
    uint32_t  vcpu;
};

/*
 * XEN_DOMCTL_assign_device / test_assign_device / deassign_device: pass
 * a PCI (or device-tree) device through to the domain.
 */
#define XEN_DOMCTL_DEV_PCI      0
#define XEN_DOMCTL_DEV_DT       1
struct xen_domctl_assign_device {
    uint32_t dev;   /* XEN_DOMCTL_DEV_* */
    uint32_t flags;
#define XEN_DOMCTL_DEV_RDM_RELAXED      1 /* reserved-region clash: warn */
    union {
        struct {
            uint32_t machine_sbdf;   /* seg << 16 | bus << 8 | devfn */
        } pci;
        struct {
            uint32_t size;
            XEN_GUEST_HANDLE_64(char) path;
        } dt;
    } u;
};

/* XEN_DOMCTL_get_device_group: devices sharing an IOMMU context. */
struct xen_domctl_get_device_group {
    uint32_t  machine_sbdf;     /* IN */
    uint32_t  max_sdevs;        /* IN: room in sdev_array */
    uint32_t  num_sdevs;        /* OUT */
    XEN_GUEST_HANDLE_64(uint32)  sdev_array;   /* OUT */
};

/*
 * XEN_DOMCTL_bind_pt_irq / XEN_DOMCTL_unbind_pt_irq: route a machine IRQ
 * of a passed-through device to the guest's ISA IRQ, PCI INTx, or MSI.
 */
enum pt_irq_type {
    PT_IRQ_TYPE_PCI,
    PT_IRQ_TYPE_ISA,
    PT_IRQ_TYPE_MSI,
    PT_IRQ_TYPE_MSI_TRANSLATE,
    PT_IRQ_TYPE_SPI     /* Arm */
};
struct xen_domctl_bind_pt_irq {
    uint32_t machine_irq;
    uint32_t irq_type;  /* enum pt_irq_type */

    union {
        struct {
            uint8_t isa_irq;
        } isa;
        struct {
            uint8_t bus;
            uint8_t device;
            uint8_t intx;
        } pci;
        struct {
            uint8_t gvec;
            uint32_t gflags;
/* Pieces of the guest's MSI address/data, packed into gflags. */
#define XEN_DOMCTL_VMSI_X86_DEST_ID_MASK 0x0000ff
#define XEN_DOMCTL_VMSI_X86_RH_MASK      0x000100
#define XEN_DOMCTL_VMSI_X86_DM_MASK      0x000200
#define XEN_DOMCTL_VMSI_X86_DELIV_MASK   0x007000
#define XEN_DOMCTL_VMSI_X86_TRIG_MASK    0x008000
#define XEN_DOMCTL_VMSI_X86_UNMASKED     0x010000
            uint64_aligned_t gtable;  /* guest MSI-X table address */
        } msi;
        struct {
            uint16_t spi;
        } spi;
    } u;
};

/*
 * XEN_DOMCTL_memory_mapping: map (add_mapping DPCI_ADD_MAPPING) or unmap
 * nr_mfns machine frames at guest frame first_gfn (device MMIO).
 * OUT on -XEN_E2BIG: the caller should retry with smaller ranges.
 */
#define DPCI_ADD_MAPPING         1
#define DPCI_REMOVE_MAPPING      0
struct xen_domctl_memory_mapping {
    uint64_aligned_t first_gfn;
    uint64_aligned_t first_mfn;
    uint64_aligned_t nr_mfns;
    uint32_t add_mapping;
    uint32_t padding;           /* must be 0 */
};

/* XEN_DOMCTL_ioport_mapping: let guest ports map onto machine ports. */
struct xen_domctl_ioport_mapping {
    uint32_t first_gport;
    uint32_t first_mport;
    uint32_t nr_ports;
    uint32_t add_mapping;       /* DPCI_ADD_MAPPING or _REMOVE_ */
};

/* Memory cache attribute values (x86 PAT types). */
#define XEN_DOMCTL_MEM_CACHEATTR_UC  0
#define XEN_DOMCTL_MEM_CACHEATTR_WC  1
#define XEN_DOMCTL_MEM_CACHEATTR_WT  4
#define XEN_DOMCTL_MEM_CACHEATTR_WP  5
#define XEN_DOMCTL_MEM_CACHEATTR_WB  6
#define XEN_DOMCTL_MEM_CACHEATTR_UCM 7
#define XEN_DOMCTL_DELETE_MEM_CACHEATTR (~(uint32_t)0)

/*
 * XEN_DOMCTL_set_ext_vcpucontext / get_ext_vcpucontext: vCPU state not
 * in vcpu_guest_context (PV syscall/sysenter entry points, vMCE).
 *  IN:  vcpu, size (set: bytes valid).
 *  OUT: size (get).
 */
struct xen_domctl_ext_vcpucontext {
    uint32_t         vcpu;
    uint32_t         size;
#if defined(__i386__) || defined(__x86_64__)
    uint64_aligned_t syscall32_callback_eip;
    uint64_aligned_t sysenter_callback_eip;
    uint16_t         syscall32_callback_cs;
    uint16_t         sysenter_callback_cs;
    uint8_t          syscall32_disables_events;
    uint8_t          sysenter_disables_events;
#if defined(__GNUC__)
    union {
        uint64_aligned_t mcg_cap;   /* old name of vmce.caps */
        struct hvm_vmce_vcpu vmce;
    };
#else
    struct hvm_vmce_vcpu vmce;
#endif
#endif
};

/* XEN_DOMCTL_set_target: the domain may act on <target> (device model). */
struct xen_domctl_set_target {
    domid_t target;
};

#if defined(__i386__) || defined(__x86_64__)
# define XEN_CPUID_INPUT_UNUSED  0xFFFFFFFF

/*
 * XEN_DOMCTL_get_cpu_policy / XEN_DOMCTL_set_cpu_policy: the CPUID
 * leaves and MSRs the domain sees.
 *  IN:  nr_leaves, nr_msrs (room, or entries given), the arrays.
 *  OUT: nr_leaves, nr_msrs (written or needed); set: on failure
 *       err_leaf/err_subleaf/err_msr name the offending entry (~0: n/a).
 */
struct xen_domctl_cpu_policy {
    uint32_t nr_leaves;
    uint32_t nr_msrs;
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;
    uint32_t err_leaf, err_subleaf, err_msr;
};
typedef struct xen_domctl_cpu_policy xen_domctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_cpu_policy_t);
#endif

/*
 * XEN_DOMCTL_subscribe: the toolstack's event channel <port> is notified
 * when the domain suspends.
 */
struct xen_domctl_subscribe {
    uint32_t port;
};

/* XEN_DOMCTL_debug_op: single-step a vCPU on or off. */
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF         0
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON          1
struct xen_domctl_debug_op {
    uint32_t op;
    uint32_t vcpu;
};

/* XEN_DOMCTL_gethvmcontext_partial: one record of the HVM context. */
struct xen_domctl_hvmcontext_partial {
    uint32_t type;                      /* HVM_SAVE_CODE() */
    uint32_t instance;
    uint64_aligned_t bufsz;
    XEN_GUEST_HANDLE_64(uint8) buffer;  /* the record, no descriptor */
};

/* XEN_DOMCTL_gettscinfo / settscinfo: TSC mode and frequency. */
struct xen_domctl_tsc_info {
    uint32_t tsc_mode;
    uint32_t gtsc_khz;
    uint32_t incarnation;
    uint32_t pad;
    uint64_aligned_t elapsed_nsec;
};

/* XEN_DOMCTL_gdbsx_guestmemio: read/write guest memory for gdbsx. */
struct xen_domctl_gdbsx_memio {
    uint64_aligned_t pgd3val;   /* IN: PV guest's top page table, or 0 */
    uint64_aligned_t gva;       /* IN: guest virtual address */
    uint64_aligned_t uva;       /* IN: caller's buffer */
    uint32_t         len;       /* IN: bytes */
    uint8_t          gwr;       /* IN: 1 write to guest, 0 read */
    uint32_t         remain;    /* OUT: bytes not done */
};

/* XEN_DOMCTL_gdbsx_pausevcpu / unpausevcpu. */
struct xen_domctl_gdbsx_pauseunp_vcpu {
    uint32_t         vcpu;
};

/* XEN_DOMCTL_gdbsx_domstatus: did a vCPU stop on a debug event? */
struct xen_domctl_gdbsx_domstatus {
    uint8_t          paused;    /* OUT */
    uint32_t         vcpu_id;   /* OUT */
    uint32_t         vcpu_ev;   /* OUT */
};

/*
 * XEN_DOMCTL_vm_event_op: set up the paging, monitor or sharing ring of
 * a domain.
 *  IN:  op (XEN_VM_EVENT_*), mode (XEN_DOMCTL_VM_EVENT_OP_*).
 *  OUT: u.enable.port (event channel of the ring), u.version.
 */
#define XEN_VM_EVENT_ENABLE               0
#define XEN_VM_EVENT_DISABLE              1
#define XEN_VM_EVENT_RESUME               2
#define XEN_VM_EVENT_GET_VERSION          3

#define XEN_DOMCTL_VM_EVENT_OP_PAGING            1
#define XEN_DOMCTL_VM_EVENT_OP_MONITOR           2
#define XEN_DOMCTL_VM_EVENT_OP_SHARING           3

struct xen_domctl_vm_event_op {
    uint32_t       op;
    uint32_t       mode;
    union {
        struct {
            uint32_t port;
        } enable;
        uint32_t version;
    } u;
};

/* XEN_DOMCTL_mem_sharing_op: allow (u.enable) memory sharing. */
#define XEN_DOMCTL_MEM_SHARING_CONTROL          0
struct xen_domctl_mem_sharing_op {
    uint8_t op;
    union {
        uint8_t enable;
    } u;
};

/* XEN_DOMCTL_audit_p2m: consistency check of the p2m (debug builds). */
struct xen_domctl_audit_p2m {
    uint64_t orphans;
    uint64_t m2p_bad;
    uint64_t p2m_bad;
};

/* XEN_DOMCTL_set_virq_handler: the domain handles global VIRQ <virq>. */
struct xen_domctl_set_virq_handler {
    uint32_t virq;
};

#if defined(__i386__) || defined(__x86_64__)
/*
 * XEN_DOMCTL_setvcpuextstate / getvcpuextstate: a vCPU's XSAVE state.
 *  IN:  vcpu, size (get: 0 asks for the size), buffer.
 *  OUT: xfeature_mask, size.
 */
struct xen_domctl_vcpuextstate {
    uint32_t         vcpu;
    uint64_aligned_t xfeature_mask;
    uint64_aligned_t size;
    XEN_GUEST_HANDLE_64(uint64) buffer;
};
#endif

/* XEN_DOMCTL_set_access_required: pause vCPUs when no monitor listens. */
struct xen_domctl_set_access_required {
    uint8_t access_required;
};

/* XEN_DOMCTL_set_broken_page_p2m: mark guest frame pfn broken. */
struct xen_domctl_set_broken_page_p2m {
    uint64_aligned_t pfn;
};

/* XEN_DOMCTL_cacheflush: (Arm) clean and invalidate guest frames. */
struct xen_domctl_cacheflush {
    xen_pfn_t start_pfn, nr_pfns;
};

/* XEN_DOMCTL_get/set_paging_mempool_size: bytes of paging pool. */
struct xen_domctl_paging_mempool {
    uint64_aligned_t size;
};

#if defined(__i386__) || defined(__x86_64__)
struct xen_domctl_vcpu_msr {
    uint32_t         index;
    uint32_t         reserved;    /* must be 0 */
    uint64_aligned_t value;
};
typedef struct xen_domctl_vcpu_msr xen_domctl_vcpu_msr_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t);

/*
 * XEN_DOMCTL_get_vcpu_msrs / set_vcpu_msrs: MSR state of a PV vCPU.
 *  IN:  vcpu, msr_count (room or entries), msrs (get: null asks count).
 *  OUT: msr_count.
 */
struct xen_domctl_vcpu_msrs {
    uint32_t vcpu;
    uint32_t msr_count;
    XEN_GUEST_HANDLE_64(xen_domctl_vcpu_msr_t) msrs;
};
#endif

/* XEN_DOMCTL_setvnumainfo: the guest's virtual NUMA topology. */
struct xen_domctl_vnuma {
    uint32_t nr_vnodes;
    uint32_t nr_vmemranges;
    uint32_t nr_vcpus;
    uint32_t pad;                                  /* must be 0 */
    XEN_GUEST_HANDLE_64(uint) vdistance;           /* nr_vnodes^2 */
    XEN_GUEST_HANDLE_64(uint) vcpu_to_vnode;       /* nr_vcpus */
    XEN_GUEST_HANDLE_64(uint) vnode_to_pnode;      /* nr_vnodes */
    XEN_GUEST_HANDLE_64(xen_vmemrange_t) vmemrange;
};

/* XEN_DOMCTL_psr_cmt_op: Intel cache monitoring id of the domain. */
struct xen_domctl_psr_cmt_op {
#define XEN_DOMCTL_PSR_CMT_OP_DETACH         0
#define XEN_DOMCTL_PSR_CMT_OP_ATTACH         1
#define XEN_DOMCTL_PSR_CMT_OP_QUERY_RMID     2
    uint32_t cmd;
    uint32_t data;
};

/*
 * XEN_DOMCTL_monitor_op: choose the events a vm_event monitor receives.
 *  IN:  op (XEN_DOMCTL_MONITOR_OP_*), event (XEN_DOMCTL_MONITOR_EVENT_*),
 *       u (per-event options).
 *  OUT: event (GET_CAPABILITIES: a bitmap of supported events).
 */
#define XEN_DOMCTL_MONITOR_OP_ENABLE            0
#define XEN_DOMCTL_MONITOR_OP_DISABLE           1
#define XEN_DOMCTL_MONITOR_OP_GET_CAPABILITIES  2
#define XEN_DOMCTL_MONITOR_OP_EMULATE_EACH_REP  3
#define XEN_DOMCTL_MONITOR_OP_CONTROL_REGISTERS 4

#define XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG         0
#define XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR            1
#define XEN_DOMCTL_MONITOR_EVENT_SINGLESTEP            2
#define XEN_DOMCTL_MONITOR_EVENT_SOFTWARE_BREAKPOINT   3
#define XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST         4
#define XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION       5
#define XEN_DOMCTL_MONITOR_EVENT_CPUID                 6
#define XEN_DOMCTL_MONITOR_EVENT_PRIVILEGED_CALL       7
#define XEN_DOMCTL_MONITOR_EVENT_INTERRUPT             8
#define XEN_DOMCTL_MONITOR_EVENT_DESC_ACCESS           9
#define XEN_DOMCTL_MONITOR_EVENT_EMUL_UNIMPLEMENTED    10
#define XEN_DOMCTL_MONITOR_EVENT_INGUEST_PAGEFAULT     11
#define XEN_DOMCTL_MONITOR_EVENT_VMEXIT                12

struct xen_domctl_monitor_op {
    uint32_t op;
    uint32_t event;
    union {
        struct {
            uint8_t index;          /* VM_EVENT_X86_CR* */
            uint8_t sync;           /* pause the vCPU until answered */
            uint8_t onchangeonly;   /* only when the value changes */
            uint8_t pad1;
            uint32_t pad2;
            uint64_aligned_t bitmask; /* bits whose change is reported */
        } mov_to_cr;
        struct {
            uint32_t msr;
            uint8_t onchangeonly;
        } mov_to_msr;
        struct {
            uint8_t sync;
            uint8_t allow_userspace;
        } guest_request;
        struct {
            uint8_t sync;
        } debug_exception;
        struct {
            uint8_t sync;
        } vmexit;
    } u;
};

/* XEN_DOMCTL_psr_alloc: Intel cache / memory bandwidth allocation. */
struct xen_domctl_psr_alloc {
#define XEN_DOMCTL_PSR_SET_L3_CBM     0
#define XEN_DOMCTL_PSR_GET_L3_CBM     1
#define XEN_DOMCTL_PSR_SET_L3_CODE    2
#define XEN_DOMCTL_PSR_SET_L3_DATA    3
#define XEN_DOMCTL_PSR_GET_L3_CODE    4
#define XEN_DOMCTL_PSR_GET_L3_DATA    5
#define XEN_DOMCTL_PSR_SET_L2_CBM     6
#define XEN_DOMCTL_PSR_GET_L2_CBM     7
#define XEN_DOMCTL_PSR_SET_MBA_THRTL  8
#define XEN_DOMCTL_PSR_GET_MBA_THRTL  9
    uint32_t cmd;
    uint32_t target;    /* cache level or socket */
    uint64_t data;
};

/* XEN_DOMCTL_vuart_op: (Arm) set up an emulated PL011 UART. */
struct xen_domctl_vuart_op {
#define XEN_DOMCTL_VUART_OP_INIT  0
    uint32_t cmd;
#define XEN_DOMCTL_VUART_TYPE_VPL011 0
    uint32_t type;
    uint64_aligned_t  gfn;      /* ring page */
    domid_t console_domid;      /* backend */
    uint8_t pad[2];
    evtchn_port_t evtchn;       /* OUT */
};

/* XEN_DOMCTL_vmtrace_op: processor trace of a vCPU. */
struct xen_domctl_vmtrace_op {
    uint32_t cmd;
    uint32_t vcpu;
    uint64_aligned_t key;       /* get/set_option: which option */
    uint64_aligned_t value;     /* option value, or output position */
#define XEN_DOMCTL_vmtrace_enable             1
#define XEN_DOMCTL_vmtrace_disable            2
#define XEN_DOMCTL_vmtrace_reset_and_enable   3
#define XEN_DOMCTL_vmtrace_output_position    4
#define XEN_DOMCTL_vmtrace_get_option         5
#define XEN_DOMCTL_vmtrace_set_option         6
};
typedef struct xen_domctl_vmtrace_op xen_domctl_vmtrace_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vmtrace_op_t);

struct xen_domctl {
    uint32_t cmd;
#define XEN_DOMCTL_createdomain                   1
#define XEN_DOMCTL_destroydomain                  2
#define XEN_DOMCTL_pausedomain                    3
#define XEN_DOMCTL_unpausedomain                  4
#define XEN_DOMCTL_getdomaininfo                  5
/* 6: was getmemlist; 7, 8: were get/setpageframeinfo */
#define XEN_DOMCTL_setvcpuaffinity                9
#define XEN_DOMCTL_shadow_op                     10
#define XEN_DOMCTL_max_mem                       11
#define XEN_DOMCTL_setvcpucontext                12
#define XEN_DOMCTL_getvcpucontext                13
#define XEN_DOMCTL_getvcpuinfo                   14
#define XEN_DOMCTL_max_vcpus                     15
#define XEN_DOMCTL_scheduler_op                  16
#define XEN_DOMCTL_setdomainhandle               17
#define XEN_DOMCTL_setdebugging                  18
#define XEN_DOMCTL_irq_permission                19
#define XEN_DOMCTL_iomem_permission              20
#define XEN_DOMCTL_ioport_permission             21
#define XEN_DOMCTL_hypercall_init                22
#ifdef __XEN__
/* Internal: continuation of XEN_DOMCTL_soft_reset. */
#define XEN_DOMCTL_soft_reset_cont               23
#endif
#define XEN_DOMCTL_settimeoffset                 24
#define XEN_DOMCTL_getvcpuaffinity               25
#define XEN_DOMCTL_real_mode_area                26 /* withdrawn */
#define XEN_DOMCTL_resumedomain                  27
#define XEN_DOMCTL_sendtrigger                   28
#define XEN_DOMCTL_subscribe                     29
#define XEN_DOMCTL_gethvmcontext                 33
#define XEN_DOMCTL_sethvmcontext                 34
#define XEN_DOMCTL_set_address_size              35
#define XEN_DOMCTL_get_address_size              36
#define XEN_DOMCTL_assign_device                 37
#define XEN_DOMCTL_bind_pt_irq                   38
#define XEN_DOMCTL_memory_mapping                39
#define XEN_DOMCTL_ioport_mapping                40
#define XEN_DOMCTL_set_ext_vcpucontext           42
#define XEN_DOMCTL_get_ext_vcpucontext           43
#define XEN_DOMCTL_set_opt_feature               44 /* withdrawn */
#define XEN_DOMCTL_test_assign_device            45
#define XEN_DOMCTL_set_target                    46
#define XEN_DOMCTL_deassign_device               47
#define XEN_DOMCTL_unbind_pt_irq                 48
#define XEN_DOMCTL_get_device_group              50
#define XEN_DOMCTL_debug_op                      54
#define XEN_DOMCTL_gethvmcontext_partial         55
#define XEN_DOMCTL_vm_event_op                   56
#define XEN_DOMCTL_mem_sharing_op                57
#define XEN_DOMCTL_gettscinfo                    59
#define XEN_DOMCTL_settscinfo                    60
#define XEN_DOMCTL_getpageframeinfo3             61
#define XEN_DOMCTL_setvcpuextstate               62
#define XEN_DOMCTL_getvcpuextstate               63
#define XEN_DOMCTL_set_access_required           64
#define XEN_DOMCTL_audit_p2m                     65
#define XEN_DOMCTL_set_virq_handler              66
#define XEN_DOMCTL_set_broken_page_p2m           67
#define XEN_DOMCTL_setnodeaffinity               68
#define XEN_DOMCTL_getnodeaffinity               69
#define XEN_DOMCTL_cacheflush                    71
#define XEN_DOMCTL_get_vcpu_msrs                 72
#define XEN_DOMCTL_set_vcpu_msrs                 73
#define XEN_DOMCTL_setvnumainfo                  74
#define XEN_DOMCTL_psr_cmt_op                    75
#define XEN_DOMCTL_monitor_op                    77
#define XEN_DOMCTL_psr_alloc                     78
#define XEN_DOMCTL_soft_reset                    79
#define XEN_DOMCTL_vuart_op                      81
#define XEN_DOMCTL_get_cpu_policy                82
#define XEN_DOMCTL_set_cpu_policy                83
#define XEN_DOMCTL_vmtrace_op                    84
#define XEN_DOMCTL_get_paging_mempool_size       85
#define XEN_DOMCTL_set_paging_mempool_size       86
#define XEN_DOMCTL_gdbsx_guestmemio            1000
#define XEN_DOMCTL_gdbsx_pausevcpu             1001
#define XEN_DOMCTL_gdbsx_unpausevcpu           1002
#define XEN_DOMCTL_gdbsx_domstatus             1003
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t  domain;
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain      createdomain;
        struct xen_domctl_getdomaininfo     getdomaininfo;
        struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
        struct xen_domctl_nodeaffinity      nodeaffinity;
        struct xen_domctl_vcpuaffinity      vcpuaffinity;
        struct xen_domctl_shadow_op         shadow_op;
        struct xen_domctl_max_mem           max_mem;
        struct xen_domctl_vcpucontext       vcpucontext;
        struct xen_domctl_getvcpuinfo       getvcpuinfo;
        struct xen_domctl_max_vcpus         max_vcpus;
        struct xen_domctl_scheduler_op      scheduler_op;
        struct xen_domctl_setdomainhandle   setdomainhandle;
        struct xen_domctl_setdebugging      setdebugging;
        struct xen_domctl_irq_permission    irq_permission;
        struct xen_domctl_iomem_permission  iomem_permission;
        struct xen_domctl_ioport_permission ioport_permission;
        struct xen_domctl_hypercall_init    hypercall_init;
        struct xen_domctl_settimeoffset     settimeoffset;
        struct xen_domctl_tsc_info          tsc_info;
        struct xen_domctl_hvmcontext        hvmcontext;
        struct xen_domctl_hvmcontext_partial hvmcontext_partial;
        struct xen_domctl_address_size      address_size;
        struct xen_domctl_sendtrigger       sendtrigger;
        struct xen_domctl_get_device_group  get_device_group;
        struct xen_domctl_assign_device     assign_device;
        struct xen_domctl_bind_pt_irq       bind_pt_irq;
        struct xen_domctl_memory_mapping    memory_mapping;
        struct xen_domctl_ioport_mapping    ioport_mapping;
        struct xen_domctl_ext_vcpucontext   ext_vcpucontext;
        struct xen_domctl_set_target        set_target;
        struct xen_domctl_subscribe         subscribe;
        struct xen_domctl_debug_op          debug_op;
        struct xen_domctl_vm_event_op       vm_event_op;
        struct xen_domctl_mem_sharing_op    mem_sharing_op;
#if defined(__i386__) || defined(__x86_64__)
        struct xen_domctl_cpu_policy        cpu_policy;
        struct xen_domctl_vcpuextstate      vcpuextstate;
        struct xen_domctl_vcpu_msrs         vcpu_msrs;
#endif
        struct xen_domctl_set_access_required access_required;
        struct xen_domctl_audit_p2m         audit_p2m;
        struct xen_domctl_set_virq_handler  set_virq_handler;
        struct xen_domctl_gdbsx_memio       gdbsx_guest_memio;
        struct xen_domctl_set_broken_page_p2m set_broken_page_p2m;
        struct xen_domctl_cacheflush        cacheflush;
        struct xen_domctl_gdbsx_pauseunp_vcpu gdbsx_pauseunp_vcpu;
        struct xen_domctl_gdbsx_domstatus   gdbsx_domstatus;
        struct xen_domctl_vnuma             vnuma;
        struct xen_domctl_psr_cmt_op        psr_cmt_op;
        struct xen_domctl_monitor_op        monitor_op;
        struct xen_domctl_psr_alloc         psr_alloc;
        struct xen_domctl_vuart_op          vuart_op;
        struct xen_domctl_vmtrace_op        vmtrace_op;
        struct xen_domctl_paging_mempool    paging_mempool;
        uint8_t                             pad[128];
    } u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* __XEN_PUBLIC_DOMCTL_H__ */
