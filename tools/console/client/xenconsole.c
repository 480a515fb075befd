/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsole <domid>: attach the terminal to a guest's console pty, as
 * Xen's client does.  The pty's path is read from xenstore (written by
 * xenconsoled; we wait up to 5 s for it after a create), the terminal is
 * put in raw mode, and bytes are copied both ways until Ctrl-] (0x1d),
 * the pty going away, or SIGTERM; the terminal is then restored.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>
#include <xenstore_lib.h>

#define ESCAPE_CHARACTER 0x1d
#define LOCK_DIR         "/run/xen"

enum console_type { CONSOLE_PV, CONSOLE_SERIAL, CONSOLE_VUART };

static volatile sig_atomic_t received_signal;
static struct termios stdin_old;
static bool stdin_raw;
static char lockfile[64];

static void on_signal(int sig)
{
    received_signal = 1;
}

static void usage(const char *prog)
{
    printf("Usage: %s [OPTION] DOMID\n"
           "Attaches to a virtual domain console\n"
           "\n"
           "  -h, --help       display this help and exit\n"
           "  -n, --num N      use console number N\n"
           "  --type TYPE      console type. must be 'pv', 'serial' or "
           "'vuart'\n"
           "  --start-notify-fd N file descriptor used to notify parent\n",
           prog);
}

static void fail(int code, const char *fmt, const char *arg)
{
    fprintf(stderr, "xenconsole: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(code);
}

static void make_raw(int fd, struct termios *old)
{
    struct termios t;

    if ( tcgetattr(fd, old) )
        return;
    t = *old;
    cfmakeraw(&t);
    tcsetattr(fd, TCSANOW, &t);
}

static void restore_stdin(void)
{
    if ( stdin_raw )
        tcsetattr(STDIN_FILENO, TCSANOW, &stdin_old);
    stdin_raw = false;
}

/*
 * One client per console at a time: Xen's lock, failing rather than
 * waiting.  The file stays (unlinking it would let a third client lock a
 * new file while the second still holds the old one).
 */
static void console_lock(int domid)
{
    int fd;

    mkdir(LOCK_DIR, 0755);
    snprintf(lockfile, sizeof(lockfile), LOCK_DIR "/xenconsole.%d", domid);
    fd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if ( fd < 0 )
        return;   /* no lock directory: nothing to protect against */
    if ( flock(fd, LOCK_EX | LOCK_NB) )
        fail(EBUSY, "console %s is already in use", lockfile);
    /* fd stays open (and locked) until we exit. */
}

/* The pty named at path, or -1; waits up to seconds for it to appear. */
static int get_pty_fd(struct xs_handle *xs, const char *path, int seconds)
{
    time_t end = time(NULL) + seconds;
    struct pollfd p = { .fd = xs_fileno(xs), .events = POLLIN };
    char *pty, **ev;
    int fd = -1;

    do
    {
        while ( (ev = xs_check_watch(xs)) )
            free(ev);
        pty = xs_read(xs, XBT_NULL, path, NULL);
        if ( pty && *pty )
        {
            fd = open(pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
            if ( fd < 0 )
                fprintf(stderr, "xenconsole: could not open tty `%s': %s\n",
                        pty, strerror(errno));
        }
        free(pty);
        if ( fd >= 0 || time(NULL) >= end )
            break;
        poll(&p, 1, 1000);
    } while ( !received_signal );
    return fd;
}

/* Copy stdin to the pty; false at Ctrl-] or end of input. */
static bool from_stdin(int pty)
{
    char msg[256], *esc;
    ssize_t n = read(STDIN_FILENO, msg, sizeof(msg));

    if ( n < 0 && (errno == EINTR || errno == EAGAIN) )
        return true;
    if ( n <= 0 )
        return false;
    esc = memchr(msg, ESCAPE_CHARACTER, n);
    if ( esc )
        n = esc - msg;
    /* A pty that fails is noticed (and reopened) by its own poll. */
    if ( n && pty >= 0 )
        xs_write_all(pty, msg, n);
    return !esc;
}

/* Copy the pty to stdout; -1 when the pty failed. */
static int to_stdout(int pty)
{
    char msg[4096];
    ssize_t n = read(pty, msg, sizeof(msg));

    if ( n < 0 && (errno == EINTR || errno == EAGAIN) )
        return 0;
    if ( n <= 0 )
        return -1;
    if ( !xs_write_all(STDOUT_FILENO, msg, n) )
        exit(1);
    return 0;
}

/*
 * Stdin is read only when interactive (a terminal, or -i): as Xen's, a
 * client with its input at end of file keeps showing the console.
 */
static void console_loop(int pty, struct xs_handle *xs, const char *path,
                         bool interactive)
{
    struct pollfd p[3];
    int r;

    while ( !received_signal )
    {
        p[0] = (struct pollfd){ .fd = interactive ? STDIN_FILENO : -1,
                                .events = POLLIN };
        p[1] = (struct pollfd){ .fd = xs_fileno(xs), .events = POLLIN };
        p[2] = (struct pollfd){ .fd = pty, .events = POLLIN };
        r = poll(p, pty >= 0 ? 3 : 2, -1);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return;
        if ( p[1].revents & POLLIN )
        {
            /* The tty node changed: reopen it, or stop if it is gone. */
            if ( pty >= 0 )
                close(pty);
            pty = get_pty_fd(xs, path, 0);
            if ( pty < 0 )
                return;
            continue;
        }
        if ( (p[0].revents & (POLLIN | POLLHUP)) && !from_stdin(pty) )
            return;
        if ( pty >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR)) &&
             to_stdout(pty) )
        {
            close(pty);
            pty = -1;
        }
    }
}

