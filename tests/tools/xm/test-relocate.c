/* SPDX-License-Identifier: GPL-2.0-only */
/* The relocation server (xend-relocate.c): its allow-list, Xen 3's
 * xend-relocation-hosts-allow, space-separated regexes of peer addresses,
 * "localhost" standing for 127.0.0.1; the start-up cleanup of what a
 * xend killed while receiving left; and the receiver's "go" handshake. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "xend.h"
#include "xend-records.h"
#include "xend-relocate.h"
#include "xend-stream.h"

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

/*
 * The receiving end of a migration (xend_relocation_accept()) with a
 * stand-in restore: a domain it received stays paused until the sender
 * says "go", and is destroyed, never started, when the sender goes away
 * first (one copy runs, never two).
 */
#define MOVING "6b1c2a4e-0000-4000-8000-00000000000c"

static int restored, unpaused;
static bool restored_paused;

static int f_restore(const struct domain_config *cfg, int fd, bool paused,
                     uint32_t *domid)
{
    (void)cfg, (void)fd;
    restored_paused = paused;
    *domid = ++restored + 20;
    return 0;
}

static int f_unpause(uint32_t domid)
{
    unpaused = domid;
    return 0;
}

static const struct xend_hv_ops receiving = {
    .name = "fake", .list = f_list, .destroy = f_destroy,
    .restore = f_restore, .unpause = f_unpause,
};

/* A relocation server on 127.0.0.1 and a sender connected to it that
 * has written the stream's head and then, if go, "go". */
static int send_head(int *listener, const char *go)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sa);
    char why[256];
    int s = socket(AF_INET, SOCK_STREAM, 0), l;

    incoming(NULL);
    xend_hv = xend_hv_complete(&receiving);
    xend_settings.relocation_allow = XEND_RELOCATION_ALLOW;
    l = xend_relocation_listen(0);
    EXPECT(l >= 0);
    EXPECT(!getsockname(l, (struct sockaddr *)&sa, &len));
    EXPECT(!connect(s, (struct sockaddr *)&sa, sizeof(sa)));
    EXPECT_EQ(xend_stream_write_head(s, "{\"name\": \"moving\", "
                                     "\"memory\": 64, \"kernel\": \"/k\", "
                                     "\"uuid\": \"" MOVING "\"}", why,
                                     sizeof(why)), 0);
    if ( go )
        EXPECT_EQ(write(s, go, strlen(go)), (ssize_t)strlen(go));
    shutdown(s, SHUT_WR);
    unpaused = 0;
    *listener = l;
    return s;
}

/* All the receiver said, its lines run together. */
static void answers(int s, char *buf, size_t len)
{
    ssize_t n, got = 0;

    while ( (n = read(s, buf + got, len - 1 - got)) > 0 )
        got += n;
    buf[got] = '\0';
    close(s);
}

TEST(a_received_domain_starts_only_when_the_sender_says_go)
{
    char said[256];
    uuid_t u;
    int l, s = send_head(&l, "go\n");

    xend_relocation_accept(l);
    answers(s, said, sizeof(said));
    EXPECT(restored_paused);
    EXPECT(!strncmp(said, "ready\nreceived ", 15));
    EXPECT(strstr(said, "\nok ") != NULL);
    EXPECT(unpaused > 20);
    EXPECT(!strcmp(destroyed, ""));
    uuid_parse(MOVING, u);
    EXPECT(xend_table_find(u) != NULL);
    xend_table_forget(u);
    close(l);
}

TEST(a_sender_gone_before_go_gets_the_received_domain_destroyed)
{
    char said[256], want[8];
    int l, s = send_head(&l, NULL);

    xend_relocation_accept(l);
    answers(s, said, sizeof(said));
    snprintf(want, sizeof(want), "%d;", restored + 20);
    EXPECT(restored_paused);
    EXPECT(strstr(said, "\nerror the sender did not say go") != NULL);
    EXPECT(!unpaused);
    EXPECT(!strcmp(destroyed, want));
    close(l);
}

TEST(anything_but_go_is_not_go)
{
    char said[256];
    int l, s = send_head(&l, "gone\n");

    xend_relocation_accept(l);
    answers(s, said, sizeof(said));
    EXPECT(!unpaused);
    EXPECT(strstr(said, "\nerror ") != NULL);
    close(l);
}
