/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, shared between grant_table.c (the table, its frames and
 * the simple ops), grant_map.c (map, unmap, teardown) and grant_copy.c.
 *
 * Field legend: (c) set at creation, constant after; [l] under the
 * table's lock.  One lock per table; no path holds two table locks at
 * once.  Order: table lock, then the p2m lock (p2m_set_entry), then a
 * page owner's page_alloc_lock.
 */
#ifndef GRANT_PRIVATE_H
#define GRANT_PRIVATE_H

#include <xen/types.h>
#include <xen/grant_table.h>
#include <xen/spinlock.h>
#include <asm/page.h>
#include <public/grant_table.h>

#define GT_ENTRIES_PER_FRAME  (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GT_INIT_FRAMES        1
#define MT_PER_CHUNK          256     /* Xen: 16-byte entries a frame */
#define MT_MAX_CHUNKS         GNTTAB_MAX_MAPTRACK_FRAMES
#define MT_NONE               (~0U)
#define PIN_MAX               0xffffU /* pins of one kind per entry */

/*
 * The hypervisor's side of a granted entry while some domain uses it:
 * how many mappings (or copies in progress) hold it, for whom, and the
 * frame they hold.  All zero when unused.
 */
struct active_grant_entry {
    uint32_t pin_ro;            /* [l] read-only holds */
    uint32_t pin_rw;            /* [l] writable holds */
    domid_t domid;              /* [l] the domain holding it */
    unsigned long gfn;          /* [l] the granter's frame it holds */
    unsigned long mfn;          /* [l] and its machine frame */
};

/* One mapping a domain made (maptrack); handle = its index. */
struct grant_mapping {
    uint32_t flags;             /* [l] GNTMAP_* of the map; 0: free */
    struct domain *rd;          /* [l] granting domain, referenced */
    domid_t domid;              /* [l] its id when mapped */
    grant_ref_t ref;            /* [l] its entry */
    unsigned long gfn;          /* [l] where mapped, in our p2m */
    unsigned long mfn;          /* [l] frame mapped */
    unsigned int next_free;     /* [l] free list link, MT_NONE ends */
};

struct grant_table {
    struct domain *d;                       /* (c) owner */
    struct grant_table *next;               /* gt_list_lock */
    spinlock_t lock;
    unsigned int nr_frames;                 /* [l] shared frames in use */
    grant_entry_v1_t *shared[GNTTAB_MAX_FRAMES];   /* [l] */
    unsigned long shared_gfn[GNTTAB_MAX_FRAMES];   /* [l] or ~0UL */
    struct active_grant_entry *active[GNTTAB_MAX_FRAMES]; /* [l] */
    struct grant_mapping *maptrack[MT_MAX_CHUNKS]; /* [l] */
    unsigned int mt_chunks;                 /* [l] chunks allocated */
    unsigned int mt_free;                   /* [l] free list head */
    unsigned int mt_used;                   /* [l] handles in use */
};

/* grant_table.c */
struct grant_table *gt_get(struct domain *d);      /* created if new */
struct grant_table *gt_find(const struct domain *d); /* NULL if none */
unsigned int gt_nr_entries(const struct grant_table *gt);
grant_entry_v1_t *gt_shared_entry(struct grant_table *gt, grant_ref_t ref);
struct active_grant_entry *gt_active(struct grant_table *gt,
                                     grant_ref_t ref);
int gt_grow(struct grant_table *gt, unsigned int nr);  /* lock held */
void grant_table_destroy_one(struct grant_table *gt);  /* on no list */

/* grant_map.c: pins, shared by map and copy (rgt lock held). */
/*
 * Pin entry ref of rgt for domain ldom: checks the entry grants ldom
 * this access, sets GTF_reading (and GTF_writing), counts the pin and
 * takes a reference on the frame, whose number goes to *mfn.  map: for
 * a mapping (sub-page and cache-attribute grants refused).  GNTST_*.
 */
int16_t gt_pin(struct grant_table *rgt, grant_ref_t ref, domid_t ldom,
               bool readonly, bool map, unsigned long *mfn);
/* Undo one pin (the caller drops the frame reference, unlocked). */
void gt_unpin(struct grant_table *rgt, grant_ref_t ref, domid_t ldom,
              bool readonly);
/* The same taking rgt's lock; unpin also drops the frame reference. */
int16_t gt_pin_locked(struct grant_table *rgt, grant_ref_t ref,
                      domid_t ldom, bool readonly, bool map,
                      unsigned long *mfn);
void gt_unpin_locked(struct grant_table *rgt, grant_ref_t ref, domid_t ldom,
                     bool readonly, unsigned long mfn);

int16_t gnttab_map_one(struct gnttab_map_grant_ref *op);
int16_t gnttab_unmap_one(const struct gnttab_unmap_grant_ref *op);

/* grant_copy.c */
int16_t gnttab_copy_one(const struct gnttab_copy *op);

#endif /* GRANT_PRIVATE_H */
