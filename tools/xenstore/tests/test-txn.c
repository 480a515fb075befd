/* SPDX-License-Identifier: GPL-2.0-only */
/* Transactions: isolation, commit, conflicts (EAGAIN), abort, watches. */
#include <errno.h>
#include <stdio.h>

#include "harness.h"

TEST(isolation_until_commit)
{
    struct conn *a = tconn(0, true), *b = tconn(0, true);
    uint32_t tx;
    char v[16];

    EXPECT(twrite(a, 0, "/t/x", "old") == 0);
    EXPECT(ttxstart(a, &tx) == 0 && tx != 0);
    EXPECT(twrite(a, tx, "/t/x", "new") == 0);
    EXPECT(twrite(a, tx, "/t/y/z", "made") == 0);
    EXPECT(tread(a, tx, "/t/x", v) == 0 && !strcmp(v, "new"));
    EXPECT(tread(b, 0, "/t/x", v) == 0 && !strcmp(v, "old"));
    EXPECT(tread(b, 0, "/t/y/z", v) == ENOENT);
    EXPECT(ttxend(a, tx, true) == 0);
    EXPECT(tread(b, 0, "/t/x", v) == 0 && !strcmp(v, "new"));
    EXPECT(tread(b, 0, "/t/y/z", v) == 0 && !strcmp(v, "made"));
    EXPECT(ttxend(a, tx, true) == ENOENT);
}

TEST(conflict_gives_eagain)
{
    struct conn *a = tconn(0, true), *b = tconn(0, true);
    uint32_t tx;
    char v[16];

    EXPECT(twrite(a, 0, "/c/x", "0") == 0);
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(tread(a, tx, "/c/x", v) == 0);
    EXPECT(twrite(a, tx, "/c/y", "from-tx") == 0);
    EXPECT(twrite(b, 0, "/c/x", "1") == 0);
    EXPECT(ttxend(a, tx, true) == EAGAIN);
    EXPECT(tread(b, 0, "/c/y", v) == ENOENT);
    /* Retry succeeds. */
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(tread(a, tx, "/c/x", v) == 0 && !strcmp(v, "1"));
    EXPECT(twrite(a, tx, "/c/y", "from-tx") == 0);
    EXPECT(ttxend(a, tx, true) == 0);
    EXPECT(tread(b, 0, "/c/y", v) == 0);
}

TEST(unrelated_writes_do_not_conflict)
{
    struct conn *a = tconn(0, true), *b = tconn(0, true);
    uint32_t tx;

    EXPECT(twrite(a, 0, "/u/x", "0") == 0);
    EXPECT(twrite(a, 0, "/v", "0") == 0);
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(twrite(a, tx, "/u/x", "1") == 0);
    EXPECT(twrite(b, 0, "/v", "1") == 0);
    EXPECT(ttxend(a, tx, true) == 0);
}

TEST(conflicting_delete_and_create)
{
    struct conn *a = tconn(0, true), *b = tconn(0, true);
    uint32_t tx;

    EXPECT(twrite(a, 0, "/d/x", "0") == 0);
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(tread(a, tx, "/d/x", NULL) == 0);
    EXPECT(trm(b, 0, "/d/x") == 0);
    EXPECT(ttxend(a, tx, true) == EAGAIN);
    /* A node the transaction saw as absent, created outside. */
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(tread(a, tx, "/d/new", NULL) == ENOENT);
    EXPECT(twrite(b, 0, "/d/new", "b") == 0);
    EXPECT(ttxend(a, tx, true) == EAGAIN);
}

TEST(abort_discards)
{
    struct conn *a = tconn(0, true);
    uint32_t tx;

    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(twrite(a, tx, "/ab/x", "1") == 0);
    EXPECT(trm(a, tx, "/tool") == 0);
    EXPECT(ttxend(a, tx, false) == 0);
    EXPECT(tread(a, 0, "/ab/x", NULL) == ENOENT);
    EXPECT(tread(a, 0, "/tool/xenstored", NULL) == 0);
    EXPECT(a->ntxns == 0);
}

