/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated local APIC (xen/arch/x86/hvm/vlapic.c, vlapic-timer.c)
 * and the injection logic (hvm/intr.c): bit scans, PPR, destination
 * matching, timer arithmetic and divide decoding as pure functions; then
 * two vLAPICs of a fake domain driven through their xAPIC MMIO and
 * x2APIC MSR views (IPIs, EOI, INIT/SIPI, the timer on a fake clock),
 * and the choice and injection of the most urgent interrupt.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/sched.h>

/* The host has no per-CPU block: CPU 0, always. */
#undef smp_processor_id
#define smp_processor_id() 0U

#include "../../xen/arch/x86/hvm/vlapic.c"
#include "../../xen/arch/x86/hvm/vlapic-timer.c"
#include "../../xen/arch/x86/hvm/intr.c"

#include "harness.h"

/* Count the checks made, for the closing line. */
static unsigned long nr_checks;

#undef EXPECT
#undef EXPECT_EQ
#define EXPECT(c)       (nr_checks++, test_check(!!(c), #c, __FILE__, \
                                                 __LINE__))
#define EXPECT_EQ(a, b) (nr_checks++,                                   \
                         test_check_eq((long long)(a), (long long)(b), \
                                       #a, #b, __FILE__, __LINE__))

/* ---- Host stand-ins ---- */

static s_time_t fake_now = 1000000;
static uint64_t fake_tsc_ns;            /* what tsc_ticks_to_ns() got */
static unsigned int kicks[2], wakes[2], sipis[2], sleeps[2];
static uint8_t sipi_vector[2];
static bool event_pending_flag[2];

s_time_t NOW(void)
{
    return fake_now;
}

uint64_t tsc_ticks_to_ns(uint64_t ticks)
{
    fake_tsc_ns = ticks;
    return ticks;                       /* a 1 GHz TSC */
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    t->expires = expires;
    t->heap_index = 1;                  /* "pending" */
}

void stop_timer(struct timer *t)
{
    t->heap_index = 0;
}

void kill_timer(struct timer *t)
{
    t->heap_index = 0;
    t->killed = true;
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

static const struct hvm_mmio_ops *registered_mmio;

void hvm_mmio_register(const struct hvm_mmio_ops *ops)
{
    registered_mmio = ops;
}

void vcpu_unblock(struct vcpu *v)
{
    if ( test_and_clear_bit(_VPF_blocked, &v->pause_flags) )
        wakes[v->vcpu_id]++;
}

void smp_send_event_check_cpu(unsigned int cpu)
{
    kicks[cpu & 1]++;
}

void vcpu_wake(struct vcpu *v)
{
    wakes[v->vcpu_id]++;
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    sleeps[v->vcpu_id]++;
}

void vcpu_sleep_sync(struct vcpu *v)
{
    sleeps[v->vcpu_id]++;
}

void hvm_vcpu_reset_sipi(struct vcpu *v, struct cpu_regs *regs,
                         uint8_t vector)
{
    sipis[v->vcpu_id]++;
    sipi_vector[v->vcpu_id] = vector;
    memset(regs, 0, sizeof(*regs));
}

bool vcpu_event_pending(const struct vcpu *v)
{
    return event_pending_flag[v->vcpu_id];
}

/* The backend: RFLAGS, a queued event, a window. */
static uint64_t fake_rflags = X86_EFLAGS_IF;
static bool fake_blocked, window_open;
static struct hvm_event injected;
static unsigned int nr_injected;

static uint64_t fake_get_reg(const struct vcpu *v, enum hvm_reg r)
{
    return r == HVM_RFLAGS ? fake_rflags : 0;
}

static void fake_inject(struct vcpu *v, const struct hvm_event *e)
{
    injected = *e;
    nr_injected++;
}

static bool fake_event_pending(const struct vcpu *v)
{
    return false;
}

static bool fake_intr_blocked(const struct vcpu *v, bool nmi)
{
    return fake_blocked || (!nmi && !(fake_rflags & X86_EFLAGS_IF));
}

static void fake_window(struct vcpu *v, bool on)
{
    window_open = on;
}

struct hvm_function_table hvm_funcs = {
    .get_reg = fake_get_reg,
    .inject_event = fake_inject,
    .event_pending = fake_event_pending,
    .intr_blocked = fake_intr_blocked,
    .intr_window = fake_window,
};

/* ---- A domain with two vCPUs ---- */

static struct domain dom;
static struct vcpu vcpus[2];
static struct vcpu *vcpu_ptrs[2];

static void setup(void)
{
    unsigned int i;

    for ( i = 0; i < 2; i++ )
    {
        if ( vcpus[i].arch.vlapic )
            vlapic_destroy(&vcpus[i]);
        memset(&vcpus[i], 0, sizeof(vcpus[i]));
        vcpus[i].vcpu_id = i;
        vcpus[i].processor = i;
        vcpus[i].domain = &dom;
        vcpu_ptrs[i] = &vcpus[i];
        kicks[i] = wakes[i] = sipis[i] = sleeps[i] = 0;
        event_pending_flag[i] = false;
        vlapic_init(&vcpus[i]);
    }
    memset(&dom, 0, sizeof(dom));
    dom.max_vcpus = 2;
    dom.vcpu = vcpu_ptrs;
    fake_rflags = X86_EFLAGS_IF;
    fake_blocked = window_open = false;
    nr_injected = 0;
    fake_now = 1000000;
}

static struct vlapic *vl_of(unsigned int i)
{
    return vcpus[i].arch.vlapic;
}

static uint32_t mmio_rd(unsigned int i, unsigned int off)
{
    uint64_t val = 0;

    vlapic_mmio_read(&vcpus[i], VLAPIC_BASE_DEFAULT + off, 4, &val);
    return val;
}

static void mmio_wr(unsigned int i, unsigned int off, uint32_t val)
{
    vlapic_mmio_write(&vcpus[i], VLAPIC_BASE_DEFAULT + off, 4, val);
}

static bool timer_is_pending(unsigned int i)
{
    return vl_of(i)->timer.heap_index != 0;
}

/* The timer fires: it leaves the heap, then its function runs. */
static void fire_timer(unsigned int i)
{
    vl_of(i)->timer.heap_index = 0;
    vlapic_timer_fn(vl_of(i));
}

static void sw_enable(unsigned int i)
{
    mmio_wr(i, APIC_SPIV, APIC_SPIV_ENABLED | 0xff);
}

static bool irr(unsigned int i, uint8_t vec)
{
    return vec_test(vl_of(i), APIC_IRR, vec);
}

static bool isr(unsigned int i, uint8_t vec)
{
    return vec_test(vl_of(i), APIC_ISR, vec);
}

/* ---- Pure helpers ---- */

TEST(find_highest_empty_and_each_bit)
{
    uint32_t regs[1024] = { 0 };
    unsigned int v, bad = 0;

    EXPECT_EQ(vlapic_find_highest(regs, APIC_IRR), -1);
    for ( v = 0; v < 256; v++ )
    {
        memset(regs, 0, sizeof(regs));
        regs[(APIC_IRR + (v / 32) * 0x10) / 4] = 1U << (v % 32);
        if ( vlapic_find_highest(regs, APIC_IRR) != (int)v )
            bad++;
        /* Another bitmap is not looked at. */
        if ( vlapic_find_highest(regs, APIC_ISR) != -1 )
            bad++;
    }
    EXPECT_EQ(bad, 0);
}

TEST(find_highest_picks_the_highest)
{
    uint32_t regs[1024] = { 0 };

    regs[(APIC_ISR + 0x10) / 4] = 0x80000001U;      /* 32 and 63 */
    regs[(APIC_ISR + 0x70) / 4] = 0x00000004U;      /* 226 */
    EXPECT_EQ(vlapic_find_highest(regs, APIC_ISR), 226);
    regs[(APIC_ISR + 0x70) / 4] = 0;
    EXPECT_EQ(vlapic_find_highest(regs, APIC_ISR), 63);
    regs[(APIC_ISR + 0x10) / 4] = 1;
    EXPECT_EQ(vlapic_find_highest(regs, APIC_ISR), 32);
    /* Bits in the padding words of a 16-byte slot are not vectors. */
    regs[(APIC_ISR + 0x74) / 4] = ~0U;
    EXPECT_EQ(vlapic_find_highest(regs, APIC_ISR), 32);
}

TEST(ppr_from_tpr_and_isr)
{
    EXPECT_EQ(vlapic_compute_ppr(0, -1), 0);
    EXPECT_EQ(vlapic_compute_ppr(0x25, -1), 0x25);
    EXPECT_EQ(vlapic_compute_ppr(0x25, 0x31), 0x30);
    EXPECT_EQ(vlapic_compute_ppr(0x35, 0x31), 0x35);
    EXPECT_EQ(vlapic_compute_ppr(0x30, 0x3f), 0x30);
    EXPECT_EQ(vlapic_compute_ppr(0x2f, 0x30), 0x30);
    EXPECT_EQ(vlapic_compute_ppr(0x1ff, -1), 0xff);
    EXPECT_EQ(vlapic_compute_ppr(0, 0xef), 0xe0);
}

TEST(above_ppr_compares_classes)
{
    EXPECT(!vlapic_above_ppr(-1, 0));
    EXPECT(vlapic_above_ppr(0x31, 0x20));
    EXPECT(!vlapic_above_ppr(0x31, 0x30));
    EXPECT(!vlapic_above_ppr(0x3f, 0x31));
    EXPECT(vlapic_above_ppr(0x40, 0x3f));
    EXPECT(vlapic_above_ppr(0x10, 0x0f));
    EXPECT(!vlapic_above_ppr(0xff, 0xff));
}

TEST(divide_config_decoding)
{
    EXPECT_EQ(vlapic_divisor(0x0), 2);
    EXPECT_EQ(vlapic_divisor(0x1), 4);
    EXPECT_EQ(vlapic_divisor(0x2), 8);
    EXPECT_EQ(vlapic_divisor(0x3), 16);
    EXPECT_EQ(vlapic_divisor(0x8), 32);
    EXPECT_EQ(vlapic_divisor(0x9), 64);
    EXPECT_EQ(vlapic_divisor(0xa), 128);
    EXPECT_EQ(vlapic_divisor(0xb), 1);
    /* Bit 2 and the upper bits are not part of the code. */
    EXPECT_EQ(vlapic_divisor(0x4), 2);
    EXPECT_EQ(vlapic_divisor(0xfffffffb), 1);
    EXPECT_EQ(vlapic_divisor(0xfffffff3), 16);
}

TEST(timer_count_arithmetic)
{
    EXPECT_EQ(vlapic_count_to_ns(1000, 1), 1000);
    EXPECT_EQ(vlapic_count_to_ns(1000, 16), 16000);
    EXPECT_EQ(vlapic_count_to_ns(0xffffffffU, 128), 0xffffffffULL * 128);
    EXPECT_EQ(vlapic_count_left(1000, 1, 0, false), 1000);
    EXPECT_EQ(vlapic_count_left(1000, 1, 1, false), 999);
    EXPECT_EQ(vlapic_count_left(1000, 1, 999, false), 1);
    EXPECT_EQ(vlapic_count_left(1000, 1, 1000, false), 0);
    EXPECT_EQ(vlapic_count_left(1000, 1, 5000, false), 0);
    EXPECT_EQ(vlapic_count_left(1000, 4, 400, false), 900);
    EXPECT_EQ(vlapic_count_left(1000, 4, 403, false), 900);
    EXPECT_EQ(vlapic_count_left(1000, 1, 1000, true), 1000);
    EXPECT_EQ(vlapic_count_left(1000, 1, 2250, true), 750);
    EXPECT_EQ(vlapic_count_left(0, 1, 10, true), 0);
    EXPECT_EQ(vlapic_count_left(0, 1, 0, false), 0);
}

TEST(x2apic_logical_ids)
{
    EXPECT_EQ(vlapic_x2apic_ldr(0), 0x00000001);
    EXPECT_EQ(vlapic_x2apic_ldr(2), 0x00000004);
    EXPECT_EQ(vlapic_x2apic_ldr(15), 0x00008000);
    EXPECT_EQ(vlapic_x2apic_ldr(16), 0x00010001);
    EXPECT_EQ(vlapic_x2apic_ldr(0x23), 0x00020008);
}

TEST(destination_matching_xapic)
{
    struct vlapic_dest_id t = { .id = 2, .ldr = 0x04000000,
                                .dfr = 0xffffffff, .x2apic = false };

    EXPECT(vlapic_match_dest(&t, 2, false, false));
    EXPECT(!vlapic_match_dest(&t, 1, false, false));
    EXPECT(vlapic_match_dest(&t, 0xff, false, false));
    EXPECT(vlapic_match_dest(&t, 0x102, false, false));  /* 8 bits */
    /* Flat logical: a bit mask of up to eight APICs. */
    EXPECT(vlapic_match_dest(&t, 0x04, true, false));
    EXPECT(vlapic_match_dest(&t, 0x0c, true, false));
    EXPECT(!vlapic_match_dest(&t, 0x03, true, false));
    EXPECT(vlapic_match_dest(&t, 0xff, true, false));
    /* Cluster logical: cluster in the high nibble, members below. */
    t.dfr = 0x0fffffff;
    t.ldr = 0x12000000;                 /* cluster 1, member bit 1 */
    EXPECT(vlapic_match_dest(&t, 0x12, true, false));
    EXPECT(vlapic_match_dest(&t, 0x1f, true, false));
    EXPECT(!vlapic_match_dest(&t, 0x22, true, false));
    EXPECT(!vlapic_match_dest(&t, 0x11, true, false));
    EXPECT(vlapic_match_dest(&t, 0xff, true, false));
}

TEST(destination_matching_x2apic)
{
    struct vlapic_dest_id t = { .id = 0x12, .ldr = vlapic_x2apic_ldr(0x12),
                                .x2apic = true };

    EXPECT(vlapic_match_dest(&t, 0x12, false, true));
    EXPECT(!vlapic_match_dest(&t, 0x112, false, true));
    EXPECT(vlapic_match_dest(&t, 0xffffffff, false, true));
    EXPECT(vlapic_match_dest(&t, 0x00010004, true, true));
    EXPECT(vlapic_match_dest(&t, 0x0001ffff, true, true));
    EXPECT(!vlapic_match_dest(&t, 0x00010002, true, true));
    EXPECT(!vlapic_match_dest(&t, 0x00020004, true, true));
    EXPECT(vlapic_match_dest(&t, 0xffffffff, true, true));
}

/* ---- Register state ---- */

TEST(reset_state)
{
    setup();
    EXPECT_EQ(mmio_rd(0, APIC_ID), 0u << 24);
    EXPECT_EQ(mmio_rd(1, APIC_ID), 2u << 24);
    EXPECT_EQ(mmio_rd(0, APIC_LVR), 0x50014);
    EXPECT_EQ(mmio_rd(0, APIC_DFR), 0xffffffff);
    EXPECT_EQ(mmio_rd(0, APIC_SPIV), 0xff);
    EXPECT_EQ(mmio_rd(0, APIC_LVTT), APIC_LVT_MASKED);
    EXPECT_EQ(mmio_rd(0, APIC_LVT0), APIC_LVT_MASKED);
    EXPECT_EQ(mmio_rd(0, APIC_LVTERR), APIC_LVT_MASKED);
    EXPECT_EQ(vl_of(0)->apic_base,
              VLAPIC_BASE_DEFAULT | APICBASE_ENABLE | APICBASE_BSP);
    EXPECT_EQ(vl_of(1)->apic_base, VLAPIC_BASE_DEFAULT | APICBASE_ENABLE);
    EXPECT_EQ(vl_of(0)->run_state, VLAPIC_RUNNING);
    EXPECT_EQ(vl_of(1)->run_state, VLAPIC_WAIT_SIPI);
    EXPECT(registered_mmio == NULL || registered_mmio == &vlapic_mmio_ops);
    vlapic_mmio_register();
    EXPECT(registered_mmio == &vlapic_mmio_ops);
    EXPECT(vlapic_mmio_accepts(&vcpus[0], 0xfee00ff0));
    EXPECT(!vlapic_mmio_accepts(&vcpus[0], 0xfee01000));
    EXPECT(!vlapic_mmio_accepts(&vcpus[0], 0xfec00000));
}

TEST(register_writes_and_masks)
{
    setup();
    /* Software-disabled: LVT writes keep the mask bit. */
    mmio_wr(0, APIC_LVT0, 0x700);
    EXPECT_EQ(mmio_rd(0, APIC_LVT0), 0x700 | APIC_LVT_MASKED);
    sw_enable(0);
    EXPECT_EQ(mmio_rd(0, APIC_SPIV), 0x1ff);
    mmio_wr(0, APIC_LVT0, 0xffffffff);
    EXPECT_EQ(mmio_rd(0, APIC_LVT0), 0x1a7ff);
    mmio_wr(0, APIC_LVTERR, 0xfe);
    EXPECT_EQ(mmio_rd(0, APIC_LVTERR), 0xfe);
    mmio_wr(0, APIC_TASKPRI, 0x1234);
    EXPECT_EQ(mmio_rd(0, APIC_TASKPRI), 0x34);
    mmio_wr(0, APIC_LDR, 0x12345678);
    EXPECT_EQ(mmio_rd(0, APIC_LDR), 0x12000000);
    mmio_wr(0, APIC_DFR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_DFR), 0x0fffffff);
    mmio_wr(0, APIC_TDCR, 0xff);
    EXPECT_EQ(mmio_rd(0, APIC_TDCR), 0xb);
    /* Disabling masks every LVT again. */
    mmio_wr(0, APIC_SPIV, 0xff);
    EXPECT(mmio_rd(0, APIC_LVTERR) & APIC_LVT_MASKED);
    /* Writing a read-only register is an illegal register address. */
    mmio_wr(0, APIC_LVR, 0);
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), APIC_ESR_ILLEGAL_REG);
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), 0);
}

