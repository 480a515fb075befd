/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's xenstore nodes for a domain (see xend-xs.h for the layout).  The
 * whole layout goes in one transaction, as libxl writes it, so a guest or
 * xenconsoled never sees half a domain; a conflict (EAGAIN) is retried.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xend-xs.h"

/* xenconsoled's buffer limit for a guest's log, as libxl writes it. */
#define CONSOLE_LIMIT "1048576"
#define MAX_TRIES 16

/* One transaction's writes; the first failure's errno is kept. */
struct xw {
    struct xs_handle *xs;
    xs_transaction_t t;
    uint32_t domid;
    char dom[64];               /* /local/domain/<id> */
    char vm[64];                /* /vm/<uuid> */
    int err;
};

static void check(struct xw *w, bool ok)
{
    if ( !ok && !w->err )
        w->err = errno ? errno : EIO;
}

/* Write "<base>/<node>" (node NULL: base) = value. */
static void put(struct xw *w, const char *base, const char *node,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void put(struct xw *w, const char *base, const char *node,
                const char *fmt, ...)
{
    char path[256], val[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s%s%s", base, node ? "/" : "",
             node ? node : "");
    check(w, xs_write(w->xs, w->t, path, val, strlen(val)));
}

/* An empty node with the given permissions (libxl's libxl__xs_mknod). */
static void mknod(struct xw *w, const char *base, const char *node,
                  struct xs_permissions *perms, unsigned int n)
{
    char path[256];

    snprintf(path, sizeof(path), "%s%s%s", base, node ? "/" : "",
             node ? node : "");
    check(w, xs_write(w->xs, w->t, path, "", 0));
    check(w, xs_set_permissions(w->xs, w->t, path, perms, n));
}

/* n0 r<id>: dom0 owns, the guest may read. */
static void mknod_ro(struct xw *w, const char *base, const char *node)
{
    struct xs_permissions p[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = w->domid, .perms = XS_PERM_READ },
    };

    mknod(w, base, node, p, 2);
}

/* n<id>: the guest owns it (it writes and clears these). */
static void mknod_rw(struct xw *w, const char *node)
{
    struct xs_permissions p[1] = { { .id = w->domid, .perms = XS_PERM_NONE } };

    mknod(w, w->dom, node, p, 1);
}

static void write_skeleton(struct xw *w, const struct domain_config *cfg)
{
    static const char *const ro[] = { "cpu", "memory", "device", "control" };
    static const char *const rw[] = {
        "control/shutdown", "control/feature-poweroff",
        "control/feature-reboot", "control/feature-suspend",
        "control/sysrq", "device/suspend/event-channel", "data", "drivers",
        "feature", "attr", "error",
    };
    char u[37];
    size_t i;

    uuid_unparse_lower(cfg->uuid, u);
    xs_rm(w->xs, w->t, w->dom);
    mknod_ro(w, w->dom, NULL);
    xs_rm(w->xs, w->t, w->vm);
    mknod_ro(w, w->vm, NULL);
    put(w, w->dom, "vm", "%s", w->vm);
    put(w, w->dom, "name", "%s", cfg->name);
    put(w, w->dom, "domid", "%u", w->domid);
    put(w, w->vm, "uuid", "%s", u);
    put(w, w->vm, "name", "%s", cfg->name);
    for ( i = 0; i < sizeof(ro) / sizeof(ro[0]); i++ )
        mknod_ro(w, w->dom, ro[i]);
    for ( i = 0; i < sizeof(rw) / sizeof(rw[0]); i++ )
        mknod_rw(w, rw[i]);
    put(w, w->dom, "control/platform-feature-multiprocessor-suspend", "1");
    put(w, w->dom, "control/platform-feature-xs_reset_watches", "1");
}

/* What libxl__build_post writes: memory, vCPUs, the store ring. */
static void write_build(struct xw *w, const struct domain_config *cfg,
                        const struct xend_build_info *b)
{
    char node[32];
    unsigned int i;

    put(w, w->dom, "memory/static-max", "%" PRIu64, cfg->maxmem * 1024);
    put(w, w->dom, "memory/target", "%" PRIu64, cfg->memory * 1024);
    for ( i = 0; i < cfg->vcpus; i++ )
    {
        snprintf(node, sizeof(node), "cpu/%u/availability", i);
        put(w, w->dom, node, "online");
    }
    put(w, w->dom, "store/port", "%" PRIu32, b->store_port);
    put(w, w->dom, "store/ring-ref", "%" PRIu64, b->store_gfn);
}

/* The console frontend: n<id> r0, as libxl's device frontends. */
static void write_console(struct xw *w, const struct xend_build_info *b)
{
    struct xs_permissions p[2] = {
        { .id = w->domid, .perms = XS_PERM_NONE },
        { .id = 0, .perms = XS_PERM_READ },
    };

    mknod(w, w->dom, "console", p, 2);
    put(w, w->dom, "console/ring-ref", "%" PRIu64, b->console_gfn);
    put(w, w->dom, "console/port", "%" PRIu32, b->console_port);
    put(w, w->dom, "console/limit", CONSOLE_LIMIT);
    put(w, w->dom, "console/type", "xenconsoled");
    put(w, w->dom, "console/output", "pty");
}

