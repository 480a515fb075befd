/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains that shut down: xend's @releaseDomain watch (in the server loop)
 * wakes xend_lifecycle_check(), which looks at every domain xend has a
 * record of and carries out on_poweroff / on_reboot / on_crash for those
 * that shut down: destroy and clean up (the domain, /local/domain/<id>,
 * /vm/<uuid>, the record), restart (the same config, name and uuid, a new
 * id) or preserve (left shut down, listed, until `xm destroy`).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>

#include "xend.h"
#include "xend-lifecycle.h"
#include "xend-records.h"

static enum domcfg_action action_for(const struct domain_config *cfg,
                                     unsigned int reason, const char **key,
                                     const char **note)
{
    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        return *key = "on_poweroff", cfg->on_poweroff;
    case SHUTDOWN_reboot:
        return *key = "on_reboot", cfg->on_reboot;
    case SHUTDOWN_soft_reset:
        *note = "a soft reset is handled as a reboot";
        return *key = "on_reboot", cfg->on_reboot;
    case SHUTDOWN_watchdog:
        /* libxl's default on_watchdog; configs have no such setting. */
        return *key = "on_watchdog", DOMCFG_DESTROY;
    default:
        return *key = "on_crash", cfg->on_crash;
    }
}

struct xend_decision xend_lifecycle_decide(const struct domain_config *cfg,
                                           unsigned int reason)
{
    struct xend_decision d = { .note = NULL };
    const char *key;
    enum domcfg_action a;

    if ( reason == SHUTDOWN_suspend )
    {
        d.note = "suspended: left as it is (a save or migration holds it)";
        d.why = "suspend";
        return d;
    }
    a = action_for(cfg, reason, &key, &d.note);
    d.destroy = a != DOMCFG_PRESERVE;
    d.restart = a == DOMCFG_RESTART || a == DOMCFG_RENAME_RESTART ||
                a == DOMCFG_COREDUMP_RESTART;
    if ( a == DOMCFG_RENAME_RESTART )
        d.note = "rename-restart: the old domain is not kept (not "
                 "implemented), it is restarted";
    if ( a == DOMCFG_COREDUMP_DESTROY || a == DOMCFG_COREDUMP_RESTART )
        d.note = "no core dump is written (not implemented)";
    d.why = key;
    return d;
}

static const char *const reason_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static const char *reason_name(unsigned int r)
{
    return r < sizeof(reason_names) / sizeof(reason_names[0])
           ? reason_names[r] : "unknown reason";
}

/* Preserved (or suspended) domains: acted on once, then left alone. */
static char (*kept)[37];
static unsigned int nr_kept;

static bool is_kept(const char *uuid)
{
    unsigned int i;

    for ( i = 0; i < nr_kept; i++ )
        if ( !strcmp(kept[i], uuid) )
            return true;
    return false;
}

static void keep(const char *uuid)
{
    kept = xr_xrealloc(kept, (nr_kept + 1) * sizeof(*kept));
    strcpy(kept[nr_kept++], uuid);
}

static void restart(struct xend_record *r, const struct domain_config *cfg)
{
    uint32_t domid;
    const char *why;
    uuid_t u;
    int rc = xend_hv->create(cfg, &domid);

    if ( !rc && !(rc = xend_table_restarted(r, domid)) )
    {
        XLOG_INFO("domain %s restarted: id %u", cfg->name, domid);
        return;
    }
    why = xend_hv->why();
    XLOG_ERR("domain %s could not be restarted: %s", cfg->name,
             why && *why ? why : strerror(-rc));
    if ( !rc )
        xend_hv->destroy(domid);
    uuid_parse(r->uuid, u);
    xend_table_forget(u);
}

static void act(struct xend_record *r, const struct xend_dominfo *d,
                const struct domain_config *cfg)
{
    struct xend_decision dec = xend_lifecycle_decide(cfg, d->shutdown_reason);
    int rc;

    XLOG_INFO("domain %s (id %u) shut down (%s): %s=%s", cfg->name, d->domid,
              reason_name(d->shutdown_reason), dec.why,
              !dec.destroy ? "preserve" : dec.restart ? "restart"
                                                      : "destroy");
    if ( dec.note )
        XLOG_WARN("domain %s: %s", cfg->name, dec.note);
    if ( !dec.destroy )
        return keep(r->uuid);
    rc = xend_hv->destroy(d->domid);
    if ( rc )
        XLOG_ERR("domain %s (id %u): destroy failed: %s", cfg->name,
                 d->domid, strerror(-rc));
    else
        XLOG_INFO("domain %s (id %u) destroyed and cleaned up", cfg->name,
                  d->domid);
    if ( dec.restart && !rc )
        restart(r, cfg);
    else
        xend_table_forget(d->uuid);
}

/* The record's domain: its id, holding its uuid (ids are reused). */
static const struct xend_dominfo *domain_of(const struct xend_dominfo *doms,
                                           unsigned int nr,
                                           const struct xend_record *r)
{
    unsigned int i;
    uuid_t u;

    if ( uuid_parse(r->uuid, u) )
        return NULL;
    for ( i = 0; i < nr; i++ )
        if ( doms[i].domid == r->domid && !uuid_compare(doms[i].uuid, u) )
            return &doms[i];
    return NULL;
}

/* One record against the hypervisor's list; true if the table changed. */
static bool check_one(struct xend_record *r, const struct xend_dominfo *doms,
                      unsigned int nr)
{
    const struct xend_dominfo *d = domain_of(doms, nr, r);
    struct domain_config cfg;
    struct domcfg_error err;
    uuid_t u;

    if ( !d )
    {
        XLOG_INFO("domain %s (id %u) is gone: its record is dropped",
                  xend_record_name(r), r->domid);
        uuid_parse(r->uuid, u);
        xend_table_forget(u);
        return true;
    }
    if ( (d->flags & XEND_DOMF_DYING) || !(d->flags & XEND_DOMF_SHUTDOWN) ||
         is_kept(r->uuid) )
        return false;
    domcfg_init(&cfg);
    if ( domcfg_parse(r->config, &cfg, &err) )
    {
        XLOG_ERR("domain %u shut down, but its record's config is refused "
                 "(%s: %s): left as it is", d->domid, err.key, err.msg);
        keep(r->uuid);
    }
    else
        act(r, d, &cfg);
    domcfg_dispose(&cfg);
    return true;
}

static int list(struct xend_dominfo **doms, unsigned int *nr)
{
    int rc;

    free(*doms);
    *doms = NULL;
    rc = xend_hv->list(doms, nr);
    if ( rc && rc != -ENOSYS )
        XLOG_ERR("listing domains after a domain event: %s", strerror(-rc));
    return rc;
}

void xend_lifecycle_check(void)
{
    struct xend_dominfo *doms = NULL;
    struct xend_record *records;
    unsigned int nr = 0, nr_rec, i;

    if ( list(&doms, &nr) )
        return;
    /*
     * Acting changes the table and the domains (a restarted one has a
     * new id): after each, list both again and start over.  Each record
     * is acted on once (kept ones are skipped), so this ends.
     */
    records = xend_table_all(&nr_rec);
    for ( i = 0; i < nr_rec; i++ )
    {
        if ( !check_one(&records[i], doms, nr) )
            continue;
        if ( list(&doms, &nr) )
            return;
        records = xend_table_all(&nr_rec);
        i = -1;
    }
    free(doms);
}
