/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains: XS_INTRODUCE / RELEASE / RESUME / SET_TARGET /
 * IS_DOMAIN_INTRODUCED / GET_DOMAIN_PATH, the @introduceDomain and
 * @releaseDomain events and their permissions, and the connection over a
 * domain's shared ring (struct xenstore_domain_interface in xs_wire.h).
 *
 * Ring rules: the indexes are free-running and written by the other side,
 * so each is read once, checked (prod - cons <= ring size) and only then
 * used; a bad index ends service to that domain with
 * XENSTORE_ERROR_RINGIDX in the page's error field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "platform.h"

struct domain {
    struct list link;
    unsigned int domid;
    struct conn *conn;
    struct xenstore_domain_interface *intf;
    int port;                   /* our local event channel port */
    bool shutdown;              /* @releaseDomain sent for the shutdown */
};

static struct list domains = LIST_INIT(domains);
static int virq_port = -1;
static struct xs_permissions special_perms[2][8] = {
    { { 0, XS_PERM_NONE } }, { { 0, XS_PERM_NONE } }
};
static unsigned int special_nperms[2] = { 1, 1 };

const struct xs_platform *xs_platform = &xs_platform_none;

#define ring_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static struct domain *domain_find(unsigned int domid)
{
    struct list *l;
    struct domain *d;

    list_for_each(l, &domains)
    {
        d = list_entry(l, struct domain, link);
        if ( d->domid == domid )
            return d;
    }
    return NULL;
}

static ssize_t ring_read(struct conn *c, void *buf, size_t len)
{
    struct xenstore_domain_interface *intf = c->dom->intf;
    XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
    size_t avail, done = 0, chunk;

    ring_barrier();
    if ( prod - cons > XENSTORE_RING_SIZE )
        return -1;
    avail = prod - cons < len ? prod - cons : len;
    while ( done < avail )
    {
        chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons + done);
        if ( chunk > avail - done )
            chunk = avail - done;
        memcpy((char *)buf + done, intf->req + MASK_XENSTORE_IDX(cons + done),
               chunk);
        done += chunk;
    }
    ring_barrier();
    intf->req_cons = cons + done;
    if ( done )
        xs_platform->evtchn_notify(c->dom->port);
    return done;
}

static ssize_t ring_write(struct conn *c, const void *buf, size_t len)
{
    struct xenstore_domain_interface *intf = c->dom->intf;
    XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
    size_t space, done = 0, chunk;

    ring_barrier();
    if ( prod - cons > XENSTORE_RING_SIZE )
        return -1;
    space = XENSTORE_RING_SIZE - (prod - cons);
    if ( space > len )
        space = len;
    while ( done < space )
    {
        chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod + done);
        if ( chunk > space - done )
            chunk = space - done;
        memcpy(intf->rsp + MASK_XENSTORE_IDX(prod + done),
               (const char *)buf + done, chunk);
        done += chunk;
    }
    ring_barrier();
    intf->rsp_prod = prod + done;
    if ( done )
        xs_platform->evtchn_notify(c->dom->port);
    return done;
}

static void ring_error(struct conn *c, unsigned int err)
{
    if ( c->dom && c->dom->intf )
        c->dom->intf->error = err;
}

static void domain_free(struct domain *d)
{
    if ( d->port >= 0 )
        xs_platform->evtchn_unbind(d->port);
    if ( d->intf )
        xs_platform->ring_unmap(d->domid, d->intf);
    list_del(&d->link);
    free(d);
}

static void ring_destroy(struct conn *c)
{
    /* domain_conn_gone() already detached and freed the domain. */
}

static const struct conn_ops ring_ops = {
    .read = ring_read,
    .write = ring_write,
    .destroy = ring_destroy,
    .error = ring_error,
};

/*
 * A gone domain loses its entries in the special nodes' lists (as Xen's
 * remove_domid_from_perm), so a later domain with its id gains nothing;
 * an owner entry passes to dom0.
 */
static void domain_special_forget(unsigned int domid)
{
    unsigned int i, cur, new;

    for ( i = 0; i < 2; i++ )
    {
        if ( special_perms[i][0].id == domid )
            special_perms[i][0].id = 0;
        for ( cur = new = 1; cur < special_nperms[i]; cur++ )
            if ( special_perms[i][cur].id != domid )
                special_perms[i][new++] = special_perms[i][cur];
        special_nperms[i] = new;
    }
}

