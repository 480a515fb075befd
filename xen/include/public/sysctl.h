/* SPDX-License-Identifier: MIT */
/*
 * System control: the toolstack's operations on the host as a whole
 * (console ring, physical CPU/memory/NUMA info, domain lists, CPU pools,
 * schedulers, power management, CPU policies).  Interface version 0x15,
 * as in Xen 4.17.
 *
 * Hypercall: HYPERVISOR_sysctl(struct xen_sysctl *op).  The caller sets
 * cmd and interface_version (XEN_SYSCTL_INTERFACE_VERSION; a mismatch
 * fails with -XEN_EACCES).  Return: 0 or a negative XEN_E* value;
 * results come back in op->u.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#if !defined(__XEN__) && !defined(__XEN_TOOLS__)
#error "sysctl operations are intended for use by node control tools only"
#endif

#include "xen.h"
#include "domctl.h"
#include "physdev.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_SYSCTL_readconsole: read the hypervisor's console ring.
 *  IN:  clear (empty the ring after reading), incremental (start at
 *       index, not at the oldest byte), index, buffer, count (room).
 *  OUT: index (where the next incremental read starts), count (bytes).
 */
struct xen_sysctl_readconsole {
    uint8_t clear;
    uint8_t incremental;
    uint8_t pad0, pad1;
    uint32_t index;
    XEN_GUEST_HANDLE_64(char) buffer;
    uint32_t count;
};

/*
 * XEN_SYSCTL_tbuf_op: trace buffer control.
 *  IN:  cmd, cpu_mask / evt_mask / size (per command).
 *  OUT: get_info: evt_mask, buffer_mfn (first page of the buffers),
 *       size (bytes per CPU).
 */
struct xen_sysctl_tbuf_op {
#define XEN_SYSCTL_TBUFOP_get_info     0
#define XEN_SYSCTL_TBUFOP_set_cpu_mask 1
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_set_size     3
#define XEN_SYSCTL_TBUFOP_enable       4
#define XEN_SYSCTL_TBUFOP_disable      5
    uint32_t cmd;
    struct xenctl_bitmap cpu_mask;
    uint32_t             evt_mask;
    uint64_aligned_t buffer_mfn;
    uint32_t size;
};

/*
 * XEN_SYSCTL_physinfo: the host.
 *  OUT: CPU topology counts, nr_cpus / max_cpu_id (online, highest
 *       possible), nr_nodes / max_node_id, cpu_khz, capabilities
 *       (XEN_SYSCTL_PHYSCAP_*), arch_capabilities (0 on x86), page
 *       counts (4KiB pages), max_mfn, hw_cap (CPUID feature words).
 */
#define _XEN_SYSCTL_PHYSCAP_hvm          0  /* HVM guests possible */
#define XEN_SYSCTL_PHYSCAP_hvm           (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv           1  /* PV guests possible */
#define XEN_SYSCTL_PHYSCAP_pv            (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio     2  /* device passthrough */
#define XEN_SYSCTL_PHYSCAP_directio      (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap          3  /* hardware-assisted paging */
#define XEN_SYSCTL_PHYSCAP_hap           (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow       4  /* shadow paging */
#define XEN_SYSCTL_PHYSCAP_shadow        (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5 /* IOMMU can share HAP */
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share  \
    (1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace       (1u << 6)  /* processor trace */
#define XEN_SYSCTL_PHYSCAP_vpmu          (1u << 7)  /* virtual PMU */
#define XEN_SYSCTL_PHYSCAP_gnttab_v1     (1u << 8)  /* grant table v1 */
#define XEN_SYSCTL_PHYSCAP_gnttab_v2     (1u << 9)  /* grant table v2 */

#define XEN_SYSCTL_PHYSCAP_MAX XEN_SYSCTL_PHYSCAP_gnttab_v2

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;
    uint32_t arch_capabilities;
    uint32_t pad;
    uint64_aligned_t total_pages;
    uint64_aligned_t free_pages;
    uint64_aligned_t scrub_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t max_mfn;
    uint32_t hw_cap[8];
};

