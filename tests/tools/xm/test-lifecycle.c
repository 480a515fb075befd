/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xend does with a domain that shut down: every shutdown reason
 * against every on_* action (xend_lifecycle_decide() is a pure function).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/sched.h>

#include "harness.h"
#include "xend.h"
#include "xend-lifecycle.h"
#include "xend-records.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

static const enum domcfg_action actions[] = {
    DOMCFG_DESTROY, DOMCFG_RESTART, DOMCFG_PRESERVE, DOMCFG_RENAME_RESTART,
    DOMCFG_COREDUMP_DESTROY, DOMCFG_COREDUMP_RESTART,
};
#define NR_ACTIONS (sizeof(actions) / sizeof(actions[0]))

/* A config whose on_* settings are all other, so the right one shows. */
static void config(struct domain_config *cfg, const char *key,
                   enum domcfg_action a)
{
    enum domcfg_action other = a == DOMCFG_PRESERVE ? DOMCFG_RESTART
                                                    : DOMCFG_PRESERVE;

    memset(cfg, 0, sizeof(*cfg));
    cfg->on_poweroff = cfg->on_reboot = cfg->on_crash = other;
    if ( !strcmp(key, "on_poweroff") )
        cfg->on_poweroff = a;
    else if ( !strcmp(key, "on_reboot") )
        cfg->on_reboot = a;
    else
        cfg->on_crash = a;
}

static bool restarts(enum domcfg_action a)
{
    return a == DOMCFG_RESTART || a == DOMCFG_RENAME_RESTART ||
           a == DOMCFG_COREDUMP_RESTART;
}

/* reason -> the setting it reads: Xen 3's and libxl's mapping. */
static void check_reason(unsigned int reason, const char *key)
{
    struct domain_config cfg;
    struct xend_decision d;
    size_t i;

    for ( i = 0; i < NR_ACTIONS; i++ )
    {
        config(&cfg, key, actions[i]);
        d = xend_lifecycle_decide(&cfg, reason);
        EXPECT(!strcmp(d.why, key));
        EXPECT_EQ(d.destroy, actions[i] != DOMCFG_PRESERVE);
        EXPECT_EQ(d.restart, restarts(actions[i]));
        EXPECT_EQ(!!d.note, actions[i] >= DOMCFG_RENAME_RESTART ||
                  reason == SHUTDOWN_soft_reset);
    }
}

TEST(poweroff_reads_on_poweroff)
{
    check_reason(SHUTDOWN_poweroff, "on_poweroff");
}

TEST(reboot_reads_on_reboot)
{
    check_reason(SHUTDOWN_reboot, "on_reboot");
}

TEST(crash_reads_on_crash)
{
    check_reason(SHUTDOWN_crash, "on_crash");
}

TEST(soft_reset_is_a_reboot_and_says_so)
{
    check_reason(SHUTDOWN_soft_reset, "on_reboot");
}

TEST(an_unknown_reason_is_a_crash)
{
    check_reason(77, "on_crash");
}

/* Configs have no on_watchdog: libxl's default, destroy, whatever else. */
TEST(watchdog_destroys)
{
    struct domain_config cfg;
    struct xend_decision d;
    size_t i;

    for ( i = 0; i < NR_ACTIONS; i++ )
    {
        config(&cfg, "on_crash", actions[i]);
        cfg.on_poweroff = cfg.on_reboot = actions[i];
        d = xend_lifecycle_decide(&cfg, SHUTDOWN_watchdog);
        EXPECT(d.destroy && !d.restart && !d.note);
        EXPECT(!strcmp(d.why, "on_watchdog"));
    }
}

/* A suspended domain is left alone: a save or migration holds it. */
TEST(suspend_leaves_the_domain)
{
    struct domain_config cfg;
    struct xend_decision d;
    size_t i;

    for ( i = 0; i < NR_ACTIONS; i++ )
    {
        config(&cfg, "on_poweroff", actions[i]);
        cfg.on_reboot = cfg.on_crash = actions[i];
        d = xend_lifecycle_decide(&cfg, SHUTDOWN_suspend);
        EXPECT(!d.destroy && !d.restart && d.note);
    }
}

/*
 * xend_lifecycle_check() over a stand-in backend: five domains xend has
 * records of, in each state it must handle, and what it did to each.
 */
static struct xend_dominfo doms[8];
static unsigned int nr_doms;
static char actions_log[512];

