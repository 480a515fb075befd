/* SPDX-License-Identifier: GPL-2.0-only */
/* libxenctrl's calls checked on a live hypervisor (xc-checks.c). */
#ifndef LIBXC_XC_CHECKS_H
#define LIBXC_XC_CHECKS_H

#include <xenctrl.h>
#include <xc_pvh.h>

/* Each returns the failures so far. */
unsigned int xc_checks_created(xc_interface *xch, uint32_t domid);
unsigned int xc_checks_built(xc_interface *xch, uint32_t domid,
                             const struct xc_pvh_result *res);
/* Pauses, unpauses, shuts down and destroys the domain. */
unsigned int xc_checks_shutdown(xc_interface *xch, uint32_t domid);

#endif /* LIBXC_XC_CHECKS_H */
