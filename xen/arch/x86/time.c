/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time keeping.  The TSC is the clock: calibrated once against the PIT
 * (channel 2, gated through port 0x61, so no interrupt is needed), and
 * NOW() scales TSC ticks since boot to nanoseconds.  Timer interrupts come
 * from each CPU's local-APIC timer in one-shot mode, itself calibrated
 * against the TSC.  QEMU keeps the TSCs of all vCPUs in step, as invariant
 * TSCs on real hardware are; per-CPU offsets are not needed here.
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/processor.h>

#define PIT_HZ          1193182
#define CALIBRATE_MS    50
/*
 * Each calibration is the least of a few tries: a delay between the two
 * clocks' readings (an SMI, or, under emulation, the host descheduling
 * us) only ever adds ticks, so the smallest count is the truest.  One
 * try on a loaded host ran the clock up to 24% slow.
 */
#define CALIBRATE_TRIES 4

uint64_t cpu_khz;
static uint64_t boot_tsc;
static uint64_t tsc_scale;          /* ns per tick, 32.32 fixed point */
static uint64_t apic_khz;           /* APIC timer ticks per ms (div 1) */

uint64_t tsc_ticks_to_ns(uint64_t ticks)
{
    return ((unsigned __int128)ticks * tsc_scale) >> 32;
}

s_time_t NOW(void)
{
    return tsc_ticks_to_ns(rdtsc() - boot_tsc);
}

void udelay(unsigned long us)
{
    uint64_t end = rdtsc() + us * cpu_khz / 1000;

    while ( (int64_t)(rdtsc() - end) < 0 )
        cpu_relax();
}

void mdelay(unsigned long ms)
{
    while ( ms-- )
        udelay(1000);
}

/* TSC ticks during CALIBRATE_MS of PIT channel 2 counting down. */
static uint64_t measure_tsc_with_pit(void)
{
    unsigned int count = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t start, end;

    /* Gate high, speaker off; channel 2, lobyte/hibyte, mode 0. */
    outb((inb(0x61) & ~0x02) | 0x01, 0x61);
    outb(0xb0, 0x43);
    outb(count & 0xff, 0x42);
    outb(count >> 8, 0x42);
    start = rdtsc();
    /* OUT2 (bit 5 of port 0x61) goes high when the count reaches 0. */
    while ( !(inb(0x61) & 0x20) )
        cpu_relax();
    end = rdtsc();
    return end - start;
}

/* The least TSC count over CALIBRATE_TRIES periods of the PIT. */
static uint64_t least_tsc_with_pit(void)
{
    uint64_t ticks, least = ~0ULL;
    unsigned int i;

    for ( i = 0; i < CALIBRATE_TRIES; i++ )
    {
        ticks = measure_tsc_with_pit();
        if ( ticks < least )
            least = ticks;
    }
    return least;
}

/* APIC timer ticks (divide by 1) during 10 ms of TSC. */
static uint64_t measure_apic_with_tsc(void)
{
    uint64_t start;
    uint32_t left;

    apic_write(APIC_TMICT, 0xffffffff);
    start = rdtsc();
    while ( rdtsc() - start < cpu_khz * 10 )
        cpu_relax();
    left = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    return 0xffffffffULL - left;
}

static void calibrate_apic_timer(void)
{
    uint64_t ticks, least = ~0ULL;
    unsigned int i;

    apic_write(APIC_TDCR, APIC_TDR_DIV_1);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    for ( i = 0; i < CALIBRATE_TRIES; i++ )
    {
        ticks = measure_apic_with_tsc();
        if ( ticks < least )
            least = ticks;
    }
    apic_khz = least / 10;
    if ( !apic_khz )
        panic("the local APIC timer does not count");
}

void time_init(void)
{
    uint64_t ticks;

    boot_tsc = rdtsc();
    ticks = least_tsc_with_pit();
    cpu_khz = ticks / CALIBRATE_MS;
    if ( !cpu_khz )
        panic("TSC calibration against the PIT failed");
    tsc_scale = (1000000ULL << 32) / cpu_khz;
    printk("TSC: %lu.%03lu MHz (least of %u tries against the PIT over %u ms)\n",
           cpu_khz / 1000, cpu_khz % 1000, CALIBRATE_TRIES, CALIBRATE_MS);
    calibrate_apic_timer();
    printk("APIC timer: %lu.%03lu MHz bus clock, one-shot mode\n",
           apic_khz / 1000, apic_khz % 1000);
    time_init_cpu();
}

void time_init_cpu(void)
{
    apic_write(APIC_TDCR, APIC_TDR_DIV_1);
    apic_write(APIC_LVTT, APIC_TIMER_ONESHOT | TIMER_VECTOR);
    apic_write(APIC_TMICT, 0);
}

bool reprogram_timer(s_time_t deadline)
{
    s_time_t delta;
    uint64_t count;

    if ( !deadline )
    {
        apic_write(APIC_TMICT, 0);
        return true;
    }
    delta = deadline - NOW();
    if ( delta <= 0 )
        return false;
    /* Far deadlines fire early; the timer softirq simply re-arms. */
    delta = min(delta, SECONDS(1));
    count = (uint64_t)delta * apic_khz / 1000000;
    apic_write(APIC_TMICT, count ? min(count, 0xffffffffULL) : 1);
    return true;
}
