/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains served over their shared ring (struct xenstore_domain_interface):
 * the test plays the guest on the fake platform's in-memory page and
 * drives the daemon with conn_serve(), as its main loop does.  Partial
 * and wrapped messages, floods against a guest that does not read,
 * hostile indexes and headers, release and death while the domain is
 * busy, and VIRQ_DOM_EXC.  The fake frees a page when it is unmapped,
 * so ASan catches any touch of a released domain's ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "platform.h"

#define GUEST_REQ_ID 77

/* Bytes into the request ring as the guest would; false if no room. */
static bool guest_put(struct xenstore_domain_interface *r, const void *p,
                      unsigned int n)
{
    const char *b = p;
    unsigned int i;

    if ( XENSTORE_RING_SIZE - (r->req_prod - r->req_cons) < n )
        return false;
    for ( i = 0; i < n; i++ )
        r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = b[i];
    r->req_prod += n;
    return true;
}

static bool guest_send_id(struct xenstore_domain_interface *r, uint32_t type,
                          uint32_t req_id, const char *payload,
                          unsigned int len)
{
    struct xsd_sockmsg h = { type, req_id, 0, len };
    char buf[sizeof(h) + 256];

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), payload, len);
    return guest_put(r, buf, sizeof(h) + len);
}

static bool guest_send(struct xenstore_domain_interface *r, uint32_t type,
                       const char *payload, unsigned int len)
{
    return guest_send_id(r, type, GUEST_REQ_ID, payload, len);
}

/* One whole reply from the response ring; false if none is complete. */
static bool guest_recv(struct xenstore_domain_interface *r, struct tmsg *m)
{
    unsigned int i;
    char *p = (char *)m;

    if ( r->rsp_prod - r->rsp_cons < sizeof(m->hdr) )
        return false;
    for ( i = 0; i < sizeof(m->hdr); i++ )
        p[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
    if ( r->rsp_prod - r->rsp_cons < sizeof(m->hdr) + m->hdr.len )
        return false;
    for ( i = 0; i < m->hdr.len; i++ )
        m->body[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + 16 + i)];
    m->body[m->hdr.len] = '\0';
    r->rsp_cons += 16 + m->hdr.len;
    return true;
}

static struct conn *domain_conn(unsigned int domid)
{
    struct list *l;

    list_for_each(l, &xs_conns)
    {
        struct conn *c = list_entry(l, struct conn, link);

        if ( c->id == domid && c->dom && !c->dead )
            return c;
    }
    return NULL;
}

/* Serve the domain as one round of the main loop would. */
static void serve(struct conn *d)
{
    conn_serve(d, true, 32);
}

/* Introduce domid (existing in the fake) with a home it owns. */
static struct conn *guest_up(struct conn *t, unsigned int domid,
                             struct xenstore_domain_interface **r)
{
    char intro[32], home[32], perm[16];
    int n = snprintf(intro, sizeof(intro), "%u%c1%c3", domid, 0, 0);

    fake_domain_set(domid, true, 0);
    if ( treq(t, XS_INTRODUCE, 0, intro, n + 1, NULL) )
        return NULL;
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(perm, sizeof(perm), "n%u", domid);
    if ( tmkdir(t, 0, home) || tsetperms(t, 0, home, perm) )
        return NULL;
    *r = fake_ring(domid);
    return *r ? domain_conn(domid) : NULL;
}

TEST(introduce_serve_ring_release)
{
    struct conn *t = tconn(0, true), *w = tconn(0, true);
    struct xenstore_domain_interface *r;
    struct conn *d;
    struct tmsg m;
    char p[64], tok[64];
    unsigned int i;

    EXPECT(twatch(w, "@introduceDomain", "i") == 0);
    EXPECT(twatch(w, "@releaseDomain", "r") == 0);
    tdrain(w);
    EXPECT(treq(t, XS_INTRODUCE, 0, "7\0" "4096\0" "3", 9, NULL) == EIO);
    fake_domain_set(7, true, 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "7\0" "4096\0" "3", 9, NULL) == 0);
    EXPECT(tevent(w, p, tok) && !strcmp(p, "@introduceDomain"));
    EXPECT(treq(t, XS_IS_DOMAIN_INTRODUCED, 0, "7", 2, &m) == 0 &&
           !strcmp(m.body, "T"));
    r = fake_ring(7);
    d = domain_conn(7);
    EXPECT(r && d && !d->privileged);
    if ( !r || !d )
        return;
    EXPECT(tmkdir(t, 0, "/local/domain/7") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/7", "n7") == 0);
    /* Enough requests to wrap the 1 KiB ring several times. */
    for ( i = 0; i < 40; i++ )
    {
        guest_send(r, XS_WRITE, "name\0guest-seven", 16);
        serve(d);
        EXPECT(guest_recv(r, &m) && m.hdr.type == XS_WRITE &&
               m.hdr.req_id == GUEST_REQ_ID);
    }
    EXPECT(tread(t, 0, "/local/domain/7/name", p) == 0 &&
           !strcmp(p, "guest-seven"));
    EXPECT(fake_notifications() > 0);
    EXPECT(treq(t, XS_RELEASE, 0, "7", 2, NULL) == 0);
    EXPECT(tevent(w, p, tok) && !strcmp(p, "@releaseDomain"));
    EXPECT(treq(t, XS_IS_DOMAIN_INTRODUCED, 0, "7", 2, &m) == 0 &&
           !strcmp(m.body, "F"));
    /* What the domain owned went with it. */
    EXPECT(tread(t, 0, "/local/domain/7", NULL) == ENOENT);
    fake_domain_set(7, false, 0);
}

