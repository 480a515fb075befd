/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenevtchn over Linux's /dev/xen/evtchn: binds are ioctls returning
 * the local port; a fired port is read() from the device as an
 * evtchn_port_t, and written back to unmask it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenevtchn.h>
#include "linux-xen-ioctl.h"
#include "xtl-private.h"

struct xenevtchn_handle {
    int fd;
    xentoollog_logger *logger;
};

xenevtchn_handle *xenevtchn_fdopen(xentoollog_logger *logger, int fd,
                                   unsigned int open_flags)
{
    xenevtchn_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->fd = fd;
    h->logger = logger;
    return h;
}

xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger,
                                 unsigned int flags)
{
    int oflags = O_RDWR | ((flags & XENEVTCHN_NO_CLOEXEC) ? 0 : O_CLOEXEC);
    int fd = xtl_open_device(logger, "xenevtchn", "/dev/xen/evtchn",
                             oflags);
    xenevtchn_handle *h;

    if ( fd < 0 )
        return NULL;
    h = xenevtchn_fdopen(logger, fd, flags);
    if ( !h )
        close(fd);
    return h;
}

int xenevtchn_close(xenevtchn_handle *h)
{
    if ( !h )
        return 0;
    close(h->fd);
    free(h);
    return 0;
}

int xenevtchn_fd(xenevtchn_handle *h)
{
    return h->fd;
}

int xenevtchn_notify(xenevtchn_handle *h, evtchn_port_t port)
{
    struct ioctl_evtchn_port arg = { .port = port };

    return ioctl(h->fd, IOCTL_EVTCHN_NOTIFY, &arg);
}

xenevtchn_port_or_error_t
xenevtchn_bind_unbound_port(xenevtchn_handle *h, uint32_t domid)
{
    struct ioctl_evtchn_bind_unbound_port arg = { .remote_domain = domid };

    return ioctl(h->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &arg);
}

xenevtchn_port_or_error_t
xenevtchn_bind_interdomain(xenevtchn_handle *h, uint32_t domid,
                           evtchn_port_t remote_port)
{
    struct ioctl_evtchn_bind_interdomain arg = {
        .remote_domain = domid, .remote_port = remote_port,
    };

    return ioctl(h->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &arg);
}

xenevtchn_port_or_error_t
xenevtchn_bind_virq(xenevtchn_handle *h, unsigned int virq)
{
    struct ioctl_evtchn_bind_virq arg = { .virq = virq };

    return ioctl(h->fd, IOCTL_EVTCHN_BIND_VIRQ, &arg);
}

int xenevtchn_unbind(xenevtchn_handle *h, evtchn_port_t port)
{
    struct ioctl_evtchn_port arg = { .port = port };

    return ioctl(h->fd, IOCTL_EVTCHN_UNBIND, &arg);
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *h)
{
    evtchn_port_t port;
    ssize_t r = read(h->fd, &port, sizeof(port));

    if ( r < 0 )
        return -1;
    if ( r != sizeof(port) )
    {
        errno = EIO;
        return -1;
    }
    return port;
}

int xenevtchn_unmask(xenevtchn_handle *h, evtchn_port_t port)
{
    ssize_t r = write(h->fd, &port, sizeof(port));

    if ( r < 0 )
        return -1;
    if ( r != sizeof(port) )
    {
        errno = EIO;
        return -1;
    }
    return 0;
}

int xenevtchn_restrict(xenevtchn_handle *h, domid_t domid)
{
    struct ioctl_evtchn_restrict_domid arg = { .domid = domid };

    return ioctl(h->fd, IOCTL_EVTCHN_RESTRICT_DOMID, &arg);
}
