/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled's host tests: the real daemon code (tools/console/daemon,
 * all but main.c and platform-xc.c) against a real xenstored on a
 * temporary socket ($XENSTORED_PATH, started by run.sh) and the fake
 * hypervisor of fake-platform.c.  Each test plays a guest: it writes its
 * console nodes, fills the page's rings, notifies, and checks what
 * reached the pty, the log and the page.  Prints "RESULT <pass> <fail>".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdint.h>
#include <xen/xen.h>

#include "console.h"
#include "fake-platform.h"

static unsigned int passed, failed;
static long long now_ms = 1000000;
static char logdir[64];
static struct xs_handle *xs;

#define EXPECT(c) expect(!!(c), #c, __LINE__)

static void expect(bool ok, const char *what, int line)
{
    if ( ok )
        passed++;
    else
    {
        failed++;
        printf("  FAIL line %d: %s\n", line, what);
    }
}

static long long fake_now(void)
{
    return now_ms;
}

static void iterate(unsigned int rounds)
{
    while ( rounds-- )
        consoled_iterate(5);
}

static void xs_put(unsigned int domid, const char *node, const char *val)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    xs_write(xs, XBT_NULL, path, val, strlen(val));
}

static char *xs_get(unsigned int domid, const char *node)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    return xs_read(xs, XBT_NULL, path, NULL);
}

/* Wait (serving the daemon) until console/tty exists; its value or NULL. */
static char *wait_tty(unsigned int domid)
{
    char *tty = NULL;
    int i;

    for ( i = 0; i < 200 && !tty; i++ )
    {
        iterate(1);
        tty = xs_get(domid, "console/tty");
    }
    return tty;
}

/* A guest with its console nodes written; the daemon told of it. */
static struct fake_dom *guest_new(unsigned int domid, const char *name,
                                  const char *limit, bool nodes)
{
    struct fake_dom *d = fake_dom(domid);
    char buf[32];

    memset(d, 0, sizeof(*d));
    d->exists = true;
    d->port = 100 + domid;
    d->gfn = 0x1000 + domid;
    xs_put(domid, "name", name);
    if ( nodes )
    {
        snprintf(buf, sizeof(buf), "%llu", (unsigned long long)d->gfn);
        xs_put(domid, "console/ring-ref", buf);
        snprintf(buf, sizeof(buf), "%u", d->port);
        xs_put(domid, "console/port", buf);
        xs_put(domid, "console/type", "xenconsoled");
        if ( limit )
            xs_put(domid, "console/limit", limit);
    }
    domains_enumerate();   /* as @introduceDomain would */
    return d;
}

static void guest_gone(unsigned int domid)
{
    char path[64];

    fake_dom(domid)->exists = false;
    domains_enumerate();   /* as @releaseDomain would */
    iterate(2);
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_rm(xs, XBT_NULL, path);
}

/* The guest's side of the out ring: bytes it could write. */
static size_t guest_write(struct fake_dom *d, const char *p, size_t n)
{
    struct xencons_interface *r = &d->page;
    XENCONS_RING_IDX prod = r->out_prod, cons = r->out_cons;
    size_t i, space = sizeof(r->out) - (prod - cons);

    if ( n > space )
        n = space;
    for ( i = 0; i < n; i++ )
        r->out[MASK_XENCONS_IDX(prod + i, r->out)] = p[i];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    r->out_prod = prod + n;
    return n;
}

static size_t guest_read(struct fake_dom *d, char *buf, size_t max)
{
    struct xencons_interface *r = &d->page;
    size_t n = 0;

    while ( r->in_cons != r->in_prod && n < max )
        buf[n++] = r->in[MASK_XENCONS_IDX(r->in_cons++, r->in)];
    return n;
}

static int open_tty(const char *path)
{
    return open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
}

