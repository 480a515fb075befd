/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs.
 *
 * Field legend: (c) set at creation, constant after; (s) scheduler,
 * under the vCPU's CPU schedule lock; (d) domain code, under
 * d->lock; (a) atomic.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/types.h>
#include <xen/cpumask.h>
#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <public/xen.h>

struct e820entry;
struct evtchn;
struct evtchn_port_ops;
struct evtchn_fifo_domain;

/* Xen's runstates (public/vcpu.h RUNSTATE_*). */
enum vcpu_runstate {
    RUNSTATE_running = 0,
    RUNSTATE_runnable = 1,
    RUNSTATE_blocked = 2,
    RUNSTATE_offline = 3,
};

/* Why a vCPU may not run: bits in pause_flags. */
#define _VPF_blocked    0       /* waiting for an event or timer */
#define _VPF_down       1       /* not brought up (or brought down) */

struct vcpu {
    unsigned int vcpu_id;               /* (c) */
    struct domain *domain;              /* (c) */
    unsigned int processor;             /* (s) CPU it runs or queues on */
    bool is_running;                    /* (s) on a CPU right now */
    bool is_initialised;                /* d->lock: has a start state
                                           (booted, SIPI, VCPUOP_initialise) */
    unsigned long pause_flags;          /* (a) _VPF_* */
    int pause_count;                    /* (a) vcpu_pause() nesting */
    cpumask_t cpu_hard_affinity;        /* (s) CPUs it may run on */
    cpumask_t cpu_soft_affinity;        /* (s) CPUs it prefers (reported
                                           to the toolstack, not used) */
    void *sched_priv;                   /* (s) scheduler's data */

    enum vcpu_runstate runstate;        /* (s) */
    s_time_t runstate_entry;            /* (s) time it entered runstate */
    s_time_t runstate_time[4];          /* (s) time spent in each state */

    struct timer poll_timer;            /* timed block (SCHEDOP_block) */

    /*
     * Guest interface (xen/shared.h, common/vcpu_op.c, vcpu-timer.c).
     * (g) written only by the vCPU itself in a hypercall, or while it is
     * down; (t) its timer's CPU or the owning vCPU, see vcpu-timer.c.
     */
    void *vcpu_info;                    /* (g) vcpu_info, native or compat
                                           layout; NULL: none (id >= 32) */
    unsigned long vcpu_info_mfn;        /* (g) registered frame, or ~0UL */
    unsigned long vcpu_info_gfn;        /* (g) its gfn, when registered */
    struct timer singleshot_timer;      /* (t) set_timer_op, VCPUOP */
    struct timer periodic_timer;        /* (t) VCPUOP_set_periodic_timer */
    spinlock_t periodic_lock;           /* guards the next two */
    s_time_t periodic_period;           /* 0: off */
    s_time_t periodic_last_event;
    uint64_t runstate_guest;            /* (g) guest VA of the runstate
                                           area, 0: none */

    /*
     * Event channels (common/event_channel.c, xen/event.h).  (e) guarded
     * by the domain's event_lock.
     */
    uint32_t virq_to_evtchn[NR_VIRQS];  /* (e) bound port, 0: none */
    uint8_t evtchn_upcall_vector;       /* (a) HVMOP_set_evtchn_upcall_
                                           vector, 0: none */
    bool polling;                       /* (a) blocked in SCHEDOP_poll */
    int poll_evtchn;                    /* (a) the one port it polls; -1:
                                           any of several, 0: none */
    struct arch_vcpu arch;
};

/* d->is_dying, as Xen's DOMDYING_*. */
#define DOMDYING_alive  0
#define DOMDYING_dying  1       /* domain_kill() under way */
#define DOMDYING_dead   2       /* all given back; gone at the last put */

enum domain_shutdown_reason {
    SHUTDOWN_REASON_NONE = -1,
    /* Otherwise the public SHUTDOWN_* codes (poweroff 0, reboot 1, ...). */
};

