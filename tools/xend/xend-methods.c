/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xend's XML-RPC methods: Xen 3's legacy xm API names (xend.domains,
 * xend.domain.create, xend.node.info, ...).  Each row of the table says the
 * parameters it takes; the dispatcher checks them before the handler runs.
 * Failures are faults: XR_FAULT_* for bad calls, an errno for the rest,
 * with one line xm prints as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "xend.h"
#include "domcfg.h"
#include "xend-records.h"
#include "xend-migrate.h"
#include "xend-relocate.h"
#include "xend-save.h"
#include "xend-vbd.h"
#include "xend-vif.h"

struct call {
    const struct method *m;
    const struct xr_value *params;
    int code;
    char *msg;
};

/*
 * Parameter signature letters: s string, i int, b boolean, d struct,
 * v string or struct (a config entry: Xen 3's string or our dict),
 * D a domain (name or id: string or int); '|' starts optional ones.
 */
struct method {
    const char *name;
    const char *sig;
    struct xr_value *(*fn)(struct call *c);
    const char *what;           /* "creating a domain": for messages */
};

static struct xr_value *fail(struct call *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct xr_value *fail(struct call *c, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if ( vasprintf(&c->msg, fmt, ap) < 0 )
        xr_alloc_failed();
    va_end(ap);
    c->code = code;
    return NULL;
}

/*
 * A backend's -errno as a fault: its own reason when it has one, else
 * strerror; -ENOSYS from the "none" backend says what is missing.
 */
static struct xr_value *hv_fail(struct call *c, int rc)
{
    bool node = !strncmp(c->m->name, "xend.node.", 10);
    const char *why = xend_hv->why();

    if ( rc == -ENOSYS && xend_hv->list == xend_hv_none.list )
        return fail(c, ENOSYS, "%s needs the hypervisor's %s (xend found "
                    "no " XEND_NO_HV ")", c->m->what,
                    node ? "sysctl" : "domctl");
    if ( why && *why )
        return fail(c, -rc, "%s failed: %s", c->m->what, why);
    if ( rc == -ENOSYS )
        return fail(c, ENOSYS, "%s failed: not implemented by the hypervisor "
                    "(ENOSYS)", c->m->what);
    return fail(c, -rc, "%s failed: %s", c->m->what, strerror(-rc));
}

static const struct xr_value *param(const struct call *c, unsigned int i)
{
    return i < c->params->u.array.n ? c->params->u.array.items[i] : NULL;
}

static bool sig_match(char s, const struct xr_value *v)
{
    switch ( s )
    {
    case 's': return v->type == XR_STRING;
    case 'i': return v->type == XR_INT;
    case 'b': return v->type == XR_BOOL || v->type == XR_INT;
    case 'd': return v->type == XR_STRUCT;
    case 'D': return v->type == XR_STRING || v->type == XR_INT;
    case 'v': return v->type == XR_STRING || v->type == XR_STRUCT;
    }
    return false;
}

static int check_params(struct call *c)
{
    const char *s = c->m->sig;
    size_t n = c->params->u.array.n, i = 0, min = strcspn(s, "|");
    size_t max = strlen(s) - (s[min] == '|');

    if ( n < min || n > max )
        return fail(c, XR_FAULT_BAD_PARAMS, "%s takes %zu to %zu "
                    "parameters, got %zu", c->m->name, min, max, n), -1;
    for ( ; *s && i < n; s++ )
    {
        if ( *s == '|' )
            continue;
        if ( !sig_match(*s, param(c, i)) )
            return fail(c, XR_FAULT_BAD_PARAMS, "%s: parameter %zu has the "
                        "wrong type (%s)", c->m->name, i + 1,
                        xr_type_name(param(c, i)->type)), -1;
        i++;
    }
    return 0;
}

static struct xr_value *done(struct call *c, int rc)
{
    return rc ? hv_fail(c, rc) : xr_bool(true);
}

static const struct xend_record *record_of(const uuid_t uuid)
{
    return xend_table_find(uuid);
}

/* "r-----": running, blocked, paused, shutdown, crashed, dying. */
static void state_string(unsigned int flags, char *s)
{
    static const char letters[] = "rbpscd";
    unsigned int i;

    for ( i = 0; i < 6; i++ )
        s[i] = flags & (1u << i) ? letters[i] : '-';
    s[6] = '\0';
}

static struct xr_value *dominfo_value(const struct xend_dominfo *d)
{
    const struct xend_record *r = record_of(d->uuid);
    const struct xr_value *name = r ? xr_struct_get(r->config, "name") : NULL;
    struct xr_value *v = xr_struct();

    if ( name && name->type != XR_STRING )
        name = NULL;
    char state[7], u[37];

    uuid_unparse_lower(d->uuid, u);
    state_string(d->flags, state);
    xr_struct_set(v, "domid", xr_int(d->domid));
    xr_struct_set(v, "name", xr_string(name ? name->u.s : d->domid ?
                                       "(unknown)" : "Domain-0"));
    xr_struct_set(v, "uuid", xr_string(u));
    xr_struct_set(v, "memory", xr_int(d->memory_kib / 1024));
    xr_struct_set(v, "maxmem", xr_int(d->maxmem_kib / 1024));
    xr_struct_set(v, "vcpus", xr_int(d->vcpus));
    xr_struct_set(v, "state", xr_string(state));
    xr_struct_set(v, "cpu_time", xr_double(d->cpu_time_ns / 1e9));
    if ( r )
    {
        xr_struct_set(v, "start_time", xr_double(r->start_time));
        xr_struct_set(v, "config", xr_copy(r->config));
    }
    return v;
}

/* xend.domains(detail): records, or names only when detail is false. */
static struct xr_value *m_domains(struct call *c)
{
    const struct xr_value *detail = param(c, 0);
    bool names = detail && !(detail->type == XR_BOOL ? detail->u.b
                                                       : detail->u.i);
    struct xend_dominfo *doms = NULL;
    struct xr_value *a, *v;
    unsigned int nr = 0, i;
    int rc = xend_hv->list(&doms, &nr);

    if ( rc )
        return hv_fail(c, rc);
    a = xr_array();
    for ( i = 0; i < nr; i++ )
    {
        v = dominfo_value(&doms[i]);
        if ( names )
        {
            xr_array_append(a, xr_copy(xr_struct_get(v, "name")));
            xr_free(v);
        }
        else
            xr_array_append(a, v);
    }
    free(doms);
    return a;
}

/* A domain by id, or by the name its record holds. */
static bool names_domain(const struct xr_value *v,
                         const struct xend_dominfo *d)
{
    const struct xend_record *r;
    const struct xr_value *n;
    char *end;

    if ( v->type == XR_INT )
        return d->domid == v->u.i;
    if ( d->domid == strtoul(v->u.s, &end, 10) && !*end && *v->u.s )
        return true;
    r = record_of(d->uuid);
    n = r ? xr_struct_get(r->config, "name") : NULL;
    if ( !d->domid && !r )
        return !strcmp(v->u.s, "Domain-0");
    return n && n->type == XR_STRING && !strcmp(n->u.s, v->u.s);
}

static int find_domain(struct call *c, unsigned int i,
                       struct xend_dominfo *out)
{
    const struct xr_value *v = param(c, i);
    struct xend_dominfo *doms = NULL;
    unsigned int nr = 0, k;
    int rc = xend_hv->list(&doms, &nr);

    if ( rc )
        return hv_fail(c, rc), -1;
    for ( k = 0; k < nr && !names_domain(v, &doms[k]); k++ )
        ;
    if ( k < nr )
        *out = doms[k];
    free(doms);
    if ( k == nr )
        return fail(c, ENOENT, "domain '%.64s' does not exist",
                    v->type == XR_STRING ? v->u.s : "(that id)"), -1;
    return 0;
}

static int resolve(struct call *c, unsigned int i, uint32_t *domid)
{
    struct xend_dominfo d;

    if ( find_domain(c, i, &d) )
        return -1;
    *domid = d.domid;
    return 0;
}

static struct xr_value *m_domain(struct call *c)
{
    struct xend_dominfo d;

    return find_domain(c, 0, &d) ? NULL : dominfo_value(&d);
}

/* The kernel and ramdisk must be regular files xend can read. */
static int check_file(struct call *c, const char *key, const char *path)
{
    struct stat st;
    int fd;

    if ( !path )
        return 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if ( fd < 0 )
        return fail(c, EINVAL, "%s: cannot read %.200s: %s", key, path,
                    strerror(errno)), -1;
    if ( fstat(fd, &st) || !S_ISREG(st.st_mode) )
    {
        close(fd);
        return fail(c, EINVAL, "%s: %.200s is not a regular file", key,
                    path), -1;
    }
    close(fd);
    return 0;
}

/* Each disk's backend is served and its file or device exists; each
 * vif is one dom0 serves. */
static int check_disks(struct call *c, const struct domain_config *cfg)
{
    char why[512];
    unsigned int i;

    for ( i = 0; i < cfg->nr_disks; i++ )
        if ( xend_vbd_check(&cfg->disks[i], why, sizeof(why)) )
            return fail(c, EINVAL, "%s", why), -1;
    for ( i = 0; i < cfg->nr_vifs; i++ )
        if ( xend_vif_check(&cfg->vifs[i], i, why, sizeof(why)) )
            return fail(c, EINVAL, "%s", why), -1;
    return 0;
}

/*
 * Record a created domain on disk and in the table.  Without its record
 * xend would not know the domain after a restart, so a failure to save
 * destroys it again: a create that fails leaves nothing behind.
 */
static int remember(struct call *c, const struct domain_config *cfg,
                    uint32_t domid)
{
    int rc = xend_table_remember(cfg, domid);

    if ( rc )
    {
        xend_hv->destroy(domid);
        fail(c, -rc, "domain creation: cannot save its record under %.200s: "
             "%s (the domain was destroyed)", xend_settings.state_dir,
             strerror(-rc));
    }
    return rc;
}

static struct xr_value *m_create(struct call *c)
{
    struct domain_config cfg;
    struct domcfg_error err;
    struct xr_value *r = NULL;
    const char *taken;
    uint32_t domid;
    int rc;

    domcfg_init(&cfg);
    if ( domcfg_parse(param(c, 0), &cfg, &err) )
        fail(c, EINVAL, "%s: %s", err.key, err.msg);
    else if ( (taken = xend_table_taken_by(&cfg, NULL)) )
        fail(c, EEXIST, "a domain with the %s of '%s' already exists",
             taken, cfg.name);
    else if ( check_file(c, "kernel", cfg.kernel) ||
              check_file(c, "ramdisk", cfg.ramdisk) ||
              check_disks(c, &cfg) )
        ;
    /* MACs chosen now are recorded with the config: a restart keeps them. */
    else if ( xend_vif_fill_macs(&cfg), (rc = xend_hv->create(&cfg, &domid)) )
        hv_fail(c, rc);
    else if ( !remember(c, &cfg, domid) )
    {
        XLOG_INFO("domain %s created: id %u", cfg.name, domid);
        r = xr_struct();
        xr_struct_set(r, "name", xr_string(cfg.name));
        xr_struct_set(r, "domid", xr_int(domid));
    }
    domcfg_dispose(&cfg);
    return r;
}

/* Xen 3's xend.domain.save(dom, file, checkpoint), and ours: compress. */
static struct xr_value *m_save(struct call *c)
{
    const struct xr_value *ck = param(c, 2), *z = param(c, 3);
    struct xend_dominfo d;
    char *why;
    int rc;

    if ( find_domain(c, 0, &d) )
        return NULL;
    if ( d.domid == 0 )
        return fail(c, EINVAL, "Domain-0 cannot be saved");
    rc = xend_save_domain(d.domid, d.uuid, param(c, 1)->u.s,
                          ck && ck->u.b, z && z->u.b, &why);
    if ( rc )
        fail(c, -rc, "saving domain %u failed: %s", d.domid,
             why ? why : strerror(-rc));
    else
        XLOG_INFO("domain %u saved to %s%s", d.domid, param(c, 1)->u.s,
                  ck && ck->u.b ? " (checkpoint: it runs on)" : "");
    free(why);
    return rc ? NULL : xr_bool(true);
}

static struct xr_value *m_restore(struct call *c)
{
    struct domain_config cfg;
    struct xr_value *r = NULL;
    const char *taken;
    char *why = NULL;
    uint32_t domid;
    int fd, rc;

    domcfg_init(&cfg);
    fd = xend_restore_open(param(c, 0)->u.s, &cfg, &why);
    if ( fd < 0 )
        fail(c, -fd, "restoring %.200s failed: %s", param(c, 0)->u.s, why);
    else if ( (taken = xend_table_taken_by(&cfg, NULL)) )
        fail(c, EEXIST, "a domain with the %s of '%s' already exists",
             taken, cfg.name);
    else if ( (rc = xend_hv->restore(&cfg, fd, false, &domid)) )
        hv_fail(c, rc);
    else if ( !remember(c, &cfg, domid) )
    {
        XLOG_INFO("domain %s restored: id %u", cfg.name, domid);
        r = xr_struct();
        xr_struct_set(r, "name", xr_string(cfg.name));
        xr_struct_set(r, "domid", xr_int(domid));
    }
    if ( fd >= 0 )
        close(fd);
    free(why);
    domcfg_dispose(&cfg);
    return r;
}

static double monotonic(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The answer: destination id, the sender's lines, times (seconds). */
static struct xr_value *migration_value(const struct xend_migration *m,
                                        double t0, double t1)
{
    struct xr_value *r = xr_struct();
    const char *s = m->log ? strstr(m->log, "suspended t ") : NULL;

    xr_struct_set(r, "domid", xr_int(m->dest_domid));
    xr_struct_set(r, "progress", xr_string(m->log ? m->log : ""));
    xr_struct_set(r, "total_secs", xr_double(t1 - t0));
    if ( s )
        xr_struct_set(r, "downtime_secs", xr_double(t1 - atof(s + 12)));
    return r;
}

/* Xen 3's xend.domain.migrate(dom, host, live [, port]). */
static struct xr_value *m_migrate(struct call *c)
{
    const struct xr_value *port = param(c, 3);
    struct xend_migration m = { 0 };
    struct xend_dominfo d;
    struct xr_value *r = NULL;
    double t0 = monotonic();
    char *why;
    int rc;

    if ( find_domain(c, 0, &d) )
        return NULL;
    if ( d.domid == 0 )
        return fail(c, EINVAL, "Domain-0 cannot be migrated");
    rc = xend_migrate(d.domid, d.uuid, param(c, 1)->u.s,
                      port && port->u.i ? port->u.i : XEND_RELOCATION_PORT,
                      param(c, 2)->u.b, &m, &why);
    if ( rc )
        fail(c, -rc, "migrating domain %u to %s failed: %s (%s)", d.domid,
             param(c, 1)->u.s, why ? why : strerror(-rc), m.left_suspended
             ? "it may be running there: it is left suspended here"
             : "it runs on here");
    else
        r = migration_value(&m, t0, monotonic());
    free(why);
    free(m.log);
    return r;
}

static struct xr_value *m_destroy(struct call *c)
{
    struct xend_dominfo d;
    int rc;

    if ( find_domain(c, 0, &d) )
        return NULL;
    rc = xend_hv->destroy(d.domid);
    if ( !rc )
    {
        XLOG_INFO("domain %u destroyed (xm destroy)", d.domid);
        xend_table_forget(d.uuid);
    }
    return done(c, rc);
}

static struct xr_value *m_pause(struct call *c)
{
    uint32_t id;

    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->pause(id));
}

static struct xr_value *m_unpause(struct call *c)
{
    uint32_t id;

    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->unpause(id));
}

