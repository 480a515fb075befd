/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The protocol's operations on the tree: path rules, permission checks,
 * creation with missing parents, recursive removal, and the per-domain
 * node counts behind the node quota.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* Nodes owned by each domain (entry 0 of the node's permissions). */
static int node_counts[XS_DOMID_LIMIT];

int store_count(unsigned int domid)
{
    return domid < XS_DOMID_LIMIT ? node_counts[domid] : 0;
}

void store_count_add(unsigned int domid, int delta)
{
    if ( domid < XS_DOMID_LIMIT )
        node_counts[domid] += delta;
}

/* Count a node's owner change, in the transaction when there is one. */
static void store_account(struct req *r, unsigned int owner, int delta)
{
    if ( r && r->txn )
        txn_count_add(r->txn, owner, delta);
    else
        store_count_add(owner, delta);
}

static bool conn_is(const struct conn *c, unsigned int id)
{
    return id == c->id || (c->target != XS_DOMID_LIMIT && id == c->target);
}

unsigned int perm_for_conn(const struct conn *c,
                           const struct xs_permissions *p, unsigned int n)
{
    const unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
    unsigned int i;

    if ( !c || c->privileged || conn_is(c, p[0].id) )
        return all;
    for ( i = 1; i < n; i++ )
        if ( !(p[i].perms & XS_PERM_IGNORE) && conn_is(c, p[i].id) )
            return p[i].perms & all;
    return p[0].perms & all;
}

static bool path_chars_ok(const char *p)
{
    for ( ; *p; p++ )
        if ( !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
               (*p >= '0' && *p <= '9') || strchr("-/_@", *p)) )
            return false;
    return true;
}

/* Length of a leading "/local/domain/<domid>/", else 0 (Xen's rule). */
static size_t path_home_len(const char *p)
{
    const char pre[] = "/local/domain/";
    size_t i = sizeof(pre) - 1, d;

    if ( strncmp(p, pre, i) )
        return 0;
    for ( d = 0; d < 5 && p[i + d] >= '0' && p[i + d] <= '9'; d++ )
        ;
    return d && p[i + d] == '/' ? i + d + 1 : 0;
}

bool path_valid(const char *p)
{
    size_t len = strlen(p);

    if ( p[0] != '/' || len >= XS_PATH_BUF )
        return false;
    if ( len > 1 && p[len - 1] == '/' )
        return false;
    if ( strstr(p, "//") )
        return false;
    if ( len > path_home_len(p) + xs_quota.path_len )
        return false;
    return path_chars_ok(p);
}

int path_canon(const struct conn *c, const char *in, char *out,
               bool *relative)
{
    int l;

    /* "@..." names only watch events (Xen leaves them as they are and
     * so finds them invalid as node paths). */
    if ( in[0] == '@' )
        return EINVAL;
    *relative = in[0] != '/';
    if ( *relative )
        l = snprintf(out, XS_PATH_BUF, "/local/domain/%u/%s", c->id, in);
    else
        l = snprintf(out, XS_PATH_BUF, "%s", in);
    if ( l < 0 || l >= XS_PATH_BUF || !path_valid(out) )
        return EINVAL;
    return 0;
}

void path_parent(const char *path, char *out)
{
    const char *s = strrchr(path, '/');
    size_t l = s > path ? (size_t)(s - path) : 1;

    memcpy(out, path, l);
    out[l] = '\0';
}

const char *path_base(const char *path)
{
    return strrchr(path, '/') + 1;
}

/*
 * A node is missing or unreadable: say ENOENT only if the caller may see
 * into the nearest existing ancestor, so EACCES hides what exists.
 */
static int store_err_from_parents(struct req *r, const char *path,
                                  unsigned int perm)
{
    char buf[XS_PATH_BUF];
    struct node *n = NULL;

    strcpy(buf, path);
    while ( strcmp(buf, "/") )
    {
        path_parent(buf, buf);
        n = tree_read(r->txn, buf);
        if ( n )
            break;
        if ( errno != ENOENT )
            return errno;
    }
    if ( !n )
        return EACCES;
    return perm_for_conn(r->conn, n->perms, n->nperms) & perm ? ENOENT
                                                              : EACCES;
}

struct node *store_get(struct req *r, const char *path, unsigned int perm)
{
    struct node *n = tree_read(r->txn, path);

