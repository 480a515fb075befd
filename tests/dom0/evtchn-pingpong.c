/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel ping-pong inside dom0 through /dev/xen/evtchn.
 *
 * Two handles of the device hold the two ends of one interdomain channel
 * that dom0 connects to itself: end A is bound unbound-port style
 * (IOCTL_EVTCHN_BIND_UNBOUND_PORT, remote = dom0) and end B binds to it
 * (IOCTL_EVTCHN_BIND_INTERDOMAIN).  Each round A notifies B, B reads its
 * port and notifies A back, A reads: no notification may be lost (each
 * round waits at most a second for its event) and every event read is
 * counted.  Events may come more often than they were sent: binding sets
 * the new end pending once on purpose (in case the remote end was
 * notified while unbound) and Linux may see a spurious upcall; those are
 * reported as "extra".  Prints the mean round trip.
 *
 *   evtchn-pingpong [rounds]        (default 5000 rounds = 10000 sends)
 */
#include "dom0-test.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xen/evtchn.h>

#define WAIT_MS 1000

struct end {
    int fd;
    unsigned int port;
    unsigned long received;
};

static int notify(const struct end *e)
{
    struct ioctl_evtchn_notify n = { .port = e->port };

    return ioctl(e->fd, IOCTL_EVTCHN_NOTIFY, &n);
}

/*
 * Wait for one event on e, count every port the read returns (several
 * pending ports come back in one read), and unmask by writing the port
 * back.  Returns the number of events read, or -1 on a timeout/error.
 */
static int receive(struct end *e, int timeout_ms)
{
    struct pollfd p = { .fd = e->fd, .events = POLLIN };
    uint32_t ports[16];
    ssize_t r;
    int i, n;

    if ( poll(&p, 1, timeout_ms) != 1 )
        return -1;
    r = read(e->fd, ports, sizeof(ports));
    if ( r <= 0 || r % sizeof(ports[0]) )
        return -1;
    n = r / sizeof(ports[0]);
    for ( i = 0; i < n; i++ )
    {
        if ( ports[i] != e->port )
            return -1;
        e->received++;
    }
    if ( write(e->fd, &e->port, sizeof(e->port)) != sizeof(e->port) )
        return -1;
    return n;
}

static int bind_pair(struct end *a, struct end *b)
{
    struct ioctl_evtchn_bind_unbound_port u = { .remote_domain = 0 };
    struct ioctl_evtchn_bind_interdomain i = { .remote_domain = 0 };
    int r;

    r = ioctl(a->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u);
    if ( r < 0 )
        return fail("BIND_UNBOUND_PORT: %s", strerror(errno));
    a->port = r;
    i.remote_port = a->port;
    r = ioctl(b->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &i);
    if ( r < 0 )
        return fail("BIND_INTERDOMAIN to port %u: %s", a->port,
                    strerror(errno));
    b->port = r;
    return 0;
}

/* One round: A -> B -> A.  Returns 0 or a failure verdict. */
static int round_trip(struct end *a, struct end *b, unsigned long i)
{
    if ( notify(a) < 0 )
        return fail("notify A at round %lu: %s", i, strerror(errno));
    if ( receive(b, WAIT_MS) < 1 )
        return fail("B lost the event of round %lu", i);
    if ( notify(b) < 0 )
        return fail("notify B at round %lu: %s", i, strerror(errno));
    if ( receive(a, WAIT_MS) < 1 )
        return fail("A lost the event of round %lu", i);
    return 0;
}

int main(int argc, char **argv)
{
    struct end a = { .fd = -1 }, b = { .fd = -1 };
    unsigned long rounds = argc > 1 ? strtoul(argv[1], NULL, 0) : 5000;
    unsigned long i, extra;
    double t0, t;

    test_name = "evtchn-pingpong";
    a.fd = open_xen_dev("evtchn");
    b.fd = open_xen_dev("evtchn");
    if ( a.fd < 0 || b.fd < 0 )
        return fail("open evtchn: %s", strerror(errno));
    if ( bind_pair(&a, &b) )
        return 1;

    t0 = now_us();
    for ( i = 0; i < rounds; i++ )
        if ( round_trip(&a, &b, i) )
            return 1;
    t = now_us() - t0;

    /* Collect late events, so that every one is counted. */
    while ( receive(&a, 200) > 0 || receive(&b, 200) > 0 )
        continue;
    if ( a.received < rounds || b.received < rounds )
        return fail("received A=%lu B=%lu of %lu", a.received, b.received,
                    rounds);
    extra = a.received + b.received - 2 * rounds;

    printf("evtchn-pingpong: ports %u<->%u, %lu round trips in %.0f ms\n",
           a.port, b.port, rounds, t / 1000);
    return pass("sent=%lu received=%lu extra=%lu rtt_us=%.1f", 2 * rounds,
                a.received + b.received, extra, t / rounds);
}