static struct xr_value *m_shutdown(struct call *c)
{
    static const char *const reasons[] = { "poweroff", "reboot", "halt" };
    const char *r = param(c, 1)->u.s;
    unsigned int i;
    uint32_t id;

    for ( i = 0; i < 3 && strcmp(r, reasons[i]); i++ )
        ;
    if ( i == 3 )
        return fail(c, EINVAL, "shutdown reason '%.40s' is not poweroff, "
                    "reboot or halt", r);
    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->shutdown(id, i));
}

/* Another record than self holding name (names are unique, as Xen 3). */
static bool name_taken(const char *name, const struct xend_record *self)
{
    const struct xend_record *all;
    const char *n;
    unsigned int nr, i;

    all = xend_table_all(&nr);
    for ( i = 0; i < nr; i++ )
        if ( &all[i] != self && (n = xend_record_name(&all[i])) &&
             !strcmp(n, name) )
            return true;
    return false;
}

static struct xr_value *m_set_name(struct call *c)
{
    const char *name = param(c, 1)->u.s;
    struct xend_record *r, renamed;
    struct xend_dominfo d;
    int rc;

    if ( !domcfg_name_valid(name) )
        return fail(c, EINVAL, "name '%.64s' must be " DOMCFG_NAME_RULE,
                    name);
    if ( find_domain(c, 0, &d) )
        return NULL;
    r = xend_table_find(d.uuid);
    if ( !r )
        return fail(c, EPERM, "domain %u has no xend record to rename",
                    d.domid);
    if ( name_taken(name, r) )
        return fail(c, EEXIST, "a domain named '%s' already exists", name);
    /* xenstore's name nodes, then the record; a backend without
     * xenstore (ENOSYS) has no nodes to rename. */
    rc = xend_hv->rename(d.domid, name);
    if ( rc && rc != -ENOSYS )
        return hv_fail(c, rc);
    renamed = *r;
    renamed.config = xr_copy(r->config);
    xr_struct_set(renamed.config, "name", xr_string(name));
    rc = xend_record_save(xend_settings.state_dir, &renamed);
    if ( rc )
    {
        xr_free(renamed.config);
        return fail(c, -rc, "renaming a domain: cannot save its record: %s",
                    strerror(-rc));
    }
    XLOG_INFO("domain %u renamed to %s", d.domid, name);
    xr_free(r->config);
    r->config = renamed.config;
    return xr_bool(true);
}

