/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the message parser, the tree, transactions, watches,
 * quotas and the domain ring, driven by arbitrary bytes.
 *
 * Input: records of [selector][length lo][length hi][bytes].  The
 * selector's low 3 bits pick what the bytes do: feed one of four clients
 * (two privileged, domains 5 and 6), pass through domain 7's ring, or
 * change fake domain states; bit 7 keeps the clients' output queued
 * instead of draining it (so output limits are reached).  After each
 * input the store must be consistent (every child listed exists, every
 * node is listed by its parent) and the per-domain node counts must match
 * a recount; then everything is freed, so leaks show.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "platform.h"

extern const struct xs_platform xs_platform_fake;
struct xenstore_domain_interface *fake_ring(unsigned int domid);
void fake_domain_set(unsigned int domid, bool exists, unsigned int flags);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NCLIENTS 4

static ssize_t mem_read(struct conn *c, void *b, size_t l) { return 0; }
static ssize_t mem_write(struct conn *c, const void *b, size_t l)
{
    return l;
}
static const struct conn_ops mem_ops = { mem_read, mem_write, NULL, NULL };

static struct conn *clients[NCLIENTS];
static int counts[XS_DOMID_LIMIT];

static struct conn *client(unsigned int i)
{
    static const unsigned int ids[NCLIENTS] = { 0, 0, 5, 6 };

    if ( !clients[i] || clients[i]->dead )
        clients[i] = conn_new(&mem_ops, i == 1 ? 1000 : -1, ids[i], i < 2);
    return clients[i];
}

static void free_dead(void)
{
    struct list *l, *n;
    unsigned int i;

    list_for_each_safe(l, n, &xs_conns)
    {
        struct conn *c = list_entry(l, struct conn, link);

        if ( !c->dead )
            continue;
        for ( i = 0; i < NCLIENTS; i++ )
            if ( clients[i] == c )
                clients[i] = NULL;
        conn_free(c);
    }
}

static void drain_all(void)
{
    struct list *l;

    list_for_each(l, &xs_conns)
        conn_handle_output(list_entry(l, struct conn, link));
}

static struct conn *domain7(void)
{
    static const char intro[] = "7\0" "1\0" "3";
    struct xsd_sockmsg h = { XS_INTRODUCE, 1, 0, sizeof(intro) };
    struct list *l;

    fake_domain_set(7, true, 0);
    list_for_each(l, &xs_conns)
    {
        struct conn *c = list_entry(l, struct conn, link);

        if ( c->dom && c->id == 7 && !c->dead )
            return c;
    }
    proto_process(client(0), &h, (char *)intro);
    return NULL;
}

/* Bytes into domain 7's request ring, indexes from the first bytes. */
static void ring_input(const uint8_t *d, size_t n)
{
    struct conn *c = domain7();
    struct xenstore_domain_interface *r = fake_ring(7);
    size_t i;

    if ( !c || !r || c->ignored )
        return;
    if ( n >= 1 && d[0] == 0xff && n >= 5 )
    {
        memcpy(&r->req_prod, d + 1, 4);   /* a hostile index */
        d += 5;
        n -= 5;
    }
    for ( i = 0; i < n && r->req_prod - r->req_cons < XENSTORE_RING_SIZE;
          i++ )
        r->req[MASK_XENSTORE_IDX(r->req_prod++)] = d[i];
    conn_serve(c, true, 64);
    r->rsp_cons = r->rsp_prod;   /* the guest reads everything */
    conn_serve(c, false, 64);
}

static void recount(struct node *n, void *arg)
{
    unsigned int *total = arg;

    if ( n->perms[0].id < XS_DOMID_LIMIT )
    {
        counts[n->perms[0].id]++;
        (*total)++;
    }
}

/* Every owner's count is right, and no other domain has a count. */
static void check_owner(struct node *n, void *arg)
{
    unsigned int id = n->perms[0].id, *sum = arg;

    if ( id >= XS_DOMID_LIMIT || counts[id] < 0 )
        return;
    if ( counts[id] != store_count(id) )
        __builtin_trap();
    *sum += counts[id];
    counts[id] = -1;   /* checked */
}

static void clear_count(struct node *n, void *arg)
{
    if ( n->perms[0].id < XS_DOMID_LIMIT )
        counts[n->perms[0].id] = 0;
}

static void check_invariants(void)
{
    struct xsd_sockmsg h = { XS_CONTROL, 1, 0, 6 };
    struct conn *c = conn_new(&mem_ops, -1, 0, true);
    struct outmsg *m;
    unsigned int total = 0, sum = 0, i;

    proto_process(c, &h, (char *)"check");
    m = list_entry(c->out.next, struct outmsg, link);
    if ( list_empty(&c->out) ||
         strcmp(m->data + sizeof(struct xsd_sockmsg), "OK") )
        __builtin_trap();
    conn_kill(c);
    tree_foreach(recount, &total);
    tree_foreach(check_owner, &sum);
    if ( sum != total )
        __builtin_trap();
    /* Domains owning nothing must count nothing (the likely ones). */
    for ( i = 0; i < 64; i++ )
        if ( counts[i] == 0 && store_count(i) != 0 )
            __builtin_trap();
    tree_foreach(clear_count, NULL);
}

static void reset(void)
{
    struct list *l, *n;
    unsigned int i;

    domain_destroy_all();
    list_for_each_safe(l, n, &xs_conns)
    {
        struct conn *c = list_entry(l, struct conn, link);

        conn_kill(c);
        conn_free(c);
    }
    for ( i = 0; i < NCLIENTS; i++ )
        clients[i] = NULL;
    tree_destroy();
    fake_domain_set(5, true, 0);
    fake_domain_set(6, true, 0);
    fake_domain_set(7, false, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    uint8_t sel;

    xs_platform = &xs_platform_fake;
    tree_init();
    store_setup();
    domain_init();
    while ( size >= 3 )
    {
        sel = data[0];
        len = (data[1] | data[2] << 8) % 8192;
        data += 3;
        size -= 3;
        if ( len > size )
            len = size;
        if ( (sel & 7) < NCLIENTS )
            conn_feed(client(sel & 7), data, len);
        else if ( (sel & 7) == 4 )
            ring_input(data, len);
        else if ( len )
        {
            fake_domain_set(7, data[0] & 1, data[0] >> 1 & 3);
            domain_check_all();
        }
        if ( !(sel & 0x80) )
            drain_all();
        free_dead();
        data += len;
        size -= len;
    }
    check_invariants();
    reset();
    return 0;
}