/* A message arriving a byte at a time, and one split by the ring's end. */
TEST(partial_and_wrapped_messages)
{
    struct conn *t = tconn(0, true);
    struct xenstore_domain_interface *r;
    struct conn *d = guest_up(t, 12, &r);
    struct xsd_sockmsg h = { XS_WRITE, 5, 0, 7 };
    char msg[sizeof(h) + 7];
    struct tmsg m;
    unsigned int i;
    char v[64];

    if ( !EXPECT(d) )
        return;
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), "a\0hello", 7);
    for ( i = 0; i < sizeof(msg); i++ )
    {
        EXPECT(!guest_recv(r, &m));   /* nothing until it is whole */
        guest_put(r, msg + i, 1);
        serve(d);
    }
    EXPECT(guest_recv(r, &m) && m.hdr.type == XS_WRITE && m.hdr.req_id == 5);
    /* Start the next message 5 bytes before the ring's end. */
    r->req_cons = r->req_prod = XENSTORE_RING_SIZE * 3 - 5;
    r->rsp_cons = r->rsp_prod = 0xfffffff0u;   /* and wrap the index */
    EXPECT(guest_send_id(r, XS_READ, 6, "a", 2));
    serve(d);
    EXPECT(guest_recv(r, &m) && m.hdr.type == XS_READ && m.hdr.req_id == 6 &&
           !strcmp(m.body, "hello"));
    EXPECT(r->rsp_prod < 0x100);   /* wrapped past 2^32 */
    EXPECT(tread(t, 0, "/local/domain/12/a", v) == 0 && !strcmp(v, "hello"));
    EXPECT(!d->ignored && r->error == 0);
}

/*
 * A guest that sends many requests and does not read the replies: the
 * daemon queues, stops reading at the outstanding-reply quota, and the
 * guest then gets every reply, in order.
 */
TEST(many_messages_against_a_guest_not_reading)
{
    struct conn *t = tconn(0, true);
    struct xenstore_domain_interface *r;
    struct conn *d = guest_up(t, 13, &r);
    unsigned int sent = 0, got = 0, i;
    struct tmsg m;
    bool in_order = true;

    if ( !EXPECT(d) )
        return;
    EXPECT(twrite(t, 0, "/local/domain/13/v", "0123456789") == 0);
    for ( i = 0; i < 10; i++ )
    {
        while ( guest_send_id(r, XS_READ, sent, "v", 2) )
            sent++;
        serve(d);
    }
    EXPECT(d->out_replies <= xs_quota.outstanding);
    EXPECT(r->req_prod != r->req_cons);   /* it stopped reading */
    while ( got < 500 )
    {
        serve(d);
        if ( !guest_recv(r, &m) )
            break;
        in_order = in_order && m.hdr.req_id == got &&
                   !strcmp(m.body, "0123456789");
        got++;
        if ( sent < 500 && guest_send_id(r, XS_READ, sent, "v", 2) )
            sent++;
    }
    EXPECT(got == sent && sent >= 500 && in_order);
    EXPECT(!d->ignored && !d->dead);
}

TEST(bad_ring_index_stops_service)
{
    struct conn *t = tconn(0, true), *other;
    struct xenstore_domain_interface *r, *r2;
    struct conn *d;
    struct tmsg m;

    fake_domain_set(8, true, 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "8\0" "1\0" "3", 6, NULL) == 0);
    r = fake_ring(8);
    d = domain_conn(8);
    other = guest_up(t, 14, &r2);
    if ( !EXPECT(r && d && other) )
        return;
    r->req_prod = r->req_cons + XENSTORE_RING_SIZE + 1;
    serve(d);
    EXPECT(d->ignored && r->error == XENSTORE_ERROR_RINGIDX);
    /* Ignored: later requests get no answer, and nothing breaks. */
    r->req_prod = r->req_cons;
    guest_send(r, XS_READ, "x", 2);
    serve(d);
    EXPECT(!guest_recv(r, &m));
    /* Other domains are served as before. */
    guest_send(r2, XS_GET_DOMAIN_PATH, "14", 3);
    serve(other);
    EXPECT(guest_recv(r2, &m) && !strcmp(m.body, "/local/domain/14"));
    /* Introducing again resets the ring and serves it. */
    EXPECT(treq(t, XS_INTRODUCE, 0, "8\0" "1\0" "3", 6, NULL) == 0);
    EXPECT(!d->ignored && r->req_prod == 0 && r->req_cons == 0);
    fake_domain_set(8, false, 0);
}

