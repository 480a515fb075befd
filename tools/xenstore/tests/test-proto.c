/* SPDX-License-Identifier: GPL-2.0-only */
/* The wire protocol: framing, malformed requests, watches, domains. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "platform.h"

TEST(unknown_and_reply_only_types)
{
    struct conn *c = tconn(0, true);

    EXPECT(treq(c, 20, 0, "", 1, NULL) == ENOSYS);
    EXPECT(treq(c, XS_TYPE_COUNT, 0, "", 1, NULL) == ENOSYS);
    EXPECT(treq(c, 0xffffffffu, 0, "", 1, NULL) == ENOSYS);
    EXPECT(treq(c, XS_WATCH_EVENT, 0, "a\0b", 4, NULL) == ENOSYS);
    EXPECT(treq(c, XS_ERROR, 0, "EINVAL", 7, NULL) == ENOSYS);
}

TEST(reply_echoes_ids)
{
    struct conn *c = tconn(0, true);
    struct xsd_sockmsg h = { XS_READ, 0xabcdef, 0, 6 };
    struct tmsg m;

    conn_feed(c, &h, sizeof(h));
    conn_feed(c, "/tool", 6);
    EXPECT(tpop(c, &m));
    EXPECT(m.hdr.type == XS_READ && m.hdr.req_id == 0xabcdef);
    h.tx_id = 42;
    conn_feed(c, &h, sizeof(h));
    conn_feed(c, "/tool", 6);
    EXPECT(tpop(c, &m));
    EXPECT(m.hdr.type == XS_ERROR && m.hdr.req_id == 0xabcdef &&
           m.hdr.tx_id == 42 && !strcmp(m.body, "ENOENT"));
}

TEST(malformed_arguments)
{
    struct conn *c = tconn(0, true);

    EXPECT(treq(c, XS_READ, 0, "/tool", 5, NULL) == EINVAL);     /* no NUL */
    EXPECT(treq(c, XS_READ, 0, "", 0, NULL) == EINVAL);
    EXPECT(treq(c, XS_READ, 0, "/tool\0/x", 9, NULL) == EINVAL);
    EXPECT(treq(c, XS_WRITE, 0, "/a", 2, NULL) == EINVAL);
    EXPECT(treq(c, XS_WATCH, 0, "/a", 3, NULL) == EINVAL);
    EXPECT(treq(c, XS_WATCH, 0, "/a\0t\0x", 7, NULL) == EINVAL);
    EXPECT(treq(c, XS_UNWATCH, 0, "", 0, NULL) == EINVAL);
    EXPECT(treq(c, XS_DIRECTORY_PART, 0, "/", 2, NULL) == EINVAL);
    EXPECT(treq(c, XS_SET_PERMS, 0, "/tool\0", 6, NULL) == EINVAL);
    EXPECT(treq(c, XS_INTRODUCE, 0, "1\0" "2", 4, NULL) == EINVAL);
    EXPECT(treq(c, XS_INTRODUCE, 0, "0\0" "2\0" "3", 6, NULL) == EINVAL);
    EXPECT(treq(c, XS_INTRODUCE, 0, "70000\0" "2\0" "3", 10, NULL) ==
           EINVAL);
    EXPECT(treq(c, XS_RELEASE, 0, "0", 2, NULL) == EINVAL);
    EXPECT(treq(c, XS_RELEASE, 0, "9", 2, NULL) == ENOENT);
    EXPECT(treq(c, XS_CONTROL, 0, "nonsense", 9, NULL) == EINVAL);
    EXPECT(treq(c, XS_GET_DOMAIN_PATH, 0, "", 0, NULL) == EINVAL);
    EXPECT(!c->dead && !c->ignored);
}

TEST(oversized_header_breaks_connection)
{
    struct conn *c = tconn(0, true);
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    EXPECT(!conn_feed(c, &h, sizeof(h)));
    EXPECT(c->ignored);
    EXPECT(tqueued(c) == 0);
}

TEST(max_payload_is_accepted)
{
    struct conn *c = tconn(0, true);
    static char buf[XENSTORE_PAYLOAD_MAX];
    struct tmsg m;

    memset(buf, 'v', sizeof(buf));
    memcpy(buf, "/max", 5);
    EXPECT(treq(c, XS_WRITE, 0, buf, sizeof(buf), NULL) == 0);
    EXPECT(treq(c, XS_READ, 0, "/max", 5, &m) == 0);
    EXPECT(m.hdr.len == XENSTORE_PAYLOAD_MAX - 5);
}

TEST(byte_by_byte_framing)
{
    struct conn *c = tconn(0, true);
    char buf[64];
    struct xsd_sockmsg h = { XS_WRITE, 5, 0, 7 };
    struct tmsg m;
    unsigned int i;

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "/bb\0xyz", 7);
    for ( i = 0; i < sizeof(h) + 7; i++ )
        conn_feed(c, buf + i, 1);
    EXPECT(tpop(c, &m) && m.hdr.type == XS_WRITE && !strcmp(m.body, "OK"));
    EXPECT(tread(c, 0, "/bb", buf) == 0 && !strcmp(buf, "xyz"));
}

