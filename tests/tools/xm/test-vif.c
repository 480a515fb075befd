/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's vifs (xend-vif.c through xend-devices.c) against the real
 * xenstored on a temporary socket, with a thread playing xen-netback
 * (InitWait on probe, Closed once told Closing): a vif's nodes as libxl
 * writes them and their permissions; the hotplug script called with
 * libxl's online/offline and $vif; MACs chosen in 00:16:3e and a given
 * one kept; bad entries refused before anything is made; the real
 * vif-bridge script's refusal (no such bridge) unwinding to nothing.
 */
#include <errno.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenstore.h>

#include "harness.h"
#include "xend.h"
#include "xend-devices.h"
#include "xend-vif.h"
#include "xs-temp.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

#define BE "/local/domain/0/backend/vif/7/0"
#define FE "/local/domain/7/device/vif/0"
#define BE1 "/local/domain/0/backend/vif/7/1"

static struct xs_handle *xs;
static char script_dir[] = "/tmp/xend-vif-scripts-XXXXXX";
static volatile bool driver_stop;

/* netback's part for devices 0 and 1: InitWait once the device
 * appears, Closed on Closing. */
static void *driver(void *arg)
{
    static const char *const be[] = { BE "/state", BE1 "/state" };
    struct xs_handle *h = xs_open(0);
    unsigned int i;
    char *s;

    while ( h && !driver_stop )
    {
        for ( i = 0; i < 2; i++ )
        {
            s = xs_read(h, XBT_NULL, be[i], NULL);
            if ( s && !strcmp(s, "1") )
                xs_write(h, XBT_NULL, be[i], "2", 1);
            if ( s && !strcmp(s, "5") )
                xs_write(h, XBT_NULL, be[i], "6", 1);
            free(s);
        }
        usleep(5000);
    }
    xs_close(h);
    return arg;
}

static bool setup(void)
{
    static pthread_t t;
    char path[80];
    FILE *f;

    if ( xs )
        return true;
    if ( !(xs = xs_temp_start()) || !mkdtemp(script_dir) )
        return false;
    /* A vif script that records its calls and always connects. */
    snprintf(path, sizeof(path), "%s/vif-bridge", script_dir);
    f = fopen(path, "w");
    fprintf(f, "#!/bin/sh\necho \"$1 $XENBUS_PATH $XENBUS_TYPE $vif\" >> "
            "%s/calls\n[ \"$1\" = online ] && xenstore-write "
            "\"$XENBUS_PATH/hotplug-status\" connected\nexit 0\n",
            script_dir);
    fclose(f);
    chmod(path, 0755);
    setenv("PATH", XENSTORE_BIN_DIR ":/usr/bin:/bin", 1);
    pthread_create(&t, NULL, driver, NULL);
    return true;
}

static void one_vif(struct domain_config *cfg, const char *mac,
                    const char *bridge)
{
    domcfg_init(cfg);
    cfg->vifs = calloc(1, sizeof(*cfg->vifs));
    cfg->nr_vifs = 1;
    cfg->vifs[0].val[VIF_MAC] = mac ? strdup(mac) : NULL;
    cfg->vifs[0].val[VIF_BRIDGE] = bridge ? strdup(bridge) : NULL;
}



static void check_nodes(void)
{
    EXPECT(perms_are(BE, "n0 r7") && perms_are(FE, "n7 r0"));
    EXPECT(value_is(BE "/frontend", FE) && value_is(BE "/frontend-id", "7"));
    EXPECT(value_is(BE "/online", "1") && value_is(BE "/state", "2"));
    EXPECT(value_is(BE "/mac", "00:16:3e:01:02:03"));
    EXPECT(value_is(BE "/bridge", "xenbr0") && value_is(BE "/handle", "0"));
    EXPECT(value_is(BE "/type", "vif"));
    EXPECT(value_is(BE "/hotplug-status", "connected"));
    EXPECT(value_is(FE "/backend", BE) && value_is(FE "/backend-id", "0"));
    EXPECT(value_is(FE "/state", "1") && value_is(FE "/handle", "0"));
    EXPECT(value_is(FE "/mac", "00:16:3e:01:02:03"));
    EXPECT(value_is(FE "/trusted", "1"));
    EXPECT(value_is(FE "/mtu", "1500") && perms_are(FE "/mtu", "n0 r7"));
}

TEST(a_vif_gets_libxl_s_nodes_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL, want[512];

    if ( !setup() )
        return;
    setenv("XEN_SCRIPT_DIR", script_dir, 1);
    one_vif(&cfg, "00:16:3e:01:02:03", NULL);
    EXPECT_EQ(xend_vif_add_all(xs, 7, &cfg, &why), 0);
    EXPECT(!why);
    check_nodes();
    EXPECT_EQ(xend_devices_remove_all(xs, 7), 0);
    EXPECT(node_gone(BE) && node_gone(FE) &&
           node_gone("/local/domain/0/backend/vif/7"));
    snprintf(want, sizeof(want), "online %s vif vif7.0\noffline %s vif "
             "vif7.0\n", BE, BE);
    EXPECT(script_calls_are(script_dir, want));
    domcfg_dispose(&cfg);
}