/* XEN_SYSCTL_sched_id: OUT the default scheduler (XEN_SCHEDULER_*). */
struct xen_sysctl_sched_id {
    uint32_t sched_id;
};

/*
 * XEN_SYSCTL_perfc_op: performance counters (debug builds).
 *  IN:  cmd, desc / val (null to get counts only).
 *  OUT: nr_counters, nr_vals, desc, val.
 */
#define XEN_SYSCTL_PERFCOP_reset 1   /* zero all counters */
#define XEN_SYSCTL_PERFCOP_query 2   /* read them */
struct xen_sysctl_perfc_desc {
    char         name[80];
    uint32_t     nr_vals;            /* values of this counter (per CPU) */
};
typedef struct xen_sysctl_perfc_desc xen_sysctl_perfc_desc_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_desc_t);
typedef uint32_t xen_sysctl_perfc_val_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_val_t);

struct xen_sysctl_perfc_op {
    uint32_t       cmd;
    uint32_t       nr_counters;
    uint32_t       nr_vals;
    XEN_GUEST_HANDLE_64(xen_sysctl_perfc_desc_t) desc;
    XEN_GUEST_HANDLE_64(xen_sysctl_perfc_val_t) val;
};

/*
 * XEN_SYSCTL_getdomaininfolist: info on domains with ids from
 * first_domain up, in id order.
 *  IN:  first_domain, max_domains, buffer.
 *  OUT: num_domains (entries written).
 */
struct xen_sysctl_getdomaininfolist {
    domid_t               first_domain;
    uint32_t              max_domains;
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
    uint32_t              num_domains;
};

/* XEN_SYSCTL_debug_keys: run debug-key handlers, as if typed. */
struct xen_sysctl_debug_keys {
    XEN_GUEST_HANDLE_64(const_char) keys;
    uint32_t nr_keys;
};

/*
 * XEN_SYSCTL_getcpuinfo: idle time per physical CPU.
 *  IN:  max_cpus, info.  OUT: nr_cpus.
 */
struct xen_sysctl_cpuinfo {
    uint64_aligned_t idletime;   /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);
struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus;
    XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info;
    uint32_t nr_cpus;
};

/*
 * XEN_SYSCTL_availheap: free heap memory with addresses of min..max bits
 * (0: no bound) on node (-1: all).  OUT: avail_bytes.
 */
struct xen_sysctl_availheap {
    uint32_t min_bitwidth;
    uint32_t max_bitwidth;
    int32_t  node;
    uint64_aligned_t avail_bytes;
};

/* XEN_SYSCTL_get_pmstat: P-state and C-state statistics of a CPU. */
struct pm_px_val {
    uint64_aligned_t freq;        /* MHz */
    uint64_aligned_t residency;   /* ns */
    uint64_aligned_t count;       /* entries */
};
typedef struct pm_px_val pm_px_val_t;
DEFINE_XEN_GUEST_HANDLE(pm_px_val_t);

struct pm_px_stat {
    uint8_t total;        /* P-states */
    uint8_t usable;       /* allowed by the platform limit */
    uint8_t last;         /* previous one */
    uint8_t cur;          /* current one */
    XEN_GUEST_HANDLE_64(uint64) trans_pt;   /* total x total counts */
    XEN_GUEST_HANDLE_64(pm_px_val_t) pt;
};

struct pm_cx_stat {
    uint32_t nr;    /* C-states (entries in the arrays) */
    uint32_t last;  /* last one entered */
    uint64_aligned_t idle_time;               /* ns */
    XEN_GUEST_HANDLE_64(uint64) triggers;     /* entries per state */
    XEN_GUEST_HANDLE_64(uint64) residencies;  /* ns per state */
    uint32_t nr_pc;                           /* package C-states */
    uint32_t nr_cc;                           /* core C-states */
    XEN_GUEST_HANDLE_64(uint64) pc;
    XEN_GUEST_HANDLE_64(uint64) cc;
};

