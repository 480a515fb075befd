/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live migration (docs/save-restore.md): xend's relocation server, which
 * receives domains on TCP (Xen 3's xend-relocation-server, port 8002,
 * with xend-relocation-hosts-allow), and the sending side of
 * xend.domain.migrate (xend-migrate.c).
 *
 * The stream on the connection is a save image (xend-stream.h); once the
 * domain runs on the receiver, it answers one line: "ok <domid>\n", or
 * "error <why>\n" after undoing everything.
 */
#ifndef XEND_RELOCATE_PRIVATE_H
#define XEND_RELOCATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uuid/uuid.h>

#define XEND_RELOCATION_PORT    8002
#define XEND_RELOCATION_ALLOW   "^localhost$ ^127\\.0\\.0\\.1$"

/*
 * A migration this xend is sending: an incoming domain with this uuid is
 * the same guest coming back to this host (localhost migration), so its
 * name and uuid may be taken; its new id is kept for the sender.
 */
struct xend_incoming {
    bool active, received;
    uuid_t uuid;
    uint32_t domid;
};
extern struct xend_incoming xend_incoming;

/* The relocation server's socket while xend serves, else -1. */
extern int xend_relocation_fd;

/* The listening socket (port, every address), or -1 with a log line. */
int xend_relocation_listen(int port);
/* One connection on it: checked, received, answered, closed. */
void xend_relocation_accept(int listen_fd);
/* At start: destroy what a xend killed while receiving left. */
void xend_relocation_cleanup(void);
/*
 * One line from the peer (its newline dropped) within secs; -1 with why
 * not in line ("timed out after N s", the connection's error, or "the
 * connection was closed").
 */
int xend_relocation_read_line(int fd, char *line, size_t len, int secs);
/* A connection to or from a peer: ended when the peer is gone. */
void xend_relocation_watch_peer(int fd);
/* The peer's address allowed by the space-separated regexes? */
bool xend_relocation_allowed(const char *patterns, const char *addr);

#endif /* XEND_RELOCATE_PRIVATE_H */