static struct xr_value *m_mem_target(struct call *c)
{
    uint32_t id;
    int64_t mib = param(c, 1)->u.i;

    if ( mib <= 0 )
        return fail(c, EINVAL, "memory must be a positive number of MiB");
    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->set_memory(id, mib));
}

static struct xr_value *m_mem_max(struct call *c)
{
    uint32_t id;
    int64_t mib = param(c, 1)->u.i;

    if ( mib <= 0 )
        return fail(c, EINVAL, "memory must be a positive number of MiB");
    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->set_maxmem(id, mib));
}

static struct xr_value *m_set_vcpus(struct call *c)
{
    uint32_t id;
    int64_t n = param(c, 1)->u.i;

    if ( n < 1 || n > 128 )
        return fail(c, EINVAL, "vCPU count must be from 1 to 128");
    return resolve(c, 0, &id) ? NULL : done(c, xend_hv->set_vcpus(id, n));
}

/* The vCPU of pincpu: a number (int or decimal string) or "all" (-1). */
static int vcpu_param(const struct xr_value *v, int *vcpu)
{
    char *end;
    long n;

    if ( v->type == XR_STRING && !strcmp(v->u.s, "all") )
    {
        *vcpu = -1;
        return 0;
    }
    if ( v->type == XR_INT )
        n = v->u.i;
    else
    {
        n = strtol(v->u.s, &end, 10);
        if ( !*v->u.s || *end )
            return -1;
    }
    if ( n < 0 || n > 127 )
        return -1;
    *vcpu = n;
    return 0;
}

