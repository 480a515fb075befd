/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore: the xs_* API over xenstored's socket or /dev/xen/xenbus.
 *
 * One request is in flight per handle (request_lock).  Until the first
 * watch, the requesting thread reads the reply itself; xs_watch() starts
 * a reader thread that from then on reads everything, passing replies to
 * the waiting requester and queueing watch events.  xs_fileno()'s pipe
 * holds one byte while the event queue is not empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore.h>

struct xs_msg {
    struct xs_msg *next;
    struct xsd_sockmsg hdr;
    char *body;                  /* hdr.len bytes and a NUL */
};

struct xs_handle {
    int fd;
    bool unwatch_filter;
    uint32_t req_id;
    pthread_mutex_t request_lock;  /* one request at a time */
    pthread_mutex_t lock;          /* everything below */
    pthread_cond_t cond;
    struct xs_msg *reply;
    struct xs_msg *events, **events_tail;
    int pipe[2];
    bool reader;                   /* the reader thread runs */
    bool broken;                   /* the connection failed */
    pthread_t thread;
};

static int xs_connect(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    struct stat st;
    int fd;

    if ( stat(path, &st) )
        return -1;
    if ( !S_ISSOCK(st.st_mode) )
        return open(path, O_RDWR | O_CLOEXEC);
    if ( strlen(path) >= sizeof(a.sun_path) )
    {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(a.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) )
    {
        int e = errno;

        close(fd);
        errno = e;
        fd = -1;
    }
    return fd;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->fd = xs_connect(xs_daemon_socket());
    if ( h->fd < 0 && !(flags & XS_OPEN_SOCKETONLY) )
        h->fd = xs_connect(xs_domain_dev());
    if ( h->fd < 0 )
    {
        free(h);
        return NULL;
    }
    h->unwatch_filter = flags & XS_UNWATCH_FILTER;
    h->pipe[0] = h->pipe[1] = -1;
    h->events_tail = &h->events;
    pthread_mutex_init(&h->request_lock, NULL);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    return h;
}

struct xs_handle *xs_daemon_open(void) { return xs_open(0); }
struct xs_handle *xs_domain_open(void) { return xs_open(0); }
struct xs_handle *xs_daemon_open_readonly(void) { return xs_open(0); }

static void xs_free_msgs(struct xs_handle *h)
{
    struct xs_msg *m;

    while ( (m = h->events) )
    {
        h->events = m->next;
        free(m->body);
        free(m);
    }
    if ( h->reply )
    {
        free(h->reply->body);
        free(h->reply);
    }
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    xs_free_msgs(h);
    if ( h->pipe[0] >= 0 )
    {
        close(h->pipe[0]);
        close(h->pipe[1]);
    }
    close(h->fd);
    free(h);
}

void xs_close(struct xs_handle *h)
{
    if ( !h )
        return;
    if ( h->reader )
    {
        pthread_cancel(h->thread);
        pthread_join(h->thread, NULL);
    }
    xs_daemon_destroy_postfork(h);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

static bool xs_read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    ssize_t n;

    while ( len )
    {
        n = read(fd, p, len);
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
        {
            if ( n == 0 )
                errno = ECONNRESET;
            return false;
        }
        p += n;
        len -= n;
    }
    return true;
}

static void xs_free_msg(struct xs_msg *m)
{
    if ( m )
    {
        free(m->body);
        free(m);
    }
}

/*
 * Read one message into *slot; false with errno on failure.  *slot holds
 * the message from its allocation on, so a reader thread cancelled in
 * the middle can free it (xs_reader's cleanup handler).
 */
static bool xs_read_msg(struct xs_handle *h, struct xs_msg **slot)
{
    struct xs_msg *m = calloc(1, sizeof(*m));

    *slot = m;
    if ( !m )
        return false;
    if ( !xs_read_all(h->fd, &m->hdr, sizeof(m->hdr)) )
        goto fail;
    if ( m->hdr.len > XENSTORE_PAYLOAD_MAX )
    {
        errno = EIO;
        goto fail;
    }
    m->body = malloc(m->hdr.len + 1);
    if ( !m->body || !xs_read_all(h->fd, m->body, m->hdr.len) )
        goto fail;
    m->body[m->hdr.len] = '\0';
    return true;

 fail:
    *slot = NULL;
    xs_free_msg(m);
    return false;
}

