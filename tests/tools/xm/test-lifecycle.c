/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xend does with a domain that shut down: every shutdown reason
 * against every on_* action (xend_lifecycle_decide() is a pure function).
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

#include "harness.h"
#include "xend.h"
#include "xend-lifecycle.h"

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

/* A suspended domain is left alone: xend cannot save it. */
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
