/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sending side of live migration (xend.domain.migrate): a child
 * process streams the domain to the destination's relocation server and
 * reads its answer, while xend goes on serving incoming migrations (the
 * destination may be this xend: localhost migration).  Success destroys
 * the source; any failure resumes it, so the guest runs on where it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xend.h"
#include "xend-migrate.h"
#include "xend-records.h"
#include "xend-relocate.h"
#include "xend-stream.h"

/* How long the destination may take to answer once the stream is sent. */
#define ANSWER_TIMEOUT_SECS 300
/* How long the destination may take to greet ("ready" or a refusal). */
#define GREETING_TIMEOUT_SECS 30
/* How long a failed sender looks for the destination's reason. */
#define REASON_WAIT_SECS 2
/* SYNs sent to a destination that does not answer: 1 + 2 + 4 + 8 s. */
#define CONNECT_SYNS 4

static int connect_to(const char *host, int port, char **why)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
    char service[16];
    int fd = -1, rc, syns = CONNECT_SYNS;

    snprintf(service, sizeof(service), "%d", port);
    /* dom0 may have no /etc/hosts: this host needs no lookup. */
    if ( (rc = getaddrinfo(strcmp(host, "localhost") ? host : "127.0.0.1",
                           service, &hints, &ai)) )
        return asprintf(why, "%s: %s", host, gai_strerror(rc)), -EHOSTUNREACH;
    for ( a = ai; a && fd < 0; a = a->ai_next )
    {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0);
        if ( fd >= 0 )
            setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syns, sizeof(syns));
        if ( fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) )
        {
            rc = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if ( fd < 0 )
        return asprintf(why, "cannot reach xend on %s port %d: %s", host,
                        port, strerror(rc)), -rc;
    xend_relocation_watch_peer(fd);
    return fd;
}

/*
 * The destination's first line: "ready", or its refusal (the allow-list)
 * before any of the stream is sent.
 */
static int greeted(int sock, char *why, size_t len)
{
    char line[400];

    if ( xend_relocation_read_line(sock, line, sizeof(line),
                                   GREETING_TIMEOUT_SECS) )
        return snprintf(why, len, "the destination did not greet: %.200s",
                        line), -EIO;
    if ( !strcmp(line, "ready") )
        return 0;
    snprintf(why, len, "%.200s", strncmp(line, "error ", 6) ? line
                                                        : line + 6);
    return -EPERM;
}

/*
 * After the stream: the destination has the domain, paused ("received
 * <domid>"); told "go", it starts it and answers "ok <domid>".  The
 * parent hears GO_LINE before the destination hears "go": from then on
 * the guest may run there, so a failure must not resume it here, unless
 * the destination says it destroyed its copy (an "error" answer) or
 * "go" never left (GO_WITHDRAWN).
 */
#define GO_LINE "the destination has all of it: telling it to start"
#define GO_WITHDRAWN "go not sent"

static int go_ahead(int sock, int out, char *line, size_t len, char *why,
                    size_t wlen)
{
    if ( xend_relocation_read_line(sock, line, len, ANSWER_TIMEOUT_SECS) )
        return snprintf(why, wlen, "the destination did not answer: %.200s",
                        line), -EIO;
    if ( strncmp(line, "received ", 9) )
        return snprintf(why, wlen, "%.200s", strncmp(line, "error ", 6)
                        ? line : line + 6), -EIO;
    dprintf(out, "%s\n", GO_LINE);
    if ( write(sock, "go\n", 3) != 3 )
    {
        dprintf(out, "%s\n", GO_WITHDRAWN);
        return snprintf(why, wlen, "telling the destination to start it: "
                        "%s", strerror(errno)), -EIO;
    }
    if ( xend_relocation_read_line(sock, line, len, ANSWER_TIMEOUT_SECS) )
        return snprintf(why, wlen, "the destination was told to start it "
                        "and did not confirm: %.150s", line), -EIO;
    if ( !strncmp(line, "ok ", 3) )
        return 0;
    dprintf(out, "%s\n", GO_WITHDRAWN);
    return snprintf(why, wlen, "%.200s", strncmp(line, "error ", 6)
                    ? line : line + 6), -EIO;
}

