/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor interface through Linux's /dev/xen devices:
 *  - /dev/xen/evtchn: bind, notify, read pending ports, unmask by write;
 *  - /dev/xen/gntdev: map a guest's GNTTAB_RESERVED_XENSTORE grant, with
 *    /dev/xen/privcmd foreign mapping of the introduced gfn as fallback;
 *  - /dev/xen/xenbus_backend: dom0's own page (mmap) and port (ioctl);
 *  - /dev/xen/privcmd: XEN_DOMCTL_getdomaininfo for domain states.
 * Layouts of the privcmd and xenbus_backend ioctls are Linux's uapi
 * (include/uapi/xen/privcmd.h, include/xen/xenbus_dev.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Xen's types (domid_t, grant_ref_t) first: Linux's headers use them. */
#include "public/domctl.h"
#include <xen/evtchn.h>
#include <xen/gntdev.h>

#include "core.h"
#include "platform.h"

#define GNTTAB_RESERVED_XENSTORE_REF 1
#define IOCTL_XENBUS_BACKEND_EVTCHN  _IOC(_IOC_NONE, 'B', 0, 0)

struct lx_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct lx_privcmd_hypercall))

struct lx_privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;
    const uint64_t *arr;
    int *err;
};
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct lx_privcmd_mmapbatch_v2))

static int evtchn_fd = -1, gntdev_fd = -1, privcmd_fd = -1;
static struct xen_domctl *domctl_buf;

/* How each ring was mapped, to undo it the same way. */
struct lx_mapping {
    void *ring;
    uint64_t gnt_index;
    bool by_grant;
    struct lx_mapping *next;
};
static struct lx_mapping *mappings;

static int lx_open(const char *path)
{
    return open(path, O_RDWR | O_CLOEXEC);
}

static int lx_evtchn_fd(void)
{
    if ( evtchn_fd < 0 )
        evtchn_fd = lx_open("/dev/xen/evtchn");
    if ( evtchn_fd >= 0 )
        fcntl(evtchn_fd, F_SETFL, O_NONBLOCK);
    return evtchn_fd;
}

static int lx_evtchn_bind(unsigned int domid, unsigned int remote_port)
{
    struct ioctl_evtchn_bind_interdomain b = { domid, remote_port };

    if ( lx_evtchn_fd() < 0 )
        return -1;
    return ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

static void lx_evtchn_unbind(unsigned int port)
{
    struct ioctl_evtchn_unbind u = { port };

    ioctl(evtchn_fd, IOCTL_EVTCHN_UNBIND, &u);
}

static void lx_evtchn_notify(unsigned int port)
{
    struct ioctl_evtchn_notify n = { port };

    ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static int lx_evtchn_pending(void)
{
    uint32_t port;

    if ( evtchn_fd < 0 || read(evtchn_fd, &port, sizeof(port)) !=
                          (ssize_t)sizeof(port) )
        return -1;
    return port;
}

static void lx_evtchn_unmask(unsigned int port)
{
    uint32_t p = port;

    if ( write(evtchn_fd, &p, sizeof(p)) != (ssize_t)sizeof(p) )
        xs_log("cannot unmask port %u\n", port);
}

static int lx_evtchn_bind_dom_exc(void)
{
    struct ioctl_evtchn_bind_virq v = { VIRQ_DOM_EXC };

    if ( lx_evtchn_fd() < 0 )
        return -1;
    return ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &v);
}

static void *lx_map_grant(unsigned int domid, uint64_t *index)
{
    struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
    void *p;

    if ( gntdev_fd < 0 && (gntdev_fd = lx_open("/dev/xen/gntdev")) < 0 )
        return NULL;
    m.refs[0].domid = domid;
    m.refs[0].ref = GNTTAB_RESERVED_XENSTORE_REF;
    if ( ioctl(gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) )
        return NULL;
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev_fd,
             m.index);
    if ( p != MAP_FAILED )
    {
        *index = m.index;
        return p;
    }
    ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF,
          &(struct ioctl_gntdev_unmap_grant_ref){ m.index, 1, 0 });
    return NULL;
}

