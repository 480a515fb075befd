/* SPDX-License-Identifier: GPL-2.0-only */
/* The pretend hypervisor of xenconsoled's tests (fake-platform.c). */
#ifndef CONSOLE_FAKE_PLATFORM_H
#define CONSOLE_FAKE_PLATFORM_H

#include <stdbool.h>

#include "platform.h"

#define FAKE_DOMS 32

struct fake_dom {
    bool exists, dying;
    unsigned int port;          /* the guest's unbound port */
    uint64_t gfn;               /* the ring's gfn (foreign map) */
    struct xencons_interface page;
    unsigned int maps, unmaps, binds, unbinds, notified;
    uint64_t mapped_gfn;        /* gfn of the last foreign map */
};

struct fake_dom *fake_dom(unsigned int domid);
/* Grant maps fail: the daemon must map the gfn. */
extern bool fake_grant_fails;
extern bool fake_is_open;
/* The guest notifies its console channel; false if none is bound. */
bool fake_guest_notify(unsigned int domid);
bool fake_guest_masked(unsigned int domid);
void fake_virq(unsigned int virq);
unsigned int fake_channels(void);
/* The hypervisor's console ring holds text (not copied). */
void fake_set_hv_console(const char *text);

#endif /* CONSOLE_FAKE_PLATFORM_H */
