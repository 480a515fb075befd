/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest's console: set up from /local/domain/<id>/console/{ring-ref,
 * port,type,limit} (written by the toolstack), a pty whose slave path
 * goes to console/tty, the guest log, and the two halves of the loop's
 * work: which fds to poll, and what to do when they are ready.
 *
 * Rate limit (Xen's): a guest sending more than RATE_LIMIT_ALLOWANCE
 * events in RATE_LIMIT_PERIOD ms stays masked until the period ends, so
 * notification storms cost us a bounded amount of work.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"

void console_init(struct console *con, struct domain *d)
{
    memset(con, 0, sizeof(*con));
    con->d = d;
    con->ring_ref = -1;
    con->remote_port = -1;
    con->master_fd = con->slave_fd = con->log_fd = -1;
    con->evtchn_idx = con->tty_idx = -1;
    con->log_needts = true;
    con->next_period = consoled_now() + RATE_LIMIT_PERIOD;
    cbuf_init(&con->buf, CONSOLE_LIMIT_DEFAULT);
    if ( asprintf(&con->xspath, "/local/domain/%u/console", d->domid) < 0 )
        con->xspath = NULL;
}

/* <xspath>/<name> as a string (caller frees), or NULL. */
static char *console_read(const struct console *con, const char *name)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/%s", con->xspath, name);
    return xs_read(consoled_xs, XBT_NULL, path, NULL);
}

static bool console_read_num(const struct console *con, const char *name,
                             unsigned long long *v)
{
    char *s = console_read(con, name), *end;
    bool ok;

    if ( !s )
        return false;
    *v = strtoull(s, &end, 0);
    ok = end != s && !*end;
    free(s);
    return ok;
}

static void console_close_tty(struct console *con)
{
    if ( con->master_fd >= 0 )
        close(con->master_fd);
    if ( con->slave_fd >= 0 )
        close(con->slave_fd);
    con->master_fd = con->slave_fd = -1;
    cbuf_free(&con->buf);
}

/* console/limit bounds the buffer (clamped; absent: libxl's 1 MiB). */
static size_t console_limit(const struct console *con)
{
    unsigned long long v;

    if ( !console_read_num(con, "limit", &v) || v == 0 )
        return CONSOLE_LIMIT_DEFAULT;
    if ( v < CONSOLE_LIMIT_MIN )
        return CONSOLE_LIMIT_MIN;
    return v > CONSOLE_LIMIT_MAX ? CONSOLE_LIMIT_MAX : v;
}

/*
 * A raw pty; we keep the slave open so the master never reports a hangup
 * when a client detaches (Linux cannot tell us usefully otherwise).
 */
static int console_create_tty(struct console *con)
{
    struct termios t;
    const char *name;
    char path[128];

    if ( openpty(&con->master_fd, &con->slave_fd, NULL, NULL, NULL) )
        return errno;
    fcntl(con->master_fd, F_SETFD, FD_CLOEXEC);
    fcntl(con->slave_fd, F_SETFD, FD_CLOEXEC);
    if ( tcgetattr(con->slave_fd, &t) == 0 )
    {
        cfmakeraw(&t);
        tcsetattr(con->slave_fd, TCSANOW, &t);
    }
    name = ptsname(con->master_fd);
    snprintf(path, sizeof(path), "%s/tty", con->xspath);
    if ( !name || fcntl(con->master_fd, F_SETFL, O_NONBLOCK) ||
         !xs_write(consoled_xs, XBT_NULL, path, name, strlen(name)) )
    {
        console_close_tty(con);
        return EIO;
    }
    cbuf_init(&con->buf, console_limit(con));
    dolog(LOG_INFO, "domain %u: console on %s", con->d->domid, name);
    return 0;
}

static void console_unmap(struct console *con)
{
    if ( con->intf )
        plat_unmap_ring(con->intf, con->by_grant);
    con->intf = NULL;
    con->ring_ref = -1;
}

static int console_map(struct console *con, unsigned long long ref)
{
    /* A new gfn means a new page (Xen remaps only for foreign maps). */
    if ( con->intf && !con->by_grant && (long long)ref != con->ring_ref )
        console_unmap(con);
    if ( con->intf )
        return 0;
    con->intf = plat_map_ring(con->d->domid, ref, &con->by_grant);
    if ( !con->intf )
        return errno ? errno : EINVAL;
    con->ring_ref = con->by_grant ? -1 : (long long)ref;
    return 0;
}

static int console_bind(struct console *con, unsigned int port)
{
    if ( con->evtchn && con->remote_port == (int)port )
        return 0;
    if ( con->evtchn )
        plat_unbind(con->evtchn);
    con->remote_port = -1;
    con->evtchn = plat_bind(con->d->domid, port);
    if ( !con->evtchn )
        return errno ? errno : EINVAL;
    con->remote_port = port;
    return 0;
}

