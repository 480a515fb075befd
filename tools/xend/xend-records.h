/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain records: one JSON file per domain under <state_dir>/domains/,
 * named <uuid>.json, so a restarted xend finds its domains again:
 *   { "magic": "xmhv-xend-domain", "revision": 1, "uuid": "...",
 *     "domid": 3, "start_time": 1764750000.5, "config": { canonical } }
 * A record with another magic or revision is refused on load, with why.
 */
#ifndef XEND_RECORDS_PRIVATE_H
#define XEND_RECORDS_PRIVATE_H

#include <stdint.h>

#include "xmlrpc.h"

#define XEND_RECORD_MAGIC       "xmhv-xend-domain"
#define XEND_RECORD_REVISION    1

struct xend_record {
    char uuid[37];
    uint32_t domid;
    double start_time;          /* seconds since the epoch */
    struct xr_value *config;    /* canonical dict (domcfg_to_value) */
};

/* Write atomically (temporary file, then rename).  0 or -errno. */
int xend_record_save(const char *state_dir, const struct xend_record *r);
/* Read and check path.  0, or -1 with a one-line reason in err. */
int xend_record_load(const char *path, struct xend_record *r, char *err,
                     size_t errlen);
int xend_record_delete(const char *state_dir, const char *uuid);
void xend_record_dispose(struct xend_record *r);

/* Load every record; bad ones are reported through report and skipped. */
int xend_records_scan(const char *state_dir,
                      void (*found)(const struct xend_record *r),
                      void (*report)(const char *path, const char *why));

#endif /* XEND_RECORDS_PRIVATE_H */
