/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wall clock: at boot, read once from the CMOS real-time clock (ports
 * 0x70/0x71; Motorola MC146818 register layout, as on every PC); after
 * that, whatever dom0 sets with XENPF_settime.  The hypervisor does not
 * keep the RTC: dom0 owns it.
 */
#include <xen/lib.h>
#include <xen/shared.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/platform.h>
#include <asm/processor.h>

#define RTC_SECONDS     0x00
#define RTC_MINUTES     0x02
#define RTC_HOURS       0x04
#define RTC_DAY         0x07
#define RTC_MONTH       0x08
#define RTC_YEAR        0x09
#define RTC_STATUS_A    0x0a
#define RTC_STATUS_B    0x0b
#define RTC_CENTURY     0x32    /* the ACPI FADT's usual century register */

#define RTC_UIP         0x80    /* status A: update in progress */
#define RTC_24H         0x02    /* status B: 24-hour mode */
#define RTC_BINARY      0x04    /* status B: binary, not BCD */

struct rtc_time {
    unsigned int sec, min, hour, day, mon, year;
};

static uint8_t cmos_read(uint8_t reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

static unsigned int bcd(unsigned int v, bool binary)
{
    return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

/*
 * Seconds since 1970-01-01 00:00:00 for a date in the Gregorian calendar
 * (days from civil: shift the year to start in March so the leap day is
 * the last day of the year).
 */
uint64_t rtc_mktime(unsigned int year, unsigned int mon, unsigned int day,
                    unsigned int hour, unsigned int min, unsigned int sec)
{
    uint64_t y = year - (mon <= 2), era = y / 400, yoe = y - era * 400;
    uint64_t mp = (mon + 9) % 12;
    uint64_t doy = (153 * mp + 2) / 5 + day - 1;
    uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    uint64_t days = era * 146097 + doe - 719468;

    return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

static void rtc_read_once(struct rtc_time *t)
{
    uint8_t b = cmos_read(RTC_STATUS_B);
    bool bin = b & RTC_BINARY;
    unsigned int hour = cmos_read(RTC_HOURS), century;

    t->sec = bcd(cmos_read(RTC_SECONDS), bin);
    t->min = bcd(cmos_read(RTC_MINUTES), bin);
    t->day = bcd(cmos_read(RTC_DAY), bin);
    t->mon = bcd(cmos_read(RTC_MONTH), bin);
    t->year = bcd(cmos_read(RTC_YEAR), bin);
    century = bcd(cmos_read(RTC_CENTURY), bin);
    /* 12-hour mode: bit 7 is PM, 12 stands for 0. */
    t->hour = bcd(hour & 0x7f, bin);
    if ( !(b & RTC_24H) )
        t->hour = (t->hour % 12) + ((hour & 0x80) ? 12 : 0);
    t->year += (century >= 19 && century <= 30) ? century * 100
               : (t->year < 70 ? 2000 : 1900);
}

/* Read twice until two reads agree, outside an update cycle. */
static uint64_t rtc_read_seconds(void)
{
    struct rtc_time a = { 0 }, b;
    unsigned int tries;

    for ( tries = 0; tries < 1000000; tries++ )
    {
        if ( cmos_read(RTC_STATUS_A) & RTC_UIP )
            continue;
        rtc_read_once(&a);
        rtc_read_once(&b);
        if ( !memcmp(&a, &b, sizeof(a)) )
            break;
    }
    if ( a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31 )
    {
        printk(XENLOG_WARNING "RTC: unreadable date, wall clock at 0\n");
        return 0;
    }
    return rtc_mktime(a.year, a.mon, a.day, a.hour, a.min, a.sec);
}

/* The wall clock at system time 0 (ns since the epoch); wc_lock. */
static DEFINE_SPINLOCK(wc_lock);
static uint64_t wc_base;
static bool wc_known;

uint64_t rtc_wallclock_base_ns(void)
{
    uint64_t base;

    spin_lock(&wc_lock);
    if ( !wc_known )
    {
        uint64_t secs = rtc_read_seconds();

        /* The RTC counts whole seconds: good to a second, no better. */
        wc_base = secs * 1000000000ULL - NOW();
        wc_known = true;
        printk("RTC: %lu s since the epoch\n", secs);
    }
    base = wc_base;
    spin_unlock(&wc_lock);
    return base;
}

/*
 * XENPF_settime (dom0 keeps the clock from here on, as on Xen): the new
 * base, then every domain's shared_info wall clock.  wc_lock is let go
 * first: the update reads the base under d->lock (order d->lock ->
 * wc_lock).
 */
void wallclock_set_base_ns(uint64_t ns)
{
    spin_lock(&wc_lock);
    wc_base = ns;
    wc_known = true;
    spin_unlock(&wc_lock);
    printk(XENLOG_G_INFO "wall clock set: %lu s since the epoch at boot\n",
           ns / 1000000000UL);
    domains_update_wallclock();
}