struct domain {
    domid_t domain_id;                  /* (c) */
    unsigned int max_vcpus;             /* (c) */
    struct vcpu **vcpu;                 /* (c) array of max_vcpus */
    struct domain *next_in_list;        /* domlist_lock */
    int pause_count;                    /* (a) domain_pause() nesting */
    unsigned int refcnt;                /* (a) references; see get_domain() */
    uint8_t is_dying;                   /* (d) DOMDYING_*: non-zero once
                                           being destroyed: no new work
                                           (grants, ports, maps) */
    bool is_shutting_down;              /* (d) */
    int shutdown_code;                  /* (d) SHUTDOWN_* or -1 */
    bool is_privileged;                 /* (c) dom0 */
    int controller_pause_count;         /* (a) toolstack pauses (domctl) */
    bool creation_finished;             /* (a) the toolstack's first unpause
                                           done (Xen's flag) */
    uint32_t options;                   /* (c) XEN_DOMCTL_CDF_* */
    uint32_t emulation_flags;           /* (c) XEN_X86_EMU_* */
    uint8_t handle[16];                 /* (d) toolstack's UUID */
    int64_t time_offset_seconds;        /* (d) settimeoffset */
    unsigned int max_evtchn_port;       /* (c) highest port it may bind */
    unsigned int max_grant_frames;      /* (c) grant table size limit */
    unsigned int max_maptrack_frames;   /* (c) grant mappings limit */
    void *sched_priv;                   /* (s) scheduler's data */
    unsigned int weight;                /* scheduler weight, default 256 */
    unsigned int cap;                   /* % of one CPU, 0 = no cap */
    spinlock_t lock;

    /* Memory. */
    spinlock_t physmap_lock;            /* a physmap change, from looking
                                           at a slot to the last reference
                                           dropped (common/physmap.c) */
    spinlock_t page_alloc_lock;
    struct list_head page_list;         /* page_alloc_lock */
    unsigned long tot_pages;            /* page_alloc_lock */
    unsigned long max_pages;            /* (d) */

    /* Guest interface (xen/shared.h, common/memory.c, console_io.c). */
    void *shared_info;                  /* (c) xenheap page, see shared.h */
    unsigned long shared_info_gfn;      /* (d) where mapped, or ~0UL */
    bool has_32bit_shinfo;              /* (d) compat layouts, latched */
    unsigned long vm_assist;            /* (a) VMASST_TYPE_* bits */
    struct e820entry *e820;             /* (d) memory map for the guest */
    unsigned int nr_e820;               /* (d) */
    spinlock_t pbuf_lock;               /* guards the next two */
    char pbuf[128];                     /* a domU's partial console line */
    unsigned int pbuf_idx;

    /* Event channels (common/event_channel.c, xen/event.h). */
    spinlock_t event_lock;              /* guards the next four */
    const struct evtchn_port_ops *evtchn_port_ops; /* NULL: not set up */
    struct evtchn **evtchn_group[16];   /* EVTCHN_NR_GROUPS of buckets */
    unsigned int valid_evtchns;         /* ports below this have storage */
    struct evtchn_fifo_domain *evtchn_fifo; /* FIFO state, NULL: 2-level */

    struct arch_domain arch;
};

extern struct domain *idle_domain;
extern struct domain *domain_list;      /* domlist_lock */
extern spinlock_t domlist_lock;

#define is_idle_domain(d) ((d)->domain_id == DOMID_IDLE)
#define is_idle_vcpu(v)   is_idle_domain((v)->domain)

#define for_each_vcpu(d, v)                                             \
    for ( unsigned int vi_ = 0;                                         \
          vi_ < (d)->max_vcpus && ((v) = (d)->vcpu[vi_], 1); vi_++ )    \
        if ( v )

#define for_each_domain(d) \
    for ( (d) = domain_list; (d); (d) = (d)->next_in_list )

