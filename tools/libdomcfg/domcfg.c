/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The config checker: one table row per setting, a setter per row, then
 * the checks that involve several settings.  Messages say what the setting
 * must be and what it got, in the words of the config file (Python's).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domcfg.h"

#define DEFAULT_MEMORY_MIB  128
#define MAX_MEMORY_MIB      (1ull << 24)    /* 16 TiB */
#define MAX_VCPUS           128             /* Xen 4.17's HVM_MAX_VCPUS */
#define MAX_NAME            64

struct key_desc;
typedef int (*key_set_fn)(const struct key_desc *k, const struct xr_value *v,
                          struct domain_config *cfg,
                          struct domcfg_error *err);

struct key_desc {
    const char *name;
    key_set_fn set;
    size_t off;                 /* field of struct domain_config */
    uint64_t min, max;          /* integers only */
    bool list;
};

#define FIELD(f) offsetof(struct domain_config, f)

static void *field(struct domain_config *cfg, const struct key_desc *k)
{
    return (char *)cfg + k->off;
}

static int bad_value(const struct key_desc *k, const struct xr_value *v,
                     struct domcfg_error *err, const char *must)
{
    char buf[64];

    return domcfg_fail(err, k->name, "must be %s (got %s)", must,
                       domcfg_describe(v, buf, sizeof(buf)));
}

static int key_string(const struct key_desc *k, const struct xr_value *v,
                      struct domain_config *cfg, struct domcfg_error *err)
{
    char **f = field(cfg, k);

    if ( v->type != XR_STRING )
        return bad_value(k, v, err, "a string");
    free(*f);
    *f = xr_xstrdup(v->u.s);
    return 0;
}

static int key_path(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    if ( v->type != XR_STRING || !*v->u.s )
        return bad_value(k, v, err, "a file name");
    return key_string(k, v, cfg, err);
}

static int get_ranged(const struct key_desc *k, const struct xr_value *v,
                      uint64_t *out, struct domcfg_error *err)
{
    char buf[64];

    if ( domcfg_get_uint(v, out) )
        return bad_value(k, v, err, k->min ? "a positive integer"
                                           : "a non-negative integer");
    if ( *out < k->min || *out > k->max )
        return domcfg_fail(err, k->name, "must be from %llu to %llu (got %s)",
                           (unsigned long long)k->min,
                           (unsigned long long)k->max,
                           domcfg_describe(v, buf, sizeof(buf)));
    return 0;
}

static int key_uint(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    uint64_t n;

    if ( get_ranged(k, v, &n, err) )
        return -1;
    *(unsigned int *)field(cfg, k) = n;
    return 0;
}

static int key_mib(const struct key_desc *k, const struct xr_value *v,
                   struct domain_config *cfg, struct domcfg_error *err)
{
    return get_ranged(k, v, field(cfg, k), err);
}

bool domcfg_name_valid(const char *name)
{
    const char *ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_.-";
    size_t n = strlen(name);

    return n && n <= MAX_NAME && strspn(name, ok) == n &&
           strspn(name, "0123456789") != n;
}

static int key_name(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    if ( v->type != XR_STRING || !domcfg_name_valid(v->u.s) )
        return bad_value(k, v, err, DOMCFG_NAME_RULE);
    return key_string(k, v, cfg, err);
}

static int key_uuid(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    if ( v->type != XR_STRING || uuid_parse(v->u.s, cfg->uuid) )
        return bad_value(k, v, err, "a UUID like "
                         "'6e4c8f3a-1b2d-4c5e-8f90-123456789abc'");
    return 0;
}

static int hvm_refused(const struct key_desc *k, const char *val,
                       struct domcfg_error *err)
{
    return domcfg_fail(err, k->name, "HVM guests come later; this version "
                       "boots PV and PVH guests only (got '%s')", val);
}

static int key_builder(const struct key_desc *k, const struct xr_value *v,
                       struct domain_config *cfg, struct domcfg_error *err)
{
    if ( v->type == XR_STRING && !strcmp(v->u.s, "hvm") )
        return hvm_refused(k, v->u.s, err);
    if ( v->type != XR_STRING || strcmp(v->u.s, "linux") )
        return bad_value(k, v, err, "'linux' (or 'hvm', not supported yet)");
    cfg->pv_as_pvh = true;
    return 0;
}

/* xl's spelling: type = 'pv' | 'pvh' | 'hvm'. */
static int key_type(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    if ( v->type == XR_STRING && !strcmp(v->u.s, "hvm") )
        return hvm_refused(k, v->u.s, err);
    if ( v->type != XR_STRING ||
         (strcmp(v->u.s, "pv") && strcmp(v->u.s, "pvh")) )
        return bad_value(k, v, err, "'pv' or 'pvh'");
    cfg->pv_as_pvh = !strcmp(v->u.s, "pv");
    return 0;
}

static const char *const action_names[] = {
    [DOMCFG_DESTROY] = "destroy", [DOMCFG_RESTART] = "restart",
    [DOMCFG_PRESERVE] = "preserve", [DOMCFG_RENAME_RESTART] = "rename-restart",
    [DOMCFG_COREDUMP_DESTROY] = "coredump-destroy",
    [DOMCFG_COREDUMP_RESTART] = "coredump-restart",
};

const char *domcfg_action_name(enum domcfg_action a)
{
    return action_names[a];
}

static int key_action(const struct key_desc *k, const struct xr_value *v,
                      struct domain_config *cfg, struct domcfg_error *err)
{
    unsigned int i;

    for ( i = 0; v->type == XR_STRING && i < DOMCFG_COREDUMP_RESTART + 1;
          i++ )
        if ( !strcmp(v->u.s, action_names[i]) )
        {
            *(enum domcfg_action *)field(cfg, k) = i;
            return 0;
        }
    return bad_value(k, v, err, "one of 'destroy', 'restart', 'preserve', "
                     "'rename-restart', 'coredump-destroy', "
                     "'coredump-restart'");
}

static int key_cpus(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    free(cfg->cpus);
    cfg->cpus = NULL;
    if ( domcfg_parse_cpus(v, &cfg->cpus) )
        return bad_value(k, v, err, "a CPU list like '0-3,^1' (or an int, "
                         "or a list of ints) selecting CPUs below 1024");
    return 0;
}

static int list_entries(const struct key_desc *k, const struct xr_value *v,
                        struct domcfg_error *err, const char *example)
{
    char must[96];

    if ( v->type == XR_ARRAY )
        return 0;
    snprintf(must, sizeof(must), "a list like [%s]", example);
    return bad_value(k, v, err, must);
}

static bool vdev_taken(const struct domain_config *cfg, const char *vdev)
{
    unsigned int i;

    for ( i = 0; i + 1 < cfg->nr_disks; i++ )
        if ( !strcmp(cfg->disks[i].vdev, vdev) )
            return true;
    return false;
}

static int key_disk(const struct key_desc *k, const struct xr_value *v,
                    struct domain_config *cfg, struct domcfg_error *err)
{
    struct domcfg_disk *d;
    char why[160];
    size_t i;

    if ( list_entries(k, v, err, "'file:/img,xvda,w'") )
        return -1;
    for ( i = 0; i < v->u.array.n; i++ )
    {
        cfg->disks = xr_xrealloc(cfg->disks,
                                 (cfg->nr_disks + 1) * sizeof(*d));
        d = &cfg->disks[cfg->nr_disks++];
        memset(d, 0, sizeof(*d));
        if ( domcfg_parse_disk(v->u.array.items[i], d, why, sizeof(why)) )
            return domcfg_fail(err, k->name, "entry %zu: %s", i + 1, why);
        if ( vdev_taken(cfg, d->vdev) )
            return domcfg_fail(err, k->name, "entry %zu: device %s is "
                               "already used by another disk", i + 1,
                               d->vdev);
    }
    return 0;
}

static int key_vif(const struct key_desc *k, const struct xr_value *v,
                   struct domain_config *cfg, struct domcfg_error *err)
{
    struct domcfg_vif *vif;
    char why[160];
    size_t i;

    if ( list_entries(k, v, err, "'bridge=xenbr0'") )
        return -1;
    for ( i = 0; i < v->u.array.n; i++ )
    {
        cfg->vifs = xr_xrealloc(cfg->vifs,
                                (cfg->nr_vifs + 1) * sizeof(*vif));
        vif = &cfg->vifs[cfg->nr_vifs++];
        memset(vif, 0, sizeof(*vif));
        if ( domcfg_parse_vif(v->u.array.items[i], vif, why, sizeof(why)) )
            return domcfg_fail(err, k->name, "entry %zu: %s", i + 1, why);
    }
    return 0;
}

static void serial_add(struct domain_config *cfg, const char *s)
{
    cfg->serials = xr_xrealloc(cfg->serials,
                               (cfg->nr_serials + 1) * sizeof(char *));
    cfg->serials[cfg->nr_serials++] = xr_xstrdup(s);
}

/* serial = 'pty' or a list of such strings. */
static int key_serial(const struct key_desc *k, const struct xr_value *v,
                      struct domain_config *cfg, struct domcfg_error *err)
{
    const struct xr_value *e;
    size_t i;

    if ( v->type == XR_STRING && *v->u.s )
    {
        serial_add(cfg, v->u.s);
        return 0;
    }
    for ( i = 0; v->type == XR_ARRAY && i < v->u.array.n; i++ )
    {
        e = v->u.array.items[i];
        if ( e->type != XR_STRING || !*e->u.s )
            break;
        serial_add(cfg, e->u.s);
    }
    if ( v->type == XR_ARRAY && i == v->u.array.n )
        return 0;
    return bad_value(k, v, err, "a string like 'pty' or a list of them");
}

#define KEY(n, fn)          { .name = (n), .set = (fn) }
#define KEY_F(n, fn, f)     { .name = (n), .set = (fn), .off = FIELD(f) }
#define KEY_INT(n, fn, f, lo, hi) \
    { .name = (n), .set = (fn), .off = FIELD(f), .min = (lo), .max = (hi) }
#define KEY_LIST(n, fn)     { .name = (n), .set = (fn), .list = true }

static const struct key_desc keys[] = {
    KEY_F("name", key_name, name),
    KEY("uuid", key_uuid),
    KEY("builder", key_builder),
    KEY("type", key_type),
    KEY_F("kernel", key_path, kernel),
    KEY_F("ramdisk", key_path, ramdisk),
    KEY_F("extra", key_string, extra),
    KEY_F("root", key_string, root),
    KEY_F("cmdline", key_string, cmdline),
    KEY_INT("memory", key_mib, memory, 1, MAX_MEMORY_MIB),
    KEY_INT("maxmem", key_mib, maxmem, 1, MAX_MEMORY_MIB),
    KEY_INT("vcpus", key_uint, vcpus, 1, MAX_VCPUS),
    KEY("cpus", key_cpus),
    KEY_INT("cpu_weight", key_uint, cpu_weight, 1, 65535),
    KEY_INT("cpu_cap", key_uint, cpu_cap, 0, 100 * MAX_VCPUS),
    KEY_F("on_poweroff", key_action, on_poweroff),
    KEY_F("on_reboot", key_action, on_reboot),
    KEY_F("on_crash", key_action, on_crash),
    KEY_LIST("disk", key_disk),
    KEY_LIST("vif", key_vif),
    KEY_LIST("serial", key_serial),
};

#define NR_KEYS (sizeof(keys) / sizeof(keys[0]))

/* Settings of Xen 3's xm that this version does not carry out. */
static const char *const unsupported[] = {
    "bootloader", "bootargs", "vfb", "vnc", "vnclisten", "vncpasswd",
    "vncdisplay", "sdl", "pci", "vtpm", "usb", "usbdevice", "localtime",
    "acpi", "apic", "pae", "hap", "device_model", "boot", "stdvga",
    "soundhw", "keymap", "nographic", "shadow_memory", "cpuid", "vscsi",
    "irq", "ioports", "features", "viridian", "hpet", "timer_mode",
    "rtc_timeoffset", "videoram", "on_xend_start", "on_xend_stop",
    "security", "access_control", "blkif", "netif", "tpmif",
};

static const struct key_desc *key_find(const char *name)
{
    size_t i;

    for ( i = 0; i < NR_KEYS; i++ )
        if ( !strcmp(keys[i].name, name) )
            return &keys[i];
    return NULL;
}

bool domcfg_key_is_list(const char *key)
{
    const struct key_desc *k = key_find(key);

    return k && k->list;
}

/* Levenshtein distance, for "did you mean"; names are short. */
static unsigned int distance(const char *a, const char *b)
{
    unsigned int row[MAX_NAME + 1], i, j, prev, cur;
    size_t la = strlen(a), lb = strlen(b);

    if ( la > MAX_NAME || lb > MAX_NAME )
        return MAX_NAME;
    for ( j = 0; j <= lb; j++ )
        row[j] = j;
    for ( i = 1; i <= la; i++ )
    {
        prev = row[0];
        row[0] = i;
        for ( j = 1; j <= lb; j++ )
        {
            cur = row[j];
            row[j] = prev + (a[i - 1] != b[j - 1]);
            if ( row[j - 1] + 1 < row[j] )
                row[j] = row[j - 1] + 1;
            if ( cur + 1 < row[j] )
                row[j] = cur + 1;
            prev = cur;
        }
    }
    return row[lb];
}

static const char *suggest(const char *name)
{
    unsigned int best = 3, d;
    const char *found = NULL;
    size_t i;

    for ( i = 0; i < NR_KEYS; i++ )
    {
        d = distance(name, keys[i].name);
        if ( d < best && d < strlen(name) )
        {
            best = d;
            found = keys[i].name;
        }
    }
    return found;
}

static int unknown_key(const char *name, struct domcfg_error *err)
{
    const char *s = suggest(name);
    size_t i;

    for ( i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++ )
        if ( !strcmp(name, unsupported[i]) )
            return domcfg_fail(err, name, "a Xen 3 setting this version "
                               "does not support (yet)");
    if ( s )
        return domcfg_fail(err, name, "unknown setting (did you mean "
                           "'%s'?)", s);
    return domcfg_fail(err, name, "unknown setting (names starting with "
                       "'_' are free for your own use)");
}

void domcfg_init(struct domain_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->vcpus = 1;
    cfg->cpu_weight = 256;
    cfg->on_poweroff = DOMCFG_DESTROY;
    cfg->on_reboot = DOMCFG_RESTART;
    cfg->on_crash = DOMCFG_RESTART;
}

void domcfg_dispose(struct domain_config *cfg)
{
    unsigned int i;

    for ( i = 0; i < cfg->nr_disks; i++ )
        domcfg_disk_dispose(&cfg->disks[i]);
    for ( i = 0; i < cfg->nr_vifs; i++ )
        domcfg_vif_dispose(&cfg->vifs[i]);
    for ( i = 0; i < cfg->nr_serials; i++ )
        free(cfg->serials[i]);
    free(cfg->disks);
    free(cfg->vifs);
    free(cfg->serials);
    free(cfg->name);
    free(cfg->kernel);
    free(cfg->ramdisk);
    free(cfg->cmdline);
    free(cfg->cpus);
    free(cfg->root);
    free(cfg->extra);
    domcfg_init(cfg);
}

/* Xen 3 built the command line as "root=<root> <extra>". */
static int finish_cmdline(struct domain_config *cfg, struct domcfg_error *err)
{
    if ( cfg->cmdline && (cfg->root || cfg->extra) )
        return domcfg_fail(err, "cmdline", "give either cmdline or "
                           "root/extra, not both");
    if ( cfg->cmdline || (!cfg->root && !cfg->extra) )
        return 0;
    if ( asprintf(&cfg->cmdline, "%s%s%s%s", cfg->root ? "root=" : "",
                  cfg->root ? cfg->root : "",
                  cfg->root && cfg->extra ? " " : "",
                  cfg->extra ? cfg->extra : "") < 0 )
        xr_alloc_failed();
    free(cfg->root);
    free(cfg->extra);
    cfg->root = cfg->extra = NULL;
    return 0;
}

/* The checks that involve several settings, and the defaults. */
static int finish(struct domain_config *cfg, struct domcfg_error *err)
{
    if ( !cfg->name )
        return domcfg_fail(err, "name", "missing: every domain needs a name");
    if ( !cfg->kernel )
        return domcfg_fail(err, "kernel", "missing: a PVH guest needs a "
                           "kernel");
    if ( !cfg->memory )
        cfg->memory = DEFAULT_MEMORY_MIB;
    if ( !cfg->maxmem )
        cfg->maxmem = cfg->memory;
    if ( cfg->maxmem < cfg->memory )
        return domcfg_fail(err, "maxmem", "must be at least memory (%llu), "
                           "got %llu", (unsigned long long)cfg->memory,
                           (unsigned long long)cfg->maxmem);
    if ( cfg->cpu_cap > 100 * cfg->vcpus )
        return domcfg_fail(err, "cpu_cap", "must be at most 100 per vCPU "
                           "(%u for %u vCPUs), got %u", 100 * cfg->vcpus,
                           cfg->vcpus, cfg->cpu_cap);
    if ( uuid_is_null(cfg->uuid) )
        uuid_generate(cfg->uuid);
    return finish_cmdline(cfg, err);
}

int domcfg_parse(const struct xr_value *dict, struct domain_config *cfg,
                 struct domcfg_error *err)
{
    const struct xr_member *m;
    const struct key_desc *k;
    bool typed = false;
    size_t i;

    if ( dict->type != XR_STRUCT )
        return domcfg_fail(err, "config", "must be a dict (got %s)",
                           xr_type_name(dict->type));
    for ( i = 0; i < dict->u.strct.n; i++ )
    {
        m = &dict->u.strct.members[i];
        k = key_find(m->name);
        if ( !k )
            return unknown_key(m->name, err);
        if ( k->set(k, m->value, cfg, err) )
            return -1;
        typed |= !strcmp(k->name, "type");
    }
    /* No builder and no type: a Xen 3 PV config. */
    if ( !typed && !xr_struct_get(dict, "builder") )
        cfg->pv_as_pvh = true;
    return finish(cfg, err);
}

static void set_str(struct xr_value *s, const char *key, const char *val)
{
    if ( val )
        xr_struct_set(s, key, xr_string(val));
}

/* Device lists are left out when empty. */
static void set_devices(struct xr_value *s, const struct domain_config *cfg)
{
    struct xr_value *a;
    unsigned int i;

    a = xr_array();
    for ( i = 0; i < cfg->nr_disks; i++ )
        xr_array_append(a, domcfg_disk_value(&cfg->disks[i]));
    xr_struct_set(s, "disk", a);
    a = xr_array();
    for ( i = 0; i < cfg->nr_vifs; i++ )
        xr_array_append(a, domcfg_vif_value(&cfg->vifs[i]));
    xr_struct_set(s, "vif", a);
    a = xr_array();
    for ( i = 0; i < cfg->nr_serials; i++ )
        xr_array_append(a, xr_string(cfg->serials[i]));
    xr_struct_set(s, "serial", a);
    for ( i = s->u.strct.n; i-- > 0; )
    {
        a = s->u.strct.members[i].value;
        if ( a->type == XR_ARRAY && !a->u.array.n )
            xr_struct_del(s, s->u.strct.members[i].name);
    }
}

struct xr_value *domcfg_to_value(const struct domain_config *cfg)
{
    struct xr_value *s = xr_struct();
    char uuid[37];

    uuid_unparse_lower(cfg->uuid, uuid);
    set_str(s, "name", cfg->name);
    set_str(s, "uuid", uuid);
    set_str(s, "type", "pvh");
    set_str(s, "kernel", cfg->kernel);
    set_str(s, "ramdisk", cfg->ramdisk);
    set_str(s, "cmdline", cfg->cmdline);
    xr_struct_set(s, "memory", xr_int(cfg->memory));
    xr_struct_set(s, "maxmem", xr_int(cfg->maxmem));
    xr_struct_set(s, "vcpus", xr_int(cfg->vcpus));
    set_str(s, "cpus", cfg->cpus);
    xr_struct_set(s, "cpu_weight", xr_int(cfg->cpu_weight));
    xr_struct_set(s, "cpu_cap", xr_int(cfg->cpu_cap));
    set_str(s, "on_poweroff", action_names[cfg->on_poweroff]);
    set_str(s, "on_reboot", action_names[cfg->on_reboot]);
    set_str(s, "on_crash", action_names[cfg->on_crash]);
    set_devices(s, cfg);
    return s;
}
