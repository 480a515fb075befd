/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m: each HVM domain's map from guest frame (gfn) to machine frame
 * (mfn), kept as the nested page tables the hardware walks (AMD NPT; the
 * VMX backend uses the same entries in EPT format through p2m-ept.c).
 * Entries carry a type in software-available bits.
 *
 * Lock: p2m->lock (per domain) guards changes to the tables; lookups
 * walk them without it (p2m_get_entry(), docs/locking.md).  After any
 * change that
 * removes or weakens a mapping, every vCPU of the domain gets a fresh
 * ASID/VPID before it runs again; one running elsewhere is interrupted,
 * and p2m_flush_wait() waits for that, so a frame is freed only once no
 * stale translation to it survives.
 */
#ifndef X86_P2M_H
#define X86_P2M_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <asm/page.h>

struct domain;

/*
 * Log-dirty state (mm/p2m-logdirty.c), under its own lock, a leaf: taken
 * under the p2m lock or a grant table's lock, never the other way.  The
 * bitmap is two-level: top[] points to pages of LOGDIRTY_LEAF_BITS bits,
 * made on the first mark in their range.
 */
struct p2m_logdirty {
    spinlock_t lock;
    bool enabled;                   /* read without the lock: a hint */
    unsigned long **top;            /* LOGDIRTY_TOP_ENTRIES leaves */
    /* Xen's counts: fault_count is its shadow code's, 0 under HAP. */
    uint32_t fault_count, dirty_count;
    uint32_t failed;                /* marks lost: no leaf, gfn too high */
};

typedef enum {
    p2m_invalid = 0,        /* nothing mapped */
    p2m_ram_rw,             /* normal RAM */
    p2m_ram_ro,             /* RAM, writes fault */
    p2m_mmio_direct,        /* machine MMIO passed through, uncached */
    p2m_grant_map_rw,       /* another domain's page, granted rw */
    p2m_grant_map_ro,       /* another domain's page, granted ro */
    p2m_map_foreign,        /* another domain's page, privileged map */
    p2m_ioreq_server,       /* writes go to a device model */
    p2m_mmio_dm,            /* emulated MMIO (device model) */
    p2m_ram_logdirty,       /* RAM in log-dirty mode: a write faults once */
    p2m_nr_types
} p2m_type_t;

/*
 * The entry format of the nested page tables, per vendor: AMD NPT uses
 * ordinary long-mode entries (mm/p2m-pt.c), Intel EPT its own
 * (hvm/vmx/ept.c).  The p2m walks and updates tables through these.
 */
struct p2m_pt_ops {
    /* A leaf entry mapping mfn with type t; order 0 (4K) or 9 (2M). */
    pte_t (*make_entry)(unsigned long mfn, p2m_type_t t, unsigned int order);
    /* An entry pointing to the next-level table at machine address ma. */
    pte_t (*table_entry)(paddr_t ma);
    p2m_type_t (*entry_type)(pte_t e);      /* p2m_invalid if none */
    unsigned long (*entry_mfn)(pte_t e);
    bool (*is_present)(pte_t e);            /* leaf or table */
    bool (*is_large)(pte_t e);              /* 2M (or 1G) leaf */
};

extern const struct p2m_pt_ops npt_pt_ops;
extern const struct p2m_pt_ops ept_pt_ops;

#define INVALID_MFN     (~0UL)
#define P2M_ORDER_4K    0
#define P2M_ORDER_2M    9

struct p2m_domain {
    spinlock_t lock;
    pte_t *root;                    /* top-level table (PML4) */
    paddr_t root_ma;                /* its machine address: nCR3 */
    unsigned long max_mapped_gfn;
    unsigned long nr_table_pages;   /* tables in use */
    /*
     * The paging pool (mm/p2m-pool.c), under lock: a domU's tables come
     * only from it; dom0's (pool_bounded false) from the heap.
     */
    bool pool_bounded;
    void *pool_free;                /* free pages, linked through word 0 */
    unsigned long pool_total;       /* pages in the pool, used or free */
    unsigned long pool_nr_free;
    /* Log-dirty mode's bitmap and counts (mm/p2m-logdirty.c). */
    struct p2m_logdirty logdirty;
};

/* Xen's initial HAP pool: 256 pages (1 MiB), until the toolstack sizes it. */
#define P2M_POOL_DEFAULT_PAGES  256

