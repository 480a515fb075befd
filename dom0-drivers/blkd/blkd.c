/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-blkd BACKEND-PATH: serve the disk whose backend node xend wrote at
 * BACKEND-PATH (/local/domain/0/backend/qdisk/<domid>/<devid>) until the
 * device is removed, the frontend goes, or SIGTERM.  One process per disk,
 * single-threaded: poll() on the event channel and the xenstore watches.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <xenstore.h>

#include "blkd.h"

static volatile sig_atomic_t stop;

void blkd_log(const struct blkd *b, const char *fmt, ...)
{
    char when[32];
    time_t t = time(NULL);
    va_list ap;

    strftime(when, sizeof(when), "%F %T", localtime(&t));
    fprintf(stderr, "%s xen-blkd %s: ", when, b->be);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void on_signal(int sig)
{
    stop = 1;
}

static void signals(void)
{
    struct sigaction sa = { .sa_handler = on_signal };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Both ends' directories watched; the first events come at once. */
static int open_handles(struct blkd *b, const char *be)
{
    snprintf(b->be, sizeof(b->be), "%s", be);
    b->xs = xs_open(0);
    b->xce = xenevtchn_open(NULL, 0);
    b->xgt = xengnttab_open(NULL, 0);
    if ( !b->xs || !b->xce || !b->xgt )
        return blkd_log(b, "opening xenstore, evtchn or gntdev: %s",
                        strerror(errno)), -1;
    return 0;
}

static int watch_both(struct blkd *b)
{
    if ( !xs_watch(b->xs, b->be, "be") || !xs_watch(b->xs, b->fe, "fe") )
        return blkd_log(b, "watching: %s", strerror(errno)), -1;
    return 0;
}

static void on_xenstore(struct blkd *b)
{
    char **ev;

    while ( (ev = xs_check_watch(b->xs)) )
        free(ev);
    if ( errno != EAGAIN )
    {
        blkd_log(b, "xenstore connection lost: %s", strerror(errno));
        b->quit = true;
        return;
    }
    xenbus_changed(b);
}

static void on_event(struct blkd *b)
{
    xenevtchn_port_or_error_t port = xenevtchn_pending(b->xce);

    if ( port < 0 )
        return;
    xenevtchn_unmask(b->xce, port);
    if ( b->connected && (evtchn_port_t)port == b->port )
        ring_process(b);
}

static void loop(struct blkd *b)
{
    struct pollfd fds[2] = {
        { .fd = xs_fileno(b->xs), .events = POLLIN },
        { .fd = xenevtchn_fd(b->xce), .events = POLLIN },
    };

    while ( !b->quit && !stop )
    {
        if ( poll(fds, 2, -1) < 0 )
        {
            if ( errno == EINTR )
                continue;
            blkd_log(b, "poll: %s", strerror(errno));
            break;
        }
        if ( fds[1].revents & POLLIN )
            on_event(b);
        if ( fds[0].revents & (POLLIN | POLLHUP | POLLERR) )
            on_xenstore(b);
    }
}

int main(int argc, char **argv)
{
    static struct blkd b;
    int rc = 1;

    if ( argc != 2 || argv[1][0] != '/' )
    {
        fprintf(stderr, "usage: xen-blkd BACKEND-PATH\n");
        return 2;
    }
    signals();
    if ( open_handles(&b, argv[1]) || xenbus_start(&b, argv[1]) ||
         watch_both(&b) )
        goto out;
    blkd_log(&b, "serving %s for domain %u", b.fe, b.domid);
    loop(&b);
    rc = 0;
 out:
    b.quit = true;
    xenbus_disconnect(&b);
    if ( b.xs && b.state != XB_CLOSED && b.state )
        xenbus_closed_state(&b);
    if ( b.img )
        b.img->ops->close(b.img);
    blkd_log(&b, "exiting");
    xs_close(b.xs);
    return rc;
}
