/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rebooting and powering off the machine.  Reboot tries, in order, the
 * ACPI reset register, the PCI reset control port 0xcf9 and the keyboard
 * controller; power-off uses ACPI S5 through PM1a/PM1b control.
 */
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/processor.h>

#define PM1_SLP_EN      (1U << 13)
#define PM1_SLP_TYP(t)  ((t) << 10)

static noreturn void halt_forever(void)
{
    local_irq_disable();
    for ( ; ; )
        halt();
}

static void acpi_reset(void)
{
    const struct acpi_gas *r = &acpi_info.reset_reg;

    if ( !acpi_info.reset_reg_valid )
        return;
    if ( r->space_id == 1 )
        outb(acpi_info.reset_value, r->address);
    mdelay(50);
}

noreturn void machine_restart(unsigned int delay_ms)
{
    unsigned int i;

    if ( opt_noreboot )
    {
        printk("Manual reset required ('noreboot' specified)\n");
        halt_forever();
    }
    if ( delay_ms )
    {
        printk("Reboot in %u seconds...\n", delay_ms / 1000);
        mdelay(delay_ms);
    }
    smp_send_stop();
    acpi_reset();
    outb(0x06, 0xcf9);                  /* hard reset */
    mdelay(50);
    for ( i = 0; i < 100 && (inb(0x64) & 0x02); i++ )
        udelay(50);
    outb(0xfe, 0x64);                   /* pulse the CPU reset line */
    mdelay(50);
    /* Last resort: a triple fault with an empty IDT. */
    __asm__ volatile ( "lidt %0; int3" :: "m" ((uint8_t[10]){ 0 }) );
    halt_forever();
}

noreturn void machine_power_off(void)
{
    uint16_t v = PM1_SLP_TYP(acpi_info.slp_typ_s5 & 7) | PM1_SLP_EN;

    smp_send_stop();
    if ( acpi_info.pm1a_cnt && acpi_info.slp_typ_s5 != 0xffff )
    {
        printk("Powering off (ACPI S5)\n");
        outw(v, acpi_info.pm1a_cnt);
        if ( acpi_info.pm1b_cnt )
            outw(v, acpi_info.pm1b_cnt);
        mdelay(100);
    }
    printk(XENLOG_ERR "Power-off failed: halting\n");
    halt_forever();
}
