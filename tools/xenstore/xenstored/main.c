/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: options, start-up (socket, dom0's ring, VIRQ_DOM_EXC) and
 * the poll loop.  Options follow Xen 4.17's xenstored where they exist.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "platform.h"
#include "socket.h"

#define DEFAULT_SOCKET  "/run/xenstored/socket"
#define LEGACY_SOCKET   "/var/run/xenstored/socket"
#define MSGS_PER_ROUND  32     /* fairness: messages per client per round */

struct options {
    const char *socket;
    const char *pidfile;
    bool no_fork;
    bool no_domains;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = 1;
}

static void usage(FILE *f)
{
    fputs("Usage: xenstored [options]\n"
          "  -s, --socket <path>       listen here (default " DEFAULT_SOCKET
          ")\n"
          "  -F, --pid-file <file>     write the daemon's pid\n"
          "  -N, --no-fork             stay in the foreground\n"
          "  -D, --no-domain-init      no hypervisor: sockets only\n"
          "  -E, --entry-nb <n>        nodes a domain may own (1000)\n"
          "  -W, --watch-nb <n>        watches per domain (128)\n"
          "  -t, --transaction <n>     transactions per domain (10)\n"
          "  -S, --entry-size <n>      bytes per node (2048)\n"
          "  -A, --perm-nb <n>         permissions per node (5)\n"
          "  -M, --path-max <n>        path length below the home (2048)\n"
          "  -K, --keep-orphans        keep a gone domain's nodes (owned "
          "by dom0)\n"
          "  -I, --internal-db [on|off], -R, --no-recovery: accepted, "
          "no effect\n"
          "  -V, --verbose             log to stderr\n"
          "  -h, --help\n", f);
}

static unsigned int num_arg(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if ( *end || !*s || v > 1000000 )
    {
        fprintf(stderr, "xenstored: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option lo[] = {
        { "socket", 1, NULL, 's' }, { "pid-file", 1, NULL, 'F' },
        { "no-fork", 0, NULL, 'N' }, { "no-domain-init", 0, NULL, 'D' },
        { "entry-nb", 1, NULL, 'E' }, { "watch-nb", 1, NULL, 'W' },
        { "transaction", 1, NULL, 't' }, { "entry-size", 1, NULL, 'S' },
        { "perm-nb", 1, NULL, 'A' }, { "path-max", 1, NULL, 'M' },
        { "verbose", 0, NULL, 'V' }, { "help", 0, NULL, 'h' },
        { "keep-orphans", 0, NULL, 'K' }, { "internal-db", 2, NULL, 'I' },
        { "no-recovery", 0, NULL, 'R' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    while ( (ch = getopt_long(argc, argv, "s:F:NDE:W:t:S:A:M:VhKI::R", lo,
                              NULL)) != -1 )
        switch ( ch )
        {
        case 's': o->socket = optarg; break;
        case 'F': o->pidfile = optarg; break;
        case 'N': o->no_fork = true; break;
        case 'D': o->no_domains = true; break;
        case 'E': xs_quota.nodes = num_arg(optarg); break;
        case 'W': xs_quota.watches = num_arg(optarg); break;
        case 't': xs_quota.transactions = num_arg(optarg); break;
        case 'S': xs_quota.entry_size = num_arg(optarg); break;
        case 'A': xs_quota.perms = num_arg(optarg); break;
        case 'M':
            xs_quota.path_len = num_arg(optarg);
            if ( xs_quota.path_len > XENSTORE_REL_PATH_MAX )
                xs_quota.path_len = XENSTORE_REL_PATH_MAX;
            break;
        case 'V': xs_verbose = true; break;
        case 'K': xs_keep_orphans = true; break;
        case 'I': case 'R': break;   /* Xen's; the store is in memory */
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); exit(2);
        }
}

static void write_pidfile(const char *pidfile)
{
    FILE *f;

    if ( pidfile && (f = fopen(pidfile, "w")) )
    {
        fprintf(f, "%d\n", (int)getpid());
        fclose(f);
    }
}

/* Background ourselves once the socket accepts: callers may use it. */
static void daemonize(void)
{
    pid_t pid = fork();

    if ( pid < 0 )
    {
        perror("xenstored: fork");
        exit(1);
    }
    if ( pid > 0 )
        _exit(0);
    setsid();
}

/*
 * The poll set: listening socket, event channels, socket clients (whose
 * connections are remembered in conns[], to hand back poll's answers).
 */
static unsigned int build_pollset(struct pollfd **pfd, struct conn ***conns,
                                  unsigned int *cap, int lfd, int efd,
                                  int *timeout)
{
    struct list *l;
    struct conn *c;
    unsigned int n = 0;

    *timeout = -1;
    if ( *cap < 2 + 1024 + 16 )
    {
        *cap = 2 + 1024 + 16;
        *pfd = realloc(*pfd, *cap * sizeof(**pfd));
        *conns = realloc(*conns, *cap * sizeof(**conns));
        if ( !*pfd || !*conns )
            exit(1);
    }
    (*pfd)[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
    (*pfd)[n++] = (struct pollfd){ .fd = efd, .events = POLLIN };
    list_for_each(l, &xs_conns)
    {
        c = list_entry(l, struct conn, link);
        c->revents = 0;
        /* Bytes already read wait for framing: do not sleep on them. */
        if ( conn_has_buffered(c) && conn_wants_input(c) )
            *timeout = 0;
        if ( c->fd < 0 || c->dead || n >= *cap )
            continue;
        (*conns)[n] = c;
        (*pfd)[n] = (struct pollfd){ .fd = c->fd };
        if ( conn_wants_input(c) )
            (*pfd)[n].events |= POLLIN;
        if ( !list_empty(&c->out) )
            (*pfd)[n].events |= POLLOUT;
        n++;
    }
    return n;
}

static void main_loop(int lfd, int efd)
{
    struct pollfd *pfd = NULL;
    struct conn **conns = NULL;
    unsigned int cap = 0, n, i;
    int timeout;

    while ( !stop )
    {
        n = build_pollset(&pfd, &conns, &cap, lfd, efd, &timeout);
        if ( poll(pfd, n, timeout) < 0 && errno != EINTR )
        {
            perror("xenstored: poll");
            break;
        }
        for ( i = 2; i < n; i++ )
            conns[i]->revents = pfd[i].revents;
        if ( pfd[0].revents & POLLIN )
            socket_accept(lfd);
        if ( efd >= 0 && (pfd[1].revents & POLLIN) )
            domain_handle_events();
        conn_serve_all(MSGS_PER_ROUND);
    }
    free(pfd);
    free(conns);
}

static void setup_domains(bool no_domains)
{
    int rc;

    if ( no_domains || access("/dev/xen/evtchn", F_OK) )
    {
        xs_log("no hypervisor interface: serving the socket only\n");
        return;
    }
    xs_platform = &xs_platform_linux;
    domain_init();
    rc = domain_init_dom0();
    if ( rc )
        xs_log("dom0's xenbus ring not served: %s\n", strerror(rc));
}

int main(int argc, char **argv)
{
    struct options o = { .socket = NULL };
    int lfd;

    parse_options(argc, argv, &o);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    tree_init();
    store_setup();
    lfd = socket_listen(o.socket ? o.socket : DEFAULT_SOCKET);
    if ( lfd < 0 )
    {
        fprintf(stderr, "xenstored: cannot listen on %s: %s\n",
                o.socket ? o.socket : DEFAULT_SOCKET, strerror(errno));
        return 1;
    }
    if ( !o.socket )
        socket_legacy_link(DEFAULT_SOCKET, LEGACY_SOCKET);
    setup_domains(o.no_domains);
    if ( !o.no_fork )
        daemonize();
    write_pidfile(o.pidfile);
    main_loop(lfd, domain_evtchn_fd());
    unlink(o.socket ? o.socket : DEFAULT_SOCKET);
    return 0;
}
