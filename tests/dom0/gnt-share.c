/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant a page to ourselves and map it back: allocate it through
 * /dev/xen/gntalloc (granted to dom0), fill it with a pattern, map the
 * grant reference through /dev/xen/gntdev and compare every byte; then
 * write through the gntdev mapping and read it on the gntalloc side, so
 * both directions are seen to be the same memory.
 */
#include "dom0-test.h"

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#define PAGE 4096

static unsigned char pattern(unsigned int i, unsigned int seed)
{
    return (i * 7 + seed) ^ (i >> 8);
}

static void *map(int fd, uint64_t index)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                   index);

    return p == MAP_FAILED ? NULL : p;
}

/* Index of the first byte that differs from the pattern, or -1. */
static int check(const unsigned char *p, unsigned int seed)
{
    unsigned int i;

    for ( i = 0; i < PAGE; i++ )
        if ( p[i] != pattern(i, seed) )
            return i;
    return -1;
}

static void fill(unsigned char *p, unsigned int seed)
{
    unsigned int i;

    for ( i = 0; i < PAGE; i++ )
        p[i] = pattern(i, seed);
}

int main(void)
{
    struct ioctl_gntalloc_alloc_gref ga = {
        .domid = 0, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1,
    };
    struct ioctl_gntdev_map_grant_ref gm = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref gu = { .count = 1 };
    struct ioctl_gntalloc_dealloc_gref gd = { .count = 1 };
    unsigned char *src, *dst;
    int alloc_fd, dev_fd, bad;

    test_name = "gnt-share";
    alloc_fd = open_xen_dev("gntalloc");
    dev_fd = open_xen_dev("gntdev");
    if ( alloc_fd < 0 || dev_fd < 0 )
        return fail("open gntalloc/gntdev: %s", strerror(errno));

    if ( ioctl(alloc_fd, IOCTL_GNTALLOC_ALLOC_GREF, &ga) < 0 )
        return fail("GNTALLOC_ALLOC_GREF: %s", strerror(errno));
    src = map(alloc_fd, ga.index);
    if ( !src )
        return fail("mmap gntalloc: %s", strerror(errno));
    fill(src, 0x5a);

    gm.refs[0].domid = 0;
    gm.refs[0].ref = ga.gref_ids[0];
    if ( ioctl(dev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &gm) < 0 )
        return fail("GNTDEV_MAP_GRANT_REF gref %u: %s", ga.gref_ids[0],
                    strerror(errno));
    dst = map(dev_fd, gm.index);
    if ( !dst )
        return fail("mmap gntdev (grant map): %s", strerror(errno));

    bad = check(dst, 0x5a);
    if ( bad >= 0 )
        return fail("byte %d differs through the grant mapping", bad);
    fill(dst, 0xc3);
    bad = check(src, 0xc3);
    if ( bad >= 0 )
        return fail("byte %d written through gntdev not seen", bad);

    munmap(dst, PAGE);
    gu.index = gm.index;
    if ( ioctl(dev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &gu) < 0 )
        return fail("GNTDEV_UNMAP_GRANT_REF: %s", strerror(errno));
    munmap(src, PAGE);
    gd.index = ga.index;
    if ( ioctl(alloc_fd, IOCTL_GNTALLOC_DEALLOC_GREF, &gd) < 0 )
        return fail("GNTALLOC_DEALLOC_GREF: %s", strerror(errno));

    printf("gnt-share: gref %u, %d bytes compared both ways\n",
           ga.gref_ids[0], PAGE);
    return pass("gref=%u bytes=%d", ga.gref_ids[0], PAGE);
}
