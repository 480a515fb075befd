/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenstore against a running xenstored ($XENSTORED_PATH): every call of
 * the API once, then a read/write loop for the operations-per-second
 * figure.  Prints one line per check and "RESULT <passed> <failed>".
 * With the argument "bench" (or "bench-read": reads only), only the loop.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

static unsigned int passed, failed;

static bool check(bool ok, const char *what)
{
    printf("  %s libxs: %s\n", ok ? "ok  " : "FAIL", what);
    if ( ok )
        passed++;
    else
        failed++;
    return ok;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void basic(struct xs_handle *h)
{
    unsigned int len, n;
    char *v, **d;

    check(xs_write(h, XBT_NULL, "/lib/a", "va", 2), "xs_write");
    v = xs_read(h, XBT_NULL, "/lib/a", &len);
    check(v && len == 2 && !strcmp(v, "va"), "xs_read");
    free(v);
    check(!xs_read(h, XBT_NULL, "/lib/none", &len) && errno == ENOENT,
          "xs_read of a missing node: ENOENT");
    check(xs_mkdir(h, XBT_NULL, "/lib/dir/sub"), "xs_mkdir");
    d = xs_directory(h, XBT_NULL, "/lib", &n);
    check(d && n == 2 && !strcmp(d[0], "a") && !strcmp(d[1], "dir") &&
          !d[2], "xs_directory");
    free(d);
    check(xs_rm(h, XBT_NULL, "/lib/dir"), "xs_rm");
    v = xs_get_domain_path(h, 3);
    check(v && !strcmp(v, "/local/domain/3"), "xs_get_domain_path");
    free(v);
    check(!xs_is_domain_introduced(h, 3), "xs_is_domain_introduced(3)");
    check(!xs_introduce_domain(h, 3, 1234, 5),
          "xs_introduce_domain without a hypervisor fails");
    check(!xs_release_domain(h, 3) && errno == ENOENT, "xs_release_domain");
    v = xs_control_command(h, "check", NULL, 0);
    check(v && !strcmp(v, "OK"), "xs_control_command check");
    free(v);
}

static void perms(struct xs_handle *h)
{
    struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 5, XS_PERM_READ } };
    struct xs_permissions *g;
    unsigned int n;

    check(xs_set_permissions(h, XBT_NULL, "/lib/a", p, 2),
          "xs_set_permissions");
    g = xs_get_permissions(h, XBT_NULL, "/lib/a", &n);
    check(g && n == 2 && g[1].id == 5 && g[1].perms == XS_PERM_READ,
          "xs_get_permissions");
    free(g);
}

/* One transaction: read /lib/a, write /lib/t; o may interfere. */
static xs_transaction_t tx_body(struct xs_handle *h)
{
    xs_transaction_t t = xs_transaction_start(h);
    char *v = xs_read(h, t, "/lib/a", NULL);

    free(v);
    xs_write(h, t, "/lib/t", "1", 1);
    return t;
}

static void transactions(struct xs_handle *h, struct xs_handle *o)
{
    xs_transaction_t t = tx_body(h);
    char *v;

    check(t != XBT_NULL, "xs_transaction_start");
    v = xs_read(o, XBT_NULL, "/lib/t", NULL);
    check(!v, "invisible outside before commit");
    free(v);
    check(xs_transaction_end(h, t, true), "abort");
    v = xs_read(o, XBT_NULL, "/lib/t", NULL);
    check(!v, "aborted write discarded");
    free(v);
    t = tx_body(h);
    xs_write(o, XBT_NULL, "/lib/a", "changed", 7);
    check(!xs_transaction_end(h, t, false) && errno == EAGAIN,
          "conflicting commit: EAGAIN");
    t = tx_body(h);
    check(xs_transaction_end(h, t, false), "commit");
    v = xs_read(o, XBT_NULL, "/lib/t", NULL);
    check(v && !strcmp(v, "1"), "committed write visible");
    free(v);
}

static void watches(struct xs_handle *h, struct xs_handle *o)
{
    struct pollfd pfd;
    unsigned int n;
    char **ev;
    int fd;

    check(xs_watch(h, "/lib/w", "tok"), "xs_watch");
    fd = xs_fileno(h);
    check(fd >= 0, "xs_fileno");
    ev = xs_read_watch(h, &n);
    check(ev && n == 2 && !strcmp(ev[XS_WATCH_PATH], "/lib/w") &&
          !strcmp(ev[XS_WATCH_TOKEN], "tok"), "initial watch event");
    free(ev);
    xs_write(o, XBT_NULL, "/lib/w/x", "1", 1);
    pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
    check(poll(&pfd, 1, 5000) == 1, "xs_fileno readable on an event");
    ev = xs_check_watch(h);
    check(ev && !strcmp(ev[XS_WATCH_PATH], "/lib/w/x"), "xs_check_watch");
    free(ev);
    check(!xs_check_watch(h) && errno == EAGAIN, "no more events: EAGAIN");
    /* Requests still work with the reader thread running. */
    ev = xs_directory(h, XBT_NULL, "/lib", &n);
    check(ev != NULL, "request after xs_watch");
    free(ev);
    check(xs_unwatch(h, "/lib/w", "tok"), "xs_unwatch");
    check(!xs_unwatch(h, "/lib/w", "tok") && errno == ENOENT,
          "xs_unwatch twice: ENOENT");
}

static void big_directory(struct xs_handle *h)
{
    char path[128];
    unsigned int i, n;
    char **d;

    for ( i = 0; i < 300; i++ )
    {
        snprintf(path, sizeof(path), "/lib/big/a-rather-long-child-name-%03u",
                 i);
        xs_write(h, XBT_NULL, path, "", 0);
    }
    d = xs_directory(h, XBT_NULL, "/lib/big", &n);
    check(d && n == 300 && !strcmp(d[299], "a-rather-long-child-name-299"),
          "xs_directory over 4 KiB (DIRECTORY_PART)");
    free(d);
}

/* Two seconds of write+read (or read only) of one key. */
static void bench(struct xs_handle *h, bool writes)
{
    double t0 = now(), t;
    unsigned long ops = 0;
    char val[32], *v;

    do {
        snprintf(val, sizeof(val), "%lu", ops);
        if ( writes )
            xs_write(h, XBT_NULL, "/bench/key", val, strlen(val));
        v = xs_read(h, XBT_NULL, writes ? "/bench/key" : "/tool", NULL);
        free(v);
        ops += writes ? 2 : 1;
        t = now();
    } while ( t - t0 < 2.0 );
    printf("  info libxs: %s loop: %.0f operations/s\n",
           writes ? "read/write" : "read", ops / (t - t0));
}

/* "libxs-check bench": only the loop, e.g. against another daemon. */
int main(int argc, char **argv)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    struct xs_handle *o = xs_open(0);

    if ( argc > 1 && !strncmp(argv[1], "bench", 5) && h )
    {
        bench(h, strcmp(argv[1], "bench-read"));
        return 0;
    }

    if ( !check(h && o, "xs_open") )
    {
        printf("RESULT %u %u\n", passed, failed);
        return 1;
    }
    basic(h);
    perms(h);
    transactions(h, o);
    big_directory(h);
    bench(h, true);
    bench(h, false);
    watches(h, o);
    xs_close(h);
    xs_close(o);
    xs_close(NULL);
    printf("RESULT %u %u\n", passed, failed);
    return failed != 0;
}