TEST(watch_fires_immediately_and_on_changes)
{
    struct conn *c = tconn(0, true), *w = tconn(0, true);
    struct tmsg m;
    char p[256], t[64];

    tsend(w, XS_WATCH, 0, "/w\0tok", 7);
    EXPECT(tpop(w, &m) && m.hdr.type == XS_WATCH);
    EXPECT(tpop(w, &m) && m.hdr.type == XS_WATCH_EVENT &&
           m.hdr.req_id == 0 && !strcmp(m.body, "/w") &&
           !strcmp(m.body + 3, "tok"));
    EXPECT(twrite(c, 0, "/w/a/b", "1") == 0);
    EXPECT(tevent(w, p, t) && !strcmp(p, "/w/a/b"));
    EXPECT(!tevent(w, p, t));
    EXPECT(twrite(c, 0, "/wx", "1") == 0);           /* not a child */
    EXPECT(!tevent(w, p, t));
    EXPECT(tsetperms(c, 0, "/w/a", "n0") == 0);
    EXPECT(tevent(w, p, t) && !strcmp(p, "/w/a"));
    EXPECT(trm(c, 0, "/w") == 0);
    EXPECT(tevent(w, p, t) && !strcmp(p, "/w"));
    EXPECT(treq(w, XS_UNWATCH, 0, "/w\0tok", 7, NULL) == 0);
    EXPECT(twrite(c, 0, "/w", "1") == 0);
    EXPECT(!tevent(w, p, t));
}

TEST(removing_a_parent_fires_exact_watches_below)
{
    struct conn *c = tconn(0, true), *w = tconn(0, true);
    char p[256], t[64];

    EXPECT(twrite(c, 0, "/e/a/b", "1") == 0);
    EXPECT(twatch(w, "/e/a/b", "deep") == 0);
    EXPECT(tevent(w, p, t));
    EXPECT(trm(c, 0, "/e") == 0);
    EXPECT(tevent(w, p, t) && !strcmp(p, "/e/a/b") && !strcmp(t, "deep"));
    EXPECT(!tevent(w, p, t));
}

TEST(relative_watches_give_relative_paths)
{
    struct conn *t = tconn(0, true), *d = tconn(5, false);
    char p[256], tok[64];

    EXPECT(tmkdir(t, 0, "/local/domain/5") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/5", "n5") == 0);
    EXPECT(twatch(d, "device", "dev") == 0);
    EXPECT(tevent(d, p, tok) && !strcmp(p, "device"));
    EXPECT(twrite(t, 0, "/local/domain/5/device/vif", "") == 0);
    EXPECT(tevent(d, p, tok) && !strcmp(p, "device/vif"));
}

TEST(watch_events_respect_read_permission)
{
    struct conn *t = tconn(0, true), *d = tconn(5, false);
    char p[256], tok[64];

    EXPECT(twatch(d, "/priv", "x") == 0);
    tdrain(d);
    EXPECT(twrite(t, 0, "/priv/secret", "1") == 0);
    EXPECT(!tevent(d, p, tok));
    EXPECT(tsetperms(t, 0, "/priv/secret", "n0 r5") == 0);
    EXPECT(tevent(d, p, tok) && !strcmp(p, "/priv/secret"));
}

TEST(duplicate_events_coalesce_and_floods_drop_the_client)
{
    struct conn *t = tconn(0, true), *w = tconn(5, false);
    struct conn *dom0 = tconn(0, true);   /* like dom0's kernel's ring */
    size_t hard = xs_quota.out_hard;
    unsigned int i;
    char v[16];

    EXPECT(tsetperms(t, 0, "/", "r0") == 0);
    EXPECT(twatch(w, "/", "all") == 0);
    EXPECT(twatch(dom0, "/", "all") == 0);
    tdrain(w);
    for ( i = 0; i < 5; i++ )
        EXPECT(twrite(t, 0, "/same", "x") == 0);
    EXPECT(tqueued(w) == 1);
    xs_quota.out_hard = 4096;
    for ( i = 0; i < 1000 && !w->ignored; i++ )
    {
        snprintf(v, sizeof(v), "/f%u", i);
        twrite(t, 0, v, "");
    }
    xs_quota.out_hard = hard;
    EXPECT(w->ignored || w->dead);
    EXPECT(w->nwatches == 0);
    /* dom0's kernel is never dropped: its excess events are. */
    EXPECT(!dom0->ignored && dom0->nwatches == 1);
    EXPECT(dom0->out_bytes <= 4096);
    /* The writer is unaffected. */
    EXPECT(tread(t, 0, "/f0", NULL) == 0);
}

TEST(get_domain_path_and_is_introduced)
{
    struct conn *c = tconn(0, true);
    struct tmsg m;

    EXPECT(treq(c, XS_GET_DOMAIN_PATH, 0, "12", 3, &m) == 0);
    EXPECT_STR(m.body, "/local/domain/12");
    EXPECT(treq(c, XS_IS_DOMAIN_INTRODUCED, 0, "12", 3, &m) == 0);
    EXPECT_STR(m.body, "F");
    EXPECT(treq(c, XS_IS_DOMAIN_INTRODUCED, 0, "32752", 6, &m) == 0);
    EXPECT_STR(m.body, "T");   /* DOMID_SELF */
}

TEST(keep_orphans_gives_nodes_to_dom0)
{
    struct conn *t = tconn(0, true);
    struct tmsg m;

    fake_domain_set(11, true, 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "11\0" "1\0" "3", 7, NULL) == 0);
    EXPECT(tmkdir(t, 0, "/local/domain/11/x") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/11", "n11 r3") == 0);
    xs_keep_orphans = true;
    EXPECT(treq(t, XS_RELEASE, 0, "11", 3, NULL) == 0);
    xs_keep_orphans = false;
    EXPECT(treq(t, XS_GET_PERMS, 0, "/local/domain/11", 17, &m) == 0);
    EXPECT(m.hdr.len == 6 && !memcmp(m.body, "n0\0r3", 6));
    EXPECT(store_count(11) == 0);
    fake_domain_set(11, false, 0);
}