/* The event pipe holds one byte while events are queued. */
static void xs_pipe_signal(int fd)
{
    char c = 0;

    if ( fd >= 0 && write(fd, &c, 1) != 1 )
    {
        /* Full: it already holds its byte. */
    }
}

static void xs_pipe_clear(int fd)
{
    char c;

    if ( fd >= 0 && read(fd, &c, 1) != 1 )
    {
        /* Empty already. */
    }
}

/* Called with h->lock held: file a message as reply or event. */
static void xs_file_msg(struct xs_handle *h, struct xs_msg *m)
{
    if ( m->hdr.type != XS_WATCH_EVENT )
    {
        if ( h->reply )
        {
            free(h->reply->body);
            free(h->reply);
        }
        h->reply = m;
    }
    else
    {
        if ( !h->events )
            xs_pipe_signal(h->pipe[1]);
        m->next = NULL;
        *h->events_tail = m;
        h->events_tail = &m->next;
    }
    pthread_cond_broadcast(&h->cond);
}

static void xs_reader_cleanup(void *arg)
{
    struct xs_msg **slot = arg;

    xs_free_msg(*slot);
}

/* Read and file messages until the connection fails. */
static void xs_reader_loop(struct xs_handle *h, struct xs_msg **slot)
{
    struct xs_msg *done;
    bool ok = true;

    while ( ok )
    {
        ok = xs_read_msg(h, slot);
        done = *slot;
        *slot = NULL;   /* filed below: no longer the cleanup's to free */
        pthread_mutex_lock(&h->lock);
        if ( ok )
            xs_file_msg(h, done);
        else
        {
            h->broken = true;
            pthread_cond_broadcast(&h->cond);
        }
        pthread_mutex_unlock(&h->lock);
    }
}

static void *xs_reader(void *arg)
{
    struct xs_msg *m = NULL;

    pthread_cleanup_push(xs_reader_cleanup, &m);
    xs_reader_loop(arg, &m);
    pthread_cleanup_pop(0);
    return NULL;
}

/* Wait for the reply to our request (request_lock held). */
static struct xs_msg *xs_wait_reply(struct xs_handle *h)
{
    struct xs_msg *m = NULL;
    bool ok;

    pthread_mutex_lock(&h->lock);
    while ( !h->reply && !h->broken )
    {
        if ( h->reader )
        {
            pthread_cond_wait(&h->cond, &h->lock);
            continue;
        }
        pthread_mutex_unlock(&h->lock);
        ok = xs_read_msg(h, &m);
        pthread_mutex_lock(&h->lock);
        if ( !ok )
            h->broken = true;
        else
            xs_file_msg(h, m);
    }
    m = h->reply;
    h->reply = NULL;
    if ( !m )
        errno = EIO;
    pthread_mutex_unlock(&h->lock);
    return m;
}

static int xs_errno(const char *name)
{
    unsigned int i;

    for ( i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++ )
        if ( !strcmp(name, xsd_errors[i].errstring) )
            return xsd_errors[i].errnum;
    return EINVAL;
}

static void xs_cleanup_unlock(void *arg)
{
    pthread_mutex_unlock(arg);
}

/* Send a whole message and wait for its reply; cancellation-safe. */
static struct xs_msg *xs_exchange(struct xs_handle *h, char *msg,
                                  unsigned int len)
{
    struct xs_msg *m;
    uint32_t id;

    pthread_mutex_lock(&h->request_lock);
    pthread_cleanup_push(xs_cleanup_unlock, &h->request_lock);
    id = h->req_id++;
    memcpy(msg + offsetof(struct xsd_sockmsg, req_id), &id, sizeof(id));
    m = xs_write_all(h->fd, msg, len) ? xs_wait_reply(h) : NULL;
    pthread_cleanup_pop(1);
    return m;
}

