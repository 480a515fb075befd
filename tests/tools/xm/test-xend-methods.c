/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's methods over a stand-in hypervisor backend: what they answer once
 * a backend lists, creates and destroys domains (the libxc backend will),
 * and that today's backend answers ENOSYS to everything.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "xend.h"
#include "xend-records.h"

struct xend_settings xend_settings = {
    .state_dir = "/nonexistent/xend-test",
    .log_file = "/nonexistent/xend-test.log",
};
const struct xend_hv_ops *xend_hv;

#define DEMO_UUID "6e4c8f3a-1b2d-4c5e-8f90-123456789abc"
#define VICTIM_UUID "88888888-2222-4333-8444-555555555555"

static uint32_t destroyed = ~0u;
static int pinned_vcpu = 99;

static int fake_list(struct xend_dominfo **doms, unsigned int *nr)
{
    *doms = calloc(3, sizeof(**doms));
    (*doms)[0].memory_kib = 1024 << 10;
    (*doms)[0].vcpus = 2;
    (*doms)[0].flags = XEND_DOMF_RUNNING;
    (*doms)[1].domid = 3;
    uuid_parse(DEMO_UUID, (*doms)[1].uuid);
    (*doms)[1].memory_kib = 256 << 10;
    (*doms)[1].vcpus = 1;
    (*doms)[1].flags = XEND_DOMF_BLOCKED | XEND_DOMF_PAUSED;
    (*doms)[1].cpu_time_ns = 1500000000;
    (*doms)[2].domid = 4;
    uuid_parse(VICTIM_UUID, (*doms)[2].uuid);
    *nr = 3;
    return 0;
}

static int fake_create(const struct domain_config *cfg, uint32_t *domid)
{
    *domid = 9;
    return 0;
}

static int fake_destroy(uint32_t domid)
{
    destroyed = domid;
    return 0;
}

static int fake_pin(uint32_t domid, int vcpu, const char *cpus)
{
    pinned_vcpu = vcpu;
    return strcmp(cpus, "0-1") ? -EINVAL : 0;
}

static int fake_pause(uint32_t domid)
{
    return -EBUSY;
}

static const struct xend_hv_ops fake = {
    .name = "fake",
    .list = fake_list,
    .create = fake_create,
    .destroy = fake_destroy,
    .pin_vcpu = fake_pin,
    .pause = fake_pause,
};

/* Call method with params built from up to two values (consumed). */
static struct xr_value *call(const char *method, struct xr_value *p1,
                             struct xr_value *p2, int *code, char **msg)
{
    struct xr_value *params = xr_array(), *r;

    if ( p1 )
        xr_array_append(params, p1);
    if ( p2 )
        xr_array_append(params, p2);
    *code = 0;
    *msg = NULL;
    r = xend_dispatch(method, params, code, msg);
    xr_free(params);
    return r;
}

static void setup(void)
{
    static bool done;
    struct xend_record r = { .uuid = DEMO_UUID, .domid = 3 };

    xend_hv = xend_hv_complete(&fake);
    if ( done )
        return;
    done = true;
    r.config = xr_struct();
    xr_struct_set(r.config, "name", xr_string("demo"));
    xend_methods_add_record(&r);
    strcpy(r.uuid, VICTIM_UUID);
    r.domid = 4;
    xr_struct_set(r.config, "name", xr_string("victim"));
    xend_methods_add_record(&r);
    xr_free(r.config);
}

static const char *str_member(const struct xr_value *s, const char *k)
{
    const struct xr_value *v = xr_struct_get(s, k);

    return v && v->type == XR_STRING ? v->u.s : "";
}