/* Scheduler core (common/sched/core.c). */
void scheduler_init(void);
int sched_init_cpu(unsigned int cpu);
noreturn void sched_start_idle(unsigned int cpu);
int sched_init_vcpu(struct vcpu *v, unsigned int processor);
void sched_destroy_vcpu(struct vcpu *v);
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap);
void vcpu_wake(struct vcpu *v);
void vcpu_sleep_nosync(struct vcpu *v);
void vcpu_sleep_sync(struct vcpu *v);
void vcpu_yield(void);
/* The state of prev is saved: another CPU may now run it. */
void sched_context_saved(struct vcpu *prev);
void vcpu_block(void);
int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *affinity);
bool vcpu_runnable(const struct vcpu *v);
void sched_dump_runq(void);

/* The CPUs that run guest vCPUs (common/sched/guest-cpus.c). */
extern cpumask_t sched_guest_cpus;
void sched_set_guest_cpus(void);
unsigned int sched_initial_cpu(unsigned int n);

/* Architecture hooks the scheduler core calls. */
noreturn void context_switch(struct vcpu *prev, struct vcpu *next);
noreturn void idle_loop(void);
/* Would CPU0 lose guests' state if it ran them (a QEMU TCG bug)? */
bool arch_cpu0_loses_guest_state(void);

/* Domains (common/domain.c). */

/*
 * What a domain is created with.  A domain that is not privileged is
 * born paused by the toolstack (controller_pause_count 1), as Xen's.
 */
struct domain_limits {
    unsigned int max_vcpus;
    unsigned int max_evtchn_port;
    unsigned int max_grant_frames;
    unsigned int max_maptrack_frames;
    uint32_t options;                   /* XEN_DOMCTL_CDF_* */
    uint32_t emulation_flags;           /* XEN_X86_EMU_* */
    bool privileged;
};

struct domain *domain_create_limits(domid_t domid,
                                    const struct domain_limits *l);
/* dom0 and the idle domain: Xen's default limits. */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             bool privileged);
/*
 * The toolstack's pause (XEN_DOMCTL_pausedomain), counted apart from the
 * hypervisor's own: 0, -EOVERFLOW (255 deep) or -EINVAL (unpause of a
 * domain it did not pause).
 */
int domain_pause_by_systemcontroller(struct domain *d);
int domain_unpause_by_systemcontroller(struct domain *d);
/* Undo a shutdown: the vCPUs run again (XEN_DOMCTL_resumedomain). */
void domain_resume(struct domain *d);
/* Tell the control domain a domain changed state (VIRQ_DOM_EXC). */
void domain_notify_exception(void);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void domain_shutdown(struct domain *d, int reason);
void domain_crash(struct domain *d);
/*
 * Tear d down: 0 once done (or already dead), -ERESTART to be called
 * again (preempted), -EINVAL for the caller's own domain.
 */
int domain_kill(struct domain *d);

/*
 * Domain references.  A domain is born with one (its life, dropped by
 * domain_kill()); every pointer to it kept beyond the current hypercall
 * (a grant mapping of its frame, a foreign map, a lookup in progress)
 * holds another.  The last put frees the domain; until then it stays on
 * the domain list, so its domid is not reused, even once dead (a
 * zombie).  get_domain() fails only on a domain being freed.
 */
static inline bool get_domain(struct domain *d)
{
    unsigned int x = __atomic_load_n(&d->refcnt, __ATOMIC_SEQ_CST);

    do {
        if ( !x )
            return false;
    } while ( !__atomic_compare_exchange_n(&d->refcnt, &x, x + 1, false,
                                           __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    return true;
}

/* The last reference: off the domain list, then freed. */
void domain_destroy_final(struct domain *d);

static inline void put_domain(struct domain *d)
{
    if ( __atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST) == 0 )
        domain_destroy_final(d);
}

/* The domain with this id, with a reference (put_domain()); or NULL. */
struct domain *get_domain_by_id(domid_t domid);
/* The first domain with an id >= domid, referenced; or NULL. */
struct domain *domain_find_from(domid_t domid);

#endif /* XEN_SCHED_H */
