/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console page (struct xencons_interface): out[] carries the guest's
 * output to us, in[] our input to the guest.  The indexes are free
 * running and the guest writes them at will, so each is read once, the
 * distance prod - cons is checked against the ring's size, and only then
 * are bytes copied, each offset masked.  A wild distance means "nothing to
 * do" (Xen's rule): the guest has only wedged its own console.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>

#include "console.h"

#define ring_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Copy n bytes of a ring of size sz from index idx, wrapping. */
static void ring_copy_out(char *dst, const char *ring, size_t sz,
                          XENCONS_RING_IDX idx, size_t n)
{
    size_t off = idx & (sz - 1), first = sz - off < n ? sz - off : n;

    memcpy(dst, ring + off, first);
    memcpy(dst + first, ring, n - first);
}

static void ring_copy_in(char *ring, size_t sz, XENCONS_RING_IDX idx,
                         const char *src, size_t n)
{
    size_t off = idx & (sz - 1), first = sz - off < n ? sz - off : n;

    memcpy(ring + off, src, first);
    memcpy(ring, src + first, n - first);
}

void ring_read_output(struct console *con)
{
    struct xencons_interface *intf = con->intf;
    char tmp[sizeof(intf->out)];
    XENCONS_RING_IDX cons, prod;
    size_t n;

    cons = __atomic_load_n(&intf->out_cons, __ATOMIC_RELAXED);
    prod = __atomic_load_n(&intf->out_prod, __ATOMIC_RELAXED);
    ring_mb();
    n = (XENCONS_RING_IDX)(prod - cons);
    if ( n == 0 || n > sizeof(intf->out) )
        return;
    /* Keep mode: take only what the buffer has room for. */
    if ( !consoled_opts.discard && n > con->buf.max - con->buf.len )
        n = con->buf.max - con->buf.len;
    if ( n == 0 )
        return;
    ring_copy_out(tmp, intf->out, sizeof(intf->out), cons, n);
    ring_mb();
    __atomic_store_n(&intf->out_cons, cons + n, __ATOMIC_RELAXED);
    plat_notify(con->evtchn);
    /* To the log first: a pty nobody reads must not cost the log. */
    if ( con->log_fd >= 0 &&
         log_write(con->log_fd, tmp, n, consoled_opts.ts_guest,
                   &con->log_needts) )
        dolog(LOG_ERR, "domain %u: log write failed: %s", con->d->domid,
             strerror(errno));
    if ( con->master_fd >= 0 && !cbuf_append(&con->buf, tmp, n) )
        dolog(LOG_ERR, "domain %u: out of memory, output lost",
             con->d->domid);
}

size_t ring_input_space(const struct console *con)
{
    const struct xencons_interface *intf = con->intf;
    XENCONS_RING_IDX cons, prod, used;

    cons = __atomic_load_n(&intf->in_cons, __ATOMIC_RELAXED);
    prod = __atomic_load_n(&intf->in_prod, __ATOMIC_RELAXED);
    ring_mb();
    used = prod - cons;
    if ( used > sizeof(intf->in) )
        return 0;
    return sizeof(intf->in) - used;
}

/* n must not exceed ring_input_space() (the caller read at most that). */
void ring_write_input(struct console *con, const char *p, size_t n)
{
    struct xencons_interface *intf = con->intf;
    XENCONS_RING_IDX prod;

    if ( !n || n > ring_input_space(con) )
        return;
    prod = __atomic_load_n(&intf->in_prod, __ATOMIC_RELAXED);
    ring_copy_in(intf->in, sizeof(intf->in), prod, p, n);
    ring_mb();
    __atomic_store_n(&intf->in_prod, prod + n, __ATOMIC_RELAXED);
    plat_notify(con->evtchn);
}
