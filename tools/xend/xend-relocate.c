/* SPDX-License-Identifier: GPL-2.0-only */
/* The receiving side of live migration (xend-relocate.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "xend.h"
#include "xend-records.h"
#include "xend-relocate.h"
#include "xend-save.h"

struct xend_incoming xend_incoming;
int xend_relocation_fd = -1;

/* A stalled sender may hold xend this long at most per read. */
#define RECEIVE_TIMEOUT_SECS 60
/*
 * A peer silent this long is gone: its data unacknowledged, or its
 * keepalives unanswered (first probe after KEEPALIVE_IDLE_SECS).
 */
#define PEER_GONE_SECS 60
#define KEEPALIVE_IDLE_SECS 10
#define KEEPALIVE_INTERVAL_SECS 5

int xend_relocation_listen(int port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_ANY),
    };
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if ( fd < 0 ||
         setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
         bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4) )
    {
        XLOG_ERR("relocation server on port %d: %s", port, strerror(errno));
        if ( fd >= 0 )
            close(fd);
        return -1;
    }
    XLOG_INFO("relocation server on port %d (allowed: %s)", port,
              xend_settings.relocation_allow);
    return fd;
}

/*
 * A machine that dies or drops off the network sends no reset: without
 * these a write to it blocks until the kernel stops retransmitting
 * (about 15 minutes) and a wait for its answer lasts the whole answer
 * timeout, the guest suspended or log-dirty all along.  Linux ends such
 * a connection with ETIMEDOUT after PEER_GONE_SECS of unacknowledged
 * data or unanswered keepalive probes; a live peer that is merely slow
 * still acknowledges (zero-window probes included).
 */
void xend_relocation_watch_peer(int fd)
{
    int one = 1, idle = KEEPALIVE_IDLE_SECS, intvl = KEEPALIVE_INTERVAL_SECS;
    int count = (PEER_GONE_SECS - idle) / intvl;
    unsigned int gone_ms = PEER_GONE_SECS * 1000;

    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof(count));
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &gone_ms, sizeof(gone_ms));
}

static bool matches(const char *pattern, const char *s)
{
    regex_t re;
    bool m;

    if ( regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) )
        return false;
    m = !regexec(&re, s, 0, NULL, 0);
    regfree(&re);
    return m;
}

bool xend_relocation_allowed(const char *patterns, const char *addr)
{
    char *copy = strdup(patterns), *save = NULL, *p;
    bool ok = false;

    for ( p = strtok_r(copy, " \t", &save); p && !ok;
          p = strtok_r(NULL, " \t", &save) )
        ok = matches(p, addr) ||
             (!strcmp(addr, "127.0.0.1") && matches(p, "localhost"));
    free(copy);
    return ok;
}

static void answer(int fd, const char *fmt, const char *a, uint32_t id)
{
    char line[512];
    int n = snprintf(line, sizeof(line), fmt, a, id);

    if ( n > 0 && write(fd, line, n) != n )
        XLOG_WARN("relocation: the sender did not take the answer");
}

/*
 * While a domain is received, its uuid is in <state_dir>/incoming: a xend
 * killed mid-stream leaves a half-built domain (paused, no record) that
 * the next xend destroys at start (xend_relocation_cleanup()).
 */
static char *incoming_path(void)
{
    char *p;

    if ( asprintf(&p, "%s/incoming", xend_settings.state_dir) < 0 )
        xr_alloc_failed();
    return p;
}

static void mark_incoming(const uuid_t uuid)
{
    char *p = incoming_path(), u[37];
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

    uuid_unparse_lower(uuid, u);
    u[36] = '\n';
    if ( fd < 0 || write(fd, u, sizeof(u)) != sizeof(u) || fsync(fd) )
        XLOG_WARN("relocation: cannot write %s: %s", p, strerror(errno));
    if ( fd >= 0 )
        close(fd);
    free(p);
}

static void unmark_incoming(void)
{
    char *p = incoming_path();

    unlink(p);
    free(p);
}

/* Domains with that uuid but not the one its record names (localhost:
 * the guest itself runs on here) are what a killed receive left. */
static void destroy_half_built(const uuid_t uuid)
{
    const struct xend_record *r = xend_table_find(uuid);
    struct xend_dominfo *doms = NULL;
    unsigned int nr = 0, i;

    if ( xend_hv->list(&doms, &nr) )
        return;
    for ( i = 0; i < nr; i++ )
    {
        if ( uuid_compare(doms[i].uuid, uuid) ||
             (r && r->domid == doms[i].domid) || !doms[i].domid )
            continue;
        XLOG_WARN("domain %u: half received when xend stopped: destroyed",
                  doms[i].domid);
        xend_hv->destroy(doms[i].domid);
    }
    free(doms);
}

