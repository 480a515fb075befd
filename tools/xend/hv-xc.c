/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libxc backend: xend's operations through libxenctrl (domctl and
 * sysctl), libxenstore (the domain's nodes, the @releaseDomain watch) and,
 * for create, the steps of xend-create.c over hv-xc-create.c's primitives.
 * Chosen at start-up when /dev/xen/privcmd opens (xend_hv_xc_open()).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xencall.h>
#include <xenstore.h>
#include <xen/sched.h>
#include <xen/version.h>

#include "hv-xc.h"
#include "xend-devices.h"
#include "xend-vbd.h"
#include "xend-vif.h"
#include "xend.h"
#include "xend-xs.h"

#define MAX_DOMAINS 1024
#define PAGE_KIB 4

struct hvxc hvxc;

int hvxc_fail(int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(hvxc.why, sizeof(hvxc.why), fmt, ap);
    va_end(ap);
    return -err;
}

int hvxc_fail_why(int rc, char *why)
{
    if ( rc )
        hvxc_fail(-rc, "%s", why ? why : strerror(-rc));
    free(why);
    return rc;
}

int hvxc_errno(void)
{
    return errno ? -errno : -EIO;
}

static const char *xc_why(void)
{
    return hvxc.why[0] ? hvxc.why : NULL;
}

/* Every operation starts with no reason recorded. */
static void begin(void)
{
    hvxc.why[0] = '\0';
    errno = 0;
}

void hvxc_begin(void)
{
    begin();
}

/* The parent's xenstore connection is its own: a fresh one when needed. */
void hvxc_forked(void)
{
    hvxc.xs = NULL;
}

struct xs_handle *hvxc_xs(void)
{
    if ( hvxc.xs )
        return hvxc.xs;
    hvxc.xs = xs_open(0);
    if ( !hvxc.xs )
        return NULL;
    if ( !xs_watch(hvxc.xs, "@releaseDomain", "xend-release") )
        XLOG_WARN("cannot watch @releaseDomain: %s (domains that shut "
                  "down are noticed only when xend is asked)",
                  strerror(errno));
    return hvxc.xs;
}

int hvxc_dominfo(uint32_t domid, xc_domaininfo_t *info)
{
    int n = xc_domain_getinfolist(hvxc.xch, domid, 1, info);

    if ( n < 0 )
        return hvxc_errno();
    if ( n == 0 || info->domain != domid )
        return -ESRCH;
    return 0;
}

static unsigned int dom_flags(const xc_domaininfo_t *i, unsigned int reason)
{
    unsigned int f = 0;

    f |= i->flags & XEN_DOMINF_running ? XEND_DOMF_RUNNING : 0;
    f |= i->flags & XEN_DOMINF_blocked ? XEND_DOMF_BLOCKED : 0;
    f |= i->flags & XEN_DOMINF_paused ? XEND_DOMF_PAUSED : 0;
    f |= i->flags & XEN_DOMINF_dying ? XEND_DOMF_DYING : 0;
    if ( i->flags & XEN_DOMINF_shutdown )
        f |= reason == SHUTDOWN_crash ? XEND_DOMF_CRASHED
                                      : XEND_DOMF_SHUTDOWN;
    return f;
}

static void to_dominfo(const xc_domaininfo_t *i, struct xend_dominfo *d)
{
    unsigned int reason = (i->flags >> XEN_DOMINF_shutdownshift) &
                          XEN_DOMINF_shutdownmask;

    memset(d, 0, sizeof(*d));
    d->domid = i->domain;
    memcpy(d->uuid, i->handle, sizeof(d->uuid));
    d->memory_kib = i->tot_pages * PAGE_KIB;
    d->maxmem_kib = i->max_pages >= UINT64_MAX / PAGE_KIB
                    ? UINT64_MAX : i->max_pages * PAGE_KIB;
    d->vcpus = i->nr_online_vcpus;
    d->cpu_time_ns = i->cpu_time;
    d->flags = dom_flags(i, reason);
    /* A crash is a shutdown too: the life cycle code acts on both. */
    if ( d->flags & XEND_DOMF_CRASHED )
        d->flags |= XEND_DOMF_SHUTDOWN;
    d->shutdown_reason = reason;
}

static int xc_list(struct xend_dominfo **doms, unsigned int *nr)
{
    xc_domaininfo_t *info = calloc(MAX_DOMAINS, sizeof(*info));
    int n, i;

    begin();
    if ( !info )
        return -ENOMEM;
    n = xc_domain_getinfolist(hvxc.xch, 0, MAX_DOMAINS, info);
    if ( n < 0 )
    {
        free(info);
        return hvxc_errno();
    }
    *doms = xr_xmalloc((n ? n : 1) * sizeof(**doms));
    for ( i = 0; i < n; i++ )
        to_dominfo(&info[i], &(*doms)[i]);
    *nr = n;
    free(info);
    return 0;
}

static int xc_create(const struct domain_config *cfg, uint32_t *domid)
{
    char *why = NULL;
    int rc;

    begin();
    rc = xend_create_domain(&hvxc_prims, cfg, domid, &why);
    return hvxc_fail_why(rc, why);
}

/*
 * As libxl (libxl__destroy_domid): the domain is paused, its devices are
 * taken down (backends closed, hotplug scripts' remove run, nodes gone),
 * then the domain goes (a failure leaves its nodes, so nothing is lost),
 * then its xenstore nodes.  A domain already gone is no error: its
 * devices and nodes are still removed.
 */
static int xc_destroy(uint32_t domid)
{
    struct xs_handle *xs;
    int rc = 0;

    begin();
    xs = hvxc_xs();
    xc_domain_pause(hvxc.xch, domid);
    if ( xs && (rc = xend_devices_remove_all(xs, domid)) )
        XLOG_WARN("domain %u: taking its devices down: %s", domid,
                  strerror(-rc));
    if ( xc_domain_destroy(hvxc.xch, domid) && errno != ESRCH )
        return hvxc_errno();
    if ( xs )
        rc = xend_xs_remove_domain(xs, domid, NULL);
    if ( rc )
        XLOG_WARN("domain %u: removing its xenstore nodes: %s", domid,
                  strerror(-rc));
    return 0;
}

static int xc_pause(uint32_t domid)
{
    begin();
    return xc_domain_pause(hvxc.xch, domid) ? hvxc_errno() : 0;
}

static int xc_unpause(uint32_t domid)
{
    begin();
    return xc_domain_unpause(hvxc.xch, domid) ? hvxc_errno() : 0;
}

/* A fresh operation that needs xenstored: begin() and its handle. */
static struct xs_handle *begin_xs(void)
{
    struct xs_handle *xs;

    begin();
    xs = hvxc_xs();

    if ( !xs )
        hvxc_fail(ENOTCONN, "xenstored is not running (%s)",
                  strerror(errno));
    return xs;
}

/* As Xen 3's xend: the guest reads control/shutdown and acts on it. */
static int xc_shutdown(uint32_t domid, enum xend_shutdown_reason why)
{
    static const char *const names[] = { "poweroff", "reboot", "halt" };
    struct xs_handle *xs;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    return xend_xs_shutdown(xs, domid, names[why]);
}

static int xc_set_memory(uint32_t domid, uint64_t mib)
{
    struct xs_handle *xs;
    uint64_t max;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    if ( !xend_xs_read_u64(xs, domid, "memory/static-max", &max) &&
         mib * 1024 > max )
        return hvxc_fail(EINVAL, "%" PRIu64 " MiB is above the domain's "
                         "maximum of %" PRIu64 " MiB (xm mem-max raises it)",
                         mib, max / 1024);
    return xend_xs_set_target(xs, domid, mib * 1024);
}

static int xc_set_maxmem(uint32_t domid, uint64_t mib)
{
    struct xs_handle *xs;
    uint64_t target;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    if ( !xend_xs_read_u64(xs, domid, "memory/target", &target) &&
         mib * 1024 < target )
        return hvxc_fail(EINVAL, "%" PRIu64 " MiB is below the domain's "
                         "memory target of %" PRIu64 " MiB (xm mem-set "
                         "lowers it)", mib, target / 1024);
    if ( xc_domain_setmaxmem(hvxc.xch, domid,
                             mib * 1024 + XEND_MAXMEM_SLACK_KIB) )
        return hvxc_errno();
    return xend_xs_set_static_max(xs, domid, mib * 1024);
}

static int max_vcpus(uint32_t domid, unsigned int *max)
{
    xc_domaininfo_t info;
    int rc = hvxc_dominfo(domid, &info);

    if ( rc )
        return rc;
    if ( info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID )
        return hvxc_fail(EINVAL, "domain %u has no vCPUs", domid);
    *max = info.max_vcpu_id + 1;
    return 0;
}

/* As Xen 3: the guest brings vCPUs on and off line as cpu/<n> says. */
static int xc_set_vcpus(uint32_t domid, unsigned int nr)
{
    struct xs_handle *xs;
    unsigned int max;
    int rc;

    begin();
    if ( (rc = max_vcpus(domid, &max)) )
        return rc;
    if ( nr > max )
        return hvxc_fail(EINVAL, "domain %u was created with %u vCPUs, it "
                         "cannot have %u", domid, max, nr);
    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    return xend_xs_set_vcpus(xs, domid, nr, max);
}

static int xc_pin(uint32_t domid, int vcpu, const char *cpus)
{
    unsigned int max, v;
    xc_cpumap_t map;
    int rc;

    begin();
    if ( (rc = max_vcpus(domid, &max)) )
        return rc;
    if ( vcpu >= (int)max )
        return hvxc_fail(EINVAL, "domain %u has no vCPU %d", domid, vcpu);
    if ( !(map = hvxc_cpumap(cpus)) )
        return hvxc_errno();
    for ( v = vcpu < 0 ? 0 : vcpu; !rc && v < (vcpu < 0 ? max : v + 1); v++ )
        if ( xc_vcpu_setaffinity(hvxc.xch, domid, v, map, NULL,
                                 XEN_VCPUAFFINITY_HARD) )
            rc = hvxc_errno();
    free(map);
    return rc;
}

static const char *sched_name(void);

/* Weight and cap are the credit scheduler's (Xen 4.17 defaults to credit2). */
static int need_credit(void)
{
    const char *name = sched_name();

    if ( strcmp(name, "credit") )
        return hvxc_fail(EINVAL, "the hypervisor runs the %s scheduler; "
                         "weight and cap are the credit scheduler's", name);
    return 0;
}

static int xc_credit_get(uint32_t domid, unsigned int *weight,
                         unsigned int *cap)
{
    struct xen_domctl_sched_credit s;

    begin();
    if ( need_credit() )
        return -EINVAL;
    if ( xc_sched_credit_domain_get(hvxc.xch, domid, &s) )
        return hvxc_errno();
    *weight = s.weight;
    *cap = s.cap;
    return 0;
}

static int xc_credit_set(uint32_t domid, int weight, int cap)
{
    struct xen_domctl_sched_credit s;

    begin();
    if ( need_credit() )
        return -EINVAL;
    if ( xc_sched_credit_domain_get(hvxc.xch, domid, &s) )
        return hvxc_errno();
    if ( weight >= 0 )
        s.weight = weight;
    if ( cap >= 0 )
        s.cap = cap;
    return xc_sched_credit_domain_set(hvxc.xch, domid, &s) ? hvxc_errno()
                                                           : 0;
}

static int one_vcpu(uint32_t domid, unsigned int v, xc_cpumap_t map,
                    struct xend_vcpuinfo *out)
{
    xc_vcpuinfo_t vi;

    if ( xc_vcpu_getinfo(hvxc.xch, domid, v, &vi) )
        return hvxc_errno();
    out->vcpu = v;
    out->cpu = vi.cpu;
    out->online = vi.online;
    out->running = vi.running;
    out->blocked = vi.blocked;
    out->cpu_time_ns = vi.cpu_time;
    if ( xc_vcpu_getaffinity(hvxc.xch, domid, v, map, NULL,
                             XEN_VCPUAFFINITY_HARD) )
        return hvxc_errno();
    hvxc_cpumap_string(map, out->affinity, sizeof(out->affinity));
    return 0;
}

static int xc_vcpu_info(uint32_t domid, struct xend_vcpuinfo **v,
                        unsigned int *nr)
{
    unsigned int max, i;
    xc_cpumap_t map;
    int rc;

    begin();
    if ( (rc = max_vcpus(domid, &max)) )
        return rc;
    if ( !(map = xc_cpumap_alloc(hvxc.xch)) )
        return hvxc_errno();
    *v = xr_xmalloc(max * sizeof(**v));
    for ( i = 0; !rc && i < max; i++ )
        rc = one_vcpu(domid, i, map, &(*v)[i]);
    free(map);
    if ( rc )
        free(*v), *v = NULL;
    *nr = max;
    return rc;
}

/* XENVER_version and _extraversion, through a hypercall of our own. */
static void xen_version(struct xend_physinfo *p)
{
    xencall_handle *h = xencall_open(NULL, 0);
    char *extra = h ? xencall_alloc_buffer(h, XEN_EXTRAVERSION_LEN) : NULL;
    int v = h ? xencall2(h, __HYPERVISOR_xen_version, XENVER_version, 0) : -1;

    if ( v >= 0 )
    {
        p->xen_major = v >> 16;
        p->xen_minor = v & 0xffff;
    }
    if ( extra && xencall2(h, __HYPERVISOR_xen_version, XENVER_extraversion,
                           (uintptr_t)extra) >= 0 )
        snprintf(p->xen_extra, sizeof(p->xen_extra), "%.15s", extra);
    if ( extra )
        xencall_free_buffer(h, extra);
    if ( h )
        xencall_close(h);
}

static const char *sched_name(void)
{
    int id;

    if ( xc_sched_id(hvxc.xch, &id) )
        return "unknown";
    switch ( id )
    {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_NULL: return "null";
    }
    return "unknown";
}

static int xc_phys(struct xend_physinfo *p)
{
    xc_physinfo_t pi = { 0 };

    begin();
    if ( xc_physinfo(hvxc.xch, &pi) )
        return hvxc_errno();
    memset(p, 0, sizeof(*p));
    p->nr_cpus = pi.nr_cpus;
    p->nr_nodes = pi.nr_nodes;
    p->threads_per_core = pi.threads_per_core;
    p->cores_per_socket = pi.cores_per_socket;
    p->cpu_khz = pi.cpu_khz;
    p->total_kib = pi.total_pages * PAGE_KIB;
    p->free_kib = pi.free_pages * PAGE_KIB;
    xen_version(p);
    snprintf(p->scheduler, sizeof(p->scheduler), "%s", sched_name());
    return 0;
}

#define CONSOLE_CHUNK 16384

/* The whole console ring, read in chunks (incremental reads). */
static int xc_readconsole(char **text, bool clear)
{
    size_t len = 0;
    uint32_t index = 0;
    unsigned int n;
    char *buf = NULL;

    begin();
    do
    {
        buf = xr_xrealloc(buf, len + CONSOLE_CHUNK + 1);
        n = CONSOLE_CHUNK;
        if ( xc_readconsolering(hvxc.xch, buf + len, &n, 0, 1, &index) )
        {
            free(buf);
            return hvxc_errno();
        }
        len += n;
    } while ( n == CONSOLE_CHUNK );
    buf[len] = '\0';
    n = 0;
    if ( clear && xc_readconsolering(hvxc.xch, buf + len, &n, 1, 0, &index) )
    {
        free(buf);
        return hvxc_errno();
    }
    *text = buf;
    return 0;
}

static int xc_rename(uint32_t domid, const char *name)
{
    struct xs_handle *xs;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    return xend_xs_rename(xs, domid, name);
}

static int xc_devices(uint32_t domid, const char *kind,
                      struct xr_value **list)
{
    struct xs_handle *xs;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    return xend_devices_list(xs, domid, kind, list);
}

static int xc_disk_attach(uint32_t domid, const struct domcfg_disk *d)
{
    struct xs_handle *xs;
    char *why = NULL;
    int rc;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    rc = xend_vbd_add(xs, domid, d, &why);
    return hvxc_fail_why(rc, why);
}

static int xc_vif_attach(uint32_t domid, const struct domcfg_vif *v)
{
    struct xs_handle *xs;
    char *why = NULL;
    int rc;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    rc = xend_vif_attach(xs, domid, v, &why);
    return hvxc_fail_why(rc, why);
}

static int xc_device_detach(uint32_t domid, const char *kind, uint32_t devid,
                            bool force)
{
    struct xs_handle *xs;
    char *why = NULL;
    int rc;

    if ( !(xs = begin_xs()) )
        return -ENOTCONN;
    rc = xend_device_detach(xs, kind, domid, devid, force, &why);
    return hvxc_fail_why(rc, why);
}

static int xc_event_fd(void)
{
    struct xs_handle *xs = hvxc_xs();

    return xs ? xs_fileno(xs) : -1;
}

static void xc_event_drain(void)
{
    char **ev;

    while ( hvxc.xs && (ev = xs_check_watch(hvxc.xs)) )
        free(ev);
}

static const struct xend_hv_ops xend_hv_xc = {
    .name = "libxc (/dev/xen/privcmd)",
    .list = xc_list,
    .create = xc_create,
    .save = hvxc_save,
    .forked = hvxc_forked,
    .resume = hvxc_resume,
    .restore = hvxc_restore,
    .destroy = xc_destroy,
    .pause = xc_pause,
    .unpause = xc_unpause,
    .shutdown = xc_shutdown,
    .set_memory = xc_set_memory,
    .set_maxmem = xc_set_maxmem,
    .set_vcpus = xc_set_vcpus,
    .pin_vcpu = xc_pin,
    .sched_credit_get = xc_credit_get,
    .sched_credit_set = xc_credit_set,
    .vcpu_info = xc_vcpu_info,
    .physinfo = xc_phys,
    .readconsole = xc_readconsole,
    .rename = xc_rename,
    .devices = xc_devices,
    .disk_attach = xc_disk_attach,
    .vif_attach = xc_vif_attach,
    .device_detach = xc_device_detach,
    .event_fd = xc_event_fd,
    .event_drain = xc_event_drain,
    .why = xc_why,
};

const struct xend_hv_ops *xend_hv_xc_open(void)
{
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);

    if ( fd < 0 )
        return NULL;
    close(fd);
    hvxc.xch = xc_interface_open(NULL, NULL, 0);
    if ( !hvxc.xch )
    {
        XLOG_ERR("/dev/xen/privcmd opens, but libxc does not: %s",
                 strerror(errno));
        return NULL;
    }
    if ( !hvxc_xs() )
        XLOG_WARN("xenstored does not answer yet (%s): tried again when "
                  "needed", strerror(errno));
    return &xend_hv_xc;
}
