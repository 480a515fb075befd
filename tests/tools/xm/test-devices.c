/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's devices (xend-devices.c, xend-vbd.c) against the real xenstored
 * on a temporary socket, with a thread playing the backend driver
 * (InitWait on probe, Closed once told Closing, as blkback does): device
 * numbers as libxl computes them; a disk's nodes, their permissions and
 * the hotplug environment; the real block script's refusal unwinding to
 * nothing; teardown removing every node and running "remove"; a backend
 * driver that never comes, bounded; detaching, refused while the guest
 * holds the device unless forced; a tap: disk under backend/qdisk served
 * by a stand-in xen-blkd that xend starts, detached and torn down through
 * its frontend's vbd name, and a daemon that refuses or is missing.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenstore.h>

#include "harness.h"
#include "xend.h"
#include "xend-devices.h"
#include "xend-vbd.h"
#include "xs-temp.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

#define BE "/local/domain/0/backend/vbd/7/51712"
#define FE "/local/domain/7/device/vbd/51712"

static struct xs_handle *xs;
static char script_dir[] = "/tmp/xend-scripts-XXXXXX";
static volatile bool driver_on, driver_stop, guest_busy;

TEST(device_numbers_are_libxl_s)
{
    static const struct { const char *v; long n; } t[] = {
        { "xvda", 51712 }, { "xvdb", 51728 }, { "xvda1", 51713 },
        { "xvdp", 202 << 8 | 15 << 4 }, { "xvdq", 1L << 28 | 16 << 8 },
        { "xvdaa", 1L << 28 | 26 << 8 }, { "xvda16", 1L << 28 | 16 },
        { "hda", 768 }, { "hdb", 832 }, { "hdc", 5632 }, { "sda", 2048 },
        { "sdb1", 2065 }, { "xvd", -1 }, { "xvda0", -1 }, { "vda", -1 },
        { "sdq", -1 }, { "xvdA", -1 }, { "hdu", -1 },
    };
    size_t i;

    for ( i = 0; i < sizeof(t) / sizeof(t[0]); i++ )
        if ( xend_vbd_devid(t[i].v) != t[i].n )
        {
            printf("    %s: %ld, want %ld\n", t[i].v,
                   xend_vbd_devid(t[i].v), t[i].n);
            EXPECT(false);
        }
}

static bool frontend(struct xs_handle *h)
{
    char *v = xs_read(h, XBT_NULL, FE "/state", NULL);

    free(v);
    return v != NULL;
}

/* The backend driver: InitWait once the device appears, Closed once the
 * toolstack says Closing (blkback's probe and remove). */
static void *driver(void *arg)
{
    struct xs_handle *h = xs_open(0);
    char *s;

    while ( h && !driver_stop )
    {
        s = driver_on ? xs_read(h, XBT_NULL, BE "/state", NULL) : NULL;
        if ( s && !strcmp(s, "1") )
            xs_write(h, XBT_NULL, BE "/state", "2", 1);
        /* A busy guest keeps it until its frontend is gone (forced). */
        if ( s && !strcmp(s, "5") && (!guest_busy || !frontend(h)) )
            xs_write(h, XBT_NULL, BE "/state", "6", 1);
        free(s);
        usleep(5000);
    }
    xs_close(h);
    return arg;
}

static void setup(void)
{
    static pthread_t t;
    char path[64];
    FILE *f;

    if ( xs || !(xs = xs_temp_start()) || !mkdtemp(script_dir) )
        return;
    /* A block script that records its calls and always connects. */
    snprintf(path, sizeof(path), "%s/block", script_dir);
    f = fopen(path, "w");
    fprintf(f, "#!/bin/sh\necho \"$1 $XENBUS_PATH $XENBUS_TYPE "
            "$XENBUS_BASE_PATH $script\" >> %s/calls\n[ \"$1\" = add ] && "
            "xenstore-write \"$XENBUS_PATH/hotplug-status\" connected\n"
            "exit 0\n", script_dir);
    fclose(f);
    chmod(path, 0755);
    setenv("PATH", XENSTORE_BIN_DIR ":/usr/bin:/bin", 1);
    pthread_create(&t, NULL, driver, NULL);
}

static void one_disk(struct domain_config *cfg, const char *backend,
                     const char *target)
{
    domcfg_init(cfg);
    cfg->disks = calloc(1, sizeof(*cfg->disks));
    cfg->nr_disks = 1;
    cfg->disks[0].backend = strdup(backend);
    cfg->disks[0].target = strdup(target);
    cfg->disks[0].vdev = strdup("xvda");
    strcpy(cfg->disks[0].mode, "w");
}




