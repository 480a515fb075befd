/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore-read, -write, -ls, -list, -rm, -exists, -chmod, -watch,
 * -control: one
 * binary choosing its command from argv[0] ("xenstore-read") or from its
 * first argument ("xenstore read").  Options and output follow Xen's
 * xenstore client.  Commands on several keys run in one transaction,
 * retried on EAGAIN; their output is held until the commit succeeds.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xenstore.h>

struct opts {
    bool prefix, tidy, upto, recurse, raw, flat, socket_only;
    int nr_watches;
};

struct cmd {
    const char *name;
    const char *usage;
    const char *optstr;            /* options allowed besides -h, -s */
    int (*fn)(struct xs_handle *h, xs_transaction_t t, char **args,
              int n, const struct opts *o);
    int min_args;
    bool in_transaction;
};

/* Output held until the transaction commits. */
static char *out_buf;
static size_t out_len, out_cap;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    va_list ap;
    int n;

    if ( !out_buf && !(out_buf = malloc(out_cap = 4096)) )
        err(1, "malloc");
    for ( ;; )
    {
        va_start(ap, fmt);
        n = vsnprintf(out_buf + out_len, out_cap - out_len, fmt, ap);
        va_end(ap);
        if ( n >= 0 && (size_t)n < out_cap - out_len )
            break;
        out_cap = (out_cap + n + 1) * 2;
        out_buf = realloc(out_buf, out_cap);
        if ( !out_buf )
            err(1, "malloc");
    }
    out_len += n;
}

/* Printable form of a value: Xen's escapes (\t \n \r \\ \ooo \xHH). */
static char *escape(const char *v, unsigned int len)
{
    char *s = malloc(len * 4 + 1), *p = s;
    unsigned char c;
    unsigned int i;

    if ( !s )
        err(1, "malloc");
    for ( i = 0; i < len; i++ )
    {
        c = v[i];
        if ( c >= ' ' && c <= '~' && c != '\\' )
            *p++ = c;
        else if ( c == '\t' || c == '\n' || c == '\r' || c == '\\' )
        {
            *p++ = '\\';
            *p++ = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
        }
        else
            p += sprintf(p, c < 010 ? "\\%03o" : "\\x%02x", c);
    }
    *p = '\0';
    return s;
}

/* The inverse of escape(); returns the length. */
static unsigned int unescape(const char *in, char *o)
{
    char *start = o;
    unsigned int c;
    int n;

    for ( ; (c = (unsigned char)*in++); *o++ = c )
    {
        if ( c != '\\' )
            continue;
        c = (unsigned char)*in++;
        n = 0;
        switch ( c )
        {
        case 't': c = '\t'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 'x': sscanf(in, "%2x%n", &c, &n); in += n; break;
        case '0' ... '7': in--; sscanf(in, "%3o%n", &c, &n); in += n; break;
        case 0: in--; c = '\\'; break;
        default: break;
        }
    }
    return o - start;
}

static int cmd_read(struct xs_handle *h, xs_transaction_t t, char **a, int n,
                    const struct opts *o)
{
    unsigned int len;
    char *v, *e;
    int i;

    for ( i = 0; i < n; i++ )
    {
        v = xs_read(h, t, a[i], &len);
        if ( !v )
        {
            warnx("couldn't read path %s", a[i]);
            return 1;
        }
        if ( o->prefix )
            out("%s: ", a[i]);
        if ( o->raw )
            out("%.*s", (int)len, v);
        else
        {
            e = escape(v, len);
            out("%s\n", e);
            free(e);
        }
        free(v);
    }
    return 0;
}

static int cmd_write(struct xs_handle *h, xs_transaction_t t, char **a, int n,
                     const struct opts *o)
{
    unsigned int len;
    char *v;
    int i;

    for ( i = 0; i + 1 < n; i += 2 )
    {
        v = malloc(strlen(a[i + 1]) + 1);
        if ( !v )
            err(1, "malloc");
        len = o->raw ? (strcpy(v, a[i + 1]), strlen(v))
                     : unescape(a[i + 1], v);
        if ( !xs_write(h, t, a[i], v, len) )
        {
            warnx("could not write path %s", a[i]);
            free(v);
            return 1;
        }
        free(v);
    }
    return 0;
}