TEST(an_attached_vif_is_the_next_device_and_detaches)
{
    struct domain_config cfg;
    char *why = NULL;

    if ( !setup() )
        return;
    setenv("XEN_SCRIPT_DIR", script_dir, 1);
    one_vif(&cfg, "00:16:3e:01:02:03", NULL);
    EXPECT_EQ(xend_vif_attach(xs, 7, &cfg.vifs[0], &why), 0);
    EXPECT(value_is(FE "/handle", "0"));
    EXPECT_EQ(xend_vif_attach(xs, 7, &cfg.vifs[0], &why), 0);
    EXPECT(value_is(BE1 "/handle", "1") && value_is(BE1 "/state", "2"));
    EXPECT_EQ(xend_device_detach(xs, "vif", 7, 1, false, &why), 0);
    EXPECT(node_gone(BE1) && !node_gone(BE));
    EXPECT_EQ(xend_devices_remove_all(xs, 7), 0);
    EXPECT(node_gone(BE) && node_gone("/local/domain/0/backend/vif/7"));
    free(why);
    domcfg_dispose(&cfg);
}

TEST(macs_are_chosen_in_xen_s_range_and_a_given_one_is_kept)
{
    struct domain_config cfg;
    regex_t re;

    one_vif(&cfg, NULL, NULL);
    cfg.vifs = realloc(cfg.vifs, 2 * sizeof(*cfg.vifs));
    memset(&cfg.vifs[1], 0, sizeof(cfg.vifs[1]));
    cfg.vifs[1].val[VIF_MAC] = strdup("00:16:3e:0a:0b:0c");
    cfg.nr_vifs = 2;
    xend_vif_fill_macs(&cfg);
    regcomp(&re, "^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$",
            REG_EXTENDED | REG_NOSUB);
    EXPECT(cfg.vifs[0].val[VIF_MAC] &&
           !regexec(&re, cfg.vifs[0].val[VIF_MAC], 0, NULL, 0));
    EXPECT(!strcmp(cfg.vifs[1].val[VIF_MAC], "00:16:3e:0a:0b:0c"));
    regfree(&re);
    domcfg_dispose(&cfg);
}

TEST(bad_vif_entries_are_refused_in_one_line)
{
    static const struct { int key; const char *val, *why; } t[] = {
        { VIF_MAC, "00:16:3e:1:2:3", "vif 0: mac '00:16:3e:1:2:3' must be "
          "six hex pairs (00:16:3e:01:02:03)" },
        { VIF_SCRIPT, "../evil", "vif 0: script '../evil' must be the name "
          "of a script in /etc/xen/scripts" },
        { VIF_BACKEND, "3", "vif 0: backend '3': only dom0 serves vifs" },
    };
    struct domcfg_vif v;
    char why[256];
    size_t i;

    for ( i = 0; i < sizeof(t) / sizeof(t[0]); i++ )
    {
        memset(&v, 0, sizeof(v));
        v.val[t[i].key] = (char *)t[i].val;
        why[0] = '\0';
        EXPECT(xend_vif_check(&v, 0, why, sizeof(why)) == -1);
        if ( strcmp(why, t[i].why) )
            printf("    why: %s\n", why);
        EXPECT(!strcmp(why, t[i].why));
    }
    memset(&v, 0, sizeof(v));
    v.val[VIF_MAC] = "00:16:3e:01:02:03";
    EXPECT_EQ(xend_vif_check(&v, 0, why, sizeof(why)), 0);
}

TEST(the_vif_bridge_script_s_refusal_is_one_line_and_leaves_nothing)
{
    struct domain_config cfg;
    char *why = NULL;
    const char *want = "vif 0: bridge xmhvnobr9 does not exist (dom0's "
                       "network: docs/dom0.md)";

    if ( !setup() )
        return;
    setenv("XEN_SCRIPT_DIR", HOTPLUG_DIR, 1);
    one_vif(&cfg, "00:16:3e:01:02:03", "xmhvnobr9");
    EXPECT(xend_vif_add_all(xs, 7, &cfg, &why) < 0);
    if ( why && strcmp(why, want) )
        printf("    why: %s\n", why);
    EXPECT(why && !strcmp(why, want));
    EXPECT(node_gone(BE) && node_gone(FE));
    free(why);
    domcfg_dispose(&cfg);
    driver_stop = true;
}
