/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Split-driver devices as libxl adds and removes them (docs/xend.md,
 * "Devices"): a backend directory in dom0's tree, a frontend directory in
 * the guest's, the backend's hotplug script run directly with Xen's
 * environment, and a bounded wait for each step.  The kind-specific parts
 * (which nodes, which script) come from the caller: xend-vbd.c for disks.
 *   /local/domain/0/backend/<kind>/<domid>/<devid>   n0 r<domid>
 *   /local/domain/<domid>/device/<kind>/<devid>      n<domid> r0
 */
#ifndef XEND_DEVICES_PRIVATE_H
#define XEND_DEVICES_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

struct xs_handle;
struct xr_value;

/* Where hotplug scripts live (Xen's); $XEN_SCRIPT_DIR overrides it. */
#define XEND_SCRIPT_DIR "/etc/xen/scripts"
/* Where backend daemons live (Xen's libexec directory); $XEN_DAEMON_DIR
 * overrides it. */
#define XEND_DAEMON_DIR "/usr/lib/xen/bin"
/* Bounds on each wait, in ms: libxl's LIBXL_DESTROY_TIMEOUT is 10 s; its
 * LIBXL_HOTPLUG_TIMEOUT was 10 s and is 40 s in later releases, which we
 * take: a block script in a dom0 under TCG on a loaded host has taken
 * more than 10 s (xm create failed with "no answer within 10 s"). */
#ifndef XEND_HOTPLUG_TIMEOUT_MS         /* the host tests wait less */
#define XEND_HOTPLUG_TIMEOUT_MS 40000
#define XEND_CLOSE_TIMEOUT_MS   10000
#endif

struct xend_device {
    const char *kind;           /* "vbd", "vif": the xenstore directory */
    uint32_t domid, devid;
    const char *script;         /* name under the script dir, or NULL */
    /* Or a backend daemon in userspace (xen-blkd), started detached with
     * the backend path as its argument; it reports hotplug-status as a
     * script does, and quits by itself when the device goes. */
    const char *daemon;
    /* Extra nodes: "key", "value", ... NULL (frontend, frontend-id,
     * online, state and script / backend, backend-id, state are added). */
    const char *const *back, *const *front;
    /* Frontend nodes the guest may read but not change (libxl's
     * ro_front: owner dom0, readable by the guest), or NULL. */
    const char *const *ro_front;
};

/*
 * Write both directories, wait for the backend driver to pick the device
 * up (state InitWait), run "<script> add" and check its hotplug-status;
 * or start the daemon and wait for its hotplug-status.
 * 0, or a negative errno with *why (malloc()ed, one line: the script's
 * hotplug-error when it gave one); nothing of the device is left then.
 */
int xend_device_add(struct xs_handle *xs, const struct xend_device *d,
                    char **why);

/*
 * Take one device down as libxl does when its domain goes: online 0 and
 * state Closing, the frontend directory removed, a bounded wait for the
 * backend to reach Closed, "<script> remove", the backend directory
 * removed.  0, or a negative errno (logged; the nodes are removed anyway).
 */
int xend_device_remove(struct xs_handle *xs, const char *kind,
                       uint32_t domid, uint32_t devid);

/*
 * Detach one device from a running guest as libxl does without force:
 * online 0 and state Closing; the guest's frontend must close it (state
 * Closed within 10 s), then "<script> remove" and both directories go.
 * A frontend that keeps it (in use in the guest) is -EBUSY with *why;
 * the device is then left closing (the guest finishes when it lets the
 * device go).  force: xend_device_remove() at once.  -ENODEV: no such
 * device.  *why is malloc()ed on failure.
 */
int xend_device_detach(struct xs_handle *xs, const char *kind,
                       uint32_t domid, uint32_t devid, bool force,
                       char **why);

/* Every device of every kind dom0 backs for domid.  0 or the first
 * failure's negative errno (every device is still tried). */
int xend_devices_remove_all(struct xs_handle *xs, uint32_t domid);

/* The domain's devices of kind as Xen 3's getDeviceSxprs gave them: an
 * array of [devid, {node: value} of its frontend directory].  0 or
 * -errno (no device is an empty array). */
int xend_devices_list(struct xs_handle *xs, uint32_t domid, const char *kind,
                      struct xr_value **list);

#endif /* XEND_DEVICES_PRIVATE_H */