/* Everything readable on fd now (serving the daemon meanwhile). */
static size_t drain(int fd, char *buf, size_t max)
{
    size_t got = 0;
    ssize_t n;
    int idle = 0;

    while ( got < max && idle < 5 )
    {
        iterate(1);
        n = read(fd, buf + got, max - got);
        if ( n > 0 )
        {
            got += n;
            idle = 0;
        }
        else
            idle++;
    }
    return got;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "r");
    char *buf;
    long n;

    if ( !f )
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = calloc(1, n + 1);
    if ( fread(buf, 1, n, f) != (size_t)n )
        n = 0;
    fclose(f);
    *len = n;
    return buf;
}

static void test_buffer(void)
{
    struct cbuf b;
    char big[10000], out[5000];
    const char *p;
    size_t n, i, got = 0;

    cbuf_init(&b, 4096);
    EXPECT(cbuf_append(&b, "abc", 3) && b.len == 3);
    p = cbuf_peek(&b, &n);
    EXPECT(n == 3 && !memcmp(p, "abc", 3));
    cbuf_consume(&b, 2);
    for ( i = 0; i < sizeof(big); i++ )
        big[i] = 'A' + i % 26;
    EXPECT(cbuf_append(&b, big, 4000));
    EXPECT(b.len == 4001 && b.dropped == 0);
    EXPECT(cbuf_append(&b, big + 4000, 1000));   /* wraps, drops oldest */
    EXPECT(b.len == 4096 && b.dropped == 905);
    while ( b.len )
    {
        p = cbuf_peek(&b, &n);
        memcpy(out + got, p, n);
        got += n;
        cbuf_consume(&b, n);
    }
    EXPECT(got == 4096 && !memcmp(out, big + 904, 4096));
    EXPECT(cbuf_append(&b, big, sizeof(big)));   /* more than the bound */
    EXPECT(b.len == 4096);
    p = cbuf_peek(&b, &n);
    EXPECT(n == 4096 && !memcmp(p, big + sizeof(big) - 4096, 4096));
    cbuf_free(&b);
}

static void test_setup_and_output(void)
{
    struct fake_dom *d = guest_new(3, "web", NULL, true);
    char *tty = wait_tty(3), buf[256], path[128], *log;
    size_t n;
    int fd;

    EXPECT(tty && !strncmp(tty, "/dev/pts/", 9));
    EXPECT(d->maps == 1 && d->binds == 1 && d->mapped_gfn == 0);
    fd = tty ? open_tty(tty) : -1;
    EXPECT(fd >= 0);
    EXPECT(guest_write(d, "hello\r\nworld\r\n", 14) == 14);
    fake_guest_notify(3);
    n = drain(fd, buf, sizeof(buf));
    EXPECT(n == 14 && !memcmp(buf, "hello\r\nworld\r\n", 14));
    EXPECT(d->page.out_cons == 14 && d->notified > 0);
    snprintf(path, sizeof(path), "%s/guest-web.log", logdir);
    log = read_file(path, &n);
    EXPECT(log && n == 14 && !memcmp(log, "hello\r\nworld\r\n", 14));
    free(log);
    /* Input: pty to the in ring. */
    EXPECT(write(fd, "ls\n", 3) == 3);
    iterate(3);
    n = guest_read(d, buf, sizeof(buf));
    EXPECT(n == 3 && !memcmp(buf, "ls\n", 3));
    /* A client detaching does not break the pty. */
    close(fd);
    guest_write(d, "more", 4);
    fake_guest_notify(3);
    iterate(3);
    EXPECT(domain_lookup(3) && domain_lookup(3)->con.master_fd >= 0);
    fd = open_tty(tty);
    n = drain(fd, buf, sizeof(buf));
    EXPECT(n == 4 && !memcmp(buf, "more", 4));
    close(fd);
    free(tty);
    guest_gone(3);
}

/* Output written before the daemon bound the port is not lost. */
static void test_early_output(void)
{
    struct fake_dom *d = fake_dom(4);
    char *tty, buf[64];
    int fd;

    d = guest_new(4, "early", NULL, true);
    guest_write(d, "early", 5);   /* before its watch set it up */
    tty = wait_tty(4);
    fd = tty ? open_tty(tty) : -1;
    EXPECT(fd >= 0 && drain(fd, buf, sizeof(buf)) == 5 &&
           !memcmp(buf, "early", 5));
    close(fd);
    free(tty);
    guest_gone(4);
}

