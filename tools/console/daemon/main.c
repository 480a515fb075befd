/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled: options (Xen 4.17's), daemonizing and the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "console.h"

#define DEFAULT_PID_FILE "/run/xen/xenconsoled.pid"

static volatile sig_atomic_t stop;

static void usage(FILE *f)
{
    fputs("Usage: xenconsoled [-h] [-V] [-v] [-i] [--log=none|guest|hv|all]"
          " [--log-dir=DIR]\n"
          "       [--pid-file=PATH] [-t, --timestamp=none|guest|hv|all]"
          " [-o, --overflow-data=discard|keep]\n"
          "       [--replace-escape]\n"
          "  --replace-escape  - replace ESC character with dot when "
          "writing console log\n", f);
}

/* none|guest|hv|all into two flags; false if none of them. */
static bool which(const char *s, bool *guest, bool *hv)
{
    if ( strcmp(s, "none") && strcmp(s, "guest") && strcmp(s, "hv") &&
         strcmp(s, "all") )
        return false;
    *guest = !strcmp(s, "guest") || !strcmp(s, "all");
    *hv = !strcmp(s, "hv") || !strcmp(s, "all");
    return true;
}

static void bad(const char *opt, const char *v)
{
    fprintf(stderr, "xenconsoled: bad value '%s' for %s\n", v, opt);
    exit(EINVAL);
}

static void parse_options(int argc, char **argv, bool *interactive,
                          const char **pidfile)
{
    static const struct option lo[] = {
        { "help", 0, NULL, 'h' }, { "version", 0, NULL, 'V' },
        { "verbose", 0, NULL, 'v' }, { "interactive", 0, NULL, 'i' },
        { "log", 1, NULL, 'l' }, { "log-dir", 1, NULL, 'r' },
        { "pid-file", 1, NULL, 'p' }, { "timestamp", 1, NULL, 't' },
        { "overflow-data", 1, NULL, 'o' },
        { "replace-escape", 0, NULL, 'e' }, { NULL, 0, NULL, 0 },
    };
    struct consoled_opts *o = &consoled_opts;
    int ch;

    while ( (ch = getopt_long(argc, argv, "hVvil:r:p:t:o:", lo, NULL)) != -1 )
        switch ( ch )
        {
        case 'h': usage(stdout); exit(0);
        case 'V': puts("Xen Console Daemon 3.0"); exit(0);
        case 'v': o->verbose = consoled_log_stderr = true; break;
        case 'i': *interactive = consoled_log_stderr = true; break;
        case 'l':
            if ( !which(optarg, &o->log_guest, &o->log_hv) )
                bad("--log", optarg);
            break;
        case 'r': o->log_dir = optarg; break;
        case 'p': *pidfile = optarg; break;
        case 't':
            if ( !which(optarg, &o->ts_guest, &o->ts_hv) )
                bad("--timestamp", optarg);
            break;
        case 'o':
            if ( strcmp(optarg, "keep") && strcmp(optarg, "discard") )
                bad("--overflow-data", optarg);
            o->discard = !strcmp(optarg, "discard");
            break;
        case 'e': o->replace_escape = true; break;
        default:
            fputs("Try `xenconsoled --help' for more information\n", stderr);
            exit(EINVAL);
        }
}

/* Per guest: pty master and slave, log, event channel; plus spares. */
static void raise_fd_limit(void)
{
    struct rlimit want = { 32752 * 4 + 1000, 32752 * 4 + 1000 }, cur;

    if ( getrlimit(RLIMIT_NOFILE, &cur) == 0 && cur.rlim_cur < want.rlim_cur &&
         setrlimit(RLIMIT_NOFILE, &want) && cur.rlim_cur < cur.rlim_max )
    {
        cur.rlim_cur = cur.rlim_max;
        setrlimit(RLIMIT_NOFILE, &cur);
    }
}

static void write_pidfile(const char *path)
{
    char dir[256], *slash;
    FILE *f;

    snprintf(dir, sizeof(dir), "%s", path);
    slash = strrchr(dir, '/');
    if ( slash && slash != dir )
    {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    f = fopen(path, "w");
    if ( !f )
    {
        dolog(LOG_ERR, "cannot write %s: %m", path);
        return;
    }
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
}

/* Before any thread exists (libxenstore starts one for watches). */
static void daemonize(void)
{
    int fd;
    pid_t pid = fork();

    if ( pid < 0 )
    {
        perror("xenconsoled: fork");
        exit(1);
    }
    if ( pid > 0 )
        _exit(0);
    setsid();
    if ( chdir("/") )
        exit(1);
    fd = open("/dev/null", O_RDWR);
    if ( fd >= 0 )
    {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if ( fd > 2 )
            close(fd);
    }
}

static void on_hup(int sig)
{
    consoled_log_reload = 1;
}

static void on_term(int sig)
{
    stop = 1;
}

int main(int argc, char **argv)
{
    bool interactive = false;
    const char *pidfile = NULL;

    parse_options(argc, argv, &interactive, &pidfile);
    if ( geteuid() != 0 )
    {
        fprintf(stderr, "xenconsoled requires root to run.\n");
        return EPERM;
    }
    openlog("xenconsoled", LOG_CONS, LOG_DAEMON);
    raise_fd_limit();
    signal(SIGPIPE, SIG_IGN);
    sigaction(SIGHUP, &(struct sigaction){ .sa_handler = on_hup }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_term }, NULL);
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_term }, NULL);
    if ( !interactive )
    {
        daemonize();
        write_pidfile(pidfile ? pidfile : DEFAULT_PID_FILE);
    }
    else if ( pidfile )
        write_pidfile(pidfile);
    if ( consoled_init() )
        return 1;
    while ( !stop && consoled_iterate(-1) )
        ;
    consoled_fini();
    closelog();
    return 0;
}
