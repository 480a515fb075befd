/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's xmalloc as the host's malloc, for tests that need no more. */
#ifndef UNIT_XMALLOC_FAKE_H
#define UNIT_XMALLOC_FAKE_H

#include <stdlib.h>

void *xmalloc_bytes(size_t size)
{
    return malloc(size);
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

#endif /* UNIT_XMALLOC_FAKE_H */