static void paths(struct xw *w, struct xs_handle *xs, uint32_t domid,
                  const char *uuid)
{
    memset(w, 0, sizeof(*w));
    w->xs = xs;
    w->domid = domid;
    snprintf(w->dom, sizeof(w->dom), "/local/domain/%u", domid);
    snprintf(w->vm, sizeof(w->vm), "/vm/%s", uuid ? uuid : "");
}

/* Run fill() in a transaction until it commits or fails for good. */
static int transact(struct xw *w, void (*fill)(struct xw *w, const void *a,
                                               const void *b),
                    const void *a, const void *b)
{
    unsigned int i;

    for ( i = 0; i < MAX_TRIES; i++ )
    {
        w->err = 0;
        w->t = xs_transaction_start(w->xs);
        if ( w->t == XBT_NULL )
            return errno ? -errno : -EIO;
        fill(w, a, b);
        if ( w->err )
        {
            xs_transaction_end(w->xs, w->t, true);
            return -w->err;
        }
        if ( xs_transaction_end(w->xs, w->t, false) )
            return 0;
        if ( errno != EAGAIN )
            return -errno;
    }
    return -EAGAIN;
}

static void fill_domain(struct xw *w, const void *a, const void *b)
{
    write_skeleton(w, a);
    write_build(w, a, b);
    write_console(w, b);
}

int xend_xs_write_domain(struct xs_handle *xs, uint32_t domid,
                         const struct domain_config *cfg,
                         const struct xend_build_info *b)
{
    struct xw w;
    char u[37];

    uuid_unparse_lower(cfg->uuid, u);
    paths(&w, xs, domid, u);
    return transact(&w, fill_domain, cfg, b);
}

static void fill_remove(struct xw *w, const void *a, const void *b)
{
    if ( !xs_rm(w->xs, w->t, w->dom) && errno != ENOENT )
        check(w, false);
    if ( w->vm[4] && !xs_rm(w->xs, w->t, w->vm) && errno != ENOENT )
        check(w, false);
}

int xend_xs_remove_domain(struct xs_handle *xs, uint32_t domid,
                          const char *uuid)
{
    char path[64], *vm = NULL;
    struct xw w;
    int rc;

    if ( !uuid )
    {
        /* The domain's vm node names its /vm/<uuid>. */
        snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
        vm = xs_read(xs, XBT_NULL, path, NULL);
        uuid = vm && !strncmp(vm, "/vm/", 4) ? vm + 4 : NULL;
    }
    paths(&w, xs, domid, uuid);
    rc = transact(&w, fill_remove, NULL, NULL);
    free(vm);
    return rc;
}

static int write_node(struct xs_handle *xs, uint32_t domid, const char *node,
                      const char *val)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    return xs_write(xs, XBT_NULL, path, val, strlen(val)) ? 0 : -errno;
}

int xend_xs_shutdown(struct xs_handle *xs, uint32_t domid,
                     const char *reason)
{
    return write_node(xs, domid, "control/shutdown", reason);
}

int xend_xs_set_target(struct xs_handle *xs, uint32_t domid, uint64_t kib)
{
    char val[24];

    snprintf(val, sizeof(val), "%" PRIu64, kib);
    return write_node(xs, domid, "memory/target", val);
}

int xend_xs_set_static_max(struct xs_handle *xs, uint32_t domid,
                           uint64_t kib)
{
    char val[24];

    snprintf(val, sizeof(val), "%" PRIu64, kib);
    return write_node(xs, domid, "memory/static-max", val);
}

static void fill_vcpus(struct xw *w, const void *a, const void *b)
{
    unsigned int nr = *(const unsigned int *)a, max = *(const unsigned int *)b;
    char node[32];
    unsigned int i;

    for ( i = 0; i < max; i++ )
    {
        snprintf(node, sizeof(node), "cpu/%u/availability", i);
        put(w, w->dom, node, "%s", i < nr ? "online" : "offline");
    }
}

int xend_xs_set_vcpus(struct xs_handle *xs, uint32_t domid, unsigned int nr,
                      unsigned int max)
{
    struct xw w;

    paths(&w, xs, domid, NULL);
    return transact(&w, fill_vcpus, &nr, &max);
}

static void fill_name(struct xw *w, const void *a, const void *b)
{
    char path[96], *vm;

    snprintf(path, sizeof(path), "%s/vm", w->dom);
    put(w, w->dom, "name", "%s", (const char *)a);
    vm = xs_read(w->xs, w->t, path, NULL);
    if ( vm && !strncmp(vm, "/vm/", 4) )
        put(w, vm, "name", "%s", (const char *)a);
    free(vm);
}

int xend_xs_rename(struct xs_handle *xs, uint32_t domid, const char *name)
{
    struct xw w;

    paths(&w, xs, domid, NULL);
    return transact(&w, fill_name, name, NULL);
}

int xend_xs_read_u64(struct xs_handle *xs, uint32_t domid, const char *node,
                     uint64_t *val)
{
    char path[128], *s, *end;
    int rc = 0;

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    s = xs_read(xs, XBT_NULL, path, NULL);
    if ( !s )
        return errno ? -errno : -EIO;
    *val = strtoull(s, &end, 10);
    if ( !*s || *end )
        rc = -EINVAL;
    free(s);
    return rc;
}