static struct xr_value *m_pincpu(struct call *c)
{
    char *cpus = NULL;
    uint32_t id;
    int vcpu, rc;

    if ( vcpu_param(param(c, 1), &vcpu) )
        return fail(c, EINVAL, "vcpu must be a number from 0 to 127 or "
                    "'all'");
    if ( domcfg_parse_cpus(param(c, 2), &cpus) )
        return fail(c, EINVAL, "bad CPU list");
    rc = resolve(c, 0, &id);
    if ( !rc )
        rc = xend_hv->pin_vcpu(id, vcpu, cpus);
    free(cpus);
    return c->msg ? NULL : done(c, rc);
}

static struct xr_value *m_credit_get(struct call *c)
{
    unsigned int w, cap;
    struct xr_value *r;
    uint32_t id;
    int rc;

    if ( resolve(c, 0, &id) )
        return NULL;
    rc = xend_hv->sched_credit_get(id, &w, &cap);
    if ( rc )
        return hv_fail(c, rc);
    r = xr_struct();
    xr_struct_set(r, "weight", xr_int(w));
    xr_struct_set(r, "cap", xr_int(cap));
    return r;
}

static struct xr_value *m_credit_set(struct call *c)
{
    int64_t w = param(c, 1)->u.i, cap = param(c, 2)->u.i;
    uint32_t id;

