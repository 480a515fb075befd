/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Disks (vbd) as libxl's libxl_disk.c lays them out for dom0's kernel
 * backend, xen-blkback, through the block hotplug script (docs/xend.md,
 * "Devices"; docs/hotplug.md).
 */
#ifndef XEND_VBD_PRIVATE_H
#define XEND_VBD_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "domcfg.h"

struct xs_handle;

/* The device number of a virtual device name as libxl computes it
 * (libxl__device_disk_dev_number): xvda 51712, xvdb 51728, xvdq
 * (1 << 28 | 16 << 8), hda 768, sda 2048; -1 for a name it refuses. */
long xend_vbd_devid(const char *vdev);

/* The disk as the config wrote it: "file:/img,xvda,w". */
void xend_vbd_spec(const struct domcfg_disk *d, char *buf, size_t len);

/* Before anything is created: the disk's backend is one this xend
 * serves and its file or device exists.  0, or -1 with a one-line
 * reason in why ("disk 'file:/nope,xvda,w': /nope: No such file ..."). */
int xend_vbd_check(const struct domcfg_disk *d, char *why, size_t len);

/* Add one disk to domid (at create, or to a running guest: its blkfront
 * connects by itself).  0, or a negative errno and *why (malloc()ed,
 * "disk '<spec>': <reason>"); nothing of the disk is left then. */
int xend_vbd_add(struct xs_handle *xs, uint32_t domid,
                 const struct domcfg_disk *d, char **why);

/* Add every disk of cfg to domid, in order.  0, or a negative errno and
 * *why (malloc()ed, "disk '<spec>': <reason>"); the disks added before
 * the failing one are left for the caller's undo (remove_all). */
int xend_vbd_add_all(struct xs_handle *xs, uint32_t domid,
                     const struct domain_config *cfg, char **why);

#endif /* XEND_VBD_PRIVATE_H */
