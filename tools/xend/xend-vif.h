/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Network interfaces (vif) as libxl's libxl_nic.c lays them out for dom0's
 * kernel backend, xen-netback, through the vif-bridge hotplug script
 * (docs/xend.md, "Devices"; docs/hotplug.md).  A config's n-th vif is
 * device n, as in libxl.
 */
#ifndef XEND_VIF_PRIVATE_H
#define XEND_VIF_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "domcfg.h"

struct xs_handle;

/* The bridge of a vif without one (Xen's default). */
#define XEND_VIF_BRIDGE "xenbr0"
/* The hotplug script of a vif without one. */
#define XEND_VIF_SCRIPT "vif-bridge"

/* Before anything is created: a given MAC is six hex pairs, a given
 * script a plain name, no other backend than dom0.  0, or -1 with a
 * one-line reason in why ("vif 1: mac 'xx': must be ..."). */
int xend_vif_check(const struct domcfg_vif *v, unsigned int devid, char *why,
                   size_t len);

/* Give every vif of cfg without a MAC one in Xen's range 00:16:3e:xx:xx:xx
 * (random, as libxl).  The config is then recorded with them, so a
 * restarted domain (on_reboot = 'restart') keeps its MACs. */
void xend_vif_fill_macs(struct domain_config *cfg);

/* Add one vif as device devid of domid.  0, or a negative errno and *why
 * (malloc()ed, "vif <devid>: <reason>"); nothing of it is left then. */
int xend_vif_add(struct xs_handle *xs, uint32_t domid, uint32_t devid,
                 const struct domcfg_vif *v, char **why);

/* Hot-plug: v as domid's next vif (one more than the highest devid it
 * has, as libxl's libxl__device_nextid).  As xend_vif_add(). */
int xend_vif_attach(struct xs_handle *xs, uint32_t domid,
                    const struct domcfg_vif *v, char **why);

/* Every vif of cfg, in order.  0, or a negative errno and *why; those
 * added before the failing one are left for the caller's undo. */
int xend_vif_add_all(struct xs_handle *xs, uint32_t domid,
                     const struct domain_config *cfg, char **why);

#endif /* XEND_VIF_PRIVATE_H */