TEST(mmio_sub_word_reads_and_dead_page)
{
    uint64_t val = 0;

    setup();
    vlapic_mmio_read(&vcpus[0], VLAPIC_BASE_DEFAULT + APIC_LVR, 1, &val);
    EXPECT_EQ(val, 0x14);
    vlapic_mmio_read(&vcpus[0], VLAPIC_BASE_DEFAULT + APIC_LVR + 2, 2,
                     &val);
    EXPECT_EQ(val, 0x5);
    vlapic_mmio_read(&vcpus[0], VLAPIC_BASE_DEFAULT + APIC_LVR + 4, 4,
                     &val);
    EXPECT_EQ(val, 0);
    /* In x2APIC mode the MMIO page reads as nothing. */
    EXPECT_EQ(vlapic_msr_write(&vcpus[0], MSR_IA32_APICBASE,
                               VLAPIC_BASE_DEFAULT | APICBASE_ENABLE |
                               APICBASE_EXTD), 0);
    EXPECT_EQ(mmio_rd(0, APIC_LVR), 0);
}

/* ---- Priorities, acceptance and EOI ---- */

TEST(irr_ppr_and_eoi)
{
    setup();
    vlapic_set_irq(vl_of(0), 0x31, false);
    EXPECT(irr(0, 0x31));
    /* Software-disabled: held, not deliverable. */
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), -1);
    sw_enable(0);
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), 0x31);
    mmio_wr(0, APIC_TASKPRI, 0x30);
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), -1);
    EXPECT_EQ(mmio_rd(0, APIC_PROCPRI), 0x30);
    mmio_wr(0, APIC_TASKPRI, 0x20);
    vlapic_ack_vector(vl_of(0), 0x31);
    EXPECT(!irr(0, 0x31));
    EXPECT(isr(0, 0x31));
    EXPECT_EQ(mmio_rd(0, APIC_PROCPRI), 0x30);
    /* Same class waits; a higher one nests. */
    vlapic_set_irq(vl_of(0), 0x35, false);
    vlapic_set_irq(vl_of(0), 0x41, false);
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), 0x41);
    vlapic_ack_vector(vl_of(0), 0x41);
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), -1);
    EXPECT_EQ(mmio_rd(0, APIC_PROCPRI), 0x40);
    mmio_wr(0, APIC_EOI, 0);
    EXPECT(!isr(0, 0x41));
    EXPECT(isr(0, 0x31));
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), -1);
    mmio_wr(0, APIC_EOI, 0);
    EXPECT(!isr(0, 0x31));
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), 0x35);
    EXPECT_EQ(mmio_rd(0, APIC_PROCPRI), 0x20);
}