    if ( (w != -1 && (w < 1 || w > 65535)) || cap < -1 || cap > 12800 )
        return fail(c, EINVAL, "weight must be 1-65535 and cap 0-12800 "
                    "(-1: unchanged)");
    return resolve(c, 0, &id) ? NULL
                              : done(c, xend_hv->sched_credit_set(id, w, cap));
}

static struct xr_value *vcpu_value(const struct xend_vcpuinfo *v)
{
    struct xr_value *s = xr_struct();

    xr_struct_set(s, "vcpu", xr_int(v->vcpu));
    xr_struct_set(s, "cpu", xr_int(v->cpu));
    xr_struct_set(s, "state", xr_string(!v->online ? "-" : v->running ?
                                        "r" : v->blocked ? "b" : "-"));
    xr_struct_set(s, "cpu_time", xr_double(v->cpu_time_ns / 1e9));
    xr_struct_set(s, "affinity", xr_string(v->affinity));
    return s;
}

static struct xr_value *m_vcpu_info(struct call *c)
{
    struct xend_vcpuinfo *v = NULL;
    unsigned int nr = 0, i;
    struct xr_value *a;
    uint32_t id;
    int rc;

    if ( resolve(c, 0, &id) )
        return NULL;
    rc = xend_hv->vcpu_info(id, &v, &nr);
    if ( rc )
        return hv_fail(c, rc);
    a = xr_array();
    for ( i = 0; i < nr; i++ )
        xr_array_append(a, vcpu_value(&v[i]));
    free(v);
    return a;
}

