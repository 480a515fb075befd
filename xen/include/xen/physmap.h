/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's physical map beyond boot: the memory sub-ops that add and
 * remove frames (common/physmap.c), and the page references that keep a
 * frame alive while another domain maps it.
 *
 * Page references: the low bits of page_info.count_info count them.  A
 * frame a domain owns holds one for the allocation (PGC_allocated);
 * every foreign or grant mapping, and every copy in progress, holds one
 * more.  The frame goes back to the heap when the last one is dropped,
 * so a domain may give a frame back while another still maps it.
 * Counts change atomically; owner and the page list change under the
 * owner's page_alloc_lock.
 */
#ifndef XEN_PHYSMAP_H
#define XEN_PHYSMAP_H

#include <xen/types.h>

struct domain;
struct page_info;

/*
 * Take a reference on a frame d owns (PGC_allocated, owner d, count not
 * saturated).  false if it is not d's or is being freed.
 */
bool page_get_ref(struct page_info *pg, const struct domain *d);
/* Drop one; the last one frees the frame. */
void page_put_ref(struct page_info *pg);

/*
 * Give up d's ownership of pg (its page list, tot_pages, the allocation
 * reference).  The frame must already be out of d's p2m.
 */
void domain_release_page(struct domain *d, struct page_info *pg);

/*
 * A hypervisor page d may map (shared_info, grant-table frames): owned
 * by d with an allocation reference, so page_get_ref() works on it as
 * on d's RAM (Xen's share_xen_page_with_guest()).  unshare drops the
 * allocation reference: the page is freed at the last reference.
 */
void share_xen_page_with_domain(void *va, struct domain *d);
void unshare_xen_page(void *va);

/* Is d's RAM mapped 1:1 (guest frame == machine frame)?  dom0's is. */
bool physmap_is_identity(const struct domain *d);

/*
 * Slots for frames the hypervisor maps into a domain (grant maps,
 * foreign frames, grant-table frames).  claim: may gfn take one?  Yes
 * if nothing is there; for the 1:1 dom0 also over its own 1:1 MMIO
 * below 4 GiB, where Linux puts such mappings (it sees the PCI hole as
 * free address space; Xen maps no hole there).  vacate: empty the slot
 * again, putting back the 1:1 MMIO a claim covered.  The caller holds
 * whatever lock serialises the slot's users.
 */
bool physmap_claim_slot(struct domain *d, unsigned long gfn);
void physmap_vacate_slot(struct domain *d, unsigned long gfn);

/*
 * d->physmap_lock: held by every change of d's physmap from the first
 * look at a slot until the last reference the change drops (claim,
 * vacate and the p2m update between).  Outermost of the memory locks;
 * never two domains' at once.
 */
void physmap_lock(struct domain *d);
void physmap_unlock(struct domain *d);
/*
 * The same for a change on a domain that may be dying: false (and not
 * locked) once it is, as its p2m is about to go (domain_kill() takes
 * the lock once after setting is_dying, so nobody who saw it alive is
 * still at work when the p2m is torn down).
 */
bool physmap_lock_live(struct domain *d);

/*
 * pg just left d's p2m: drop the reference that kept it mapped once no
 * vCPU of d can reach it through a stale TLB entry (p2m_flush_wait()).
 */
void physmap_put_after_flush(struct domain *d, struct page_info *pg);

/*
 * Between these two, this CPU's changes of d's physmap flush once (up to
 * 64 frames at a time): the references physmap_put_after_flush() drops
 * wait for it.  Every path out of the hypercall (continuation included)
 * must end the batch.  One batch per CPU at a time.
 */
void physmap_batch_begin(struct domain *d);
void physmap_batch_end(struct domain *d);

/*
 * Empty slot gfn for a new frame, physmap_lock held: RAM, foreign maps
 * and hypervisor frames there go (Xen's guest_remove_page()), dom0's 1:1
 * MMIO only as physmap_claim_slot() allows; grant maps stay (-EBUSY).
 */
int physmap_clear_slot(struct domain *d, unsigned long gfn);

/*
 * Memory sub-ops, called by do_memory_op() (common/memory.c) with the
 * sub-op number, the continuation point from cmd's upper bits and the
 * guest's argument.  Each returns what do_memory_op returns; a restart
 * is returned as -ERESTART after the continuation point was stored with
 * hypercall_set_arg(0, ...).
 */
long memop_reservation(unsigned int op, unsigned long start, uint64_t arg);
long memop_add_to_physmap_batch(unsigned long start, uint64_t arg);
long memop_remove_from_physmap(uint64_t arg);
long memop_acquire_resource(unsigned long start, uint64_t arg);

/*
 * XENMEM_add_to_physmap for the spaces other than shared_info, on
 * domain d (already checked): grant_table, gmfn, gmfn_range.  start is
 * the continuation point of a gmfn_range.  0, a negative errno, or the
 * number of pages done so far (> start) when it must continue.
 */
long physmap_add(struct domain *d, unsigned int space, unsigned long idx,
                 unsigned long gpfn, unsigned int size, unsigned long start);

#endif /* XEN_PHYSMAP_H */