    if ( n )
    {
        if ( (perm_for_conn(r->conn, n->perms, n->nperms) & perm) == perm )
            return n;
        errno = EACCES;
        return NULL;
    }
    if ( errno == ENOENT )
        errno = store_err_from_parents(r, path, perm);
    return NULL;
}

static bool store_unpriv(const struct req *r)
{
    return r->conn && !r->conn->privileged;
}

/* Quota: may r's domain own another `extra` nodes? */
static bool store_quota_ok(struct req *r, unsigned int extra)
{
    unsigned int id = r->conn->id;
    int have;

    if ( !store_unpriv(r) )
        return true;
    have = store_count(id) + (r->txn ? txn_count_delta(r->txn, id) : 0);
    return have + extra <= (int)xs_quota.nodes;
}

/* Nearest existing ancestor of path; sets *missing to the levels below. */
static struct node *store_find_ancestor(struct req *r, const char *path,
                                        unsigned int *missing)
{
    char buf[XS_PATH_BUF];
    struct node *n;

    strcpy(buf, path);
    *missing = 0;
    do {
        path_parent(buf, buf);
        (*missing)++;
        n = tree_read(r->txn, buf);
    } while ( !n && errno == ENOENT && strcmp(buf, "/") );
    return n;
}

/* A new child of parent, named name, inheriting parent's permissions. */
static struct node *store_new_child(struct req *r, struct node *parent,
                                    const char *name)
{
    struct node *n = node_alloc(name);

    if ( !n || node_set_perms(n, parent->perms, parent->nperms) )
    {
        node_free(n);
        return NULL;
    }
    if ( store_unpriv(r) )
        n->perms[0].id = r->conn->id;   /* domains own what they make */
    return n;
}

/*
 * Link the new node n under parent and store both; counts it.  Takes
 * ownership of n: on failure n is freed and parent is left as it was.
 */
static int store_link(struct req *r, struct node *parent, struct node *n)
{
    unsigned int owner = n->perms[0].id;
    int rc = node_add_child(parent, path_base(n->name));

    if ( !rc && store_unpriv(r) &&
         node_record_size(parent) >= xs_quota.entry_size )
    {
        node_del_child(parent, path_base(n->name));
        rc = ENOSPC;
    }
    if ( rc )
    {
        node_free(n);
        return rc;
    }
    rc = tree_write(r->txn, n);
    if ( rc )
    {
        node_del_child(parent, path_base(n->name));
        node_free(n);
        return rc;
    }
    /* parent is already stored (or in the transaction): cannot fail. */
    tree_write(r->txn, parent);
    store_account(r, owner, 1);
    return 0;
}

/* Length of the prefix of path ending before the next '/' after from. */
static size_t store_next_level(const char *path, size_t from)
{
    const char *s = strchr(path + from + 1, '/');

    return s ? (size_t)(s - path) : strlen(path);
}

int store_create(struct req *r, const char *path, const void *val,
                 unsigned int len, struct node **out)
{
    unsigned int missing, i;
    struct node *parent, *n;
    char buf[XS_PATH_BUF];
    size_t end;
    int rc;

    parent = store_find_ancestor(r, path, &missing);
    if ( !parent )
        return errno == ENOENT ? EIO : errno;   /* "/" always exists */
    if ( !store_quota_ok(r, missing) )
        return ENOSPC;
    if ( store_unpriv(r) &&
         20 + parent->nperms * 8 + len >= xs_quota.entry_size )
        return ENOSPC;
    end = strcmp(parent->name, "/") ? strlen(parent->name) : 0;
    for ( i = missing; i > 0; i-- )
    {
        end = store_next_level(path, end);
        memcpy(buf, path, end);
        buf[end] = '\0';
        n = store_new_child(r, parent, buf);
        if ( !n || (i == 1 && node_set_value(n, val, len)) )
        {
            node_free(n);
            return ENOMEM;
        }
        rc = store_link(r, parent, n);
        if ( rc )
            return rc;
        parent = n;
    }
    *out = parent;
    return 0;
}

/* A growable list of paths, for walking a subtree without recursion. */
struct pathlist {
    char **p;
    unsigned int n, cap;
};