static uint8_t eoi_vec;
static unsigned int eoi_calls;

static void level_eoi(struct domain *d, uint8_t vector)
{
    eoi_vec = vector;
    eoi_calls++;
}

TEST(level_triggered_eoi_and_tmr)
{
    setup();
    sw_enable(0);
    vlapic_level_eoi_hook = level_eoi;
    eoi_calls = 0;
    vlapic_set_irq(vl_of(0), 0x51, true);
    EXPECT(vec_test(vl_of(0), APIC_TMR, 0x51));
    vlapic_ack_vector(vl_of(0), 0x51);
    mmio_wr(0, APIC_EOI, 0);
    EXPECT_EQ(eoi_calls, 1);
    EXPECT_EQ(eoi_vec, 0x51);
    vlapic_set_irq(vl_of(0), 0x51, false);
    EXPECT(!vec_test(vl_of(0), APIC_TMR, 0x51));
    vlapic_ack_vector(vl_of(0), 0x51);
    mmio_wr(0, APIC_EOI, 0);
    EXPECT_EQ(eoi_calls, 1);
    /* EOI with nothing in service does nothing. */
    mmio_wr(0, APIC_EOI, 0);
    EXPECT_EQ(eoi_calls, 1);
    vlapic_level_eoi_hook = NULL;
}

