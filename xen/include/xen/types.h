/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint64_t paddr_t;
typedef int64_t s_time_t;          /* nanoseconds since boot */
typedef uint16_t domid_t;

#define PRIpaddr "016lx"

#endif /* XEN_TYPES_H */