struct xen_sysctl_get_pmstat {
#define PMSTAT_CATEGORY_MASK 0xf0
#define PMSTAT_PX            0x10
#define PMSTAT_CX            0x20
#define PMSTAT_get_max_px    (PMSTAT_PX | 0x1)
#define PMSTAT_get_pxstat    (PMSTAT_PX | 0x2)
#define PMSTAT_reset_pxstat  (PMSTAT_PX | 0x3)
#define PMSTAT_get_max_cx    (PMSTAT_CX | 0x1)
#define PMSTAT_get_cxstat    (PMSTAT_CX | 0x2)
#define PMSTAT_reset_cxstat  (PMSTAT_CX | 0x3)
    uint32_t type;
    uint32_t cpuid;
    union {
        struct pm_px_stat getpx;
        struct pm_cx_stat getcx;
    } u;
};

/* XEN_SYSCTL_cpu_hotplug: bring a physical CPU up/down, or SMT on/off. */
struct xen_sysctl_cpu_hotplug {
    uint32_t cpu;   /* ignored for the SMT ops */
#define XEN_SYSCTL_CPU_HOTPLUG_ONLINE  0
#define XEN_SYSCTL_CPU_HOTPLUG_OFFLINE 1
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE  2
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE 3
    uint32_t op;
};

/* XEN_SYSCTL_pm_op: cpufreq governors and power settings. */
struct xen_userspace {
    uint32_t scaling_setspeed;
};

struct xen_ondemand {
    uint32_t sampling_rate_max;
    uint32_t sampling_rate_min;
    uint32_t sampling_rate;
    uint32_t up_threshold;
};

#define CPUFREQ_NAME_LEN 16
struct xen_get_cpufreq_para {
    uint32_t cpu_num;     /* IN/OUT: room in / entries of affected_cpus */
    uint32_t freq_num;    /* IN/OUT: ... scaling_available_frequencies */
    uint32_t gov_num;     /* IN/OUT: ... scaling_available_governors */
    XEN_GUEST_HANDLE_64(uint32) affected_cpus;
    XEN_GUEST_HANDLE_64(uint32) scaling_available_frequencies;
    XEN_GUEST_HANDLE_64(char)   scaling_available_governors;
    char scaling_driver[CPUFREQ_NAME_LEN];
    uint32_t cpuinfo_cur_freq;
    uint32_t cpuinfo_max_freq;
    uint32_t cpuinfo_min_freq;
    uint32_t scaling_cur_freq;
    char scaling_governor[CPUFREQ_NAME_LEN];
    uint32_t scaling_max_freq;
    uint32_t scaling_min_freq;
    union {
        struct  xen_userspace userspace;
        struct  xen_ondemand ondemand;
    } u;
    int32_t turbo_enabled;
};

struct xen_set_cpufreq_gov {
    char scaling_governor[CPUFREQ_NAME_LEN];
};

struct xen_set_cpufreq_para {
#define SCALING_MAX_FREQ           1
#define SCALING_MIN_FREQ           2
#define SCALING_SETSPEED           3
#define SAMPLING_RATE              4
#define UP_THRESHOLD               5
    uint32_t ctrl_type;
    uint32_t ctrl_value;
};

struct xen_sysctl_pm_op {
#define PM_PARA_CATEGORY_MASK      0xf0
#define CPUFREQ_PARA               0x10
#define GET_CPUFREQ_PARA           (CPUFREQ_PARA | 0x01)
#define SET_CPUFREQ_GOV            (CPUFREQ_PARA | 0x02)
#define SET_CPUFREQ_PARA           (CPUFREQ_PARA | 0x03)
#define GET_CPUFREQ_AVGFREQ        (CPUFREQ_PARA | 0x04)
#define XEN_SYSCTL_pm_op_set_sched_opt_smt    0x21
#define XEN_SYSCTL_pm_op_get_max_cstate       0x22
#define XEN_SYSCTL_pm_op_set_max_cstate       0x23
#define XEN_SYSCTL_pm_op_set_vcpu_migration_delay   0x24
#define XEN_SYSCTL_pm_op_get_vcpu_migration_delay   0x25
#define XEN_SYSCTL_pm_op_enable_turbo               0x26
#define XEN_SYSCTL_pm_op_disable_turbo              0x27
    uint32_t cmd;
    uint32_t cpuid;
    union {
        struct xen_get_cpufreq_para get_para;
        struct xen_set_cpufreq_gov  set_gov;
        struct xen_set_cpufreq_para set_para;
        uint64_aligned_t get_avgfreq;
        uint32_t                    set_sched_opt_smt;
#define XEN_SYSCTL_CX_UNLIMITED 0xffffffff
        uint32_t                    get_max_cstate;
        uint32_t                    set_max_cstate;
    } u;
};

