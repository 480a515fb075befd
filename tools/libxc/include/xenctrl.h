/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenctrl: the toolstack's control calls (domctl, sysctl, memory_op,
 * hvm_op, event_channel_op, sched_op) with Xen 4.17's names, signatures
 * and soname (libxenctrl.so.4.17).  Only the subset docs/libxc.md lists.
 * Unless said otherwise a call returns 0 (or a count), or -1 with errno.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

/* The public headers' tools-only parts (domctl, sysctl). */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/grant_table.h>
#include <xen/hvm/params.h>
#include <xen/version.h>

#include "xentoollog.h"

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE  (1UL << XC_PAGE_SHIFT)
#define XC_PAGE_MASK  (~(XC_PAGE_SIZE - 1))

#define XENCTRL_HAS_XC_INTERFACE 1

typedef struct xc_interface_core xc_interface;

enum xc_error_code {
    XC_ERROR_NONE = 0,
    XC_INTERNAL_ERROR = 1,
    XC_INVALID_KERNEL = 2,
    XC_INVALID_PARAM = 3,
    XC_OUT_OF_MEMORY = 4,
};
typedef enum xc_error_code xc_error_code;

#define XC_MAX_ERROR_MSG_LEN 1024
typedef struct xc_error {
    enum xc_error_code code;
    char message[XC_MAX_ERROR_MSG_LEN];
} xc_error;

/* --- handles and errors --- */
/* open_flags: none defined by us; loggers may be NULL. */
xc_interface *xc_interface_open(xentoollog_logger *logger,
                                xentoollog_logger *dombuild_logger,
                                unsigned int open_flags);
int xc_interface_close(xc_interface *xch);
/* The last error this handle recorded (code XC_ERROR_NONE if none). */
const xc_error *xc_get_last_error(xc_interface *xch);
void xc_clear_last_error(xc_interface *xch);
const char *xc_error_code_to_desc(int code);
const char *xc_strerror(xc_interface *xch, int errcode);

/* --- domains --- */
typedef struct xc_dominfo {
    uint32_t      domid;
    uint32_t      ssidref;
    unsigned int  dying:1, crashed:1, shutdown:1,
                  paused:1, blocked:1, running:1,
                  hvm:1, debugged:1, xenstore:1, hap:1;
    unsigned int  shutdown_reason;   /* meaningful when shutdown == 1 */
    unsigned long nr_pages;          /* pages it has now */
    unsigned long nr_outstanding_pages;
    unsigned long nr_shared_pages;
    unsigned long nr_paged_pages;
    unsigned long shared_info_frame;
    uint64_t      cpu_time;          /* ns */
    unsigned long max_memkb;
    unsigned int  nr_online_vcpus;
    unsigned int  max_vcpu_id;
    xen_domain_handle_t handle;
    unsigned int  cpupool;
    uint8_t       gpaddr_bits;
    struct xen_arch_domainconfig arch_config;
} xc_dominfo_t;

typedef xen_domctl_getdomaininfo_t xc_domaininfo_t;
typedef struct xen_domctl_getvcpuinfo xc_vcpuinfo_t;

/* *pdomid: the id wanted, or 0 for any; OUT the id given. */
int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
/* fast: the guest's suspend hypercall returns 1 (cancelled) first. */
int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast);
/* reason: SHUTDOWN_* (SCHEDOP_remote_shutdown). */
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid,
                        unsigned int max);
/* Domains with id >= first, at most max of them: the number filled. */
int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info);
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
                      unsigned int max_doms, xc_dominfo_t *info);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
                        uint64_t max_memkb);
int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        xen_domain_handle_t handle);
int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                              int32_t time_offset_seconds);
/* ctxt_buf NULL: returns the size needed; else the bytes written. */
int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid,
                             uint8_t *ctxt_buf, uint32_t size);
int xc_domain_hvm_setcontext(xc_interface *xch, uint32_t domid,
                             uint8_t *hvm_ctxt, uint32_t size);
int xc_get_paging_mempool_size(xc_interface *xch, uint32_t domid,
                               uint64_t *size);
int xc_set_paging_mempool_size(xc_interface *xch, uint32_t domid,
                               uint64_t size);
int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t *tsc_mode, uint64_t *elapsed_nsec,
                           uint32_t *gtsc_khz, uint32_t *incarnation);
