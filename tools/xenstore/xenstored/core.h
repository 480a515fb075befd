/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored internals: the node store, connections, requests, and the
 * per-subsystem interfaces (tree, transactions, watches, domains).
 *
 * The daemon is single-threaded: everything below is touched only from
 * the main loop, so nothing here has a lock.
 */
#ifndef XENSTORED_CORE_H
#define XENSTORED_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <xenstore_lib.h>

#include "hmap.h"
#include "list.h"

/* A path buffer: the longest valid absolute path and its NUL. */
#define XS_PATH_BUF        (XENSTORE_ABS_PATH_MAX + 1)
/* Domain ids at and above this are special (DOMID_SELF, ...). */
#define XS_DOMID_LIMIT     0x7FF0u
#define XS_DOMID_SELF      0x7FF0u
/* A generation no node has: "did not exist". */
#define XS_NO_GEN          UINT64_MAX

/*
 * Limits.  The q_* values are Xen 4.17's defaults and apply to
 * unprivileged domains; the priv_* values are our own safety bounds for
 * privileged connections, which Xen leaves unbounded.
 */
struct xs_quota {
    unsigned int nodes;         /* nodes a domain may own: 1000 */
    unsigned int watches;       /* watches per connection: 128 */
    unsigned int transactions;  /* open transactions: 10 */
    unsigned int entry_size;    /* bytes of one node record: 2048 */
    unsigned int perms;         /* permission entries per node: 5 */
    unsigned int trans_nodes;   /* nodes touched by one transaction: 1024 */
    unsigned int path_len;      /* path length below the home: 2048 */
    unsigned int outstanding;   /* replies queued before we stop reading */
    size_t memory;              /* transaction copies + queued output of
                                   an unprivileged domain: 2.5 MiB, Xen's
                                   hard memory quota */
    unsigned int priv_watches;
    unsigned int priv_transactions;
    unsigned int priv_trans_nodes;
    size_t out_soft;            /* queued output: stop reading requests */
    size_t out_hard;            /* queued output: the client is dropped */
};
extern struct xs_quota xs_quota;

/*
 * A node: one record per path, holding its value, its children's names
 * (NUL-terminated, in creation order) and its permissions.  gen changes
 * on every write and drives transaction conflict detection.
 */
struct node {
    char *name;
    uint64_t gen;
    struct xs_permissions *perms;
    unsigned int nperms;        /* >= 1 */
    char *value;
    unsigned int vlen;
    char *children;
    unsigned int clen;
};

struct conn;
struct txn;
struct domain;

/* How a connection moves bytes: a socket or a domain's ring. */
struct conn_ops {
    /* Bytes read (0: none now), or -1 when the connection is broken. */
    ssize_t (*read)(struct conn *c, void *buf, size_t len);
    /* Bytes written (0: no room now), or -1 when broken. */
    ssize_t (*write)(struct conn *c, const void *buf, size_t len);
    /* Release transport resources (close the fd, unmap the ring). */
    void (*destroy)(struct conn *c);
    /* The client broke the protocol (XENSTORE_ERROR_*); may be NULL. */
    void (*error)(struct conn *c, unsigned int err);
};

/* One queued message to a client. */
struct outmsg {
    struct list link;
    bool is_event;
    unsigned int len;           /* header + payload */
    char data[];                /* struct xsd_sockmsg then payload */
};

struct conn {
    struct list link;                /* in the global connection list */
    const struct conn_ops *ops;
    int fd;                          /* socket, or -1 for a ring */
    unsigned int id;                 /* domid; sockets are dom0 */
    bool privileged;
    unsigned int target;             /* XS_SET_TARGET, or XS_DOMID_LIMIT */
    struct domain *dom;              /* NULL for sockets */
    bool dead;                       /* to be freed by the main loop */
    short revents;                   /* poll() result, sockets only */
    bool ignored;                    /* protocol error: no more I/O */

    /* Bytes read from the transport, not yet framed. */
    char rbuf[8192];
    unsigned int rlen, roff;

    /* Input: header, then payload (len + NUL terminator). */
    struct xsd_sockmsg hdr;
    unsigned int in_used;            /* bytes of the current message */
    char in_buf[XENSTORE_PAYLOAD_MAX + 1];

