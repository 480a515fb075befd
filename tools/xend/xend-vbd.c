/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Disks: the device number of a virtual device name, and the backend and
 * frontend nodes libxl writes for a disk served by dom0's xen-blkback
 * (Xen 4.17's libxl_disk.c and libxl_device.c); xend-devices.c does the
 * xenstore handshake and runs the block hotplug script.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xend-devices.h"
#include "xend-vbd.h"

/* Linux's block majors: Xen's virtual disks, the first SCSI disks and
 * the IDE pairs hda/hdb, hdc/hdd, ... */
#define XVD_MAJOR 202
#define SD_MAJOR  8
static const int ide_majors[] = { 3, 22, 33, 34, 56, 57, 88, 89, 90, 91 };

/* "a" 0, "z" 25, "aa" 26, ... (bijective base 26, as libxl); the
 * partition number after the letters (0 when none).  -1 if malformed. */
static int disk_and_part(const char *s, long *disk, long *part)
{
    char *end;

    *disk = -1;
    for ( ; islower((unsigned char)*s); s++ )
    {
        if ( *disk > (1L << 20) )
            return -1;
        *disk = (*disk + 1) * 26 + (*s - 'a');
    }
    if ( *disk < 0 )
        return -1;
    if ( !*s )
        return *part = 0, 0;
    if ( !isdigit((unsigned char)*s) || *s == '0' )
        return -1;
    *part = strtol(s, &end, 10);
    return *end ? -1 : 0;
}

long xend_vbd_devid(const char *vdev)
{
    long disk, part;

    if ( !strncmp(vdev, "xvd", 3) && !disk_and_part(vdev + 3, &disk, &part) )
    {
        if ( disk < 16 && part < 16 )
            return (XVD_MAJOR << 8) | (disk << 4) | part;
        if ( disk < (1L << 20) && part < 256 )
            return (1L << 28) | (disk << 8) | part;
        return -1;
    }
    if ( !strncmp(vdev, "hd", 2) && !disk_and_part(vdev + 2, &disk, &part) )
        return disk < 20 && part < 64
            ? (ide_majors[disk / 2] << 8) | ((disk & 1) << 6) | part : -1;
    if ( !strncmp(vdev, "sd", 2) && !disk_and_part(vdev + 2, &disk, &part) )
        return disk < 16 && part < 16
            ? (SD_MAJOR << 8) | (disk << 4) | part : -1;
    return -1;
}

void xend_vbd_spec(const struct domcfg_disk *d, char *buf, size_t len)
{
    snprintf(buf, len, "%s:%s,%s%s,%s", d->backend, d->target, d->vdev,
             d->cdrom ? ":cdrom" : "", d->mode);
}

/* The image format of a disk our userspace backend serves ("aio",
 * "qcow2" of "tap:aio", "tap2:qcow2"), or NULL for dom0's kernel's. */
static const char *tap_format(const char *backend)
{
    const char *f = NULL;

    if ( !strncmp(backend, "tap:", 4) )
        f = backend + 4;
    else if ( !strncmp(backend, "tap2:", 5) )
        f = backend + 5;
    return f && (!strcmp(f, "aio") || !strcmp(f, "qcow2")) ? f : NULL;
}

/* What the file or device is (a block device, a regular file, an image)
 * is the hotplug script's or xen-blkd's to check: they open it. */
int xend_vbd_check(const struct domcfg_disk *d, char *why, size_t len)
{
    char spec[300];
    struct stat st;

    xend_vbd_spec(d, spec, sizeof(spec));
    if ( xend_vbd_devid(d->vdev) < 0 )
        snprintf(why, len, "disk '%s': no device number for '%s'", spec,
                 d->vdev);
    else if ( strcmp(d->backend, "file") && strcmp(d->backend, "phy") &&
              !tap_format(d->backend) )
        snprintf(why, len, "disk '%s': '%s' disks are not served yet (file, "
                 "phy, tap:aio and tap:qcow2 are)", spec, d->backend);
    else if ( stat(d->target, &st) )
        snprintf(why, len, "disk '%s': %s: %s", spec, d->target,
                 strerror(errno));
    else
        return 0;
    return -1;
}

/* One disk: libxl's backend and frontend nodes for a blkback disk, or
 * for a qdisk one (params "<format>:<path>", type "qdisk") served by
 * xen-blkd (docs/blkd.md). */
static int add_one(struct xs_handle *xs, uint32_t domid,
                   const struct domcfg_disk *d, char **why)
{
    char devid[16], params[300];
    const char *type = d->cdrom ? "cdrom" : "disk";
    const char *tap = tap_format(d->backend);
    const char *back[] = {
        "params", d->target, "type", d->backend, "mode", d->mode,
        "dev", d->vdev, "removable", d->cdrom ? "1" : "0", "bootable", "1",
        "device-type", type, "discard-enable", "1",
        "specification", "xen", NULL,
    };
    const char *front[] = {
        "virtual-device", devid, "device-type", type, "trusted", "1", NULL,
    };
    struct xend_device dev = {
        .kind = "vbd", .domid = domid, .script = "block",
        .back = back, .front = front,
    };

    dev.devid = xend_vbd_devid(d->vdev);
    snprintf(devid, sizeof(devid), "%u", dev.devid);
    if ( tap )
    {
        snprintf(params, sizeof(params), "%s:%s", tap, d->target);
        back[1] = params;
        back[3] = "qdisk";
        dev.kind = "qdisk";
        dev.script = NULL;
        dev.daemon = "xen-blkd";
    }
    return xend_device_add(xs, &dev, why);
}

int xend_vbd_add(struct xs_handle *xs, uint32_t domid,
                 const struct domcfg_disk *d, char **why)
{
    char spec[300], *reason = NULL;
    int rc;

    *why = NULL;
    rc = xend_vbd_devid(d->vdev) < 0 ? -EINVAL
                                     : add_one(xs, domid, d, &reason);
    if ( !rc )
        return 0;
    xend_vbd_spec(d, spec, sizeof(spec));
    if ( asprintf(why, "disk '%s': %s", spec,
                  reason ? reason : strerror(-rc)) < 0 )
        *why = NULL;
    free(reason);
    return rc;
}

int xend_vbd_add_all(struct xs_handle *xs, uint32_t domid,
                     const struct domain_config *cfg, char **why)
{
    unsigned int i;
    int rc = 0;

    *why = NULL;
    for ( i = 0; i < cfg->nr_disks && !rc; i++ )
        rc = xend_vbd_add(xs, domid, &cfg->disks[i], why);
    return rc;
}
