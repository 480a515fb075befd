/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenctrl against a live hypervisor: each xc_* call of API.md once, on
 * the host and on the domain pvh-boot-check made, with what its answer
 * must look like.  Each check prints "xc-check: <call>: ok|FAIL ...".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xc-checks.h"

static unsigned int failures;

static void check(int ok, const char *call, const char *detail)
{
    printf("xc-check: %s: %s%s%s%s\n", call, ok ? "ok" : "FAIL",
           detail ? " (" : "", detail ? detail : "", detail ? ")" : "");
    if ( !ok )
    {
        failures++;
        printf("xc-check:   errno %d (%s)\n", errno, strerror(errno));
    }
}

static void host_checks(xc_interface *xch)
{
    xc_physinfo_t pi;
    xc_cpuinfo_t ci[64];
    unsigned int ncpu = 0;
    int id = -1, n = 0, r;
    char line[128], *ring = calloc(1, 16384);
    unsigned int nchars = 16384;
    uint32_t index = 0;

    r = xc_physinfo(xch, &pi);
    snprintf(line, sizeof(line), "%u CPUs, %llu of %llu pages free",
             pi.nr_cpus, (unsigned long long)pi.free_pages,
             (unsigned long long)pi.total_pages);
    check(!r && pi.nr_cpus && pi.total_pages >= pi.free_pages, "xc_physinfo",
          line);
    check(xc_get_max_cpus(xch) >= (int)pi.nr_cpus, "xc_get_max_cpus", NULL);
    r = xc_sched_id(xch, &id);
    snprintf(line, sizeof(line), "scheduler %d", id);
    check(!r && id > 0, "xc_sched_id", line);
    r = xc_getcpuinfo(xch, 64, ci, &n);
    snprintf(line, sizeof(line), "%d CPUs, idle %.2f s on CPU 0", n,
             n ? ci[0].idletime / 1e9 : 0.0);
    check(!r && n > 0, "xc_getcpuinfo", line);
    r = xc_cputopoinfo(xch, &ncpu, NULL);
    check(!r && ncpu >= pi.nr_cpus, "xc_cputopoinfo", NULL);
    r = xc_readconsolering(xch, ring, &nchars, 0, 0, &index);
    snprintf(line, sizeof(line), "%u characters", nchars);
    check(!r && nchars > 0 && nchars <= 16384, "xc_readconsolering", line);
    r = xc_version(xch, XENVER_version, NULL);
    snprintf(line, sizeof(line), "%d.%d", r >> 16, r & 0xffff);
    check(r >= 0x40000, "xc_version", line);
    free(ring);
}

static void affinity_checks(xc_interface *xch, uint32_t domid)
{
    xc_cpumap_t hard = xc_cpumap_alloc(xch), back = xc_cpumap_alloc(xch);
    int size = xc_get_cpumap_size(xch);

    if ( !hard || !back || size <= 0 )
    {
        check(0, "xc_cpumap_alloc", NULL);
        return;
    }
    check(!xc_vcpu_getaffinity(xch, domid, 0, hard, NULL,
                               XEN_VCPUAFFINITY_HARD) && hard[0],
          "xc_vcpu_getaffinity", NULL);
    memset(hard, 0, size);
    hard[0] = 1;                                      /* CPU 0 only */
    check(!xc_vcpu_setaffinity(xch, domid, 0, hard, NULL,
                               XEN_VCPUAFFINITY_HARD), "xc_vcpu_setaffinity",
          "CPU 0");
    check(!xc_vcpu_getaffinity(xch, domid, 0, back, NULL,
                               XEN_VCPUAFFINITY_HARD) && back[0] == 1,
          "xc_vcpu_getaffinity", "reads CPU 0 back");
    memset(hard, 0xff, size);                         /* all again */
    xc_vcpu_setaffinity(xch, domid, 0, hard, NULL, XEN_VCPUAFFINITY_HARD);
    free(hard);
    free(back);
}

