/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions.  A transaction holds one entry per node it touched: a
 * private copy of the node (or NULL: absent in its view) and the node's
 * generation in the base tree at first access.  Commit checks that every
 * touched node still has that generation (else EAGAIN, as Xen 4.17 does:
 * a conflict is a change to a node the transaction read or wrote), then
 * moves the modified copies into the base tree, applies the node-count
 * changes and fires the watches the transaction's changes queued.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct txn_entry {
    size_t charged;         /* bytes counted in conn->txn_bytes */
    char *name;
    struct node *node;
    uint64_t base_gen;
    bool modified;
};

struct txn_event {
    struct list link;
    bool exact;
    struct xs_permissions *perms;
    unsigned int nperms;
    char path[];
};

struct txn_delta {
    unsigned int domid;
    int delta;
};

struct txn {
    struct list link;            /* in conn->txns */
    struct conn *conn;
    uint32_t id;
    struct hmap entries;
    struct list events;
    struct txn_delta *deltas;
    unsigned int ndeltas;
};

struct txn *txn_lookup(struct conn *c, uint32_t id)
{
    struct list *l;
    struct txn *t;

    list_for_each(l, &c->txns)
    {
        t = list_entry(l, struct txn, link);
        if ( t->id == id )
            return t;
    }
    return NULL;
}

struct txn_entry *txn_entry_get(struct txn *t, const char *name)
{
    return hmap_get(&t->entries, name);
}

bool txn_may_grow(const struct txn *t)
{
    const struct conn *c = t->conn;
    unsigned int max = c->privileged ? xs_quota.priv_trans_nodes
                                     : xs_quota.trans_nodes;

    return t->entries.count < max;
}

struct txn_entry *txn_entry_add(struct txn *t, const char *name,
                                struct node *copy, uint64_t base_gen)
{
    size_t cost = 2 * strlen(name) + 64 +
                  (copy ? node_record_size(copy) : 0);
    struct conn *c = t->conn;
    struct txn_entry *e;

    if ( !c->privileged && c->txn_bytes + cost > xs_quota.memory )
    {
        errno = ENOMEM;
        return NULL;
    }
    e = calloc(1, sizeof(*e));
    if ( !e || !(e->name = strdup(name)) )
    {
        free(e);
        errno = ENOMEM;
        return NULL;
    }
    e->charged = cost;
    c->txn_bytes += cost;
    e->node = copy;
    e->base_gen = base_gen;
    if ( hmap_put(&t->entries, e->name, e) )
    {
        c->txn_bytes -= cost;
        free(e->name);
        free(e);
        errno = ENOMEM;
        return NULL;
    }
    return e;
}

struct node **txn_entry_node(struct txn_entry *e)
{
    return &e->node;
}

void txn_entry_modified(struct txn_entry *e)
{
    e->modified = true;
}

int txn_count_delta(const struct txn *t, unsigned int domid)
{
    unsigned int i;

    for ( i = 0; i < t->ndeltas; i++ )
        if ( t->deltas[i].domid == domid )
            return t->deltas[i].delta;
    return 0;
}

void txn_count_add(struct txn *t, unsigned int domid, int delta)
{
    unsigned int i;
    struct txn_delta *d;

    for ( i = 0; i < t->ndeltas; i++ )
        if ( t->deltas[i].domid == domid )
        {
            t->deltas[i].delta += delta;
            return;
        }
    d = realloc(t->deltas, (t->ndeltas + 1) * sizeof(*d));
    if ( !d )
        return;   /* counts are advisory for privileged domains only */
    t->deltas = d;
    d[t->ndeltas].domid = domid;
    d[t->ndeltas++].delta = delta;
}

