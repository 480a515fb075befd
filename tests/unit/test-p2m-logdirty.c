/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode on the real p2m (mm/p2m.c, p2m-pt.c, p2m-pool.c,
 * p2m-logdirty.c) over host memory: the table pages are host pages and
 * a "machine address" is the host address, so the walk reads real
 * tables.  What a guest cannot show: a 2M leaf split by the first write
 * into it (domUs only get 4K leaves from populate_physmap), the whole 2M
 * leaf made writable and marked when the pool has no page for the split,
 * frames added while logging, LOGDIRTY_FINAL's mapped frames, a pages
 * count beyond the bitmap's reach.
 */
#define __XEN_TOOLS__ 1   /* public/domctl.h, as the hypervisor sees it */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>
#include <asm/page.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/domctl.h>

/* Host addresses stand for machine addresses. */
#undef mfn_to_virt
#define mfn_to_virt(m)  ((void *)((uintptr_t)(m) << PAGE_SHIFT))
#define __pa(va)        ((paddr_t)(uintptr_t)(va))

static struct vcpu *fake_current;
#undef current
#define current fake_current
/* Each host thread stands for a CPU (the flush-wait tests use two). */
static __thread unsigned int fake_cpu;
#undef smp_processor_id
#define smp_processor_id() fake_cpu

#include "../../xen/arch/x86/mm/p2m.c"
#include "../../xen/arch/x86/mm/p2m-pt.c"
#include "../../xen/arch/x86/mm/p2m-pool.c"
#include "../../xen/arch/x86/mm/p2m-logdirty.c"

#include "harness.h"
#include <pthread.h>
#include <unistd.h>
#include <time.h>

/* ---- The rest of the hypervisor ---- */

struct hvm_function_table hvm_funcs;
static unsigned int nr_flushes, nr_pauses, nr_fifo_marks;

static void fake_flush(struct vcpu *v)
{
    nr_flushes++;
}

void *alloc_xenheap_pages(unsigned int order)
{
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    free(va);
}

#include "xmalloc-fake.h"

void domain_pause(struct domain *d)
{
    nr_pauses++;
}

void domain_unpause(struct domain *d)
{
}

/* The host's clock in ns: p2m_flush_wait() kicks again every ms. */
s_time_t NOW(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The kick p2m_flush_wait() gives a CPU in guest mode. */
static unsigned int nr_kicks;

void smp_send_event_check_cpu(unsigned int cpu)
{
    __atomic_fetch_add(&nr_kicks, 1, __ATOMIC_SEQ_CST);
}

bool hypercall_preempt_check(void)
{
    return false;
}

void evtchn_fifo_mark_dirty(struct domain *d)
{
    nr_fifo_marks++;
}

/* The caller's buffer is a host address here. */
size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len)
{
    memcpy((void *)(uintptr_t)va, src, len);
    return 0;
}

/* ---- A domU with one vCPU ---- */

#define BITS        2048
#define MFN_4K      0x100000UL          /* what the leaves map: never read */

static struct domain dom;
static struct vcpu vcpu0, *vcpus[1] = { &vcpu0 };
static uint8_t bitmap[BITS / 8];
static struct xen_domctl_shadow_op sop;

static void setup(void)
{
    unsigned long g;

    memset(&dom, 0, sizeof(dom));
    memset(&vcpu0, 0, sizeof(vcpu0));
    hvm_funcs.p2m_pt_ops = &npt_pt_ops;
    hvm_funcs.flush_guest_tlbs = fake_flush;
    dom.max_vcpus = 1;
    dom.vcpu = vcpus;
    vcpu0.domain = &dom;
    vcpu0.vcpu_info_mfn = ~0UL;
    EXPECT_EQ(p2m_init(&dom), 0);
    for ( g = 0; g < 16; g++ )
        EXPECT_EQ(p2m_set_entry(&dom, g, MFN_4K + g, P2M_ORDER_4K,
                                p2m_ram_rw), 0);
    /* Two 2M leaves: gfns 512-1023 and 1024-1535. */
    EXPECT_EQ(p2m_set_entry(&dom, 512, MFN_4K + 512, P2M_ORDER_2M,
                            p2m_ram_rw), 0);
    EXPECT_EQ(p2m_set_entry(&dom, 1024, MFN_4K + 1024, P2M_ORDER_2M,
                            p2m_ram_rw), 0);
}

/* A shadow_op on dom; buf (or NULL) gets BITS bits over stale bytes. */
static long shadow(uint32_t op, uint32_t mode, void *buf)
{
    sop = (struct xen_domctl_shadow_op){ .op = op, .mode = mode,
                                         .pages = BITS };
    sop.dirty_bitmap.p = buf;
    memset(bitmap, 0xa5, sizeof(bitmap));
    return p2m_shadow_op(&dom, &sop);
}

