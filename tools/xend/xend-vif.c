/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Network interfaces: the backend and frontend nodes libxl writes for a
 * vif served by dom0's xen-netback (Xen 4.17's libxl_nic.c), and MACs in
 * Xen's range; xend-devices.c does the xenstore handshake and runs the
 * vif-bridge hotplug script.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xend-devices.h"
#include "xend-vif.h"

/* "00:16:3e:0a:1b:2c": six pairs of hex digits with colons. */
static bool mac_valid(const char *m)
{
    unsigned int i;

    if ( strlen(m) != 17 )
        return false;
    for ( i = 0; i < 17; i++ )
        if ( i % 3 == 2 ? m[i] != ':' : !isxdigit((unsigned char)m[i]) )
            return false;
    return true;
}

int xend_vif_check(const struct domcfg_vif *v, unsigned int devid, char *why,
                   size_t len)
{
    const char *mac = v->val[VIF_MAC], *script = v->val[VIF_SCRIPT];
    const char *backend = v->val[VIF_BACKEND];

    if ( mac && !mac_valid(mac) )
        snprintf(why, len, "vif %u: mac '%.40s' must be six hex pairs "
                 "(00:16:3e:01:02:03)", devid, mac);
    else if ( script && (!*script || strchr(script, '/') ||
                         *script == '.') )
        snprintf(why, len, "vif %u: script '%.80s' must be the name of a "
                 "script in %s", devid, script, XEND_SCRIPT_DIR);
    else if ( backend && strcmp(backend, "0") && strcmp(backend, "Domain-0") )
        snprintf(why, len, "vif %u: backend '%.40s': only dom0 serves vifs",
                 devid, backend);
    else
        return 0;
    return -1;
}

/* Three random bytes: /dev/urandom, or the clock if it cannot be read. */
static void random_bytes(unsigned char b[3])
{
    struct timespec t;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if ( fd >= 0 && read(fd, b, 3) == 3 )
    {
        close(fd);
        return;
    }
    if ( fd >= 0 )
        close(fd);
    clock_gettime(CLOCK_REALTIME, &t);
    b[0] = t.tv_nsec;
    b[1] = t.tv_nsec >> 8;
    b[2] = getpid() ^ t.tv_sec;
}

void xend_vif_fill_macs(struct domain_config *cfg)
{
    unsigned char b[3];
    unsigned int i;
    char mac[18];

    for ( i = 0; i < cfg->nr_vifs; i++ )
    {
        if ( cfg->vifs[i].val[VIF_MAC] )
            continue;
        random_bytes(b);
        /* libxl keeps the top byte of the random part below 0x80. */
        snprintf(mac, sizeof(mac), "00:16:3e:%02x:%02x:%02x", b[0] & 0x7f,
                 b[1], b[2]);
        cfg->vifs[i].val[VIF_MAC] = strdup(mac);
    }
}

/* One vif: libxl's backend and frontend nodes for a netback vif. */
static int add_one(struct xs_handle *xs, uint32_t domid, uint32_t devid,
                   const struct domcfg_vif *v, char **why)
{
    char handle[16];
    const char *bridge = v->val[VIF_BRIDGE] ? v->val[VIF_BRIDGE]
                                            : XEND_VIF_BRIDGE;
    /* hotplug-status "": netback waits for the script's "connected"
     * before it connects the guest (libxl writes it so). */
    const char *back[] = {
        "mac", v->val[VIF_MAC], "bridge", bridge, "handle", handle,
        "type", "vif", "hotplug-status", "",
        v->val[VIF_IP] ? "ip" : NULL, v->val[VIF_IP], NULL,
    };
    const char *front[] = {
        "handle", handle, "mac", v->val[VIF_MAC], "trusted", "1", NULL,
    };
    /* netback's MTU, which the guest reads but must not change. */
    const char *ro_front[] = { "mtu", "1500", NULL };
    struct xend_device dev = {
        .kind = "vif", .domid = domid, .devid = devid,
        .script = v->val[VIF_SCRIPT] ? v->val[VIF_SCRIPT] : XEND_VIF_SCRIPT,
        .back = back, .front = front, .ro_front = ro_front,
    };

    snprintf(handle, sizeof(handle), "%u", devid);
    return xend_device_add(xs, &dev, why);
}

int xend_vif_add(struct xs_handle *xs, uint32_t domid, uint32_t devid,
                 const struct domcfg_vif *v, char **why)
{
    char *reason = NULL;
    int rc;

    *why = NULL;
    rc = v->val[VIF_MAC] ? add_one(xs, domid, devid, v, &reason) : -EINVAL;
    if ( !rc )
        return 0;
    if ( asprintf(why, "vif %u: %s", devid,
                  reason ? reason : !v->val[VIF_MAC] ? "no mac"
                                                     : strerror(-rc)) < 0 )
        *why = NULL;
    free(reason);
    return rc;
}

int xend_vif_attach(struct xs_handle *xs, uint32_t domid,
                    const struct domcfg_vif *v, char **why)
{
    char dir[96], **devs;
    unsigned int n = 0, i;
    long next = 0;

    snprintf(dir, sizeof(dir), "/local/domain/%u/device/vif", domid);
    devs = xs_directory(xs, XBT_NULL, dir, &n);
    for ( i = 0; devs && i < n; i++ )
        if ( strtol(devs[i], NULL, 10) >= next )
            next = strtol(devs[i], NULL, 10) + 1;
    free(devs);
    return xend_vif_add(xs, domid, next, v, why);
}

int xend_vif_add_all(struct xs_handle *xs, uint32_t domid,
                     const struct domain_config *cfg, char **why)
{
    unsigned int i;
    int rc = 0;

    *why = NULL;
    for ( i = 0; i < cfg->nr_vifs && !rc; i++ )
        rc = xend_vif_add(xs, domid, i, &cfg->vifs[i], why);
    return rc;
}
