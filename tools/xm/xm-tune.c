/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm commands that change a running domain's resources: vCPUs, memory,
 * scheduler parameters, name.  Arguments are checked here so that a typo
 * never reaches xend.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"
#include "domcfg.h"

/* A decimal integer in [lo, hi]. */
static int parse_uint(const char *s, unsigned long lo, unsigned long hi,
                      unsigned long *out)
{
    char *end;

    if ( *s < '0' || *s > '9' )
        return -1;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return errno || *end || *out < lo || *out > hi ? -1 : 0;
}

int xm_cmd_vcpu_pin(const struct xm_args *a)
{
    struct xr_value cpus = { .type = XR_STRING };
    unsigned long vcpu;
    char *map = NULL;
    int rc;

    if ( strcmp(a->pos[1], "all") && parse_uint(a->pos[1], 0, 127, &vcpu) )
        return xm_fail("xm vcpu-pin: '%s' is not a vCPU number or 'all'",
                       a->pos[1]);
    cpus.u.s = a->pos[2];
    if ( domcfg_parse_cpus(&cpus, &map) )
        return xm_fail("xm vcpu-pin: '%s' is not a CPU list like '0-3,^1' "
                       "or 'all'", a->pos[2]);
    rc = xm_call_domain("xend.domain.pincpu", a->pos[0],
                        xr_string(a->pos[1]), xr_string(map));
    free(map);
    return rc;
}

int xm_cmd_vcpu_set(const struct xm_args *a)
{
    unsigned long n;

    if ( parse_uint(a->pos[1], 1, 128, &n) )
        return xm_fail("xm vcpu-set: '%s' is not a vCPU count from 1 to 128",
                       a->pos[1]);
    return xm_call_domain("xend.domain.setVCpuCount", a->pos[0], xr_int(n),
                          NULL);
}

static int mem_op(const struct xm_args *a, const char *cmd,
                  const char *method)
{
    uint64_t mib;

    if ( xm_parse_mib(a->pos[1], &mib) )
        return xm_fail("xm %s: '%s' is not a memory size (MiB, or with a "
                       "suffix k, m, g, t)", cmd, a->pos[1]);
    return xm_call_domain(method, a->pos[0], xr_int(mib), NULL);
}

int xm_cmd_mem_set(const struct xm_args *a)
{
    return mem_op(a, "mem-set", "xend.domain.setMemoryTarget");
}

int xm_cmd_mem_max(const struct xm_args *a)
{
    return mem_op(a, "mem-max", "xend.domain.maxmem_set");
}

int xm_cmd_rename(const struct xm_args *a)
{
    return xm_call_domain("xend.domain.setName", a->pos[0],
                          xr_string(a->pos[1]), NULL);
}

static void print_credit(const char *name, long long id,
                         const struct xr_value *s)
{
    const struct xr_value *w = xr_struct_get(s, "weight");
    const struct xr_value *c = xr_struct_get(s, "cap");

    printf("%-32s %5lld %6lld %4lld\n", name, id,
           w && w->type == XR_INT ? (long long)w->u.i : -1ll,
           c && c->type == XR_INT ? (long long)c->u.i : -1ll);
}

static int credit_show(const char *dom)
{
    struct xr_value *p = xr_array(), *info, *s;
    const struct xr_value *name, *id;
    int rc;

    xr_array_append(p, xr_string(dom));
    rc = xm_call("xend.domain", p, &info);
    if ( rc )
        return rc;
    p = xr_array();
    xr_array_append(p, xr_string(dom));
    rc = xm_call("xend.domain.sched_credit_get", p, &s);
    name = xr_struct_get(info, "name");
    id = xr_struct_get(info, "domid");
    if ( !rc )
        print_credit(name && name->type == XR_STRING ? name->u.s : dom,
                     id && id->type == XR_INT ? id->u.i : -1, s);
    xr_free(s);
    xr_free(info);
    return rc;
}

/* All domains' parameters, as Xen 3 prints them without -d. */
static int credit_show_all(void)
{
    struct xr_value *p = xr_array(), *names;
    size_t i;
    int rc;

    xr_array_append(p, xr_bool(false));
    rc = xm_call("xend.domains", p, &names);
    if ( rc )
        return rc;
    printf("%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
    for ( i = 0; !rc && names->type == XR_ARRAY && i < names->u.array.n;
          i++ )
        if ( names->u.array.items[i]->type == XR_STRING )
            rc = credit_show(names->u.array.items[i]->u.s);
    xr_free(names);
    return rc;
}

int xm_cmd_sched_credit(const struct xm_args *a)
{
    unsigned long w = 0, c = 0;

    if ( (a->set['w'] || a->set['c']) && !a->set['d'] )
        return xm_fail("xm sched-credit: -w and -c need -d <Domain>");
    if ( a->set['w'] && parse_uint(a->value['w'], 1, 65535, &w) )
        return xm_fail("xm sched-credit: weight '%s' is not from 1 to 65535",
                       a->value['w']);
    if ( a->set['c'] && parse_uint(a->value['c'], 0, 12800, &c) )
        return xm_fail("xm sched-credit: cap '%s' is not from 0 to 12800",
                       a->value['c']);
    if ( !a->set['d'] )
        return credit_show_all();
    if ( !a->set['w'] && !a->set['c'] )
    {
        printf("%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        return credit_show(a->value['d']);
    }
    /* Xen 3 sends -1 for "leave as it is". */
    return xm_call_domain("xend.domain.sched_credit_set", a->value['d'],
                          xr_int(a->set['w'] ? (long)w : -1),
                          xr_int(a->set['c'] ? (long)c : -1));
}