static p2m_type_t type_of(unsigned long gfn)
{
    p2m_type_t t;

    p2m_get_entry(&dom, gfn, &t);
    return t;
}

static bool dirty(unsigned long gfn)
{
    return bitmap[gfn / 8] & (1 << (gfn % 8));
}

static unsigned int nr_dirty(void)
{
    unsigned int i, n = 0;

    for ( i = 0; i < BITS; i++ )
        n += dirty(i);
    return n;
}

TEST(enable_write_protects_ram_and_flushes)
{
    setup();
    nr_flushes = nr_pauses = 0;
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE,
                     XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY, NULL), 0);
    EXPECT(nr_pauses > 0);
    EXPECT(nr_flushes > 0);
    EXPECT_EQ(type_of(3), p2m_ram_logdirty);
    EXPECT_EQ(type_of(600), p2m_ram_logdirty);
    EXPECT_EQ(type_of(100), p2m_invalid);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL),
              -EINVAL);
    /* Nothing written yet. */
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT_EQ(nr_dirty(), 0);
    p2m_teardown(&dom);
}

TEST(write_fault_marks_and_unprotects_one_frame)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    EXPECT(p2m_logdirty_fault(&dom, 3));
    EXPECT_EQ(type_of(3), p2m_ram_rw);
    EXPECT_EQ(type_of(4), p2m_ram_logdirty);
    /* A second fault (a stale TLB entry) is taken too. */
    EXPECT(p2m_logdirty_fault(&dom, 3));
    /* Not RAM: not ours. */
    EXPECT(!p2m_logdirty_fault(&dom, 100));
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT(dirty(3));
    EXPECT_EQ(nr_dirty(), 1);
    EXPECT_EQ(sop.stats.dirty_count, 1);
    EXPECT_EQ(sop.stats.fault_count, 0);
    EXPECT_EQ(sop.pages, BITS);
    p2m_teardown(&dom);
}

TEST(write_into_2m_leaf_splits_it)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    EXPECT(p2m_logdirty_fault(&dom, 519));
    EXPECT_EQ(type_of(519), p2m_ram_rw);
    EXPECT_EQ(type_of(518), p2m_ram_logdirty);
    EXPECT_EQ(type_of(1023), p2m_ram_logdirty);
    /* The split keeps every frame where it was. */
    EXPECT_EQ(p2m_get_entry(&dom, 700, &(p2m_type_t){ 0 }), MFN_4K + 700);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT(dirty(519));
    EXPECT_EQ(nr_dirty(), 1);
    p2m_teardown(&dom);
}

TEST(no_page_for_the_split_unprotects_and_marks_the_whole_2m)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    /* The pool shrinks to the pages in use: none left for a split. */
    EXPECT_EQ(p2m_pool_resize(&dom, 0), 0);
    EXPECT(p2m_logdirty_fault(&dom, 1025));
    EXPECT_EQ(type_of(1024), p2m_ram_rw);
    EXPECT_EQ(type_of(1535), p2m_ram_rw);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT_EQ(nr_dirty(), 512);
    EXPECT(dirty(1024) && dirty(1535) && !dirty(1536));
    p2m_teardown(&dom);
}

TEST(clean_hands_over_clears_and_reprotects)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    p2m_logdirty_fault(&dom, 5);
    p2m_logdirty_fault(&dom, 530);
    nr_flushes = 0;
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, bitmap), 0);
    EXPECT(dirty(5) && dirty(530));
    EXPECT_EQ(nr_dirty(), 2);
    EXPECT_EQ(sop.stats.dirty_count, 2);
    EXPECT(nr_flushes > 0);
    EXPECT_EQ(type_of(5), p2m_ram_logdirty);
    EXPECT_EQ(type_of(530), p2m_ram_logdirty);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT_EQ(nr_dirty(), 0);
    EXPECT_EQ(sop.stats.dirty_count, 0);
    /* Written again after the clean: dirty again. */
    EXPECT(p2m_logdirty_fault(&dom, 5));
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT(dirty(5));
    EXPECT_EQ(nr_dirty(), 1);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_CLEAN, 2, bitmap), -EINVAL);
    p2m_teardown(&dom);
}

