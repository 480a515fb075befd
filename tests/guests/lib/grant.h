/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant-table helpers shared by the grant test kernels (lib/grant.c). */
#ifndef GUEST_GRANT_H
#define GUEST_GRANT_H

#include "guest.h"

#include <public/grant_table.h>

/* GNTTABOP_<cmd> on count elements at arg. */
long gnttab_op(unsigned int cmd, void *arg, unsigned int count);

/* Our grant-table frame 0 mapped at guest-physical addr (checked). */
grant_entry_v1_t *gnttab_frame0_at(uint64_t addr);

#endif /* GUEST_GRANT_H */