TEST(domains_joins_backend_and_records)
{
    struct xr_value *r;
    char *msg;
    int code;

    setup();
    r = call("xend.domains", xr_bool(true), NULL, &code, &msg);
    EXPECT(r && r->type == XR_ARRAY && r->u.array.n == 3);
    if ( !r || r->u.array.n != 3 )
        return;
    EXPECT(!strcmp(str_member(r->u.array.items[0], "name"), "Domain-0"));
    EXPECT(!strcmp(str_member(r->u.array.items[0], "state"), "r-----"));
    EXPECT(!strcmp(str_member(r->u.array.items[1], "name"), "demo"));
    EXPECT(!strcmp(str_member(r->u.array.items[1], "state"), "-bp---"));
    EXPECT(!strcmp(str_member(r->u.array.items[1], "uuid"), DEMO_UUID));
    EXPECT(xr_struct_get(r->u.array.items[1], "config") != NULL);
    xr_free(r);
    r = call("xend.domains", xr_bool(false), NULL, &code, &msg);
    EXPECT(r && r->u.array.n == 3 &&
           r->u.array.items[1]->type == XR_STRING &&
           !strcmp(r->u.array.items[1]->u.s, "demo"));
    xr_free(r);
}

TEST(domain_by_name_or_id)
{
    struct xr_value *r;
    const struct xr_value *id;
    char *msg;
    int code;

    setup();
    r = call("xend.domain", xr_string("demo"), NULL, &code, &msg);
    id = xr_struct_get(r, "domid");
    EXPECT(id && id->u.i == 3);
    xr_free(r);
    r = call("xend.domain", xr_int(3), NULL, &code, &msg);
    EXPECT(!strcmp(str_member(r, "name"), "demo"));
    xr_free(r);
    r = call("xend.domain", xr_string("0"), NULL, &code, &msg);
    EXPECT(!strcmp(str_member(r, "name"), "Domain-0"));
    xr_free(r);
    r = call("xend.domain", xr_string("nosuch"), NULL, &code, &msg);
    EXPECT(r == NULL && code == ENOENT &&
           !strcmp(msg, "domain 'nosuch' does not exist"));
    free(msg);
}

TEST(operations_reach_the_backend)
{
    struct xr_value *r;
    char *msg;
    int code;

    setup();
    r = call("xend.domain.destroy", xr_string("victim"), NULL, &code, &msg);
    EXPECT(r && r->type == XR_BOOL && destroyed == 4);
    xr_free(r);
    /* Its record went with it: the id is still listed, the name is not. */
    r = call("xend.domain", xr_string("victim"), NULL, &code, &msg);
    EXPECT(r == NULL && code == ENOENT);
    free(msg);
    r = call("xend.domain", xr_int(4), NULL, &code, &msg);
    EXPECT(!strcmp(str_member(r, "name"), "(unknown)"));
    xr_free(r);
    r = call("xend.domain.pause", xr_string("demo"), NULL, &code, &msg);
    EXPECT(r == NULL && code == EBUSY && strstr(msg, "pausing a domain "
                                                "failed: "));
    free(msg);
    r = call("xend.domain.pincpu", xr_string("demo"), xr_string("all"),
             &code, &msg);
    EXPECT(r == NULL && code == XR_FAULT_BAD_PARAMS);
    free(msg);
}

TEST(pincpu_all_means_every_vcpu)
{
    struct xr_value *params = xr_array(), *r;
    char *msg = NULL;
    int code = 0;

    setup();
    xr_array_append(params, xr_string("demo"));
    xr_array_append(params, xr_string("all"));
    xr_array_append(params, xr_string("0,1"));
    r = xend_dispatch("xend.domain.pincpu", params, &code, &msg);
    EXPECT(r && pinned_vcpu == -1);
    xr_free(r);
    xr_free(params);
}

