/* SPDX-License-Identifier: GPL-2.0-only */
/* Test harness: registry, checks, in-memory connections, request helpers. */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "platform.h"

#define MAX_TESTS 256

static struct {
    const char *name;
    test_fn_t fn;
} tests[MAX_TESTS];
static unsigned int ntests, passed, failed;
unsigned int t_events_skipped;

void test_register(const char *name, test_fn_t fn)
{
    if ( ntests < MAX_TESTS )
    {
        tests[ntests].name = name;
        tests[ntests++].fn = fn;
    }
}

bool test_check(bool ok, const char *expr, const char *file, int line)
{
    if ( ok )
        passed++;
    else
    {
        failed++;
        printf("  FAIL %s:%d: %s\n", file, line, expr);
    }
    return ok;
}

static ssize_t mem_read(struct conn *c, void *b, size_t l) { return 0; }
static ssize_t mem_write(struct conn *c, const void *b, size_t l)
{
    return l;
}

static const struct conn_ops mem_ops = { mem_read, mem_write, NULL, NULL };

struct conn *tconn(unsigned int domid, bool privileged)
{
    struct conn *c = conn_new(&mem_ops, -1, domid, privileged);

    if ( !c )
        abort();
    return c;
}

void tsend(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
           unsigned int len)
{
    static uint32_t req_id;
    struct xsd_sockmsg h = { type, ++req_id, tx, len };

    conn_feed(c, &h, sizeof(h));
    if ( len )
        conn_feed(c, payload, len);
}

bool tpop(struct conn *c, struct tmsg *m)
{
    struct outmsg *o;

    if ( list_empty(&c->out) )
        return false;
    o = list_entry(c->out.next, struct outmsg, link);
    memcpy(&m->hdr, o->data, sizeof(m->hdr));
    memcpy(m->body, o->data + sizeof(m->hdr), m->hdr.len);
    m->body[m->hdr.len] = '\0';
    list_del(&o->link);
    c->out_bytes -= o->len;
    if ( !o->is_event )
        c->out_replies--;
    free(o);
    return true;
}

void tdrain(struct conn *c)
{
    struct tmsg m;

    while ( tpop(c, &m) )
        ;
}

unsigned int tqueued(const struct conn *c)
{
    const struct list *l;
    unsigned int n = 0;

    list_for_each(l, &c->out)
        n++;
    return n;
}

static int terrno(const char *name)
{
    static const char *const names[] = {
        "EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC",
        "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN",
        "E2BIG", "EPERM",
    };
    static const int nums[] = {
        EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO,
        ENOTEMPTY, ENOSYS, EROFS, EBUSY, EAGAIN, EISCONN, E2BIG, EPERM,
    };
    unsigned int i;

    for ( i = 0; i < sizeof(nums) / sizeof(nums[0]); i++ )
        if ( !strcmp(name, names[i]) )
            return nums[i];
    return -1;
}

int treq(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
         unsigned int len, struct tmsg *reply)
{
    struct tmsg local, *m = reply ? reply : &local;

    tsend(c, type, tx, payload, len);
    for ( ;; )
    {
        if ( !tpop(c, m) )
            return -1;
        if ( m->hdr.type != XS_WATCH_EVENT )
            break;
        t_events_skipped++;
    }
    if ( m->hdr.type == XS_ERROR )
        return terrno(m->body);
    return m->hdr.type == type ? 0 : -1;
}

/* Payload of NUL-separated strings from a space-separated list. */
static unsigned int tstrings(char *buf, const char *a, const char *b)
{
    unsigned int l = strlen(a) + 1;

    memcpy(buf, a, l);
    if ( b )
    {
        memcpy(buf + l, b, strlen(b));
        l += strlen(b);
    }
    return l;
}

int twrite(struct conn *c, uint32_t tx, const char *path, const char *val)
{
    char buf[XENSTORE_PAYLOAD_MAX * 2];

    return treq(c, XS_WRITE, tx, buf, tstrings(buf, path, val), NULL);
}

int tread(struct conn *c, uint32_t tx, const char *path, char *val)
{
    struct tmsg m;
    int rc = treq(c, XS_READ, tx, path, strlen(path) + 1, &m);

    if ( !rc && val )
        strcpy(val, m.body);
    return rc;
}

int tmkdir(struct conn *c, uint32_t tx, const char *path)
{
    return treq(c, XS_MKDIR, tx, path, strlen(path) + 1, NULL);
}

int trm(struct conn *c, uint32_t tx, const char *path)
{
    return treq(c, XS_RM, tx, path, strlen(path) + 1, NULL);
}

int tsetperms(struct conn *c, uint32_t tx, const char *path,
              const char *perms)
{
    char buf[1024];
    unsigned int l = strlen(path) + 1, i;

    strcpy(buf, path);
    for ( i = 0; perms[i]; i++ )
        buf[l++] = perms[i] == ' ' ? '\0' : perms[i];
    buf[l++] = '\0';
    return treq(c, XS_SET_PERMS, tx, buf, l, NULL);
}

int twatch(struct conn *c, const char *path, const char *token)
{
    char buf[1024];
    unsigned int l = strlen(path) + 1;

    strcpy(buf, path);
    strcpy(buf + l, token);
    l += strlen(token) + 1;
    return treq(c, XS_WATCH, 0, buf, l, NULL);
}

int ttxstart(struct conn *c, uint32_t *tx)
{
    struct tmsg m;
    int rc = treq(c, XS_TRANSACTION_START, 0, "", 1, &m);

    if ( !rc )
        *tx = strtoul(m.body, NULL, 10);
    return rc;
}

int ttxend(struct conn *c, uint32_t tx, bool commit)
{
    return treq(c, XS_TRANSACTION_END, tx, commit ? "T" : "F", 2, NULL);
}

bool tevent(struct conn *c, char *path, char *token)
{
    struct tmsg m;

    while ( tpop(c, &m) )
    {
        if ( m.hdr.type != XS_WATCH_EVENT )
            continue;
        strcpy(path, m.body);
        strcpy(token, m.body + strlen(m.body) + 1);
        return true;
    }
    return false;
}

static void reset_store(void)
{
    struct list *l, *n;

    list_for_each_safe(l, n, &xs_conns)
    {
        struct conn *c = list_entry(l, struct conn, link);

        conn_kill(c);
        conn_free(c);
    }
    domain_destroy_all();
    tree_destroy();
    tree_init();
    store_setup();
    xs_platform = &xs_platform_fake;
    domain_init();
}

int main(void)
{
    unsigned int i, f;

    for ( i = 0; i < ntests; i++ )
    {
        reset_store();
        f = failed;
        tests[i].fn();
        printf("  %s %s\n", failed == f ? "ok  " : "FAIL", tests[i].name);
    }
    reset_store();
    domain_destroy_all();
    {
        struct list *l, *n;

        list_for_each_safe(l, n, &xs_conns)
            conn_free(list_entry(l, struct conn, link));
    }
    tree_destroy();
    printf("RESULT %u %u\n", passed, failed);
    return failed != 0;
}
