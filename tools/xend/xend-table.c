/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domain records xend holds in memory: loaded at start-up, added at
 * create, updated at restart and rename, dropped at destroy.  Each change
 * goes to disk (xend-records.c) first, so a restarted xend sees what the
 * last one saw.  xend is single-threaded: no lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xend.h"
#include "xend-records.h"

static struct xend_record *records;
static unsigned int nr_records;

void xend_methods_add_record(const struct xend_record *r)
{
    records = xr_xrealloc(records, (nr_records + 1) * sizeof(*records));
    records[nr_records] = *r;
    records[nr_records].config = xr_copy(r->config);
    nr_records++;
}

struct xend_record *xend_table_find(const uuid_t uuid)
{
    char u[37];
    unsigned int i;

    uuid_unparse_lower(uuid, u);
    for ( i = 0; i < nr_records; i++ )
        if ( !strcmp(records[i].uuid, u) )
            return &records[i];
    return NULL;
}

struct xend_record *xend_table_all(unsigned int *nr)
{
    *nr = nr_records;
    return records;
}

const char *xend_table_taken_by(const struct domain_config *cfg,
                                const uuid_t except)
{
    const char *n;
    unsigned int i;
    uuid_t u;

    for ( i = 0; i < nr_records; i++ )
    {
        if ( uuid_parse(records[i].uuid, u) ||
             (except && !uuid_compare(u, except)) )
            continue;
        n = xend_record_name(&records[i]);
        if ( n && !strcmp(n, cfg->name) )
            return "name";
        if ( !uuid_compare(u, cfg->uuid) )
            return "uuid";
    }
    return NULL;
}

double xend_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

int xend_table_remember(const struct domain_config *cfg, uint32_t domid)
{
    struct xend_record r = { .domid = domid, .start_time = xend_now() };
    int rc;

    uuid_unparse_lower(cfg->uuid, r.uuid);
    r.config = domcfg_to_value(cfg);
    rc = xend_record_save(xend_settings.state_dir, &r);
    if ( !rc )
        xend_methods_add_record(&r);
    xr_free(r.config);
    return rc;
}

int xend_table_restarted(struct xend_record *r, uint32_t domid)
{
    struct xend_record n = *r;

    n.domid = domid;
    n.start_time = xend_now();
    *r = n;
    return xend_record_save(xend_settings.state_dir, r);
}

void xend_table_forget(const uuid_t uuid)
{
    struct xend_record *r = xend_table_find(uuid);
    unsigned int i = r - records;
    int rc;

    if ( !r )
        return;
    rc = xend_record_delete(xend_settings.state_dir, r->uuid);
    if ( rc && rc != -ENOENT )
        XLOG_WARN("cannot delete the record of %s: %s", r->uuid,
                  strerror(-rc));
    xr_free(records[i].config);
    memmove(&records[i], &records[i + 1],
            (nr_records - i - 1) * sizeof(*records));
    nr_records--;
}

static struct xend_record *by_domid(uint32_t domid)
{
    unsigned int i;

    for ( i = 0; i < nr_records; i++ )
        if ( records[i].domid == domid )
            return &records[i];
    return NULL;
}

/* r's config replaced by config (taken) once it is on disk. */
static int save_config(struct xend_record *r, struct xr_value *config)
{
    struct xend_record n = *r;
    int rc;

    n.config = config;
    rc = xend_record_save(xend_settings.state_dir, &n);
    if ( rc )
    {
        xr_free(config);
        return rc;
    }
    xr_free(r->config);
    r->config = config;
    return 0;
}

int xend_table_device_add(uint32_t domid, const char *key,
                          struct xr_value *entry)
{
    struct xend_record *r = by_domid(domid);
    struct xr_value *config, *list;

    if ( !r )
    {
        xr_free(entry);
        return 0;
    }
    config = xr_copy(r->config);
    list = (struct xr_value *)xr_struct_get(config, key);
    if ( !list || list->type != XR_ARRAY )
    {
        list = xr_array();
        xr_struct_set(config, key, list);
    }
    xr_array_append(list, entry);
    return save_config(r, config);
}

int xend_table_device_drop(uint32_t domid, const char *key,
                           bool (*match)(const struct xr_value *entry,
                                         const void *arg),
                           const void *arg)
{
    struct xend_record *r = by_domid(domid);
    const struct xr_value *list = r ? xr_struct_get(r->config, key) : NULL;
    struct xr_value *config, *kept;
    bool dropped = false;
    size_t i;

    if ( !list || list->type != XR_ARRAY )
        return 0;
    kept = xr_array();
    for ( i = 0; i < list->u.array.n; i++ )
    {
        if ( !dropped && match(list->u.array.items[i], arg) )
            dropped = true;
        else
            xr_array_append(kept, xr_copy(list->u.array.items[i]));
    }
    if ( !dropped )
    {
        xr_free(kept);
        return 0;
    }
    config = xr_copy(r->config);
    if ( kept->u.array.n )
        xr_struct_set(config, key, kept);
    else
    {
        /* Canonical configs leave empty device lists out. */
        xr_free(kept);
        xr_struct_del(config, key);
    }
    return save_config(r, config);
}

const char *xend_record_name(const struct xend_record *r)
{
    const struct xr_value *n = r ? xr_struct_get(r->config, "name") : NULL;

    return n && n->type == XR_STRING ? n->u.s : NULL;
}