TEST(create_checks_records_and_unwinds)
{
    static const char uuid[] = "77777777-2222-4333-8444-555555555555";
    static char dir[] = "/tmp/xend-create-XXXXXX";
    struct xr_value *cfg = xr_struct(), *r;
    const struct xr_value *id;
    char *msg, path[128];
    int code;

    setup();
    xr_struct_set(cfg, "name", xr_string("new"));
    xr_struct_set(cfg, "uuid", xr_string(uuid));
    xr_struct_set(cfg, "kernel", xr_string("/nonexistent/vmlinuz"));
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    EXPECT(r == NULL && code == EINVAL && !strcmp(msg, "kernel: cannot read "
           "/nonexistent/vmlinuz: No such file or directory"));
    free(msg);
    xr_struct_set(cfg, "kernel", xr_string("/tmp"));
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    EXPECT(r == NULL && code == EINVAL && strstr(msg, "not a regular file"));
    free(msg);
    /* Any readable file will do for a backend that does not boot it. */
    xr_struct_set(cfg, "kernel", xr_string("/proc/self/exe"));
    destroyed = ~0u;
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    EXPECT(r == NULL && strstr(msg, "cannot save its record") &&
           destroyed == 9);     /* unwound: the new domain is destroyed */
    free(msg);
    EXPECT(mkdtemp(dir) != NULL);
    xend_settings.state_dir = dir;
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    id = xr_struct_get(r, "domid");
    EXPECT(id && id->u.i == 9);
    xr_free(r);
    snprintf(path, sizeof(path), "%s/domains/%s.json", dir, uuid);
    EXPECT(access(path, R_OK) == 0);
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    EXPECT(r == NULL && code == EEXIST);    /* now xend knows "new" */
    free(msg);
    snprintf(path, sizeof(path), "rm -rf %s", dir);
    EXPECT_EQ(system(path), 0);
    xend_settings.state_dir = "/nonexistent/xend-test";
    xr_struct_set(cfg, "name", xr_string("demo"));
    r = call("xend.domain.create", xr_copy(cfg), NULL, &code, &msg);
    EXPECT(r == NULL && code == EEXIST && strstr(msg, "'demo' already"));
    free(msg);
    xr_struct_set(cfg, "vcpus", xr_int(0));
    r = call("xend.domain.create", cfg, NULL, &code, &msg);
    EXPECT(r == NULL && code == EINVAL && !strncmp(msg, "vcpus: ", 7));
    free(msg);
}

TEST(rename_saves_the_record_first)
{
    static char dir[] = "/tmp/xend-rename-XXXXXX";
    struct xr_value *r;
    char *msg, cmd[64];
    int code;

    setup();
    r = call("xend.domain.setName", xr_string("demo"), xr_string("9"),
             &code, &msg);
    EXPECT(r == NULL && code == EINVAL && strstr(msg, "not only digits"));
    free(msg);
    r = call("xend.domain.setName", xr_string("demo"), xr_string("renamed"),
             &code, &msg);
    EXPECT(r == NULL && code == ENOENT && strstr(msg, "cannot save"));
    free(msg);
    r = call("xend.domain", xr_string("demo"), NULL, &code, &msg);
    EXPECT(r != NULL);          /* the old name still holds */
    xr_free(r);
    EXPECT(mkdtemp(dir) != NULL);
    xend_settings.state_dir = dir;
    r = call("xend.domain.setName", xr_string("demo"), xr_string("renamed"),
             &code, &msg);
    EXPECT(r && r->type == XR_BOOL);
    xr_free(r);
    r = call("xend.domain", xr_string("renamed"), NULL, &code, &msg);
    EXPECT(r != NULL);
    xr_free(r);
    r = call("xend.domain.setName", xr_string("renamed"), xr_string("demo"),
             &code, &msg);
    xr_free(r);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    EXPECT_EQ(system(cmd), 0);
    xend_settings.state_dir = "/nonexistent/xend-test";
}

TEST(unsupported_ops_say_what_is_missing)
{
    struct xr_value *r;
    char *msg;
    int code;

    setup();
    r = call("xend.node.info", NULL, NULL, &code, &msg);
    EXPECT(r == NULL && code == ENOSYS && !strcmp(msg, "host information "
           "failed: not implemented by the hypervisor (ENOSYS)"));
    free(msg);
    xend_hv = xend_hv_complete(&xend_hv_none);
    r = call("xend.node.info", NULL, NULL, &code, &msg);
    EXPECT(r == NULL && code == ENOSYS && !strcmp(msg, "host information "
           "needs the hypervisor's sysctl (xend found no " XEND_NO_HV ")"));
    free(msg);
}

