/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test harness for xenstored's unit tests: TEST() registers a check
 * function; EXPECT() records a pass or a failure (printed with file and
 * line).  main() (harness.c) runs every test on a fresh store and prints
 * "RESULT <passed> <failed>", which run-tests.sh adds up.
 *
 * The helpers talk to the real protocol code through in-memory
 * connections: tsend() feeds a message as if read from the client,
 * tpop() takes the oldest queued message the daemon sent it.
 */
#ifndef XS_TEST_HARNESS_H
#define XS_TEST_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

typedef void (*test_fn_t)(void);
void test_register(const char *name, test_fn_t fn);
bool test_check(bool ok, const char *expr, const char *file, int line);

#define TEST(name)                                                    \
    static void name(void);                                           \
    __attribute__((constructor)) static void register_##name(void)    \
    {                                                                 \
        test_register(#name, name);                                   \
    }                                                                 \
    static void name(void)

#define EXPECT(c) test_check(!!(c), #c, __FILE__, __LINE__)
#define EXPECT_STR(a, b) test_check(!strcmp((a), (b)), #a " == " #b, \
                                    __FILE__, __LINE__)

/* A message the daemon queued for a test connection. */
struct tmsg {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];   /* NUL-terminated */
};

/* An in-memory connection for domid (privileged: dom0's tools). */
struct conn *tconn(unsigned int domid, bool privileged);
/* Feed one message; payload of len bytes. */
void tsend(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
           unsigned int len);
/* Oldest queued message; false if none. */
bool tpop(struct conn *c, struct tmsg *m);
/* Drop everything queued for c. */
void tdrain(struct conn *c);
unsigned int tqueued(const struct conn *c);

/*
 * Request/reply helpers: each sends, pops the reply, and returns 0 or the
 * errno named by an XS_ERROR reply (-1 for anything else unexpected).
 * Watch events queued before the reply are skipped (and counted in
 * t_events_skipped).
 */
extern unsigned int t_events_skipped;
int treq(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
         unsigned int len, struct tmsg *reply);
int twrite(struct conn *c, uint32_t tx, const char *path, const char *val);
int tread(struct conn *c, uint32_t tx, const char *path, char *val);
int tmkdir(struct conn *c, uint32_t tx, const char *path);
int trm(struct conn *c, uint32_t tx, const char *path);
int tsetperms(struct conn *c, uint32_t tx, const char *path,
              const char *perms /* space-separated */);
int twatch(struct conn *c, const char *path, const char *token);
int ttxstart(struct conn *c, uint32_t *tx);
int ttxend(struct conn *c, uint32_t tx, bool commit);
/* Next watch event queued on c: path and token; false if none. */
bool tevent(struct conn *c, char *path, char *token);

/* Fake hypervisor (fake-platform.c). */
extern const struct xs_platform xs_platform_fake;
/* Ring page of domid as the fake mapped it (NULL if none). */
struct xenstore_domain_interface *fake_ring(unsigned int domid);
/* Make domid exist (or not) with XS_DOMSTATE_* flags. */
void fake_domain_set(unsigned int domid, bool exists, unsigned int flags);
unsigned int fake_notifications(void);
int fake_port_of(unsigned int domid);
/* VIRQ_DOM_EXC is pending (domain_handle_events() will see it). */
void fake_raise_virq(void);

#endif /* XS_TEST_HARNESS_H */
