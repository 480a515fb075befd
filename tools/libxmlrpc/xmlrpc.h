/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxmlrpc: the XML-RPC transport xm and xend share.
 *
 * - Values (value.c): a tree of XML-RPC values (nil, boolean, int, double,
 *   string, array, struct), owned by whoever holds the root.
 * - XML (xml-write.c, xml-read.c): methodCall, methodResponse and fault
 *   documents to and from values, with libxml2.
 * - HTTP (http.c): the HTTP/1.0 POST framing Python's xmlrpc.client speaks,
 *   over a stream socket (a unix socket here).
 * - JSON (json.c): the same values to and from JSON with yajl, for xend's
 *   domain records and xm's dry run.
 *
 * Allocation failure aborts the program (xr_alloc_failed()): these are
 * small command-line tools and a daemon whose state is on disk.
 */
#ifndef XEN_XMLRPC_H
#define XEN_XMLRPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xr_type {
    XR_NIL,
    XR_BOOL,
    XR_INT,
    XR_DOUBLE,
    XR_STRING,
    XR_ARRAY,
    XR_STRUCT,
};

struct xr_value;

struct xr_member {
    char *name;
    struct xr_value *value;
};

struct xr_value {
    enum xr_type type;
    union {
        bool b;
        int64_t i;
        double d;
        char *s;
        struct {
            struct xr_value **items;
            size_t n, cap;
        } array;
        struct {
            struct xr_member *members;      /* in insertion order */
            size_t n, cap;
        } strct;
    } u;
};

/* Fault codes of our own, beside the errno values xend's methods return. */
#define XR_FAULT_PARSE          (-32700)    /* not well-formed request */
#define XR_FAULT_BAD_REQUEST    (-32600)    /* not a methodCall */
#define XR_FAULT_NO_METHOD      (-32601)    /* unknown method name */
#define XR_FAULT_BAD_PARAMS     (-32602)    /* wrong number/type of params */

/* Largest XML document either side accepts, in bytes. */
#define XR_MAX_DOCUMENT         (4u << 20)

/* Constructors: never NULL (allocation failure aborts). */
struct xr_value *xr_nil(void);
struct xr_value *xr_bool(bool b);
struct xr_value *xr_int(int64_t i);
struct xr_value *xr_double(double d);
struct xr_value *xr_string(const char *s);
struct xr_value *xr_string_n(const char *s, size_t len);
struct xr_value *xr_array(void);
struct xr_value *xr_struct(void);

/* Append v (ownership passes to the array). */
void xr_array_append(struct xr_value *array, struct xr_value *v);
/* Set member name to v, replacing (and freeing) an existing one. */
void xr_struct_set(struct xr_value *strct, const char *name,
                   struct xr_value *v);
/* The member called name, or NULL. */
const struct xr_value *xr_struct_get(const struct xr_value *strct,
                                     const char *name);
/* Remove member name if present; true if it was. */
bool xr_struct_del(struct xr_value *strct, const char *name);

void xr_free(struct xr_value *v);
struct xr_value *xr_copy(const struct xr_value *v);
bool xr_equal(const struct xr_value *a, const struct xr_value *b);
/* "int", "string", ...: for error messages. */
const char *xr_type_name(enum xr_type type);

/* Allocation helpers that abort on failure. */
void *xr_xmalloc(size_t size);
void *xr_xrealloc(void *p, size_t size);
char *xr_xstrdup(const char *s);
void xr_alloc_failed(void) __attribute__((noreturn));

/*
 * XML documents.  Encoders return a malloc()ed NUL-terminated document
 * and its length in *len.  params is an XR_ARRAY (may be empty).
 */
char *xr_call_encode(const char *method, const struct xr_value *params,
                     size_t *len);
char *xr_response_encode(const struct xr_value *result, size_t *len);
char *xr_fault_encode(int code, const char *message, size_t *len);

/*
 * Decoders return 0 and fill the out parameters, or -1 with a one-line
 * reason in *err (malloc()ed) when the document is not what XML-RPC says.
 * A decoded fault is not a decode error: xr_response_decode() returns 0,
 * sets *result NULL, and fills *fault_code and *fault_msg.
 */
int xr_call_decode(const char *doc, size_t len, char **method,
                   struct xr_value **params, char **err);
int xr_response_decode(const char *doc, size_t len, struct xr_value **result,
                       int *fault_code, char **fault_msg, char **err);

/*
 * HTTP framing.  The server reads one POST request and answers it; the
 * client sends one request and reads the answer until the server closes.
 * All return 0, or -1 with a one-line reason in *err (malloc()ed).
 */
int xr_http_read_request(int fd, char **body, size_t *len, char **err);
int xr_http_write_response(int fd, int status, const char *body, size_t len);
int xr_http_post(int fd, const char *body, size_t len, char **reply,
                 size_t *reply_len, char **err);

/*
 * One call over a unix socket at path.  Returns:
 *   0   *result holds the answer;
 *   1   the server answered a fault: *fault_code, *msg;
 *   -1  transport failure: *msg says what, errno_out the connect() errno
 *       (ENOENT/ECONNREFUSED mean nobody listens), else 0.
 */
int xr_call_unix(const char *path, const char *method,
                 const struct xr_value *params, struct xr_value **result,
                 int *fault_code, char **msg, int *errno_out);

/*
 * JSON.  xr_json_encode() returns a malloc()ed document (pretty: indented,
 * one member per line, trailing newline).  xr_json_decode() returns the
 * value, or NULL with a one-line reason in err.
 */
char *xr_json_encode(const struct xr_value *v, bool pretty);
struct xr_value *xr_json_decode(const char *text, char *err, size_t errlen);

#endif /* XEN_XMLRPC_H */