/* Xen 3's getDeviceSxprs(D, kind): [[devid, {frontend nodes}], ...]. */
static struct xr_value *m_devices(struct call *c)
{
    const struct xr_value *kind = param(c, 1);
    struct xr_value *list = NULL;
    uint32_t id;
    int rc;

    if ( resolve(c, 0, &id) )
        return NULL;
    if ( strcmp(kind->u.s, "vbd") && strcmp(kind->u.s, "vif") )
        return fail(c, EINVAL, "no device kind '%.40s' (vbd or vif)",
                    kind->u.s);
    rc = xend_hv->devices(id, kind->u.s, &list);
    return rc ? hv_fail(c, rc) : list;
}

/* An attached device goes in the domain's record (its on_reboot restart
 * has it, as with Xen 3's xend); the device works without, so a record
 * that cannot be saved is only logged. */
static void keep_device(uint32_t id, const char *key, struct xr_value *entry)
{
    int rc = xend_table_device_add(id, key, entry);

    if ( rc )
        XLOG_WARN("domain %u: cannot add a %s to its record: %s", id, key,
                  strerror(-rc));
}

/* Xen 3's device_create(D, ['vbd', ...]) with a disk entry as a config
 * holds it: 'file:/img,xvdd,w' or our dict.  Checked as at create. */
static struct xr_value *vif_create(struct call *c, uint32_t id);

static struct xr_value *m_device_create(struct call *c)
{
    struct domcfg_disk d = { 0 };
    char why[512];
    uint32_t id;
    int rc;

    if ( resolve(c, 0, &id) )
        return NULL;
    if ( !strcmp(param(c, 1)->u.s, "vif") )
        return vif_create(c, id);
    if ( strcmp(param(c, 1)->u.s, "vbd") )
        return fail(c, EINVAL, "only vbd and vif devices can be attached "
                    "(not '%.40s')", param(c, 1)->u.s);
    if ( domcfg_parse_disk(param(c, 2), &d, why, sizeof(why)) ||
         xend_vbd_check(&d, why, sizeof(why)) )
        fail(c, EINVAL, "%s", why);
    else if ( (rc = xend_hv->disk_attach(id, &d)) )
        hv_fail(c, rc);
    else
        keep_device(id, "disk", domcfg_disk_value(&d));
    domcfg_disk_dispose(&d);
    return c->msg ? NULL : xr_bool(true);
}

/* device_create(D, 'vif', entry): a vif entry as a config holds it
 * ('mac=...,bridge=...' or our dict; '' is all defaults), checked as at
 * create; a MAC is chosen when it has none, and kept in the record. */
static struct xr_value *vif_create(struct call *c, uint32_t id)
{
    struct domain_config one;
    struct domcfg_vif v = { 0 };
    char why[512];
    int rc;

    if ( domcfg_parse_vif(param(c, 2), &v, why, sizeof(why)) ||
         xend_vif_check(&v, 0, why, sizeof(why)) )
        fail(c, EINVAL, "%s", why);
    else
    {
        domcfg_init(&one);
        one.vifs = &v;
        one.nr_vifs = 1;
        xend_vif_fill_macs(&one);
        if ( (rc = xend_hv->vif_attach(id, &v)) )
            hv_fail(c, rc);
        else
            keep_device(id, "vif", domcfg_vif_value(&v));
    }
    domcfg_vif_dispose(&v);
    return c->msg ? NULL : xr_bool(true);
}

/* A device by number ("51760", 51760) or, for a vbd, by name ("xvdd"). */
static long device_number(const char *kind, const struct xr_value *v)
{
    char *end;
    long n;

    if ( v->type == XR_INT )
        return v->u.i >= 0 && v->u.i <= UINT32_MAX ? (long)v->u.i : -1;
    n = strtol(v->u.s, &end, 10);
    if ( *v->u.s && !*end )
        return n >= 0 && n <= (long)UINT32_MAX ? n : -1;
    return strcmp(kind, "vbd") ? -1 : xend_vbd_devid(v->u.s);
}

/* A record's disk entry for device number *(long *)arg. */
static bool disk_is(const struct xr_value *e, const void *arg)
{
    const struct xr_value *vdev = xr_struct_get(e, "vdev");

    return vdev && vdev->type == XR_STRING &&
           xend_vbd_devid(vdev->u.s) == *(const long *)arg;
}