/* Wild response indexes, and a header announcing too much. */
TEST(hostile_response_index_and_header)
{
    struct conn *t = tconn(0, true);
    struct xenstore_domain_interface *r, *r2;
    struct conn *d = guest_up(t, 15, &r), *d2 = guest_up(t, 16, &r2);
    struct xsd_sockmsg big = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    if ( !EXPECT(d && d2) )
        return;
    r->rsp_cons = r->rsp_prod + 5000;   /* "consumed" what was never sent */
    guest_send(r, XS_READ, "x", 2);
    serve(d);
    EXPECT(d->ignored && r->error == XENSTORE_ERROR_RINGIDX);
    EXPECT(d->out_bytes == 0);          /* nothing kept for it */
    guest_put(r2, &big, sizeof(big));
    serve(d2);
    EXPECT(d2->ignored && r2->error == XENSTORE_ERROR_PROTO);
    EXPECT(tread(t, 0, "/local/domain/15", NULL) == 0);   /* still there */
}

/*
 * Released while it has a transaction, watches, a partial request in
 * its ring and replies it has not read: all of it goes, nothing touches
 * the unmapped page, and it can be introduced afresh.
 */
static struct conn *busy_guest(struct conn *t, unsigned int domid,
                               struct xenstore_domain_interface **r)
{
    struct conn *d = guest_up(t, domid, r);
    struct xsd_sockmsg half = { XS_WRITE, 9, 0, 100 };
    int i;

    if ( !d )
        return NULL;
    guest_send(*r, XS_TRANSACTION_START, "", 1);
    guest_send(*r, XS_WATCH, "/local\0tok", 11);
    serve(d);
    for ( i = 0; i < 40; i++ )   /* replies it will never read */
    {
        guest_send(*r, XS_GET_DOMAIN_PATH, "1", 2);
        serve(d);
    }
    guest_put(*r, &half, sizeof(half));
    guest_put(*r, "partial", 7);
    serve(d);
    return d;
}

TEST(release_while_busy)
{
    struct conn *t = tconn(0, true), *w = tconn(0, true), *d;
    struct xenstore_domain_interface *r;
    char p[64], tok[64];

    d = busy_guest(t, 17, &r);
    if ( !EXPECT(d && d->ntxns == 1 && d->nwatches == 1 && d->out_bytes) )
        return;
    EXPECT(twatch(w, "@releaseDomain", "r") == 0);
    tdrain(w);
    EXPECT(treq(t, XS_RELEASE, 0, "17", 3, NULL) == 0);
    EXPECT(tevent(w, p, tok) && !strcmp(p, "@releaseDomain"));
    EXPECT(d->dead && d->ntxns == 0 && d->nwatches == 0 &&
           d->out_bytes == 0 && !d->dom);
    EXPECT(!fake_ring(17));             /* unmapped */
    serve(d);                            /* the loop may still see it */
    EXPECT(twrite(t, 0, "/local/x", "1") == 0);   /* its watch is gone */
    EXPECT(store_count(17) == 0);
    /* A new incarnation starts clean. */
    d = guest_up(t, 17, &r);
    EXPECT(d && d->ntxns == 0 && r->req_prod == 0);
    fake_domain_set(17, false, 0);
}

TEST(death_while_busy_through_virq)
{
    struct conn *t = tconn(0, true), *w = tconn(0, true), *d;
    struct xenstore_domain_interface *r;
    char p[64], tok[64];

    d = busy_guest(t, 18, &r);
    if ( !EXPECT(d) )
        return;
    EXPECT(twatch(w, "@releaseDomain", "r") == 0);
    tdrain(w);
    fake_domain_set(18, true, XS_DOMSTATE_DYING);
    fake_raise_virq();
    domain_handle_events();
    EXPECT(tevent(w, p, tok) && !strcmp(p, "@releaseDomain"));
    EXPECT(d->dead && !domain_conn(18) && !fake_ring(18));
    EXPECT(treq(t, XS_IS_DOMAIN_INTRODUCED, 0, "18", 3, NULL) == 0);
    /* Gone without dying first (destroyed between two checks). */
    d = guest_up(t, 19, &r);
    EXPECT(d != NULL);
    fake_domain_set(19, false, 0);
    fake_raise_virq();
    domain_handle_events();
    EXPECT(!domain_conn(19) && !fake_ring(19));
}

