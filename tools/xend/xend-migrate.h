/* SPDX-License-Identifier: GPL-2.0-only */
/* xend.domain.migrate's sending side (xend-migrate.c). */
#ifndef XEND_MIGRATE_PRIVATE_H
#define XEND_MIGRATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uuid/uuid.h>

struct xend_migration {
    char *log;              /* the sender's progress lines (malloc()ed) */
    size_t log_len;
    uint32_t dest_domid;    /* the domain's id on the destination */
    bool left_suspended;    /* failed after the destination was told to
                               start it: not resumed here */
};

/*
 * domid (uuid) to host:port, live or not.  0, or a negative errno with a
 * one-line reason in *why (malloc()ed), the guest running here again
 * (or, m->left_suspended, suspended here: it may run there).
 */
int xend_migrate(uint32_t domid, const uuid_t uuid, const char *host,
                 int port, bool live, struct xend_migration *m, char **why);

#endif /* XEND_MIGRATE_PRIVATE_H */
