/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The poll loop: xenstore's watch fd, the hypervisor log's VIRQ_CON_RING
 * channel (--log=hv), and per console its event channel and pty master.
 * The set is rebuilt every round from each console's state, so a
 * console that is rate limited, full (keep mode) or has nothing to send
 * is simply not polled for that.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <stdint.h>
#include <xen/xen.h>

#include "console.h"

#define XS_EVENTS_PER_ROUND 64

struct xs_handle *consoled_xs;
volatile int consoled_log_reload;

static struct pollfd *fds;
static unsigned int nr_fds, fds_cap;

static struct plat_evtchn *hv_evtchn;
static int hv_fd = -1;
static uint32_t hv_index;
static bool hv_needts = true;

static long long clock_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long (*consoled_now)(void) = clock_ms;

int pollset_add(int fd, short events)
{
    struct pollfd *p;

    if ( nr_fds == fds_cap )
    {
        p = realloc(fds, (fds_cap + 64) * sizeof(*fds));
        if ( !p )
            return -1;
        fds = p;
        fds_cap += 64;
    }
    fds[nr_fds] = (struct pollfd){ .fd = fd, .events = events };
    return nr_fds++;
}

short pollset_revents(int idx)
{
    return idx >= 0 && (unsigned int)idx < nr_fds ? fds[idx].revents : 0;
}

/* Everything new in the hypervisor's console ring to hypervisor.log. */
static void hv_log_drain(void)
{
    char buf[16384];
    int n;

    do
    {
        n = plat_read_hv_console(buf, sizeof(buf), &hv_index);
        if ( n > 0 && log_write(hv_fd, buf, n, consoled_opts.ts_hv,
                                &hv_needts) )
            dolog(LOG_ERR, "cannot write the hypervisor log: %m");
    } while ( n == (int)sizeof(buf) );
}

static int hv_log_init(void)
{
    hv_fd = log_open_hv();
    if ( hv_fd < 0 )
        return -1;
    hv_evtchn = plat_bind_virq(VIRQ_CON_RING);
    if ( !hv_evtchn )
    {
        dolog(LOG_ERR, "cannot bind VIRQ_CON_RING: %m");
        return -1;
    }
    hv_log_drain();   /* the boot messages, even with no VIRQ pending */
    return 0;
}

int consoled_init(void)
{
    if ( plat_open() )
    {
        dolog(LOG_ERR, "no hypervisor interface: %m");
        return -1;
    }
    consoled_xs = xs_open(0);
    if ( !consoled_xs )
    {
        dolog(LOG_ERR, "cannot contact xenstored: %m");
        return -1;
    }
    if ( !xs_watch(consoled_xs, "@introduceDomain", "domlist") ||
         !xs_watch(consoled_xs, "@releaseDomain", "domlist") )
    {
        dolog(LOG_ERR, "cannot watch @introduceDomain/@releaseDomain: %m");
        return -1;
    }
    if ( consoled_opts.log_hv && hv_log_init() )
        return -1;
    domains_enumerate();
    return 0;
}

void consoled_fini(void)
{
    struct domain *d;

    for ( d = consoled_domains; d; d = d->next )
        d->is_dead = true;
    domains_reap();
    if ( hv_evtchn )
        plat_unbind(hv_evtchn);
    hv_evtchn = NULL;
    if ( hv_fd >= 0 )
        close(hv_fd);
    hv_fd = -1;
    if ( consoled_xs )
        xs_close(consoled_xs);
    consoled_xs = NULL;
    plat_close();
    free(fds);
    fds = NULL;
    nr_fds = fds_cap = 0;
}

static void reload_logs(void)
{
    struct domain *d;

    consoled_log_reload = 0;
    if ( consoled_opts.log_guest )
        for ( d = consoled_domains; d; d = d->next )
            console_reopen_log(&d->con);
    if ( consoled_opts.log_hv && hv_fd >= 0 )
    {
        close(hv_fd);
        hv_fd = log_open_hv();
    }
}

static void handle_hv(int idx)
{
    if ( !(pollset_revents(idx) & POLLIN) ||
         !plat_evtchn_pending(hv_evtchn) )
        return;
    if ( hv_fd >= 0 )
        hv_log_drain();
    plat_evtchn_unmask(hv_evtchn);
}

static bool handle_xs(int idx)
{
    short ev = pollset_revents(idx);
    unsigned int i;

    if ( ev & (POLLERR | POLLNVAL) )
    {
        dolog(LOG_ERR, "lost the connection to xenstored");
        return false;
    }
    for ( i = 0; (ev & POLLIN) && i < XS_EVENTS_PER_ROUND; i++ )
        if ( !domains_handle_xs() )
            break;
    return true;
}

bool consoled_iterate(int timeout_ms)
{
    long long now = consoled_now(), next = 0;
    int xs_idx, hv_idx = -1, r;
    struct domain *d;

    nr_fds = 0;
    xs_idx = pollset_add(xs_fileno(consoled_xs), POLLIN);
    if ( hv_evtchn )
        hv_idx = pollset_add(plat_evtchn_fd(hv_evtchn), POLLIN);
    for ( d = consoled_domains; d; d = d->next )
        console_add_fds(&d->con, now, &next);
    if ( next && (timeout_ms < 0 || next - now < timeout_ms) )
        timeout_ms = next - now > 0 ? next - now : 1;
    r = poll(fds, nr_fds, timeout_ms);
    if ( consoled_log_reload )
        reload_logs();
    if ( r < 0 )
        return errno == EINTR;
    if ( hv_idx >= 0 )
        handle_hv(hv_idx);
    if ( !handle_xs(xs_idx) )
        return false;
    for ( d = consoled_domains; d; d = d->next )
        console_handle_fds(&d->con);
    domains_reap();
    return true;
}
