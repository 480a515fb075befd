/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches.  A change to a path sends XS_WATCH_EVENT to every connection
 * with a watch on the path or one of its ancestors, if that connection may
 * read the node or its parent (Xen's rule, so a watcher hears about the
 * removal of a node it could read).  "@introduceDomain" and
 * "@releaseDomain" match only exactly and are read-checked against their
 * own permissions (domain.c).  Inside a transaction events wait for the
 * commit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct watch {
    struct list link;
    bool relative;      /* the client gave a path relative to its home */
    char *path;         /* absolute, or "@..." */
    char *token;
};

static void watch_free(struct conn *c, struct watch *w)
{
    list_del(&w->link);
    c->nwatches--;
    free(w->path);
    free(w->token);
    free(w);
}

/* Absolute path (or special name) of a watch request; 0 or EINVAL. */
static int watch_path(const struct conn *c, const char *in, char *out,
                      bool *relative)
{
    if ( in[0] == '@' )
    {
        *relative = false;
        if ( strlen(in) > XENSTORE_REL_PATH_MAX )
            return EINVAL;
        strcpy(out, in);
        return 0;
    }
    return path_canon(c, in, out, relative);
}

static struct watch *watch_find(struct conn *c, const char *path,
                                const char *token)
{
    struct list *l;
    struct watch *w;

    list_for_each(l, &c->watches)
    {
        w = list_entry(l, struct watch, link);
        if ( !strcmp(w->path, path) && !strcmp(w->token, token) )
            return w;
    }
    return NULL;
}

/* The event path as the watcher named it: relative to its home or not. */
static const char *watch_event_path(const struct conn *c,
                                    const struct watch *w, const char *path)
{
    const char *p = path;
    const char *pre = "/local/domain/";
    size_t l = strlen(pre);

    if ( !w->relative || strncmp(p, pre, l) )
        return p;
    p += l;
    while ( *p >= '0' && *p <= '9' )
        p++;
    return *p == '/' ? p + 1 : p;
}

static void watch_send(struct conn *c, const struct watch *w,
                       const char *path)
{
    const char *ep = watch_event_path(c, w, path);
    size_t pl = strlen(ep) + 1, tl = strlen(w->token) + 1;
    char buf[XENSTORE_PAYLOAD_MAX];

    if ( pl + tl > sizeof(buf) )
        return;   /* Xen drops over-long events too */
    memcpy(buf, ep, pl);
    memcpy(buf + pl, w->token, tl);
    conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl, true);
}

int watch_add(struct req *r, const char *path, const char *token)
{
    struct conn *c = r->conn;
    char abs[XS_PATH_BUF];
    unsigned int max = c->privileged ? xs_quota.priv_watches
                                     : xs_quota.watches;
    struct watch *w;
    bool relative;
    int rc = watch_path(c, path, abs, &relative);

    if ( rc )
        return rc;
    if ( watch_find(c, abs, token) )
        return EEXIST;
    if ( c->nwatches >= max )
        return E2BIG;
    w = calloc(1, sizeof(*w));
    if ( !w || !(w->path = strdup(abs)) || !(w->token = strdup(token)) )
    {
        if ( w )
            free(w->path);
        free(w);
        return ENOMEM;
    }
    w->relative = relative;
    list_add_tail(&c->watches, &w->link);
    c->nwatches++;
    reply(r, XS_WATCH, "OK", 3);
    /* Fires once straight away, so clients need not read the state. */
    if ( !c->dead && !c->ignored )
        watch_send(c, w, abs);
    return 0;
}

int watch_remove(struct req *r, const char *path, const char *token)
{
    char abs[XS_PATH_BUF];
    struct watch *w;
    bool relative;

    if ( watch_path(r->conn, path, abs, &relative) )
        return EINVAL;
    w = watch_find(r->conn, abs, token);
    if ( !w )
        return ENOENT;
    watch_free(r->conn, w);
    return 0;
}

void watch_remove_all(struct conn *c)
{
    while ( !list_empty(&c->watches) )
        watch_free(c, list_entry(c->watches.next, struct watch, link));
}

static bool watch_is_child(const char *child, const char *parent)
{
    size_t l = strlen(parent);

    if ( !strcmp(parent, "/") )
        return child[0] == '/';
    return !strncmp(child, parent, l) && (child[l] == '/' || !child[l]);
}

static bool watch_readable(const struct conn *c, const char *path,
                           const struct xs_permissions *perms,
                           unsigned int nperms)
{
    char parent[XS_PATH_BUF];
    const struct node *n;

    if ( path[0] == '@' )
        return domain_special_readable(c, path);
    if ( perms && (perm_for_conn(c, perms, nperms) & XS_PERM_READ) )
        return true;
    n = tree_lookup(path);
    if ( n && (perm_for_conn(c, n->perms, n->nperms) & XS_PERM_READ) )
        return true;
    if ( !strcmp(path, "/") )
        return false;
    path_parent(path, parent);
    n = tree_lookup(parent);
    return n && (perm_for_conn(c, n->perms, n->nperms) & XS_PERM_READ);
}

static void watch_fire_conn(struct conn *c, const char *path,
                            const struct xs_permissions *perms,
                            unsigned int nperms, bool exact)
{
    struct list *l, *n;
    struct watch *w;
    bool checked = false;

    list_for_each_safe(l, n, &c->watches)
    {
        w = list_entry(l, struct watch, link);
        if ( exact ? strcmp(path, w->path) : !watch_is_child(path, w->path) )
            continue;
        if ( !checked && !watch_readable(c, path, perms, nperms) )
            return;
        checked = true;
        watch_send(c, w, path);
        if ( c->dead || c->ignored )
            return;
    }
}

void watch_fire(struct req *r, const char *path,
                const struct xs_permissions *perms, unsigned int nperms,
                bool exact)
{
    struct list *l;
    struct conn *c;

    if ( r && r->txn )
    {
        txn_queue_event(r->txn, path, perms, nperms, exact);
        return;
    }
    list_for_each(l, &xs_conns)
    {
        c = list_entry(l, struct conn, link);
        if ( !c->dead && !c->ignored && c->nwatches )
            watch_fire_conn(c, path, perms, nperms, exact);
    }
}

void watch_fire_path(struct conn *origin, const char *path, bool exact)
{
    watch_fire(NULL, path, NULL, 0, exact);
}
