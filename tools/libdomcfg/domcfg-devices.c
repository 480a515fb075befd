/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Disk and network entries: Xen 3's strings and our canonical dicts.
 *   disk: 'file:/img,xvda,w'  'phy:/dev/vg/lv,xvdb,r'  'tap:aio:/img,xvdc,w!'
 *         'file:/cd.iso,hdc:cdrom,r'  ('ioemu:' before the device is allowed)
 *   vif:  '' or 'bridge=xenbr0,mac=00:16:3e:01:02:03,ip=...,script=...'
 * Each parser writes a one-line reason into why on failure.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domcfg.h"

static const char *const vif_keys[VIF_NR_KEYS] = {
    [VIF_MAC] = "mac", [VIF_BRIDGE] = "bridge", [VIF_IP] = "ip",
    [VIF_SCRIPT] = "script", [VIF_VIFNAME] = "vifname",
    [VIF_MODEL] = "model", [VIF_TYPE] = "type", [VIF_RATE] = "rate",
    [VIF_BACKEND] = "backend",
};

void domcfg_disk_dispose(struct domcfg_disk *d)
{
    free(d->backend);
    free(d->target);
    free(d->vdev);
    memset(d, 0, sizeof(*d));
}

void domcfg_vif_dispose(struct domcfg_vif *vif)
{
    unsigned int i;

    for ( i = 0; i < VIF_NR_KEYS; i++ )
        free(vif->val[i]);
    memset(vif, 0, sizeof(*vif));
}

static char *dup_n(const char *s, size_t n)
{
    char *d = xr_xmalloc(n + 1);

    memcpy(d, s, n);
    return d;
}

/* xvda, xvdb3, hdc, sdaa1: a prefix, 1-3 letters, an optional number. */
static bool vdev_valid(const char *v)
{
    size_t n;

    if ( !strncmp(v, "xvd", 3) )
        v += 3;
    else if ( !strncmp(v, "hd", 2) || !strncmp(v, "sd", 2) )
        v += 2;
    else
        return false;
    for ( n = 0; islower((unsigned char)v[n]); n++ )
        ;
    if ( n < 1 || n > 3 )
        return false;
    v += n;
    if ( *v == '0' )
        return false;
    return strspn(v, "0123456789") == strlen(v);
}

static bool backend_valid(const char *b)
{
    if ( !strcmp(b, "file") || !strcmp(b, "phy") )
        return true;
    if ( !strncmp(b, "tap:", 4) || !strncmp(b, "tap2:", 5) )
        return strlen(strchr(b, ':') + 1) > 0;
    return false;
}

static int disk_check(const struct domcfg_disk *d, char *why, size_t len)
{
    if ( !backend_valid(d->backend) )
        snprintf(why, len, "unknown disk type '%s' (file, phy or tap:...)",
                 d->backend);
    else if ( !*d->target )
        snprintf(why, len, "no path after '%s:'", d->backend);
    else if ( !vdev_valid(d->vdev) )
        snprintf(why, len, "bad virtual device '%s' (xvda, hdc, ...)",
                 d->vdev);
    else if ( strcmp(d->mode, "r") && strcmp(d->mode, "w") &&
              strcmp(d->mode, "w!") )
        snprintf(why, len, "bad mode '%s' (r, w or w!)", d->mode);
    else
        return 0;
    return -1;
}

/* "tap:aio:/img" splits after "tap:aio", "file:/img" after "file". */
static void split_uname(const char *u, struct domcfg_disk *d)
{
    const char *c = strchr(u, ':');

    if ( c && (!strncmp(u, "tap:", 4) || !strncmp(u, "tap2:", 5)) )
        c = strchr(c + 1, ':');
    if ( !c )
        c = u + strlen(u);
    d->backend = dup_n(u, c - u);
    d->target = xr_xstrdup(*c ? c + 1 : "");
}

static void split_vdev(const char *v, size_t n, struct domcfg_disk *d)
{
    if ( n > 6 && !strncmp(v, "ioemu:", 6) )
        v += 6, n -= 6;
    if ( n > 6 && !strncmp(v + n - 6, ":cdrom", 6) )
        d->cdrom = true, n -= 6;
    else if ( n > 5 && !strncmp(v + n - 5, ":disk", 5) )
        n -= 5;
    d->vdev = dup_n(v, n);
}

