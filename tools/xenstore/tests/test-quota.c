/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-domain quotas, with Xen 4.17's defaults. */
#include <errno.h>
#include <stdio.h>

#include "harness.h"

/* A domain with its home made and owned, as the toolstack does. */
static struct conn *home_domain(struct conn *t, unsigned int domid)
{
    char path[32];

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    tmkdir(t, 0, path);
    tsetperms(t, 0, path, domid == 5 ? "n5" : "n6");
    return tconn(domid, false);
}

TEST(defaults_are_xens)
{
    EXPECT(xs_quota.nodes == 1000);
    EXPECT(xs_quota.watches == 128);
    EXPECT(xs_quota.transactions == 10);
    EXPECT(xs_quota.entry_size == 2048);
    EXPECT(xs_quota.perms == 5);
    EXPECT(xs_quota.trans_nodes == 1024);
    EXPECT(xs_quota.path_len == 2048);
    EXPECT(xs_quota.outstanding == 20);
}

TEST(node_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    char path[64];
    unsigned int i, ok = 0;

    /* 50 per directory: a directory's record is limited too. */
    for ( i = 0; i < 1100; i++ )
    {
        snprintf(path, sizeof(path), "n%u/%u", i / 50, i % 50);
        if ( twrite(d, 0, path, "") == 0 )
            ok++;
    }
    /* home + 20 directories + 979 leaves: 1000 owned in all. */
    EXPECT(store_count(5) == 1000);
    EXPECT(ok == 979);
    EXPECT(twrite(d, 0, "n0/extra", "") == ENOSPC);
    /* Others are not affected; freeing nodes gives room again. */
    EXPECT(twrite(t, 0, "/other", "") == 0);
    EXPECT(trm(d, 0, "n0/0") == 0);
    EXPECT(twrite(d, 0, "n0/extra", "") == 0);
}

TEST(entry_size_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    static char big[4000];

    memset(big, 'v', 3000);
    big[3000] = '\0';
    EXPECT(twrite(d, 0, "big", big) == ENOSPC);
    big[1900] = '\0';
    EXPECT(twrite(d, 0, "big", big) == 0);
    big[1900] = 'v';
    big[2040] = '\0';
    EXPECT(twrite(d, 0, "big", big) == ENOSPC);
    /* Privileged writers are not limited. */
    big[3000] = '\0';
    big[2040] = 'v';
    EXPECT(twrite(t, 0, "/local/domain/5/big", big) == 0);
}

TEST(watch_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    char tok[16];
    unsigned int i, ok = 0;

    for ( i = 0; i < 200; i++ )
    {
        snprintf(tok, sizeof(tok), "t%u", i);
        if ( twatch(d, "/local/domain/5", tok) == 0 )
            ok++;
    }
    EXPECT(ok == 128);
    EXPECT(twatch(d, "/local/domain/5", "t0") == EEXIST);
    EXPECT(treq(d, XS_UNWATCH, 0, "/local/domain/5\0t0", 19, NULL) == 0);
    EXPECT(twatch(d, "/local/domain/5", "again") == 0);
    EXPECT(treq(d, XS_UNWATCH, 0, "/local/domain/5\0t0", 19, NULL) == ENOENT);
    EXPECT(treq(d, XS_RESET_WATCHES, 0, "", 1, NULL) == 0);
    EXPECT(d->nwatches == 0);
}

TEST(transaction_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    uint32_t tx;
    unsigned int i, ok = 0;

    for ( i = 0; i < 15; i++ )
        if ( ttxstart(d, &tx) == 0 )
            ok++;
    EXPECT(ok == 10);
    EXPECT(ttxend(d, tx, false) == 0);
    EXPECT(ttxstart(d, &tx) == 0);
    EXPECT(ttxstart(d, &tx) == ENOSPC);
}

TEST(transaction_node_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    char path[64];
    unsigned int i;
    uint32_t tx;
    int rc = 0;

    tmkdir(t, 0, "/q");
    tsetperms(t, 0, "/q", "r0");
    for ( i = 0; i < 1100; i++ )
    {
        snprintf(path, sizeof(path), "/q/%u", i);
        twrite(t, 0, path, "");
    }
    EXPECT(ttxstart(d, &tx) == 0);
    for ( i = 0; i < 1100 && !rc; i++ )
    {
        snprintf(path, sizeof(path), "/q/%u", i);
        rc = tread(d, tx, path, NULL);
    }
    EXPECT(rc == ENOSPC);
    EXPECT(i == 1025);
}

TEST(perms_per_node_quota)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);

    EXPECT(tsetperms(d, 0, "/local/domain/5", "n5 r1 r2 r3 r4") == 0);
    EXPECT(tsetperms(d, 0, "/local/domain/5", "n5 r1 r2 r3 r4 r6") == ENOSPC);
    EXPECT(tsetperms(t, 0, "/local/domain/5", "n5 r1 r2 r3 r4 r6") == 0);
}

TEST(outstanding_replies_stop_reading)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    struct xsd_sockmsg h = { XS_READ, 1, 0, 16 };
    char buf[32 * (sizeof(h) + 16)];
    unsigned int i;

    for ( i = 0; i < 32; i++ )
    {
        memcpy(buf + i * (sizeof(h) + 16), &h, sizeof(h));
        memcpy(buf + i * (sizeof(h) + 16) + sizeof(h), "/local/domain/5",
               16);
    }
    /* The main loop's path: buffered input, framed while we may. */
    memcpy(d->rbuf, buf, sizeof(buf));
    d->rlen = sizeof(buf);
    d->roff = 0;
    conn_handle_input(d, 100);
    EXPECT(tqueued(d) == 20);
    EXPECT(!conn_wants_input(d));
    tdrain(d);
    EXPECT(conn_wants_input(d));
    conn_handle_input(d, 100);
    EXPECT(tqueued(d) == 12);
}

TEST(memory_quota_bounds_transaction_copies)
{
    struct conn *t = tconn(0, true), *d = home_domain(t, 5);
    static char big[1901];
    char path[64];
    unsigned int i, n2 = 0;
    uint32_t tx1, tx2;
    int rc = 0;

    memset(big, 'b', 1900);
    tmkdir(t, 0, "/m");
    tsetperms(t, 0, "/m", "r0");
    for ( i = 0; i < 2000; i++ )
    {
        snprintf(path, sizeof(path), "/m/%u", i);
        twrite(t, 0, path, big);
    }
    EXPECT(ttxstart(d, &tx1) == 0 && ttxstart(d, &tx2) == 0);
    for ( i = 0; i < 1000; i++ )
    {
        snprintf(path, sizeof(path), "/m/%u", i);
        EXPECT(tread(d, tx1, path, NULL) == 0);
    }
    for ( i = 1000; i < 2000 && !rc; i++, n2++ )
    {
        snprintf(path, sizeof(path), "/m/%u", i);
        rc = tread(d, tx2, path, NULL);
    }
    EXPECT(rc == ENOMEM);
    EXPECT(n2 > 200 && n2 < 400);
    EXPECT(d->txn_bytes <= xs_quota.memory);
    EXPECT(ttxend(d, tx1, false) == 0 && ttxend(d, tx2, false) == 0);
    EXPECT(d->txn_bytes == 0);
}