static void check_nodes(void)
{
    EXPECT(perms_are(BE, "n0 r7") && perms_are(FE, "n7 r0"));
    EXPECT(value_is(BE "/frontend", FE) && value_is(BE "/frontend-id", "7"));
    EXPECT(value_is(BE "/online", "1") && value_is(BE "/state", "2"));
    EXPECT(value_is(BE "/params", "/srv/demo.img"));
    EXPECT(value_is(BE "/type", "file") && value_is(BE "/mode", "w"));
    EXPECT(value_is(BE "/dev", "xvda") && value_is(BE "/removable", "0"));
    EXPECT(value_is(BE "/bootable", "1"));
    EXPECT(value_is(BE "/device-type", "disk"));
    EXPECT(value_is(BE "/hotplug-status", "connected"));
    EXPECT(value_is(FE "/backend", BE) && value_is(FE "/backend-id", "0"));
    EXPECT(value_is(FE "/state", "1"));
    EXPECT(value_is(FE "/virtual-device", "51712"));
    EXPECT(value_is(FE "/device-type", "disk") &&
           value_is(FE "/trusted", "1"));
}


/* A test's start: xenstored, scripts from dir, the stand-in driver on or
 * off, one disk xvda (mode w) of backend:target.  false: cannot run. */
static bool begin(struct domain_config *cfg, const char *dir, bool drv,
                  const char *backend, const char *target)
{
    setup();
    if ( !xs )
        return false;
    setenv("XEN_SCRIPT_DIR", dir, 1);
    driver_on = drv;
    one_disk(cfg, backend, target);
    return true;
}

TEST(a_disk_gets_libxl_s_nodes_and_leaves_nothing)
{
    struct domain_config cfg;
    struct xr_value *list = NULL;
    char *why = NULL, want[512];

    if ( !begin(&cfg, script_dir, true, "file", "/srv/demo.img") )
        return;
    EXPECT_EQ(xend_vbd_add_all(xs, 7, &cfg, &why), 0);
    EXPECT(!why);
    check_nodes();
    EXPECT_EQ(xend_devices_list(xs, 7, "vbd", &list), 0);
    EXPECT(list && list->u.array.n == 1 &&
           list->u.array.items[0]->u.array.items[0]->u.i == 51712);
    xr_free(list);
    EXPECT_EQ(xend_devices_remove_all(xs, 7), 0);
    EXPECT(node_gone(BE) && node_gone(FE) &&
           node_gone("/local/domain/0/backend/vbd/7"));
    snprintf(want, sizeof(want), "add %s vbd backend %s/block\n"
             "remove %s vbd backend %s/block\n", BE, script_dir, BE,
             script_dir);
    EXPECT(script_calls_are(script_dir, want));
    domcfg_dispose(&cfg);
}

TEST(the_block_script_s_refusal_is_one_line_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL;

    if ( !begin(&cfg, HOTPLUG_DIR, true, "phy", "/dev/null") )
        return;
    EXPECT(xend_vbd_add_all(xs, 7, &cfg, &why) < 0);
    EXPECT(why && !strcmp(why, "disk 'phy:/dev/null,xvda,w': /dev/null: "
                          "not a block device"));
    if ( why && strcmp(why, "disk 'phy:/dev/null,xvda,w': /dev/null: "
                       "not a block device") )
        printf("    why: %s\n", why);
    EXPECT(node_gone(BE) && node_gone(FE));
    free(why);
    domcfg_dispose(&cfg);
}

TEST(detach_waits_for_the_guest_and_refuses_a_busy_device_unless_forced)
{
    struct domain_config cfg;
    char *why = NULL;

    if ( !begin(&cfg, script_dir, true, "file", "/srv/demo.img") )
        return;
    EXPECT_EQ(xend_vbd_add(xs, 7, &cfg.disks[0], &why), 0);
    EXPECT(xend_vbd_add(xs, 7, &cfg.disks[0], &why) == -EEXIST);
    EXPECT(why && strstr(why, "already has vbd 51712"));
    free(why);
    EXPECT_EQ(xend_device_detach(xs, "vbd", 7, 51712, false, &why), 0);
    EXPECT(node_gone(BE) && node_gone(FE));
    EXPECT(xend_device_detach(xs, "vbd", 7, 51712, false, &why) == -ENODEV);
    free(why);
    EXPECT_EQ(xend_vbd_add(xs, 7, &cfg.disks[0], &why), 0);
    guest_busy = true;
    EXPECT(xend_device_detach(xs, "vbd", 7, 51712, false, &why) == -EBUSY);
    EXPECT(why && strstr(why, "vbd 51712 is in use in the guest") &&
           strstr(why, "-f forces it"));
    EXPECT(!node_gone(BE) && value_is(BE "/online", "0"));
    free(why);
    EXPECT_EQ(xend_device_detach(xs, "vbd", 7, 51712, true, &why), 0);
    EXPECT(node_gone(BE) && node_gone(FE) &&
           node_gone("/local/domain/0/backend/vbd/7"));
    guest_busy = false;
    domcfg_dispose(&cfg);
}