    /* Output queue. */
    struct list out;
    size_t out_bytes;
    unsigned int out_replies;
    unsigned int out_off;            /* bytes of the head already sent */

    struct list watches;
    unsigned int nwatches;
    struct list txns;
    unsigned int ntxns;
    size_t txn_bytes;                /* held by the transactions' copies */
    uint32_t next_txid;
};

extern struct list xs_conns;

/* One request being processed. */
struct req {
    struct conn *conn;
    struct txn *txn;                 /* NULL outside a transaction */
    struct xsd_sockmsg hdr;
    char *data;                      /* payload, NUL-terminated at len */
    unsigned int len;
};

/* --- util.c --- */
void xs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern bool xs_verbose;
/* -K: a gone domain's nodes pass to dom0 instead of being removed. */
extern bool xs_keep_orphans;

/* --- conn.c --- */
/* A new connection on the global list; NULL when out of memory. */
struct conn *conn_new(const struct conn_ops *ops, int fd, unsigned int id,
                      bool privileged);
/* Forget watches, transactions, queued output and partial input. */
void conn_reset(struct conn *c);
/* Drop watches, transactions and queued output; mark for freeing. */
void conn_kill(struct conn *c);
/* Free a connection marked dead. */
void conn_free(struct conn *c);
/* Read and process up to max complete messages; false when broken. */
bool conn_handle_input(struct conn *c, unsigned int max);
/* Send queued output; false when broken. */
bool conn_handle_output(struct conn *c);
/* Whether the main loop should read from c now (backpressure). */
bool conn_wants_input(const struct conn *c);
/* Bytes read but not yet processed (the loop must not sleep on them). */
bool conn_has_buffered(const struct conn *c);
/* Stop serving c after a protocol error: sockets close, rings idle. */
void conn_fail(struct conn *c, unsigned int err);
/* Queue a message; false if out of memory or over the hard limit. */
bool conn_queue(struct conn *c, uint32_t type, uint32_t req_id,
                uint32_t tx_id, const void *data, unsigned int len,
                bool is_event);
/*
 * Serve c once, as the main loop does: read up to max messages if
 * readable (or bytes wait framing), then send what is queued.  A broken
 * socket is killed; a ring that breaks (wild index) is failed with
 * XENSTORE_ERROR_RINGIDX.
 */
void conn_serve(struct conn *c, bool readable, unsigned int max);
/*
 * One round of the main loop over every connection: inputs (sockets as
 * their revents say), then outputs, then free the dead.
 */
void conn_serve_all(unsigned int max);
/* Feed raw bytes to c as if read from it (tests and fuzzing). */
bool conn_feed(struct conn *c, const void *buf, size_t len);

/* --- proto.c --- */
/* Process one complete message; the reply is queued on c. */
void proto_process(struct conn *c, const struct xsd_sockmsg *hdr,
                   char *payload);
void reply(struct req *r, uint32_t type, const void *data, unsigned int len);
void reply_error(struct req *r, int err);
/* Number of NUL-terminated strings in the payload, filling vec[0..n). */
unsigned int req_args(const struct req *r, const char **vec, unsigned int n);
/* The single argument, or NULL unless the payload is one string. */
const char *req_onearg(const struct req *r);

/* --- tree.c: the node store and access through transactions --- */
void tree_init(void);
void tree_destroy(void);
uint64_t tree_next_gen(void);
/* The base node (no transaction), or NULL. */
struct node *tree_lookup(const char *name);
/*
 * The node as seen by t (NULL: the base tree).  The node belongs to the
 * store and may be changed in place, then written back with tree_write.
 * NULL with errno ENOENT, or ENOSPC / ENOMEM from the transaction.
 */
struct node *tree_read(struct txn *t, const char *name);
/* Store n (a node from tree_read, or a new one whose ownership passes). */
int tree_write(struct txn *t, struct node *n);
int tree_delete(struct txn *t, const char *name);
/* Base tree only: call fn on every node. */
void tree_foreach(void (*fn)(struct node *n, void *arg), void *arg);
unsigned long tree_count(void);

struct node *node_alloc(const char *name);
void node_free(struct node *n);
struct node *node_dup(const struct node *n);
/* Size of n as Xen's record counts it, for the entry-size quota. */
unsigned int node_record_size(const struct node *n);
/* Set value / perms / children; 0 or ENOMEM. */
int node_set_value(struct node *n, const void *val, unsigned int len);
int node_set_perms(struct node *n, const struct xs_permissions *p,
                   unsigned int num);
