/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The I/O ports the hypervisor keeps from dom0, as Xen 4.17's
 * dom0_setup_permissions() does: the 8259A PICs (0x20-0x21, 0xa0-0xa1),
 * the PIT (0x40-0x43) and port 0x61 read as all ones and ignore writes,
 * so dom0 cannot reprogram the legacy interrupt controllers and timer
 * behind the hypervisor's back.  Linux notices: its probe_8259A() writes
 * the master's mask and reads it back, finds no PIC, and so never tests
 * the PIT's IRQ 0 through the IO-APIC (check_timer()), a test that fails
 * spuriously when the machine is slow and then panics dom0.  Ports that
 * are dom0's (the RTC's index at 0x70, say) still reach the hardware.
 */
#include "guest.h"

static uint8_t in8(uint16_t port)
{
    uint8_t v;

    asm volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static void out8(uint16_t port, uint8_t v)
{
    asm volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}

/* Linux's probe_8259A(): the master's mask written, then read back. */
static void check_pic_hidden(void)
{
    out8(0xa1, 0xff);
    out8(0x21, 0xfb);
    check_eq(in8(0x21), 0xff, "PIC master mask (0x21) reads all ones");
    check_eq(in8(0xa1), 0xff, "PIC slave mask (0xa1) reads all ones");
    check_eq(in8(0x20), 0xff, "PIC master command port (0x20)");
}

static void check_pit_hidden(void)
{
    unsigned int i;
    bool all_ones = true;

    /* Latch channel 0 and read its count: a real PIT gives a count. */
    for ( i = 0; i < 4; i++ )
    {
        out8(0x43, 0x00);
        all_ones &= in8(0x40) == 0xff && in8(0x40) == 0xff;
    }
    CHECK(all_ones, "PIT channel 0 (0x40) reads all ones");
    check_eq(in8(0x61), 0xff, "port 0x61 (PIT gate, speaker)");
}

/* The CMOS RTC stays dom0's: its status register A reads sensibly. */
static void check_rtc_reachable(void)
{
    out8(0x70, 0x0a);
    CHECK(in8(0x71) != 0xff, "RTC status A (0x70/0x71) reachable");
}

void test_main(void)
{
    check_pic_hidden();
    check_pit_hidden();
    check_rtc_reachable();
}
