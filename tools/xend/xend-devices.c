/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Split-driver devices: the xenstore handshake libxl drives and the hotplug
 * scripts it runs (libxl_device.c, libxl_aoutils.c in Xen 4.17), for any
 * kind of device; xend-vbd.c says what a disk's nodes hold.  xend is
 * single-threaded, so every wait here is a bounded poll: a backend driver
 * or script that never answers costs at most its timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xend.h"
#include "xend-devices.h"

#define POLL_MS 20
#define MAX_TRIES 16
#define HOTPLUG_LOG "/var/log/xen/xen-hotplug.log"

/* Xen's XenbusState values. */
enum { XB_INITWAIT = 2, XB_CLOSING = 5, XB_CLOSED = 6 };

struct dev_paths {
    char be[128], fe[128];
};

/* The frontend's kind of a backend kind: a disk served by our userspace
 * backend (xen-blkd, backend "qdisk" as libxl names QEMU's) is still a
 * "vbd" to the guest's blkfront. */
static const char *front_kind(const char *kind)
{
    return strcmp(kind, "qdisk") ? kind : "vbd";
}

static void dev_paths(struct dev_paths *p, const char *kind, uint32_t domid,
                      uint32_t devid)
{
    snprintf(p->be, sizeof(p->be), "/local/domain/0/backend/%s/%u/%u", kind,
             domid, devid);
    snprintf(p->fe, sizeof(p->fe), "/local/domain/%u/device/%s/%u", domid,
             front_kind(kind), devid);
}

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msg(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if ( vasprintf(&s, fmt, ap) < 0 )
        s = NULL;
    va_end(ap);
    return s;
}

static long now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

    nanosleep(&t, NULL);
}

/* "<dir>/<node>"'s value (malloc()ed), or NULL. */
static char *xs_get(struct xs_handle *xs, const char *dir, const char *node)
{
    char path[320];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return xs_read(xs, XBT_NULL, path, NULL);
}

/* dir/state as a number; -1 when the node is gone. */
static int read_state(struct xs_handle *xs, const char *dir)
{
    char *v = xs_get(xs, dir, "state");
    int s = v ? atoi(v) : -1;

    free(v);
    return s;
}

/* Until dir/state is want (or gone, when gone_ok); 0, or -ETIMEDOUT. */
static int wait_state(struct xs_handle *xs, const char *dir, int want,
                      bool gone_ok, long timeout_ms)
{
    long end = now_ms() + timeout_ms;
    int s;

    for ( ;; )
    {
        s = read_state(xs, dir);
        if ( s == want || (s < 0 && gone_ok) )
            return 0;
        if ( now_ms() >= end )
            return -ETIMEDOUT;
        sleep_ms(POLL_MS);
    }
}

/* The script's full path (XEN_SCRIPT_DIR overrides Xen's directory). */
static void script_path(char *buf, size_t len, const char *name)
{
    const char *dir = getenv("XEN_SCRIPT_DIR");

    snprintf(buf, len, "%s/%s", dir && *dir ? dir : XEND_SCRIPT_DIR, name);
}

/* One transaction's writes; the first failure's errno is kept. */
struct tx {
    struct xs_handle *xs;
    xs_transaction_t t;
    int err;
};

static void put(struct tx *w, const char *dir, const char *node,
                const char *val)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    if ( !xs_write(w->xs, w->t, path, val, strlen(val)) && !w->err )
        w->err = errno ? errno : EIO;
}

/* The pairs "key", "value", ... NULL of kv under dir. */
static void put_kv(struct tx *w, const char *dir, const char *const *kv)
{
    for ( ; kv && kv[0] && kv[1]; kv += 2 )
        put(w, dir, kv[0], kv[1]);
}