TEST(illegal_vectors_flag_errors)
{
    setup();
    sw_enable(0);
    vlapic_set_irq(vl_of(0), 0x05, false);
    EXPECT(!irr(0, 0x05));
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), 1U << 6);
    /* To itself: it both sends and receives the illegal vector. */
    mmio_wr(0, APIC_ICR, 0x0000000f);   /* fixed, vector 15, to 0 */
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR),
              APIC_ESR_SEND_ILLEGAL | APIC_ESR_RECV_ILLEGAL);
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), 0);
}

/*
 * An IPI with vector 0-15 to another vCPU: "send illegal vector" in the
 * sender's ESR, "receive illegal vector" in the receiver's, no IRR bit
 * (SDM vol. 3A, "x2APIC Differences in Error Handling"), and the LVT
 * Error interrupt where it is unmasked.
 */
TEST(illegal_ipi_vector_flags_both_ends)
{
    unsigned int v;

    setup();
    sw_enable(0);
    sw_enable(1);
    mmio_wr(1, APIC_LVTERR, 0xfe);      /* unmasked, vector 0xfe */
    mmio_wr(0, APIC_ICR2, 2U << 24);    /* vCPU 1 */
    mmio_wr(0, APIC_ICR, 0x07);
    for ( v = 0; v < 16; v++ )
        EXPECT(!irr(1, v) && !irr(0, v));
    EXPECT(irr(1, 0xfe));               /* the error interrupt */
    EXPECT(!irr(0, 0xfe));              /* LVTERR of vCPU 0 is masked */
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), APIC_ESR_SEND_ILLEGAL);
    mmio_wr(1, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(1, APIC_ESR), APIC_ESR_RECV_ILLEGAL);
    /* Lowest priority alike; a legal vector after it is delivered. */
    mmio_wr(0, APIC_ICR, 0x03 | APIC_DM_LOWEST);
    mmio_wr(0, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(0, APIC_ESR), APIC_ESR_SEND_ILLEGAL);
    mmio_wr(1, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(1, APIC_ESR), APIC_ESR_RECV_ILLEGAL);
    mmio_wr(0, APIC_ICR, 0x30);
    EXPECT(irr(1, 0x30));
    mmio_wr(1, APIC_ESR, 0);
    EXPECT_EQ(mmio_rd(1, APIC_ESR), 0);
}