static int f_list(struct xend_dominfo **out, unsigned int *nr)
{
    *out = malloc(sizeof(doms));
    memcpy(*out, doms, sizeof(doms));
    *nr = nr_doms;
    return 0;
}

static int f_destroy(uint32_t domid)
{
    unsigned int i;

    for ( i = 0; i < nr_doms && doms[i].domid != domid; i++ )
        ;
    if ( i == nr_doms )
        return -ESRCH;
    doms[i] = doms[--nr_doms];
    snprintf(actions_log + strlen(actions_log),
             sizeof(actions_log) - strlen(actions_log), "destroy %u;", domid);
    return 0;
}

static unsigned int created_disks, created_vifs;
static char created_mac[32];

static int f_create(const struct domain_config *cfg, uint32_t *domid)
{
    static uint32_t next = 9;
    struct xend_dominfo *d = &doms[nr_doms++];

    created_disks = cfg->nr_disks;
    created_vifs = cfg->nr_vifs;
    snprintf(created_mac, sizeof(created_mac), "%s",
             cfg->nr_vifs ? cfg->vifs[0].val[VIF_MAC] : "");
    memset(d, 0, sizeof(*d));
    d->domid = *domid = next++;
    memcpy(d->uuid, cfg->uuid, sizeof(d->uuid));
    d->flags = XEND_DOMF_RUNNING;
    snprintf(actions_log + strlen(actions_log),
             sizeof(actions_log) - strlen(actions_log), "create %s;",
             cfg->name);
    return 0;
}

static const struct xend_hv_ops fake = {
    .name = "fake", .list = f_list, .destroy = f_destroy, .create = f_create,
};

static void add(uint32_t domid, const char *uuid, const char *name,
                const char *key, const char *action, unsigned int flags,
                unsigned int reason, bool exists)
{
    struct xend_record r = { .domid = domid };
    struct xend_dominfo *d;

    snprintf(r.uuid, sizeof(r.uuid), "%s", uuid);
    r.config = xr_struct();
    xr_struct_set(r.config, "name", xr_string(name));
    xr_struct_set(r.config, "uuid", xr_string(uuid));
    xr_struct_set(r.config, "kernel", xr_string("/boot/vmlinuz"));
    xr_struct_set(r.config, key, xr_string(action));
    EXPECT_EQ(xend_record_save(xend_settings.state_dir, &r), 0);
    xend_methods_add_record(&r);
    xr_free(r.config);
    if ( !exists )
        return;
    d = &doms[nr_doms++];
    d->domid = domid;
    uuid_parse(uuid, d->uuid);
    d->flags = flags;
    d->shutdown_reason = reason;
}

static bool on_disk(const char *uuid)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/domains/%s.json",
             xend_settings.state_dir, uuid);
    return access(path, F_OK) == 0;
}

#define U(n) "1111111" #n "-2222-4333-8444-555555555555"

TEST(check_acts_on_each_domain_once)
{
    static char dir[] = "/tmp/xend-lc-XXXXXX";
    struct xend_record *r;
    unsigned int nr;
    uuid_t u;
    char cmd[64];

    EXPECT(mkdtemp(dir) != NULL);
    xend_settings.state_dir = dir;
    xend_hv = xend_hv_complete(&fake);
    add(3, U(3), "rebooter", "on_reboot", "restart", XEND_DOMF_SHUTDOWN,
        SHUTDOWN_reboot, true);
    add(4, U(4), "crasher", "on_crash", "preserve",
        XEND_DOMF_SHUTDOWN | XEND_DOMF_CRASHED, SHUTDOWN_crash, true);
    add(5, U(5), "stopper", "on_poweroff", "destroy", XEND_DOMF_SHUTDOWN,
        SHUTDOWN_poweroff, true);
    add(6, U(6), "vanished", "on_poweroff", "destroy", 0, 0, false);
    add(7, U(7), "runner", "on_poweroff", "destroy", XEND_DOMF_RUNNING, 0,
        true);
    add(8, U(8), "dying", "on_poweroff", "destroy",
        XEND_DOMF_SHUTDOWN | XEND_DOMF_DYING, SHUTDOWN_poweroff, true);
    xend_lifecycle_check();
    EXPECT(!strcmp(actions_log, "destroy 3;create rebooter;destroy 5;"));
    /* Restarted: same record, new id, saved. */
    uuid_parse(U(3), u);
    r = xend_table_find(u);
    EXPECT(r && r->domid == 9 && on_disk(U(3)));
    /* Preserved, running and dying ones keep their records. */
    EXPECT(on_disk(U(4)) && on_disk(U(7)) && on_disk(U(8)));
    /* Destroyed and vanished ones lose theirs. */
    EXPECT(!on_disk(U(5)) && !on_disk(U(6)));
    xend_table_all(&nr);
    EXPECT_EQ(nr, 4);
    /* Nothing is done twice (the preserved one stays as it is). */
    actions_log[0] = '\0';
    xend_lifecycle_check();
    EXPECT(!strcmp(actions_log, ""));
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    EXPECT_EQ(system(cmd), 0);
}

