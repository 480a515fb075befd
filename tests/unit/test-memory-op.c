/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (xen/common/memory.c) from 64-bit and 32-bit callers: the
 * memory map in both argument layouts (the compat one has a 4-byte
 * buffer handle), reservation queries and their permission checks,
 * mapping shared_info (native and compat xen_add_to_physmap, moving it,
 * the slot emptied first under the physmap lock, bad index), get_vnumainfo, continuation bits, and -EFAULT for bad
 * arguments.  Guest memory is host memory; compat buffers live below
 * 4 GiB (MAP_32BIT).  The p2m is a recording stand-in.
 */
/* The hypervisor's view of the public headers (handles are structs). */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/sched.h>

static struct domain dom0, dom1;
static struct vcpu vcpu0 = { .domain = &dom0 }, vcpu1 = { .domain = &dom1 };
static struct vcpu *test_current = &vcpu0;
static bool test_compat;

#undef current
#define current test_current

#include "../../xen/common/memory.c"

#include "harness.h"

#include "guest-access-fake.h"

unsigned long max_page = 0x12345;



struct domain *get_domain_by_id(domid_t id)
{
    return id == 0 ? &dom0 : id == 1 ? &dom1 : NULL;
}

void *xmalloc_bytes(size_t size)
{
    return malloc(size);
}

void xfree(void *p)
{
    free(p);
}

/* The p2m: the last two updates. */
static struct { unsigned long gfn, mfn; p2m_type_t t; } p2m_log[2];
static unsigned int p2m_calls;

int p2m_set_entry(struct domain *d, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    p2m_log[0] = p2m_log[1];
    p2m_log[1].gfn = gfn, p2m_log[1].mfn = mfn, p2m_log[1].t = t;
    p2m_calls++;
    return 0;
}

/* physmap.c's slot helpers: recorded, and the lock rule checked. */
static unsigned int clear_calls, clear_unlocked;
static unsigned long cleared_gfn;

void physmap_lock(struct domain *d)
{
    spin_lock(&d->physmap_lock);
}

void physmap_unlock(struct domain *d)
{
    spin_unlock(&d->physmap_lock);
}

int physmap_clear_slot(struct domain *d, unsigned long gfn)
{
    clear_calls++;
    cleared_gfn = gfn;
    clear_unlocked += !spin_is_locked(&d->physmap_lock);
    return 0;
}

void physmap_vacate_slot(struct domain *d, unsigned long gfn)
{
    p2m_set_entry(d, gfn, INVALID_MFN, 0, p2m_invalid);
}

/* physmap.c's sub-ops (tested in test-gnttab-physmap.c): markers. */
void hypercall_set_arg(unsigned int i, unsigned long val)
{
}

long memop_reservation(unsigned int op, unsigned long start, uint64_t arg)
{
    return 1000 + op;
}

long memop_add_to_physmap_batch(unsigned long start, uint64_t arg)
{
    return 2000;
}

long memop_remove_from_physmap(uint64_t arg)
{
    return 3000;
}

long memop_acquire_resource(unsigned long start, uint64_t arg)
{
    return 4000;
}

long physmap_add(struct domain *d, unsigned int space, unsigned long idx,
                 unsigned long gpfn, unsigned int size, unsigned long start)
{
    return -5000;
}

static long mop(unsigned long cmd, const void *arg)
{
    return do_memory_op(cmd, (uint64_t)(uintptr_t)arg);
}

static const struct e820entry map3[3] = {
    { 0, 0x9f000, 1 }, { 0xf0000, 0x10000, 2 }, { 0x100000, 0x7f00000, 1 },
};

static void reset(void)
{
    static uint8_t si0[4096] __attribute__((aligned(4096)));

    dom0.domain_id = 0, dom0.is_privileged = true;
    dom1.domain_id = 1, dom1.is_privileged = false;
    dom0.shared_info = si0;
    dom0.shared_info_gfn = ~0UL;
    test_current = &vcpu0;
    test_compat = false;
    p2m_calls = 0;
    clear_calls = clear_unlocked = 0;
}

TEST(memory_map_native)
{
    struct e820entry buf[4];
    struct xen_memory_map m = { .nr_entries = 2 };

    reset();
    EXPECT_EQ(mop(XENMEM_memory_map, &m), -ENOSYS);     /* no map yet */
    EXPECT_EQ(domain_set_memory_map(&dom0, map3, 3), 0);
    memset(buf, 0, sizeof(buf));
    set_xen_guest_handle(m.buffer, buf);
    EXPECT_EQ(mop(XENMEM_memory_map, &m), 0);
    EXPECT_EQ(m.nr_entries, 2);
    EXPECT(!memcmp(buf, map3, 2 * sizeof(*buf)));
    EXPECT_EQ(buf[2].size, 0);
    m.nr_entries = 4;
    EXPECT_EQ(mop(XENMEM_memory_map, &m), 0);
    EXPECT_EQ(m.nr_entries, 3);
    EXPECT_EQ(buf[2].addr, 0x100000);
    EXPECT_EQ(mop(XENMEM_memory_map, (void *)BAD_VA), -EFAULT);
    set_xen_guest_handle(m.buffer, (void *)BAD_VA);
    EXPECT_EQ(mop(XENMEM_memory_map, &m), -EFAULT);
    EXPECT_EQ(domain_set_memory_map(&dom0, map3, E820_MAX + 1), -E2BIG);
}