/* The xenstore path of the requested console's tty node. */
static char *tty_path(struct xs_handle *xs, int domid,
                      enum console_type type, unsigned int num)
{
    char *dom = xs_get_domain_path(xs, domid), *path = NULL, *probe;
    bool found;
    int r;

    if ( !dom )
        fail(errno, "xs_get_domain_path(): %s", strerror(errno));
    if ( type == CONSOLE_SERIAL )
    {
        /* A serial console that does not exist falls back to pv. */
        if ( asprintf(&path, "%s/serial/%u/tty", dom, num) < 0 )
            exit(ENOMEM);
        probe = xs_read(xs, XBT_NULL, path, NULL);
        found = probe != NULL;
        free(probe);
        if ( found )
        {
            free(dom);
            return path;
        }
        free(path);
    }
    if ( type == CONSOLE_VUART )
        r = asprintf(&path, "%s/vuart/0/tty", dom);
    else if ( num == 0 )
        r = asprintf(&path, "%s/console/tty", dom);
    else
        r = asprintf(&path, "%s/device/console/%u/tty", dom, num);
    if ( r < 0 )
        exit(ENOMEM);
    free(dom);
    return path;
}

static void notify_start(int fd)
{
    const char zero = 0;
    ssize_t r;

    if ( fd < 0 )
        return;
    do
        r = write(fd, &zero, 1);
    while ( (r < 0 && errno == EINTR) || r == 0 );
    if ( r < 0 )
        fail(errno, "could not notify parent with fd %s", strerror(errno));
    close(fd);
}

static void parse_args(int argc, char **argv, int *domid,
                       enum console_type *type, unsigned int *num,
                       int *notify_fd, bool *interactive)
{
    static const struct option lo[] = {
        { "type", 1, NULL, 't' }, { "num", 1, NULL, 'n' },
        { "help", 0, NULL, 'h' }, { "start-notify-fd", 1, NULL, 's' },
        { "interactive", 0, NULL, 'i' }, { NULL, 0, NULL, 0 },
    };
    char *end;
    int ch;

    while ( (ch = getopt_long(argc, argv, "hn:", lo, NULL)) != -1 )
        switch ( ch )
        {
        case 'h': usage(argv[0]); exit(0);
        case 'n': *num = atoi(optarg); break;
        case 't':
            if ( !strcmp(optarg, "pv") )
                *type = CONSOLE_PV;
            else if ( !strcmp(optarg, "serial") )
                *type = CONSOLE_SERIAL;
            else if ( !strcmp(optarg, "vuart") )
                *type = CONSOLE_VUART;
            else
                fail(EINVAL, "invalid type argument '%s' (pv, serial or "
                     "vuart)", optarg);
            break;
        case 's': *notify_fd = atoi(optarg); break;
        case 'i': *interactive = true; break;
        default:
            fail(EINVAL, "invalid argument; try `%s --help'", argv[0]);
        }
    if ( optind >= argc )
        fail(EINVAL, "DOMID should be specified%s", "");
    *domid = strtol(argv[optind], &end, 10);
    if ( *end || end == argv[optind] || *domid < 0 )
        fail(EINVAL, "invalid DOMID `%s'", argv[optind]);
}

int main(int argc, char **argv)
{
    enum console_type type = CONSOLE_PV;
    unsigned int num = 0;
    int domid, notify_fd = -1, pty;
    bool interactive = false;
    struct termios pty_old;
    struct xs_handle *xs;
    char *path;

    parse_args(argc, argv, &domid, &type, &num, &notify_fd, &interactive);
    if ( domid == 0 )
        fail(EINVAL, "Can't specify Domain-0%s", "");
    xs = xs_open(0);
    if ( !xs )
        fail(errno, "could not contact XenStore: %s", strerror(errno));
    signal(SIGTERM, on_signal);
    path = tty_path(xs, domid, type, num);
    console_lock(domid);
    if ( !xs_watch(xs, path, "") )
        fail(errno, "can't set watch for console pty: %s", strerror(errno));
    /* xenconsoled may not have seen a just-created domain yet. */
    pty = get_pty_fd(xs, path, 5);
    if ( pty < 0 )
        fail(ENOENT, "could not read tty from store (%s)", path);
    make_raw(pty, &pty_old);
    if ( isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) )
    {
        make_raw(STDIN_FILENO, &stdin_old);
        stdin_raw = true;
        atexit(restore_stdin);
        interactive = true;
    }
    notify_start(notify_fd);
    console_loop(pty, xs, path, interactive);
    restore_stdin();
    free(path);
    xs_close(xs);
    return 0;
}