/*
 * XEN_SYSCTL_page_offline_op: take machine pages [start, end] offline,
 * online, or ask their state.  status: one word per page (PG_*).
 */
struct xen_sysctl_page_offline_op {
#define sysctl_page_offline     1
#define sysctl_page_online      2
#define sysctl_query_page_offline  3
    uint32_t cmd;
    uint32_t start;
    uint32_t end;
    XEN_GUEST_HANDLE(uint32) status;
};

/* Result of offline/online: bits 0-7. */
#define PG_OFFLINE_STATUS_MASK    (0xFFUL)
#define PG_OFFLINE_INVALID   (0x1UL << 0)
#define PG_OFFLINE_OFFLINED  (0x1UL << 1)
#define PG_OFFLINE_PENDING   (0x1UL << 2)
#define PG_OFFLINE_FAILED    (0x1UL << 3)
#define PG_OFFLINE_AGAIN     (0x1UL << 4)
#define PG_ONLINE_FAILED     PG_OFFLINE_FAILED
#define PG_ONLINE_ONLINED    PG_OFFLINE_OFFLINED

/* Result of query. */
#define PG_OFFLINE_STATUS_OFFLINED              (0x1UL << 1)
#define PG_OFFLINE_STATUS_ONLINE                (0x1UL << 2)
#define PG_OFFLINE_STATUS_OFFLINE_PENDING       (0x1UL << 3)
#define PG_OFFLINE_STATUS_BROKEN                (0x1UL << 4)

/* Why, in bits 8-15; the owning domain from bit 16. */
#define PG_OFFLINE_MISC_MASK    (0xFFUL << 4)
#define PG_OFFLINE_XENPAGE   (0x1UL << 8)
#define PG_OFFLINE_DOM0PAGE  (0x1UL << 9)
#define PG_OFFLINE_ANONYMOUS (0x1UL << 10)
#define PG_OFFLINE_NOT_CONV_RAM   (0x1UL << 11)
#define PG_OFFLINE_OWNED     (0x1UL << 12)
#define PG_OFFLINE_BROKEN    (0x1UL << 13)
#define PG_ONLINE_BROKEN     PG_OFFLINE_BROKEN
#define PG_OFFLINE_OWNER_SHIFT 16

/* XEN_SYSCTL_lockprof_op: lock profiling data (debug builds). */
#define XEN_SYSCTL_LOCKPROF_reset 1
#define XEN_SYSCTL_LOCKPROF_query 2
#define LOCKPROF_TYPE_GLOBAL      0   /* global lock, idx unused */
#define LOCKPROF_TYPE_PERDOM      1   /* per-domain lock, idx is domid */
#define LOCKPROF_TYPE_N           2
struct xen_sysctl_lockprof_data {
    char     name[40];
    int32_t  type;
    int32_t  idx;
    uint64_aligned_t lock_cnt;
    uint64_aligned_t block_cnt;
    uint64_aligned_t lock_time;
    uint64_aligned_t block_time;
};
typedef struct xen_sysctl_lockprof_data xen_sysctl_lockprof_data_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_lockprof_data_t);
struct xen_sysctl_lockprof_op {
    uint32_t       cmd;
    uint32_t       max_elem;          /* IN: room in data */
    uint32_t       nr_elem;           /* OUT: locks known */
    uint64_aligned_t time;            /* OUT: profiling period, ns */
    XEN_GUEST_HANDLE_64(xen_sysctl_lockprof_data_t) data;
};

