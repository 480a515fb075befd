/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The steps of a create, in libxl's order, each with its undo.  A failed
 * step runs the undos of the steps before it, newest first; the domain's
 * destruction comes last and takes with it everything the hypervisor holds
 * for it (memory, event channels, grants), so only what lives outside the
 * hypervisor (xenstore nodes, xenstored's introduction) needs its own undo.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xend.h"
#include "xend-create.h"
#include "xend-xs.h"

struct create {
    const struct xend_prims *p;
    const struct domain_config *cfg;
    uint32_t domid;
    int restore_fd;             /* -1: a build */
    bool paused;                /* left paused: no unpause step */
    struct xend_build_info build;
};

struct step {
    const char *name;                   /* "<name> failed: ..." */
    int (*run)(struct create *c);
    void (*undo)(struct create *c);     /* NULL: the domain's destroy does */
};

uint64_t xend_paging_pool_bytes(const struct domain_config *cfg)
{
    return 4ull * (256 * cfg->vcpus + 2 * cfg->maxmem) * 1024;
}

static int s_create(struct create *c)
{
    return c->p->domain_create(c->cfg, &c->domid);
}

static void u_create(struct create *c)
{
    c->p->domain_destroy(c->domid);
}

static int s_maxmem(struct create *c)
{
    return c->p->set_maxmem(c->domid,
                            c->cfg->maxmem * 1024 + XEND_MAXMEM_SLACK_KIB);
}

static int s_pool(struct create *c)
{
    return c->p->paging_pool(c->domid, xend_paging_pool_bytes(c->cfg));
}

static int s_vcpus(struct create *c)
{
    return c->p->max_vcpus(c->domid, c->cfg->vcpus);
}

static int s_affinity(struct create *c)
{
    if ( !c->cfg->cpus )
        return 0;
    return c->p->affinity(c->domid, c->cfg->vcpus, c->cfg->cpus);
}

static int s_credit(struct create *c)
{
    return c->p->credit(c->domid, c->cfg->cpu_weight, c->cfg->cpu_cap);
}

static int s_build(struct create *c)
{
    if ( c->restore_fd >= 0 )
        return c->p->restore(c->domid, c->cfg, c->restore_fd, &c->build);
    return c->p->build(c->domid, c->cfg, &c->build);
}

static int s_xenstore(struct create *c)
{
    struct xs_handle *xs = c->p->xs();

    if ( !xs )
        return -ENOTCONN;
    return xend_xs_write_domain(xs, c->domid, c->cfg, &c->build);
}

static void u_xenstore(struct create *c)
{
    struct xs_handle *xs = c->p->xs();
    char u[37];

    uuid_unparse_lower(c->cfg->uuid, u);
    if ( xs )
        xend_xs_remove_domain(xs, c->domid, u);
}

static int s_introduce(struct create *c)
{
    return c->p->introduce(c->domid, c->build.store_gfn,
                           c->build.store_port);
}

static void u_introduce(struct create *c)
{
    c->p->release(c->domid);
}

static int s_devices(struct create *c)
{
    return c->p->devices_add(c->domid, c->cfg);
}

static void u_devices(struct create *c)
{
    c->p->devices_remove(c->domid);
}

static int s_unpause(struct create *c)
{
    if ( c->paused )
        return 0;
    return c->p->unpause(c->domid);
}

/* libxl's order: the paging pool at creation (libxl__arch_domain_create),
 * then libxl__build_pre's vCPUs, affinity, memory limit and scheduler. */
static const struct step steps[] = {
    { "creating the domain (xc_domain_create)", s_create, u_create },
    { "sizing its paging pool (xc_set_paging_mempool_size)", s_pool, NULL },
    { "creating its vCPUs (xc_domain_max_vcpus)", s_vcpus, NULL },
    { "setting vCPU affinity (xc_vcpu_setaffinity)", s_affinity, NULL },
    { "setting its maximum memory (xc_domain_setmaxmem)", s_maxmem, NULL },
    { "setting credit weight and cap (xc_sched_credit_domain_set)",
      s_credit, NULL },
    { "building the guest (xc_pvh_build)", s_build, NULL },
    { "writing its xenstore nodes", s_xenstore, u_xenstore },
    { "introducing it to xenstored (xs_introduce_domain)", s_introduce,
      u_introduce },
    /* libxl adds devices once the store is introduced, before unpause. */
    { "attaching its devices", s_devices, u_devices },
    { "unpausing it (xc_domain_unpause)", s_unpause, NULL },
};

#define NR_STEPS (sizeof(steps) / sizeof(steps[0]))

const char *const xend_create_step_names[NR_STEPS + 1] = {
    "xc_domain_create", "xc_set_paging_mempool_size", "xc_domain_max_vcpus",
    "xc_vcpu_setaffinity", "xc_domain_setmaxmem",
    "xc_sched_credit_domain_set", "xc_pvh_build", "xenstore",
    "xs_introduce_domain", "devices", "xc_domain_unpause", NULL,
};

static char *reason(const struct create *c, const struct step *s, int rc)
{
    const char *why = c->p->why ? c->p->why() : NULL;
    const char *name = s->name;
    char *msg;

    if ( rc == -ENOTCONN && s->run == s_xenstore )
        why = "xenstored is not running";
    if ( s->run == s_build && c->restore_fd >= 0 )
        name = "restoring the guest (xc_domain_restore)";
    if ( asprintf(&msg, "%s: %s", name,
                  why && *why ? why : strerror(-rc)) < 0 )
        msg = NULL;
    return msg;
}

static double now_secs(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Steps shorter than this are left out of the log line. */
#define STEP_LOGGED_SECS 0.1

/*
 * One line in xend's log per domain made: its whole time and each step
 * that took a tenth of a second or more, so a slow create or restore
 * says where its time went.
 */
static void log_times(const struct create *c, const double *secs)
{
    char parts[512] = "";
    size_t i, len = 0;
    double total = 0;

    for ( i = 0; i < NR_STEPS; i++ )
    {
        const char *name = xend_create_step_names[i];

        total += secs[i];
        if ( secs[i] < STEP_LOGGED_SECS || len >= sizeof(parts) )
            continue;
        if ( steps[i].run == s_build && c->restore_fd >= 0 )
            name = "xc_domain_restore";
        len += snprintf(parts + len, sizeof(parts) - len, "%s%s %.2f s",
                        len ? ", " : "", name, secs[i]);
    }
    XLOG_INFO("%s d%u in %.2f s%s%s%s",
              c->restore_fd >= 0 ? "restored" : "created", c->domid, total,
              len ? " (" : "", parts, len ? ")" : "");
}

static int run_steps(struct create c, uint32_t *domid, char **why)
{
    double secs[NR_STEPS] = { 0 }, t;
    size_t i;
    int rc = 0;

    *why = NULL;
    for ( i = 0; i < NR_STEPS && !rc; i++ )
    {
        t = now_secs();
        rc = steps[i].run(&c);
        secs[i] = now_secs() - t;
    }
    if ( !rc )
    {
        log_times(&c, secs);
        *domid = c.domid;
        return 0;
    }
    *why = reason(&c, &steps[i - 1], rc);
    /* Undo what the steps before the failed one did, newest first. */
    for ( i--; i-- > 0; )
        if ( steps[i].undo )
            steps[i].undo(&c);
    return rc;
}

int xend_create_domain(const struct xend_prims *p,
                       const struct domain_config *cfg, uint32_t *domid,
                       char **why)
{
    struct create c = { .p = p, .cfg = cfg, .restore_fd = -1 };

    return run_steps(c, domid, why);
}

int xend_restore_domain(const struct xend_prims *p,
                        const struct domain_config *cfg, int fd, bool paused,
                        uint32_t *domid, char **why)
{
    struct create c = { .p = p, .cfg = cfg, .restore_fd = fd,
                        .paused = paused };

    return run_steps(c, domid, why);
}
