/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guests we serve.  @introduceDomain and @releaseDomain (token
 * "domlist") make us ask the hypervisor for the list of domains: new
 * ones get a console and a watch on their console/ directory (token
 * "dom<id>"), dying or vanished ones are retired.  The directory's watch
 * re-reads it, so a ring, port or limit written late is picked up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "console.h"

#define ENUM_BATCH 64

struct domain *consoled_domains;
static unsigned int enum_pass;

struct domain *domain_lookup(unsigned int domid)
{
    struct domain *d;

    for ( d = consoled_domains; d; d = d->next )
        if ( d->domid == domid )
            return d;
    return NULL;
}

static bool domain_watch(struct domain *d, bool on)
{
    char token[16];

    snprintf(token, sizeof(token), "dom%u", d->domid);
    if ( !d->con.xspath )
        return false;
    if ( on )
        return xs_watch(consoled_xs, d->con.xspath, token);
    return xs_unwatch(consoled_xs, d->con.xspath, token);
}

static struct domain *domain_create(unsigned int domid)
{
    struct domain *d = calloc(1, sizeof(*d));

    if ( !d )
        return NULL;
    d->domid = domid;
    console_init(&d->con, d);
    /* The watch fires once at once: that sets the console up. */
    if ( !domain_watch(d, true) )
    {
        dolog(LOG_ERR, "domain %u: cannot watch its console", domid);
        console_cleanup(&d->con);
        free(d);
        return NULL;
    }
    d->watched = true;
    d->next = consoled_domains;
    consoled_domains = d;
    dolog(LOG_DEBUG, "new domain %u", domid);
    return d;
}

/* The domain is going: stop touching its memory and port at once. */
static void domain_shutdown(struct domain *d)
{
    if ( d->watched )
        domain_watch(d, false);
    d->watched = false;
    d->is_dead = true;
    console_teardown(&d->con);
}

static void domain_seen(const struct plat_dominfo *info)
{
    struct domain *d = domain_lookup(info->domid);

    if ( info->dying )
    {
        if ( d )
            domain_shutdown(d);
        return;
    }
    if ( !d )
        d = domain_create(info->domid);
    if ( d )
        d->last_seen = enum_pass;
}

void domains_enumerate(void)
{
    struct plat_dominfo info[ENUM_BATCH];
    unsigned int first = 1;
    struct domain *d;
    int n, i;

    enum_pass++;
    do
    {
        n = plat_domains(first, info, ENUM_BATCH);
        if ( n < 0 )
        {
            dolog(LOG_ERR, "cannot list domains: %m");
            return;   /* keep what we have; the next event retries */
        }
        for ( i = 0; i < n; i++ )
            domain_seen(&info[i]);
        if ( n )
            first = info[n - 1].domid + 1;
    } while ( n == ENUM_BATCH );
    for ( d = consoled_domains; d; d = d->next )
        if ( d->last_seen != enum_pass )
            domain_shutdown(d);
}

bool domains_handle_xs(void)
{
    unsigned int domid;
    struct domain *d;
    char **vec = xs_check_watch(consoled_xs);

    if ( !vec )
        return false;
    if ( !strcmp(vec[XS_WATCH_TOKEN], "domlist") )
        domains_enumerate();
    else if ( sscanf(vec[XS_WATCH_TOKEN], "dom%u", &domid) == 1 )
    {
        /* It may fire for a domain we just retired. */
        d = domain_lookup(domid);
        if ( d && !d->is_dead )
            console_setup(&d->con);
    }
    free(vec);
    return true;
}

void domains_reap(void)
{
    struct domain **pp = &consoled_domains, *d;

    while ( (d = *pp) )
    {
        if ( !d->is_dead )
        {
            pp = &d->next;
            continue;
        }
        *pp = d->next;
        domain_shutdown(d);
        dolog(LOG_DEBUG, "domain %u removed", d->domid);
        console_cleanup(&d->con);
        free(d);
    }
}