/*
 * XEN_SYSCTL_cputopoinfo: core, socket and node of each CPU.
 *  IN:  num_cpus (room; 0 with a null cputopo asks the count), cputopo.
 *  OUT: num_cpus.  Absent CPUs read XEN_INVALID_*.
 */
#define XEN_INVALID_CORE_ID     (~0U)
#define XEN_INVALID_SOCKET_ID   (~0U)
#define XEN_INVALID_NODE_ID     (~0U)

struct xen_sysctl_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);

struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus;
    XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;
};

/*
 * XEN_SYSCTL_numainfo: memory of each node and the distances.
 *  IN:  num_nodes (room), meminfo, distance (num_nodes^2).
 *  OUT: num_nodes.
 */
#define XEN_INVALID_MEM_SZ     (~0U)
#define XEN_INVALID_NODE_DIST  (~0U)

struct xen_sysctl_meminfo {
    uint64_t memsize;
    uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);

struct xen_sysctl_numainfo {
    uint32_t num_nodes;
    XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo;
    XEN_GUEST_HANDLE_64(uint32) distance;
};

/*
 * XEN_SYSCTL_cpupool_op: CPU pools (sets of CPUs with their own
 * scheduler).
 *  CREATE:     IN cpupool_id (or PAR_ANY), sched_id; OUT cpupool_id.
 *  DESTROY:    IN cpupool_id.
 *  INFO:       IN cpupool_id (first at or above); OUT cpupool_id,
 *              sched_id, n_dom, cpumap.
 *  ADDCPU:     IN cpupool_id, cpu (or PAR_ANY); OUT cpu.
 *  RMCPU:      IN cpupool_id, cpu (or PAR_ANY); OUT cpu.
 *  MOVEDOMAIN: IN cpupool_id, domid.
 *  FREEINFO:   OUT cpumap (CPUs in no pool).
 */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE                1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY               2
#define XEN_SYSCTL_CPUPOOL_OP_INFO                  3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU                4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU                 5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN            6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO              7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY     0xFFFFFFFF
struct xen_sysctl_cpupool_op {
    uint32_t op;
    uint32_t cpupool_id;
    uint32_t sched_id;
    uint32_t domid;
    uint32_t cpu;
    uint32_t n_dom;
    struct xenctl_bitmap cpumap;
};

/* ARINC 653 schedule (the whole major frame). */
#define ARINC653_MAX_DOMAINS_PER_SCHEDULE   64
struct xen_sysctl_arinc653_schedule {
    uint64_aligned_t     major_frame;
    uint8_t     num_sched_entries;
    struct {
        xen_domain_handle_t dom_handle;
        uint32_t vcpu_id;
        uint64_aligned_t runtime;
    } sched_entries[ARINC653_MAX_DOMAINS_PER_SCHEDULE];
};
typedef struct xen_sysctl_arinc653_schedule xen_sysctl_arinc653_schedule_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_arinc653_schedule_t);

/* Bounds of the scheduler rate limit, us. */
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100

struct xen_sysctl_credit_schedule {
#define XEN_SYSCTL_CSCHED_TSLICE_MAX 1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN 1
    uint32_t tslice_ms;
    uint32_t ratelimit_us;
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
    uint32_t vcpu_migr_delay_us;
};

struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us;
};

/*
 * XEN_SYSCTL_scheduler_op: pool-wide scheduler parameters.
 *  IN:  cpupool_id, sched_id (must match the pool's), cmd, u (put).
 *  OUT: u (get).
 */
#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;
    uint32_t sched_id;
    uint32_t cmd;
    union {
        struct xen_sysctl_sched_arinc653 {
            XEN_GUEST_HANDLE_64(xen_sysctl_arinc653_schedule_t) schedule;
        } sched_arinc653;
        struct xen_sysctl_credit_schedule sched_credit;
        struct xen_sysctl_credit2_schedule sched_credit2;
    } u;
};

