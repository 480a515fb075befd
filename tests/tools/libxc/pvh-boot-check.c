/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH builder for real, in dom0: create a domain as a PVH toolstack
 * would, build it with xc_pvh_build, unpause it and act as its console
 * backend (the ring through a foreign map, the port bound with
 * libxenevtchn), copying what the guest prints to stdout until a marker
 * appears or time runs out; then destroy it.  When xenstored runs, the
 * domain is introduced to it with the nodes libxl makes (Linux's xenbus
 * waits for xenstore during boot).  On the way, xc-checks.c checks the
 * other xc_* calls on the host and the domain.  The last line is
 *   VERDICT PASS|FAIL <why>
 * Usage: pvh-boot-check KERNEL RAMDISK|- CMDLINE MEM_MIB VCPUS MARKER SECS
 */
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xenctrl.h>
#include <xenstore.h>
#include <xenevtchn.h>
#include <xc_pvh.h>
#include "xc-checks.h"
#include <xen/io/console.h>
#include <xen/hvm/save.h>

static xc_interface *xch;

/* The builder's step timings (XTL_DETAIL) and errors, to stdout. */
static void say(struct xentoollog_logger *l, xentoollog_level level,
                int errnoval, const char *context, const char *fmt,
                va_list ap)
{
    printf("pvh-boot-check: %s: ", context ? context : "xc");
    vprintf(fmt, ap);
    putchar('\n');
}

static struct xentoollog_logger logger = { .vmessage = say };

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int create(uint32_t *domid, unsigned int vcpus)
{
    struct xen_domctl_createdomain cfg = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = vcpus,
        .max_evtchn_port = 1023,
        .max_grant_frames = 32,
        .max_maptrack_frames = 1024,
        .grant_opts = XEN_DOMCTL_GRANT_version(1),
        .arch.emulation_flags = XEN_X86_EMU_LAPIC,
    };

    *domid = 0;
    if ( xc_domain_create(xch, domid, &cfg) )
        return -1;
    /* vCPUs exist once max_vcpus made them, as libxl's build_pre does. */
    if ( xc_domain_max_vcpus(xch, *domid, vcpus) )
    {
        xc_domain_destroy(xch, *domid);
        return -1;
    }
    return 0;
}

/* /local/domain/<id>: dom0's, readable by the guest; its subdirs its own. */
static struct xs_handle *introduce(uint32_t domid,
                                   const struct xc_pvh_result *res)
{
    static const char *const own[] = {
        "control", "device", "data", "drivers", "feature", "attr", "error",
    };
    struct xs_permissions ro[2] = {
        { 0, XS_PERM_NONE }, { domid, XS_PERM_READ },
    };
    struct xs_permissions rw[1] = { { domid, XS_PERM_NONE } };
    struct xs_handle *xs = xs_open(0);
    char path[128], val[32];
    unsigned int i;

    if ( !xs )
    {
        printf("pvh-boot-check: no xenstored (%s): guest not introduced\n",
               strerror(errno));
        return NULL;
    }
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_mkdir(xs, XBT_NULL, path);
    xs_set_permissions(xs, XBT_NULL, path, ro, 2);
    for ( i = 0; i < sizeof(own) / sizeof(own[0]); i++ )
    {
        snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, own[i]);
        xs_mkdir(xs, XBT_NULL, path);
        xs_set_permissions(xs, XBT_NULL, path, rw, 1);
    }
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    snprintf(val, sizeof(val), "pvh-check-%u", domid);
    xs_write(xs, XBT_NULL, path, val, strlen(val));
    if ( !xs_introduce_domain(xs, domid, res->store_gfn, res->store_port) )
        printf("pvh-boot-check: introduce: %s\n", strerror(errno));
    else
        printf("pvh-boot-check: d%u introduced to xenstored\n", domid);
    return xs;
}

static void forget(struct xs_handle *xs, uint32_t domid)
{
    char path[64];

    if ( !xs )
        return;
    xs_release_domain(xs, domid);
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_rm(xs, XBT_NULL, path);
    xs_close(xs);
}

/* New console output since last time, to stdout; the marker seen? */
static int drain(struct xencons_interface *ring, const char *marker,
                 char *tail, size_t tailsz)
{
    XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;
    int seen = 0;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    while ( cons != prod )
    {
        char c = ring->out[MASK_XENCONS_IDX(cons, ring->out)];
        size_t n = strlen(tail);

        putchar(c);
        if ( n == tailsz - 1 )
            memmove(tail, tail + 1, n--);
        tail[n] = c;
        tail[n + 1] = '\0';
        if ( strstr(tail, marker) )
            seen = 1;
        cons++;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);
    ring->out_cons = cons;
    fflush(stdout);
    return seen;
}