/*
 * Send type with the payload in iov (one write, as the xenbus device
 * wants whole messages) and return the reply's body (malloc'ed,
 * NUL-terminated), its length in *len.  NULL with errno on failure.
 */
static void *xs_talkv(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                      const struct iovec *iov, unsigned int n,
                      unsigned int *len)
{
    struct xsd_sockmsg hdr = { .type = type, .tx_id = t };
    char buf[sizeof(hdr) + XENSTORE_PAYLOAD_MAX];
    struct xs_msg *m;
    unsigned int i, off = sizeof(hdr);
    void *body;
    int err;

    for ( i = 0; i < n; i++ )
    {
        if ( iov[i].iov_len > XENSTORE_PAYLOAD_MAX - (off - sizeof(hdr)) )
        {
            errno = E2BIG;
            return NULL;
        }
        if ( iov[i].iov_len )
            memcpy(buf + off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    hdr.len = off - sizeof(hdr);
    memcpy(buf, &hdr, sizeof(hdr));
    m = xs_exchange(h, buf, off);
    if ( !m )
        return NULL;
    if ( m->hdr.type == XS_ERROR )
    {
        err = xs_errno(m->body);
        free(m->body);
        free(m);
        errno = err;
        return NULL;
    }
    if ( m->hdr.type != type )
    {
        free(m->body);
        free(m);
        errno = EBADMSG;
        return NULL;
    }
    body = m->body;
    if ( len )
        *len = m->hdr.len;
    free(m);
    return body;
}

/* One string argument (with its NUL). */
static void *xs_single(struct xs_handle *h, xs_transaction_t t,
                       uint32_t type, const char *s, unsigned int *len)
{
    struct iovec iov = { (void *)s, strlen(s) + 1 };

    return xs_talkv(h, t, type, &iov, 1, len);
}

static bool xs_bool(void *reply)
{
    if ( !reply )
        return false;
    free(reply);
    return true;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return xs_single(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)data, len } };

    return xs_bool(xs_talkv(h, t, XS_WRITE, iov, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return xs_bool(xs_single(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return xs_bool(xs_single(h, t, XS_RM, path, NULL));
}

/* NUL-separated strings to a NULL-terminated array in one block. */
static char **xs_split(const char *strings, unsigned int len,
                       unsigned int *num)
{
    unsigned int n = xs_count_strings(strings, len), i;
    char **a = malloc((n + 1) * sizeof(char *) + len + 1);
    char *p;

    if ( !a )
        return NULL;
    p = (char *)(a + n + 1);
    memcpy(p, strings, len);
    p[len] = '\0';
    for ( i = 0; i < n; i++ )
    {
        a[i] = p;
        p += strlen(p) + 1;
    }
    a[n] = NULL;
    *num = n;
    return a;
}

/* A DIRECTORY_PART chunk ends the list when it ends in an empty name. */
static bool xs_part_is_last(const char *d, unsigned int dl)
{
    return dl == 0 || (dl == 1 && !d[0]) ||
           (dl >= 2 && !d[dl - 1] && !d[dl - 2]);
}

/* XS_DIRECTORY_PART until the list ends, restarting if it changes. */
static char *xs_directory_parts(struct xs_handle *h, xs_transaction_t t,
                                const char *path, unsigned int *total)
{
    char off_s[16], gen[32] = "", *acc = NULL, *r, *na;
    unsigned int off = 0, len, gl, dl;
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 } };
    bool last;

    for ( ;; )
    {
        snprintf(off_s, sizeof(off_s), "%u", off);
        iov[1] = (struct iovec){ off_s, strlen(off_s) + 1 };
        r = xs_talkv(h, t, XS_DIRECTORY_PART, iov, 2, &len);
        if ( !r )
            break;
        gl = strlen(r) + 1;
        if ( off && strcmp(gen, r) )
        {
            off = 0;   /* the directory changed under us: start again */
            free(r);
            continue;
        }
        snprintf(gen, sizeof(gen), "%s", r);
        dl = len > gl ? len - gl : 0;
        last = xs_part_is_last(r + gl, dl);
        if ( last && dl )
            dl--;
        na = realloc(acc, off + dl + 1);
        if ( !na )
        {
            free(r);
            break;
        }
        acc = na;
        memcpy(acc + off, r + gl, dl);
        free(r);
        off += dl;
        if ( last )
        {
            *total = off;
            return acc;
        }
    }
    free(acc);
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *r, **a;

    r = xs_single(h, t, XS_DIRECTORY, path, &len);
    if ( !r && errno == E2BIG )
        r = xs_directory_parts(h, t, path, &len);
    if ( !r )
        return NULL;
    a = xs_split(r, len, num);
    free(r);
    return a;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path, unsigned int *num)
{
    unsigned int len, n;
    char *r = xs_single(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *p;

    if ( !r )
        return NULL;
    n = xs_count_strings(r, len);
    p = n ? malloc(n * sizeof(*p)) : NULL;
    if ( p && !xs_strings_to_perms(p, n, r) )
    {
        free(p);
        p = NULL;
    }
    if ( !n )
        errno = EINVAL;
    free(r);
    if ( p )
        *num = n;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    unsigned int i, len = 0;
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 } };

    for ( i = 0; i < num_perms; i++ )
    {
        if ( len + MAX_STRLEN(unsigned int) + 2 > sizeof(buf) ||
             !xs_perm_to_string(&perms[i], buf + len, sizeof(buf) - len) )
        {
            errno = i < num_perms ? EINVAL : E2BIG;
            return false;
        }
        len += strlen(buf + len) + 1;
    }
    iov[1] = (struct iovec){ buf, len };
    return xs_bool(xs_talkv(h, t, XS_SET_PERMS, iov, 2, NULL));
}

/*
 * Start the reader thread once (request_lock held by the caller), with
 * every signal blocked so the application's handlers run in its threads.
 */
static bool xs_start_reader(struct xs_handle *h)
{
    sigset_t all, old;
    bool ok = true;

    pthread_mutex_lock(&h->lock);
    if ( !h->reader )
    {
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        ok = !pthread_create(&h->thread, NULL, xs_reader, h);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        h->reader = ok;
    }
    pthread_mutex_unlock(&h->lock);
    return ok;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)token, strlen(token) + 1 } };
    bool ok;

    pthread_mutex_lock(&h->request_lock);
    ok = xs_start_reader(h);
    pthread_mutex_unlock(&h->request_lock);
    if ( !ok )
        return false;
    return xs_bool(xs_talkv(h, XBT_NULL, XS_WATCH, iov, 2, NULL));
}