/* XEN_SYSCTL_coverage_op: gcov data of the hypervisor. */
#define XEN_GCOV_FORMAT_MAGIC    0x58434f56 /* "XCOV" */
#define XEN_SYSCTL_COVERAGE_get_size 0
#define XEN_SYSCTL_COVERAGE_read     1
#define XEN_SYSCTL_COVERAGE_reset    2
struct xen_sysctl_coverage_op {
    uint32_t cmd;
    uint32_t size;
    XEN_GUEST_HANDLE_64(char) buffer;
};

/* XEN_SYSCTL_psr_cmt_op: Intel cache monitoring facts. */
#define XEN_SYSCTL_PSR_CMT_get_total_rmid            0
#define XEN_SYSCTL_PSR_CMT_get_l3_upscaling_factor   1
#define XEN_SYSCTL_PSR_CMT_get_l3_cache_size         2
#define XEN_SYSCTL_PSR_CMT_enabled                   3
#define XEN_SYSCTL_PSR_CMT_get_l3_event_mask         4
struct xen_sysctl_psr_cmt_op {
    uint32_t cmd;
    uint32_t flags;     /* must be 0 */
    union {
        uint64_t data;  /* OUT */
        struct {
            uint32_t cpu;   /* IN */
            uint32_t rsvd;
        } l3_cache;
    } u;
};

/*
 * XEN_SYSCTL_pcitopoinfo: NUMA node of each listed PCI device.
 *  IN:  num_devs, devs.  OUT: num_devs (done), nodes (or XEN_INVALID_*).
 */
#define XEN_INVALID_DEV (XEN_INVALID_NODE_ID - 1)
struct xen_sysctl_pcitopoinfo {
    uint32_t num_devs;
    XEN_GUEST_HANDLE_64(physdev_pci_device_t) devs;
    XEN_GUEST_HANDLE_64(uint32) nodes;
};

/* XEN_SYSCTL_psr_alloc: Intel cache / bandwidth allocation facts. */
#define XEN_SYSCTL_PSR_get_l3_info               0
#define XEN_SYSCTL_PSR_get_l2_info               1
#define XEN_SYSCTL_PSR_get_mba_info              2
struct xen_sysctl_psr_alloc {
    uint32_t cmd;
    uint32_t target;    /* socket */
    union {
        struct {
            uint32_t cbm_len;
            uint32_t cos_max;
#define XEN_SYSCTL_PSR_CAT_L3_CDP       (1u << 0)
            uint32_t flags;
        } cat_info;
        struct {
            uint32_t thrtl_max;
            uint32_t cos_max;
#define XEN_SYSCTL_PSR_MBA_LINEAR      (1u << 0)
            uint32_t flags;
        } mba_info;
    } u;
};

/* XEN_SYSCTL_get_cpu_levelling_caps: how CPUID can be masked (PV). */
struct xen_sysctl_cpu_levelling_caps {
#define XEN_SYSCTL_CPU_LEVELCAP_faulting    (1ul <<  0)
#define XEN_SYSCTL_CPU_LEVELCAP_ecx         (1ul <<  1)
#define XEN_SYSCTL_CPU_LEVELCAP_edx         (1ul <<  2)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_ecx    (1ul <<  3)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_edx    (1ul <<  4)
#define XEN_SYSCTL_CPU_LEVELCAP_xsave_eax   (1ul <<  5)
#define XEN_SYSCTL_CPU_LEVELCAP_thermal_ecx (1ul <<  6)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_eax    (1ul <<  7)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_ebx    (1ul <<  8)
    uint32_t caps;
};

/*
 * XEN_SYSCTL_get_cpu_featureset: one of the CPU feature sets, as words
 * in cpufeatureset.h order.
 *  IN:  index, nr_features (room; 0 with null features asks the size).
 *  OUT: nr_features.
 */
