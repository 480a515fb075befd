/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenevtchn: event channels for dom0 user space through /dev/xen/evtchn,
 * with Xen 4.17's API and soname (libxenevtchn.so.1).  A port that fires
 * is read back with xenevtchn_pending() and must be unmasked again with
 * xenevtchn_unmask() before it can fire a second time.
 */
#ifndef XENEVTCHN_H
#define XENEVTCHN_H

#include <stdint.h>
#include <xen/event_channel.h>

/* A port number, or -1 with errno set. */
typedef int xenevtchn_port_or_error_t;

typedef struct xenevtchn_handle xenevtchn_handle;
struct xentoollog_logger;

/* Keep the descriptor open across exec (default: close-on-exec). */
#define XENEVTCHN_NO_CLOEXEC (1 << 0)

xenevtchn_handle *xenevtchn_open(struct xentoollog_logger *logger,
                                 unsigned int flags);
/* Wraps an already open /dev/xen/evtchn descriptor (closed by _close). */
xenevtchn_handle *xenevtchn_fdopen(struct xentoollog_logger *logger,
                                   int fd, unsigned int open_flags);
int xenevtchn_close(xenevtchn_handle *xce);
int xenevtchn_fd(xenevtchn_handle *xce);

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port);
xenevtchn_port_or_error_t
xenevtchn_bind_unbound_port(xenevtchn_handle *xce, uint32_t domid);
xenevtchn_port_or_error_t
xenevtchn_bind_interdomain(xenevtchn_handle *xce, uint32_t domid,
                           evtchn_port_t remote_port);
xenevtchn_port_or_error_t
xenevtchn_bind_virq(xenevtchn_handle *xce, unsigned int virq);
int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port);

/* The next port that fired (blocks unless the fd is non-blocking). */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce);
int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port);

/* From now on this handle binds interdomain ports of domid only. */
int xenevtchn_restrict(xenevtchn_handle *xce, domid_t domid);

#endif /* XENEVTCHN_H */