TEST(tpr_through_cr8)
{
    setup();
    vlapic_set_tpr_cr8(vl_of(0), 5);
    EXPECT_EQ(mmio_rd(0, APIC_TASKPRI), 0x50);
    EXPECT_EQ(vlapic_get_tpr_cr8(vl_of(0)), 5);
    mmio_wr(0, APIC_TASKPRI, 0x57);
    vlapic_set_tpr_cr8(vl_of(0), 5);    /* same class: sub-class kept */
    EXPECT_EQ(mmio_rd(0, APIC_TASKPRI), 0x57);
}

/* ---- IPIs ---- */

TEST(fixed_ipi_physical_and_logical)
{
    setup();
    vcpus[1].is_running = true;
    mmio_wr(0, APIC_ICR2, 2U << 24);
    mmio_wr(0, APIC_ICR, 0x40);
    EXPECT(irr(1, 0x40));
    EXPECT(!irr(0, 0x40));
    EXPECT_EQ(kicks[1], 1);
    EXPECT_EQ(mmio_rd(0, APIC_ICR), 0x40);
    EXPECT_EQ(mmio_rd(0, APIC_ICR2), 2U << 24);
    /* Nobody has APIC ID 1. */
    mmio_wr(0, APIC_ICR2, 1U << 24);
    mmio_wr(0, APIC_ICR, 0x41);
    EXPECT(!irr(0, 0x41) && !irr(1, 0x41));
    /* Flat logical: vCPU 1 is bit 1 (as Linux sets LDR). */
    mmio_wr(1, APIC_LDR, 0x02000000);
    mmio_wr(0, APIC_LDR, 0x01000000);
    mmio_wr(0, APIC_ICR2, 0x02U << 24);
    mmio_wr(0, APIC_ICR, 0x42 | APIC_DEST_LOGICAL);
    EXPECT(irr(1, 0x42) && !irr(0, 0x42));
    mmio_wr(0, APIC_ICR2, 0x03U << 24);
    mmio_wr(0, APIC_ICR, 0x43 | APIC_DEST_LOGICAL);
    EXPECT(irr(1, 0x43) && irr(0, 0x43));
    /* Lowest priority goes to exactly one. */
    mmio_wr(0, APIC_ICR, 0x44 | APIC_DEST_LOGICAL | APIC_DM_LOWEST);
    EXPECT(irr(0, 0x44) != irr(1, 0x44));
}

TEST(ipi_shorthands)
{
    setup();
    mmio_wr(1, APIC_ICR, 0x50 | APIC_SHORT_SELF);
    EXPECT(irr(1, 0x50) && !irr(0, 0x50));
    mmio_wr(1, APIC_ICR, 0x51 | APIC_SHORT_ALL);
    EXPECT(irr(1, 0x51) && irr(0, 0x51));
    mmio_wr(1, APIC_ICR, 0x52 | APIC_SHORT_OTHERS);
    EXPECT(!irr(1, 0x52) && irr(0, 0x52));
    mmio_wr(0, APIC_ICR2, 0xffU << 24);
    mmio_wr(0, APIC_ICR, 0x53);
    EXPECT(irr(1, 0x53) && irr(0, 0x53));
}

TEST(nmi_ipi)
{
    setup();
    mmio_wr(0, APIC_ICR2, 2U << 24);
    mmio_wr(0, APIC_ICR, APIC_DM_NMI);
    EXPECT(vl_of(1)->nmi_pending);
    EXPECT(!vl_of(0)->nmi_pending);
}

TEST(init_sipi_starts_a_down_vcpu)
{
    setup();
    set_bit(_VPF_down, &vcpus[1].pause_flags);
    /* SIPI before INIT is ignored only if not waiting: AP waits at reset. */
    mmio_wr(0, APIC_ICR2, 2U << 24);
    mmio_wr(0, APIC_ICR, APIC_DM_INIT | APIC_INT_ASSERT |
                         APIC_INT_LEVELTRIG);
    EXPECT_EQ(vl_of(1)->run_state, VLAPIC_WAIT_SIPI);
    /* The level de-assert form does nothing. */
    mmio_wr(0, APIC_ICR, APIC_DM_INIT | APIC_INT_LEVELTRIG);
    EXPECT_EQ(vl_of(1)->run_state, VLAPIC_WAIT_SIPI);
    mmio_wr(0, APIC_ICR, APIC_DM_STARTUP | 0x99);
    EXPECT_EQ(sipis[1], 1);
    EXPECT_EQ(sipi_vector[1], 0x99);
    EXPECT(!test_bit(_VPF_down, &vcpus[1].pause_flags));
    EXPECT_EQ(vl_of(1)->run_state, VLAPIC_RUNNING);
    EXPECT(wakes[1] >= 1);
    /* The second SIPI of the pair is ignored. */
    mmio_wr(0, APIC_ICR, APIC_DM_STARTUP | 0x99);
    EXPECT_EQ(sipis[1], 1);
}

