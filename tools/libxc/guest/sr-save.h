/* SPDX-License-Identifier: LGPL-2.1-only */
/* What the save's sources share (sr-save.c, sr-save-pages.c). */
#ifndef SR_SAVE_H
#define SR_SAVE_H

#include "xc-private.h"
#include <xenguest.h>
#include "sr-stream.h"

#pragma GCC visibility push(hidden)

struct sr_save {
    xc_interface *xch;
    uint32_t domid;
    struct sr_io io;
    struct save_callbacks *cb;
    bool live, compress;
    uint64_t p2m_size;          /* gfns 0 .. p2m_size - 1 are looked at */
    uint8_t *dirty;             /* bitmap of p2m_size bits: gfns to send */
    uint8_t *pages;             /* SR_MAX_BATCH pages of batch data */
    struct sr_batch batch;
    xen_pfn_t gfns[SR_MAX_BATCH];
    int errs[SR_MAX_BATCH];
    struct precopy_stats stats;
    bool no_types;              /* no getpageframeinfo3: map every gfn */
    xen_pfn_t types[SR_MAX_BATCH];
};

/* 0, or -1 with errno and s->io.why. */
int sr_save_fail(struct sr_save *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Every gfn whose bit is set in s->dirty, in PAGE_DATA batches; gfns that
 * do not map go as XTAB, or are left out when skip_holes (the first pass:
 * the receiver has nothing there yet).  *sent counts the pages with data.
 */
int sr_send_dirty(struct sr_save *s, bool skip_holes, unsigned long *sent);

static inline void sr_bit_set(uint8_t *map, uint64_t bit)
{
    map[bit / 8] |= 1u << (bit % 8);
}

static inline bool sr_bit_test(const uint8_t *map, uint64_t bit)
{
    return map[bit / 8] & (1u << (bit % 8));
}

#pragma GCC visibility pop

#endif /* SR_SAVE_H */
