/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs-bench: xenstore operations per second over xenstored's unix socket,
 * through libxenstore (ours, which speaks Xen's wire protocol, so the same
 * static binary measures Xen's own xenstored in a Xen 4.17 dom0).
 *
 *   xs-bench [seconds per operation, default 2]
 *
 * One line per operation: "XSBENCH <op> ops_per_s=<n> ops=<n> errors=<n>"
 * for read, write, directory (of a 16-entry node) and transaction (start,
 * one read, one write, commit; counted as one).  Errors other than a
 * transaction's EAGAIN count; a run with errors is reported, not hidden.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#define ROOT "/xs-bench"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool op_read(struct xs_handle *h, unsigned long i)
{
    void *v = xs_read(h, XBT_NULL, ROOT "/key", NULL);

    free(v);
    return v != NULL;
}

static bool op_write(struct xs_handle *h, unsigned long i)
{
    char val[32];

    snprintf(val, sizeof(val), "%lu", i);
    return xs_write(h, XBT_NULL, ROOT "/key", val, strlen(val));
}

static bool op_directory(struct xs_handle *h, unsigned long i)
{
    unsigned int n;
    char **d = xs_directory(h, XBT_NULL, ROOT "/dir", &n);

    free(d);
    return d != NULL && n == 16;
}

static bool op_transaction(struct xs_handle *h, unsigned long i)
{
    xs_transaction_t t = xs_transaction_start(h);
    char val[32];
    void *v;

    if ( t == XBT_NULL )
        return false;
    v = xs_read(h, t, ROOT "/key", NULL);
    free(v);
    snprintf(val, sizeof(val), "t%lu", i);
    if ( !xs_write(h, t, ROOT "/txkey", val, strlen(val)) )
    {
        xs_transaction_end(h, t, true);
        return false;
    }
    return xs_transaction_end(h, t, false) || errno == EAGAIN;
}

static const struct {
    const char *name;
    bool (*fn)(struct xs_handle *h, unsigned long i);
} ops[] = {
    { "read", op_read },
    { "write", op_write },
    { "directory", op_directory },
    { "transaction", op_transaction },
};

static bool setup(struct xs_handle *h)
{
    char path[64];
    unsigned int i;

    if ( !xs_write(h, XBT_NULL, ROOT "/key", "0", 1) )
        return false;
    for ( i = 0; i < 16; i++ )
    {
        snprintf(path, sizeof(path), ROOT "/dir/e%u", i);
        if ( !xs_write(h, XBT_NULL, path, "x", 1) )
            return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 2.0;
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    unsigned int k;

    if ( !h || !setup(h) )
    {
        printf("XSBENCH error: cannot use xenstored's socket: %s\n",
               strerror(errno));
        return 1;
    }
    for ( k = 0; k < sizeof(ops) / sizeof(ops[0]); k++ )
    {
        unsigned long n = 0, errors = 0;
        double t0 = now(), t;

        do {
            if ( !ops[k].fn(h, n) )
                errors++;
            n++;
            t = now();
        } while ( t - t0 < secs );
        printf("XSBENCH %s ops_per_s=%.0f ops=%lu errors=%lu\n",
               ops[k].name, n / (t - t0), n, errors);
    }
    xs_rm(h, XBT_NULL, ROOT);
    xs_close(h);
    return 0;
}