static void test_wild_indexes(void)
{
    struct fake_dom *d = guest_new(5, "wild", NULL, true);
    char *tty = wait_tty(5), buf[64];
    int fd = tty ? open_tty(tty) : -1;
    XENCONS_RING_IDX cons;

    EXPECT(fd >= 0);
    /* out: prod far beyond cons: ignored, nothing consumed. */
    d->page.out_cons = 0xfffffff0u;
    d->page.out_prod = 0x00010000u;
    fake_guest_notify(5);
    iterate(3);
    EXPECT(d->page.out_cons == 0xfffffff0u);
    EXPECT(drain(fd, buf, sizeof(buf)) == 0);
    /* Indexes that wrap 2^32 legitimately still work. */
    d->page.out_cons = d->page.out_prod = 0xfffffffeu;
    guest_write(d, "wrap", 4);
    fake_guest_notify(5);
    EXPECT(drain(fd, buf, sizeof(buf)) == 4 && !memcmp(buf, "wrap", 4));
    EXPECT(d->page.out_cons == 2);
    /* in: cons beyond prod: no room, input waits in the pty. */
    d->page.in_prod = 0;
    d->page.in_cons = 5000;
    EXPECT(write(fd, "key", 3) == 3);
    iterate(3);
    EXPECT(d->page.in_prod == 0);
    d->page.in_cons = 0;
    iterate(3);
    cons = d->page.in_cons;
    EXPECT(d->page.in_prod == 3 && guest_read(d, buf, 64) == 3 &&
           !memcmp(buf, "key", 3) && cons == 0);
    EXPECT(domain_lookup(5) && !domain_lookup(5)->is_dead);
    close(fd);
    free(tty);
    guest_gone(5);
}

/* A guest flooding its console while nobody reads the pty. */
static void test_flood(void)
{
    struct fake_dom *d = guest_new(6, "flood", "8192", true);
    char *tty = wait_tty(6), chunk[1000], *log, path[128], buf[262144];
    size_t total = 0, n, i, want = 4u << 20;
    struct domain *dom = domain_lookup(6);
    char last = 0;
    bool bounded = true;
    int fd;

    for ( i = 0; i < sizeof(chunk); i++ )
        chunk[i] = '0' + i % 10;
    while ( total < want )
    {
        n = guest_write(d, chunk + total % 10, sizeof(chunk) - 10);
        if ( n )
            last = chunk[total % 10 + n - 1];
        total += n;
        fake_guest_notify(6);
        now_ms += 7;    /* under the rate limit: ~29 events a period */
        consoled_iterate(0);
        bounded = bounded && dom && dom->con.buf.len <= 8192;
    }
    EXPECT(bounded);
    iterate(3);
    EXPECT(d->page.out_cons == d->page.out_prod);
    EXPECT(dom && dom->con.buf.max == 8192 && dom->con.buf.dropped > 0);
    snprintf(path, sizeof(path), "%s/guest-flood.log", logdir);
    log = read_file(path, &n);
    EXPECT(log && n == total);   /* the log has it all */
    free(log);
    /* The reader sees the newest output, ending where the guest did. */
    fd = tty ? open_tty(tty) : -1;
    n = fd >= 0 ? drain(fd, buf, sizeof(buf)) : 0;
    EXPECT(n > 0 && n <= 8192 + 131072);   /* ours + the pty's own */
    EXPECT(n && buf[n - 1] == last);
    close(fd);
    free(tty);
    guest_gone(6);
}

/* More than RATE_LIMIT_ALLOWANCE events in a period: masked until it ends. */
static void test_rate_limit(void)
{
    struct fake_dom *d = guest_new(7, "storm", NULL, true);
    char *tty = wait_tty(7);
    int i;

    for ( i = 0; i < RATE_LIMIT_ALLOWANCE + 5; i++ )
    {
        fake_guest_notify(7);
        consoled_iterate(0);
    }
    EXPECT(fake_guest_masked(7));
    /* Output sent while masked is picked up when the period ends. */
    guest_write(d, "late", 4);
    consoled_iterate(0);
    EXPECT(d->page.out_cons != d->page.out_prod);
    now_ms += RATE_LIMIT_PERIOD + 10;
    iterate(2);
    EXPECT(d->page.out_cons == d->page.out_prod);
    EXPECT(!fake_guest_masked(7) || domain_lookup(7)->con.event_count <
                                    RATE_LIMIT_ALLOWANCE);
    free(tty);
    guest_gone(7);
}

