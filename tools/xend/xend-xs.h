/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xenstore nodes xend keeps for a domain, laid out and permissioned
 * as libxl does for a PVH guest (docs/xend.md, "xenstore"):
 *   /local/domain/<id>            n0 r<id>  (dom0 owns, the guest reads)
 *     vm name domid memory/ cpu/ device/ control/ store/
 *     control/shutdown, feature-*, sysrq, data ...   n<id> (the guest's)
 *     console/                    n<id> r0  (a frontend, as libxl's)
 *   /vm/<uuid>/{uuid,name,...}    n0 r<id>
 * Every function returns 0 or a negative errno.
 */
#ifndef XEND_XS_PRIVATE_H
#define XEND_XS_PRIVATE_H

#include <stdint.h>

#include "domcfg.h"
#include "xend-create.h"

struct xs_handle;

/* Everything above, in one transaction (retried on conflict). */
int xend_xs_write_domain(struct xs_handle *xs, uint32_t domid,
                         const struct domain_config *cfg,
                         const struct xend_build_info *b);
/* /local/domain/<id> and /vm/<uuid> (uuid may be NULL), gone. */
int xend_xs_remove_domain(struct xs_handle *xs, uint32_t domid,
                          const char *uuid);
/* control/shutdown = reason ("poweroff", "reboot", "halt"). */
int xend_xs_shutdown(struct xs_handle *xs, uint32_t domid,
                     const char *reason);
int xend_xs_set_target(struct xs_handle *xs, uint32_t domid, uint64_t kib);
int xend_xs_set_static_max(struct xs_handle *xs, uint32_t domid,
                           uint64_t kib);
/* cpu/<n>/availability: online for n < nr, offline up to max. */
int xend_xs_set_vcpus(struct xs_handle *xs, uint32_t domid, unsigned int nr,
                      unsigned int max);
/* name in /local/domain/<id> and in its /vm/<uuid>. */
int xend_xs_rename(struct xs_handle *xs, uint32_t domid, const char *name);
/* A number-valued node of the domain ("memory/target"), or -errno. */
int xend_xs_read_u64(struct xs_handle *xs, uint32_t domid, const char *node,
                     uint64_t *val);

#endif /* XEND_XS_PRIVATE_H */
