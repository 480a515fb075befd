/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device commands: block-list and network-list, as Xen 3's xm printed
 * them, from xend's
 * getDeviceSxprs (each device's frontend nodes in the guest's xenstore).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"

/* A frontend node as a number, or dflt when absent (Xen 3's defaults). */
static long long node_int(const struct xr_value *fe, const char *key,
                          long long dflt)
{
    const struct xr_value *v = xr_struct_get(fe, key);
    char *end;
    long long n;

    if ( !v || v->type != XR_STRING )
        return dflt;
    n = strtoll(v->u.s, &end, 10);
    return *v->u.s && !*end ? n : dflt;
}

static const char *node_str(const struct xr_value *fe, const char *key)
{
    const struct xr_value *v = xr_struct_get(fe, key);

    return v && v->type == XR_STRING ? v->u.s : "??";
}

/* One row per device: Xen 3's columns and widths. */
static void vbd_row(long long id, const struct xr_value *fe)
{
    printf("%-3lld    %-3lld  %-3lld   %-3lld    %-3lld    %-5lld %-30s  \n",
           id, node_int(fe, "backend-id", -1), node_int(fe, "handle", 0),
           node_int(fe, "state", -1), node_int(fe, "event-channel", -1),
           node_int(fe, "ring-ref", -1), node_str(fe, "backend"));
}

/* Xen 3's network-list row: the vif's MAC and rings (Linux's netfront
 * writes split channels: the tx one stands for evt-ch then). */
static void vif_row(long long id, const struct xr_value *fe)
{
    printf("%-3lld %-3lld %-17s %-3lld %-3lld %-3lld %-5lld/%-5lld %-30s  \n",
           id, node_int(fe, "backend-id", -1), node_str(fe, "mac"),
           node_int(fe, "handle", 0), node_int(fe, "state", -1),
           node_int(fe, "event-channel", node_int(fe, "event-channel-tx", -1)),
           node_int(fe, "tx-ring-ref", -1),
           node_int(fe, "rx-ring-ref", -1), node_str(fe, "backend"));
}

struct table {
    const char *kind, *header;
    void (*row)(long long id, const struct xr_value *fe);
};

static const struct table vbd_table = {
    "vbd", "Vdev  BE handle state evt-ch ring-ref BE-path", vbd_row,
};
static const struct table vif_table = {
    "vif", "Idx BE     MAC Addr.     handle state evt-ch tx-/rx-ring-ref "
    "BE-path", vif_row,
};

/* getDeviceSxprs' [[devid, {frontend nodes}], ...] as t's table (the
 * header only above a first row; malformed entries skipped). */
static void print_table(const struct table *t, const struct xr_value *devs)
{
    const struct xr_value *d;
    size_t i;

    for ( i = 0; devs->type == XR_ARRAY && i < devs->u.array.n; i++ )
    {
        d = devs->u.array.items[i];
        if ( d->type != XR_ARRAY || d->u.array.n != 2 ||
             d->u.array.items[0]->type != XR_INT )
            continue;
        if ( i == 0 )
            printf("%s\n", t->header);
        t->row(d->u.array.items[0]->u.i, d->u.array.items[1]);
    }
}

/* The devices of one kind, as t's table or as JSON (-l). */
static int list_devices(const struct xm_args *a, const struct table *t)
{
    struct xr_value *p = xr_array(), *devs;
    int rc;

    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string(t->kind));
    rc = xm_call("xend.domain.getDeviceSxprs", p, &devs);
    if ( rc )
        return rc;
    if ( a->set['l'] )
        xm_print_json(devs);
    else
        print_table(t, devs);
    xr_free(devs);
    return XM_OK;
}

int xm_cmd_block_list(const struct xm_args *a)
{
    return list_devices(a, &vbd_table);
}

int xm_cmd_network_list(const struct xm_args *a)
{
    return list_devices(a, &vif_table);
}

/* block-attach <Domain> <BackDev> <FrontDev> <Mode> [BackDomain]: the
 * same entry a config's disk list holds ("file:/img,xvdd,w"). */
int xm_cmd_block_attach(const struct xm_args *a)
{
    struct xr_value *p, *r;
    char *entry;
    int rc;

    if ( a->npos == 5 && strcmp(a->pos[4], "0") )
        return xm_fail("block-attach: backend domain %s: only dom0 (0) "
                       "serves disks", a->pos[4]);
    if ( asprintf(&entry, "%s,%s,%s", a->pos[1], a->pos[2], a->pos[3]) < 0 )
        return xm_fail("block-attach: out of memory");
    p = xr_array();
    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string("vbd"));
    xr_array_append(p, xr_string(entry));
    free(entry);
    rc = xm_call("xend.domain.device_create", p, &r);
    xr_free(r);
    return rc;
}

/* Xen 3's destroyDevice(Domain, kind, DevId, force). */
static int detach(const struct xm_args *a, const char *kind)
{
    struct xr_value *p = xr_array(), *r;
    int rc;

    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string(kind));
    xr_array_append(p, xr_string(a->pos[1]));
    xr_array_append(p, xr_bool(a->set['f']));
    rc = xm_call("xend.domain.destroyDevice", p, &r);
    xr_free(r);
    return rc;
}

/* block-detach <Domain> <DevId> [-f]: DevId is xvdd or its number. */
int xm_cmd_block_detach(const struct xm_args *a)
{
    return detach(a, "vbd");
}

/* network-detach <Domain> <DevId> [-f]: DevId is the vif's index. */
int xm_cmd_network_detach(const struct xm_args *a)
{
    return detach(a, "vif");
}

/* network-attach <Domain> [mac=M] [bridge=B] ...: the settings joined
 * into the entry a config's vif list holds ("mac=M,bridge=B"). */
int xm_cmd_network_attach(const struct xm_args *a)
{
    struct xr_value *p, *r;
    char entry[1024] = "";
    size_t len = 0;
    int i;

    for ( i = 1; i < a->npos; i++ )
    {
        len += snprintf(entry + len, sizeof(entry) - len, "%s%s",
                        i > 1 ? "," : "", a->pos[i]);
        if ( len >= sizeof(entry) )
            return xm_fail("network-attach: settings too long");
    }
    p = xr_array();
    xr_array_append(p, xr_string(a->pos[0]));
    xr_array_append(p, xr_string("vif"));
    xr_array_append(p, xr_string(entry));
    i = xm_call("xend.domain.device_create", p, &r);
    xr_free(r);
    return i;
}