/* The child: stream, answer, and the outcome as the last progress line. */
static void send_child(int sock, int out, uint32_t domid, const char *json,
                       bool live)
{
    char why[256] = "", line[400];
    int rc;

    xend_hv->forked();
    if ( (rc = greeted(sock, why, sizeof(why))) )
        ;
    else if ( xend_stream_write_head(sock, json, why, sizeof(why)) )
        rc = -EIO;
    else if ( (rc = xend_hv->save(domid, sock, live ? XEND_SAVE_LIVE : 0,
                                  out)) )
        snprintf(why, sizeof(why), "%s",
                 xend_hv->why() ? xend_hv->why() : strerror(-rc));
    else if ( xend_stream_write_end(sock, why, sizeof(why)) )
        rc = -EIO;
    else
        rc = go_ahead(sock, out, line, sizeof(line), why, sizeof(why));
    /*
     * A destination that failed mid-stream (out of memory, a device it
     * could not attach) said why before closing: that, not our broken
     * pipe.
     */
    if ( rc && rc != -EPERM &&
         !xend_relocation_read_line(sock, line, sizeof(line),
                                    REASON_WAIT_SECS) &&
         !strncmp(line, "error ", 6) )
        snprintf(why, sizeof(why), "%.200s", line + 6);
    if ( rc )
        dprintf(out, "error %s\n", why);
    else
        dprintf(out, "%s\n", line);
    _exit(rc ? 1 : 0);
}

/* Collect the child's lines, serving incoming migrations meanwhile. */
static void collect(int in, struct xend_migration *m)
{
    struct pollfd p[2] = {
        { .fd = in, .events = POLLIN },
        { .fd = xend_relocation_fd, .events = POLLIN },
    };
    char buf[512];
    ssize_t n;

    for ( ;; )
    {
        if ( poll(p, 2, -1) < 0 && errno != EINTR )
            return;
        if ( p[1].fd >= 0 && (p[1].revents & POLLIN) )
            xend_relocation_accept(p[1].fd);
        if ( !(p[0].revents & (POLLIN | POLLHUP)) )
            continue;
        if ( (n = read(in, buf, sizeof(buf))) <= 0 )
            return;
        m->log = xr_xrealloc(m->log, m->log_len + n + 1);
        memcpy(m->log + m->log_len, buf, n);
        m->log_len += n;
        m->log[m->log_len] = '\0';
    }
}

/* The outcome: the last line of the child's log. */
static int outcome(struct xend_migration *m, char **why)
{
    char *last, *end = m->log ? m->log + m->log_len : NULL;

    while ( end && end > m->log && end[-1] == '\n' )
        *--end = '\0';
    last = end ? strrchr(m->log, '\n') : NULL;
    last = last ? last + 1 : m->log;
    if ( last && sscanf(last, "ok %u", &m->dest_domid) == 1 )
        return 0;
    return asprintf(why, "%s", last && !strncmp(last, "error ", 6)
                    ? last + 6 : "the sending process failed") < 0
           ? -ENOMEM : -EIO;
}

/* Did the child tell the destination to go, and not take it back? */
static bool told_to_go(const struct xend_migration *m)
{
    const char *go = m->log ? strstr(m->log, GO_LINE) : NULL;

    return go && !strstr(go, GO_WITHDRAWN);
}

/*
 * After the stream: the source gone, or running again; or, when the
 * destination was told to start the guest and never said whether it
 * did, left suspended here (resuming it could make two copies run).
 */
static void finish(struct xend_migration *m, const uuid_t uuid,
                   uint32_t domid, bool ok)
{
    struct xend_record *r = xend_table_find(uuid);

    if ( !ok && told_to_go(m) )
    {
        m->left_suspended = true;
        XLOG_WARN("domain %u: the destination was told to start it and "
                  "did not confirm: left suspended here", domid);
        return;
    }
    if ( !ok )
    {
        if ( !xend_hv->resume(domid) )
            XLOG_INFO("domain %u: migration failed, resumed", domid);
        return;
    }
    xend_hv->destroy(domid);
    if ( xend_incoming.received && r )
        xend_table_restarted(r, xend_incoming.domid);   /* localhost */
    else
        xend_table_forget(uuid);
    XLOG_INFO("domain %u migrated (now id %u there)", domid, m->dest_domid);
}

int xend_migrate(uint32_t domid, const uuid_t uuid, const char *host,
                 int port, bool live, struct xend_migration *m, char **why)
{
    const struct xend_record *r = xend_table_find(uuid);
    char *json;
    int sock, p[2], status, rc;
    pid_t pid;

    *why = NULL;
    if ( !r )
        return asprintf(why, "xend has no record of it"), -EINVAL;
    if ( (sock = connect_to(host, port, why)) < 0 )
        return sock;
    json = xr_json_encode(r->config, false);
    if ( pipe2(p, O_CLOEXEC) || (pid = fork()) < 0 )
    {
        rc = -errno;
        close(sock);
        free(json);
        return asprintf(why, "cannot start sending: %s", strerror(-rc)), rc;
    }
    if ( pid == 0 )
        send_child(sock, p[1], domid, json, live);
    close(p[1]);
    close(sock);
    free(json);
    xend_incoming = (struct xend_incoming){ .active = true };
    uuid_copy(xend_incoming.uuid, uuid);
    collect(p[0], m);
    close(p[0]);
    waitpid(pid, &status, 0);
    rc = outcome(m, why);
    finish(m, uuid, domid, rc == 0);
    xend_incoming.active = false;
    return rc;
}
