/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host versions of the hypervisor's console and failure hooks, so real
 * hypervisor sources link into a test binary.  A BUG() in code under test
 * aborts the binary, which the runner counts as a failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/lib.h>

#include "harness.h"

void printk(const char *fmt, ...)
{
    va_list ap;

    if ( !getenv("UNIT_VERBOSE") )
        return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("  PANIC: ");
    vprintf(fmt, ap);
    va_end(ap);
    exit(HARNESS_BUG_EXIT);
}

void bug_fail(const char *what, const char *file, unsigned int line)
{
    printf("  %s at %s:%u\n", what, file, line);
    exit(HARNESS_BUG_EXIT);
}

void warn_fail(const char *file, unsigned int line)
{
    printf("  WARN at %s:%u\n", file, line);
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if ( size )
    {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
