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
 * Calibration reads PIT channel 2's count (latched) between two TSC
 * reads and keeps the narrowest of PIT_SAMPLES such brackets, at the
 * start and at the end of CALIBRATE_MS: a bracket the host widened by
 * descheduling us (under emulation) or an SMI is simply not the
 * narrowest, so such a delay no longer skews the result.  Waiting for
 * OUT2 and reading the TSC after it (the least of 4 tries) measured
 * 2245.8 MHz on one QEMU machine and 2336.9 MHz (+4%) on another under
 * the same host's load, and two hosts must agree for a guest to move
 * between them (settscinfo).  The try with the narrowest brackets of
 * CALIBRATE_TRIES is taken.
 */
#define PIT_SAMPLES     16
#define CALIBRATE_TRIES 4
#define PIT_LATCH_CH2   0x80

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

struct pit_sample {
    uint64_t tsc;       /* midway between the TSC reads around the latch */
    uint64_t width;     /* their distance: the sample's uncertainty */
    unsigned int count;
};

/* Channel 2's count with the TSC around it: the narrowest bracket. */
static void pit_sample(struct pit_sample *s)
{
    unsigned int i, count;
    uint64_t t1, t2;

    s->width = ~0ULL;
    for ( i = 0; i < PIT_SAMPLES; i++ )
    {
        t1 = rdtsc();
        outb(PIT_LATCH_CH2, 0x43);
        count = inb(0x42);
        count |= inb(0x42) << 8;
        t2 = rdtsc();
        if ( t2 - t1 < s->width )
            *s = (struct pit_sample){ t1 + (t2 - t1) / 2, t2 - t1, count };
    }
}

/*
 * The TSC's kHz over CALIBRATE_MS of channel 2 counting down from 0xffff
 * (mode 0; 54.9 ms to 0), with *width the two brackets' sum; 0 when the
 * count may have passed 0 (OUT2 high) before the end sample.
 */
static uint64_t measure_tsc_with_pit(uint64_t *width)
{
    unsigned int ticks = PIT_HZ * CALIBRATE_MS / 1000;
    struct pit_sample a, b;

    /* Gate high, speaker off; channel 2, lobyte/hibyte, mode 0. */
    outb((inb(0x61) & ~0x02) | 0x01, 0x61);
    outb(0xb0, 0x43);
    outb(0xff, 0x42);
    outb(0xff, 0x42);
    pit_sample(&a);
    do
        pit_sample(&b);
    while ( a.count - b.count < ticks && !(inb(0x61) & 0x20) );
    /* OUT2 goes high when the count reaches 0. */
    if ( (inb(0x61) & 0x20) || a.count <= b.count )
        return 0;
    *width = a.width + b.width;
    return (b.tsc - a.tsc) * PIT_HZ / ((a.count - b.count) * 1000ULL);
}

/* The try whose two brackets were the narrowest of CALIBRATE_TRIES. */
static uint64_t tsc_khz_with_pit(uint64_t *ppm)
{
    uint64_t khz, best = 0, width, narrowest = ~0ULL;
    unsigned int i;

    for ( i = 0; i < CALIBRATE_TRIES * 4 && (!best || i < CALIBRATE_TRIES);
          i++ )
    {
        khz = measure_tsc_with_pit(&width);
        if ( khz && width < narrowest )
        {
            best = khz;
            narrowest = width;
        }
    }
    /* width / (CALIBRATE_MS of ticks), in ppm */
    *ppm = best ? narrowest * 1000000 / (best * CALIBRATE_MS) : 0;
    return best;
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
    uint64_t ppm;

    boot_tsc = rdtsc();
    cpu_khz = tsc_khz_with_pit(&ppm);
    if ( !cpu_khz )
        panic("TSC calibration against the PIT failed");
    tsc_scale = (1000000ULL << 32) / cpu_khz;
    printk("TSC: %lu.%03lu MHz (+-%lu ppm, against the PIT over %u ms)\n",
           cpu_khz / 1000, cpu_khz % 1000, ppm, CALIBRATE_MS);
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
