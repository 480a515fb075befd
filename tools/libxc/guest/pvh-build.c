/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_pvh_build: one step after another on a created, paused domain.  The
 * pure steps (image, ACPI, layout, start info) run first on buffers; then
 * the guest is filled.  A failure reports "xc_pvh_build d<id>: <step>:
 * <why>" and leaves nothing mapped; what the domain already has (memory,
 * ports) goes with it when the toolstack destroys it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xc_pvh.h>
#include "xc-private.h"
#include "pvh-build.h"
#include "xtl-private.h"

/* Ramdisks larger than this are refused (guests get their RAM anyway). */
#define MAX_RAMDISK   (2ULL << 30)
/* Pages beyond the guest's RAM the domain needs: ACPI, special, slack. */
#define EXTRA_KIB     2048

struct build {
    xc_interface *xch;
    uint32_t domid;
    const struct xc_pvh_config *cfg;
    uint8_t *kimg, *ramdisk;
    size_t kimg_len, ramdisk_len;
    unsigned int max_vcpus;
    uint64_t max_kib;
    struct pvh_kernel kernel;
    struct pvh_acpi acpi;
    struct pvh_layout layout;
    const char *step;
    double t0;                     /* when the current step began */
    char why[600];
};

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "<step> took <s>" to the build logger, then the next step begins. */
static void next_step(struct build *b, const char *step)
{
    double t = seconds();

    if ( b->step )
        xtl_message(b->xch->dombuild_logger, XTL_DETAIL, -1, "xc_pvh_build",
                    "d%u: %s took %.3f s", b->domid, b->step, t - b->t0);
    b->step = step;
    b->t0 = t;
}

static int read_whole(const char *path, uint64_t max, uint8_t **buf,
                      size_t *len, char *why, size_t whylen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    size_t got = 0;

    *buf = NULL;
    if ( fd < 0 || fstat(fd, &st) )
        goto fail;
    if ( !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max ||
         !st.st_size )
    {
        errno = !S_ISREG(st.st_mode) ? EINVAL : st.st_size ? EFBIG : ENODATA;
        goto fail;
    }
    *len = st.st_size;
    if ( !(*buf = malloc(*len)) )
        goto fail;
    while ( got < *len )
    {
        ssize_t r = read(fd, *buf + got, *len - got);

        if ( r <= 0 )
        {
            errno = r ? errno : EIO;
            goto fail;
        }
        got += r;
    }
    close(fd);
    return 0;
 fail:
    snprintf(why, whylen, "%s: %m", path);
    free(*buf);
    *buf = NULL;
    if ( fd >= 0 )
        close(fd);
    return -1;
}

/* The domain exists, is HVM-type, and has vCPUs for the config. */
static int check_domain(struct build *b)
{
    xc_dominfo_t info = { .domid = ~0U };

    next_step(b, "domain");
    if ( xc_domain_getinfo(b->xch, b->domid, 1, &info) != 1 ||
         info.domid != b->domid )
    {
        if ( info.domid != b->domid )
            errno = ESRCH;
        snprintf(b->why, sizeof(b->why), "no such domain: %m");
        return -1;
    }
    if ( !info.hvm )
    {
        snprintf(b->why, sizeof(b->why), "not created as an HVM/PVH "
                 "domain (XEN_DOMCTL_CDF_hvm)");
        errno = EINVAL;
        return -1;
    }
    b->max_vcpus = info.max_vcpu_id + 1;
    b->max_kib = info.max_memkb;
    if ( info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID ||
         b->cfg->nr_vcpus > b->max_vcpus || b->max_vcpus > PVH_MAX_VCPUS )
    {
        snprintf(b->why, sizeof(b->why), "%u vCPUs wanted, the domain has "
                 "%u (XEN_DOMCTL_max_vcpus; at most %u)", b->cfg->nr_vcpus,
                 info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID ? 0
                                                             : b->max_vcpus,
                 PVH_MAX_VCPUS);
        errno = EINVAL;
        return -1;
    }
    return 0;
}

