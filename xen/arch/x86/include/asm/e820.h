/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_E820_H
#define X86_E820_H

#include <xen/types.h>

#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_NVS        4
#define E820_UNUSABLE   5

#define E820_MAX        128

struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));

struct e820map {
    unsigned int nr_map;
    struct e820entry map[E820_MAX];
};

/*
 * Make a firmware map usable: drop empty entries, resolve overlaps (where
 * two entries overlap the part in common takes the more restrictive type:
 * anything beats RAM), and merge adjacent entries of one type.  The result
 * is sorted and non-overlapping.  Returns the number of entries.
 */
unsigned int e820_sanitize(struct e820map *m);

/*
 * Mark [start, end) as type, splitting entries as needed (used to keep
 * the hypervisor image and boot modules out of RAM).  Only a type that
 * outranks what is there takes effect (anything beats RAM; see
 * e820_sanitize()); asking for RAM is refused.  Returns 0, or -1 if the
 * map is full or type is RAM.
 */
int e820_change_range_type(struct e820map *m, uint64_t start, uint64_t end,
                           uint32_t type);

/*
 * A guest's memory map from the sanitised host map m (dom0's, which gets
 * host RAM 1:1): each RAM entry trimmed inward to whole pages, as Xen's
 * pvh_setup_e820() does (a partial page at either end is left out, so it
 * can never overlap the reserved entry next to it), each of its pages RAM
 * if is_ram(ctx, pa) and reserved otherwise (host RAM the guest does not
 * have); other entries as they are.  Contiguous entries of one type are
 * merged.  The result is sorted and non-overlapping; returns the number
 * of entries written to out (at most max; the rest is dropped).
 */
unsigned int e820_guest_map(const struct e820map *m,
                            bool (*is_ram)(const void *ctx, uint64_t pa),
                            const void *ctx, struct e820entry *out,
                            unsigned int max);

/* Bytes of RAM in the map, and the end of the highest RAM entry. */
uint64_t e820_ram_total(const struct e820map *m);
uint64_t e820_ram_end(const struct e820map *m);

extern struct e820map e820;

#endif /* X86_E820_H */