TEST(init_of_a_running_vcpu_is_deferred)
{
    setup();
    vl_of(1)->run_state = VLAPIC_RUNNING;
    sw_enable(1);
    mmio_wr(0, APIC_ICR2, 2U << 24);
    mmio_wr(0, APIC_ICR, APIC_DM_INIT | APIC_INT_ASSERT);
    EXPECT(vl_of(1)->init_pending);
    /* Pending INIT: a SIPI now is not taken. */
    mmio_wr(0, APIC_ICR, APIC_DM_STARTUP | 0x10);
    EXPECT_EQ(sipis[1], 0);
    EXPECT(hvm_intr_wakeup_pending(&vcpus[1]));
    vlapic_do_pending_init(&vcpus[1]);
    EXPECT(!vl_of(1)->init_pending);
    EXPECT(test_bit(_VPF_down, &vcpus[1].pause_flags));
    EXPECT_EQ(vl_of(1)->run_state, VLAPIC_WAIT_SIPI);
    EXPECT_EQ(mmio_rd(1, APIC_SPIV), 0xff);     /* reset */
    mmio_wr(0, APIC_ICR, APIC_DM_STARTUP | 0x10);
    EXPECT_EQ(sipis[1], 1);
    EXPECT_EQ(sipi_vector[1], 0x10);
}

TEST(msi_and_ioapic_delivery)
{
    setup();
    vlapic_deliver_msi_or_ioapic(&dom, 2, false, 0x61, 0, false);
    EXPECT(irr(1, 0x61) && !irr(0, 0x61));
    vlapic_deliver_msi_or_ioapic(&dom, 0, false, 0x62, 0, true);
    EXPECT(irr(0, 0x62));
    EXPECT(vec_test(vl_of(0), APIC_TMR, 0x62));
    vlapic_deliver_msi_or_ioapic(&dom, 0xff, false, 0x63, 1, false);
    EXPECT(irr(0, 0x63) != irr(1, 0x63));
    vlapic_deliver_msi_or_ioapic(&dom, 2, false, 0, 4, false);
    EXPECT(vl_of(1)->nmi_pending);
    /* ExtINT and others are dropped. */
    vlapic_deliver_msi_or_ioapic(&dom, 0, false, 0x64, 7, false);
    EXPECT(!irr(0, 0x64));
}

/* ---- x2APIC ---- */

static int msr_rd(unsigned int i, uint32_t msr, uint64_t *val)
{
    return vlapic_msr_read(&vcpus[i], msr, val);
}

static int msr_wr(unsigned int i, uint32_t msr, uint64_t val)
{
    return vlapic_msr_write(&vcpus[i], msr, val);
}

static void to_x2apic(unsigned int i)
{
    uint64_t base = VLAPIC_BASE_DEFAULT | APICBASE_ENABLE | APICBASE_EXTD;

    msr_wr(i, MSR_IA32_APICBASE, base | (i ? 0 : APICBASE_BSP));
}

TEST(x2apic_mode_switch_and_ids)
{
    uint64_t val = 0;

    setup();
    EXPECT_EQ(msr_rd(1, 0x802, &val), -1);      /* xAPIC mode: #GP */
    EXPECT_EQ(msr_wr(1, MSR_IA32_APICBASE, VLAPIC_BASE_DEFAULT |
                     APICBASE_EXTD), -1);       /* EXTD without EN */
    EXPECT_EQ(msr_wr(1, MSR_IA32_APICBASE, VLAPIC_BASE_DEFAULT |
                     APICBASE_ENABLE | (1UL << 9)), -1);
    to_x2apic(1);
    EXPECT_EQ(msr_rd(1, MSR_IA32_APICBASE, &val), 0);
    EXPECT_EQ(val, VLAPIC_BASE_DEFAULT | APICBASE_ENABLE | APICBASE_EXTD);
    EXPECT_EQ(msr_rd(1, 0x802, &val), 0);
    EXPECT_EQ(val, 2);
    EXPECT_EQ(msr_rd(1, 0x80d, &val), 0);
    EXPECT_EQ(val, 4);
    EXPECT_EQ(msr_rd(1, 0x803, &val), 0);
    EXPECT_EQ(val, 0x50014);
    /* Not in x2APIC: DFR, ICR2; write-only: EOI, self IPI. */
    EXPECT_EQ(msr_rd(1, 0x80e, &val), -1);
    EXPECT_EQ(msr_rd(1, 0x831, &val), -1);
    EXPECT_EQ(msr_rd(1, 0x80b, &val), -1);
    EXPECT_EQ(msr_rd(1, 0x83f, &val), -1);
    /* Read-only: ID, LDR, PPR, ISR, TMCCT. */
    EXPECT_EQ(msr_wr(1, 0x802, 0), -1);
    EXPECT_EQ(msr_wr(1, 0x80d, 0), -1);
    EXPECT_EQ(msr_wr(1, 0x80a, 0), -1);
    EXPECT_EQ(msr_wr(1, 0x810, 0), -1);
    EXPECT_EQ(msr_wr(1, 0x839, 0), -1);
    /* Straight back to xAPIC is refused; through disabled it works. */
    EXPECT_EQ(msr_wr(1, MSR_IA32_APICBASE, VLAPIC_BASE_DEFAULT |
                     APICBASE_ENABLE), -1);
    EXPECT_EQ(msr_wr(1, MSR_IA32_APICBASE, VLAPIC_BASE_DEFAULT), 0);
    EXPECT_EQ(msr_wr(1, MSR_IA32_APICBASE, VLAPIC_BASE_DEFAULT |
                     APICBASE_ENABLE), 0);
    EXPECT_EQ(mmio_rd(1, APIC_ID), 2U << 24);
}