/*
 * Stop serving d: its connection is killed (the main loop frees it), its
 * nodes go (Xen 4.17 removes what a gone domain owned) and
 * @releaseDomain fires.
 */
static void domain_disconnect(struct domain *d)
{
    struct conn *c = d->conn;
    unsigned int domid = d->domid;

    conn_kill(c);
    c->dom = NULL;
    domain_free(d);
    store_rm_owned(domid);
    domain_special_forget(domid);
    watch_fire_path(NULL, "@releaseDomain", true);
}

void domain_conn_gone(struct conn *c)
{
    domain_disconnect(c->dom);
}

/* Start serving domid's ring; 0 or an errno. */
static int domain_connect(unsigned int domid, void *intf,
                          unsigned int remote_port, struct domain **out)
{
    struct domain *d = calloc(1, sizeof(*d));

    if ( !d )
        return ENOMEM;
    d->domid = domid;
    d->intf = intf;
    d->port = xs_platform->evtchn_bind(domid, remote_port);
    d->conn = conn_new(&ring_ops, -1, domid, domid == 0);
    if ( d->port < 0 || !d->conn )
    {
        int rc = d->port < 0 ? EINVAL : ENOMEM;

        if ( d->conn )
            conn_kill(d->conn);   /* freed by the main loop */
        list_init(&d->link);
        domain_free(d);
        return rc;
    }
    d->conn->dom = d;
    list_add_tail(&domains, &d->link);
    *out = d;
    return 0;
}

/* Reset the ring and the domain's state, as Xen does on introduce. */
static void domain_reset(struct domain *d)
{
    struct conn *c = d->conn;

    conn_reset(c);
    c->ignored = false;
    d->intf->req_cons = d->intf->req_prod = 0;
    d->intf->rsp_cons = d->intf->rsp_prod = 0;
    ring_barrier();
    if ( d->intf->connection == XENSTORE_RECONNECT )
        d->intf->connection = XENSTORE_CONNECTED;
    xs_platform->evtchn_notify(d->port);
}

/* domid, gfn, port: map the domain's ring and serve it. */
int domain_introduce(struct req *r)
{
    const char *vec[3];
    unsigned long domid, port;
    unsigned long long gfn;
    struct domain *d;
    void *intf;
    int rc;

    if ( req_args(r, vec, 3) < 3 )
        return EINVAL;
    domid = strtoul(vec[0], NULL, 10);
    gfn = strtoull(vec[1], NULL, 10);
    port = strtoul(vec[2], NULL, 10);
    if ( domid == 0 || domid >= XS_DOMID_LIMIT || port == 0 ||
         port > INT32_MAX )
        return EINVAL;
    d = domain_find(domid);
    if ( d )
    {
        /* Again: rebind the event channel (Xen's use after resume). */
        xs_platform->evtchn_unbind(d->port);
        d->port = xs_platform->evtchn_bind(domid, port);
    }
    else
    {
        intf = xs_platform->ring_map(domid, gfn);
        if ( !intf )
            return EIO;
        rc = domain_connect(domid, intf, port, &d);
        if ( rc )
            return rc;
        watch_fire_path(NULL, "@introduceDomain", true);
    }
    domain_reset(d);
    reply(r, XS_INTRODUCE, "OK", 3);
    return 0;
}

/* The introduced domain named by the single argument, or NULL + errno. */
static struct domain *domain_arg(struct req *r)
{
    const char *arg = req_onearg(r);
    unsigned long domid;
    struct domain *d;

    errno = EINVAL;
    if ( !arg )
        return NULL;
    domid = strtoul(arg, NULL, 10);
    if ( domid == 0 || domid >= XS_DOMID_LIMIT )
        return NULL;
    d = domain_find(domid);
    if ( !d )
        errno = ENOENT;
    return d;
}

int domain_release(struct req *r)
{
    struct domain *d = domain_arg(r);

    if ( !d )
        return errno;
    domain_disconnect(d);
    reply(r, XS_RELEASE, "OK", 3);
    return 0;
}

int domain_resume(struct req *r)
{
    struct domain *d = domain_arg(r);

    if ( !d )
        return errno;
    d->shutdown = false;
    reply(r, XS_RESUME, "OK", 3);
    return 0;
}

