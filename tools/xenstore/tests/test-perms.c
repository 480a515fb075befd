/* SPDX-License-Identifier: GPL-2.0-only */
/* Permissions: owner, default access, per-domain entries, EACCES hiding. */
#include <errno.h>

#include "harness.h"

TEST(perm_strings_round_trip)
{
    struct xs_permissions p[3];
    char buf[32];

    EXPECT(xs_strings_to_perms(p, 3, "n0\0r5\0b7"));
    EXPECT(p[0].id == 0 && p[0].perms == XS_PERM_NONE);
    EXPECT(p[1].id == 5 && p[1].perms == XS_PERM_READ);
    EXPECT(p[2].id == 7 && p[2].perms == (XS_PERM_READ | XS_PERM_WRITE));
    EXPECT(xs_perm_to_string(&p[2], buf, sizeof(buf)) && !strcmp(buf, "b7"));
    EXPECT(!xs_strings_to_perms(p, 1, "x0"));
    EXPECT(!xs_strings_to_perms(p, 1, "r"));
    EXPECT(!xs_strings_to_perms(p, 1, "r5x"));
    EXPECT(!xs_strings_to_perms(p, 1, "r-1"));
}

TEST(get_and_set_perms)
{
    struct conn *c = tconn(0, true);
    struct tmsg m;

    EXPECT(twrite(c, 0, "/p", "x") == 0);
    EXPECT(treq(c, XS_GET_PERMS, 0, "/p", 3, &m) == 0);
    EXPECT(m.hdr.len == 3 && !strcmp(m.body, "n0"));
    EXPECT(tsetperms(c, 0, "/p", "n5 r6 w7 b8") == 0);
    EXPECT(treq(c, XS_GET_PERMS, 0, "/p", 3, &m) == 0);
    EXPECT(m.hdr.len == 12 && !memcmp(m.body, "n5\0r6\0w7\0b8", 12));
    EXPECT(tsetperms(c, 0, "/p", "q5") == EINVAL);
    EXPECT(treq(c, XS_SET_PERMS, 0, "/p", 3, NULL) == EINVAL);
    EXPECT(tsetperms(c, 0, "/nope", "n0") == ENOENT);
}

TEST(unprivileged_access_follows_perms)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false),
                *d6 = tconn(6, false), *d7 = tconn(7, false);
    char v[16];

    EXPECT(twrite(t, 0, "/shared", "s") == 0);
    EXPECT(tsetperms(t, 0, "/shared", "n0 r6 w7") == 0);
    EXPECT(tread(d5, 0, "/shared", v) == EACCES);
    EXPECT(tread(d6, 0, "/shared", v) == 0 && !strcmp(v, "s"));
    EXPECT(twrite(d6, 0, "/shared", "no") == EACCES);
    EXPECT(tread(d7, 0, "/shared", v) == EACCES);
    EXPECT(twrite(d7, 0, "/shared", "w") == 0);
    EXPECT(tread(t, 0, "/shared", v) == 0 && !strcmp(v, "w"));
    /* Default access is entry 0's. */
    EXPECT(tsetperms(t, 0, "/shared", "r0") == 0);
    EXPECT(tread(d5, 0, "/shared", v) == 0);
}

TEST(missing_nodes_hide_behind_eacces)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false);

    EXPECT(tmkdir(t, 0, "/secret") == 0);
    EXPECT(tread(d5, 0, "/secret/none", NULL) == EACCES);
    EXPECT(tsetperms(t, 0, "/secret", "n0 r5") == 0);
    EXPECT(tread(d5, 0, "/secret/none", NULL) == ENOENT);
}

TEST(owner_has_all_rights_and_keeps_them)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false);
    struct tmsg m;

    EXPECT(tmkdir(t, 0, "/local/domain/5") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/5", "n5") == 0);
    /* The domain owns what it creates, inheriting the other entries. */
    EXPECT(twrite(d5, 0, "/local/domain/5/a/b", "1") == 0);
    EXPECT(treq(d5, XS_GET_PERMS, 0, "/local/domain/5/a/b", 20, &m) == 0);
    EXPECT_STR(m.body, "n5");
    EXPECT(tsetperms(d5, 0, "/local/domain/5/a", "n5 r6") == 0);
    EXPECT(tsetperms(d5, 0, "/local/domain/5/a", "n6") == EPERM);
    EXPECT(tsetperms(d5, 0, "/tool", "n5") == EACCES);
    EXPECT(store_count(5) == 3);   /* home, a, a/b */
}

TEST(set_target_grants_targets_rights)
{
    struct conn *t = tconn(0, true);
    struct conn *dm;

    fake_domain_set(3, true, 0);
    fake_domain_set(4, true, 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "3\0" "100\0" "9", 8, NULL) == 0);
    EXPECT(treq(t, XS_INTRODUCE, 0, "4\0" "100\0" "9", 8, NULL) == 0);
    EXPECT(tmkdir(t, 0, "/local/domain/4/dev") == 0);
    EXPECT(tsetperms(t, 0, "/local/domain/4/dev", "n4") == 0);
    dm = NULL;
    {
        struct list *l;

        list_for_each(l, &xs_conns)
        {
            struct conn *c = list_entry(l, struct conn, link);

            if ( c->id == 3 && c->dom )
                dm = c;
        }
    }
    EXPECT(dm != NULL);
    if ( !dm )
        return;
    EXPECT(tread(dm, 0, "/local/domain/4/dev", NULL) == EACCES);
    EXPECT(treq(t, XS_SET_TARGET, 0, "3\0" "4", 4, NULL) == 0);
    EXPECT(tread(dm, 0, "/local/domain/4/dev", NULL) == 0);
    EXPECT(treq(t, XS_SET_TARGET, 0, "3\0" "8", 4, NULL) == ENOENT);
}

TEST(privileged_only_requests)
{
    struct conn *d5 = tconn(5, false);

    EXPECT(treq(d5, XS_INTRODUCE, 0, "6\0" "1\0" "2", 6, NULL) == EACCES);
    EXPECT(treq(d5, XS_RELEASE, 0, "6", 2, NULL) == EACCES);
    EXPECT(treq(d5, XS_CONTROL, 0, "check", 6, NULL) == EACCES);
    EXPECT(treq(d5, XS_IS_DOMAIN_INTRODUCED, 0, "6", 2, NULL) == EACCES);
    EXPECT(treq(d5, XS_SET_TARGET, 0, "6\0" "7", 4, NULL) == EACCES);
    EXPECT(treq(d5, XS_RESUME, 0, "6", 2, NULL) == EACCES);
    EXPECT(treq(d5, XS_GET_DOMAIN_PATH, 0, "6", 2, NULL) == 0);
}

TEST(special_watch_permissions)
{
    struct conn *t = tconn(0, true), *d5 = tconn(5, false);
    char p[64], tok[64];

    EXPECT(twatch(d5, "@releaseDomain", "rel") == 0);
    tdrain(d5);
    watch_fire_path(NULL, "@releaseDomain", true);
    EXPECT(!tevent(d5, p, tok));
    EXPECT(tsetperms(d5, 0, "@releaseDomain", "n5") == EACCES);
    EXPECT(tsetperms(t, 0, "@releaseDomain", "n0 r5") == 0);
    watch_fire_path(NULL, "@releaseDomain", true);
    EXPECT(tevent(d5, p, tok) && !strcmp(p, "@releaseDomain"));
    EXPECT(tsetperms(t, 0, "@other", "n0") == EINVAL);
}