/* dir afresh, owned by owner and readable by reader (libxl's perms). */
static void put_dir(struct tx *w, const char *dir, uint32_t owner,
                    uint32_t reader)
{
    struct xs_permissions p[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = reader, .perms = XS_PERM_READ },
    };

    xs_rm(w->xs, w->t, dir);
    if ( (!xs_write(w->xs, w->t, dir, "", 0) ||
          !xs_set_permissions(w->xs, w->t, dir, p, 2)) && !w->err )
        w->err = errno ? errno : EIO;
}

/* kv under dir, each node owned by dom0 and readable by domid. */
static void put_kv_ro(struct tx *w, const char *dir, const char *const *kv,
                      uint32_t domid)
{
    struct xs_permissions p[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = domid, .perms = XS_PERM_READ },
    };
    char path[192];

    for ( ; kv && kv[0] && kv[1]; kv += 2 )
    {
        put(w, dir, kv[0], kv[1]);
        snprintf(path, sizeof(path), "%s/%s", dir, kv[0]);
        if ( !xs_set_permissions(w->xs, w->t, path, p, 2) && !w->err )
            w->err = errno ? errno : EIO;
    }
}

static void fill_add(struct tx *w, const struct xend_device *d,
                     const struct dev_paths *p)
{
    char domid[16], script[256];
    const char *be_kv[] = { "frontend", p->fe, "frontend-id", domid,
                            "online", "1", "state", "1", NULL, NULL, NULL };
    const char *fe_kv[] = { "backend", p->be, "backend-id", "0",
                            "state", "1", NULL };

    snprintf(domid, sizeof(domid), "%u", d->domid);
    if ( d->script )
    {
        script_path(script, sizeof(script), d->script);
        be_kv[8] = "script";
        be_kv[9] = script;
    }
    put_dir(w, p->be, 0, d->domid);
    put_kv(w, p->be, be_kv);
    put_kv(w, p->be, d->back);
    put_dir(w, p->fe, d->domid, 0);
    put_kv(w, p->fe, fe_kv);
    put_kv(w, p->fe, d->front);
    put_kv_ro(w, p->fe, d->ro_front, d->domid);
}

/* fill() in a transaction, retried on conflict; 0 or -errno. */
static int transact(struct xs_handle *xs, const struct xend_device *d,
                    const struct dev_paths *p,
                    void (*fill)(struct tx *, const struct xend_device *,
                                 const struct dev_paths *))
{
    struct tx w = { .xs = xs };
    unsigned int i;

    for ( i = 0; i < MAX_TRIES; i++ )
    {
        w.err = 0;
        w.t = xs_transaction_start(xs);
        if ( w.t == XBT_NULL )
            return errno ? -errno : -EIO;
        fill(&w, d, p);
        if ( w.err )
        {
            xs_transaction_end(xs, w.t, true);
            return -w.err;
        }
        if ( xs_transaction_end(xs, w.t, false) )
            return 0;
        if ( errno != EAGAIN )
            return -errno;
    }
    return -EAGAIN;
}

/* A vif's script gets libxl's extras: its interface's name in $vif
 * (vif<domid>.<devid>, netback's) and online/offline for add/remove. */
static const char *vif_env(const char *action, const char *be)
{
    char name[64];
    unsigned int domid, devid;

    if ( sscanf(be, "/local/domain/0/backend/vif/%u/%u", &domid,
                &devid) == 2 )
    {
        snprintf(name, sizeof(name), "vif%u.%u", domid, devid);
        setenv("vif", name, 1);
    }
    return !strcmp(action, "add") ? "online" : "offline";
}

/* A child's signals as a fresh program's, stdin /dev/null, stdout and
 * stderr appended to log. */
static void child_stdio(const char *log)
{
    sigset_t none;
    int fd;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if ( fd < 0 )
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    dup2(fd, 1);
    dup2(fd, 2);
    fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup2(fd, 0);
}

/* The script's child side: Xen's environment (libxl__get_hotplug_env),
 * output appended to Xen's hotplug log, then exec. */