/* --overflow-data=keep: a full buffer stops reading the ring. */
static void test_keep_mode(void)
{
    struct fake_dom *d;
    char *tty, chunk[2048], buf[16384];
    size_t n, got;
    int fd, i;

    consoled_opts.discard = false;
    d = guest_new(8, "keep", "4096", true);
    tty = wait_tty(8);
    memset(chunk, 'k', sizeof(chunk));
    for ( i = 0; i < 40; i++ )
    {
        guest_write(d, chunk, sizeof(chunk));
        fake_guest_notify(8);
        now_ms += 50;
        consoled_iterate(0);
    }
    /* The pty's own buffer took some; ours is full; the ring waits. */
    EXPECT(domain_lookup(8)->con.buf.len == 4096);
    EXPECT(d->page.out_prod - d->page.out_cons == sizeof(d->page.out));
    EXPECT(domain_lookup(8)->con.buf.dropped == 0);
    fd = tty ? open_tty(tty) : -1;
    got = 0;
    do
    {
        n = drain(fd, buf, sizeof(buf));
        got += n;
    } while ( n );
    EXPECT(d->page.out_cons == d->page.out_prod);
    EXPECT(got > 4096 && domain_lookup(8)->con.buf.dropped == 0);
    close(fd);
    free(tty);
    consoled_opts.discard = true;
    guest_gone(8);
}

static void test_gone(void)
{
    struct fake_dom *d = guest_new(9, "gone", NULL, true);
    char *tty = wait_tty(9), buf[16];
    unsigned int chans = fake_channels();
    int fd = tty ? open_tty(tty) : -1;

    EXPECT(fd >= 0 && domain_lookup(9));
    guest_gone(9);
    EXPECT(!domain_lookup(9));
    EXPECT(d->unmaps == d->maps && d->unbinds == d->binds);
    EXPECT(fake_channels() == chans - 1);
    /* Its pty is closed: the reader sees the hangup. */
    EXPECT(read(fd, buf, sizeof(buf)) <= 0);
    close(fd);
    /* A dying domain is let go the same way. */
    d = guest_new(10, "dying", NULL, true);
    free(wait_tty(10));
    d->dying = true;
    domains_enumerate();
    iterate(2);
    EXPECT(!domain_lookup(10) && d->unmaps == 1 && d->unbinds == 1);
    d->exists = false;
    free(tty);
}

static void test_late_nodes_and_type(void)
{
    struct fake_dom *d = guest_new(11, "late", NULL, false);
    char buf[32], *tty;

    iterate(5);
    EXPECT(domain_lookup(11) && d->maps == 0);
    tty = xs_get(11, "console/tty");
    EXPECT(!tty);
    free(tty);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)d->gfn);
    xs_put(11, "console/ring-ref", buf);
    snprintf(buf, sizeof(buf), "%u", d->port);
    xs_put(11, "console/port", buf);
    tty = wait_tty(11);
    EXPECT(tty && d->maps == 1);
    free(tty);
    guest_gone(11);
    /* Another backend's console is left alone. */
    d = guest_new(12, "qemu", NULL, false);
    xs_put(12, "console/type", "ioemu");
    xs_put(12, "console/ring-ref", "1");
    xs_put(12, "console/port", "112");
    iterate(10);
    tty = xs_get(12, "console/tty");
    EXPECT(!tty && d->maps == 0);
    free(tty);
    guest_gone(12);
}