static int disk_from_string(const char *s, struct domcfg_disk *d, char *why,
                            size_t len)
{
    const char *c1 = strchr(s, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    char *uname;

    if ( !c2 || strchr(c2 + 1, ',') )
    {
        snprintf(why, len, "'%.60s' is not 'type:path,device,mode' "
                 "(e.g. 'file:/img,xvda,w')", s);
        return -1;
    }
    uname = dup_n(s, c1 - s);
    split_uname(uname, d);
    free(uname);
    split_vdev(c1 + 1, c2 - c1 - 1, d);
    snprintf(d->mode, sizeof(d->mode), "%.2s", c2 + 1);
    if ( strlen(c2 + 1) > 2 )
        d->mode[0] = '?';
    return disk_check(d, why, len);
}

static const char *member_str(const struct xr_value *s, const char *name)
{
    const struct xr_value *m = xr_struct_get(s, name);

    return m && m->type == XR_STRING ? m->u.s : NULL;
}

static int disk_from_struct(const struct xr_value *s, struct domcfg_disk *d,
                            char *why, size_t len)
{
    const char *b = member_str(s, "backend"), *t = member_str(s, "target");
    const char *v = member_str(s, "vdev"), *m = member_str(s, "mode");
    const struct xr_value *cd = xr_struct_get(s, "cdrom");

    if ( !b || !t || !v || !m || (cd && cd->type != XR_BOOL) )
    {
        snprintf(why, len, "a disk dict needs strings backend, target, "
                 "vdev, mode (and an optional boolean cdrom)");
        return -1;
    }
    d->backend = xr_xstrdup(b);
    d->target = xr_xstrdup(t);
    d->vdev = xr_xstrdup(v);
    d->cdrom = cd && cd->u.b;
    snprintf(d->mode, sizeof(d->mode), "%s", strlen(m) > 2 ? "?" : m);
    return disk_check(d, why, len);
}

int domcfg_parse_disk(const struct xr_value *v, struct domcfg_disk *d,
                      char *why, size_t len)
{
    char buf[64];

    if ( v->type == XR_STRING )
        return disk_from_string(v->u.s, d, why, len);
    if ( v->type == XR_STRUCT )
        return disk_from_struct(v, d, why, len);
    snprintf(why, len, "entries must be strings like 'file:/img,xvda,w' "
             "(got %s)", domcfg_describe(v, buf, sizeof(buf)));
    return -1;
}

struct xr_value *domcfg_disk_value(const struct domcfg_disk *d)
{
    struct xr_value *s = xr_struct();

    xr_struct_set(s, "backend", xr_string(d->backend));
    xr_struct_set(s, "target", xr_string(d->target));
    xr_struct_set(s, "vdev", xr_string(d->vdev));
    xr_struct_set(s, "mode", xr_string(d->mode));
    if ( d->cdrom )
        xr_struct_set(s, "cdrom", xr_bool(true));
    return s;
}

/* 00:16:3e:01:02:03, unicast. */
static bool mac_valid(const char *m)
{
    unsigned int i, first;

    for ( i = 0; i < 17; i++ )
        if ( (i % 3 == 2) ? m[i] != ':' : !isxdigit((unsigned char)m[i]) )
            return false;
    if ( m[17] )
        return false;
    sscanf(m, "%2x", &first);
    return !(first & 1);
}

static int vif_set(struct domcfg_vif *vif, const char *k, size_t kn,
                   const char *val, char *why, size_t len)
{
    unsigned int i;

    for ( i = 0; i < VIF_NR_KEYS; i++ )
        if ( strlen(vif_keys[i]) == kn && !strncmp(vif_keys[i], k, kn) )
            break;
    if ( i == VIF_NR_KEYS )
        snprintf(why, len, "unknown vif setting '%.*s' (mac, bridge, ip, "
                 "script, vifname, model, type, rate, backend)", (int)kn, k);
    else if ( vif->val[i] )
        snprintf(why, len, "vif setting '%s' given twice", vif_keys[i]);
    else if ( i == VIF_MAC && !mac_valid(val) )
        snprintf(why, len, "bad mac '%.40s' (six hex octets like "
                 "00:16:3e:01:02:03, unicast)", val);
    else
    {
        vif->val[i] = xr_xstrdup(val);
        return 0;
    }
    return -1;
}

static int vif_from_string(const char *s, struct domcfg_vif *vif, char *why,
                           size_t len)
{
    size_t n;
    const char *eq;
    char *val;
    int rc;

    for ( ; *s; s += n + (s[n] == ',') )
    {
        n = strcspn(s, ",");
        eq = memchr(s, '=', n);
        if ( !eq )
        {
            snprintf(why, len, "'%.*s' is not key=value", (int)n, s);
            return -1;
        }
        val = dup_n(eq + 1, s + n - eq - 1);
        rc = vif_set(vif, s, eq - s, val, why, len);
        free(val);
        if ( rc )
            return -1;
    }
    return 0;
}

static int vif_from_struct(const struct xr_value *s, struct domcfg_vif *vif,
                           char *why, size_t len)
{
    const struct xr_member *m;
    size_t i;

    for ( i = 0; i < s->u.strct.n; i++ )
    {
        m = &s->u.strct.members[i];
        if ( m->value->type != XR_STRING )
        {
            snprintf(why, len, "vif setting '%s' must be a string", m->name);
            return -1;
        }
        if ( vif_set(vif, m->name, strlen(m->name), m->value->u.s, why,
                     len) )
            return -1;
    }
    return 0;
}

int domcfg_parse_vif(const struct xr_value *v, struct domcfg_vif *vif,
                     char *why, size_t len)
{
    char buf[64];

    if ( v->type == XR_STRING )
        return vif_from_string(v->u.s, vif, why, len);
    if ( v->type == XR_STRUCT )
        return vif_from_struct(v, vif, why, len);
    snprintf(why, len, "entries must be strings like 'bridge=xenbr0' "
             "(got %s)", domcfg_describe(v, buf, sizeof(buf)));
    return -1;
}

struct xr_value *domcfg_vif_value(const struct domcfg_vif *vif)
{
    struct xr_value *s = xr_struct();
    unsigned int i;

    for ( i = 0; i < VIF_NR_KEYS; i++ )
        if ( vif->val[i] )
            xr_struct_set(s, vif_keys[i], xr_string(vif->val[i]));
    return s;
}