static void *lx_map_foreign(unsigned int domid, uint64_t gfn)
{
    struct lx_privcmd_mmapbatch_v2 b = { .num = 1, .dom = domid };
    int err = 0;
    void *p;

    if ( privcmd_fd < 0 && (privcmd_fd = lx_open("/dev/xen/privcmd")) < 0 )
        return NULL;
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd_fd, 0);
    if ( p == MAP_FAILED )
        return NULL;
    b.addr = (uintptr_t)p;
    b.arr = &gfn;
    b.err = &err;
    if ( ioctl(privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) || err )
    {
        munmap(p, 4096);
        return NULL;
    }
    return p;
}

static void *lx_ring_map(unsigned int domid, uint64_t gfn)
{
    struct lx_mapping *m = calloc(1, sizeof(*m));

    if ( !m )
        return NULL;
    m->ring = lx_map_grant(domid, &m->gnt_index);
    m->by_grant = m->ring != NULL;
    if ( !m->ring )
        m->ring = lx_map_foreign(domid, gfn);
    if ( !m->ring )
    {
        free(m);
        return NULL;
    }
    m->next = mappings;
    mappings = m;
    return m->ring;
}

static void lx_ring_unmap(unsigned int domid, void *ring)
{
    struct lx_mapping **pp, *m;

    munmap(ring, 4096);
    for ( pp = &mappings; (m = *pp); pp = &m->next )
    {
        if ( m->ring != ring )
            continue;
        if ( m->by_grant )
            ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF,
                  &(struct ioctl_gntdev_unmap_grant_ref){ m->gnt_index, 1,
                                                          0 });
        *pp = m->next;
        free(m);
        return;
    }
}

static void *lx_dom0_ring(unsigned int *remote_port)
{
    int fd = lx_open("/dev/xen/xenbus_backend"), port;
    void *p = MAP_FAILED;

    if ( fd < 0 )
        return NULL;
    port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
    if ( port > 0 )
        p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if ( p == MAP_FAILED )
        return NULL;
    *remote_port = port;
    return p;
}

static int lx_domain_state(unsigned int domid, unsigned int *flags)
{
    struct lx_privcmd_hypercall h = { .op = __HYPERVISOR_domctl };
    uint32_t f;

    if ( privcmd_fd < 0 && (privcmd_fd = lx_open("/dev/xen/privcmd")) < 0 )
        return 0;   /* cannot tell: assume it lives */
    if ( !domctl_buf )
    {
        domctl_buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
        if ( domctl_buf == MAP_FAILED )
        {
            domctl_buf = NULL;
            return 0;
        }
    }
    memset(domctl_buf, 0, sizeof(*domctl_buf));
    domctl_buf->cmd = XEN_DOMCTL_getdomaininfo;
    domctl_buf->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    domctl_buf->domain = domid;
    h.arg[0] = (uintptr_t)domctl_buf;
    if ( ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &h) < 0 )
        return errno == ESRCH ? -1 : 0;
    if ( domctl_buf->u.getdomaininfo.domain != domid )
        return -1;
    f = domctl_buf->u.getdomaininfo.flags;
    *flags = (f & XEN_DOMINF_dying ? XS_DOMSTATE_DYING : 0) |
             (f & XEN_DOMINF_shutdown ? XS_DOMSTATE_SHUTDOWN : 0);
    return 0;
}

const struct xs_platform xs_platform_linux = {
    .name = "linux",
    .evtchn_fd = lx_evtchn_fd,
    .evtchn_bind = lx_evtchn_bind,
    .evtchn_unbind = lx_evtchn_unbind,
    .evtchn_notify = lx_evtchn_notify,
    .evtchn_pending = lx_evtchn_pending,
    .evtchn_unmask = lx_evtchn_unmask,
    .evtchn_bind_dom_exc = lx_evtchn_bind_dom_exc,
    .ring_map = lx_ring_map,
    .ring_unmap = lx_ring_unmap,
    .dom0_ring = lx_dom0_ring,
    .domain_state = lx_domain_state,
};
