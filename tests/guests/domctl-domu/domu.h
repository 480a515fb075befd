/* SPDX-License-Identifier: GPL-2.0-only */
/* The steps of domctl-domu, one file each (build, run and checks). */
#ifndef DOMCTL_DOMU_H
#define DOMCTL_DOMU_H

#include <public/domctl.h>
#include <public/sysctl.h>

/* toolstack.c: the hypercalls as libxc makes them. */
extern struct xen_domctl dop;
extern struct xen_sysctl sop;
long do_dctl(uint32_t cmd, domid_t dom);   /* dop.u filled by the caller */
long do_sctl(uint32_t cmd);                /* sop.u filled by the caller */
uint64_t physinfo_free_pages(void);
bool getdomaininfo(domid_t id, struct xen_domctl_getdomaininfo *info);
/* VIRQ_DOM_EXC bound in dom0; was it raised since the last call? */
bool dom_exc_setup(void);
bool dom_exc_seen(void);
uint64_t now_ns(void);
/* Where dom0 sees the domU's RAM (foreign map), or 0. */
extern uint64_t domu_window;
#define DOMU_PTR(gpa) ((volatile uint8_t *)(uintptr_t)(domu_window + (gpa)))

/* build.c */
bool domu_create(domid_t *id);
bool domu_build(domid_t id);
void domu_unmap(void);

/* run.c */
bool domu_run(domid_t id);
void domu_check_results(void);
void domu_check_info(domid_t id, unsigned int round);
void domu_check_vcpu_ops(domid_t id);
void domu_check_resume(domid_t id);
void domu_destroy(domid_t id);

extern const uint8_t domu_handle[16];

#endif /* DOMCTL_DOMU_H */
