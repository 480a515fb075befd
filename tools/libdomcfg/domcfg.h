/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libdomcfg: a domain's configuration, checked.
 *
 * xm turns a Python config file into a plain dict (struct xr_value) and xend
 * receives the same dict over XML-RPC; both check it here, with the same
 * rules and messages, into a struct domain_config.  domcfg_to_value() gives
 * the canonical dict back (what `xm create -n` prints and xend stores),
 * which domcfg_parse() accepts again unchanged.
 *
 * Accepted input is Xen 3's: disk and vif entries as strings
 * ('file:/img,xvda,w', 'bridge=xenbr0,mac=00:16:3e:..'), builder='linux' or
 * no builder for a PV config (booted as PVH), plus the canonical forms.
 */
#ifndef XEN_DOMCFG_H
#define XEN_DOMCFG_H

#include <stdbool.h>
#include <stdint.h>

#include <uuid/uuid.h>

#include "xmlrpc.h"

enum domcfg_action {
    DOMCFG_DESTROY,
    DOMCFG_RESTART,
    DOMCFG_PRESERVE,
    DOMCFG_RENAME_RESTART,
    DOMCFG_COREDUMP_DESTROY,
    DOMCFG_COREDUMP_RESTART,
};

struct domcfg_disk {
    char *backend;      /* "file", "phy", "tap:aio", ... */
    char *target;       /* path or device the backend serves */
    char *vdev;         /* "xvda", "hdc", ... as the guest names it */
    bool cdrom;
    char mode[3];       /* "r", "w" or "w!" (writable even if shared) */
};

/* The vif keys Xen 3 knew, in the order domcfg_to_value() writes them. */
enum domcfg_vif_key {
    VIF_MAC, VIF_BRIDGE, VIF_IP, VIF_SCRIPT, VIF_VIFNAME, VIF_MODEL,
    VIF_TYPE, VIF_RATE, VIF_BACKEND, VIF_NR_KEYS,
};

struct domcfg_vif {
    char *val[VIF_NR_KEYS];     /* NULL: not given */
};

struct domain_config {
    char *name;
    uuid_t uuid;                /* generated when the dict has none */
    bool pv_as_pvh;             /* a Xen 3 PV config, booted as PVH */
    char *kernel, *ramdisk, *cmdline;
    uint64_t memory, maxmem;    /* MiB */
    unsigned int vcpus;
    char *cpus;                 /* canonical CPU list ("0-3,6"), or NULL */
    unsigned int cpu_weight, cpu_cap;
    enum domcfg_action on_poweroff, on_reboot, on_crash;
    struct domcfg_disk *disks;
    unsigned int nr_disks;
    struct domcfg_vif *vifs;
    unsigned int nr_vifs;
    char **serials;
    unsigned int nr_serials;
    /* Parse-time only: Xen 3's pieces of the command line. */
    char *root, *extra;
};

/* What was wrong: the setting's name and why ("must be ..."). */
struct domcfg_error {
    char key[64];
    char msg[256];
};

void domcfg_init(struct domain_config *cfg);
void domcfg_dispose(struct domain_config *cfg);

/*
 * Check dict (an XR_STRUCT) into cfg (initialised).  Returns 0, or -1 with
 * the first problem in *err; cfg must be disposed of either way.
 */
int domcfg_parse(const struct xr_value *dict, struct domain_config *cfg,
                 struct domcfg_error *err);

/* The canonical dict of a parsed config. */
struct xr_value *domcfg_to_value(const struct domain_config *cfg);

/* A domain name: 1-64 of [A-Za-z0-9_.-], not only digits (that is an id). */
#define DOMCFG_NAME_RULE "1 to 64 letters, digits, '_', '.' or '-', not " \
                         "only digits"
bool domcfg_name_valid(const char *name);

/* True for settings that are lists (a command-line value adds an entry). */
bool domcfg_key_is_list(const char *key);

const char *domcfg_action_name(enum domcfg_action a);

/* Helpers shared by the files of the library (domcfg-*.c). */
int domcfg_fail(struct domcfg_error *err, const char *key, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));
const char *domcfg_describe(const struct xr_value *v, char *buf,
                            size_t len);
int domcfg_get_uint(const struct xr_value *v, uint64_t *out);
int domcfg_parse_cpus(const struct xr_value *v, char **canonical);
int domcfg_parse_disk(const struct xr_value *v, struct domcfg_disk *d,
                      char *why, size_t len);
int domcfg_parse_vif(const struct xr_value *v, struct domcfg_vif *vif,
                     char *why, size_t len);
struct xr_value *domcfg_disk_value(const struct domcfg_disk *d);
struct xr_value *domcfg_vif_value(const struct domcfg_vif *vif);
void domcfg_disk_dispose(struct domcfg_disk *d);
void domcfg_vif_dispose(struct domcfg_vif *vif);

#endif /* XEN_DOMCFG_H */