int xs_fileno(struct xs_handle *h)
{
    pthread_mutex_lock(&h->lock);
    if ( h->pipe[0] < 0 && !pipe2(h->pipe, O_CLOEXEC | O_NONBLOCK) &&
         h->events )
        xs_pipe_signal(h->pipe[1]);
    pthread_mutex_unlock(&h->lock);
    return h->pipe[0];
}

/* Take the first event (h->lock held); empties the pipe with the queue. */
static char **xs_take_event(struct xs_handle *h, unsigned int *num)
{
    struct xs_msg *m = h->events;
    char **a;

    h->events = m->next;
    if ( !h->events )
    {
        h->events_tail = &h->events;
        xs_pipe_clear(h->pipe[0]);
    }
    a = xs_split(m->body, m->hdr.len, num);
    free(m->body);
    free(m);
    if ( a && *num < 2 )
    {
        free(a);
        errno = EINVAL;
        return NULL;
    }
    return a;
}

char **xs_check_watch(struct xs_handle *h)
{
    unsigned int num;
    char **a = NULL;

    pthread_mutex_lock(&h->lock);
    if ( h->events )
        a = xs_take_event(h, &num);
    else
        errno = h->broken ? EIO : EAGAIN;
    pthread_mutex_unlock(&h->lock);
    return a;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    char **a = NULL;

    pthread_mutex_lock(&h->lock);
    while ( !h->events && !h->broken && h->reader )
        pthread_cond_wait(&h->cond, &h->lock);
    if ( h->events )
        a = xs_take_event(h, num);
    else
        errno = h->broken ? EIO : EINVAL;
    pthread_mutex_unlock(&h->lock);
    return a;
}