static void script_child(const char *path, const char *action,
                         const char *kind, const char *be)
{
    setsid();
    child_stdio(HOTPLUG_LOG);
    setenv("script", path, 1);
    setenv("XENBUS_TYPE", kind, 1);
    setenv("XENBUS_PATH", be, 1);
    setenv("XENBUS_BASE_PATH", "backend", 1);
    setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 0);
    if ( !strcmp(kind, "vif") )
        action = vif_env(action, be);
    execl(path, path, action, (char *)NULL);
    fprintf(stderr, "xend: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
}

/* Run "<path> <action>" for the backend be, bounded.  0 when it exits 0;
 * else -errno and *why ("exited with status N", "timed out", ...). */
static int run_script(const char *path, const char *action,
                      const char *kind, const char *be, char **why)
{
    long end = now_ms() + XEND_HOTPLUG_TIMEOUT_MS;
    int status;
    pid_t pid, r;

    pid = fork();
    if ( pid < 0 )
        return *why = msg("%s: fork: %s", path, strerror(errno)), -errno;
    if ( pid == 0 )
        script_child(path, action, kind, be);
    while ( (r = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < end )
        sleep_ms(POLL_MS);
    if ( r == 0 )
    {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
        *why = msg("%s %s: no answer within %d s (killed)", path, action,
                   XEND_HOTPLUG_TIMEOUT_MS / 1000);
        return -ETIMEDOUT;
    }
    if ( r < 0 )
        return *why = msg("%s: waitpid: %s", path, strerror(errno)), -errno;
    if ( WIFEXITED(status) && WEXITSTATUS(status) == 0 )
        return 0;
    *why = WIFEXITED(status)
        ? msg("%s %s exited with status %d", path, action,
              WEXITSTATUS(status))
        : msg("%s %s killed by signal %d", path, action, WTERMSIG(status));
    return -EIO;
}

/* After "add": hotplug-status must say connected; the script's own
 * hotplug-error, when it left one, is the better reason. */
static int hotplug_result(struct xs_handle *xs, const char *be, int rc,
                          char **why)
{
    char *status = xs_get(xs, be, "hotplug-status");
    char *err = xs_get(xs, be, "hotplug-error");

    if ( !rc && (!status || strcmp(status, "connected")) )
    {
        rc = -EIO;
        *why = msg("hotplug-status is '%s', not 'connected'",
                   status ? status : "(none)");
    }
    if ( rc && err && *err )
    {
        free(*why);
        *why = msg("%s", err);
    }
    free(status);
    free(err);
    return rc;
}

/* The daemon's grandchild side: detached (its own session, no parent
 * to reap it but init), output appended to /var/log/xen/<name>.log. */
static void daemon_child(const char *path, const char *be)
{
    char log[256];

    if ( fork() != 0 )
        _exit(0);
    snprintf(log, sizeof(log), "/var/log/xen/%s.log", strrchr(path, '/') + 1);
    child_stdio(log);
    execl(path, path, be, (char *)NULL);
    fprintf(stderr, "xend: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
}

/* Start "<daemon> <be>" and wait (bounded) for the hotplug-status it
 * writes once it serves the device, or fails to. */
static int start_daemon(struct xs_handle *xs, const char *name,
                        const char *be, char **why)
{
    const char *dir = getenv("XEN_DAEMON_DIR");
    char path[256], *status;
    long end = now_ms() + XEND_HOTPLUG_TIMEOUT_MS;
    pid_t pid;

    snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : XEND_DAEMON_DIR,
             name);
    if ( access(path, X_OK) )
        return *why = msg("cannot run %s: %s", path, strerror(errno)), -errno;
    if ( (pid = fork()) < 0 )
        return *why = msg("%s: fork: %s", path, strerror(errno)), -errno;
    if ( pid == 0 )
    {
        setsid();
        daemon_child(path, be);
    }
    waitpid(pid, NULL, 0);
    while ( !(status = xs_get(xs, be, "hotplug-status")) && now_ms() < end )
        sleep_ms(POLL_MS);
    free(status);
    if ( !status )
        return *why = msg("%s gave no hotplug-status within %d s", path,
                          XEND_HOTPLUG_TIMEOUT_MS / 1000), -ETIMEDOUT;
    return 0;
}

int xend_device_add(struct xs_handle *xs, const struct xend_device *d,
                    char **why)
{
    struct dev_paths p;
    char path[256];
    int rc;

    *why = NULL;
    dev_paths(&p, d->kind, d->domid, d->devid);
    if ( read_state(xs, p.be) >= 0 || read_state(xs, p.fe) >= 0 )
        return *why = msg("domain %u already has %s %u", d->domid,
                          front_kind(d->kind), d->devid), -EEXIST;
    rc = transact(xs, d, &p, fill_add);
    if ( rc )
        return *why = msg("writing its xenstore nodes: %s", strerror(-rc)),
               rc;
    if ( d->daemon )
        rc = hotplug_result(xs, p.be, start_daemon(xs, d->daemon, p.be, why),
                            why);
    else if ( !d->script )
        return 0;
    /* As libxl: the backend driver must have the device (InitWait)
     * before the script runs; blkback then waits for physical-device. */
    else if ( (rc = wait_state(xs, p.be, XB_INITWAIT, false,
                               XEND_HOTPLUG_TIMEOUT_MS)) )
        *why = msg("no %s backend driver took it within %d s (state %d; "
                   "is its dom0 module loaded?)", d->kind,
                   XEND_HOTPLUG_TIMEOUT_MS / 1000, read_state(xs, p.be));
    else
    {
        script_path(path, sizeof(path), d->script);
        rc = hotplug_result(xs, p.be,
                            run_script(path, "add", d->kind, p.be, why), why);
    }
    if ( rc )
        xend_device_remove(xs, d->kind, d->domid, d->devid);
    return rc;
}

/* libxl's forced removal: online 0, state Closing, the frontend gone (the
 * backend driver then unbinds and says Closed whatever the guest does). */
static void fill_closing(struct tx *w, const struct xend_device *d,
                         const struct dev_paths *p)
{
    put(w, p->be, "online", "0");
    put(w, p->be, "state", "5");
    if ( !xs_rm(w->xs, w->t, p->fe) && errno != ENOENT && !w->err )
        w->err = errno;
}

/* The backend's <kind>/<domid> directory goes once it has no device. */
static void rm_if_empty(struct xs_handle *xs, const char *dir)
{
    unsigned int n = 0;
    char **l = xs_directory(xs, XBT_NULL, dir, &n);

    if ( l && n == 0 )
        xs_rm(xs, XBT_NULL, dir);
    free(l);
}

static int run_remove_script(struct xs_handle *xs, const char *kind,
                             const char *be)
{
    char *script = xs_get(xs, be, "script"), *why = NULL;
    int rc = 0;

    if ( script && *script )
        rc = run_script(script, "remove", kind, be, &why);
    if ( rc )
        XLOG_WARN("%s: %s", be, why ? why : strerror(-rc));
    free(why);
    free(script);
    return rc;
}

/* One device being taken down: its paths and the state it was in. */
struct closing {
    char kind[16];
    uint32_t domid, devid;
    struct dev_paths p;
    int state, rc;
};

/* Ask the backend to close (forced: the frontend directory goes too). */
static void close_start(struct xs_handle *xs, struct closing *c)
{
    struct xend_device d = { .kind = c->kind, .domid = c->domid,
                             .devid = c->devid };

    dev_paths(&c->p, c->kind, c->domid, c->devid);
    c->state = read_state(xs, c->p.be);
    /* No backend state: nothing bound it (or it is gone already). */
    c->rc = c->state < 0 ? 0 : transact(xs, &d, &c->p, fill_closing);
}

/* Wait for Closed until deadline, run "remove", remove the nodes. */
static int close_finish(struct xs_handle *xs, struct closing *c,
                        long deadline)
{
    long t0 = now_ms(), left = deadline - t0;
    int rc = c->rc;
    char *slash;

    if ( !rc && c->state >= XB_INITWAIT && c->state < XB_CLOSED )
    {
        rc = wait_state(xs, c->p.be, XB_CLOSED, true, left > 0 ? left : 0);
        if ( rc )
            XLOG_WARN("%s: the backend did not close within %d s (state "
                      "%d)", c->p.be, XEND_CLOSE_TIMEOUT_MS / 1000,
                      read_state(xs, c->p.be));
        else
            XLOG_INFO("%s: closed (waited %ld ms)", c->p.be,
                      now_ms() - t0);
    }
    if ( run_remove_script(xs, c->kind, c->p.be) && !rc )
        rc = -EIO;
    if ( !xs_rm(xs, XBT_NULL, c->p.be) && errno != ENOENT && !rc )
        rc = -errno;
    xs_rm(xs, XBT_NULL, c->p.fe);
    slash = strrchr(c->p.be, '/');
    *slash = '\0';
    rm_if_empty(xs, c->p.be);
    return rc;
}

int xend_device_remove(struct xs_handle *xs, const char *kind,
                       uint32_t domid, uint32_t devid)
{
    struct closing c = { .domid = domid, .devid = devid };

    snprintf(c.kind, sizeof(c.kind), "%s", kind);
    close_start(xs, &c);
    return close_finish(xs, &c, now_ms() + XEND_CLOSE_TIMEOUT_MS);
}

/* Append every device of one kind that dom0 backs for domid to *all. */
static void list_kind(struct xs_handle *xs, const char *kind,
                      uint32_t domid, struct closing **all, unsigned int *nr)
{
    char dir[128], **devs;
    unsigned int n = 0, i;
    struct closing *c;

    snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%u", kind, domid);
    devs = xs_directory(xs, XBT_NULL, dir, &n);
    for ( i = 0; devs && i < n; i++ )
    {
        *all = xr_xrealloc(*all, (*nr + 1) * sizeof(**all));
        c = &(*all)[(*nr)++];
        memset(c, 0, sizeof(*c));
        snprintf(c->kind, sizeof(c->kind), "%s", kind);
        c->domid = domid;
        c->devid = strtoul(devs[i], NULL, 10);
    }
    free(devs);
}

/* All backends are asked to close first, then each is waited for in
 * turn, 10 s at most each: they close side by side, as libxl's do, but
 * dom0's kernel closes them one after the other (its xenwatch thread),
 * so each gets its own bound. */
int xend_devices_remove_all(struct xs_handle *xs, uint32_t domid)
{
    struct closing *all = NULL;
    unsigned int n = 0, nr = 0, i;
    char **kinds;
    int rc = 0, r;

    kinds = xs_directory(xs, XBT_NULL, "/local/domain/0/backend", &n);
    for ( i = 0; kinds && i < n; i++ )
        list_kind(xs, kinds[i], domid, &all, &nr);
    free(kinds);
    for ( i = 0; i < nr; i++ )
        close_start(xs, &all[i]);
    for ( i = 0; i < nr; i++ )
        if ( (r = close_finish(xs, &all[i], now_ms() + XEND_CLOSE_TIMEOUT_MS))
             && !rc )
            rc = r;
    free(all);
    return rc;
}

/* The frontend directory dir as a struct of its nodes' values. */
static struct xr_value *frontend_value(struct xs_handle *xs, const char *dir)
{
    struct xr_value *s = xr_struct();
    unsigned int n = 0, i;
    char **nodes = xs_directory(xs, XBT_NULL, dir, &n);
    char *v;

    for ( i = 0; nodes && i < n; i++ )
        if ( (v = xs_get(xs, dir, nodes[i])) )
        {
            xr_struct_set(s, nodes[i], xr_string(v));
            free(v);
        }
    free(nodes);
    return s;
}

int xend_devices_list(struct xs_handle *xs, uint32_t domid, const char *kind,
                      struct xr_value **list)
{
    char dir[128], one[192], **devs;
    unsigned int n = 0, i;
    struct xr_value *pair;

    snprintf(dir, sizeof(dir), "/local/domain/%u/device/%s", domid, kind);
    devs = xs_directory(xs, XBT_NULL, dir, &n);
    if ( !devs && errno != ENOENT )
        return -errno;
    *list = xr_array();
    for ( i = 0; devs && i < n; i++ )
    {
        snprintf(one, sizeof(one), "%s/%s", dir, devs[i]);
        pair = xr_array();
        xr_array_append(pair, xr_int(strtol(devs[i], NULL, 10)));
        xr_array_append(pair, frontend_value(xs, one));
        xr_array_append(*list, pair);
    }
    free(devs);
    return 0;
}

/* online 0 and, for a connected device, state Closing: the frontend
 * is asked to let it go (libxl__initiate_device_generic_remove). */
static void fill_detach(struct tx *w, const struct xend_device *d,
                        const struct dev_paths *p)
{
    put(w, p->be, "online", "0");
    put(w, p->be, "state", "5");
}

/* The backend kind serving the guest's device kind/devid, as its
 * frontend's "backend" node says (a vbd may be a "qdisk"); kind itself
 * when that says nothing better. */
static const char *backend_kind(struct xs_handle *xs, const char *kind,
                                uint32_t domid, uint32_t devid, char *buf,
                                size_t len)
{
    struct dev_paths p;
    char *be, fmt[64];

    dev_paths(&p, kind, domid, devid);
    be = xs_get(xs, p.fe, "backend");
    snprintf(fmt, sizeof(fmt), "/local/domain/0/backend/%%%zu[^/]/%u/%u",
             len - 1, domid, devid);
    if ( !be || sscanf(be, fmt, buf) != 1 ||
         strcmp(front_kind(buf), kind) )
        snprintf(buf, len, "%s", kind);
    free(be);
    return buf;
}

int xend_device_detach(struct xs_handle *xs, const char *kind,
                       uint32_t domid, uint32_t devid, bool force,
                       char **why)
{
    struct xend_device d = { .domid = domid, .devid = devid };
    char real[16];
    struct dev_paths p;
    int state, rc;
    long t0, t1;

    *why = NULL;
    kind = backend_kind(xs, kind, domid, devid, real, sizeof(real));
    d.kind = kind;
    dev_paths(&p, kind, domid, devid);
    if ( (state = read_state(xs, p.be)) < 0 )
        return *why = msg("domain %u has no %s %u", domid, front_kind(kind),
                          devid), -ENODEV;
    if ( force )
        return xend_device_remove(xs, kind, domid, devid);
    if ( state < XB_CLOSING && (rc = transact(xs, &d, &p, fill_detach)) )
        return *why = msg("writing its nodes: %s", strerror(-rc)), rc;
    t0 = now_ms();
    if ( wait_state(xs, p.be, XB_CLOSED, true, XEND_CLOSE_TIMEOUT_MS) )
        return *why = msg("%s %u is in use in the guest: it did not let it "
                          "go within %d s (its frontend is in state %d); "
                          "-f forces it", front_kind(kind), devid,
                          XEND_CLOSE_TIMEOUT_MS / 1000,
                          read_state(xs, p.fe)), -EBUSY;
    t1 = now_ms();
    rc = xend_device_remove(xs, kind, domid, devid);
    /* Which part a slow detach spent its time in (the guest, or the
     * hotplug script and dom0). */
    XLOG_INFO("%s: detached: closed in %ld ms, removed in %ld ms", p.be,
              t1 - t0, now_ms() - t1);
    return rc;
}