/* The domain's state, and where vCPU 0 is, for a guest that stays silent. */
static void report_state(uint32_t domid, const struct xencons_interface *r)
{
    xc_dominfo_t info;
    int len = xc_domain_hvm_getcontext(xch, domid, NULL, 0);
    uint8_t *ctx = len > 0 ? malloc(len) : NULL;
    uint32_t off = 0;

    if ( xc_domain_getinfo(xch, domid, 1, &info) == 1 )
        printf("pvh-boot-check: d%u running=%u blocked=%u shutdown=%u "
               "crashed=%u reason=%u cpu_time=%.2fs pages=%lu "
               "ring out_prod=%u\n", domid, info.running, info.blocked,
               info.shutdown, info.crashed, info.shutdown_reason,
               info.cpu_time / 1e9, info.nr_pages, r->out_prod);
    if ( ctx && (len = xc_domain_hvm_getcontext(xch, domid, ctx, len)) > 0 )
        while ( off + sizeof(struct hvm_save_descriptor) <= (uint32_t)len )
        {
            struct hvm_save_descriptor *d = (void *)(ctx + off);
            struct hvm_hw_cpu *c = (void *)(d + 1);

            if ( d->typecode == 2 )
                printf("pvh-boot-check: v%u rip=%#llx rsp=%#llx cr0=%#llx "
                       "cr3=%#llx cr4=%#llx efer=%#llx\n", d->instance,
                       (unsigned long long)c->rip, (unsigned long long)c->rsp,
                       (unsigned long long)c->cr0, (unsigned long long)c->cr3,
                       (unsigned long long)c->cr4,
                       (unsigned long long)c->msr_efer);
            if ( d->typecode == 0 )
                break;
            off += sizeof(*d) + d->length;
        }
    free(ctx);
}

static int watch_console(uint32_t domid, const struct xc_pvh_result *res,
                         const char *marker, double secs, double *t_seen)
{
    struct xencons_interface *ring;
    xenevtchn_handle *xce = xenevtchn_open(NULL, 0);
    int port = -1, seen = 0;
    char tail[256] = "";
    double end = now() + secs, next = now() + 15;

    ring = xc_map_foreign_range(xch, domid, XC_PAGE_SIZE,
                                PROT_READ | PROT_WRITE, res->console_gfn);
    if ( !ring || !xce )
    {
        printf("VERDICT FAIL mapping the console ring / evtchn: %s\n",
               strerror(errno));
        return -1;
    }
    port = xenevtchn_bind_interdomain(xce, domid, res->console_port);
    if ( port < 0 )
        printf("pvh-boot-check: binding the console port: %s (polling)\n",
               strerror(errno));
    /* After the marker, a few seconds more for what the guest says next. */
    while ( now() < end )
    {
        if ( seen && end > now() + 5 )
            end = now() + 5;
        struct pollfd p = { .fd = xenevtchn_fd(xce), .events = POLLIN };

        if ( port >= 0 && poll(&p, 1, 200) > 0 )
        {
            int fired = xenevtchn_pending(xce);

            if ( fired >= 0 )
                xenevtchn_unmask(xce, fired);
        }
        else if ( port < 0 )
            poll(NULL, 0, 200);
        if ( drain(ring, marker, tail, sizeof(tail)) && !seen )
        {
            seen = 1;
            *t_seen = now();
        }
        if ( now() > next )
        {
            report_state(domid, ring);
            next = now() + 15;
        }
        if ( port >= 0 )
            xenevtchn_notify(xce, port);
    }
    munmap(ring, XC_PAGE_SIZE);
    xenevtchn_close(xce);
    return seen;
}

int main(int argc, char **argv)
{
    struct xc_pvh_config cfg = { 0 };
    struct xc_pvh_result res;
    struct xs_handle *xs;
    uint32_t domid;
    double t0, t_seen;
    unsigned int fails;
    int seen;

    if ( argc != 8 )
    {
        fprintf(stderr, "usage: %s KERNEL RAMDISK|- CMDLINE MEM_MIB VCPUS "
                "MARKER SECS\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    cfg.kernel = argv[1];
    cfg.ramdisk = strcmp(argv[2], "-") ? argv[2] : NULL;
    cfg.cmdline = argv[3];
    cfg.memory_kib = strtoull(argv[4], NULL, 0) << 10;
    cfg.nr_vcpus = atoi(argv[5]);
    if ( !(xch = xc_interface_open(NULL, &logger, 0)) )
    {
        printf("VERDICT FAIL xc_interface_open: %s\n", strerror(errno));
        return 1;
    }
    if ( create(&domid, cfg.nr_vcpus) )
    {
        printf("VERDICT FAIL xc_domain_create: %s\n", strerror(errno));
        return 1;
    }
    xc_checks_created(xch, domid);
    t0 = now();
    if ( xc_pvh_build(xch, domid, &cfg, &res) )
    {
        printf("VERDICT FAIL %s (errno %d)\n",
               xc_get_last_error(xch)->message, errno);
        xc_domain_destroy(xch, domid);
        return 1;
    }
    printf("pvh-boot-check: d%u built in %.2f s: console gfn %#llx port %u,"
           " store gfn %#llx port %u\n", domid, now() - t0,
           (unsigned long long)res.console_gfn, res.console_port,
           (unsigned long long)res.store_gfn, res.store_port);
    xc_checks_built(xch, domid, &res);
    xs = introduce(domid, &res);
    if ( xc_domain_unpause(xch, domid) )
        printf("pvh-boot-check: unpause: %s\n", strerror(errno));
    t0 = now();
    t_seen = now();
    seen = watch_console(domid, &res, argv[6], atof(argv[7]), &t_seen);
    printf("\npvh-boot-check: %s after %.1f s\n",
           seen > 0 ? "marker seen" : "no marker", t_seen - t0);
    fails = xc_checks_shutdown(xch, domid);
    forget(xs, domid);
    xc_interface_close(xch);
    if ( seen > 0 && !fails )
        printf("VERDICT PASS guest printed its marker, xc checks passed\n");
    else
        printf("VERDICT FAIL %s, %u xc checks failed\n",
               seen > 0 ? "guest printed its marker" :
                          "guest never printed its marker", fails);
    return seen > 0 && !fails ? 0 : 1;
}