/* A record's vif entry with MAC arg (MACs tell a domain's vifs apart:
 * their numbers are not in the record). */
static bool vif_is(const struct xr_value *e, const void *arg)
{
    const struct xr_value *mac = xr_struct_get(e, "mac");

    return mac && mac->type == XR_STRING && !strcasecmp(mac->u.s, arg);
}

/* The MAC of vif dev as its frontend nodes say, or "". */
static void vif_mac(uint32_t id, const char *kind, long dev, char *mac,
                    size_t len)
{
    struct xr_value *list = NULL;
    const struct xr_value *one, *m;
    size_t i;

    *mac = 0;
    if ( strcmp(kind, "vif") || xend_hv->devices(id, kind, &list) )
        return;
    for ( i = 0; i < list->u.array.n; i++ )
    {
        one = list->u.array.items[i];
        if ( one->u.array.items[0]->u.i != dev )
            continue;
        m = xr_struct_get(one->u.array.items[1], "mac");
        if ( m && m->type == XR_STRING )
            snprintf(mac, len, "%s", m->u.s);
    }
    xr_free(list);
}

/* Xen 3's destroyDevice(D, kind, dev, force). */
static struct xr_value *m_destroy_device(struct call *c)
{
    const char *kind = param(c, 1)->u.s;
    const struct xr_value *f = param(c, 3);
    char mac[32];
    uint32_t id;
    long dev;
    int rc;

    if ( resolve(c, 0, &id) )
        return NULL;
    if ( strcmp(kind, "vbd") && strcmp(kind, "vif") )
        return fail(c, EINVAL, "no device kind '%.40s' (vbd or vif)", kind);
    if ( (dev = device_number(kind, param(c, 2))) < 0 )
        return fail(c, EINVAL, "'%.40s' names no %s device",
                    param(c, 2)->type == XR_STRING ? param(c, 2)->u.s : "?",
                    kind);
    vif_mac(id, kind, dev, mac, sizeof(mac));
    rc = xend_hv->device_detach(id, kind, dev, f && (f->type == XR_BOOL
                                                     ? f->u.b : f->u.i));
    if ( rc )
        return hv_fail(c, rc);
    rc = !strcmp(kind, "vbd")
         ? xend_table_device_drop(id, "disk", disk_is, &dev)
         : *mac ? xend_table_device_drop(id, "vif", vif_is, mac) : 0;
    if ( rc )
        XLOG_WARN("domain %u: cannot drop %s %ld from its record: %s", id,
                  kind, dev, strerror(-rc));
    return xr_bool(true);
}

/* dom0's kernel, as Xen 3's host/release/version/machine lines. */
static void uname_members(struct xr_value *s)
{
    struct utsname u;

    if ( uname(&u) )
        return;
    xr_struct_set(s, "host", xr_string(u.nodename));
    xr_struct_set(s, "release", xr_string(u.release));
    xr_struct_set(s, "version", xr_string(u.version));
    xr_struct_set(s, "machine", xr_string(u.machine));
}

/* Xen 3's `xm info` keys, in its order, for those we know. */
static struct xr_value *m_node_info(struct call *c)
{
    struct xend_physinfo p = { 0 };
    struct xr_value *s;
    int rc = xend_hv->physinfo(&p);

    if ( rc )
        return hv_fail(c, rc);
    s = xr_struct();
    uname_members(s);
    xr_struct_set(s, "nr_cpus", xr_int(p.nr_cpus));
    xr_struct_set(s, "nr_nodes", xr_int(p.nr_nodes));
    xr_struct_set(s, "cores_per_socket", xr_int(p.cores_per_socket));
    xr_struct_set(s, "threads_per_core", xr_int(p.threads_per_core));
    xr_struct_set(s, "cpu_mhz", xr_int(p.cpu_khz / 1000));
    xr_struct_set(s, "total_memory", xr_int(p.total_kib / 1024));
    xr_struct_set(s, "free_memory", xr_int(p.free_kib / 1024));
    xr_struct_set(s, "xen_major", xr_int(p.xen_major));
    xr_struct_set(s, "xen_minor", xr_int(p.xen_minor));
    xr_struct_set(s, "xen_extra", xr_string(p.xen_extra));
    xr_struct_set(s, "xen_scheduler", xr_string(p.scheduler));
    xr_struct_set(s, "xen_pagesize", xr_int(4096));
    xr_struct_set(s, "xend_config_format", xr_int(4));
    return s;
}

