/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm create: read the config (xm-config.h), then either print it (-n, the
 * dry run: the canonical config as JSON on stdout) or send it to xend as
 * xend.domain.create(dict).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"
#include "xm-config.h"

#define XM_CONFIG_DIR "/etc/xen"

/* key=value with key a Python identifier. */
static bool is_setting(const char *arg)
{
    const char *eq = strchr(arg, '=');
    const char *p;

    if ( !eq || eq == arg || isdigit((unsigned char)*arg) )
        return false;
    for ( p = arg; p < eq; p++ )
        if ( !isalnum((unsigned char)*p) && *p != '_' )
            return false;
    return true;
}

/* As Xen 3: a bare name not found here is looked for in /etc/xen. */
static char *find_config(const char *name)
{
    char *path;

    if ( strchr(name, '/') || access(name, F_OK) == 0 )
        return xr_xstrdup(name);
    if ( asprintf(&path, "%s/%s", XM_CONFIG_DIR, name) < 0 )
        xr_alloc_failed();
    if ( access(path, F_OK) == 0 )
        return path;
    free(path);
    return xr_xstrdup(name);
}

static int send_create(const struct domain_config *cfg, bool console)
{
    struct xr_value *params = xr_array(), *result = NULL;
    const struct xr_value *id;
    long long domid;
    int rc;

    xr_array_append(params, domcfg_to_value(cfg));
    rc = xm_call("xend.domain.create", params, &result);
    if ( rc )
        return rc;
    id = xr_struct_get(result, "domid");
    domid = id && id->type == XR_INT ? (long long)id->u.i : -1ll;
    printf("Started domain %s (id=%lld)\n", cfg->name, domid);
    xr_free(result);
    return console ? xm_console_attach(domid) : XM_OK;
}

static int print_dry_run(const struct domain_config *cfg)
{
    struct xr_value *v = domcfg_to_value(cfg);
    char *json = xr_json_encode(v, true);

    xr_free(v);
    if ( !json )
        return xm_fail("xm create -n: the config cannot be written as JSON");
    fputs(json, stdout);
    free(json);
    return XM_OK;
}

int xm_cmd_create(const struct xm_args *a)
{
    char *const *settings = a->pos;
    int n = a->npos, i, rc;
    struct domain_config cfg;
    char *path, *msg;

    if ( !a->value['f'] && (!n || is_setting(settings[0])) )
        return xm_fail("xm create: no config file given (see `xm help "
                       "create`)");
    path = find_config(a->value['f'] ? a->value['f'] : settings[0]);
    if ( !a->value['f'] )
        settings++, n--;
    for ( i = 0; i < n; i++ )
        if ( !is_setting(settings[i]) )
        {
            free(path);
            return xm_fail("xm create: '%s' is not a key=value setting",
                           settings[i]);
        }
    if ( !a->set['n'] )
        printf("Using config file \"%s\".\n", path);   /* as Xen 3 */
    fflush(stdout);
    domcfg_init(&cfg);
    if ( xm_config_load(path, settings, n, &cfg, &msg) )
        rc = xm_fail("%s", msg);
    else
    {
        if ( cfg.pv_as_pvh )
            fprintf(stderr, "%s: a PV config (no builder, or "
                    "builder='linux'): booting it as PVH, which needs a "
                    "kernel with a PVH entry point\n", path);
        rc = a->set['n'] ? print_dry_run(&cfg) : send_create(&cfg,
                                                             a->set['c']);
    }
    free(msg);
    free(path);
    domcfg_dispose(&cfg);
    return rc;
}
