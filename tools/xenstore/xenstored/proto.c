/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wire protocol: one handler per XS_* request type, in a table that
 * also says which requests need privilege and which ignore tx_id.  Every
 * payload arrives NUL-terminated one byte past its length (conn.c), so
 * string functions cannot run off its end; the argument counting below
 * decides what is well formed.  See docs/misc/xenstore.txt in Xen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"


void reply(struct req *r, uint32_t type, const void *data, unsigned int len)
{
    if ( len > XENSTORE_PAYLOAD_MAX )
    {
        reply_error(r, E2BIG);
        return;
    }
    conn_queue(r->conn, type, r->hdr.req_id, r->hdr.tx_id, data, len, false);
}

void reply_error(struct req *r, int err)
{
    unsigned int i;
    const char *name = xsd_errors[0].errstring;   /* EINVAL */

    for ( i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++ )
        if ( xsd_errors[i].errnum == err )
            name = xsd_errors[i].errstring;
    conn_queue(r->conn, XS_ERROR, r->hdr.req_id, r->hdr.tx_id, name,
               strlen(name) + 1, false);
}

static void reply_ok(struct req *r)
{
    reply(r, r->hdr.type, "OK", 3);
}

unsigned int req_args(const struct req *r, const char **vec, unsigned int n)
{
    unsigned int off = 0, i = 0;
    const char *nul;

    while ( off < r->len &&
            (nul = memchr(r->data + off, '\0', r->len - off)) )
    {
        if ( i < n )
            vec[i] = r->data + off;
        i++;
        off = nul - r->data + 1;
    }
    return i;
}

const char *req_onearg(const struct req *r)
{
    if ( !r->len || memchr(r->data, '\0', r->len) != r->data + r->len - 1 )
        return NULL;
    return r->data;
}

/* The node named by the request's single argument, checked for perm. */
static struct node *req_node(struct req *r, unsigned int perm, char *path)
{
    const char *arg = req_onearg(r);
    bool rel;

    if ( !arg || path_canon(r->conn, arg, path, &rel) )
    {
        errno = EINVAL;
        return NULL;
    }
    return store_get(r, path, perm);
}

static int do_read(struct req *r)
{
    char path[XS_PATH_BUF];
    struct node *n = req_node(r, XS_PERM_READ, path);

    if ( !n )
        return errno;
    reply(r, XS_READ, n->value, n->vlen);
    return 0;
}

static int do_directory(struct req *r)
{
    char path[XS_PATH_BUF];
    struct node *n = req_node(r, XS_PERM_READ, path);

    if ( !n )
        return errno;
    reply(r, XS_DIRECTORY, n->children, n->clen);
    return 0;
}

/*
 * path, offset: "<generation>\0" then the children from byte offset on,
 * as many as fit; a final extra "\0" when the list ends in this reply.
 */
static int do_directory_part(struct req *r)
{
    char path[XS_PATH_BUF], buf[XENSTORE_PAYLOAD_MAX];
    const char *vec[2];
    struct node *n;
    unsigned int off, len = 0, gl, l;
    bool rel;

    if ( req_args(r, vec, 2) != 2 || path_canon(r->conn, vec[0], path, &rel) )
        return EINVAL;
    n = store_get(r, path, XS_PERM_READ);
    if ( !n )
        return errno;
    off = strtoul(vec[1], NULL, 10);
    gl = snprintf(buf, sizeof(buf), "%" PRIu64, n->gen) + 1;
    if ( off > n->clen )
        off = n->clen;
    while ( off + len < n->clen )
    {
        l = strlen(n->children + off + len) + 1;
        if ( gl + len + l + 1 > sizeof(buf) )
            break;
        len += l;
    }
    memcpy(buf + gl, n->children + off, len);
    if ( off + len == n->clen )
        buf[gl + len++] = '\0';
    reply(r, XS_DIRECTORY_PART, buf, gl + len);
    return 0;
}

static int do_get_perms(struct req *r)
{
    char path[XS_PATH_BUF], buf[XENSTORE_PAYLOAD_MAX + 16];
    struct node *n = req_node(r, XS_PERM_READ, path);
    unsigned int i, len = 0;

    if ( !n )
        return errno;
    for ( i = 0; i < n->nperms && len < XENSTORE_PAYLOAD_MAX; i++ )
    {
        if ( !xs_perm_to_string(&n->perms[i], buf + len, 16) )
            return EINVAL;
        len += strlen(buf + len) + 1;
    }
    reply(r, XS_GET_PERMS, buf, len);
    return 0;
}

