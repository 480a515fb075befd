/* SPDX-License-Identifier: GPL-2.0-only */
/* xend's parts: settings, log, records, the server loop and its methods. */
#ifndef XEND_PRIVATE_H
#define XEND_PRIVATE_H

#include <stdbool.h>

#include "xmlrpc.h"
#include "xend-hv.h"

#define XEND_DEFAULT_SOCKET     "/run/xend/xmlrpc.sock"
#define XEND_DEFAULT_PID_FILE   "/run/xend/xend.pid"
#define XEND_DEFAULT_LOG        "/var/log/xen/xend.log"
#define XEND_DEFAULT_STATE_DIR  "/var/lib/xend"

/* Set once at start-up from the command line, read-only afterwards. */
struct xend_settings {
    const char *socket_path;
    const char *pid_file;
    const char *log_file;
    const char *state_dir;
    bool foreground;
    int relocation_port;            /* 0: no relocation server */
    const char *relocation_allow;   /* regexes of peer addresses */
};

extern struct xend_settings xend_settings;
extern const struct xend_hv_ops *xend_hv;

/* Log: "[YYYY-mm-dd HH:MM:SS pid] LEVEL (xend) message". */
int xend_log_open(const char *path);
void xend_log(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define XLOG_INFO(...)  xend_log("INFO", __VA_ARGS__)
#define XLOG_WARN(...)  xend_log("WARNING", __VA_ARGS__)
#define XLOG_ERR(...)   xend_log("ERROR", __VA_ARGS__)

struct xend_record;
/* The records xend holds (xend-table.c). */
/* Remember a domain record (loaded at start-up). */
void xend_methods_add_record(const struct xend_record *r);
struct xend_record *xend_table_find(const uuid_t uuid);
struct xend_record *xend_table_all(unsigned int *nr);
/* Save and hold a record of a new domain.  0 or -errno (nothing held). */
int xend_table_remember(const struct domain_config *cfg, uint32_t domid);
/* r's domain came back as domid: new id and start time, saved. */
int xend_table_restarted(struct xend_record *r, uint32_t domid);
/* Drop the record, from memory and disk. */
void xend_table_forget(const uuid_t uuid);
/* "name" or "uuid" when a record other than except's (a uuid, or NULL)
 * holds cfg's name or uuid (Xen 3: names are unique), else NULL. */
const char *xend_table_taken_by(const struct domain_config *cfg,
                                const uuid_t except);
/* Hot-plugged devices kept in domid's record ("disk" or "vif" list), so
 * an on_reboot restart has them, as Xen 3's xend did: entry appended
 * (ownership passes), or the first entry match() accepts removed; saved
 * before it is held.  0 (also when domid has no record) or -errno. */
int xend_table_device_add(uint32_t domid, const char *key,
                          struct xr_value *entry);
int xend_table_device_drop(uint32_t domid, const char *key,
                           bool (*match)(const struct xr_value *entry,
                                         const void *arg),
                           const void *arg);
/* The name its config holds, or NULL. */
const char *xend_record_name(const struct xend_record *r);
double xend_now(void);

/* Domain life cycle (xend-lifecycle.c): act on domains that shut down. */
void xend_lifecycle_check(void);

/* Serve XML-RPC on the bound socket until SIGTERM/SIGINT. */
int xend_serve(int listen_fd);
/* Bind and listen on path (a stale socket file is replaced). */
int xend_listen(const char *path, char **err);

/*
 * Run one call.  Returns the result, or NULL with a fault code and a
 * one-line message (malloc()ed).
 */
struct xr_value *xend_dispatch(const char *method,
                               const struct xr_value *params,
                               int *fault_code, char **fault_msg);

#endif /* XEND_PRIVATE_H */