/*
 * Today's backend: every operation is -ENOSYS, no domain is invented; a
 * backend's missing operations are filled from it.
 */
TEST(hv_none_is_enosys)
{
    const struct xend_hv_ops *n = &xend_hv_none;
    struct xend_dominfo *d = NULL;
    struct xend_vcpuinfo *v = NULL;
    struct xend_physinfo p;
    struct domain_config cfg;
    unsigned int nr = 0, w, c;
    uint32_t id;
    char *text = NULL;

    EXPECT_EQ(n->list(&d, &nr), -ENOSYS);
    EXPECT(d == NULL && nr == 0);
    EXPECT_EQ(n->create(&cfg, &id), -ENOSYS);
    EXPECT_EQ(n->destroy(1), -ENOSYS);
    EXPECT_EQ(n->pause(1), -ENOSYS);
    EXPECT_EQ(n->unpause(1), -ENOSYS);
    EXPECT_EQ(n->shutdown(1, XEND_SHUTDOWN_REBOOT), -ENOSYS);
    EXPECT_EQ(n->set_memory(1, 64), -ENOSYS);
    EXPECT_EQ(n->set_maxmem(1, 64), -ENOSYS);
    EXPECT_EQ(n->set_vcpus(1, 2), -ENOSYS);
    EXPECT_EQ(n->pin_vcpu(1, 0, "0"), -ENOSYS);
    EXPECT_EQ(n->sched_credit_get(1, &w, &c), -ENOSYS);
    EXPECT_EQ(n->sched_credit_set(1, 1, 1), -ENOSYS);
    EXPECT_EQ(n->vcpu_info(1, &v, &nr), -ENOSYS);
    EXPECT_EQ(n->physinfo(&p), -ENOSYS);
    EXPECT_EQ(n->readconsole(&text, false), -ENOSYS);
    EXPECT(xend_hv_select()->physinfo == xend_hv_none.physinfo);
}

static int fake_physinfo(struct xend_physinfo *p)
{
    *p = (struct xend_physinfo){ .nr_cpus = 4, .nr_nodes = 1,
        .threads_per_core = 2, .cores_per_socket = 2, .cpu_khz = 2400000,
        .total_kib = 4096 << 10, .free_kib = 3000 << 10, .xen_major = 4,
        .xen_minor = 17, .xen_extra = ".0", .scheduler = "credit" };
    return 0;
}

/* xm info prints the members in the order xend sends them: Xen 3's. */
TEST(node_info_has_xen3_keys_in_order)
{
    static const char *const keys[] = {
        "host", "release", "version", "machine", "nr_cpus", "nr_nodes",
        "cores_per_socket", "threads_per_core", "cpu_mhz", "total_memory",
        "free_memory", "xen_major", "xen_minor", "xen_extra",
        "xen_scheduler", "xen_pagesize", "xend_config_format",
    };
    struct xend_hv_ops ops = fake;
    struct xr_value *r;
    char *msg;
    size_t i;
    int code;

    setup();
    ops.physinfo = fake_physinfo;
    xend_hv = xend_hv_complete(&ops);
    r = call("xend.node.info", NULL, NULL, &code, &msg);
    EXPECT(r && r->type == XR_STRUCT &&
           r->u.strct.n == sizeof(keys) / sizeof(keys[0]));
    for ( i = 0; r && i < r->u.strct.n; i++ )
        EXPECT(!strcmp(r->u.strct.members[i].name, keys[i]));
    EXPECT(r && xr_struct_get(r, "free_memory")->u.i == 3000);
    EXPECT(r && !strcmp(xr_struct_get(r, "xen_extra")->u.s, ".0"));
    xr_free(r);
}