void txn_queue_event(struct txn *t, const char *path,
                     const struct xs_permissions *perms, unsigned int nperms,
                     bool exact)
{
    size_t l = strlen(path) + 1;
    struct txn_event *ev = malloc(sizeof(*ev) + l);

    if ( !ev )
        return;   /* watches may be lost on ENOMEM, as in Xen */
    ev->perms = NULL;
    ev->nperms = 0;
    if ( perms && (ev->perms = malloc(nperms * sizeof(*perms))) )
    {
        memcpy(ev->perms, perms, nperms * sizeof(*perms));
        ev->nperms = nperms;
    }
    ev->exact = exact;
    memcpy(ev->path, path, l);
    list_add_tail(&t->events, &ev->link);
}

int txn_start(struct req *r, uint32_t *id)
{
    struct conn *c = r->conn;
    unsigned int max = c->privileged ? xs_quota.priv_transactions
                                     : xs_quota.transactions;
    struct txn *t;

    if ( c->ntxns >= max )
        return ENOSPC;
    t = calloc(1, sizeof(*t));
    if ( !t )
        return ENOMEM;
    hmap_init(&t->entries);
    list_init(&t->events);
    t->conn = c;
    do {
        t->id = c->next_txid++;
    } while ( t->id == 0 || txn_lookup(c, t->id) );
    list_add_tail(&c->txns, &t->link);
    c->ntxns++;
    *id = t->id;
    return 0;
}

static void txn_free_entry(void *val, void *arg)
{
    struct txn_entry *e = val;
    struct conn *c = arg;

    c->txn_bytes -= e->charged;
    node_free(e->node);
    free(e->name);
    free(e);
}

/* Detach t from its connection (which may then go away under us). */
static void txn_unlink(struct txn *t)
{
    if ( list_empty(&t->link) )
        return;
    list_del(&t->link);
    t->conn->ntxns--;
}

static void txn_free(struct txn *t)
{
    struct list *l, *n;
    struct txn_event *ev;

    txn_unlink(t);
    hmap_foreach(&t->entries, txn_free_entry, t->conn);
    hmap_destroy(&t->entries, NULL);
    list_for_each_safe(l, n, &t->events)
    {
        ev = list_entry(l, struct txn_event, link);
        free(ev->perms);
        free(ev);
    }
    free(t->deltas);
    free(t);
}

static void txn_check_one(void *val, void *arg)
{
    const struct txn_entry *e = val;
    const struct node *cur = tree_lookup(e->name);
    bool *conflict = arg;

    if ( (cur ? cur->gen : XS_NO_GEN) != e->base_gen )
        *conflict = true;
}

static void txn_apply_one(void *val, void *arg)
{
    struct txn_entry *e = val;
    int *rc = arg;

    if ( !e->modified )
        return;
    if ( !e->node )
    {
        tree_delete(NULL, e->name);
        return;
    }
    if ( tree_write(NULL, e->node) )
        *rc = ENOMEM;
    else
        e->node = NULL;   /* now owned by the base tree */
}

/*
 * Fire what the commit changed.  t is already unlinked: an event that
 * overflows the committer's own queue drops its connection, which must
 * not free t while we walk its events.
 */
static void txn_fire_events(struct txn *t)
{
    struct list *l;
    struct txn_event *ev;

    list_for_each(l, &t->events)
    {
        ev = list_entry(l, struct txn_event, link);
        watch_fire(NULL, ev->path, ev->perms, ev->nperms, ev->exact);
    }
}

int txn_end(struct req *r, bool commit)
{
    struct txn *t = r->txn;
    bool conflict = false;
    unsigned int i;
    int rc = 0;

    if ( commit )
    {
        hmap_foreach(&t->entries, txn_check_one, &conflict);
        if ( conflict )
        {
            txn_free(t);
            return EAGAIN;
        }
        hmap_foreach(&t->entries, txn_apply_one, &rc);
        for ( i = 0; i < t->ndeltas; i++ )
            store_count_add(t->deltas[i].domid, t->deltas[i].delta);
        txn_unlink(t);
        txn_fire_events(t);
    }
    txn_free(t);
    return rc;
}

void txn_destroy_all(struct conn *c)
{
    while ( !list_empty(&c->txns) )
        txn_free(list_entry(c->txns.next, struct txn, link));
}
