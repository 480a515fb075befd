/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain life and references (xen/common/domain.c; issue 7, item 4):
 * lookups take a reference, domain_kill() marks the domain dying and
 * drops its life reference, the domain stays on the list (its domid
 * taken) while anyone holds one, and is freed at the last.  What the
 * kill undoes elsewhere (grants, ports, memory) is recorded only.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>

static struct vcpu *test_current;

#undef current
#define current test_current

#include "../../xen/common/domain.c"

#include "harness.h"

unsigned int nr_cpu_ids = 1;
static unsigned int freed_domains, gt_destroyed, released_maps, kills_seen;
static struct domain *caller;

void *xzalloc_bytes(size_t size) { return calloc(1, size); }
void xfree(void *p) { free(p); }
int arch_domain_create(struct domain *d) { return 0; }
void arch_domain_destroy(struct domain *d) { kills_seen++; }
void arch_domain_shutdown(struct domain *d, int reason) { }
int arch_vcpu_create(struct vcpu *v) { return 0; }
void arch_vcpu_destroy(struct vcpu *v) { }
void domain_release_page(struct domain *d, struct page_info *pg) { }
int domain_shared_info_init(struct domain *d) { return 0; }
void domain_shared_info_free(struct domain *d) { freed_domains++; }
int evtchn_init(struct domain *d) { return 0; }
void evtchn_destroy(struct domain *d) { }
void gnttab_release_mappings(struct domain *d) { released_maps++; }
void grant_table_destroy(struct domain *d) { gt_destroyed++; }
void kill_timer(struct timer *t) { }
bool hypercall_preempt_check(void) { return false; }
void physmap_lock(struct domain *d) { }
void physmap_unlock(struct domain *d) { }
int sched_init_domain(struct domain *d) { return 0; }
void sched_destroy_domain(struct domain *d) { }
int sched_init_vcpu(struct vcpu *v, unsigned int cpu) { return 0; }
unsigned int sched_initial_cpu(unsigned int n) { return n % nr_cpu_ids; }
void sched_destroy_vcpu(struct vcpu *v) { }
void send_guest_global_virq(struct domain *d, unsigned int virq) { }
void vcpu_guest_init(struct vcpu *v) { }
void vcpu_guest_destroy(struct vcpu *v) { }
void vcpu_sleep_nosync(struct vcpu *v) { }
void vcpu_sleep_sync(struct vcpu *v) { }
void vcpu_wake(struct vcpu *v) { }

static void reset(void)
{
    static struct vcpu cv;

    freed_domains = gt_destroyed = released_maps = kills_seen = 0;
    if ( !caller )
        caller = domain_create(0, 1, true);
    cv.domain = caller;
    test_current = &cv;
}

TEST(lookup_takes_a_reference)
{
    struct domain *d, *e;

    reset();
    d = domain_create(5, 1, false);
    EXPECT(d);
    EXPECT_EQ(d->refcnt, 1);
    e = get_domain_by_id(5);
    EXPECT(e == d);
    EXPECT_EQ(d->refcnt, 2);
    put_domain(e);
    EXPECT_EQ(d->refcnt, 1);
    EXPECT(!get_domain_by_id(6));
    EXPECT_EQ(domain_kill(d), 0);
    EXPECT_EQ(freed_domains, 1);
    EXPECT(!get_domain_by_id(5));
}

TEST(dead_domain_is_a_zombie_while_referenced)
{
    struct domain *d, *held;

    reset();
    d = domain_create(7, 1, false);
    held = get_domain_by_id(7);             /* e.g. a grant mapping */
    EXPECT_EQ(domain_kill(d), 0);
    EXPECT(d->is_dying);
    EXPECT_EQ(released_maps, 1);
    EXPECT_EQ(kills_seen, 1);
    /* Not freed, its table kept for those who still reach it. */
    EXPECT_EQ(freed_domains, 0);
    EXPECT_EQ(gt_destroyed, 0);
    /* The domid stays taken, and the zombie is still found. */
    EXPECT(!domain_create(7, 1, false));
    EXPECT_EQ(freed_domains, 1);            /* the refused one's */
    EXPECT_EQ(gt_destroyed, 1);
    EXPECT(get_domain_by_id(7) == d);
    put_domain(d);
    /* Killing twice does nothing more (Xen: 0 for a dead domain). */
    EXPECT_EQ(domain_kill(d), 0);
    EXPECT_EQ(kills_seen, 1);
    put_domain(held);
    EXPECT_EQ(freed_domains, 2);
    EXPECT_EQ(gt_destroyed, 2);
    EXPECT(!get_domain_by_id(7));
    /* Now the id is free again. */
    d = domain_create(7, 1, false);
    EXPECT(d);
    EXPECT_EQ(domain_kill(d), 0);
}

TEST(no_kill_of_oneself)
{
    reset();
    EXPECT_EQ(domain_kill(caller), -EINVAL);
    EXPECT(!caller->is_dying);
}