/* No grant: the gfn is mapped; a new ring-ref remaps. */
static void test_foreign_map(void)
{
    struct fake_dom *d;
    char *tty;

    fake_grant_fails = true;
    d = guest_new(13, "foreign", NULL, true);
    tty = wait_tty(13);
    EXPECT(tty && d->maps == 1 && d->mapped_gfn == d->gfn);
    free(tty);
    d->gfn += 5;
    xs_put(13, "console/ring-ref", "4114");   /* 0x1000 + 13 + 5 */
    iterate(10);
    EXPECT(d->maps == 2 && d->unmaps == 1 && d->mapped_gfn == 4114);
    fake_grant_fails = false;
    guest_gone(13);
}

static void test_log_name(void)
{
    char path[128], *tty;
    struct stat st;

    guest_new(14, "../../evil", NULL, true);
    tty = wait_tty(14);
    snprintf(path, sizeof(path), "%s/guest-_._.._evil.log", logdir);
    EXPECT(tty && stat(path, &st) == 0);
    snprintf(path, sizeof(path), "%s/../../evil.log", logdir);
    EXPECT(stat(path, &st) != 0);
    free(tty);
    guest_gone(14);
}

/* Random bytes and indexes from one guest; another is served throughout. */
static void test_random_garbage(void)
{
    struct fake_dom *d = guest_new(15, "junk", "4096", true);
    struct fake_dom *ok = guest_new(16, "fine", NULL, true);
    char *tty15 = wait_tty(15), *tty16 = wait_tty(16), buf[64];
    unsigned int seed = 4242, i, j;
    unsigned char *page = (unsigned char *)&d->page;
    struct domain *dom;
    bool bounded = true;
    int fd = tty16 ? open_tty(tty16) : -1;

    for ( i = 0; i < 2000; i++ )
    {
        for ( j = 0; j < 8; j++ )
        {
            seed = seed * 1103515245 + 12345;
            page[(seed >> 8) % sizeof(d->page)] = seed >> 24;
        }
        fake_guest_notify(15);
        now_ms += 3;
        consoled_iterate(0);
        dom = domain_lookup(15);
        bounded = bounded && dom && dom->con.buf.len <= 4096;
    }
    EXPECT(bounded);
    guest_write(ok, "alive", 5);
    fake_guest_notify(16);
    EXPECT(fd >= 0 && drain(fd, buf, sizeof(buf)) == 5 &&
           !memcmp(buf, "alive", 5));
    close(fd);
    free(tty15);
    free(tty16);
    guest_gone(15);
    guest_gone(16);
}

static void test_hv_log(void)
{
    char path[128], *log;
    size_t n;

    fake_set_hv_console("(XEN) boot\n");
    consoled_opts.log_hv = true;
    consoled_fini();
    EXPECT(consoled_init() == 0);
    snprintf(path, sizeof(path), "%s/hypervisor.log", logdir);
    log = read_file(path, &n);
    EXPECT(log && !strcmp(log, "(XEN) boot\n"));
    free(log);
    fake_set_hv_console("(XEN) boot\n(XEN) more\n");
    fake_virq(VIRQ_CON_RING);
    iterate(2);
    log = read_file(path, &n);
    EXPECT(log && !strcmp(log, "(XEN) boot\n(XEN) more\n"));
    free(log);
}

int main(void)
{
    snprintf(logdir, sizeof(logdir), "/tmp/consoled-test.XXXXXX");
    if ( !mkdtemp(logdir) )
        return 1;
    consoled_now = fake_now;
    consoled_opts.log_guest = true;
    consoled_opts.log_dir = logdir;
    xs = xs_open(0);
    if ( !xs || consoled_init() )
    {
        printf("  FAIL: no xenstored at $XENSTORED_PATH\nRESULT 0 1\n");
        return 1;
    }
    EXPECT(fake_is_open);
    test_buffer();
    test_setup_and_output();
    test_early_output();
    test_wild_indexes();
    test_flood();
    test_rate_limit();
    test_keep_mode();
    test_gone();
    test_late_nodes_and_type();
    test_foreign_map();
    test_log_name();
    test_random_garbage();
    test_hv_log();
    consoled_fini();
    EXPECT(!fake_is_open && fake_channels() == 0);
    xs_close(xs);
    printf("RESULT %u %u\n", passed, failed);
    return failed != 0;
}