int node_add_child(struct node *n, const char *base);
bool node_del_child(struct node *n, const char *base);

/* --- store.c: the operations of the protocol on the tree --- */
/* What conn may do to a node with these permissions (XS_PERM_* mask). */
unsigned int perm_for_conn(const struct conn *c,
                           const struct xs_permissions *p, unsigned int n);
bool path_valid(const char *path);
/* Make path absolute for c into out; EINVAL if invalid. */
int path_canon(const struct conn *c, const char *in, char *out,
               bool *relative);
/* Parent path of an absolute path (not "/") into out. */
void path_parent(const char *path, char *out);
const char *path_base(const char *path);
/* Node read with a permission check: NULL with errno set. */
struct node *store_get(struct req *r, const char *path, unsigned int perm);
/* Create path and missing parents with value; 0 or an errno. */
int store_create(struct req *r, const char *path, const void *val,
                 unsigned int len, struct node **out);
/* Remove path and its subtree (path exists); 0 or an errno. */
int store_rm(struct req *r, const char *path);
/* Remove every node owned by domid (and their subtrees), no conn. */
void store_rm_owned(unsigned int domid);
void store_setup(void);
/* Node counts per owner, as accounted. */
int store_count(unsigned int domid);
void store_count_add(unsigned int domid, int delta);

/* --- txn.c --- */
struct txn *txn_lookup(struct conn *c, uint32_t id);
int txn_start(struct req *r, uint32_t *id);
/* Commit or abort; 0, or EAGAIN on a conflict. */
int txn_end(struct req *r, bool commit);
void txn_destroy_all(struct conn *c);
/* Node-count change of domid within t (for quota checks). */
int txn_count_delta(const struct txn *t, unsigned int domid);
void txn_count_add(struct txn *t, unsigned int domid, int delta);
/* Remember a watch event to fire at commit. */
void txn_queue_event(struct txn *t, const char *path,
                     const struct xs_permissions *perms, unsigned int nperms,
                     bool exact);
/* Transaction's view: entry for name (internal to tree.c). */
struct txn_entry;
struct txn_entry *txn_entry_get(struct txn *t, const char *name);
struct txn_entry *txn_entry_add(struct txn *t, const char *name,
                                struct node *copy, uint64_t base_gen);
struct node **txn_entry_node(struct txn_entry *e);
void txn_entry_modified(struct txn_entry *e);
bool txn_may_grow(const struct txn *t);

/* --- watch.c --- */
int watch_add(struct req *r, const char *path, const char *token);
int watch_remove(struct req *r, const char *path, const char *token);
void watch_remove_all(struct conn *c);
/*
 * A change at path: fire matching watches (queued in r's transaction if
 * any).  perms/nperms: the node's permissions, for the read check;
 * exact: only watches on exactly path (recursive removal).
 */
void watch_fire(struct req *r, const char *path,
                const struct xs_permissions *perms, unsigned int nperms,
                bool exact);
/* Fire with no request (domain events, commits). */
void watch_fire_path(struct conn *origin, const char *path, bool exact);

/* --- domain.c --- */
int domain_introduce(struct req *r);
int domain_release(struct req *r);
int domain_resume(struct req *r);
int domain_is_introduced(struct req *r);
int domain_set_target(struct req *r);
int domain_get_path(struct req *r);
/* Special-node permissions (@introduceDomain, @releaseDomain). */
bool domain_special_readable(const struct conn *c, const char *name);
int domain_special_set_perms(struct req *r, const char *name,
                             const struct xs_permissions *p, unsigned int n);
/* Check every introduced domain's state (after VIRQ_DOM_EXC). */
void domain_check_all(void);
/* The connection of a domain went: free the domain. */
void domain_conn_gone(struct conn *c);
void domain_init(void);
void domain_destroy_all(void);
/* Service event channel notifications; returns the ring connections. */
void domain_handle_events(void);
int domain_evtchn_fd(void);
/* Introduce dom0 through its xenbus backend; 0 or an errno. */
int domain_init_dom0(void);

/* --- control.c --- */
int control_handle(struct req *r);

#endif /* XENSTORED_CORE_H */
