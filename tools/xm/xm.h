/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm: the command table, the parsed arguments every action gets, and the
 * helpers actions share.  One file per command family: xm-create.c,
 * xm-domain.c (list and per-domain commands), xm-node.c (host commands).
 */
#ifndef XM_PRIVATE_H
#define XM_PRIVATE_H

#include <stdbool.h>

#include "xmlrpc.h"

#define XM_DEFAULT_SOCKET "/run/xend/xmlrpc.sock"

struct xm_option {
    char short_name;
    const char *long_name;
    const char *arg;            /* name of its argument, or NULL: a flag */
    const char *help;
};

/* What the parser hands an action: options by short name, then the rest. */
struct xm_args {
    bool set[128];
    const char *value[128];
    char **pos;
    int npos;
};

struct xm_command {
    const char *name;
    const char *usage;          /* after "xm <name> " */
    const char *help;           /* one line */
    const struct xm_option *opts;
    int min_pos, max_pos;       /* positional arguments; -1: no limit */
    int (*action)(const struct xm_args *a);
};

/* Exit codes: 0 done, 1 failed (one line said why), 2 bad usage. */
#define XM_OK       0
#define XM_FAIL     1
#define XM_USAGE    2

/* Print "xm: <message>" (or the message as is) to stderr; XM_FAIL. */
int xm_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Call method on xend with params (an array, consumed).  On success 0 and
 * *result (the caller frees it); else XM_FAIL after printing one line:
 * xend's fault message as it is, or that xend is not running.
 */
int xm_call(const char *method, struct xr_value *params,
            struct xr_value **result);

/* xm_call(method, [dom, x1, x2]) (x1, x2 consumed; NULL: absent). */
int xm_call_domain(const char *method, const char *dom, struct xr_value *x1,
                   struct xr_value *x2);

/* v as indented JSON on stdout (xm list --long, block-list --long). */
void xm_print_json(const struct xr_value *v);

/* The socket xm talks to xend through. */
const char *xm_socket_path(void);

/* Parse a memory size: "256" MiB, or with a suffix k, m, g, t. */
int xm_parse_mib(const char *s, uint64_t *mib);

int xm_cmd_create(const struct xm_args *a);
int xm_cmd_list(const struct xm_args *a);
int xm_cmd_console(const struct xm_args *a);
int xm_cmd_shutdown(const struct xm_args *a);
int xm_cmd_reboot(const struct xm_args *a);
int xm_cmd_destroy(const struct xm_args *a);
int xm_cmd_pause(const struct xm_args *a);
int xm_cmd_save(const struct xm_args *a);
int xm_cmd_restore(const struct xm_args *a);
int xm_cmd_migrate(const struct xm_args *a);
int xm_cmd_unpause(const struct xm_args *a);
int xm_cmd_uptime(const struct xm_args *a);
int xm_cmd_vcpu_list(const struct xm_args *a);
int xm_cmd_block_list(const struct xm_args *a);
int xm_cmd_block_attach(const struct xm_args *a);
int xm_cmd_block_detach(const struct xm_args *a);
int xm_cmd_network_list(const struct xm_args *a);
int xm_cmd_network_detach(const struct xm_args *a);
int xm_cmd_network_attach(const struct xm_args *a);
int xm_cmd_vcpu_pin(const struct xm_args *a);
int xm_cmd_vcpu_set(const struct xm_args *a);
int xm_cmd_mem_set(const struct xm_args *a);
int xm_cmd_mem_max(const struct xm_args *a);
int xm_cmd_domid(const struct xm_args *a);
int xm_cmd_domname(const struct xm_args *a);
int xm_cmd_rename(const struct xm_args *a);
int xm_cmd_sched_credit(const struct xm_args *a);
int xm_cmd_info(const struct xm_args *a);
int xm_cmd_dmesg(const struct xm_args *a);
int xm_cmd_log(const struct xm_args *a);

/*
 * Become /usr/lib/xen/bin/xenconsole <domid> (xm-console.c); returns
 * (XM_FAIL, after saying why) only if that cannot run.
 */
int xm_console_attach(long long domid);

/* Printing domains (xm-list.c), shared by list and the tests' golden files. */
void xm_print_domain_table(const struct xr_value *domains);

#endif /* XM_PRIVATE_H */
