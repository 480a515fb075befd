/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for guest memory access in hypercall tests: a "guest
 * linear address" is a host pointer, except [BAD_VA, BAD_VA + 64K),
 * which is unbacked and makes the copies fail (-> -EFAULT).  The test
 * owns `static bool test_compat;`, what hypercall_is_compat() answers.
 */
#ifndef GUEST_ACCESS_FAKE_H
#define GUEST_ACCESS_FAKE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define BAD_VA 0x10000000UL

static bool bad(uint64_t va, size_t len)
{
    return va < BAD_VA + 0x10000 && va + len > BAD_VA;
}

size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len)
{
    if ( bad(va, len) )
        return len;
    memcpy((void *)va, src, len);
    return 0;
}

size_t copy_from_guest_va(struct vcpu *v, void *dst, uint64_t va,
                          size_t len)
{
    if ( bad(va, len) )
        return len;
    memcpy(dst, (const void *)va, len);
    return 0;
}

bool hypercall_is_compat(void)
{
    return test_compat;
}

#endif /* GUEST_ACCESS_FAKE_H */