struct xen_sysctl_cpu_featureset {
#define XEN_SYSCTL_cpu_featureset_raw      0
#define XEN_SYSCTL_cpu_featureset_host     1
#define XEN_SYSCTL_cpu_featureset_pv       2
#define XEN_SYSCTL_cpu_featureset_hvm      3
#define XEN_SYSCTL_cpu_featureset_pv_max   4
#define XEN_SYSCTL_cpu_featureset_hvm_max  5
    uint32_t index;
    uint32_t nr_features;
    XEN_GUEST_HANDLE_64(uint32) features;
};

/* XEN_SYSCTL_livepatch_op: load and apply hypervisor live patches. */
#define LIVEPATCH_PAYLOAD_VERSION 2

#define XEN_LIVEPATCH_NAME_SIZE 128
struct xen_livepatch_name {
    XEN_GUEST_HANDLE_64(char) name;         /* not NUL-terminated */
    uint16_t size;                          /* up to NAME_SIZE */
    uint16_t pad[3];                        /* must be 0 */
};

#define XEN_SYSCTL_LIVEPATCH_UPLOAD 0
struct xen_sysctl_livepatch_upload {
    struct xen_livepatch_name name;
    uint64_t size;                          /* bytes of payload */
    XEN_GUEST_HANDLE_64(uint8) payload;     /* an ELF object */
};

#define XEN_SYSCTL_LIVEPATCH_GET 1
struct xen_livepatch_status {
#define LIVEPATCH_STATE_CHECKED      1
#define LIVEPATCH_STATE_APPLIED      2
    uint32_t state;
    int32_t rc;                    /* result of the last action */
};
typedef struct xen_livepatch_status xen_livepatch_status_t;
DEFINE_XEN_GUEST_HANDLE(xen_livepatch_status_t);

struct xen_sysctl_livepatch_get {
    struct xen_livepatch_name name;
    struct xen_livepatch_status status;     /* OUT */
};

#define XEN_SYSCTL_LIVEPATCH_LIST 2
struct xen_sysctl_livepatch_list {
    uint32_t version;              /* OUT: changes when the list does */
    uint32_t idx;                  /* IN: first entry wanted */
    uint32_t nr;                   /* IN: room; OUT: entries written */
    uint32_t pad;                  /* must be 0 */
    uint32_t name_total_size;      /* OUT */
    uint32_t metadata_total_size;  /* OUT */
    XEN_GUEST_HANDLE_64(xen_livepatch_status_t) status;
    XEN_GUEST_HANDLE_64(char) name;
    XEN_GUEST_HANDLE_64(uint32) len;
    XEN_GUEST_HANDLE_64(char) metadata;
    XEN_GUEST_HANDLE_64(uint32) metadata_len;
};

#define XEN_SYSCTL_LIVEPATCH_ACTION 3
struct xen_sysctl_livepatch_action {
    struct xen_livepatch_name name;
#define LIVEPATCH_ACTION_UNLOAD       1
#define LIVEPATCH_ACTION_REVERT       2
#define LIVEPATCH_ACTION_APPLY        3
#define LIVEPATCH_ACTION_REPLACE      4
    uint32_t cmd;
    uint32_t timeout;              /* ns; 0: default */
#define LIVEPATCH_ACTION_APPLY_NODEPS (1 << 0)
    uint32_t flags;
    uint32_t pad;                  /* must be 0 */
};

struct xen_sysctl_livepatch_op {
    uint32_t cmd;                  /* XEN_SYSCTL_LIVEPATCH_* */
    uint32_t pad;                  /* must be 0 */
    union {
        struct xen_sysctl_livepatch_upload upload;
        struct xen_sysctl_livepatch_list list;
        struct xen_sysctl_livepatch_get get;
        struct xen_sysctl_livepatch_action action;
    } u;
};

#if defined(__i386__) || defined(__x86_64__)
/*
 * XEN_SYSCTL_get_cpu_policy: one of the system CPU policies.
 *  IN:  index, nr_leaves / nr_msrs (room; 0 asks the sizes), arrays.
 *  OUT: nr_leaves, nr_msrs.
 */