static bool vdev_is(const struct xr_value *e, const void *arg)
{
    const struct xr_value *v = xr_struct_get(e, "vdev");

    return v && !strcmp(v->u.s, arg);
}

static struct xr_value *disk_entry(const char *target, const char *vdev)
{
    struct xr_value *d = xr_struct();

    xr_struct_set(d, "backend", xr_string("file"));
    xr_struct_set(d, "target", xr_string(target));
    xr_struct_set(d, "vdev", xr_string(vdev));
    xr_struct_set(d, "mode", xr_string("w"));
    return d;
}

/* The record's list key as saved on disk: its length, or -1. */
static int saved_len(const char *uuid, const char *key)
{
    struct xend_record r;
    const struct xr_value *l;
    char path[256], err[128];
    int n;

    snprintf(path, sizeof(path), "%s/domains/%s.json",
             xend_settings.state_dir, uuid);
    if ( xend_record_load(path, &r, err, sizeof(err)) )
        return -2;
    l = xr_struct_get(r.config, key);
    n = l ? (int)l->u.array.n : -1;
    xend_record_dispose(&r);
    return n;
}

/*
 * Devices attached while a domain runs go in its record, on disk first,
 * so an on_reboot restart has them; a detached one leaves it (an empty
 * list leaves the canonical config).  A domain without a record is no
 * error.
 */
TEST(hotplugged_devices_are_kept_across_a_restart)
{
    static char dir[] = "/tmp/xend-hp-XXXXXX";
    struct xr_value *vif = xr_struct();
    char cmd[64];

    EXPECT(mkdtemp(dir) != NULL);
    xend_settings.state_dir = dir;
    xend_hv = xend_hv_complete(&fake);
    add(21, U(1), "hotplugged", "on_reboot", "restart", XEND_DOMF_RUNNING,
        0, true);
    EXPECT_EQ(xend_table_device_add(21, "disk", disk_entry("/a.img",
                                                           "xvdb")), 0);
    EXPECT_EQ(xend_table_device_add(21, "disk", disk_entry("/b.img",
                                                           "xvdc")), 0);
    xr_struct_set(vif, "mac", xr_string("00:16:3e:0a:0b:0c"));
    EXPECT_EQ(xend_table_device_add(21, "vif", vif), 0);
    EXPECT_EQ(saved_len(U(1), "disk"), 2);
    EXPECT_EQ(xend_table_device_drop(21, "disk", vdev_is, "xvdb"), 0);
    EXPECT_EQ(xend_table_device_drop(21, "disk", vdev_is, "xvdq"), 0);
    EXPECT_EQ(saved_len(U(1), "disk"), 1);
    EXPECT_EQ(saved_len(U(1), "vif"), 1);
    EXPECT_EQ(xend_table_device_add(77, "disk", disk_entry("/c", "xvdd")),
              0);
    doms[nr_doms - 1].flags = XEND_DOMF_SHUTDOWN;
    doms[nr_doms - 1].shutdown_reason = SHUTDOWN_reboot;
    actions_log[0] = '\0';
    xend_lifecycle_check();
    EXPECT(!strcmp(actions_log, "destroy 21;create hotplugged;"));
    EXPECT(created_disks == 1 && created_vifs == 1 &&
           !strcmp(created_mac, "00:16:3e:0a:0b:0c"));
    EXPECT_EQ(xend_table_device_drop(10, "disk", vdev_is, "xvdc"), 0);
    EXPECT_EQ(saved_len(U(1), "disk"), -1);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    EXPECT_EQ(system(cmd), 0);
}
