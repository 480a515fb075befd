/* SPDX-License-Identifier: GPL-2.0-only */
/* The relocation server (xend-relocate.c): its allow-list, Xen 3's
 * xend-relocation-hosts-allow, space-separated regexes of peer addresses,
 * "localhost" standing for 127.0.0.1; and the start-up cleanup of what a
 * xend killed while receiving left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "xend.h"
#include "xend-records.h"
#include "xend-relocate.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

TEST(the_default_allows_only_this_host)
{
    EXPECT(xend_relocation_allowed(XEND_RELOCATION_ALLOW, "127.0.0.1"));
    EXPECT(!xend_relocation_allowed(XEND_RELOCATION_ALLOW, "10.0.2.15"));
    EXPECT(!xend_relocation_allowed(XEND_RELOCATION_ALLOW, "127.0.0.10"));
}

TEST(patterns_match_whole_addresses_as_written)
{
    const char *allow = "^10\\.0\\.2\\.[0-9]+$  ^192\\.168\\.1\\.7$";

    EXPECT(xend_relocation_allowed(allow, "10.0.2.15"));
    EXPECT(xend_relocation_allowed(allow, "192.168.1.7"));
    EXPECT(!xend_relocation_allowed(allow, "192.168.1.70"));
    EXPECT(!xend_relocation_allowed(allow, "127.0.0.1"));
    EXPECT(!xend_relocation_allowed("", "127.0.0.1"));
    EXPECT(!xend_relocation_allowed("([", "127.0.0.1"));
}

#define GUEST "6b1c2a4e-0000-4000-8000-00000000000a"
#define OTHER "6b1c2a4e-0000-4000-8000-00000000000b"

static struct xend_dominfo doms[8];
static unsigned int nr_doms;
static char destroyed[64];

static int f_list(struct xend_dominfo **out, unsigned int *nr)
{
    *out = malloc(sizeof(doms));
    memcpy(*out, doms, sizeof(doms));
    *nr = nr_doms;
    return 0;
}

static int f_destroy(uint32_t domid)
{
    snprintf(destroyed + strlen(destroyed),
             sizeof(destroyed) - strlen(destroyed), "%u;", domid);
    return 0;
}

static const struct xend_hv_ops fake = {
    .name = "fake", .list = f_list, .destroy = f_destroy,
};

static void dom(uint32_t domid, const char *uuid)
{
    doms[nr_doms].domid = domid;
    uuid_parse(uuid, doms[nr_doms++].uuid);
}

/* A state directory whose incoming file names uuid (NULL: none). */
static char *incoming(const char *uuid)
{
    static char dir[] = "/tmp/xend-reloc-XXXXXX";
    static char path[64];
    FILE *f;

    if ( !xend_settings.state_dir )
        EXPECT(mkdtemp(dir) != NULL);
    xend_settings.state_dir = dir;
    xend_hv = xend_hv_complete(&fake);
    snprintf(path, sizeof(path), "%s/incoming", dir);
    if ( uuid && (f = fopen(path, "w")) )
    {
        fprintf(f, "%s\n", uuid);
        fclose(f);
    }
    nr_doms = 0;
    destroyed[0] = 0;
    return path;
}

TEST(a_killed_receive_leaves_a_domain_the_next_xend_destroys)
{
    char *path = incoming(GUEST);

    dom(0, "00000000-0000-0000-0000-000000000000");
    dom(3, OTHER);
    dom(4, GUEST);
    xend_relocation_cleanup();
    EXPECT(!strcmp(destroyed, "4;"));
    EXPECT(access(path, F_OK) != 0);
}

TEST(localhost_the_recorded_source_stays)
{
    struct xend_record r = { .domid = 5, .uuid = GUEST };

    incoming(GUEST);
    r.config = xr_struct();
    xend_methods_add_record(&r);
    xr_free(r.config);
    dom(0, "00000000-0000-0000-0000-000000000000");
    dom(5, GUEST);
    dom(6, GUEST);
    xend_relocation_cleanup();
    EXPECT(!strcmp(destroyed, "6;"));
}

TEST(without_the_file_nothing_is_destroyed)
{
    incoming(NULL);
    dom(7, GUEST);
    xend_relocation_cleanup();
    EXPECT(!strcmp(destroyed, ""));
}
