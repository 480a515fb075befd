/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_MEMORY_MAP_H
#define XEN_MEMORY_MAP_H

#include <asm/e820.h>

struct domain;

/* Record the memory map XENMEM_memory_map returns to d (copied). */
int domain_set_memory_map(struct domain *d, const struct e820entry *map,
                          unsigned int nr);

#endif /* XEN_MEMORY_MAP_H */
