/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The backend's half of the xenbus handshake, as Linux's xen-blkfront
 * expects it (and Linux's blkback and QEMU's qdisk give it):
 *   start      params, mode, frontend, frontend-id read; the image opened;
 *              sectors, info, sector-size and the features written;
 *              state InitWait; hotplug-status connected (xend waits for it)
 *   frontend Initialised/Connected   ring-ref, event-channel, protocol,
 *              feature-persistent read; the ring mapped, the channel
 *              bound; state Connected
 *   frontend Closing   disconnect; state Closing
 *   frontend Closed or gone   disconnect; state Closed; quit once the
 *              device is offline (online 0, as xend writes on removal)
 *   frontend Initialising after Closed   InitWait again (a reconnect)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <xenstore.h>
#include <xen/io/protocols.h>

#include "blkd.h"

static char *get(struct blkd *b, const char *dir, const char *node)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return xs_read(b->xs, XBT_NULL, path, NULL);
}

/* dir/node as an unsigned number; dflt when absent or not a number. */
static unsigned long get_ul(struct blkd *b, const char *dir,
                            const char *node, unsigned long dflt)
{
    char *v = get(b, dir, node), *end;
    unsigned long n = dflt;

    if ( v && *v )
    {
        n = strtoul(v, &end, 10);
        if ( *end )
            n = dflt;
    }
    free(v);
    return n;
}