/* path, value: create or overwrite. */
static int do_write(struct req *r)
{
    char path[XS_PATH_BUF];
    const char *vec[1];
    unsigned int off, vlen;
    struct node *n;
    bool rel;
    int rc;

    if ( req_args(r, vec, 1) < 1 || path_canon(r->conn, vec[0], path, &rel) )
        return EINVAL;
    off = strlen(vec[0]) + 1;
    vlen = r->len - off;
    n = store_get(r, path, XS_PERM_WRITE);
    if ( !n )
    {
        if ( errno != ENOENT )
            return errno;
        rc = store_create(r, path, r->data + off, vlen, &n);
    }
    else if ( !r->conn->privileged &&
              20 + n->nperms * 8 + vlen + n->clen >= xs_quota.entry_size )
        rc = ENOSPC;
    else if ( !(rc = node_set_value(n, r->data + off, vlen)) )
        rc = tree_write(r->txn, n);
    if ( rc )
        return rc;
    watch_fire(r, path, n->perms, n->nperms, false);
    reply_ok(r);
    return 0;
}

static int do_mkdir(struct req *r)
{
    char path[XS_PATH_BUF];
    struct node *n = req_node(r, XS_PERM_WRITE, path);
    int rc;

    if ( !n )
    {
        if ( errno != ENOENT )
            return errno;
        rc = store_create(r, path, NULL, 0, &n);
        if ( rc )
            return rc;
        watch_fire(r, path, n->perms, n->nperms, false);
    }
    reply_ok(r);
    return 0;
}

static int do_rm(struct req *r)
{
    char path[XS_PATH_BUF], parent[XS_PATH_BUF];
    struct node *n = req_node(r, XS_PERM_WRITE, path);
    int rc;

    if ( !n )
    {
        if ( errno != ENOENT )
            return errno;
        /* Gone already: fine, if its parent exists. */
        path_parent(path, parent);
        if ( !tree_read(r->txn, parent) )
            return errno;
        reply_ok(r);
        return 0;
    }
    rc = store_rm(r, path);
    if ( rc )
        return rc;
    reply_ok(r);
    return 0;
}

/* Parse the permission strings after the path; 0 or an errno. */
static int req_perms(struct req *r, struct xs_permissions **out,
                     unsigned int *num)
{
    unsigned int n = req_args(r, NULL, 0);
    const char *first = r->data + strlen(r->data) + 1;
    struct xs_permissions *p;

    if ( n < 2 )
        return EINVAL;
    n--;
    if ( !r->conn->privileged && n > xs_quota.perms )
        return ENOSPC;
    p = calloc(n, sizeof(*p));
    if ( !p )
        return ENOMEM;
    if ( !xs_strings_to_perms(p, n, first) )
    {
        free(p);
        return EINVAL;
    }
    *out = p;
    *num = n;
    return 0;
}

/* Change n's permissions, moving its count to a new owner. */
static int set_node_perms(struct req *r, struct node *n,
                          const struct xs_permissions *p, unsigned int num)
{
    unsigned int old_owner = n->perms[0].id;
    int rc = node_set_perms(n, p, num);

    if ( rc )
        return rc;
    rc = tree_write(r->txn, n);
    if ( rc )
        return rc;
    if ( r->txn )
    {
        txn_count_add(r->txn, old_owner, -1);
        txn_count_add(r->txn, p[0].id, 1);
    }
    else
    {
        store_count_add(old_owner, -1);
        store_count_add(p[0].id, 1);
    }
    return 0;
}

/* path, perm strings: only the owner (or a privileged client) may. */
static int do_set_perms(struct req *r)
{
    struct xs_permissions *p = NULL, *old = NULL;
    char path[XS_PATH_BUF];
    unsigned int num, oldn;
    struct node *n;
    bool rel;
    int rc = req_perms(r, &p, &num);

    if ( rc )
        return rc;
    if ( r->data[0] == '@' )
        rc = domain_special_set_perms(r, r->data, p, num);
    else if ( path_canon(r->conn, r->data, path, &rel) )
        rc = EINVAL;
    else if ( !(n = store_get(r, path, XS_PERM_WRITE | XS_PERM_OWNER)) )
        rc = errno;
    else if ( !r->conn->privileged && p[0].id != n->perms[0].id )
        rc = EPERM;
    else if ( !(old = malloc(n->nperms * sizeof(*old))) )
        rc = ENOMEM;
    else
    {
        oldn = n->nperms;
        memcpy(old, n->perms, oldn * sizeof(*old));
        rc = set_node_perms(r, n, p, num);
        if ( !rc )
            watch_fire(r, path, old, oldn, false);
    }
    free(old);
    free(p);
    if ( rc )
        return rc;
    reply_ok(r);
    return 0;
}

