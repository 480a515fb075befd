/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connections: framing of incoming messages, the output queue, and the
 * limits that keep one client from hurting the others.
 *
 * - A header announcing more than XENSTORE_PAYLOAD_MAX bytes breaks the
 *   connection (Xen's rule): a socket is closed, a ring is left idle with
 *   XENSTORE_ERROR_PROTO in its error field.
 * - A client whose queued output passes xs_quota.out_soft (or, for an
 *   unprivileged domain, with xs_quota.outstanding replies queued) is not
 *   read until it drains: it cannot make us buffer without bound.
 * - Output over xs_quota.out_hard (xs_quota.memory for an unprivileged
 *   domain: a client not reading its watch events) drops the client,
 *   except dom0's own kernel, whose events are dropped.
 * - The main loop takes a bounded number of messages per client per round.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct list xs_conns = LIST_INIT(xs_conns);

struct conn *conn_new(const struct conn_ops *ops, int fd, unsigned int id,
                      bool privileged)
{
    struct conn *c = calloc(1, sizeof(*c));

    if ( !c )
        return NULL;
    c->ops = ops;
    c->fd = fd;
    c->id = id;
    c->privileged = privileged;
    c->target = XS_DOMID_LIMIT;
    c->next_txid = 1;
    list_init(&c->out);
    list_init(&c->watches);
    list_init(&c->txns);
    list_add_tail(&xs_conns, &c->link);
    return c;
}

static void conn_drop_output(struct conn *c)
{
    struct list *l, *n;

    list_for_each_safe(l, n, &c->out)
    {
        list_del(l);
        free(list_entry(l, struct outmsg, link));
    }
    c->out_bytes = 0;
    c->out_replies = 0;
    c->out_off = 0;
}

void conn_reset(struct conn *c)
{
    watch_remove_all(c);
    txn_destroy_all(c);
    conn_drop_output(c);
    c->in_used = 0;
    c->rlen = c->roff = 0;
}

void conn_kill(struct conn *c)
{
    conn_reset(c);
    c->dead = true;
}

void conn_fail(struct conn *c, unsigned int err)
{
    if ( xs_verbose )
        xs_log("connection %p (domain %u) dropped: error %u\n",
               (void *)c, c->id, err);
    if ( c->fd >= 0 )
    {
        conn_kill(c);
        return;
    }
    conn_reset(c);
    c->ignored = true;
    if ( c->ops->error )
        c->ops->error(c, err);
}

void conn_free(struct conn *c)
{
    conn_reset(c);
    list_del(&c->link);
    if ( c->dom )
        domain_conn_gone(c);
    if ( c->ops->destroy )
        c->ops->destroy(c);
    free(c);
}

bool conn_wants_input(const struct conn *c)
{
    if ( c->dead || c->ignored || c->out_bytes >= xs_quota.out_soft )
        return false;
    return c->privileged || c->out_replies < xs_quota.outstanding;
}

bool conn_has_buffered(const struct conn *c)
{
    return c->roff < c->rlen;
}

/* The newest queued message is the same watch event: skip the copy. */
static bool conn_is_duplicate(const struct conn *c, const void *data,
                              unsigned int len)
{
    const struct outmsg *m;

    if ( list_empty(&c->out) )
        return false;
    m = list_entry(c->out.prev, struct outmsg, link);
    return m->is_event && c->out_off == 0 &&
           m->len == sizeof(struct xsd_sockmsg) + len &&
           !memcmp(m->data + sizeof(struct xsd_sockmsg), data, len);
}

bool conn_queue(struct conn *c, uint32_t type, uint32_t req_id,
                uint32_t tx_id, const void *data, unsigned int len,
                bool is_event)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, len };
    size_t total = sizeof(h) + len;
    struct outmsg *m;

    if ( c->dead || c->ignored )
        return false;
    if ( is_event && conn_is_duplicate(c, data, len) )
        return true;
    if ( c->out_bytes + total > xs_quota.out_hard ||
         (!c->privileged && c->out_bytes + total > xs_quota.memory) )
    {
        if ( !(is_event && c->privileged && c->fd < 0) )
            conn_fail(c, XENSTORE_ERROR_COMM);
        return false;
    }
    m = malloc(sizeof(*m) + total);
    if ( !m )
        return false;
    m->is_event = is_event;
    m->len = total;
    memcpy(m->data, &h, sizeof(h));
    if ( len )
        memcpy(m->data + sizeof(h), data, len);
    list_add_tail(&c->out, &m->link);
    c->out_bytes += total;
    if ( !is_event )
        c->out_replies++;
    return true;
}

