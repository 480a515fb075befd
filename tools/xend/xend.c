/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend start|stop|status|restart.  start binds the socket before it goes
 * to the background, so when `xend start` returns, xend answers; the pid
 * file names the daemon for stop and status.  Every path can be moved
 * (tests run xend on a temporary socket, log and state directory).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xend.h"
#include "xend-records.h"
#include "xend-relocate.h"

struct xend_settings xend_settings = {
    .socket_path = XEND_DEFAULT_SOCKET,
    .pid_file = XEND_DEFAULT_PID_FILE,
    .log_file = XEND_DEFAULT_LOG,
    .state_dir = XEND_DEFAULT_STATE_DIR,
    .relocation_port = XEND_RELOCATION_PORT,
    .relocation_allow = XEND_RELOCATION_ALLOW,
};
const struct xend_hv_ops *xend_hv;

static void usage(FILE *f)
{
    fprintf(f, "Usage: xend [options] start|stop|status|restart\n"
            "  -s, --socket=PATH     XML-RPC socket (%s)\n"
            "  -p, --pid-file=PATH   pid file (%s)\n"
            "  -l, --log=PATH        log file (%s)\n"
            "  -d, --state-dir=DIR   domain records (%s)\n"
            "  -f, --foreground      do not go to the background\n"
            "  -r, --relocation-port=N  receive migrations on TCP port N "
            "(%d; 0: off)\n"
            "  -a, --relocation-hosts-allow=REGEXES  peer addresses allowed "
            "(\"%s\")\n",
            XEND_DEFAULT_SOCKET, XEND_DEFAULT_PID_FILE, XEND_DEFAULT_LOG,
            XEND_DEFAULT_STATE_DIR, XEND_RELOCATION_PORT,
            XEND_RELOCATION_ALLOW);
}

/* The pid in the pid file if that process lives, else 0. */
static pid_t running_pid(void)
{
    FILE *f = fopen(xend_settings.pid_file, "r");
    long pid = 0;

    if ( !f )
        return 0;
    if ( fscanf(f, "%ld", &pid) != 1 || pid <= 0 )
        pid = 0;
    fclose(f);
    if ( pid && kill(pid, 0) && errno == ESRCH )
        pid = 0;
    return pid;
}

/* mkdir -p of the directory holding path. */
static void make_parent(const char *path)
{
    char *d = strdup(path), *p;

    if ( !d )
        xr_alloc_failed();
    for ( p = strchr(d + 1, '/'); p; p = strchr(p + 1, '/') )
    {
        *p = '\0';
        mkdir(d, 0755);
        *p = '/';
    }
    free(d);
}

static int write_pid(pid_t pid)
{
    FILE *f = fopen(xend_settings.pid_file, "we");

    if ( !f )
        return -1;
    fprintf(f, "%ld\n", (long)pid);
    return fclose(f);
}

static void report_bad_record(const char *path, const char *why)
{
    XLOG_WARN("skipping domain record %s: %s", path, why);
}

static unsigned int nr_loaded;

/* A record is kept only if its config passes today's checks. */
static void found_record(const struct xend_record *r)
{
    struct domain_config cfg;
    struct domcfg_error err;

    domcfg_init(&cfg);
    if ( domcfg_parse(r->config, &cfg, &err) )
        XLOG_WARN("skipping domain record %s: config: %s: %s", r->uuid,
                  err.key, err.msg);
    else
    {
        xend_methods_add_record(r);
        nr_loaded++;
    }
    domcfg_dispose(&cfg);
}

static int serve_and_clean(int fd)
{
    int rc;

    /* In the daemon itself: libxenstore's watch thread and handles do not
     * survive fork(). */
    xend_hv = xend_hv_select();
    xend_relocation_cleanup();
    XLOG_INFO("xend started: socket %s, records under %s, hypervisor "
              "interface: %s", xend_settings.socket_path,
              xend_settings.state_dir, xend_hv->name);
    rc = xend_serve(fd);
    close(fd);
    unlink(xend_settings.socket_path);
    unlink(xend_settings.pid_file);
    XLOG_INFO("xend stopped");
    return rc ? 1 : 0;
}