/* Images read and parsed, tables built, everything placed. */
static int prepare(struct build *b)
{
    const struct xc_pvh_config *cfg = b->cfg;

    next_step(b, "kernel");
    if ( read_whole(cfg->kernel, PVH_MAX_KERNEL, &b->kimg, &b->kimg_len,
                    b->why, sizeof(b->why)) ||
         pvh_kernel_parse(&b->kernel, b->kimg, b->kimg_len, b->why,
                          sizeof(b->why)) )
        return -1;
    next_step(b, "ramdisk");
    if ( cfg->ramdisk &&
         read_whole(cfg->ramdisk, MAX_RAMDISK, &b->ramdisk, &b->ramdisk_len,
                    b->why, sizeof(b->why)) )
        return -1;
    next_step(b, "ACPI tables");
    if ( pvh_acpi_build(&b->acpi, PVH_ACPI_BASE, b->max_vcpus,
                        cfg->nr_vcpus, b->why, sizeof(b->why)) )
        return -1;
    next_step(b, "layout");
    return pvh_layout_compute(&b->layout, cfg->memory_kib, &b->kernel,
                              b->ramdisk_len,
                              cfg->cmdline ? strlen(cfg->cmdline) : 0,
                              &b->acpi, b->why, sizeof(b->why));
}

/* The errno of a failed call, as "<what>: <strerror>". */
static int failed(struct build *b, const char *what)
{
    snprintf(b->why, sizeof(b->why), "%s: %m", what);
    return -1;
}

/*
 * The pool the hypervisor's nested page tables come from, sized as libxl
 * does for HAP guests: 1 MiB per vCPU and 8 KiB per MiB of RAM.
 */
static int size_paging_pool(struct build *b)
{
    uint64_t want = (256ULL * b->max_vcpus +
                     2 * (b->cfg->memory_kib >> 10)) * 4096, cur;

    if ( xc_get_paging_mempool_size(b->xch, b->domid, &cur) )
        return failed(b, "reading the paging pool size");
    if ( cur < want && xc_set_paging_mempool_size(b->xch, b->domid, want) )
        return failed(b, "growing the paging pool");
    return 0;
}

static int populate(struct build *b)
{
    const struct pvh_layout *l = &b->layout;
    uint64_t need = b->cfg->memory_kib + EXTRA_KIB;

    next_step(b, "memory");
    if ( b->max_kib < need && xc_domain_setmaxmem(b->xch, b->domid, need) )
        return failed(b, "raising the memory limit");
    if ( size_paging_pool(b) )
        return -1;
    if ( pvh_populate(b->xch, b->domid, 0, l->lowmem_end >> XC_PAGE_SHIFT) )
        return failed(b, "populating low RAM");
    if ( l->highmem_end &&
         pvh_populate(b->xch, b->domid, PVH_4G >> XC_PAGE_SHIFT,
                      (l->highmem_end - PVH_4G) >> XC_PAGE_SHIFT) )
        return failed(b, "populating RAM above 4 GiB");
    if ( pvh_populate(b->xch, b->domid, PVH_SPECIAL_PFN(0), PVH_NR_SPECIAL) )
        return failed(b, "populating the special pages");
    if ( pvh_populate(b->xch, b->domid, l->acpi_gpa >> XC_PAGE_SHIFT,
                      l->acpi_size >> XC_PAGE_SHIFT) )
        return failed(b, "populating the ACPI pages");
    return 0;
}

static int write_cb(void *ctx, uint64_t gpa, const void *src, uint64_t len)
{
    const struct build *b = ctx;

    return pvh_write_guest(b->xch, b->domid, gpa, src, len);
}

