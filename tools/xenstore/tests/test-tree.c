/* SPDX-License-Identifier: GPL-2.0-only */
/* The tree: read, write, mkdir, rm, directory, paths, generations. */
#include <errno.h>

#include "harness.h"

TEST(write_creates_parents)
{
    struct conn *c = tconn(0, true);
    char v[64];
    struct tmsg m;

    EXPECT(twrite(c, 0, "/a/b/c", "v1") == 0);
    EXPECT(tread(c, 0, "/a/b/c", v) == 0 && !strcmp(v, "v1"));
    EXPECT(tread(c, 0, "/a/b", v) == 0 && !strcmp(v, ""));
    EXPECT(treq(c, XS_DIRECTORY, 0, "/a", 3, &m) == 0);
    EXPECT(m.hdr.len == 2 && !memcmp(m.body, "b", 2));
    EXPECT(treq(c, XS_DIRECTORY, 0, "/", 2, &m) == 0);
    EXPECT(m.hdr.len == 7 && !memcmp(m.body, "tool\0a", 7));
}

TEST(overwrite_and_binary_values)
{
    struct conn *c = tconn(0, true);
    const char bin[] = "/x\0a\0b\0";
    struct tmsg m;

    EXPECT(treq(c, XS_WRITE, 0, bin, sizeof(bin) - 1, NULL) == 0);
    EXPECT(treq(c, XS_READ, 0, "/x", 3, &m) == 0);
    EXPECT(m.hdr.len == 4 && !memcmp(m.body, "a\0b\0", 4));
    EXPECT(twrite(c, 0, "/x", "") == 0);
    EXPECT(treq(c, XS_READ, 0, "/x", 3, &m) == 0 && m.hdr.len == 0);
}

TEST(mkdir_keeps_values)
{
    struct conn *c = tconn(0, true);
    char v[16];

    EXPECT(twrite(c, 0, "/m", "keep") == 0);
    EXPECT(tmkdir(c, 0, "/m") == 0);
    EXPECT(tread(c, 0, "/m", v) == 0 && !strcmp(v, "keep"));
    EXPECT(tmkdir(c, 0, "/m/n/o") == 0);
    EXPECT(tread(c, 0, "/m/n/o", v) == 0 && !strcmp(v, ""));
}

TEST(rm_subtree_and_missing)
{
    struct conn *c = tconn(0, true);
    struct tmsg m;

    EXPECT(twrite(c, 0, "/r/a/b", "1") == 0);
    EXPECT(twrite(c, 0, "/r/a/c", "2") == 0);
    EXPECT(twrite(c, 0, "/r/d", "3") == 0);
    EXPECT(trm(c, 0, "/r/a") == 0);
    EXPECT(tread(c, 0, "/r/a/b", NULL) == ENOENT);
    EXPECT(tread(c, 0, "/r/a", NULL) == ENOENT);
    EXPECT(treq(c, XS_DIRECTORY, 0, "/r", 3, &m) == 0 &&
           !strcmp(m.body, "d"));
    /* Missing node with an existing parent: fine; no parent: ENOENT. */
    EXPECT(trm(c, 0, "/r/zz") == 0);
    EXPECT(trm(c, 0, "/q/zz") == ENOENT);
    EXPECT(trm(c, 0, "/") == EINVAL);
    EXPECT(tree_count() == 5);   /* /, /tool, /tool/xenstored, /r, /r/d */
}

TEST(invalid_paths)
{
    struct conn *c = tconn(0, true);
    char longp[XENSTORE_ABS_PATH_MAX + 64];

    EXPECT(twrite(c, 0, "/a//b", "x") == EINVAL);
    EXPECT(twrite(c, 0, "/a/", "x") == EINVAL);
    EXPECT(twrite(c, 0, "/a b", "x") == EINVAL);
    EXPECT(twrite(c, 0, "/a\xff", "x") == EINVAL);
    EXPECT(tread(c, 0, "", NULL) == EINVAL);
    EXPECT(twrite(c, 0, "@releaseDomain", "x") == EINVAL);
    EXPECT(tread(c, 0, "@introduceDomain", NULL) == EINVAL);
    memset(longp, 'a', sizeof(longp));
    longp[0] = '/';
    longp[2050] = '\0';
    EXPECT(twrite(c, 0, longp, "x") == EINVAL);
    longp[2048] = '\0';
    EXPECT(twrite(c, 0, longp, "x") == 0);
    /* Below a domain's home the limit counts from the home. */
    memcpy(longp, "/local/domain/7/", 16);
    longp[2064] = '\0';
    EXPECT(twrite(c, 0, longp, "x") == 0);
}

TEST(relative_paths_are_under_home)
{
    struct conn *d = tconn(0, true);
    char v[16];

    EXPECT(twrite(d, 0, "rel/x", "1") == 0);
    EXPECT(tread(d, 0, "/local/domain/0/rel/x", v) == 0 && !strcmp(v, "1"));
}

TEST(directory_part_pages_large_lists)
{
    struct conn *c = tconn(0, true);
    char path[64], buf[64], all[65536];
    unsigned int i, off = 0, total = 0;
    struct tmsg m;
    int l;

    for ( i = 0; i < 400; i++ )
    {
        snprintf(path, sizeof(path), "/big/child-with-a-long-name-%04u", i);
        EXPECT(twrite(c, 0, path, "") == 0);
        total += strlen(path) - 5 + 1;
    }
    EXPECT(treq(c, XS_DIRECTORY, 0, "/big", 5, &m) == E2BIG);
    for ( ;; )
    {
        l = snprintf(buf, sizeof(buf), "/big%c%u", 0, off) + 1;
        if ( !EXPECT(treq(c, XS_DIRECTORY_PART, 0, buf, l, &m) == 0) )
            break;
        l = strlen(m.body) + 1;
        memcpy(all + off, m.body + l, m.hdr.len - l);
        if ( m.hdr.len - l >= 1 && m.body[m.hdr.len - 1] == 0 &&
             (m.hdr.len - l == 1 || m.body[m.hdr.len - 2] == 0) )
        {
            off += m.hdr.len - l - 1;
            break;
        }
        off += m.hdr.len - l;
    }
    EXPECT(off == total);
    EXPECT(!strcmp(all, "child-with-a-long-name-0000"));
}

TEST(generation_changes_on_write)
{
    struct conn *c = tconn(0, true);
    uint64_t g;

    EXPECT(twrite(c, 0, "/g", "1") == 0);
    g = tree_lookup("/g")->gen;
    EXPECT(twrite(c, 0, "/g", "2") == 0);
    EXPECT(tree_lookup("/g")->gen > g);
}

TEST(store_stays_consistent)
{
    struct conn *c = tconn(0, true);
    struct tmsg m;

    EXPECT(twrite(c, 0, "/s/a/b", "1") == 0);
    EXPECT(trm(c, 0, "/s/a/b") == 0);
    EXPECT(twrite(c, 0, "/s/a/b/c", "1") == 0);
    EXPECT(treq(c, XS_CONTROL, 0, "check", 6, &m) == 0);
    EXPECT_STR(m.body, "OK");
}