static void detach(void)
{
    int null = open("/dev/null", O_RDWR);

    setsid();
    if ( null >= 0 )
    {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        close(null);
    }
}

static int cmd_start(void)
{
    char *err = NULL;
    pid_t pid = running_pid();
    int fd, rc;

    if ( pid )
        return fprintf(stderr, "xend is already running (pid %ld)\n",
                       (long)pid), 1;
    make_parent(xend_settings.log_file);
    make_parent(xend_settings.pid_file);
    make_parent(xend_settings.socket_path);
    rc = xend_log_open(xend_settings.log_file);
    if ( rc )
        return fprintf(stderr, "xend: cannot open the log %s: %s\n",
                       xend_settings.log_file, strerror(-rc)), 1;
    fd = xend_listen(xend_settings.socket_path, &err);
    if ( fd < 0 )
        return fprintf(stderr, "xend: %s\n", err ? err : "cannot listen"), 1;
    xend_records_scan(xend_settings.state_dir, found_record,
                      report_bad_record);
    XLOG_INFO("%u domain record(s) loaded", nr_loaded);
    if ( xend_settings.foreground )
        return write_pid(getpid()), serve_and_clean(fd);
    fflush(NULL);
    pid = fork();
    if ( pid < 0 )
        return fprintf(stderr, "xend: fork: %s\n", strerror(errno)), 1;
    if ( pid == 0 )
    {
        detach();
        _exit(serve_and_clean(fd));
    }
    if ( write_pid(pid) )
        fprintf(stderr, "xend: cannot write %s: %s\n",
                xend_settings.pid_file, strerror(errno));
    return 0;
}

static int cmd_stop(void)
{
    pid_t pid = running_pid();
    int i;

    if ( !pid )
        return printf("xend is not running\n"), 0;
    if ( kill(pid, SIGTERM) )
        return fprintf(stderr, "xend: cannot stop pid %ld: %s\n",
                       (long)pid, strerror(errno)), 1;
    for ( i = 0; i < 100 && !(kill(pid, 0) && errno == ESRCH); i++ )
        usleep(100 * 1000);
    if ( i == 100 )
        return fprintf(stderr, "xend: pid %ld did not stop within 10 s\n",
                       (long)pid), 1;
    return 0;
}

static int cmd_status(void)
{
    pid_t pid = running_pid();

    if ( pid )
        return printf("xend is running (pid %ld)\n", (long)pid), 0;
    return printf("xend is not running\n"), 3;
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "socket", required_argument, NULL, 's' },
        { "pid-file", required_argument, NULL, 'p' },
        { "log", required_argument, NULL, 'l' },
        { "state-dir", required_argument, NULL, 'd' },
        { "foreground", no_argument, NULL, 'f' },
        { "relocation-port", required_argument, NULL, 'r' },
        { "relocation-hosts-allow", required_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *cmd;
    int ch;

    while ( (ch = getopt_long(argc, argv, "s:p:l:d:fr:a:h", longs, NULL)) != -1 )
        switch ( ch )
        {
        case 's': xend_settings.socket_path = optarg; break;
        case 'p': xend_settings.pid_file = optarg; break;
        case 'l': xend_settings.log_file = optarg; break;
        case 'd': xend_settings.state_dir = optarg; break;
        case 'f': xend_settings.foreground = true; break;
        case 'r': xend_settings.relocation_port = atoi(optarg); break;
        case 'a': xend_settings.relocation_allow = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    cmd = optind < argc ? argv[optind] : "start";
    if ( optind + 1 < argc )
        return usage(stderr), 2;
    if ( !strcmp(cmd, "start") )
        return cmd_start();
    if ( !strcmp(cmd, "stop") )
        return cmd_stop();
    if ( !strcmp(cmd, "status") )
        return cmd_status();
    if ( !strcmp(cmd, "restart") )
        return cmd_stop() ? 1 : cmd_start();
    usage(stderr);
    return 2;
}
