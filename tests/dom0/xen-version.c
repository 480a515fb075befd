/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ask the hypervisor its version with a raw HYPERVISOR_xen_version
 * hypercall through /dev/xen/privcmd (IOCTL_PRIVCMD_HYPERCALL), as the
 * toolstack libraries do, and cross-check it against what the kernel
 * publishes in /sys/hypervisor/version.
 */
#include "dom0-test.h"

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/version.h>
#include <xen/privcmd.h>

static long hypercall(int fd, unsigned int op, uint64_t a0, uint64_t a1)
{
    struct privcmd_hypercall hc = {
        .op = op,
        .arg = { a0, a1 },
    };

    return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &hc);
}

/* -1 when the file is missing: an old kernel or no Xen sysfs support. */
static long sysfs_number(const char *name)
{
    char path[80];
    long v = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/sys/hypervisor/version/%s", name);
    f = fopen(path, "r");
    if ( !f )
        return -1;
    if ( fscanf(f, "%ld", &v) != 1 )
        v = -1;
    fclose(f);
    return v;
}

int main(void)
{
    /* Page-aligned and locked: the hypervisor writes it by address. */
    static char extra[4096] __attribute__((aligned(4096)));
    long r, major, minor, smaj, smin;
    int fd;

    test_name = "xen-version";
    fd = open_xen_dev("privcmd");
    if ( fd < 0 )
        return fail("open privcmd: %s", strerror(errno));

    r = hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0);
    if ( r < 0 )
        return fail("xen_version(XENVER_version): %s", strerror(errno));
    major = r >> 16;
    minor = r & 0xffff;

    mlock(extra, sizeof(extra));
    r = hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion,
                  (uintptr_t)extra);
    if ( r < 0 )
        return fail("xen_version(XENVER_extraversion): %s", strerror(errno));
    extra[XEN_EXTRAVERSION_LEN - 1] = '\0';

    smaj = sysfs_number("major");
    smin = sysfs_number("minor");
    if ( smaj >= 0 && (smaj != major || smin != minor) )
        return fail("hypercall says %ld.%ld, sysfs says %ld.%ld",
                    major, minor, smaj, smin);
    if ( major < 3 )
        return fail("implausible version %ld.%ld", major, minor);

    printf("xen-version: Xen %ld.%ld%s (sysfs %s)\n", major, minor, extra,
           smaj >= 0 ? "agrees" : "absent");
    return pass("version=%ld.%ld%s", major, minor, extra);
}