TEST(x2apic_ipis_eoi_and_self_ipi)
{
    uint64_t val = 0;

    setup();
    to_x2apic(0);
    to_x2apic(1);
    EXPECT_EQ(msr_wr(0, 0x80f, 0x1ff), 0);      /* SVR */
    EXPECT_EQ(msr_wr(0, 0x830, (2ULL << 32) | 0x70), 0);
    EXPECT(irr(1, 0x70) && !irr(0, 0x70));
    EXPECT_EQ(msr_rd(0, 0x830, &val), 0);
    EXPECT_EQ(val, (2ULL << 32) | 0x70);
    /* Logical: cluster 0, bit 2 is APIC 2. */
    EXPECT_EQ(msr_wr(0, 0x830, (0x4ULL << 32) | 0x71 | APIC_DEST_LOGICAL),
              0);
    EXPECT(irr(1, 0x71) && !irr(0, 0x71));
    EXPECT_EQ(msr_wr(0, 0x83f, 0x72), 0);       /* self IPI */
    EXPECT(irr(0, 0x72));
    EXPECT_EQ(vlapic_pending_vector(vl_of(0)), 0x72);
    vlapic_ack_vector(vl_of(0), 0x72);
    EXPECT_EQ(msr_rd(0, 0x80a, &val), 0);       /* PPR */
    EXPECT_EQ(val, 0x70);
    EXPECT_EQ(msr_wr(0, 0x80b, 1), -1);         /* non-zero EOI */
    EXPECT_EQ(msr_wr(0, 0x80b, 0), 0);
    EXPECT(!isr(0, 0x72));
    EXPECT_EQ(msr_wr(0, 0x808, 1ULL << 32), -1);  /* 32-bit registers */
    EXPECT_EQ(msr_rd(0, 0x900, &val), -1);
}

/* ---- The timer ---- */

TEST(timer_one_shot)
{
    setup();
    sw_enable(0);
    mmio_wr(0, APIC_TDCR, 0x3);                 /* divide by 16 */
    mmio_wr(0, APIC_LVTT, 0xef);
    mmio_wr(0, APIC_TMICT, 1000);
    EXPECT(timer_is_pending(0));
    EXPECT_EQ(vl_of(0)->timer.expires, 1000000 + 16000);
    fake_now += 1600;
    EXPECT_EQ(mmio_rd(0, APIC_TMCCT), 900);
    fake_now = 1000000 + 16000;
    fire_timer(0);
    EXPECT(irr(0, 0xef));
    EXPECT_EQ(mmio_rd(0, APIC_TMCCT), 0);
    EXPECT(!timer_is_pending(0));
    /* Masked: counts, no interrupt. */
    mmio_wr(0, APIC_EOI, 0);
    vlapic_ack_vector(vl_of(0), 0xef);
    mmio_wr(0, APIC_EOI, 0);
    mmio_wr(0, APIC_LVTT, 0xef | APIC_LVT_MASKED);
    mmio_wr(0, APIC_TMICT, 10);
    fake_now += 20 * 16;
    fire_timer(0);
    EXPECT(!irr(0, 0xef));
    /* TMICT 0 stops it. */
    mmio_wr(0, APIC_TMICT, 0);
    EXPECT(!timer_is_pending(0));
}

TEST(timer_periodic_and_early_fire)
{
    setup();
    sw_enable(0);
    mmio_wr(0, APIC_TDCR, 0xb);                 /* divide by 1 */
    mmio_wr(0, APIC_LVTT, 0xec | (APIC_TIMER_PERIODIC << 17));
    mmio_wr(0, APIC_TMICT, 100000);             /* 100 us */
    /* A stale expiry (re-armed in between) fires nothing. */
    fake_now += 50000;
    fire_timer(0);
    EXPECT(!irr(0, 0xec));
    EXPECT_EQ(vl_of(0)->timer.expires, 1000000 + 100000);
    fake_now = 1000000 + 100000;
    fire_timer(0);
    EXPECT(irr(0, 0xec));
    EXPECT_EQ(vl_of(0)->timer.expires, 1000000 + 200000);
    fake_now = 1000000 + 250000;
    EXPECT_EQ(mmio_rd(0, APIC_TMCCT), 50000);
    /* Late by several periods: no backlog, next boundary. */
    fake_now = 1000000 + 730000;
    fire_timer(0);
    EXPECT_EQ(vl_of(0)->timer.expires, 1000000 + 800000);
    /* Changing the mode disarms. */
    mmio_wr(0, APIC_LVTT, 0xec);
    EXPECT(!timer_is_pending(0));
    EXPECT_EQ(mmio_rd(0, APIC_TMICT), 0);
}

TEST(timer_tsc_deadline)
{
    uint64_t val = 1;

    setup();
    sw_enable(0);
    /* Outside deadline mode the MSR ignores writes and reads 0. */
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, 12345), 0);
    EXPECT_EQ(msr_rd(0, MSR_IA32_TSC_DEADLINE, &val), 0);
    EXPECT_EQ(val, 0);
    mmio_wr(0, APIC_LVTT, 0xed | (APIC_TIMER_TSC_DEADLINE << 17));
    /* TMICT is ignored in deadline mode. */
    mmio_wr(0, APIC_TMICT, 5);
    EXPECT(!timer_is_pending(0));
    /* A deadline in the past fires at once. */
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, 1), 0);
    EXPECT(timer_is_pending(0));
    EXPECT_EQ(vl_of(0)->timer.expires, fake_now);
    fire_timer(0);
    EXPECT(irr(0, 0xed));
    EXPECT_EQ(msr_rd(0, MSR_IA32_TSC_DEADLINE, &val), 0);
    EXPECT_EQ(val, 0);
    /* A far deadline is armed for its distance; 0 disarms. */
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, ~0ULL >> 2), 0);
    EXPECT(timer_is_pending(0));
    EXPECT(fake_tsc_ns > 0);
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, 0), 0);
    EXPECT(!timer_is_pending(0));
    /*
     * The farthest deadline: the wait is cut to DEADLINE_MAX_TICKS, so
     * the expiry neither wraps into the past nor past STIME_DELTA_MAX;
     * the timer firing early re-arms it ahead, not at once.
     */
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, ~0ULL), 0);
    EXPECT_EQ(fake_tsc_ns, DEADLINE_MAX_TICKS);
    EXPECT_EQ(vl_of(0)->timer.expires, fake_now + DEADLINE_MAX_TICKS);
    fire_timer(0);
    EXPECT_EQ(msr_rd(0, MSR_IA32_TSC_DEADLINE, &val), 0);
    EXPECT_EQ(val, ~0ULL);              /* still armed: not reached */
    EXPECT(timer_is_pending(0));
    EXPECT(vl_of(0)->timer.expires > fake_now + MICROSECS(1));
    EXPECT(vl_of(0)->timer.expires <= fake_now + STIME_DELTA_MAX);
    EXPECT_EQ(msr_wr(0, MSR_IA32_TSC_DEADLINE, 0), 0);
}

