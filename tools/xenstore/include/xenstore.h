/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore: the xs_* client API of Xen's tools/include/xenstore.h,
 * talking to xenstored over its Unix socket or, when there is none, over
 * the kernel's /dev/xen/xenbus.
 *
 * Errors: functions returning a pointer return NULL, those returning bool
 * return false; errno then holds the reason (the daemon's error name
 * mapped back to its errno value, or the local system error).  Returned
 * memory is the caller's to free() (one block for arrays of strings).
 *
 * Threads: a handle may be shared between threads.  The first xs_watch()
 * starts a reader thread that sorts replies from watch events; its
 * xs_fileno() is readable while events are queued.
 *
 * Fork: a child must not use the parent's handle; it may release it with
 * xs_daemon_destroy_postfork().
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <xenstore_lib.h>

#define XBT_NULL 0

#define XS_OPEN_READONLY    (1UL << 0)  /* accepted, as in Xen 4.17: no-op */
#define XS_OPEN_SOCKETONLY  (1UL << 1)  /* never fall back to xenbus */
#define XS_UNWATCH_FILTER   (1UL << 2)  /* drop events of removed watches */

struct xs_handle;
typedef uint32_t xs_transaction_t;

struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *xsh /* NULL ok */);

/* Old names of xs_open(0) / xs_close(). */
struct xs_handle *xs_daemon_open(void);
struct xs_handle *xs_domain_open(void);
struct xs_handle *xs_daemon_open_readonly(void);
void xs_daemon_close(struct xs_handle *);
void xs_daemon_destroy_postfork(struct xs_handle *);

/* Children of path: array of num names, NULL-terminated, one block. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num);
/* Value of path, NUL-terminated for convenience; len may be NULL. */
void *xs_read(struct xs_handle *h, xs_transaction_t t,
              const char *path, unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t,
              const char *path, const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path,
                                          unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms);

/*
 * Watch path (or "@introduceDomain" / "@releaseDomain"); an event with
 * path itself arrives straight away.
 */
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/* An fd readable while watch events are queued. */
int xs_fileno(struct xs_handle *h);
/*
 * Next event: array indexed by XS_WATCH_PATH and XS_WATCH_TOKEN, one
 * block.  xs_read_watch blocks; xs_check_watch returns NULL with errno
 * EAGAIN when none is queued.
 */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
char **xs_check_watch(struct xs_handle *h);

/* Returns the transaction id, or XBT_NULL on error. */
xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* Commit (abort false) or discard; errno EAGAIN: conflict, try again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
                        bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
/* True if child is parent or below it. */
bool xs_path_is_subpath(const char *parent, const char *child);

/* Withdrawn (XS_RESTRICT): always false, errno ENOSYS. */
bool xs_restrict(struct xs_handle *h, unsigned int domid);
/* domid's /local/domain/<domid>/device/suspend/event-channel, or -1. */
int xs_suspend_evtchn_port(int domid);

/* XS_CONTROL: command with optional data; returns the daemon's answer. */
char *xs_control_command(struct xs_handle *h, const char *cmd,
                         void *data, unsigned int len);
char *xs_debug_command(struct xs_handle *h, const char *cmd,
                       void *data, unsigned int len);

#endif /* XENSTORE_H */
