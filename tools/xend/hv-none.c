/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The backend for a host without a hypervisor (or a build without libxc):
 * every operation says so with -ENOSYS, and xend passes that on as a fault.
 * No pretend domains, not even a Domain-0 record.  It also completes a
 * backend's table and picks the backend at start-up.
 */
#include <errno.h>

#include "xend-hv.h"

static int none_list(struct xend_dominfo **doms, unsigned int *nr)
{
    return -ENOSYS;
}

static int none_create(const struct domain_config *cfg, uint32_t *domid)
{
    return -ENOSYS;
}

static int none_domid(uint32_t domid)
{
    return -ENOSYS;
}

static int none_shutdown(uint32_t domid, enum xend_shutdown_reason why)
{
    return -ENOSYS;
}

static int none_mib(uint32_t domid, uint64_t mib)
{
    return -ENOSYS;
}

static int none_set_vcpus(uint32_t domid, unsigned int nr)
{
    return -ENOSYS;
}

static int none_pin(uint32_t domid, int vcpu, const char *cpus)
{
    return -ENOSYS;
}

static int none_credit_get(uint32_t domid, unsigned int *weight,
                           unsigned int *cap)
{
    return -ENOSYS;
}

static int none_credit_set(uint32_t domid, int weight, int cap)
{
    return -ENOSYS;
}

static int none_vcpu_info(uint32_t domid, struct xend_vcpuinfo **v,
                          unsigned int *nr)
{
    return -ENOSYS;
}

static int none_physinfo(struct xend_physinfo *info)
{
    return -ENOSYS;
}

static int none_readconsole(char **text, bool clear)
{
    return -ENOSYS;
}

static int none_rename(uint32_t domid, const char *name)
{
    return -ENOSYS;
}

static int none_devices(uint32_t domid, const char *kind,
                        struct xr_value **list)
{
    return -ENOSYS;
}

static int none_disk_attach(uint32_t domid, const struct domcfg_disk *d)
{
    return -ENOSYS;
}

static int none_vif_attach(uint32_t domid, const struct domcfg_vif *v)
{
    return -ENOSYS;
}

static int none_device_detach(uint32_t domid, const char *kind,
                              uint32_t devid, bool force)
{
    return -ENOSYS;
}

static int none_save(uint32_t domid, int fd, unsigned int flags,
                     int progress_fd)
{
    (void)domid, (void)fd, (void)flags, (void)progress_fd;
    return -ENOSYS;
}

static void none_forked(void)
{
}

static int none_restore(const struct domain_config *cfg, int fd,
                        bool paused, uint32_t *domid)
{
    (void)cfg, (void)fd, (void)paused, (void)domid;
    return -ENOSYS;
}

static int none_event_fd(void)
{
    return -1;
}

static void none_event_drain(void)
{
}

static const char *none_why(void)
{
    return NULL;
}

const struct xend_hv_ops xend_hv_none = {
    .name = "none (no /dev/xen/privcmd, or xend built without libxc)",
    .list = none_list,
    .create = none_create,
    .destroy = none_domid,
    .pause = none_domid,
    .unpause = none_domid,
    .shutdown = none_shutdown,
    .set_memory = none_mib,
    .set_maxmem = none_mib,
    .set_vcpus = none_set_vcpus,
    .pin_vcpu = none_pin,
    .sched_credit_get = none_credit_get,
    .sched_credit_set = none_credit_set,
    .vcpu_info = none_vcpu_info,
    .physinfo = none_physinfo,
    .readconsole = none_readconsole,
    .rename = none_rename,
    .devices = none_devices,
    .disk_attach = none_disk_attach,
    .vif_attach = none_vif_attach,
    .device_detach = none_device_detach,
    .save = none_save,
    .forked = none_forked,
    .resume = none_domid,
    .restore = none_restore,
    .event_fd = none_event_fd,
    .event_drain = none_event_drain,
    .why = none_why,
};

#define FILL(op) do { if ( !t->op ) t->op = xend_hv_none.op; } while ( 0 )

const struct xend_hv_ops *xend_hv_complete(const struct xend_hv_ops *ops)
{
    static struct xend_hv_ops table;
    struct xend_hv_ops *t = &table;

    table = *ops;
    FILL(list);
    FILL(create);
    FILL(destroy);
    FILL(pause);
    FILL(unpause);
    FILL(shutdown);
    FILL(set_memory);
    FILL(set_maxmem);
    FILL(set_vcpus);
    FILL(pin_vcpu);
    FILL(sched_credit_get);
    FILL(sched_credit_set);
    FILL(vcpu_info);
    FILL(physinfo);
    FILL(readconsole);
    FILL(rename);
    FILL(devices);
    FILL(disk_attach);
    FILL(vif_attach);
    FILL(device_detach);
    FILL(save);
    FILL(forked);
    FILL(resume);
    FILL(restore);
    FILL(event_fd);
    FILL(event_drain);
    FILL(why);
    return &table;
}

/* Built without libxc's headers: there is no other backend. */
__attribute__((weak)) const struct xend_hv_ops *xend_hv_xc_open(void)
{
    return NULL;
}

const struct xend_hv_ops *xend_hv_select(void)
{
    const struct xend_hv_ops *xc = xend_hv_xc_open();

    return xend_hv_complete(xc ? xc : &xend_hv_none);
}