/* An empty node with no children may go with -t. */
static bool is_empty(struct xs_handle *h, xs_transaction_t t, const char *p)
{
    unsigned int len = 1, num = 1;
    char *v = xs_read(h, t, p, &len), **l;

    free(v);
    if ( !v || len )
        return false;
    l = xs_directory(h, t, p, &num);
    free(l);
    return l && !num;
}

static int cmd_rm(struct xs_handle *h, xs_transaction_t t, char **a, int n,
                  const struct opts *o)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], *slash;
    int i;

    for ( i = 0; i < n; i++ )
    {
        snprintf(path, sizeof(path), "%s", a[i]);
        do {
            if ( !xs_rm(h, t, path) )
            {
                warnx("could not remove path %s", path);
                return 1;
            }
            slash = strrchr(path, '/');
            if ( !o->tidy || !slash || slash == path )
                break;
            *slash = '\0';
        } while ( is_empty(h, t, path) );
    }
    return 0;
}

static int cmd_exists(struct xs_handle *h, xs_transaction_t t, char **a,
                      int n, const struct opts *o)
{
    char *v;
    int i;

    for ( i = 0; i < n; i++ )
    {
        v = xs_read(h, t, a[i], NULL);
        if ( !v )
            return 1;
        free(v);
    }
    return 0;
}

static int cmd_list(struct xs_handle *h, xs_transaction_t t, char **a, int n,
                    const struct opts *o)
{
    unsigned int num, j;
    char **l;
    int i;

    for ( i = 0; i < n; i++ )
    {
        l = xs_directory(h, t, a[i], &num);
        if ( !l )
        {
            warnx("could not list path %s", a[i]);
            return 1;
        }
        for ( j = 0; j < num; j++ )
            out(o->prefix ? "%s/%s\n" : "%.0s%s\n", a[i], l[j]);
        free(l);
    }
    return 0;
}

static int ls_width = 80;

static void ls_perms(struct xs_handle *h, const char *path)
{
    unsigned int n, i;
    struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &n);
    char buf[MAX_STRLEN(unsigned int) + 1];

    if ( !p )
    {
        warn("\ncould not access permissions for %s", path);
        return;
    }
    out("  (");
    for ( i = 0; i < n; i++ )
    {
        xs_perm_to_string(&p[i], buf, sizeof(buf));
        out("%s%s", i ? "," : "", buf);
    }
    out(")");
    free(p);
}

/*
 * One line of ls: name (or full path), value, permissions, laid out as
 * Xen's client does (values cut at the terminal's width; with -p, a
 * ". . ." leader to column 60).
 */
static void ls_line(struct xs_handle *h, const char *path, const char *name,
                    int depth, const struct opts *o)
{
    const int tag = 8, desired = o->flat ? 0 : 60;   /* " = \"...\"" */
    unsigned int len;
    char *v = xs_read(h, XBT_NULL, path, &len), *e;
    int w = 0, n;

    if ( o->flat )
        out("%s", path);
    else
    {
        out("%*s%.*s", depth, "", ls_width - tag - depth, name);
        n = strlen(name);
        w = depth + (n < ls_width - tag - depth ? n : ls_width - tag - depth);
    }
    if ( !v )
        out(":");
    else
    {
        e = escape(v, len);
        if ( ls_width < w + (int)len + tag )
            out(" = \"%.*s\\...\"", ls_width - tag - w, e);
        else
        {
            out(" = \"%s\"", e);
            w += strlen(e) + 5;
            if ( o->prefix )
                for ( out(" "), w++; w < desired && w < ls_width; w++ )
                    out("%c", (w & 1) ? '.' : ' ');
        }
        free(e);
        free(v);
    }
    if ( o->prefix )
        ls_perms(h, path);
    out("\n");
}

static void ls_tree(struct xs_handle *h, const char *path, int depth,
                    const struct opts *o)
{
    char child[XENSTORE_ABS_PATH_MAX + 1];
    unsigned int num, i;
    char **l = xs_directory(h, XBT_NULL, path, &num);

    if ( !l )
    {
        if ( depth && errno == ENOENT )
            return;   /* went away while we walked */
        err(1, "xs_directory (%s)", path);
    }
    for ( i = 0; i < num; i++ )
    {
        snprintf(child, sizeof(child), "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", l[i]);
        ls_line(h, child, l[i], depth, o);
        ls_tree(h, child, depth + 1, o);
    }
    free(l);
}

