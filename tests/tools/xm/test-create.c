/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A create, step by step, over a stand-in hypervisor that fails at each
 * step in turn, against the real xenstored (tools/xenstore, started here
 * on a temporary socket): every failure is one line naming the step and
 * the reason, and leaves no domain, no introduction and no xenstore node.
 * The layout a create writes is checked node by node, with permissions.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xenstore.h>

#include "harness.h"
#include "xend.h"
#include "xend-create.h"
#include "xend-xs.h"
#include "xs-temp.h"

struct xend_settings xend_settings;
const struct xend_hv_ops *xend_hv;

#define DOMID 5
#define UUID "6e4c8f3a-1b2d-4c5e-8f90-123456789abc"

static struct xs_handle *xs;
static int fail_at = -1;        /* the step (call order) that fails */
static bool alive, introduced, xs_down;
static char why[128];

/* Each stand-in primitive checks in with its step number. */
static int fails(int step)
{
    if ( step != fail_at )
        return 0;
    snprintf(why, sizeof(why), "stand-in failure %d", step);
    return -EIO;
}

static int f_create(const struct domain_config *cfg, uint32_t *domid)
{
    if ( fails(0) )
        return -EIO;
    alive = true;
    *domid = DOMID;
    return 0;
}

static int f_destroy(uint32_t domid)
{
    EXPECT(alive && domid == DOMID);
    alive = false;
    return 0;
}

static int f_pool(uint32_t domid, uint64_t bytes)
{
    return fails(1);
}

static int f_vcpus(uint32_t domid, unsigned int nr)
{
    EXPECT_EQ(nr, 2);
    return fails(2);
}

static int f_affinity(uint32_t domid, unsigned int nr, const char *cpus)
{
    EXPECT(nr == 2 && !strcmp(cpus, "0-1"));
    return fails(3);
}

static int f_maxmem(uint32_t domid, uint64_t kib)
{
    EXPECT_EQ(kib, 512 * 1024 + XEND_MAXMEM_SLACK_KIB);
    return fails(4);
}

static int f_credit(uint32_t domid, unsigned int weight, unsigned int cap)
{
    return fails(5);
}

static int f_build(uint32_t domid, const struct domain_config *cfg,
                   struct xend_build_info *out)
{
    *out = (struct xend_build_info){ .store_gfn = 0xfeffc,
        .console_gfn = 0xfeffd, .store_port = 1, .console_port = 2 };
    if ( fails(6) )
        return snprintf(why, sizeof(why), "kernel has no PVH entry point"),
               -ENOEXEC;
    return 0;
}

static int restore_fd = -1;

/* The restore's stand-in for the build: it must get the image's fd. */
static int f_restore(uint32_t domid, const struct domain_config *cfg, int fd,
                     struct xend_build_info *out)
{
    EXPECT_EQ(fd, restore_fd);
    *out = (struct xend_build_info){ .store_gfn = 0xfeffc,
        .console_gfn = 0xfeffd, .store_port = 1, .console_port = 2 };
    if ( fails(6) )
        return snprintf(why, sizeof(why), "truncated stream"), -EINVAL;
    return 0;
}

static struct xs_handle *f_xs(void)
{
    xs_down = fail_at == 7;
    return xs_down ? NULL : xs;
}

static int f_introduce(uint32_t domid, uint64_t gfn, uint32_t port)
{
    EXPECT(gfn == 0xfeffc && port == 1);
    if ( fails(8) )
        return -EIO;
    introduced = true;
    return 0;
}

static int f_release(uint32_t domid)
{
    introduced = false;
    return 0;
}

static bool devices;

static int f_devices_add(uint32_t domid, const struct domain_config *cfg)
{
    EXPECT(introduced);
    if ( fails(9) )
        return -EIO;
    devices = true;
    return 0;
}

static int f_devices_remove(uint32_t domid)
{
    devices = false;
    return 0;
}

static int f_unpause(uint32_t domid)
{
    return fails(10);
}

static const char *f_why(void)
{
    return why[0] ? why : NULL;
}

static const struct xend_prims prims = {
    .domain_create = f_create, .domain_destroy = f_destroy,
    .set_maxmem = f_maxmem, .paging_pool = f_pool, .max_vcpus = f_vcpus, .affinity = f_affinity,
    .credit = f_credit, .build = f_build, .restore = f_restore,
    .introduce = f_introduce,
    .release = f_release, .devices_add = f_devices_add,
    .devices_remove = f_devices_remove, .unpause = f_unpause, .why = f_why,
    .xs = f_xs,
};

static void start_xenstored(void)
{
    xs = xs_temp_start();
    EXPECT(xs != NULL);
}

static void config(struct domain_config *cfg)
{
    domcfg_init(cfg);
    cfg->name = strdup("demo");
    uuid_parse(UUID, cfg->uuid);
    cfg->kernel = strdup("/boot/vmlinuz");
    cfg->memory = 256;
    cfg->maxmem = 512;
    cfg->vcpus = 2;
    cfg->cpus = strdup("0-1");
    cfg->cpu_weight = 256;
}

static bool exists(const char *path)
{
    char *v = xs_read(xs, XBT_NULL, path, NULL);

    free(v);
    return v != NULL;
}

static const char *const step_words[] = {
    "creating the domain", "sizing its paging pool", "creating its vCPUs",
    "setting vCPU affinity", "setting its maximum memory",
    "setting credit weight and cap", "building the guest",
    "writing its xenstore nodes", "introducing it to xenstored",
    "attaching its devices", "unpausing it",
};