TEST(memory_map_compat)
{
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct compat_memory_map *m = (void *)low;
    struct e820entry *buf = (void *)(low + 64);

    reset();
    EXPECT(low != MAP_FAILED);
    EXPECT_EQ(domain_set_memory_map(&dom0, map3, 3), 0);
    test_compat = true;
    /* 8 bytes: whatever follows is not the handle's. */
    memset(low, 0xee, 64);
    m->nr_entries = 8;
    m->buffer = (uint32_t)(uintptr_t)buf;
    EXPECT_EQ(mop(XENMEM_memory_map, m), 0);
    EXPECT_EQ(m->nr_entries, 3);
    EXPECT(!memcmp(buf, map3, sizeof(map3)));
    EXPECT_EQ(low[8], 0xee);
    m->buffer = (uint32_t)BAD_VA;
    EXPECT_EQ(mop(XENMEM_memory_map, m), -EFAULT);
    munmap(low, 4096);
}

TEST(reservations)
{
    domid_t self = DOMID_SELF, zero = 0, one = 1, nobody = 77;

    reset();
    dom0.tot_pages = 1000, dom0.max_pages = 2000;
    dom1.tot_pages = 10, dom1.max_pages = 20;
    EXPECT_EQ(mop(XENMEM_current_reservation, &self), 1000);
    EXPECT_EQ(mop(XENMEM_maximum_reservation, &self), 2000);
    EXPECT_EQ(mop(XENMEM_current_reservation, &one), 10);
    EXPECT_EQ(mop(XENMEM_maximum_gpfn, &one), 0);       /* no p2m */
    EXPECT_EQ(mop(XENMEM_current_reservation, &nobody), -ESRCH);
    EXPECT_EQ(mop(XENMEM_current_reservation, (void *)BAD_VA), -EFAULT);
    EXPECT_EQ(mop(XENMEM_current_reservation | (1UL << 6), &self),
              -EINVAL);
    EXPECT_EQ(mop(XENMEM_maximum_ram_page, NULL), 0x12345);
    test_current = &vcpu1;
    EXPECT_EQ(mop(XENMEM_current_reservation, &zero), -EPERM);
    EXPECT_EQ(mop(XENMEM_current_reservation, &self), 10);
}

TEST(add_to_physmap_shared_info)
{
    struct xen_add_to_physmap x = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
        .idx = 0, .gpfn = 0xfeff0,
    };
    unsigned long mfn = virt_to_mfn(dom0.shared_info);

    reset();
    mfn = virt_to_mfn(dom0.shared_info);
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), 0);
    EXPECT_EQ(p2m_calls, 1);
    EXPECT_EQ(p2m_log[1].gfn, 0xfeff0);
    EXPECT_EQ(p2m_log[1].mfn, mfn);
    EXPECT_EQ(p2m_log[1].t, p2m_ram_rw);
    EXPECT_EQ(dom0.shared_info_gfn, 0xfeff0);
    /* What was at the slot went first (Xen), under the physmap lock. */
    EXPECT_EQ(clear_calls, 1);
    EXPECT_EQ(cleared_gfn, 0xfeff0);
    EXPECT_EQ(clear_unlocked, 0);
    EXPECT(!spin_is_locked(&dom0.physmap_lock));
    /* Moving it unmaps the old place. */
    x.gpfn = 0x1000;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), 0);
    EXPECT_EQ(p2m_calls, 3);
    EXPECT_EQ(p2m_log[0].gfn, 0x1000);
    EXPECT_EQ(p2m_log[1].gfn, 0xfeff0);
    EXPECT_EQ(p2m_log[1].t, p2m_invalid);
    /* The same place again: no removal. */
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), 0);
    EXPECT_EQ(p2m_calls, 4);
    x.idx = 1;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), -EINVAL);
    x.idx = 0;
    x.space = XENMAPSPACE_gmfn_foreign;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), -ENOSYS);
    x.space = XENMAPSPACE_gmfn;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), -5000);   /* physmap.c */
    EXPECT_EQ(mop(XENMEM_add_to_physmap | (1UL << 30), &x), -EDOM);
    EXPECT_EQ(mop(XENMEM_add_to_physmap, (void *)BAD_VA), -EFAULT);
    x.space = XENMAPSPACE_shared_info, x.domid = 99;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), -ESRCH);
    test_current = &vcpu1;
    x.domid = 0;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &x), -EPERM);
}

TEST(add_to_physmap_compat)
{
    struct compat_add_to_physmap c = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
        .idx = 0, .gpfn = 0xabcde,
    };

    reset();
    test_compat = true;
    EXPECT_EQ(mop(XENMEM_add_to_physmap, &c), 0);
    EXPECT_EQ(p2m_log[1].gfn, 0xabcde);
    EXPECT_EQ(dom0.shared_info_gfn, 0xabcde);
}

TEST(vnumainfo_and_unknown)
{
    struct xen_vnuma_topology_info t = { .domid = DOMID_SELF };

    reset();
    EXPECT_EQ(mop(XENMEM_get_vnumainfo, &t), -EOPNOTSUPP);
    t.pad = 1;
    EXPECT_EQ(mop(XENMEM_get_vnumainfo, &t), -EINVAL);
    EXPECT_EQ(mop(XENMEM_populate_physmap, &t), 1000 + 6);
    EXPECT_EQ(mop(XENMEM_decrease_reservation | (3UL << 6), &t), 1001);
    EXPECT_EQ(mop(XENMEM_add_to_physmap_batch, &t), 2000);
    EXPECT_EQ(mop(XENMEM_remove_from_physmap, &t), 3000);
    EXPECT_EQ(mop(XENMEM_remove_from_physmap | (1UL << 6), &t), -EINVAL);
    EXPECT_EQ(mop(XENMEM_acquire_resource, &t), 4000);
    EXPECT_EQ(mop(XENMEM_exchange, &t), -ENOSYS);
    EXPECT_EQ(mop(XENMEM_machine_memory_map, &t), -ENOSYS);
    EXPECT_EQ(mop(63, NULL), -ENOSYS);
}