static void put(struct blkd *b, const char *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One write in a transaction that first checks our backend directory is
 * still there: once xend has removed it, a late write must not create
 * it again.  false when the directory is gone. */
static bool write_if_there(struct blkd *b, const char *path, const char *val)
{
    xs_transaction_t t;
    char *dir;
    bool ok;

    for ( ;; )
    {
        if ( (t = xs_transaction_start(b->xs)) == XBT_NULL )
            return false;
        dir = xs_read(b->xs, t, b->be, NULL);
        ok = dir && xs_write(b->xs, t, path, val, strlen(val));
        free(dir);
        if ( xs_transaction_end(b->xs, t, !ok) )
            return ok;
        if ( errno != EAGAIN )
            return false;
    }
}

static void put(struct blkd *b, const char *node, const char *fmt, ...)
{
    char path[192], val[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", b->be, node);
    if ( !write_if_there(b, path, val) )
        blkd_log(b, "not written (the device is gone?): %s", path);
}

static void set_state(struct blkd *b, int state)
{
    b->state = state;
    put(b, "state", "%d", state);
}

/* What blkfront reads before it sets its ring up (talk_to_blkback) and
 * when it connects (blkfront_connect). */
static void put_features(struct blkd *b)
{
    const struct image *img = b->img;

    put(b, "sectors", "%llu", (unsigned long long)(img->size / SECTOR));
    put(b, "info", "%u", img->readonly ? VDISK_READONLY : 0);
    put(b, "sector-size", "%u", SECTOR);
    put(b, "physical-sector-size", "%u", SECTOR);
    put(b, "feature-flush-cache", "1");
    put(b, "feature-persistent", "1");
    put(b, "feature-max-indirect-segments", "%u", BLKD_MAX_INDIRECT_SEGS);
    put(b, "feature-discard", "%d", img->discard_granularity ? 1 : 0);
    if ( img->discard_granularity )
    {
        put(b, "discard-granularity", "%u", img->discard_granularity);
        put(b, "discard-alignment", "0");
        put(b, "discard-secure", "0");
    }
}

/* As a hotplug script reports (docs/hotplug.md): xend's create fails
 * with this line. */
static int start_failed(struct blkd *b, const char *why)
{
    blkd_log(b, "%s", why);
    put(b, "hotplug-error", "%s", why);
    put(b, "hotplug-status", "error");
    return -1;
}

int xenbus_start(struct blkd *b, const char *be)
{
    char why[300], *params, *mode, *fe;

    snprintf(b->be, sizeof(b->be), "%s", be);
    params = get(b, be, "params");
    mode = get(b, be, "mode");
    fe = get(b, be, "frontend");
    b->domid = get_ul(b, be, "frontend-id", ~0UL);
    if ( !params || !mode || !fe || b->domid >= 0x7ff0 )
        return start_failed(b, "backend node lacks params, mode, frontend "
                               "or frontend-id");
    snprintf(b->fe, sizeof(b->fe), "%s", fe);
    b->img = image_open(params, mode[0] != 'w', why, sizeof(why));
    free(params);
    free(mode);
    free(fe);
    if ( !b->img )
        return start_failed(b, why);
    put_features(b);
    set_state(b, XB_INITWAIT);
    put(b, "hotplug-status", "connected");
    return 0;
}

void xenbus_closed_state(struct blkd *b)
{
    set_state(b, XB_CLOSED);
}

void xenbus_fatal(struct blkd *b, const char *why)
{
    put(b, "error", "%s", why);
    set_state(b, XB_CLOSING);
}

/* The frontend's ring, channel and protocol; 0 or -1 (logged). */
static int connect_ring(struct blkd *b)
{
    unsigned long ref = get_ul(b, b->fe, "ring-ref", ~0UL);
    unsigned long port = get_ul(b, b->fe, "event-channel", ~0UL);
    char *proto = get(b, b->fe, "protocol");
    int native = !proto || !strcmp(proto, XEN_IO_PROTO_ABI_X86_64);
    xenevtchn_port_or_error_t local;

    free(proto);
    if ( ref > UINT32_MAX || port > UINT32_MAX || !native )
        return blkd_log(b, "frontend gave ring-ref %lu event-channel %lu, "
                        "native protocol %d: refused", ref, port, native), -1;
    b->sring = xengnttab_map_grant_ref(b->xgt, b->domid, ref,
                                       PROT_READ | PROT_WRITE);
    if ( !b->sring )
        return blkd_log(b, "mapping ring-ref %lu: %s", ref,
                        strerror(errno)), -1;
    local = xenevtchn_bind_interdomain(b->xce, b->domid, port);
    if ( local < 0 )
    {
        blkd_log(b, "binding event channel %lu: %s", port, strerror(errno));
        xengnttab_unmap(b->xgt, b->sring, 1);
        b->sring = NULL;
        return -1;
    }
    b->port = local;
    BACK_RING_INIT(&b->ring, (blkif_sring_t *)b->sring, PAGE);
    return 0;
}

static void connect(struct blkd *b)
{
    if ( connect_ring(b) )
        return xenbus_fatal(b, "mapping the frontend's ring or event "
                               "channel failed");
    b->persistent = get_ul(b, b->fe, "feature-persistent", 0) == 1;
    b->connected = true;
    b->broken = false;
    put_features(b);
    set_state(b, XB_CONNECTED);
    blkd_log(b, "connected: domain %u, %llu sectors, persistent grants %s",
             b->domid, (unsigned long long)(b->img->size / SECTOR),
             b->persistent ? "on" : "off");
    ring_process(b);
}

void xenbus_disconnect(struct blkd *b)
{
    if ( !b->connected )
        return;
    xenevtchn_unbind(b->xce, b->port);
    xengnttab_unmap(b->xgt, b->sring, 1);
    b->sring = NULL;
    b->connected = false;
    blkd_log(b, "disconnected: %llu requests, %llu answered with an error",
             (unsigned long long)b->nr_reqs,
             (unsigned long long)b->nr_errors);
}

/* After the state is written: one by one, each unmap of a persistent
 * grant costs a TLB flush in dom0 and a grant unmap in the hypervisor
 * (tens of ms each on a loaded TCG host), so xend and the guest are not
 * made to wait for them; when quitting, the kernel drops them all as the
 * process exits (gntdev's release). */
static void state_then_unmap(struct blkd *b, int state)
{
    if ( b->state != state )
        set_state(b, state);
    if ( !b->quit )
        grants_free_persistent(b);
}

/* The frontend went away or closed: Closed, and quit when offline. */
static void closed(struct blkd *b, bool gone)
{
    b->quit = gone || get_ul(b, b->be, "online", 0) != 1;
    xenbus_disconnect(b);
    state_then_unmap(b, XB_CLOSED);
}

void xenbus_changed(struct blkd *b)
{
    char *s = get(b, b->be, "state");
    unsigned long fe;

    if ( !s )                   /* our backend node was removed */
    {
        b->quit = true;
        return;
    }
    free(s);
    fe = get_ul(b, b->fe, "state", ~0UL);
    if ( fe == ~0UL )
        return closed(b, true);
    switch ( fe )
    {
    case XB_INITIALISING:
        if ( b->state == XB_CLOSED )
            set_state(b, XB_INITWAIT);
        break;
    case XB_INITIALISED:
    case XB_CONNECTED:
        if ( !b->connected && b->state == XB_INITWAIT )
            connect(b);
        break;
    case XB_CLOSING:
        xenbus_disconnect(b);
        state_then_unmap(b, XB_CLOSING);
        break;
    case XB_CLOSED:
        closed(b, false);
        break;
    }
}
