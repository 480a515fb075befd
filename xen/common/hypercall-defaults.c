/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls that are in the dispatch table but not implemented yet
 * answer -ENOSYS, honestly.  Each default is weak: the real handler,
 * where it exists, replaces it at link time.  docs/hypercalls.md lists
 * what is implemented.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>

#define NOT_YET __attribute__((weak))

NOT_YET long do_event_channel_op(int cmd, uint64_t arg)
{
    return -ENOSYS;
}

NOT_YET long do_grant_table_op(unsigned int cmd, uint64_t uop,
                               unsigned int count)
{
    return -ENOSYS;
}

NOT_YET long do_physdev_op(int cmd, uint64_t arg)
{
    return -ENOSYS;
}

NOT_YET long do_platform_op(uint64_t arg)
{
    return -ENOSYS;
}

NOT_YET long do_domctl(uint64_t arg)
{
    return -ENOSYS;
}

NOT_YET long do_sysctl(uint64_t arg)
{
    return -ENOSYS;
}
