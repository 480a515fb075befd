/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm's per-domain commands: each checks its arguments, then asks xend.
 * <Domain> travels as the user typed it (name or id); xend resolves it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xm.h"
#include "domcfg.h"

static struct xr_value *params_of(const char *dom)
{
    struct xr_value *p = xr_array();

    xr_array_append(p, xr_string(dom));
    return p;
}

static const char *str_of(const struct xr_value *s, const char *key)
{
    const struct xr_value *v = xr_struct_get(s, key);

    return v && v->type == XR_STRING ? v->u.s : "?";
}

static long long int_of(const struct xr_value *s, const char *key)
{
    const struct xr_value *v = xr_struct_get(s, key);

    return v && v->type == XR_INT ? v->u.i : -1;
}

static double double_of(const struct xr_value *s, const char *key)
{
    const struct xr_value *v = xr_struct_get(s, key);

    if ( v && v->type == XR_DOUBLE )
        return v->u.d;
    return v && v->type == XR_INT ? v->u.i : 0;
}

/* Xen 3's table and formats (its header is one column wider at the end). */
void xm_print_domain_table(const struct xr_value *domains)
{
    const struct xr_value *d;
    size_t i;

    printf("%-40s %5s %5s %5s %10s %9s\n", "Name", "ID", "Mem", "VCPUs",
           "State", "Time(s)");
    for ( i = 0; i < domains->u.array.n; i++ )
    {
        d = domains->u.array.items[i];
        printf("%-40s %5lld %5lld %5lld %10s %8.1f\n", str_of(d, "name"),
               int_of(d, "domid"), int_of(d, "memory"), int_of(d, "vcpus"),
               str_of(d, "state"), double_of(d, "cpu_time"));
    }
}

/* Every domain (xend.domains) or the ones named. */
static int fetch_domains(const struct xm_args *a, struct xr_value **out)
{
    struct xr_value *p, *one;
    int i, rc;

    if ( !a->npos )
    {
        p = xr_array();
        xr_array_append(p, xr_bool(true));
        return xm_call("xend.domains", p, out);
    }
    *out = xr_array();
    for ( i = 0; i < a->npos; i++ )
    {
        rc = xm_call("xend.domain", params_of(a->pos[i]), &one);
        if ( rc )
        {
            xr_free(*out);
            return rc;
        }
        xr_array_append(*out, one);
    }
    return XM_OK;
}

int xm_cmd_list(const struct xm_args *a)
{
    struct xr_value *doms;
    int rc = fetch_domains(a, &doms);

    if ( rc )
        return rc;
    if ( doms->type != XR_ARRAY )
        rc = xm_fail("xend answered xend.domains with a %s, not a list",
                     xr_type_name(doms->type));
    else if ( a->set['l'] || a->set['j'] )
        xm_print_json(doms);
    else
        xm_print_domain_table(doms);
    xr_free(doms);
    return rc;
}

/* Poll until xend no longer knows dom (xm shutdown -w: its id). */
static int wait_gone(const char *dom)
{
    struct xr_value *r;
    int code, err, rc;
    char *msg;

    for ( ;; )
    {
        struct xr_value *p = params_of(dom);

        rc = xr_call_unix(xm_socket_path(), "xend.domain", p, &r, &code,
                          &msg, &err);
        xr_free(p);
        xr_free(r);
        free(msg);
        if ( rc == 1 && code == ENOENT )
            return XM_OK;
        if ( rc )
            return xm_call("xend.domain", params_of(dom), &r);
        usleep(250 * 1000);
    }
}

/*
 * dom's id as a decimal string, taken before it is shut down: a domain
 * that reboots comes back under its name with another id, so -w waits
 * for the id to go.
 */
static int id_of(const char *dom, char *id, size_t len)
{
    struct xr_value *r;
    int rc = xm_call("xend.domain", params_of(dom), &r);

    if ( !rc )
        snprintf(id, len, "%lld", int_of(r, "domid"));
    xr_free(r);
    return rc;
}

static int shutdown_one(const char *dom, const char *reason, bool wait)
{
    char id[24];
    int rc = wait ? id_of(dom, id, sizeof(id)) : 0;

    if ( !rc )
        rc = xm_call_domain("xend.domain.shutdown", dom, xr_string(reason),
                            NULL);
    if ( !rc && wait )
        rc = wait_gone(id);
    return rc;
}