static void fail_at_step(int k)
{
    struct domain_config cfg;
    uint32_t domid = 0;
    char *msg = NULL;
    int rc;

    config(&cfg);
    fail_at = k;
    why[0] = '\0';
    rc = restore_fd >= 0
         ? xend_restore_domain(&prims, &cfg, restore_fd, false, &domid,
                                 &msg)
         : xend_create_domain(&prims, &cfg, &domid, &msg);
    EXPECT(rc < 0);
    if ( k == 6 && restore_fd >= 0 )
        EXPECT(msg && !strcmp(msg, "restoring the guest "
                              "(xc_domain_restore): truncated stream"));
    else
        EXPECT(msg && !strncmp(msg, step_words[k], strlen(step_words[k])));
    if ( k == 6 && restore_fd >= 0 )
        ;
    else if ( k == 6 )
        EXPECT(msg && strstr(msg, "(xc_pvh_build): kernel has no PVH entry point"));
    else if ( k == 7 )
        EXPECT(msg && strstr(msg, "nodes: xenstored is not running"));
    else if ( k == 9 )
        EXPECT(msg && strstr(msg, "devices: stand-in failure"));
    else
        EXPECT(msg && strstr(msg, "): stand-in failure"));
    EXPECT(!strchr(msg ? msg : "", '\n'));
    /* Nothing left behind. */
    EXPECT(!alive && !introduced && !devices);
    EXPECT(!exists("/local/domain/5"));
    EXPECT(!exists("/vm/" UUID));
    free(msg);
    domcfg_dispose(&cfg);
}

TEST(a_failure_at_each_step_leaves_nothing)
{
    int k;

    start_xenstored();
    if ( !xs )
        return;
    for ( k = 0; k < 11; k++ )
        fail_at_step(k);
}

/* A restore runs the same steps, xc_domain_restore for the build. */
TEST(a_restore_failing_at_each_step_leaves_nothing)
{
    int k;

    start_xenstored();
    if ( !xs )
        return;
    restore_fd = 7;
    for ( k = 0; k < 11; k++ )
        fail_at_step(k);
    restore_fd = -1;
}



#define D "/local/domain/5/"

static void check_layout(void)
{
    EXPECT(perms_are("/local/domain/5", "n0 r5"));
    EXPECT(perms_are("/vm/" UUID, "n0 r5"));
    EXPECT(value_is(D "name", "demo") && value_is(D "domid", "5"));
    EXPECT(value_is(D "vm", "/vm/" UUID));
    EXPECT(value_is("/vm/" UUID "/uuid", UUID));
    EXPECT(value_is("/vm/" UUID "/name", "demo"));
    EXPECT(value_is(D "memory/static-max", "524288"));
    EXPECT(value_is(D "memory/target", "262144"));
    EXPECT(value_is(D "cpu/0/availability", "online"));
    EXPECT(value_is(D "cpu/1/availability", "online"));
    EXPECT(!exists(D "cpu/2/availability"));
    EXPECT(value_is(D "store/ring-ref", "1044476"));
    EXPECT(value_is(D "store/port", "1"));
    EXPECT(perms_are(D "control", "n0 r5"));
    EXPECT(perms_are(D "control/shutdown", "n5"));
    EXPECT(perms_are(D "control/feature-poweroff", "n5"));
    EXPECT(perms_are(D "data", "n5"));
    EXPECT(value_is(D "control/platform-feature-xs_reset_watches", "1"));
    EXPECT(perms_are(D "console", "n5 r0"));
    EXPECT(perms_are(D "console/ring-ref", "n5 r0"));
    EXPECT(value_is(D "console/ring-ref", "1044477"));
    EXPECT(value_is(D "console/port", "2"));
    EXPECT(value_is(D "console/type", "xenconsoled"));
    EXPECT(value_is(D "console/output", "pty"));
    EXPECT(value_is(D "console/limit", "1048576"));
}

TEST(a_create_writes_libxl_layout_and_destroy_removes_it)
{
    struct domain_config cfg;
    uint32_t domid = 0;
    char *msg = NULL;

    start_xenstored();
    if ( !xs )
        return;
    config(&cfg);
    fail_at = -1;
    EXPECT_EQ(xend_create_domain(&prims, &cfg, &domid, &msg), 0);
    EXPECT(domid == DOMID && alive && introduced && !msg);
    check_layout();
    EXPECT_EQ(xend_xs_shutdown(xs, DOMID, "reboot"), 0);
    EXPECT(value_is(D "control/shutdown", "reboot"));
    EXPECT_EQ(xend_xs_set_vcpus(xs, DOMID, 1, 2), 0);
    EXPECT(value_is(D "cpu/1/availability", "offline"));
    EXPECT_EQ(xend_xs_set_target(xs, DOMID, 131072), 0);
    EXPECT(value_is(D "memory/target", "131072"));
    EXPECT_EQ(xend_xs_rename(xs, DOMID, "renamed"), 0);
    EXPECT(value_is(D "name", "renamed"));
    EXPECT(value_is("/vm/" UUID "/name", "renamed"));
    /* The uuid is found through the domain's vm node. */
    EXPECT_EQ(xend_xs_remove_domain(xs, DOMID, NULL), 0);
    EXPECT(!exists("/local/domain/5") && !exists("/vm/" UUID));
    alive = introduced = false;
    domcfg_dispose(&cfg);
}
