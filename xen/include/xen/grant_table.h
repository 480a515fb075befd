/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (version 1 entries) for auto-translated (HVM/PVH) domains:
 * the interface other subsystems use.  The guest-facing side is
 * do_grant_table_op() (xen/hypercall.h); lock rules and the state of
 * each entry are in docs/grant-tables.md.
 *
 * A domain's table is created on first use (a grant op, or a memory op
 * that maps one of its frames), so domain_create() need not know about
 * it; grant_table_destroy() must run when the domain goes away.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/types.h>

struct domain;

/* Xen's defaults: gnttab_max_frames and gnttab_max_maptrack_frames. */
#define GNTTAB_MAX_FRAMES           64
#define GNTTAB_MAX_MAPTRACK_FRAMES  1024

/*
 * Map shared frame idx of d's table at guest frame gfn of d (growing the
 * table to idx + 1 frames if needed), as XENMEM_add_to_physmap with
 * XENMAPSPACE_grant_table does.  Bit XENMAPIDX_grant_table_status asks
 * for a v2 status frame: -EINVAL, as Xen answers a v1 table.  The frame
 * leaves the gfn it was mapped at before.  Whatever was at gfn must have
 * been removed by the caller.  0, -EINVAL or -ENOMEM.
 */
int gnttab_map_frame(struct domain *d, unsigned long idx, unsigned long gfn);

/*
 * The machine frame of shared frame idx of d's table, growing it if
 * needed; for XENMEM_acquire_resource.  0, -EINVAL or -ENOMEM.
 */
int gnttab_get_shared_frame(struct domain *d, unsigned long idx,
                            unsigned long *mfn);

/* Frames a resource of type grant table with this id has (0: none). */
unsigned int gnttab_resource_max_frames(const struct domain *d,
                                        unsigned int id);

/*
 * d's guest frame gfn no longer maps shared frame mfn (removed from its
 * physmap by a memory op): forget where it was.
 */
void gnttab_frame_unmapped(struct domain *d, unsigned long mfn);

/* Is mfn one of d's grant-table frames? */
bool gnttab_is_table_frame(struct domain *d, unsigned long mfn);

/*
 * Undo every grant mapping d holds of other domains' (or its own)
 * frames: p2m entries removed, the granters' entries unpinned, page
 * references dropped.  For domain teardown: call once d is paused and
 * marked dying, before its p2m is torn down.
 */
void gnttab_release_mappings(struct domain *d);

/*
 * Free d's table (after gnttab_release_mappings()).  Frames still
 * mapped by other domains (acquire_resource) stay until they let go.
 */
void grant_table_destroy(struct domain *d);

#endif /* XEN_GRANT_TABLE_H */
