/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled internals: the bounded output buffer, one console per
 * guest (its ring, event channel, pty and log), the domain list, and the
 * poll loop.  Single-threaded: everything is touched from the loop only.
 *
 * Data path (as Xen's xenconsoled):
 *   guest -> out ring -> buffer (and the log at once) -> pty master
 *   pty master -> in ring -> guest
 * A guest can only fill its own bounded buffer; a pty nobody reads only
 * holds back that guest's output, never the loop.
 */
#ifndef CONSOLED_CONSOLE_H
#define CONSOLED_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenstore.h>

#include "platform.h"

/* Events a guest may send per period before we stop unmasking (Xen's). */
#define RATE_LIMIT_ALLOWANCE 30
#define RATE_LIMIT_PERIOD    200                /* ms */
/* Output held for a pty when console/limit is absent (libxl's limit). */
#define CONSOLE_LIMIT_DEFAULT (1024u * 1024)
#define CONSOLE_LIMIT_MIN     4096u
#define CONSOLE_LIMIT_MAX     (64u * 1024 * 1024)

/*
 * Output waiting for the pty: a byte ring of at most max bytes, grown as
 * needed.  Over max, the oldest bytes go (discard mode) or the console
 * stops reading its ring until the pty drains (keep mode).
 */
struct cbuf {
    char *data;
    size_t cap;                 /* allocated */
    size_t max;                 /* bound */
    size_t head;                /* oldest byte */
    size_t len;
    uint64_t dropped;           /* bytes discarded over the bound */
};

struct domain;

struct console {
    struct domain *d;
    char *xspath;               /* /local/domain/<id>/console */
    struct xencons_interface *intf;
    bool by_grant;              /* intf mapped by grant, not by gfn */
    long long ring_ref;         /* gfn mapped (-1: by grant or none) */
    struct plat_evtchn *evtchn;
    int remote_port;            /* -1: not bound */
    int master_fd, slave_fd;    /* pty (-1: none) */
    int log_fd;
    bool log_needts;            /* next log byte starts a line */
    struct cbuf buf;
    int event_count;            /* events in this period */
    long long next_period;      /* ms, CLOCK_MONOTONIC */
    int evtchn_idx, tty_idx;    /* in the poll set, or -1 */
};

struct domain {
    unsigned int domid;
    bool is_dead;
    bool watched;               /* its console/ directory is watched */
    unsigned int last_seen;     /* enumeration pass it was last seen in */
    struct domain *next;
    struct console con;
};

/* Options (main.c fills them; the tests set what they need). */
struct consoled_opts {
    bool log_guest, log_hv;
    bool ts_guest, ts_hv;       /* --timestamp */
    bool discard;               /* --overflow-data=discard (default) */
    bool replace_escape;
    bool verbose;
    const char *log_dir;
};
extern struct consoled_opts consoled_opts;
extern struct xs_handle *consoled_xs;
/* The clock in ms (CLOCK_MONOTONIC); the tests may replace it. */
extern long long (*consoled_now)(void);
/* Set by SIGHUP: reopen the logs. */
extern volatile int consoled_log_reload;

/* Messages also go to stderr (-i, -v). */
extern bool consoled_log_stderr;
void dolog(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- buffer.c --- */
void cbuf_init(struct cbuf *b, size_t max);
void cbuf_free(struct cbuf *b);
/* Append n bytes; over the bound the oldest go.  false: out of memory. */
bool cbuf_append(struct cbuf *b, const char *p, size_t n);
/* The oldest contiguous run of bytes (length in *n). */
const char *cbuf_peek(const struct cbuf *b, size_t *n);
void cbuf_consume(struct cbuf *b, size_t n);
static inline bool cbuf_full(const struct cbuf *b)
{
    return b->len >= b->max;
}

/* --- log.c (also consoled_opts and clog) --- */
int log_open_guest(const struct domain *d);
int log_open_hv(void);
/* Write data to a log fd (timestamps when ts, escape replacement). */
int log_write(int fd, const char *data, size_t n, bool ts, bool *needts);

/* --- ring.c: the shared page (xen/include/public/io/console.h) --- */
/* Output the guest produced, moved to the buffer and the log. */
void ring_read_output(struct console *con);
/* Room in the input ring (0 when its indexes are wild). */
size_t ring_input_space(const struct console *con);
/* Input from the pty to the ring. */
void ring_write_input(struct console *con, const char *p, size_t n);

/* --- io.c: one console's ring, event channel and pty --- */
void console_init(struct console *con, struct domain *d);
/* (Re)read console/ and set up what is missing; 0 or an errno. */
int console_setup(struct console *con);
/* Unmap and unbind (the domain is going). */
void console_teardown(struct console *con);
/* Close pty and log, free the buffer. */
void console_cleanup(struct console *con);
void console_reopen_log(struct console *con);
/* Poll-set hooks of the loop. */
void console_add_fds(struct console *con, long long now,
                     long long *next_timeout);
void console_handle_fds(struct console *con);

/* --- domains.c --- */
extern struct domain *consoled_domains;
/* Ask the hypervisor which domains exist; create and retire ours. */
void domains_enumerate(void);
/* Handle one watch event from xenstore; false if none was queued. */
bool domains_handle_xs(void);
/* Free domains marked dead. */
void domains_reap(void);
struct domain *domain_lookup(unsigned int domid);

/* --- loop.c --- */
/* Set up the hypervisor handles, the watches and the hv log. */
int consoled_init(void);
void consoled_fini(void);
/* One poll round; timeout_ms < 0: until something happens. false: stop. */
bool consoled_iterate(int timeout_ms);

/* Poll-set helpers for io.c. */
int pollset_add(int fd, short events);
short pollset_revents(int idx);

#endif /* CONSOLED_CONSOLE_H */