static int cmd_ls(struct xs_handle *h, xs_transaction_t t, char **a, int n,
                  const struct opts *o)
{
    struct winsize ws;
    int i;

    if ( o->flat )
        ls_width = INT_MAX / 2;
    else if ( !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 2 )
        ls_width = ws.ws_col - 2;
    if ( !n )
        ls_tree(h, "/", 0, o);
    for ( i = 0; i < n; i++ )
        ls_tree(h, a[i], 0, o);
    return 0;
}

static void chmod_path(struct xs_handle *h, xs_transaction_t t, char *path,
                       struct xs_permissions *p, int n, bool up, bool rec)
{
    char child[XENSTORE_ABS_PATH_MAX + 1], *slash;
    unsigned int num, i;
    char **l;

    if ( !path[0] )
        return;
    if ( !xs_set_permissions(h, t, path, p, n) )
        err(1, "Error occurred setting permissions on '%s'", path);
    if ( up && (slash = strrchr(path, '/')) )
    {
        *slash = '\0';
        chmod_path(h, t, path, p, n, true, false);
        *slash = '/';
    }
    if ( !rec || !(l = xs_directory(h, t, path, &num)) )
        return;
    for ( i = 0; i < num; i++ )
    {
        snprintf(child, sizeof(child), "%s/%s", path, l[i]);
        chmod_path(h, t, child, p, n, false, true);
    }
    free(l);
}

static int cmd_chmod(struct xs_handle *h, xs_transaction_t t, char **a,
                     int n, const struct opts *o)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_permissions *p;
    int i;

    if ( n < 2 )
        errx(1, "Usage: xenstore-chmod [-h] [-u] [-r] [-s] key "
                "<mode [modes...]>");
    p = calloc(n - 1, sizeof(*p));
    if ( !p )
        err(1, "malloc");
    for ( i = 1; i < n; i++ )
        if ( !xs_strings_to_perms(&p[i - 1], 1, a[i]) )
            errx(1, "Invalid permission specification: '%s'", a[i]);
    snprintf(path, sizeof(path), "%s", a[0]);
    chmod_path(h, t, path, p, n - 1, o->upto, o->recurse);
    free(p);
    return 0;
}

static int cmd_watch(struct xs_handle *h, xs_transaction_t t, char **a,
                     int n, const struct opts *o)
{
    unsigned int num;
    char **ev;
    int i;

    for ( i = 0; i < n; i++ )
        if ( !xs_watch(h, a[i], a[i]) )
            errx(1, "Unable to add watch on %s", a[i]);
    for ( i = 0; o->nr_watches < 0 || i < o->nr_watches; i++ )
    {
        ev = xs_read_watch(h, &num);
        if ( !ev )
        {
            if ( errno == EIO )
                errx(1, "connection to xenstored lost");
            continue;
        }
        printf("%s\n", ev[XS_WATCH_PATH]);
        fflush(stdout);
        free(ev);
    }
    return 0;
}

/* xenstore-control <command> [args...]: XS_CONTROL, answer printed. */
static int cmd_control(struct xs_handle *h, xs_transaction_t t, char **a,
                       int n, const struct opts *o)
{
    char buf[XENSTORE_PAYLOAD_MAX], *r;
    unsigned int len = 0;
    int i;

    for ( i = 1; i < n; i++ )
    {
        if ( len + strlen(a[i]) + 1 > sizeof(buf) )
            errx(1, "arguments too long");
        strcpy(buf + len, a[i]);
        len += strlen(a[i]) + 1;
    }
    r = xs_control_command(h, a[0], buf, len);
    if ( !r )
    {
        warn("control command %s failed", a[0]);
        return 1;
    }
    out("%s%s", r, r[0] && r[strlen(r) - 1] != '\n' ? "\n" : "");
    free(r);
    return 0;
}