TEST(frames_added_while_logging_are_protected_and_marked)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    EXPECT_EQ(p2m_set_entry(&dom, 40, MFN_4K + 40, P2M_ORDER_4K,
                            p2m_ram_rw), 0);
    EXPECT_EQ(type_of(40), p2m_ram_logdirty);
    EXPECT_EQ(p2m_set_entry(&dom, 7, INVALID_MFN, P2M_ORDER_4K,
                            p2m_invalid), 0);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT(dirty(40) && dirty(7));
    EXPECT_EQ(nr_dirty(), 2);
    p2m_teardown(&dom);
}

TEST(final_round_marks_the_mapped_frames)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    vcpu0.vcpu_info_mfn = MFN_4K + 9;
    vcpu0.vcpu_info_gfn = 9;
    nr_fifo_marks = 0;
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT_EQ(nr_dirty(), 0);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK,
                     XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL, bitmap), 0);
    EXPECT(dirty(9));
    EXPECT_EQ(nr_dirty(), 1);
    EXPECT_EQ(nr_fifo_marks, 1);
    p2m_teardown(&dom);
}

TEST(pages_beyond_the_bitmap_are_cut)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    memset(&sop, 0, sizeof(sop));
    sop.op = XEN_DOMCTL_SHADOW_OP_PEEK;
    sop.pages = 1ULL << 40;
    EXPECT_EQ(p2m_shadow_op(&dom, &sop), 0);
    EXPECT_EQ(sop.pages, LOGDIRTY_MAX_GFN);
    /* A gfn it cannot log fails the next round, as Xen's failed_allocs. */
    p2m_logdirty_mark(&dom, LOGDIRTY_MAX_GFN, 1);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), -ENOMEM);
    p2m_teardown(&dom);
}

TEST(off_gives_write_access_back)
{
    setup();
    shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL);
    p2m_logdirty_fault(&dom, 2);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL), 0);
    EXPECT_EQ(type_of(3), p2m_ram_rw);
    EXPECT_EQ(type_of(600), p2m_ram_rw);
    EXPECT(!p2m_logdirty_fault(&dom, 3));
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap), 0);
    EXPECT_EQ(nr_dirty(), 0);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL), 0);
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_ENABLE_TEST, 0, NULL), -EINVAL);
    p2m_teardown(&dom);
}

TEST(allocation_in_mib)
{
    setup();
    EXPECT_EQ(shadow(XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, NULL), 0);
    EXPECT_EQ(sop.mb, 1);
    sop.op = XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION;
    sop.mb = 3;
    EXPECT_EQ(p2m_shadow_op(&dom, &sop), 0);
    EXPECT_EQ(sop.mb, 3);
    EXPECT_EQ(p2m_pool_bytes(&dom), 3UL << 20);
    p2m_teardown(&dom);
}

/* ---- p2m_flush_wait(): guest-mode epochs instead of an IPI round trip ---- */

static volatile bool cpu1_entered, cpu1_exited;

/* CPU 1 runs vcpu0 in guest mode for 50 ms, then takes a VM exit. */
static void *cpu1_runs_guest(void *unused)
{
    fake_cpu = 1;
    p2m_guest_enter();
    cpu1_entered = true;
    usleep(50000);
    cpu1_exited = true;
    p2m_guest_exit();
    return NULL;
}

TEST(flush_wait_waits_for_the_vm_exit_of_a_cpu_in_guest_mode)
{
    pthread_t t;

    setup();
    vcpu0.is_running = true;
    vcpu0.processor = 1;
    cpu1_entered = cpu1_exited = false;
    nr_kicks = 0;
    EXPECT_EQ(pthread_create(&t, NULL, cpu1_runs_guest, NULL), 0);
    while ( !cpu1_entered )
        usleep(1000);
    p2m_flush_wait(&dom);
    EXPECT(cpu1_exited);
    /* One at once, then one a millisecond while CPU 1 stays in (50 ms). */
    EXPECT(nr_kicks >= 2);
    pthread_join(t, NULL);
    /* Out of guest mode now (even epoch): nothing to wait for. */
    nr_kicks = 0;
    p2m_flush_wait(&dom);
    EXPECT_EQ(nr_kicks, 0);
    vcpu0.is_running = false;
    p2m_teardown(&dom);
}

TEST(flush_wait_skips_this_cpu_and_vcpus_not_running)
{
    setup();
    nr_kicks = 0;
    vcpu0.processor = 1;
    guest_mode[1].epoch |= 1;           /* CPU 1 in guest mode, ... */
    p2m_flush_wait(&dom);               /* ... but not with vcpu0 */
    vcpu0.is_running = true;
    vcpu0.processor = 0;                /* this CPU: it is in here */
    p2m_flush_wait(&dom);
    EXPECT_EQ(nr_kicks, 0);
    guest_mode[1].epoch++;
    vcpu0.is_running = false;
    p2m_teardown(&dom);
}