void xend_relocation_cleanup(void)
{
    char *p = incoming_path(), u[37] = "";
    FILE *f = fopen(p, "re");
    uuid_t uuid;

    if ( f )
    {
        if ( fgets(u, sizeof(u), f) && !uuid_parse(u, uuid) )
            destroy_half_built(uuid);
        fclose(f);
        unlink(p);
    }
    free(p);
}

int xend_relocation_read_line(int fd, char *line, size_t len, int secs)
{
    struct timeval tv = { .tv_sec = secs };
    size_t n = 0;
    ssize_t r = 0;

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    while ( n + 1 < len && (r = read(fd, line + n, 1)) == 1 &&
            line[n] != '\n' )
        n++;
    line[n] = '\0';
    if ( n )
        return 0;
    if ( r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) )
        snprintf(line, len, "timed out after %d s", secs);
    else
        snprintf(line, len, "%s", r < 0 ? strerror(errno)
                                        : "the connection was closed");
    return -1;
}

/*
 * The sender's word to start the domain, "go" (libxl's
 * migrate_permission_to_go).  Until the sender has said it, it may still
 * resume its own copy: so a sender that dies, or says anything else,
 * gets the received domain destroyed.  One copy runs, never two.
 */
static bool sender_said_go(int fd)
{
    char line[8];

    return !xend_relocation_read_line(fd, line, sizeof(line),
                                      RECEIVE_TIMEOUT_SECS) &&
           !strcmp(line, "go");
}

/* The received domain, paused: recorded and started once told to go. */
static int start_when_told(int fd, const struct domain_config *cfg,
                           uint32_t domid, bool back, char **why)
{
    int rc = 0;

    answer(fd, "received%s %u\n", "", domid);
    if ( !sender_said_go(fd) )
        rc = asprintf(why, "the sender did not say go (it resumes the "
                      "guest there)") < 0 ? -ENOMEM : -ECONNABORTED;
    else if ( !back && (rc = xend_table_remember(cfg, domid)) )
        asprintf(why, "cannot save its record: %s", strerror(-rc));
    else if ( (rc = xend_hv->unpause(domid)) )
    {
        asprintf(why, "unpausing it: %s", xend_hv->why() ? xend_hv->why()
                                                          : strerror(-rc));
        if ( !back )
            xend_table_forget(cfg->uuid);
    }
    if ( rc )
    {
        xend_hv->destroy(domid);
        return rc;
    }
    if ( back )
    {
        xend_incoming.received = true;
        xend_incoming.domid = domid;
    }
    return domid;
}

/* The domain in the stream created and started: its id, or -errno. */
static int receive(int fd, struct domain_config *cfg, char **why)
{
    const char *taken;
    bool back;
    uint32_t domid;
    int rc;

    if ( (rc = xend_restore_read(fd, cfg, why)) )
        return rc;
    back = xend_incoming.active && !uuid_compare(cfg->uuid,
                                                 xend_incoming.uuid);
    taken = xend_table_taken_by(cfg, back ? cfg->uuid : NULL);
    if ( taken )
        return asprintf(why, "a domain with the %s of '%s' already exists",
                        taken, cfg->name) < 0 ? -ENOMEM : -EEXIST;
    mark_incoming(cfg->uuid);
    rc = xend_hv->restore(cfg, fd, true, &domid);
    if ( rc )
        asprintf(why, "%s", xend_hv->why() ? xend_hv->why() : strerror(-rc));
    else
        rc = start_when_told(fd, cfg, domid, back, why);
    unmark_incoming();
    return rc;
}

void xend_relocation_accept(int listen_fd)
{
    struct sockaddr_in peer;
    socklen_t len = sizeof(peer);
    struct timeval tv = { .tv_sec = RECEIVE_TIMEOUT_SECS };
    struct domain_config cfg;
    char addr[INET_ADDRSTRLEN] = "?", *why = NULL;
    int fd = accept4(listen_fd, (struct sockaddr *)&peer, &len,
                     SOCK_CLOEXEC), rc;

    if ( fd < 0 )
        return;
    inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof(addr));
    if ( !xend_relocation_allowed(xend_settings.relocation_allow, addr) )
    {
        XLOG_WARN("relocation from %s refused (not in the allow-list)",
                  addr);
        answer(fd, "error %s is not allowed to migrate here\n", addr, 0);
        close(fd);
        return;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    xend_relocation_watch_peer(fd);
    answer(fd, "ready%s\n", "", 0);
    domcfg_init(&cfg);
    rc = receive(fd, &cfg, &why);
    if ( rc < 0 )
    {
        XLOG_ERR("relocation from %s failed: %s", addr, why ? why : "?");
        answer(fd, "error %s\n", why ? why : strerror(-rc), 0);
    }
    else
    {
        XLOG_INFO("domain %s received from %s: id %d", cfg.name, addr, rc);
        answer(fd, "ok%s %u\n", "", rc);
    }
    free(why);
    domcfg_dispose(&cfg);
    close(fd);
}