int xc_domain_set_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t tsc_mode, uint64_t elapsed_nsec,
                           uint32_t gtsc_khz, uint32_t incarnation);
/* sop: XEN_DOMCTL_SHADOW_OP_* (OFF, ENABLE_LOGDIRTY, GET/SET_ALLOCATION). */
int xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned int sop,
                      unsigned int *mb, unsigned int mode);
/* arr: num gfns; each comes back or-ed with its XEN_DOMCTL_PFINFO_* type
 * (XTAB: nothing there) in bits 28-31. */
int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num,
                          xen_pfn_t *arr);

/* --- vCPUs and scheduling --- */
typedef uint8_t *xc_cpumap_t;

int xc_get_max_cpus(xc_interface *xch);
int xc_get_max_nodes(xc_interface *xch);
int xc_get_cpumap_size(xc_interface *xch);
/* Zeroed, xc_get_cpumap_size() bytes; free() it. */
xc_cpumap_t xc_cpumap_alloc(xc_interface *xch);
/* flags: XEN_VCPUAFFINITY_HARD and/or _SOFT; maps are updated in place. */
int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard_inout,
                        xc_cpumap_t cpumap_soft_inout, uint32_t flags);
int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard, xc_cpumap_t cpumap_soft,
                        uint32_t flags);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info);
int xc_sched_id(xc_interface *xch, int *sched_id);
int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom);
int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom);

/* --- the host --- */
typedef struct xen_sysctl_physinfo xc_physinfo_t;
typedef struct xen_sysctl_cputopo xc_cputopo_t;
typedef struct xen_sysctl_cpuinfo xc_cpuinfo_t;

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info);
/* *pnr_chars: IN the buffer's size, OUT the characters read. */
int xc_readconsolering(xc_interface *xch, char *buffer,
                       unsigned int *pnr_chars, int clear, int incremental,
                       uint32_t *pindex);
int xc_getcpuinfo(xc_interface *xch, int max_cpus, xc_cpuinfo_t *info,
                  int *nr_cpus);
/* cputopo NULL: *max_cpus is set to the number of CPUs. */
int xc_cputopoinfo(xc_interface *xch, unsigned int *max_cpus,
                   xc_cputopo_t *cputopo);
/* XENVER_* into arg; XENVER_version's answer is the return value. */
int xc_version(xc_interface *xch, int cmd, void *arg);

/* --- guest memory --- */
int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                               unsigned long nr_extents,
                               unsigned int extent_order,
                               unsigned int mem_flags,
                               xen_pfn_t *extent_start);
int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
                                     unsigned long nr_extents,
                                     unsigned int extent_order,
                                     unsigned int mem_flags,
                                     xen_pfn_t *extent_start);
int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
                                         unsigned long nr_extents,
                                         unsigned int extent_order,
                                         xen_pfn_t *extent_start);
/* space: XENMAPSPACE_*; idx mapped at gfn gpfn of domid. */
int xc_domain_add_to_physmap(xc_interface *xch, uint32_t domid,
                             unsigned int space, unsigned long idx,
                             xen_pfn_t gpfn);
int xc_domain_remove_from_physmap(xc_interface *xch, uint32_t domid,
                                  xen_pfn_t gpfn);
/* The highest gfn of domid in *gpfns. */
int xc_domain_maximum_gpfn(xc_interface *xch, uint32_t domid,
                           xen_pfn_t *gpfns);
/* Frames of domid mapped here; release with munmap(). */
void *xc_map_foreign_pages(xc_interface *xch, uint32_t dom, int prot,
                           const xen_pfn_t *arr, int num);
void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size,
                           int prot, unsigned long mfn);

/* --- event channels and HVM parameters --- */
typedef int xc_evtchn_port_or_error_t;

/* A port of dom that remote_dom may bind: the port, or -1. */
xc_evtchn_port_or_error_t xc_evtchn_alloc_unbound(xc_interface *xch,
                                                  uint32_t dom,
                                                  uint32_t remote_dom);
int xc_hvm_param_set(xc_interface *handle, uint32_t dom, uint32_t param,
                     uint64_t value);
int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param,
                     uint64_t *value);

#endif /* XENCTRL_H */