TEST(rm_inside_transaction)
{
    struct conn *a = tconn(0, true);
    uint32_t tx;
    struct tmsg m;

    EXPECT(twrite(a, 0, "/rt/a/b", "1") == 0);
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(trm(a, tx, "/rt/a") == 0);
    EXPECT(tread(a, tx, "/rt/a/b", NULL) == ENOENT);
    EXPECT(tread(a, 0, "/rt/a/b", NULL) == 0);
    EXPECT(ttxend(a, tx, true) == 0);
    EXPECT(tread(a, 0, "/rt/a/b", NULL) == ENOENT);
    EXPECT(treq(a, XS_DIRECTORY, 0, "/rt", 4, &m) == 0 && m.hdr.len == 0);
    EXPECT(treq(a, XS_CONTROL, 0, "check", 6, &m) == 0);
    EXPECT_STR(m.body, "OK");
}

TEST(watches_fire_at_commit_only)
{
    struct conn *a = tconn(0, true), *w = tconn(0, true);
    char p[64], tok[64];
    uint32_t tx;

    EXPECT(twatch(w, "/wt", "tok") == 0);
    EXPECT(tevent(w, p, tok) && !strcmp(p, "/wt"));   /* the initial one */
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(twrite(a, tx, "/wt/x", "1") == 0);
    EXPECT(!tevent(w, p, tok));
    EXPECT(ttxend(a, tx, true) == 0);
    EXPECT(tevent(w, p, tok) && !strcmp(p, "/wt/x") && !strcmp(tok, "tok"));
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(twrite(a, tx, "/wt/y", "1") == 0);
    EXPECT(ttxend(a, tx, false) == 0);
    EXPECT(!tevent(w, p, tok));
}

TEST(bad_transaction_requests)
{
    struct conn *a = tconn(0, true);
    uint32_t tx;

    EXPECT(tread(a, 77, "/tool", NULL) == ENOENT);
    EXPECT(ttxstart(a, &tx) == 0);
    EXPECT(treq(a, XS_TRANSACTION_START, tx, "", 1, NULL) == EBUSY);
    EXPECT(treq(a, XS_TRANSACTION_END, tx, "X", 2, NULL) == EINVAL);
    EXPECT(treq(a, XS_TRANSACTION_END, 0, "T", 2, NULL) == ENOENT);
    /* A watch ignores tx_id. */
    EXPECT(treq(a, XS_WATCH, 999, "/x\0t", 5, NULL) == 0);
}

TEST(counts_follow_commit)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false);
    uint32_t tx;

    EXPECT(tmkdir(t, 0, "/local/domain/5") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/5", "n5") == 0);
    EXPECT(store_count(5) == 1);
    EXPECT(ttxstart(d5, &tx) == 0);
    EXPECT(twrite(d5, tx, "data/a", "1") == 0);
    EXPECT(store_count(5) == 1);
    EXPECT(ttxend(d5, tx, true) == 0);
    EXPECT(store_count(5) == 3);
    EXPECT(ttxstart(d5, &tx) == 0);
    EXPECT(trm(d5, tx, "data") == 0);
    EXPECT(ttxend(d5, tx, true) == 0);
    EXPECT(store_count(5) == 1);
}

TEST(commit_that_overflows_the_committer)
{
    struct conn *c = tconn(0, true);
    size_t hard = xs_quota.out_hard;
    char path[32];
    unsigned int i;
    uint32_t tx;

    c->fd = 1000;   /* a socket: dropped, not idled, on overflow */
    EXPECT(twatch(c, "/", "all") == 0);
    tdrain(c);
    EXPECT(ttxstart(c, &tx) == 0);
    for ( i = 0; i < 100; i++ )
    {
        snprintf(path, sizeof(path), "/ov/%u", i);
        EXPECT(twrite(c, tx, path, "") == 0);
    }
    xs_quota.out_hard = 1024;
    tsend(c, XS_TRANSACTION_END, tx, "T", 2);
    xs_quota.out_hard = hard;
    EXPECT(c->dead);
    EXPECT(tree_lookup("/ov/99") != NULL);   /* the commit happened */
}