/* Every domain but Domain-0 (xm shutdown -a), then with -w each gone. */
static int shutdown_all(const char *reason, bool wait)
{
    struct xr_value *p = xr_array(), *doms = NULL;
    const struct xr_value *d;
    char id[24];
    size_t i;
    int rc;

    xr_array_append(p, xr_bool(true));
    rc = xm_call("xend.domains", p, &doms);
    for ( i = 0; !rc && doms->type == XR_ARRAY && i < doms->u.array.n; i++ )
    {
        d = doms->u.array.items[i];
        if ( int_of(d, "domid") > 0 )
            rc = xm_call_domain("xend.domain.shutdown", str_of(d, "name"),
                                xr_string(reason), NULL);
    }
    for ( i = 0; !rc && wait && doms->type == XR_ARRAY &&
          i < doms->u.array.n; i++ )
    {
        d = doms->u.array.items[i];
        snprintf(id, sizeof(id), "%lld", int_of(d, "domid"));
        if ( int_of(d, "domid") > 0 )
            rc = wait_gone(id);
    }
    xr_free(doms);
    return rc;
}

static int do_shutdown(const struct xm_args *a, const char *reason)
{
    if ( a->set['a'] == (a->npos == 1) )
        return xm_fail("xm %s: name one domain, or -a for all of them",
                       reason);
    if ( a->set['a'] )
        return shutdown_all(reason, a->set['w']);
    return shutdown_one(a->pos[0], reason, a->set['w']);
}

int xm_cmd_shutdown(const struct xm_args *a)
{
    return do_shutdown(a, "poweroff");
}

int xm_cmd_reboot(const struct xm_args *a)
{
    return do_shutdown(a, "reboot");
}

int xm_cmd_destroy(const struct xm_args *a)
{
    return xm_call_domain("xend.domain.destroy", a->pos[0], NULL, NULL);
}

int xm_cmd_pause(const struct xm_args *a)
{
    return xm_call_domain("xend.domain.pause", a->pos[0], NULL, NULL);
}

int xm_cmd_unpause(const struct xm_args *a)
{
    return xm_call_domain("xend.domain.unpause", a->pos[0], NULL, NULL);
}

/* One domain's record, for the lookups below. */
static int lookup(const char *dom, struct xr_value **rec)
{
    return xm_call("xend.domain", params_of(dom), rec);
}

int xm_cmd_domid(const struct xm_args *a)
{
    struct xr_value *r;
    int rc = lookup(a->pos[0], &r);

    if ( !rc )
        printf("%lld\n", int_of(r, "domid"));
    xr_free(r);
    return rc;
}

int xm_cmd_domname(const struct xm_args *a)
{
    struct xr_value *r;
    int rc = lookup(a->pos[0], &r);

    if ( !rc )
        printf("%s\n", str_of(r, "name"));
    xr_free(r);
    return rc;
}

static void print_uptime(const struct xr_value *d, bool brief)
{
    double start = double_of(d, "start_time");
    long up = start > 0 ? (long)(time(NULL) - start) : 0;

    if ( brief )
        printf("%s: %ld days, %02ld:%02ld:%02ld\n", str_of(d, "name"),
               up / 86400, up / 3600 % 24, up / 60 % 60, up % 60);
    else
        printf("%-33s %4lld %ld days, %02ld:%02ld:%02ld\n", str_of(d, "name"),
               int_of(d, "domid"), up / 86400, up / 3600 % 24,
               up / 60 % 60, up % 60);
}

int xm_cmd_uptime(const struct xm_args *a)
{
    struct xr_value *doms;
    size_t i;
    int rc = fetch_domains(a, &doms);

    if ( rc )
        return rc;
    if ( !a->set['s'] )
        printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    for ( i = 0; doms->type == XR_ARRAY && i < doms->u.array.n; i++ )
        print_uptime(doms->u.array.items[i], a->set['s']);
    xr_free(doms);
    return XM_OK;
}

static void print_vcpus(const struct xr_value *d, const struct xr_value *vs)
{
    const struct xr_value *v;
    size_t i;

    for ( i = 0; vs->type == XR_ARRAY && i < vs->u.array.n; i++ )
    {
        v = vs->u.array.items[i];
        printf("%-32s %5lld %5lld %5lld %5s %9.1f %s\n", str_of(d, "name"),
               int_of(d, "domid"), int_of(v, "vcpu"), int_of(v, "cpu"),
               str_of(v, "state"), double_of(v, "cpu_time"),
               str_of(v, "affinity"));
    }
}

int xm_cmd_vcpu_list(const struct xm_args *a)
{
    struct xr_value *doms, *vs;
    const struct xr_value *d;
    size_t i;
    int rc = fetch_domains(a, &doms);

    if ( rc )
        return rc;
    printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
           "State", "Time(s)", "CPU Affinity");
    for ( i = 0; !rc && doms->type == XR_ARRAY && i < doms->u.array.n; i++ )
    {
        d = doms->u.array.items[i];
        rc = xm_call("xend.domain.getVCPUInfo",
                     params_of(str_of(d, "name")), &vs);
        if ( !rc )
            print_vcpus(d, vs);
        xr_free(vs);
    }
    xr_free(doms);
    return rc;
}