/* A released domain's entries leave @releaseDomain's permission list. */
TEST(release_forgets_special_permissions)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false), *d;
    struct xenstore_domain_interface *r;

    d = guest_up(t, 22, &r);
    EXPECT(treq(t, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r22\0r5", 25,
                NULL) == 0);
    EXPECT(d && domain_special_readable(d, "@releaseDomain"));
    EXPECT(treq(t, XS_RELEASE, 0, "22", 3, NULL) == 0);
    EXPECT(domain_special_readable(d5, "@releaseDomain"));
    /* A new domain 22 is not told of releases. */
    d = guest_up(t, 22, &r);
    EXPECT(d && !domain_special_readable(d, "@releaseDomain"));
    fake_domain_set(22, false, 0);
}

/*
 * A watch event caused by a connection later in the list reaches a
 * guest's ring in the same round (it has no fd to wake the loop for it):
 * the toolstack's control/shutdown must not wait for other traffic.
 */
TEST(watch_event_reaches_an_earlier_ring_in_the_same_round)
{
    struct conn *t = tconn(0, true), *a, *b;
    struct xenstore_domain_interface *ra, *rb;
    struct tmsg m;
    bool event = false;

    a = guest_up(t, 23, &ra);
    b = guest_up(t, 24, &rb);
    if ( !EXPECT(a && b) )
        return;
    EXPECT(tmkdir(t, 0, "/local/domain/23/control") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/23/control", "n23 w24") == 0);
    guest_send(ra, XS_WATCH, "control\0tok", 12);
    conn_serve_all(32);
    while ( guest_recv(ra, &m) )   /* the reply and the first event */
        ;
    guest_send(rb, XS_WRITE, "/local/domain/23/control/shutdown\0poweroff",
               42);
    conn_serve_all(32);
    while ( guest_recv(ra, &m) )
        event = event || (m.hdr.type == XS_WATCH_EVENT &&
                          !strcmp(m.body, "control/shutdown"));
    EXPECT(event);
    EXPECT(guest_recv(rb, &m) && m.hdr.type == XS_WRITE);
}

TEST(dying_and_shutdown_domains)
{
    struct conn *t = tconn(0, true), *w = tconn(0, true);
    char p[64], tok[64];

    fake_domain_set(9, true, 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "9\0" "1\0" "3", 6, NULL) == 0);
    EXPECT(twatch(w, "@releaseDomain", "r") == 0);
    tdrain(w);
    fake_domain_set(9, true, XS_DOMSTATE_SHUTDOWN);
    domain_check_all();
    EXPECT(tevent(w, p, tok));
    domain_check_all();
    EXPECT(!tevent(w, p, tok));                 /* once per shutdown */
    EXPECT(treq(t, XS_RESUME, 0, "9", 2, NULL) == 0);
    domain_check_all();
    EXPECT(tevent(w, p, tok));                  /* re-armed by RESUME */
    fake_domain_set(9, true, XS_DOMSTATE_DYING);
    domain_check_all();
    EXPECT(tevent(w, p, tok));
    EXPECT(!domain_conn(9));
    fake_domain_set(9, false, 0);
}

/* Random bytes and indexes from a guest: the daemon keeps serving others. */
TEST(random_ring_garbage)
{
    struct conn *t = tconn(0, true), *d, *ok;
    struct xenstore_domain_interface *r, *r2;
    unsigned int i, j, seed = 12345;
    struct tmsg m;

    d = guest_up(t, 20, &r);
    ok = guest_up(t, 21, &r2);
    if ( !EXPECT(d && ok) )
        return;
    for ( i = 0; i < 2000; i++ )
    {
        char junk[64];

        for ( j = 0; j < sizeof(junk); j++ )
            junk[j] = (seed = seed * 1103515245 + 12345) >> 16;
        if ( (seed >> 8) % 16 == 0 )
            r->req_prod = seed;
        if ( (seed >> 12) % 16 == 0 )
            r->rsp_cons = seed * 7;
        guest_put(r, junk, (seed >> 4) % sizeof(junk));
        serve(d);
        if ( d->ignored )   /* the toolstack reintroduces it */
            treq(t, XS_INTRODUCE, 0, "20\0" "1\0" "3", 7, NULL);
    }
    guest_send(r2, XS_GET_DOMAIN_PATH, "21", 3);
    serve(ok);
    EXPECT(guest_recv(r2, &m) && !strcmp(m.body, "/local/domain/21"));
    EXPECT(tread(t, 0, "/local/domain/21", NULL) == 0);
}
