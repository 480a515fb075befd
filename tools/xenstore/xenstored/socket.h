/* SPDX-License-Identifier: GPL-2.0-only */
/* The Unix socket transport of xenstored (socket.c). */
#ifndef XENSTORED_SOCKET_H
#define XENSTORED_SOCKET_H

/* Listening socket at path (directories made, old file replaced); -1. */
int socket_listen(const char *path);
/* Make legacy (e.g. /var/run/xenstored/socket) point at path. */
void socket_legacy_link(const char *path, const char *legacy);
/* Accept pending clients as privileged connections. */
void socket_accept(int lfd);

#endif /* XENSTORED_SOCKET_H */
