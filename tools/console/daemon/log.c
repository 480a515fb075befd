/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's own messages (syslog, and stderr with -i or -v), and the
 * log files: <log-dir>/guest-<name>.log per guest (--log=guest) and
 * <log-dir>/hypervisor.log (--log=hv), appended to, reopened on SIGHUP,
 * with Xen's optional "[YYYY-mm-dd HH:MM:SS] " line stamps.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <xenstore_lib.h>

#include "console.h"

struct consoled_opts consoled_opts = {
    .discard = true,
    .log_dir = "/var/log/xen/console",
};
bool consoled_log_stderr;

void dolog(int prio, const char *fmt, ...)
{
    va_list ap, aq;

    /*
     * As Xen's: warnings and worse, unless -v (syslog falls back to the
     * console, LOG_CONS, where no syslogd runs).
     */
    if ( prio > LOG_WARNING && !consoled_opts.verbose )
        return;
    va_start(ap, fmt);
    if ( consoled_log_stderr )
    {
        va_copy(aq, ap);
        fputs("xenconsoled: ", stderr);
        vfprintf(stderr, fmt, aq);
        fputc('\n', stderr);
        va_end(aq);
    }
    vsyslog(prio, fmt, ap);
    va_end(ap);
}

/* --replace-escape: ESC becomes '.', so a log cannot drive a terminal. */
static int write_plain(int fd, const char *p, size_t n)
{
    char tmp[1024];
    size_t chunk, i;

    if ( !consoled_opts.replace_escape )
        return !xs_write_all(fd, p, n);
    for ( ; n; p += chunk, n -= chunk )
    {
        chunk = n < sizeof(tmp) ? n : sizeof(tmp);
        for ( i = 0; i < chunk; i++ )
            tmp[i] = p[i] == '\033' ? '.' : p[i];
        if ( !xs_write_all(fd, tmp, chunk) )
            return -1;
    }
    return 0;
}

/* Each line gets a stamp; \r right after a newline is dropped (Xen's). */
static int write_stamped(int fd, const char *p, size_t n, bool *needts)
{
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    size_t tslen, len;
    const char *nl;

    localtime_r(&now, &tm);
    tslen = strftime(ts, sizeof(ts), "[%Y-%m-%d %H:%M:%S] ", &tm);
    while ( n )
    {
        nl = memchr(p, '\n', n);
        len = nl ? (size_t)(nl - p) + 1 : n;
        if ( (*needts && !xs_write_all(fd, ts, tslen)) ||
             write_plain(fd, p, len) )
            return -1;
        *needts = nl != NULL;
        p += len;
        n -= len;
        while ( nl && n && *p == '\r' )
            p++, n--;
    }
    return 0;
}

int log_write(int fd, const char *data, size_t n, bool ts, bool *needts)
{
    return ts ? write_stamped(fd, data, n, needts) : write_plain(fd, data, n);
}

static int log_open(const char *file, bool ts)
{
    char path[PATH_MAX];
    bool needts = true;
    int fd;

    mkdir(consoled_opts.log_dir, 0755);
    snprintf(path, sizeof(path), "%s/%s", consoled_opts.log_dir, file);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if ( fd < 0 )
    {
        dolog(LOG_ERR, "cannot open log %s: %s", path, strerror(errno));
        return -1;
    }
    if ( ts && log_write(fd, "Logfile Opened\n", 15, true, &needts) )
        dolog(LOG_ERR, "cannot write to log %s: %s", path, strerror(errno));
    return fd;
}

/*
 * The guest may rewrite its own name node: only [A-Za-z0-9._-] reach the
 * file name, and it cannot start with a dot.
 */
static void log_safe_name(const char *name, char *out, size_t size)
{
    size_t i;
    char ch;

    for ( i = 0; name[i] && i + 1 < size; i++ )
    {
        ch = name[i];
        out[i] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
                 (ch == '.' && i) ? ch : '_';
    }
    out[i] = '\0';
}

int log_open_guest(const struct domain *d)
{
    char path[64], file[NAME_MAX - 16], safe[NAME_MAX - 32];
    unsigned int len;
    char *name;

    snprintf(path, sizeof(path), "/local/domain/%u/name", d->domid);
    name = xs_read(consoled_xs, XBT_NULL, path, &len);
    if ( name && len )
        log_safe_name(name, safe, sizeof(safe));
    else
        snprintf(safe, sizeof(safe), "%u", d->domid);
    free(name);
    snprintf(file, sizeof(file), "guest-%s.log", safe);
    return log_open(file, consoled_opts.ts_guest);
}

int log_open_hv(void)
{
    return log_open("hypervisor.log", consoled_opts.ts_hv);
}
