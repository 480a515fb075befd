/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The logger the Xen libraries accept at open time.  Our libraries take
 * NULL (no logging) or a logger with Xen 4.17's vtable layout, so that a
 * program written against Xen's libxentoollog works unchanged.
 */
#ifndef XENTOOLLOG_H
#define XENTOOLLOG_H

#include <stdarg.h>

typedef enum xentoollog_level {
    XTL_NONE,
    XTL_DEBUG,
    XTL_VERBOSE,
    XTL_DETAIL,
    XTL_PROGRESS,
    XTL_INFO,
    XTL_NOTICE,
    XTL_WARN,
    XTL_ERROR,
    XTL_CRITICAL,
    XTL_NUM_LEVELS
} xentoollog_level;

typedef struct xentoollog_logger xentoollog_logger;

/* The vtable's order and types are Xen's ABI: do not reorder. */
struct xentoollog_logger {
    void (*vmessage)(struct xentoollog_logger *logger,
                     xentoollog_level level, int errnoval,
                     const char *context, const char *format, va_list al)
        __attribute__((format(printf, 5, 0)));
    void (*progress)(struct xentoollog_logger *logger, const char *context,
                     const char *doing_what, int percent,
                     unsigned long done, unsigned long total);
    void (*destroy)(struct xentoollog_logger *logger);
};

#endif /* XENTOOLLOG_H */
