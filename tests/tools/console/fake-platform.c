/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pretend hypervisor for xenconsoled's host tests (platform.h linked
 * in place of platform-xc.c): console pages are plain memory, an event
 * channel is a pipe whose reading end the daemon polls, with Linux's
 * evtchn semantics (a delivered port stays masked until unmasked; an
 * event while masked is remembered and delivered at the unmask).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake-platform.h"

struct plat_evtchn {
    struct plat_evtchn *next;
    int domid;                  /* -1: a VIRQ */
    unsigned int virq;
    int rfd, wfd;
    bool masked, pending;
};

static struct fake_dom doms[FAKE_DOMS];
static struct plat_evtchn *channels;
static const char *hv_text;
static size_t hv_len;
bool fake_grant_fails;
bool fake_is_open;

struct fake_dom *fake_dom(unsigned int domid)
{
    return domid < FAKE_DOMS ? &doms[domid] : NULL;
}

void fake_set_hv_console(const char *text)
{
    hv_text = text;
    hv_len = strlen(text);
}

int plat_open(void)
{
    fake_is_open = true;
    return 0;
}

void plat_close(void)
{
    fake_is_open = false;
}

int plat_domains(unsigned int first, struct plat_dominfo *info,
                 unsigned int max)
{
    unsigned int i, n = 0;

    for ( i = first; i < FAKE_DOMS && n < max; i++ )
        if ( doms[i].exists )
        {
            info[n].domid = i;
            info[n++].dying = doms[i].dying;
        }
    return n;
}

bool plat_domain_exists(unsigned int domid)
{
    return domid < FAKE_DOMS && doms[domid].exists;
}

struct xencons_interface *plat_map_ring(unsigned int domid, uint64_t gfn,
                                        bool *by_grant)
{
    struct fake_dom *d = fake_dom(domid);

    if ( !d || !d->exists || (fake_grant_fails && gfn != d->gfn) )
    {
        errno = ESRCH;
        return NULL;
    }
    *by_grant = !fake_grant_fails;
    d->maps++;
    d->mapped_gfn = fake_grant_fails ? gfn : 0;
    return &d->page;
}

void plat_unmap_ring(struct xencons_interface *intf, bool by_grant)
{
    unsigned int i;

    for ( i = 0; i < FAKE_DOMS; i++ )
        if ( intf == &doms[i].page )
            doms[i].unmaps++;
}

static struct plat_evtchn *chan_new(int domid)
{
    struct plat_evtchn *e = calloc(1, sizeof(*e));
    int p[2];

    if ( !e || pipe2(p, O_NONBLOCK | O_CLOEXEC) )
    {
        free(e);
        return NULL;
    }
    e->domid = domid;
    e->rfd = p[0];
    e->wfd = p[1];
    e->next = channels;
    channels = e;
    return e;
}

struct plat_evtchn *plat_bind(unsigned int domid, unsigned int remote_port)
{
    struct fake_dom *d = fake_dom(domid);
    struct plat_evtchn *e;

    if ( !d || !d->exists || remote_port != d->port )
    {
        errno = EINVAL;
        return NULL;
    }
    e = chan_new(domid);
    if ( e )
        d->binds++;
    return e;
}

struct plat_evtchn *plat_bind_virq(unsigned int virq)
{
    struct plat_evtchn *e = chan_new(-1);

    if ( e )
        e->virq = virq;
    return e;
}

void plat_unbind(struct plat_evtchn *e)
{
    struct plat_evtchn **pp;

    for ( pp = &channels; *pp; pp = &(*pp)->next )
        if ( *pp == e )
        {
            *pp = e->next;
            break;
        }
    if ( e->domid >= 0 && e->domid < FAKE_DOMS )
        doms[e->domid].unbinds++;
    close(e->rfd);
    close(e->wfd);
    free(e);
}

int plat_evtchn_fd(const struct plat_evtchn *e)
{
    return e->rfd;
}

bool plat_evtchn_pending(struct plat_evtchn *e)
{
    char c;

    return read(e->rfd, &c, 1) == 1;
}

static void chan_fire(struct plat_evtchn *e)
{
    if ( e->masked )
    {
        e->pending = true;
        return;
    }
    e->masked = true;
    if ( write(e->wfd, "", 1) != 1 )
        abort();
}

void plat_evtchn_unmask(struct plat_evtchn *e)
{
    e->masked = false;
    if ( e->pending )
    {
        e->pending = false;
        chan_fire(e);
    }
}

void plat_notify(struct plat_evtchn *e)
{
    if ( e->domid >= 0 && e->domid < FAKE_DOMS )
        doms[e->domid].notified++;
}

static struct plat_evtchn *chan_of(int domid, unsigned int virq)
{
    struct plat_evtchn *e;

    for ( e = channels; e; e = e->next )
        if ( e->domid == domid && (domid >= 0 || e->virq == virq) )
            return e;
    return NULL;
}

bool fake_guest_notify(unsigned int domid)
{
    struct plat_evtchn *e = chan_of(domid, 0);

    if ( e )
        chan_fire(e);
    return e != NULL;
}

bool fake_guest_masked(unsigned int domid)
{
    struct plat_evtchn *e = chan_of(domid, 0);

    return e && e->masked;
}

void fake_virq(unsigned int virq)
{
    struct plat_evtchn *e = chan_of(-1, virq);

    if ( e )
        chan_fire(e);
}

unsigned int fake_channels(void)
{
    struct plat_evtchn *e;
    unsigned int n = 0;

    for ( e = channels; e; e = e->next )
        n++;
    return n;
}

int plat_read_hv_console(char *buf, unsigned int size, uint32_t *index)
{
    size_t n = hv_len > *index ? hv_len - *index : 0;

    if ( n > size )
        n = size;
    memcpy(buf, hv_text + *index, n);
    *index += n;
    return n;
}
