/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xenconsoled needs from the hypervisor, chosen at link time:
 * platform-xc.c implements it with libxenctrl, libxenevtchn,
 * libxengnttab and libxenforeignmemory (Xen 4.17's APIs); the host tests
 * link a fake (tests/tools/console/fake-platform.c).  Nothing here
 * blocks.
 */
#ifndef CONSOLED_PLATFORM_H
#define CONSOLED_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/io/console.h>

/* One event channel with its own fd, as Xen gives each console one. */
struct plat_evtchn;

struct plat_dominfo {
    unsigned int domid;
    bool dying;
};

/* Open the handles; 0, or -1 with errno (no hypervisor interface). */
int plat_open(void);
void plat_close(void);

/*
 * Domains with ids >= first, in order, at most max of them: the number
 * filled, or -1 with errno.
 */
int plat_domains(unsigned int first, struct plat_dominfo *info,
                 unsigned int max);
bool plat_domain_exists(unsigned int domid);

/*
 * Map domid's console page: its GNTTAB_RESERVED_CONSOLE grant first, else
 * a foreign mapping of gfn (*by_grant says which, for the unmap).
 */
struct xencons_interface *plat_map_ring(unsigned int domid, uint64_t gfn,
                                        bool *by_grant);
void plat_unmap_ring(struct xencons_interface *intf, bool by_grant);

/* Bind to remote_port of domid: NULL with errno on failure. */
struct plat_evtchn *plat_bind(unsigned int domid, unsigned int remote_port);
/* Bind a VIRQ (VIRQ_CON_RING for the hypervisor log). */
struct plat_evtchn *plat_bind_virq(unsigned int virq);
void plat_unbind(struct plat_evtchn *e);
int plat_evtchn_fd(const struct plat_evtchn *e);
/* Take one pending notification (the port stays masked): true if any. */
bool plat_evtchn_pending(struct plat_evtchn *e);
void plat_evtchn_unmask(struct plat_evtchn *e);
void plat_notify(struct plat_evtchn *e);

/*
 * New hypervisor console output since *index (xc_readconsolering,
 * incremental): bytes put in buf, or -1.
 */
int plat_read_hv_console(char *buf, unsigned int size, uint32_t *index);

#endif /* CONSOLED_PLATFORM_H */