static struct xr_value *readconsole(struct call *c, bool clear)
{
    struct xr_value *r;
    char *text = NULL;
    int rc = xend_hv->readconsole(&text, clear);

    if ( rc )
        return hv_fail(c, rc);
    r = xr_string(clear ? "" : text);
    free(text);
    return r;
}

static struct xr_value *m_dmesg(struct call *c)
{
    return readconsole(c, false);
}

static struct xr_value *m_dmesg_clear(struct call *c)
{
    return readconsole(c, true);
}

/* xend's own log file, whole (xm log). */
static struct xr_value *m_log(struct call *c)
{
    FILE *f = fopen(xend_settings.log_file, "r");
    struct xr_value *r;
    char *text = NULL;
    size_t len = 0;

    if ( !f )
        return fail(c, errno, "cannot read %s: %s", xend_settings.log_file,
                    strerror(errno));
    if ( getdelim(&text, &len, '\0', f) < 0 )
    {
        free(text);
        text = NULL;
    }
    fclose(f);
    r = xr_string(text ? text : "");
    free(text);
    return r;
}

static struct xr_value *m_list_methods(struct call *c);

static const struct method methods[] = {
    { "system.listMethods", "", m_list_methods, "listing methods" },
    { "xend.domains", "|bb", m_domains, "listing domains" },
    { "xend.domain", "D|b", m_domain, "looking up a domain" },
    { "xend.domain.create", "d", m_create, "domain creation" },
    { "xend.domain.destroy", "D", m_destroy, "destroying a domain" },
    { "xend.domain.save", "Ds|bb", m_save, "saving a domain" },
    { "xend.domain.restore", "s", m_restore, "restoring a domain" },
    { "xend.domain.migrate", "Dsb|i", m_migrate, "migrating a domain" },
    { "xend.domain.shutdown", "Ds", m_shutdown, "shutting a domain down" },
    { "xend.domain.pause", "D", m_pause, "pausing a domain" },
    { "xend.domain.unpause", "D", m_unpause, "unpausing a domain" },
    { "xend.domain.setName", "Ds", m_set_name, "renaming a domain" },
    { "xend.domain.setMemoryTarget", "Di", m_mem_target,
      "setting a domain's memory" },
    { "xend.domain.maxmem_set", "Di", m_mem_max,
      "setting a domain's maximum memory" },
    { "xend.domain.setVCpuCount", "Di", m_set_vcpus,
      "setting a domain's vCPUs" },
    { "xend.domain.pincpu", "DDs", m_pincpu, "pinning a vCPU" },
    { "xend.domain.sched_credit_get", "D", m_credit_get,
      "reading scheduler parameters" },
    { "xend.domain.sched_credit_set", "Dii", m_credit_set,
      "setting scheduler parameters" },
    { "xend.domain.getVCPUInfo", "D", m_vcpu_info, "listing vCPUs" },
    { "xend.domain.getDeviceSxprs", "Ds", m_devices, "listing devices" },
    { "xend.domain.device_create", "Dsv", m_device_create,
      "attaching a device" },
    { "xend.domain.destroyDevice", "DsD|b", m_destroy_device,
      "detaching a device" },
    { "xend.node.info", "", m_node_info, "host information" },
    { "xend.node.dmesg.info", "", m_dmesg, "reading the hypervisor log" },
    { "xend.node.dmesg.clear", "", m_dmesg_clear,
      "clearing the hypervisor log" },
    { "xend.node.log", "", m_log, "reading xend's log" },
};

#define NR_METHODS (sizeof(methods) / sizeof(methods[0]))

static struct xr_value *m_list_methods(struct call *c)
{
    struct xr_value *a = xr_array();
    size_t i;

    for ( i = 0; i < NR_METHODS; i++ )
        xr_array_append(a, xr_string(methods[i].name));
    return a;
}

struct xr_value *xend_dispatch(const char *method,
                               const struct xr_value *params,
                               int *fault_code, char **fault_msg)
{
    struct call c = { .params = params };
    struct xr_value *r = NULL;
    size_t i;

    for ( i = 0; i < NR_METHODS && strcmp(methods[i].name, method); i++ )
        ;
    if ( i == NR_METHODS )
    {
        c.m = &methods[0];
        fail(&c, XR_FAULT_NO_METHOD, "xend has no method '%.60s'", method);
    }
    else
    {
        c.m = &methods[i];
        if ( !check_params(&c) )
            r = c.m->fn(&c);
    }
    *fault_code = c.code;
    *fault_msg = c.msg;
    return r;
}
