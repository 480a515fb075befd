/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor heap allocations of any size.  Blocks up to 2 KiB come from
 * per-size pools; larger ones are whole buddy blocks.  Memory is not
 * zeroed unless the _zero form is used.  Safe from any context with
 * interrupts on or off.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#define xmalloc(type)          ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)          ((type *)xzalloc_bytes(sizeof(type)))
#define xmalloc_array(type, n) ((type *)xmalloc_array_bytes(sizeof(type), n))
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes(sizeof(type), n))

static inline void *xmalloc_array_bytes(size_t size, size_t n)
{
    if ( n && size > (size_t)-1 / n )
        return NULL;
    return xmalloc_bytes(size * n);
}

static inline void *xzalloc_array_bytes(size_t size, size_t n)
{
    if ( n && size > (size_t)-1 / n )
        return NULL;
    return xzalloc_bytes(size * n);
}

#endif /* XEN_XMALLOC_H */