/* XS_UNWATCH_FILTER: forget queued events of a removed watch. */
static void xs_filter_events(struct xs_handle *h, const char *path,
                             const char *token)
{
    struct xs_msg **pp = &h->events, *m;
    const char *tok;

    pthread_mutex_lock(&h->lock);
    while ( (m = *pp) )
    {
        tok = m->body + strlen(m->body) + 1;
        if ( tok < m->body + m->hdr.len && !strcmp(tok, token) &&
             xs_path_is_subpath(path, m->body) )
        {
            *pp = m->next;
            free(m->body);
            free(m);
            continue;
        }
        pp = &m->next;
    }
    h->events_tail = pp;
    pthread_mutex_unlock(&h->lock);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)token, strlen(token) + 1 } };
    bool ok = xs_bool(xs_talkv(h, XBT_NULL, XS_UNWATCH, iov, 2, NULL));

    if ( ok && h->unwatch_filter )
        xs_filter_events(h, path, token);
    return ok;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = xs_single(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    xs_transaction_t t;

    if ( !r )
        return XBT_NULL;
    t = strtoul(r, NULL, 10);
    free(r);
    return t;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    return xs_bool(xs_single(h, t, XS_TRANSACTION_END, abort ? "F" : "T",
                             NULL));
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char a[16], b[24], c[16];
    struct iovec iov[3] = {
        { a, snprintf(a, sizeof(a), "%u", domid) + 1 },
        { b, snprintf(b, sizeof(b), "%ld", (long)mfn) + 1 },
        { c, snprintf(c, sizeof(c), "%u", eventchn) + 1 },
    };

    return xs_bool(xs_talkv(h, XBT_NULL, XS_INTRODUCE, iov, 3, NULL));
}

bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target)
{
    char a[16], b[16];
    struct iovec iov[2] = {
        { a, snprintf(a, sizeof(a), "%u", domid) + 1 },
        { b, snprintf(b, sizeof(b), "%u", target) + 1 },
    };

    return xs_bool(xs_talkv(h, XBT_NULL, XS_SET_TARGET, iov, 2, NULL));
}

static void *xs_domid_op(struct xs_handle *h, uint32_t type,
                         unsigned int domid)
{
    char a[16];

    snprintf(a, sizeof(a), "%u", domid);
    return xs_single(h, XBT_NULL, type, a, NULL);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    return xs_bool(xs_domid_op(h, XS_RESUME, domid));
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return xs_bool(xs_domid_op(h, XS_RELEASE, domid));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    return xs_domid_op(h, XS_GET_DOMAIN_PATH, domid);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char *r = xs_domid_op(h, XS_IS_DOMAIN_INTRODUCED, domid);
    bool yes = r && !strcmp(r, "T");

    free(r);
    return yes;
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t l = strlen(parent);

    if ( l && parent[l - 1] == '/' )
        l--;
    return !strncmp(child, parent, l) && (child[l] == '/' || !child[l]);
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
                         unsigned int len)
{
    struct iovec iov[2] = { { (void *)cmd, strlen(cmd) + 1 },
                            { data, len } };

    return xs_talkv(h, XBT_NULL, XS_CONTROL, iov, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                       unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}

/* XS_RESTRICT was withdrawn; Xen 4.17's library refuses too. */
bool xs_restrict(struct xs_handle *h, unsigned int domid)
{
    errno = ENOSYS;
    return false;
}

/* The suspend event channel a guest published, or -1. */
int xs_suspend_evtchn_port(int domid)
{
    struct xs_handle *h = xs_open(0);
    unsigned int len = 0;
    char path[64], *v;
    int port = -1;

    if ( !h )
        return -1;
    snprintf(path, sizeof(path),
             "/local/domain/%d/device/suspend/event-channel", domid);
    v = xs_read(h, XBT_NULL, path, &len);
    if ( v && len )
        port = atoi(v);
    free(v);
    xs_close(h);
    return port;
}