static int pathlist_add(struct pathlist *l, const char *a, const char *b)
{
    char **np;
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *s;

    if ( la + 1 + lb >= XS_PATH_BUF )
        return EINVAL;   /* a child name that cannot be a valid path */
    if ( l->n == l->cap )
    {
        np = realloc(l->p, (l->cap ? l->cap * 2 : 16) * sizeof(*np));
        if ( !np )
            return ENOMEM;
        l->p = np;
        l->cap = l->cap ? l->cap * 2 : 16;
    }
    s = malloc(la + 2 + lb);
    if ( !s )
        return ENOMEM;
    if ( b )
        sprintf(s, "%s/%s", strcmp(a, "/") ? a : "", b);
    else
        strcpy(s, a);
    l->p[l->n++] = s;
    return 0;
}

static void pathlist_free(struct pathlist *l)
{
    while ( l->n )
        free(l->p[--l->n]);
    free(l->p);
}

/* Breadth-first list of path and everything below it. */
static int store_collect(struct req *r, const char *path, struct pathlist *l)
{
    unsigned int i, off;
    struct node *n;
    int rc = pathlist_add(l, path, NULL);

    for ( i = 0; !rc && i < l->n; i++ )
    {
        n = tree_read(r->txn, l->p[i]);
        if ( !n )
            return errno == ENOENT ? EIO : errno;
        for ( off = 0; !rc && off < n->clen;
              off += strlen(n->children + off) + 1 )
            rc = pathlist_add(l, l->p[i], n->children + off);
    }
    return rc;
}

/* Delete one node of a removed subtree: fire its watches, uncount it. */
static void store_rm_one(struct req *r, const char *path, bool exact)
{
    struct node *n = tree_read(r->txn, path);

    if ( !n )
        return;
    watch_fire(r, path, n->perms, n->nperms, exact);
    store_account(r, n->perms[0].id, -1);
    tree_delete(r->txn, path);
}

int store_rm(struct req *r, const char *path)
{
    struct pathlist l = { 0 };
    char pbuf[XS_PATH_BUF];
    struct node *parent;
    unsigned int i;
    int rc;

    if ( !strcmp(path, "/") )
        return EINVAL;
    path_parent(path, pbuf);
    parent = tree_read(r->txn, pbuf);
    if ( !parent )
        return errno == ENOENT ? EIO : errno;
    /* Read everything first: a transaction can run out of room here. */
    rc = store_collect(r, path, &l);
    if ( !rc )
    {
        for ( i = l.n; i-- > 0; )
            store_rm_one(r, l.p[i], i != 0);
        node_del_child(parent, path_base(path));
        tree_write(r->txn, parent);
    }
    pathlist_free(&l);
    return rc;
}

struct owned_arg {
    unsigned int domid;
    struct pathlist l;
};

static void store_find_owned(struct node *n, void *arg)
{
    struct owned_arg *a = arg;

    if ( n->perms[0].id == a->domid && strcmp(n->name, "/") )
        pathlist_add(&a->l, n->name, NULL);
}

/* -K: the node passes to dom0 instead. */
static void store_orphan_to_dom0(struct node *n)
{
    store_count_add(n->perms[0].id, -1);
    n->perms[0].id = 0;
    store_count_add(0, 1);
    tree_write(NULL, n);
}

void store_rm_owned(unsigned int domid)
{
    struct owned_arg a = { .domid = domid };
    struct req r = { 0 };
    struct node *n;
    unsigned int i;

    tree_foreach(store_find_owned, &a);
    for ( i = 0; i < a.l.n; i++ )
    {
        n = tree_lookup(a.l.p[i]);
        if ( n && xs_keep_orphans )
            store_orphan_to_dom0(n);
        else if ( n )
            store_rm(&r, a.l.p[i]);
    }
    pathlist_free(&a.l);
}

static void store_setup_node(const char *name, const char *child)
{
    static const struct xs_permissions none0 = { 0, XS_PERM_NONE };
    struct node *n = node_alloc(name);

    if ( !n || node_set_perms(n, &none0, 1) ||
         (child && node_add_child(n, child)) || tree_write(NULL, n) )
    {
        xs_log("cannot create %s\n", name);
        exit(1);
    }
    store_count_add(0, 1);
}

void store_setup(void)
{
    memset(node_counts, 0, sizeof(node_counts));
    store_setup_node("/", "tool");
    store_setup_node("/tool", "xenstored");
    store_setup_node("/tool/xenstored", NULL);
}
