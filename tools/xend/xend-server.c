/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's XML-RPC server: a unix socket, one connection at a time, each
 * with a 5 s timeout so that a stuck client cannot hold xend.  The same
 * loop serves the backend's domain events (the @releaseDomain watch).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "xend.h"
#include "xend-relocate.h"

#define IO_TIMEOUT_S 5

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    stopping = 1;
}

/* Is something already serving at path?  (Else the file is stale.) */
static bool socket_alive(const struct sockaddr_un *sa)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool alive = fd >= 0 &&
                 !connect(fd, (const struct sockaddr *)sa, sizeof(*sa));

    if ( fd >= 0 )
        close(fd);
    return alive;
}

int xend_listen(const char *path, char **err)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if ( strlen(path) >= sizeof(sa.sun_path) )
        return asprintf(err, "socket path %s is too long", path), -1;
    strcpy(sa.sun_path, path);
    if ( socket_alive(&sa) )
        return asprintf(err, "something already serves %s", path), -1;
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
         chmod(path, 0600) || listen(fd, 16) )
    {
        if ( asprintf(err, "cannot listen on %s: %s", path,
                      strerror(errno)) < 0 )
            *err = NULL;
        if ( fd >= 0 )
            close(fd);
        return -1;
    }
    return fd;
}

static void set_timeouts(int fd)
{
    struct timeval tv = { .tv_sec = IO_TIMEOUT_S };

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* The XML answer to one request body (a fault if it is not a call). */
static char *answer(const char *body, size_t len, size_t *out_len)
{
    struct xr_value *params = NULL, *result;
    char *method = NULL, *err = NULL, *doc;
    int code;

    if ( xr_call_decode(body, len, &method, &params, &err) )
    {
        XLOG_WARN("bad request: %s", err);
        doc = xr_fault_encode(XR_FAULT_PARSE, err, out_len);
        free(err);
        return doc;
    }
    result = xend_dispatch(method, params, &code, &err);
    if ( result )
        doc = xr_response_encode(result, out_len);
    else
    {
        XLOG_INFO("%s: fault %d: %s", method, code, err);
        doc = xr_fault_encode(code, err, out_len);
    }
    xr_free(result);
    xr_free(params);
    free(method);
    free(err);
    return doc;
}

static void handle(int fd)
{
    char *body = NULL, *err = NULL, *doc;
    size_t len, doc_len;

    set_timeouts(fd);
    if ( xr_http_read_request(fd, &body, &len, &err) )
    {
        XLOG_WARN("dropped a connection: %s", err);
        xr_http_write_response(fd, 400, "", 0);
        free(err);
        return;
    }
    doc = answer(body, len, &doc_len);
    if ( xr_http_write_response(fd, 200, doc, doc_len) )
        XLOG_WARN("could not send an answer: %s", strerror(errno));
    free(doc);
    free(body);
}

/*
 * SIGTERM and SIGINT stay blocked except inside ppoll(), so one arriving
 * between the check of stopping and the wait cannot be lost.
 */
static void install_signals(sigset_t *wait_mask)
{
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t block;

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, wait_mask);
    sigdelset(wait_mask, SIGTERM);
    sigdelset(wait_mask, SIGINT);
}

/*
 * The loop: XML-RPC connections, incoming migrations and the backend's
 * domain events (the @releaseDomain watch), one at a time; xend is
 * single-threaded (a migration out serves incoming ones itself).
 */
int xend_serve(int listen_fd)
{
    struct pollfd p[3] = {
        { .fd = listen_fd, .events = POLLIN },
        { .fd = xend_hv->event_fd(), .events = POLLIN },
        { .fd = -1, .events = POLLIN },
    };
    sigset_t wait_mask;
    int fd;

    install_signals(&wait_mask);
    if ( xend_settings.relocation_port > 0 )
        p[2].fd = xend_relocation_listen(xend_settings.relocation_port);
    xend_relocation_fd = p[2].fd;
    xend_lifecycle_check();     /* what happened while xend was away */
    while ( !stopping )
    {
        if ( ppoll(p, 3, NULL, &wait_mask) < 0 )
        {
            if ( errno == EINTR )
                continue;
            XLOG_ERR("poll: %s", strerror(errno));
            return -1;
        }
        if ( p[1].fd >= 0 && p[1].revents )
        {
            xend_hv->event_drain();
            xend_lifecycle_check();
        }
        if ( p[2].fd >= 0 && (p[2].revents & POLLIN) )
            xend_relocation_accept(p[2].fd);
        if ( !(p[0].revents & POLLIN) )
            continue;
        fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if ( fd < 0 )
            continue;
        handle(fd);
        close(fd);
    }
    return 0;
}
