/* SPDX-License-Identifier: GPL-2.0-only */
/* xend's log file, in Xen 3's shape: "[date time pid] LEVEL (xend) text". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xend.h"

static FILE *log_file;

int xend_log_open(const char *path)
{
    log_file = fopen(path, "ae");
    if ( !log_file )
        return -errno;
    setvbuf(log_file, NULL, _IOLBF, 0);
    return 0;
}

void xend_log(const char *level, const char *fmt, ...)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    if ( !log_file )
        return;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(log_file, "[%s %d] %s (xend) ", stamp, (int)getpid(), level);
    va_start(ap, fmt);
    vfprintf(log_file, fmt, ap);
    va_end(ap);
    fputc('\n', log_file);
}