/* path, token: exactly two strings, as Xen 4.17 insists. */
static int do_watch(struct req *r)
{
    const char *vec[2];

    if ( req_args(r, vec, 2) != 2 )
        return EINVAL;
    return watch_add(r, vec[0], vec[1]);
}

static int do_unwatch(struct req *r)
{
    const char *vec[2];
    int rc;

    if ( req_args(r, vec, 2) != 2 )
        return EINVAL;
    rc = watch_remove(r, vec[0], vec[1]);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_transaction_start(struct req *r)
{
    char buf[16];
    uint32_t id;
    int rc;

    if ( r->txn )
        return EBUSY;
    rc = txn_start(r, &id);
    if ( rc )
        return rc;
    reply(r, XS_TRANSACTION_START, buf,
          snprintf(buf, sizeof(buf), "%u", id) + 1);
    return 0;
}

static int do_transaction_end(struct req *r)
{
    const char *arg = req_onearg(r);
    int rc;

    if ( !arg || (strcmp(arg, "T") && strcmp(arg, "F")) )
        return EINVAL;
    if ( !r->txn )
        return ENOENT;
    rc = txn_end(r, arg[0] == 'T');
    r->txn = NULL;
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_reset_watches(struct req *r)
{
    watch_remove_all(r->conn);
    txn_destroy_all(r->conn);
    r->txn = NULL;
    reply_ok(r);
    return 0;
}

#define F_PRIV   (1u << 0)     /* privileged callers only */
#define F_NOTID  (1u << 1)     /* tx_id is ignored */

static const struct {
    int (*fn)(struct req *r);
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL]              = { control_handle,        F_PRIV },
    [XS_DIRECTORY]            = { do_directory,          0 },
    [XS_READ]                 = { do_read,               0 },
    [XS_GET_PERMS]            = { do_get_perms,          0 },
    [XS_WATCH]                = { do_watch,              F_NOTID },
    [XS_UNWATCH]              = { do_unwatch,            F_NOTID },
    [XS_TRANSACTION_START]    = { do_transaction_start,  0 },
    [XS_TRANSACTION_END]      = { do_transaction_end,    0 },
    [XS_INTRODUCE]            = { domain_introduce,      F_PRIV },
    [XS_RELEASE]              = { domain_release,        F_PRIV },
    [XS_GET_DOMAIN_PATH]      = { domain_get_path,       0 },
    [XS_WRITE]                = { do_write,              0 },
    [XS_MKDIR]                = { do_mkdir,              0 },
    [XS_RM]                   = { do_rm,                 0 },
    [XS_SET_PERMS]            = { do_set_perms,          0 },
    [XS_IS_DOMAIN_INTRODUCED] = { domain_is_introduced,  F_PRIV },
    [XS_RESUME]               = { domain_resume,         F_PRIV },
    [XS_SET_TARGET]           = { domain_set_target,     F_PRIV },
    [XS_RESET_WATCHES]        = { do_reset_watches,      0 },
    [XS_DIRECTORY_PART]       = { do_directory_part,     0 },
};

void proto_process(struct conn *c, const struct xsd_sockmsg *hdr,
                   char *payload)
{
    struct req r = { .conn = c, .hdr = *hdr, .data = payload,
                     .len = hdr->len };
    uint32_t type = hdr->type;
    int rc;

    if ( type >= XS_TYPE_COUNT || !handlers[type].fn )
    {
        reply_error(&r, ENOSYS);
        return;
    }
    if ( (handlers[type].flags & F_PRIV) && !c->privileged )
    {
        reply_error(&r, EACCES);
        return;
    }
    if ( !(handlers[type].flags & F_NOTID) && hdr->tx_id &&
         !(r.txn = txn_lookup(c, hdr->tx_id)) )
    {
        reply_error(&r, ENOENT);
        return;
    }
    rc = handlers[type].fn(&r);
    if ( rc )
        reply_error(&r, rc);
}
