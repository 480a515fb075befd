/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxengnttab over Linux's /dev/xen/gntdev: MAP_GRANT_REF reserves an
 * offset in the device for the grants, mmap() at that offset maps them;
 * unmapping is munmap() then UNMAP_GRANT_REF of the same offset.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xengnttab.h>
#include "linux-xen-ioctl.h"
#include "xtl-private.h"

struct xengntdev_handle {
    int fd;
    xentoollog_logger *logger;
};

xengnttab_handle *xengnttab_open(xentoollog_logger *logger,
                                 unsigned int open_flags)
{
    xengnttab_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->logger = logger;
    h->fd = xtl_open_device(logger, "xengnttab", "/dev/xen/gntdev",
                            O_RDWR | O_CLOEXEC);
    if ( h->fd < 0 )
    {
        free(h);
        return NULL;
    }
    return h;
}

int xengnttab_close(xengnttab_handle *h)
{
    if ( !h )
        return 0;
    close(h->fd);
    free(h);
    return 0;
}

int xengnttab_fd(xengnttab_handle *h)
{
    return h->fd;
}

static void release_index(xengnttab_handle *h, uint64_t index,
                          uint32_t count)
{
    struct ioctl_gntdev_unmap_grant_ref unmap = {
        .index = index, .count = count,
    };
    int saved = errno;

    ioctl(h->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
    errno = saved;
}

/* Clears a byte and/or signals a port when this mapping goes away. */
static int set_notify(xengnttab_handle *h, uint64_t index,
                      uint32_t notify_offset, evtchn_port_t notify_port)
{
    struct ioctl_gntdev_unmap_notify notify = { .index = index };

    if ( notify_offset < XC_PAGE_SIZE )
    {
        notify.index += notify_offset;
        notify.action |= UNMAP_NOTIFY_CLEAR_BYTE;
    }
    if ( notify_port != (evtchn_port_t)-1 )
    {
        notify.event_channel_port = notify_port;
        notify.action |= UNMAP_NOTIFY_SEND_EVENT;
    }
    if ( !notify.action )
        return 0;
    return ioctl(h->fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &notify);
}

static void *map_refs(xengnttab_handle *h, uint32_t count,
                      const uint32_t *domids, uint32_t domid_stride,
                      const uint32_t *refs, int prot,
                      uint32_t notify_offset, evtchn_port_t notify_port)
{
    struct ioctl_gntdev_map_grant_ref *map;
    size_t size;
    void *addr = NULL;
    uint32_t i;

    if ( !count || count > (1U << 20) )
    {
        errno = EINVAL;
        return NULL;
    }
    size = sizeof(*map) + (count - 1) * sizeof(map->refs[0]);
    map = calloc(1, size);
    if ( !map )
        return NULL;
    map->count = count;
    for ( i = 0; i < count; i++ )
    {
        map->refs[i].domid = domids[i * domid_stride];
        map->refs[i].ref = refs[i];
    }
    if ( ioctl(h->fd, IOCTL_GNTDEV_MAP_GRANT_REF, map) )
        goto out;
    addr = mmap(NULL, (size_t)count * XC_PAGE_SIZE, prot, MAP_SHARED, h->fd,
                map->index);
    if ( addr == MAP_FAILED )
    {
        addr = NULL;
        release_index(h, map->index, count);
        goto out;
    }
    if ( set_notify(h, map->index, notify_offset, notify_port) )
    {
        int saved = errno;

        munmap(addr, (size_t)count * XC_PAGE_SIZE);
        release_index(h, map->index, count);
        errno = saved;
        addr = NULL;
    }
 out:
    if ( !addr )
        xtl_report(h->logger, errno, "xengnttab", "map %u grants: %s", count,
                   strerror(errno));
    free(map);
    return addr;
}

void *xengnttab_map_grant_ref(xengnttab_handle *h, uint32_t domid,
                              uint32_t ref, int prot)
{
    return map_refs(h, 1, &domid, 0, &ref, prot, -1, -1);
}

void *xengnttab_map_grant_refs(xengnttab_handle *h, uint32_t count,
                               uint32_t *domids, uint32_t *refs, int prot)
{
    return map_refs(h, count, domids, 1, refs, prot, -1, -1);
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *h, uint32_t count,
                                      uint32_t domid, uint32_t *refs,
                                      int prot)
{
    return map_refs(h, count, &domid, 0, refs, prot, -1, -1);
}

void *xengnttab_map_grant_ref_notify(xengnttab_handle *h, uint32_t domid,
                                     uint32_t ref, int prot,
                                     uint32_t notify_offset,
                                     evtchn_port_t notify_port)
{
    return map_refs(h, 1, &domid, 0, &ref, prot, notify_offset,
                    notify_port);
}

int xengnttab_unmap(xengnttab_handle *h, void *start_address,
                    uint32_t count)
{
    struct ioctl_gntdev_get_offset_for_vaddr off = {
        .vaddr = (uintptr_t)start_address,
    };
    struct ioctl_gntdev_unmap_grant_ref unmap;

    if ( !start_address || !count )
    {
        errno = EINVAL;
        return -1;
    }
    if ( ioctl(h->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off) )
        return -1;
    if ( off.count != count )
    {
        errno = EINVAL;
        return -1;
    }
    if ( munmap(start_address, (size_t)count * XC_PAGE_SIZE) )
        return -1;
    unmap = (struct ioctl_gntdev_unmap_grant_ref){
        .index = off.offset, .count = count,
    };
    return ioctl(h->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
}

int xengnttab_set_max_grants(xengnttab_handle *h, uint32_t nr_grants)
{
    struct ioctl_gntdev_set_max_grants arg = { .count = nr_grants };

    /* Current kernels dropped this ioctl: they have no such limit. */
    if ( ioctl(h->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &arg) && errno != ENOTTY )
        return -1;
    return 0;
}

int xengnttab_grant_copy(xengnttab_handle *h, uint32_t count,
                         xengnttab_grant_copy_segment_t *segs)
{
    struct ioctl_gntdev_grant_copy copy = {
        .count = count,
        .segments = segs,
    };

    return ioctl(h->fd, IOCTL_GNTDEV_GRANT_COPY, &copy);
}
