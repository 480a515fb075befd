/* SPDX-License-Identifier: LGPL-2.1-only */
/* Reporting through the caller's logger, if it gave one. */
#ifndef XTL_PRIVATE_H
#define XTL_PRIVATE_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <xentoollog.h>

/* A message at level through the caller's logger, if it gave one. */
static inline void __attribute__((format(printf, 5, 6)))
xtl_message(xentoollog_logger *logger, xentoollog_level level, int errnoval,
            const char *context, const char *fmt, ...)
{
    va_list ap;
    int saved = errno;

    if ( !logger || !logger->vmessage )
        return;
    va_start(ap, fmt);
    logger->vmessage(logger, level, errnoval, context, fmt, ap);
    va_end(ap);
    errno = saved;
}

#define xtl_report(logger, errnoval, context, ...) \
    xtl_message(logger, XTL_ERROR, errnoval, context, __VA_ARGS__)

/* open(path, flags), reporting a failure as "<path>: <reason>". */
static inline int xtl_open_device(xentoollog_logger *logger,
                                  const char *context, const char *path,
                                  int flags)
{
    int fd = open(path, flags);

    if ( fd < 0 )
        xtl_report(logger, errno, context, "open %s: %s", path,
                   strerror(errno));
    return fd;
}

#endif /* XTL_PRIVATE_H */
