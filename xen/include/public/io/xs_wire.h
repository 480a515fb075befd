/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol: messages between clients and xenstored,
 * carried over a Unix socket in dom0 or over the shared ring page of a
 * domain (struct xenstore_domain_interface below).
 *
 * Each message is a struct xsd_sockmsg header followed by len bytes of
 * payload: NUL-separated strings (paths, values, tokens).  A reply has
 * the request's type, req_id and tx_id, or type XS_ERROR with the error
 * name (a string from xsd_errors, such as "ENOENT") as payload.
 */
#ifndef _XS_WIRE_H
#define _XS_WIRE_H

enum xsd_sockmsg_type
{
    XS_CONTROL              = 0,   /* daemon control (was XS_DEBUG) */
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY            = 1,   /* list a node's children */
    XS_READ                 = 2,   /* read a node's value */
    XS_GET_PERMS            = 3,   /* read a node's permissions */
    XS_WATCH                = 4,   /* path, token: watch a subtree */
    XS_UNWATCH              = 5,   /* path, token: stop watching */
    XS_TRANSACTION_START    = 6,   /* reply: the transaction id */
    XS_TRANSACTION_END      = 7,   /* "T" commit or "F" abort */
    XS_INTRODUCE            = 8,   /* domid, mfn, port: a new domain */
    XS_RELEASE              = 9,   /* domid: the domain is gone */
    XS_GET_DOMAIN_PATH      = 10,  /* domid: its home path */
    XS_WRITE                = 11,  /* path, value */
    XS_MKDIR                = 12,  /* make a node with no value */
    XS_RM                   = 13,  /* remove a subtree */
    XS_SET_PERMS            = 14,  /* path, permission strings */
    XS_WATCH_EVENT          = 15,  /* unsolicited: path, token */
    XS_ERROR                = 16,  /* reply: the error name */
    XS_IS_DOMAIN_INTRODUCED = 17,  /* domid: reply "T" or "F" */
    XS_RESUME               = 18,  /* domid: clear its shutdown state */
    XS_SET_TARGET           = 19,  /* domid, target: device-model rights */
    /* 20 was XS_RESTRICT, withdrawn */
    XS_RESET_WATCHES        = 21,  /* drop all of the caller's watches */
    XS_DIRECTORY_PART       = 22,  /* path, offset: large directories */

    XS_TYPE_COUNT,                 /* number of types above */

    XS_INVALID = 0xffff            /* never a valid type */
};

/* Old flags of XS_WRITE. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Errors travel as their names, so both ends need not share numbers. */
struct xsd_errors
{
    int errnum;
    const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
__attribute__((unused))
#endif
    = {
    XSD_ERROR(EINVAL),      /* first: the catch-all for unknown errors */
    XSD_ERROR(EACCES),
    XSD_ERROR(EEXIST),
    XSD_ERROR(EISDIR),
    XSD_ERROR(ENOENT),
    XSD_ERROR(ENOMEM),
    XSD_ERROR(ENOSPC),
    XSD_ERROR(EIO),
    XSD_ERROR(ENOTEMPTY),
    XSD_ERROR(ENOSYS),
    XSD_ERROR(EROFS),
    XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN),
    XSD_ERROR(EISCONN),
    XSD_ERROR(E2BIG),
    XSD_ERROR(EPERM),
};
#endif

struct xsd_sockmsg
{
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* echoed in the reply; the caller's to choose */
    uint32_t tx_id;  /* transaction id, or 0 for none */
    uint32_t len;    /* payload bytes that follow */
};

/* Order of the strings in an XS_WATCH_EVENT payload. */
enum xs_watch_type
{
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/*
 * The shared page between a domain and xenstored.  req is written by the
 * domain and read by xenstored, rsp the other way; each is a byte ring
 * with free-running indexes, masked with MASK_XENSTORE_IDX.  Messages
 * may span ring wraps and several notifications (on the domain's
 * xenstore event channel).
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];
    char rsp[XENSTORE_RING_SIZE];
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;  /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;       /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;            /* XENSTORE_ERROR_* */
};

/* Largest payload: a longer message breaks the connection. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest paths: longer ones get an error reply. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* The server can reset the ring (the connection field is honoured). */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
/* The server reports ring errors in the error field. */
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0 /* normal operation */
#define XENSTORE_RECONNECT 1 /* guest asked for a reset; server clears */

#define XENSTORE_ERROR_NONE    0 /* no error */
#define XENSTORE_ERROR_COMM    1 /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2 /* an index was out of range */
#define XENSTORE_ERROR_PROTO   3 /* protocol violation (too long) */

#endif /* _XS_WIRE_H */