static void credit_checks(xc_interface *xch, uint32_t domid)
{
    struct xen_domctl_sched_credit s = { 0 };
    int id = 0;
    char line[64];

    if ( xc_sched_id(xch, &id) || id != XEN_SCHEDULER_CREDIT )
    {
        printf("xc-check: credit scheduler not running (%d): skipped\n", id);
        return;
    }
    check(!xc_sched_credit_domain_get(xch, domid, &s) && s.weight,
          "xc_sched_credit_domain_get", NULL);
    s.weight = 512;
    s.cap = 50;
    check(!xc_sched_credit_domain_set(xch, domid, &s),
          "xc_sched_credit_domain_set", "weight 512 cap 50");
    memset(&s, 0, sizeof(s));
    xc_sched_credit_domain_get(xch, domid, &s);
    snprintf(line, sizeof(line), "weight %u cap %u", s.weight, s.cap);
    check(s.weight == 512 && s.cap == 50, "xc_sched_credit_domain_get",
          line);
}

unsigned int xc_checks_created(xc_interface *xch, uint32_t domid)
{
    xc_domaininfo_t list[16];
    xc_dominfo_t info;
    xc_vcpuinfo_t vi;
    xen_domain_handle_t h = { 0xde, 0xad, 0xbe, 0xef };
    uint64_t pool = 0;
    int n;
    char line[96];

    host_checks(xch);
    n = xc_domain_getinfolist(xch, 0, 16, list);
    snprintf(line, sizeof(line), "%d domains", n);
    check(n >= 2 && list[0].domain == 0, "xc_domain_getinfolist", line);
    n = xc_domain_getinfo(xch, domid, 1, &info);
    snprintf(line, sizeof(line), "d%u paused %u hvm %u max_vcpu_id %u",
             info.domid, info.paused, info.hvm, info.max_vcpu_id);
    check(n == 1 && info.domid == domid && info.paused && info.hvm,
          "xc_domain_getinfo", line);
    check(!xc_vcpu_getinfo(xch, domid, 0, &vi) && !vi.running,
          "xc_vcpu_getinfo", NULL);
    affinity_checks(xch, domid);
    credit_checks(xch, domid);
    check(!xc_domain_sethandle(xch, domid, h), "xc_domain_sethandle", NULL);
    check(!xc_domain_getinfo(xch, domid, 1, &info) ||
          !memcmp(info.handle, h, sizeof(h)), "xc_domain_getinfo",
          "handle read back");
    check(!xc_domain_set_time_offset(xch, domid, 0),
          "xc_domain_set_time_offset", NULL);
    check(!xc_get_paging_mempool_size(xch, domid, &pool),
          "xc_get_paging_mempool_size", NULL);
    check(!xc_domain_setmaxmem(xch, domid, 4096), "xc_domain_setmaxmem",
          "4 MiB, the builder raises it");
    return failures;
}

unsigned int xc_checks_built(xc_interface *xch, uint32_t domid,
                             const struct xc_pvh_result *res)
{
    uint64_t v = 0;
    xc_dominfo_t info;

    check(!xc_hvm_param_get(xch, domid, HVM_PARAM_STORE_PFN, &v) &&
          v == res->store_gfn, "xc_hvm_param_get", "STORE_PFN");
    check(!xc_hvm_param_get(xch, domid, HVM_PARAM_CONSOLE_EVTCHN, &v) &&
          v == res->console_port, "xc_hvm_param_get", "CONSOLE_EVTCHN");
    check(xc_domain_getinfo(xch, domid, 1, &info) == 1 &&
          info.max_memkb >= 4096 && info.nr_pages > 0, "xc_domain_getinfo",
          "memory populated");
    return failures;
}

unsigned int xc_checks_shutdown(xc_interface *xch, uint32_t domid)
{
    xc_dominfo_t info = { 0 };

    check(!xc_domain_pause(xch, domid), "xc_domain_pause", NULL);
    check(!xc_domain_unpause(xch, domid), "xc_domain_unpause", NULL);
    check(!xc_domain_shutdown(xch, domid, SHUTDOWN_poweroff),
          "xc_domain_shutdown", "poweroff");
    check(xc_domain_getinfo(xch, domid, 1, &info) == 1 && info.shutdown &&
          info.shutdown_reason == SHUTDOWN_poweroff, "xc_domain_getinfo",
          "shut down, reason poweroff");
    check(!xc_domain_destroy(xch, domid), "xc_domain_destroy", NULL);
    /* Gone, or dying until the last foreign mapping (xenstored's) goes. */
    check(xc_domain_getinfo(xch, domid, 1, &info) != 1 ||
          info.domid != domid || info.dying, "xc_domain_getinfo",
          "gone or dying");
    return failures;
}