int domain_is_introduced(struct req *r)
{
    const char *arg = req_onearg(r);
    unsigned long domid;
    bool yes;

    if ( !arg )
        return EINVAL;
    domid = strtoul(arg, NULL, 10);
    yes = domid == XS_DOMID_SELF || domain_find(domid);
    reply(r, XS_IS_DOMAIN_INTRODUCED, yes ? "T" : "F", 2);
    return 0;
}

int domain_get_path(struct req *r)
{
    const char *arg = req_onearg(r);
    char buf[32];

    if ( !arg )
        return EINVAL;
    snprintf(buf, sizeof(buf), "/local/domain/%u",
             (unsigned int)strtoul(arg, NULL, 10));
    reply(r, XS_GET_DOMAIN_PATH, buf, strlen(buf) + 1);
    return 0;
}

/* domid, target: domid acts for target (a device model's rights). */
int domain_set_target(struct req *r)
{
    const char *vec[2];
    struct domain *d, *t;

    if ( req_args(r, vec, 2) < 2 )
        return EINVAL;
    d = domain_find(strtoul(vec[0], NULL, 10));
    t = domain_find(strtoul(vec[1], NULL, 10));
    if ( !d || !t )
        return ENOENT;
    d->conn->target = t->domid;
    reply(r, XS_SET_TARGET, "OK", 3);
    return 0;
}

static int domain_special_index(const char *name)
{
    if ( !strcmp(name, "@releaseDomain") )
        return 0;
    if ( !strcmp(name, "@introduceDomain") )
        return 1;
    return -1;
}

bool domain_special_readable(const struct conn *c, const char *name)
{
    int i = domain_special_index(name);

    return i >= 0 && (perm_for_conn(c, special_perms[i], special_nperms[i]) &
                      XS_PERM_READ);
}

int domain_special_set_perms(struct req *r, const char *name,
                             const struct xs_permissions *p, unsigned int n)
{
    int i = domain_special_index(name);
    const unsigned int need = XS_PERM_WRITE | XS_PERM_OWNER;

    if ( i < 0 )
        return EINVAL;
    if ( (perm_for_conn(r->conn, special_perms[i], special_nperms[i]) &
          need) != need )
        return EACCES;
    if ( n > sizeof(special_perms[i]) / sizeof(special_perms[i][0]) )
        return ENOSPC;
    memcpy(special_perms[i], p, n * sizeof(*p));
    special_nperms[i] = n;
    return 0;
}

/*
 * After VIRQ_DOM_EXC: a domain that shut down gets one @releaseDomain; a
 * dying or vanished one is disconnected (which fires it too).
 */
void domain_check_all(void)
{
    struct list *l, *n;
    struct domain *d;
    unsigned int flags;
    bool notify = false;

    list_for_each_safe(l, n, &domains)
    {
        d = list_entry(l, struct domain, link);
        if ( d->domid == 0 )
            continue;
        if ( xs_platform->domain_state(d->domid, &flags) < 0 ||
             (flags & XS_DOMSTATE_DYING) )
        {
            domain_disconnect(d);
            continue;
        }
        if ( (flags & XS_DOMSTATE_SHUTDOWN) && !d->shutdown )
        {
            d->shutdown = true;
            notify = true;
        }
    }
    if ( notify )
        watch_fire_path(NULL, "@releaseDomain", true);
}

int domain_evtchn_fd(void)
{
    return xs_platform->evtchn_fd();
}

void domain_handle_events(void)
{
    int port;

    while ( (port = xs_platform->evtchn_pending()) >= 0 )
    {
        if ( port == virq_port )
            domain_check_all();
        xs_platform->evtchn_unmask(port);
    }
}

void domain_init(void)
{
    virq_port = xs_platform->evtchn_bind_dom_exc();
}

int domain_init_dom0(void)
{
    unsigned int remote;
    struct domain *d;
    void *intf = xs_platform->dom0_ring(&remote);

    if ( !intf )
        return ENODEV;
    if ( domain_connect(0, intf, remote, &d) )
        return EIO;
    xs_platform->evtchn_notify(d->port);
    return 0;
}

void domain_destroy_all(void)
{
    while ( !list_empty(&domains) )
    {
        struct domain *d = list_entry(domains.next, struct domain, link);

        conn_kill(d->conn);
        d->conn->dom = NULL;
        domain_free(d);
    }
    if ( virq_port >= 0 )
        xs_platform->evtchn_unbind(virq_port);
    virq_port = -1;
}
