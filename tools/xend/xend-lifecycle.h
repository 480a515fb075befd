/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xend does with a domain that shut down: the config's on_poweroff,
 * on_reboot or on_crash, chosen by the shutdown reason.  A pure function,
 * so every reason x action pair is tested without a hypervisor.
 */
#ifndef XEND_LIFECYCLE_PRIVATE_H
#define XEND_LIFECYCLE_PRIVATE_H

#include <stdbool.h>

#include "domcfg.h"

struct xend_decision {
    bool destroy;       /* destroy it and clean up after it */
    bool restart;       /* then create it again: same name, config, uuid */
    bool rename;        /* keep it under another name, a new one starts */
    const char *note;   /* NULL, or what could not be done as asked */
    const char *why;    /* "on_crash=restart": for the log */
};

/* reason: SHUTDOWN_* from the hypervisor (public/sched.h). */
struct xend_decision xend_lifecycle_decide(const struct domain_config *cfg,
                                           unsigned int reason);

#endif /* XEND_LIFECYCLE_PRIVATE_H */