struct xen_sysctl_cpu_policy {
#define XEN_SYSCTL_cpu_policy_raw          0
#define XEN_SYSCTL_cpu_policy_host         1
#define XEN_SYSCTL_cpu_policy_pv_max       2
#define XEN_SYSCTL_cpu_policy_hvm_max      3
#define XEN_SYSCTL_cpu_policy_pv_default   4
#define XEN_SYSCTL_cpu_policy_hvm_default  5
    uint32_t index;
    uint32_t nr_leaves;
    uint32_t nr_msrs;
    uint32_t _rsvd;       /* must be 0 */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;
};
typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpu_policy_t);
#endif

struct xen_sysctl {
    uint32_t cmd;
#define XEN_SYSCTL_readconsole                    1
#define XEN_SYSCTL_tbuf_op                        2
#define XEN_SYSCTL_physinfo                       3
#define XEN_SYSCTL_sched_id                       4
#define XEN_SYSCTL_perfc_op                       5
#define XEN_SYSCTL_getdomaininfolist              6
#define XEN_SYSCTL_debug_keys                     7
#define XEN_SYSCTL_getcpuinfo                     8
#define XEN_SYSCTL_availheap                      9
#define XEN_SYSCTL_get_pmstat                    10
#define XEN_SYSCTL_cpu_hotplug                   11
#define XEN_SYSCTL_pm_op                         12
#define XEN_SYSCTL_page_offline_op               14
#define XEN_SYSCTL_lockprof_op                   15
#define XEN_SYSCTL_cputopoinfo                   16
#define XEN_SYSCTL_numainfo                      17
#define XEN_SYSCTL_cpupool_op                    18
#define XEN_SYSCTL_scheduler_op                  19
#define XEN_SYSCTL_coverage_op                   20
#define XEN_SYSCTL_psr_cmt_op                    21
#define XEN_SYSCTL_pcitopoinfo                   22
#define XEN_SYSCTL_psr_alloc                     23
/* 24 was XEN_SYSCTL_tmem_op */
#define XEN_SYSCTL_get_cpu_levelling_caps        25
#define XEN_SYSCTL_get_cpu_featureset            26
#define XEN_SYSCTL_livepatch_op                  27
/* 28 was XEN_SYSCTL_set_parameter */
#define XEN_SYSCTL_get_cpu_policy                29
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole       readconsole;
        struct xen_sysctl_tbuf_op           tbuf_op;
        struct xen_sysctl_physinfo          physinfo;
        struct xen_sysctl_cputopoinfo       cputopoinfo;
        struct xen_sysctl_pcitopoinfo       pcitopoinfo;
        struct xen_sysctl_numainfo          numainfo;
        struct xen_sysctl_sched_id          sched_id;
        struct xen_sysctl_perfc_op          perfc_op;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_debug_keys        debug_keys;
        struct xen_sysctl_getcpuinfo        getcpuinfo;
        struct xen_sysctl_availheap         availheap;
        struct xen_sysctl_get_pmstat        get_pmstat;
        struct xen_sysctl_cpu_hotplug       cpu_hotplug;
        struct xen_sysctl_pm_op             pm_op;
        struct xen_sysctl_page_offline_op   page_offline;
        struct xen_sysctl_lockprof_op       lockprof_op;
        struct xen_sysctl_cpupool_op        cpupool_op;
        struct xen_sysctl_scheduler_op      scheduler_op;
        struct xen_sysctl_coverage_op       coverage_op;
        struct xen_sysctl_psr_cmt_op        psr_cmt_op;
        struct xen_sysctl_psr_alloc         psr_alloc;
        struct xen_sysctl_cpu_levelling_caps cpu_levelling_caps;
        struct xen_sysctl_cpu_featureset    cpu_featureset;
        struct xen_sysctl_livepatch_op      livepatch;
#if defined(__i386__) || defined(__x86_64__)
        struct xen_sysctl_cpu_policy        cpu_policy;
#endif
        uint8_t                             pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN_PUBLIC_SYSCTL_H__ */