static const struct cmd cmds[] = {
    { "read", "[-h] [-p] [-s] [-R] key [...]", "pR", cmd_read, 1, false },
    { "write", "[-h] [-s] [-R] key value [...]", "R", cmd_write, 2, false },
    { "rm", "[-h] [-s] [-t] key [...]", "t", cmd_rm, 1, true },
    { "exists", "[-h] [-p] [-s] key [...]", "p", cmd_exists, 1, true },
    { "list", "[-h] [-p] [-s] key [...]", "p", cmd_list, 1, true },
    { "ls", "[-h] [-f] [-p] [-s] [path]", "fp", cmd_ls, 0, false },
    { "chmod", "[-h] [-u] [-r] [-s] key <mode [modes...]>", "ur",
      cmd_chmod, 2, true },
    { "watch", "[-h] [-n NR] [-s] key", "n", cmd_watch, 1, false },
    { "control", "<command> [<args>...]", "", cmd_control, 1, false },
};

static const struct cmd *find_cmd(const char *name)
{
    unsigned int i;

    for ( i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++ )
        if ( !strcmp(cmds[i].name, name) )
            return &cmds[i];
    errx(1, "unknown mode %s", name);
}

static void usage(const struct cmd *c, const char *prog, bool with_mode)
{
    errx(1, "Usage: %s %s%s%s", prog, with_mode ? c->name : "",
         with_mode ? " " : "", c->usage);
}

static void parse(const struct cmd *c, int argc, char **argv, struct opts *o,
                  const char *prog, bool with_mode)
{
    static const struct option lo[] = {
        { "help", 0, NULL, 'h' }, { "flat", 0, NULL, 'f' },
        { "prefix", 0, NULL, 'p' }, { "tidy", 0, NULL, 't' },
        { "upto", 0, NULL, 'u' }, { "recurse", 0, NULL, 'r' },
        { "number", 1, NULL, 'n' }, { "raw", 0, NULL, 'R' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    while ( (ch = getopt_long(argc, argv, "+hfspturn:R", lo, NULL)) != -1 )
    {
        if ( ch == 's' )
        {
            o->socket_only = true;
            continue;
        }
        if ( ch == 'h' || ch == '?' || !strchr(c->optstr, ch) )
            usage(c, prog, with_mode);
        o->flat |= ch == 'f';
        o->prefix |= ch == 'p';
        o->tidy |= ch == 't';
        o->upto |= ch == 'u';
        o->recurse |= ch == 'r';
        o->raw |= ch == 'R';
        if ( ch == 'n' )
            o->nr_watches = atoi(optarg);
    }
    if ( argc - optind < c->min_args ||
         (c->fn == cmd_write && (argc - optind) % 2) )
        usage(c, prog, with_mode);
}

int main(int argc, char **argv)
{
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
                                             : argv[0];
    struct opts o = { .nr_watches = -1 };
    bool with_mode = strncmp(prog, "xenstore-", 9) != 0;
    const struct cmd *c;
    struct xs_handle *h;
    xs_transaction_t t = XBT_NULL;
    bool txn;
    int rc, n;

    if ( with_mode && argc < 2 )
        errx(1, "Usage: %s <mode> [-h] [...]", prog);
    c = find_cmd(with_mode ? argv[1] : prog + 9);
    argc -= with_mode;
    argv += with_mode;
    parse(c, argc, argv, &o, prog, with_mode);
    n = argc - optind;
    txn = c->in_transaction || (c->fn == cmd_read && n > 1) ||
          (c->fn == cmd_write && n > 2);
    h = xs_open(o.socket_only ? XS_OPEN_SOCKETONLY : 0);
    if ( !h )
        err(1, "xs_open");
    for ( ;; )
    {
        out_len = 0;
        if ( txn && (t = xs_transaction_start(h)) == XBT_NULL )
            errx(1, "couldn't start transaction");
        rc = c->fn(h, t, argv + optind, n, &o);
        if ( !txn || xs_transaction_end(h, t, rc) )
            break;
        if ( rc || errno != EAGAIN )
            errx(1, "couldn't end transaction");
    }
    if ( out_len )
        fwrite(out_buf, 1, out_len, stdout);
    free(out_buf);
    xs_close(h);
    return rc;
}