/* ---- Choosing and injecting ---- */

TEST(intr_priority_nmi_callback_lapic)
{
    struct hvm_intack a;

    setup();
    sw_enable(0);
    a = hvm_intr_pending(&vcpus[0]);
    EXPECT_EQ(a.source, hvm_intsrc_none);
    vlapic_set_irq(vl_of(0), 0x80, false);
    a = hvm_intr_pending(&vcpus[0]);
    EXPECT_EQ(a.source, hvm_intsrc_lapic);
    EXPECT_EQ(a.vector, 0x80);
    /* The callback needs both the assertion and upcall_pending. */
    hvm_set_callback_vector_pending(&vcpus[0], 0xf3, true);
    EXPECT_EQ(hvm_intr_pending(&vcpus[0]).source, hvm_intsrc_lapic);
    event_pending_flag[0] = true;
    a = hvm_intr_pending(&vcpus[0]);
    EXPECT_EQ(a.source, hvm_intsrc_callback);
    EXPECT_EQ(a.vector, 0xf3);
    vl_of(0)->nmi_pending = true;
    EXPECT_EQ(hvm_intr_pending(&vcpus[0]).source, hvm_intsrc_nmi);
    hvm_set_callback_vector_pending(&vcpus[0], 0xf3, false);
    vl_of(0)->nmi_pending = false;
    EXPECT_EQ(hvm_intr_pending(&vcpus[0]).source, hvm_intsrc_lapic);
}

TEST(intr_assist_injects_and_acks)
{
    setup();
    sw_enable(0);
    vlapic_set_irq(vl_of(0), 0x90, false);
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 1);
    EXPECT_EQ(injected.vector, 0x90);
    EXPECT_EQ(injected.type, X86_EVENTTYPE_EXT_INTR);
    EXPECT(isr(0, 0x90) && !irr(0, 0x90));
    EXPECT(!window_open);
    /* Nothing else: no injection, window closed. */
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 1);
    /* The callback vector goes in without touching IRR/ISR. */
    event_pending_flag[0] = true;
    hvm_set_callback_vector_pending(&vcpus[0], 0xf3, true);
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 2);
    EXPECT_EQ(injected.vector, 0xf3);
    EXPECT(!isr(0, 0xf3) && !irr(0, 0xf3));
    /* Re-asserted while upcall_pending stays set, dropped after. */
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 3);
    event_pending_flag[0] = false;
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 3);
}

TEST(intr_assist_opens_a_window_when_blocked)
{
    setup();
    sw_enable(0);
    fake_rflags = 0;
    vlapic_set_irq(vl_of(0), 0x90, false);
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 0);
    EXPECT(window_open);
    EXPECT(irr(0, 0x90) && !isr(0, 0x90));
    /* An NMI does not wait for IF. */
    vl_of(0)->nmi_pending = true;
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 1);
    EXPECT_EQ(injected.type, X86_EVENTTYPE_NMI);
    EXPECT_EQ(injected.vector, 2);
    EXPECT(!vl_of(0)->nmi_pending);
    /* IF back on: the interrupt goes in, the window closes. */
    fake_rflags = X86_EFLAGS_IF;
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 2);
    EXPECT_EQ(injected.vector, 0x90);
    EXPECT(!window_open);
    /* Blocked by the backend (shadow, queued event). */
    fake_blocked = true;
    vlapic_set_irq(vl_of(0), 0xa0, false);
    hvm_intr_assist(&vcpus[0]);
    EXPECT_EQ(nr_injected, 2);
    EXPECT(window_open);
}

TEST(hlt_wakeups_and_kicks)
{
    setup();
    sw_enable(1);
    EXPECT(!hvm_intr_wakeup_pending(&vcpus[1]));
    set_bit(_VPF_blocked, &vcpus[1].pause_flags);
    vlapic_set_irq(vl_of(1), 0x90, false);
    EXPECT(!test_bit(_VPF_blocked, &vcpus[1].pause_flags));
    EXPECT_EQ(wakes[1], 1);
    EXPECT(hvm_intr_wakeup_pending(&vcpus[1]));
    /* IF clear: only an NMI (or INIT) ends HLT. */
    fake_rflags = 0;
    EXPECT(!hvm_intr_wakeup_pending(&vcpus[1]));
    vl_of(1)->nmi_pending = true;
    EXPECT(hvm_intr_wakeup_pending(&vcpus[1]));
    /* A running vCPU on another CPU gets an IPI; one here does not. */
    vcpus[1].is_running = true;
    vcpus[1].processor = 1;
    vcpu_kick(&vcpus[1]);
    EXPECT_EQ(kicks[1], 1);
    vcpus[1].processor = 0;
    vcpu_kick(&vcpus[1]);
    EXPECT_EQ(kicks[1] + kicks[0], 1);
    hvm_vcpu_raise_vector(&vcpus[1], 0x91);
    EXPECT(irr(1, 0x91));
}

/* Registered last, so it runs last: how many checks ran. */
TEST(zz_check_count)
{
    printf("    %lu vLAPIC checks\n", nr_checks);
    EXPECT(nr_checks >= 100);
}