/* A table page: from the pool (NULL if it is empty), or the heap. */
void *p2m_pool_get(struct p2m_domain *p2m);
void p2m_pool_put(struct p2m_domain *p2m, void *page);
/* A bounded pool of pages: 0 or -ENOMEM. */
int p2m_pool_init(struct p2m_domain *p2m, unsigned long pages);
/* Give the pool's pages back (its tables are freed already). */
void p2m_pool_destroy(struct p2m_domain *p2m);
/*
 * XEN_DOMCTL_set_paging_mempool_size, in pages: 0, -ENOMEM (no memory,
 * or the pages in use do not allow that few), -EOPNOTSUPP (no pool:
 * dom0), -ERESTART (preempted; call again).
 */
int p2m_pool_resize(struct domain *d, unsigned long pages);
/* The pool's size in bytes (dom0: the tables it uses). */
uint64_t p2m_pool_bytes(const struct domain *d);

int p2m_init(struct domain *d);
/* Free every table (not the mapped frames: they belong to their owner). */
void p2m_teardown(struct domain *d);

/*
 * Map 2^order frames at gfn to mfn with type t (order 0 or 9, gfn and
 * mfn aligned to it).  t == p2m_invalid removes.  0 or -ENOMEM/-EINVAL.
 */
int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t);
/*
 * Wait until no vCPU of d can use a translation removed before the call
 * (TLBs flushed on every CPU running one): before the frame it named is
 * freed or given away.
 */
void p2m_flush_wait(struct domain *d);
/*
 * The VM entry/exit paths tell p2m_flush_wait() when this CPU may use a
 * guest translation: enter with interrupts (GIF) off, just before the
 * ASID/VPID staleness check; exit first thing after the VM exit.
 */
void p2m_guest_enter(void);
void p2m_guest_exit(void);
/* Whether cpu is between the two (for the debug keys). */
bool p2m_cpu_in_guest(unsigned int cpu);
/*
 * Batch the flushes this CPU's changes of d owe (one per change
 * otherwise): from p2m_batch_begin(d) on they are made by
 * p2m_batch_flush(d, end), which flushes once and waits as
 * p2m_flush_wait() does; with end set the batch is over.  Only one batch
 * per CPU at a time; frames removed meanwhile are kept until the flush.
 */
void p2m_batch_begin(struct domain *d);
void p2m_batch_flush(struct domain *d, bool end);
/* Translate; INVALID_MFN (and p2m_invalid) when nothing is mapped. */
unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t);
/* Map [gfn, gfn + nr) 1:1 with type t, large pages where possible. */
int p2m_map_identity(struct domain *d, unsigned long gfn, unsigned long nr,
                     p2m_type_t t);

static inline bool p2m_is_ram(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_ro || t == p2m_ram_logdirty;
}

/*
 * RAM the hypervisor may write for its guest: read-write, or in
 * log-dirty mode (the writer then marks it: p2m_logdirty_mark()).
 */
static inline bool p2m_is_ram_rw(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_logdirty;
}

static inline bool p2m_is_writable(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_grant_map_rw ||
           t == p2m_map_foreign || t == p2m_mmio_direct;
}

/*
 * Change every leaf of type from to type to (2M leaves whole), then flush
 * the domain's TLBs: how log-dirty mode write-protects RAM.  Domain
 * paused.  Returns the number of 4K frames changed.
 */
unsigned long p2m_change_type_all(struct domain *d, p2m_type_t from,
                                  p2m_type_t to);
/*
 * Make gfn's leaf, of type from, type to: a 2M leaf is split first, or
 * changed whole (*order set to 9) when no table page is left for the
 * split.  0; -ENOENT when gfn's type is not from (*cur says what it is).
 */
int p2m_change_type_one(struct domain *d, unsigned long gfn, p2m_type_t from,
                        p2m_type_t to, unsigned int *order, p2m_type_t *cur);

/* Log-dirty mode (mm/p2m-logdirty.c). */
void p2m_logdirty_init(struct p2m_domain *p2m);
void p2m_logdirty_teardown(struct p2m_domain *p2m);
/* gfn .. gfn + nr - 1 written by the hypervisor (or mapped/unmapped). */
void p2m_logdirty_mark(struct domain *d, unsigned long gfn, unsigned long nr);
/* A guest write fault at gfn: true if log-dirty mode took it. */
bool p2m_logdirty_fault(struct domain *d, unsigned long gfn);
/* p2m_set_entry()'s view: the type a new ram_rw entry gets. */
p2m_type_t p2m_logdirty_new_type(struct domain *d, p2m_type_t t);
struct xen_domctl_shadow_op;
/* XEN_DOMCTL_shadow_op: Xen 4.17's paging_domctl() for HAP. */
long p2m_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sc);

#endif /* X86_P2M_H */