bool conn_handle_output(struct conn *c)
{
    struct outmsg *m;
    ssize_t n;

    while ( !list_empty(&c->out) && !c->dead && !c->ignored )
    {
        m = list_entry(c->out.next, struct outmsg, link);
        n = c->ops->write(c, m->data + c->out_off, m->len - c->out_off);
        if ( n < 0 )
            return false;
        if ( n == 0 )
            break;
        c->out_off += n;
        if ( c->out_off < m->len )
            continue;
        list_del(&m->link);
        c->out_bytes -= m->len;
        if ( !m->is_event )
            c->out_replies--;
        c->out_off = 0;
        free(m);
    }
    return true;
}

/*
 * Take bytes from buf into the message being assembled; process it when
 * complete.  Returns the bytes used, or -1 on a protocol error.
 */
static ssize_t conn_frame(struct conn *c, const char *buf, size_t len,
                          bool *done)
{
    const size_t hl = sizeof(c->hdr);
    size_t take, used = 0;

    *done = false;
    if ( c->in_used < hl )
    {
        take = hl - c->in_used < len ? hl - c->in_used : len;
        memcpy((char *)&c->hdr + c->in_used, buf, take);
        c->in_used += take;
        used = take;
        if ( c->in_used < hl )
            return used;
        if ( c->hdr.len > XENSTORE_PAYLOAD_MAX )
            return -1;
    }
    take = hl + c->hdr.len - c->in_used;
    if ( take > len - used )
        take = len - used;
    memcpy(c->in_buf + c->in_used - hl, buf + used, take);
    c->in_used += take;
    used += take;
    if ( c->in_used == hl + c->hdr.len )
    {
        c->in_buf[c->hdr.len] = '\0';
        c->in_used = 0;
        *done = true;
        proto_process(c, &c->hdr, c->in_buf);
    }
    return used;
}

/* Frame what is buffered, up to *budget messages. */
static bool conn_drain(struct conn *c, unsigned int *budget)
{
    ssize_t n;
    bool done;

    while ( c->roff < c->rlen && *budget && conn_wants_input(c) )
    {
        n = conn_frame(c, c->rbuf + c->roff, c->rlen - c->roff, &done);
        if ( n < 0 )
        {
            conn_fail(c, XENSTORE_ERROR_PROTO);
            return false;
        }
        c->roff += n;
        if ( done )
            (*budget)--;
    }
    return true;
}

bool conn_handle_input(struct conn *c, unsigned int max)
{
    ssize_t n;

    while ( max && conn_wants_input(c) )
    {
        if ( c->roff == c->rlen )
        {
            n = c->ops->read(c, c->rbuf, sizeof(c->rbuf));
            if ( n < 0 )
                return false;
            if ( n == 0 )
                break;
            c->rlen = n;
            c->roff = 0;
        }
        if ( !conn_drain(c, &max) )
            return !c->dead;
    }
    return true;
}

bool conn_feed(struct conn *c, const void *buf, size_t len)
{
    const char *p = buf;
    ssize_t n;
    bool done;

    while ( len && !c->dead && !c->ignored )
    {
        n = conn_frame(c, p, len, &done);
        if ( n < 0 )
        {
            conn_fail(c, XENSTORE_ERROR_PROTO);
            return false;
        }
        p += n;
        len -= n;
    }
    return !c->dead && !c->ignored;
}

/* A socket closed or failed: just drop it; a ring gave a bad index. */
static void conn_broken(struct conn *c)
{
    if ( c->fd >= 0 )
        conn_kill(c);
    else
        conn_fail(c, XENSTORE_ERROR_RINGIDX);
}

static void conn_serve_input(struct conn *c, bool readable, unsigned int max)
{
    if ( c->dead || c->ignored )
        return;
    if ( (readable || conn_has_buffered(c)) &&
         !conn_handle_input(c, max) && !c->dead )
        conn_broken(c);
}

static void conn_serve_output(struct conn *c)
{
    if ( !c->dead && !c->ignored && !conn_handle_output(c) )
        conn_broken(c);
}

void conn_serve(struct conn *c, bool readable, unsigned int max)
{
    conn_serve_input(c, readable, max);
    conn_serve_output(c);
}

/*
 * Every connection's input first, then every connection's output: a
 * request can queue a watch event for any connection, including one
 * earlier in the list, and a ring has no fd whose POLLOUT would bring
 * the loop back for it.
 */
void conn_serve_all(unsigned int max)
{
    struct list *l, *n;
    struct conn *c;

    list_for_each(l, &xs_conns)
    {
        c = list_entry(l, struct conn, link);
        conn_serve_input(c, c->fd < 0 || (c->revents & (POLLIN | POLLHUP |
                                                         POLLERR)), max);
    }
    list_for_each(l, &xs_conns)
        conn_serve_output(list_entry(l, struct conn, link));
    list_for_each_safe(l, n, &xs_conns)
    {
        c = list_entry(l, struct conn, link);
        if ( c->dead )
            conn_free(c);
    }
}