/* Kernel, ramdisk, start info, ACPI, zeroed special pages. */
static int fill(struct build *b)
{
    const struct pvh_layout *l = &b->layout;
    uint8_t *si;
    int r;

    next_step(b, "loading");
    if ( pvh_kernel_load(&b->kernel, write_cb, b) )
        return failed(b, "writing the kernel");
    if ( b->ramdisk &&
         pvh_write_guest(b->xch, b->domid, l->ramdisk_gpa, b->ramdisk,
                         b->ramdisk_len) )
        return failed(b, "writing the ramdisk");
    if ( !(si = malloc(l->start_info_size)) )
        return failed(b, "start info");
    pvh_start_info_build(l, b->cfg->cmdline, si);
    r = pvh_write_guest(b->xch, b->domid, l->start_info_gpa, si,
                        l->start_info_size);
    free(si);
    if ( r )
        return failed(b, "writing the start info");
    if ( pvh_write_guest(b->xch, b->domid, l->acpi_gpa, b->acpi.buf,
                         b->acpi.size) )
        return failed(b, "writing the ACPI tables");
    if ( pvh_write_guest(b->xch, b->domid,
                         PVH_SPECIAL_PFN(0) << XC_PAGE_SHIFT, NULL,
                         PVH_NR_SPECIAL * XC_PAGE_SIZE) )
        return failed(b, "clearing the special pages");
    return 0;
}

/* Rings' ports towards the backends, and the HVM params naming them. */
static int rings(struct build *b, struct xc_pvh_result *res)
{
    const struct pvh_layout *l = &b->layout;
    int cons, store;

    next_step(b, "rings");
    cons = xc_evtchn_alloc_unbound(b->xch, b->domid, b->cfg->console_domid);
    if ( cons < 0 )
        return failed(b, "console event channel");
    store = xc_evtchn_alloc_unbound(b->xch, b->domid,
                                    b->cfg->xenstore_domid);
    if ( store < 0 )
        return failed(b, "xenstore event channel");
    if ( xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_STORE_PFN,
                          l->store_gfn) ||
         xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_STORE_EVTCHN, store) ||
         xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_CONSOLE_PFN,
                          l->console_gfn) ||
         xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_CONSOLE_EVTCHN, cons) )
        return failed(b, "setting the HVM params");
    *res = (struct xc_pvh_result){
        .store_gfn = l->store_gfn, .console_gfn = l->console_gfn,
        .store_port = store, .console_port = cons,
    };
    next_step(b, "grant table");
    return pvh_seed_grants(b->xch, b->domid, l, b->cfg->console_domid,
                           b->cfg->xenstore_domid, b->why, sizeof(b->why));
}

static xc_error_code error_code(const struct build *b, int err)
{
    if ( err == ENOMEM )
        return XC_OUT_OF_MEMORY;
    if ( !strcmp(b->step, "kernel") )
        return XC_INVALID_KERNEL;
    if ( !strcmp(b->step, "config") || !strcmp(b->step, "layout") ||
         !strcmp(b->step, "domain") || !strcmp(b->step, "ACPI tables") )
        return XC_INVALID_PARAM;
    return XC_INTERNAL_ERROR;
}

static int check_config(struct build *b, struct xc_pvh_result *res)
{
    next_step(b, "config");
    if ( !b->cfg || !res || !b->cfg->kernel || !b->cfg->nr_vcpus ||
         !b->cfg->memory_kib )
    {
        snprintf(b->why, sizeof(b->why), "a kernel, memory and at least "
                 "one vCPU are needed");
        errno = EINVAL;
        return -1;
    }
    return 0;
}

int xc_pvh_build(xc_interface *xch, uint32_t domid,
                 const struct xc_pvh_config *cfg, struct xc_pvh_result *res)
{
    struct build b = { .xch = xch, .domid = domid, .cfg = cfg };
    int r;

    errno = 0;
    r = check_config(&b, res) || check_domain(&b) || prepare(&b) ||
        populate(&b) || fill(&b) || rings(&b, res);
    if ( !r )
    {
        next_step(&b, "boot vCPU");
        r = pvh_set_bsp(xch, domid, b.kernel.entry, b.layout.start_info_gpa,
                        b.why, sizeof(b.why));
    }
    if ( !r )
        next_step(&b, NULL);
    else
    {
        int saved = errno ? errno : EINVAL;

        xc_report(xch, error_code(&b, saved), "xc_pvh_build d%u: %s: %s",
                  domid, b.step, b.why);
        errno = saved;
    }
    pvh_kernel_free(&b.kernel);
    pvh_acpi_free(&b.acpi);
    free(b.kimg);
    free(b.ramdisk);
    return r ? -1 : 0;
}
