/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the programs run inside dom0.  Each program prints
 * one verdict line, "VERDICT <name>: PASS <details>" or
 * "VERDICT <name>: FAIL <reason>", and exits 0 only on PASS.
 */
#ifndef DOM0_TEST_H
#define DOM0_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Before the UAPI headers: they need domid_t, grant_ref_t, xen_pfn_t. */
#include <xen/interface/xen.h>

static const char *test_name;

static inline int pass(const char *fmt, ...)
{
    va_list ap;

    printf("VERDICT %s: PASS ", test_name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 0;
}

static inline int fail(const char *fmt, ...)
{
    va_list ap;

    printf("VERDICT %s: FAIL ", test_name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 1;
}

/* The device nodes live in /dev/xen; xenfs offers privcmd in /proc/xen. */
static inline int open_xen_dev(const char *name)
{
    char path[64];
    int fd;

    snprintf(path, sizeof(path), "/dev/xen/%s", name);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
    {
        snprintf(path, sizeof(path), "/proc/xen/%s", name);
        fd = open(path, O_RDWR | O_CLOEXEC);
    }
    return fd;
}

static inline double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

#endif /* DOM0_TEST_H */