int console_setup(struct console *con)
{
    unsigned long long ref, port;
    char *type;
    int rc;

    if ( !con->xspath )
        return ENOMEM;
    if ( !console_read_num(con, "ring-ref", &ref) ||
         !console_read_num(con, "port", &port) || port > INT32_MAX )
        return ENOENT;   /* not written yet: the watch brings us back */
    type = console_read(con, "type");
    rc = type && strcmp(type, "xenconsoled") ? -1 : 0;
    free(type);
    if ( rc )
        return 0;        /* another backend serves it */
    rc = console_map(con, ref);
    if ( !rc )
        rc = console_bind(con, port);
    if ( !rc && con->master_fd < 0 )
        rc = console_create_tty(con);
    if ( rc )
    {
        dolog(LOG_ERR, "domain %u: console not set up: %s", con->d->domid,
             strerror(rc));
        return rc;
    }
    if ( consoled_opts.log_guest && con->log_fd < 0 )
        con->log_fd = log_open_guest(con->d);
    ring_read_output(con);   /* what it wrote before we were bound */
    return 0;
}

void console_teardown(struct console *con)
{
    console_unmap(con);
    if ( con->evtchn )
        plat_unbind(con->evtchn);
    con->evtchn = NULL;
    con->remote_port = -1;
}

void console_cleanup(struct console *con)
{
    console_teardown(con);
    console_close_tty(con);
    if ( con->log_fd >= 0 )
        close(con->log_fd);
    con->log_fd = -1;
    free(con->xspath);
    con->xspath = NULL;
}

void console_reopen_log(struct console *con)
{
    if ( con->log_fd < 0 && !con->intf )
        return;
    if ( con->log_fd >= 0 )
        close(con->log_fd);
    con->log_fd = log_open_guest(con->d);
}

/* The pty failed: make a new one if the guest lives, else retire it. */
static void console_tty_broken(struct console *con)
{
    console_close_tty(con);
    if ( plat_domain_exists(con->d->domid) &&
         console_create_tty(con) == 0 )
        return;
    con->d->is_dead = true;
}

static bool console_live(const struct console *con)
{
    return con->intf && con->evtchn && !con->d->is_dead;
}

void console_add_fds(struct console *con, long long now,
                     long long *next_timeout)
{
    short ev = 0;

    con->evtchn_idx = con->tty_idx = -1;
    if ( !console_live(con) )
        return;
    if ( now + 5 > con->next_period )
    {
        con->next_period = now + RATE_LIMIT_PERIOD;
        if ( con->event_count >= RATE_LIMIT_ALLOWANCE )
        {
            plat_evtchn_unmask(con->evtchn);
            ring_read_output(con);   /* what came while it was masked */
        }
        con->event_count = 0;
    }
    if ( con->event_count >= RATE_LIMIT_ALLOWANCE )
    {
        if ( !*next_timeout || con->next_period < *next_timeout )
            *next_timeout = con->next_period;
    }
    else if ( consoled_opts.discard || !cbuf_full(&con->buf) )
        con->evtchn_idx = pollset_add(plat_evtchn_fd(con->evtchn), POLLIN);
    if ( con->master_fd < 0 )
        return;
    if ( ring_input_space(con) )
        ev |= POLLIN;
    if ( con->buf.len )
        ev |= POLLOUT;
    if ( ev )
        con->tty_idx = pollset_add(con->master_fd, ev);
}

static void console_handle_evtchn(struct console *con)
{
    if ( !plat_evtchn_pending(con->evtchn) )
        return;
    con->event_count++;
    ring_read_output(con);
    if ( con->event_count < RATE_LIMIT_ALLOWANCE )
        plat_evtchn_unmask(con->evtchn);
}

static void console_tty_read(struct console *con)
{
    char msg[512];
    size_t space = ring_input_space(con);
    ssize_t n;

    if ( !space )
        return;
    n = read(con->master_fd, msg, space < sizeof(msg) ? space : sizeof(msg));
    if ( n < 0 && (errno == EAGAIN || errno == EINTR) )
        return;
    if ( n <= 0 )
        console_tty_broken(con);
    else
        ring_write_input(con, msg, n);
}

static void console_tty_write(struct console *con)
{
    size_t len;
    const char *p = cbuf_peek(&con->buf, &len);
    ssize_t n;

    if ( !len )
        return;
    n = write(con->master_fd, p, len);
    if ( n < 0 && (errno == EAGAIN || errno == EINTR) )
        return;
    if ( n <= 0 )
    {
        console_tty_broken(con);
        return;
    }
    cbuf_consume(&con->buf, n);
    if ( !consoled_opts.discard )
        ring_read_output(con);   /* keep mode: room again */
}

void console_handle_fds(struct console *con)
{
    short ev;

    if ( con->evtchn_idx >= 0 && console_live(con) &&
         (pollset_revents(con->evtchn_idx) & POLLIN) )
        console_handle_evtchn(con);
    if ( con->tty_idx < 0 || !console_live(con) || con->master_fd < 0 )
        return;
    ev = pollset_revents(con->tty_idx);
    if ( ev & POLLNVAL )
        console_tty_broken(con);
    else if ( ev & (POLLIN | POLLERR | POLLHUP) )
        console_tty_read(con);
    if ( con->master_fd >= 0 && con->intf && (ev & POLLOUT) )
        console_tty_write(con);
}