TEST(a_missing_backend_driver_is_bounded_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL;

    if ( !begin(&cfg, script_dir, false, "file", "/srv/demo.img") )
        return;
    EXPECT(xend_vbd_add_all(xs, 7, &cfg, &why) == -ETIMEDOUT);
    EXPECT(why && strstr(why, "no vbd backend driver took it within 2 s"));
    EXPECT(node_gone(BE) && node_gone(FE));
    free(why);
    domcfg_dispose(&cfg);
    driver_stop = true;
}

#define QBE "/local/domain/0/backend/qdisk/7/51712"

/* A stand-in xen-blkd: records its argument, refuses params naming a
 * "bad" image as the real one would, else InitWait and connected, then
 * Closed once told Closing (10 s at most). */
static const char blkd_script[] =
    "#!/bin/sh\n"
    "echo \"$1\" >> %s/calls\n"
    "case \"$(xenstore-read \"$1/params\")\" in *bad*)\n"
    "    xenstore-write \"$1/hotplug-error\" \"/srv/bad.qcow2: not a qcow2 "
    "image (bad magic)\" \"$1/hotplug-status\" error; exit 1 ;;\nesac\n"
    "xenstore-write \"$1/state\" 2 \"$1/hotplug-status\" connected\n"
    "n=0\n"
    "while [ \"$(xenstore-read \"$1/state\")\" != 5 ] && [ $n -lt 200 ]; do\n"
    "    sleep 0.05; n=$((n + 1))\ndone\n"
    "xenstore-write \"$1/state\" 6\n";

/* XEN_DAEMON_DIR with the stand-in (once). */
static const char *daemon_dir(void)
{
    static char dir[] = "/tmp/xend-daemons-XXXXXX";
    static bool made;
    char path[64];
    FILE *f;

    if ( !made && mkdtemp(dir) )
    {
        made = true;
        snprintf(path, sizeof(path), "%s/xen-blkd", dir);
        f = fopen(path, "w");
        fprintf(f, blkd_script, dir);
        fclose(f);
        chmod(path, 0755);
    }
    return dir;
}

TEST(a_tap_disk_is_a_qdisk_served_by_xen_blkd_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL, want[256];

    if ( !begin(&cfg, script_dir, false, "tap:qcow2", "/srv/x.qcow2") )
        return;
    setenv("XEN_DAEMON_DIR", daemon_dir(), 1);
    EXPECT_EQ(xend_vbd_add_all(xs, 7, &cfg, &why), 0);
    EXPECT(perms_are(QBE, "n0 r7") && node_gone(BE));
    EXPECT(value_is(QBE "/params", "qcow2:/srv/x.qcow2") &&
           value_is(QBE "/type", "qdisk") && node_gone(QBE "/script"));
    EXPECT(value_is(QBE "/hotplug-status", "connected") &&
           value_is(QBE "/state", "2") && value_is(FE "/backend", QBE));
    EXPECT(xend_vbd_add(xs, 7, &cfg.disks[0], &why) == -EEXIST);
    EXPECT(why && strstr(why, "already has vbd 51712"));
    free(why);
    /* Detached by its frontend's name: the daemon closes, nodes go. */
    EXPECT_EQ(xend_device_detach(xs, "vbd", 7, 51712, false, &why), 0);
    EXPECT(node_gone(QBE) && node_gone(FE) &&
           node_gone("/local/domain/0/backend/qdisk/7"));
    EXPECT_EQ(xend_vbd_add_all(xs, 7, &cfg, &why), 0);
    EXPECT_EQ(xend_devices_remove_all(xs, 7), 0);
    EXPECT(node_gone(QBE) && node_gone(FE));
    snprintf(want, sizeof(want), "%s\n%s\n", QBE, QBE);
    EXPECT(script_calls_are(daemon_dir(), want));
    domcfg_dispose(&cfg);
}

TEST(a_refusing_or_missing_xen_blkd_is_one_line_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL;

    if ( !begin(&cfg, script_dir, false, "tap:qcow2", "/srv/bad.qcow2") )
        return;
    setenv("XEN_DAEMON_DIR", daemon_dir(), 1);
    EXPECT(xend_vbd_add_all(xs, 7, &cfg, &why) < 0);
    EXPECT(why && !strcmp(why, "disk 'tap:qcow2:/srv/bad.qcow2,xvda,w': "
                          "/srv/bad.qcow2: not a qcow2 image (bad magic)"));
    EXPECT(node_gone(QBE) && node_gone(FE));
    free(why);
    setenv("XEN_DAEMON_DIR", "/nonexistent", 1);
    EXPECT(xend_vbd_add_all(xs, 7, &cfg, &why) < 0);
    EXPECT(why && strstr(why, "cannot run /nonexistent/xen-blkd: No such "
                         "file or directory"));
    EXPECT(node_gone(QBE) && node_gone(FE));
    free(why);
    domcfg_dispose(&cfg);
}
