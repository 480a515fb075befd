/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC set-up and IPIs.  Registers are reached through MMIO in
 * xAPIC mode (our test machines: TCG offers no x2APIC to the host) or
 * through MSRs 0x800+ in x2APIC mode, chosen once at boot.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/apic.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

#define X2APIC_MSR(reg)     (0x800 + ((reg) >> 4))
#define CPUID1_ECX_X2APIC   (1U << 21)

bool x2apic_enabled;
static volatile uint32_t *apic_mmio;

uint32_t apic_read(unsigned int reg)
{
    if ( x2apic_enabled )
        return rdmsr(X2APIC_MSR(reg));
    return apic_mmio[reg / 4];
}

void apic_write(unsigned int reg, uint32_t val)
{
    if ( x2apic_enabled )
        wrmsr(X2APIC_MSR(reg), val);
    else
        apic_mmio[reg / 4] = val;
}

uint32_t get_apic_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_enabled ? id : id >> 24;
}

void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

void apic_wait_icr_idle(void)
{
    unsigned int spins = 1000000;

    if ( x2apic_enabled )
        return;                 /* x2APIC ICR writes complete at once */
    while ( (apic_read(APIC_ICR) & APIC_ICR_BUSY) && --spins )
        cpu_relax();
}

void apic_send_ipi(uint32_t dest, uint32_t mode, uint8_t vector)
{
    unsigned long flags;

    local_irq_save(flags);
    apic_wait_icr_idle();
    if ( x2apic_enabled )
        wrmsr(X2APIC_MSR(APIC_ICR), ((uint64_t)dest << 32) | mode | vector);
    else
    {
        apic_write(APIC_ICR2, dest << 24);
        apic_write(APIC_ICR, mode | vector);
    }
    local_irq_restore(flags);
}

void apic_send_ipi_allbutself(uint8_t vector)
{
    unsigned long flags;

    local_irq_save(flags);
    apic_wait_icr_idle();
    if ( x2apic_enabled )
        wrmsr(X2APIC_MSR(APIC_ICR), APIC_DEST_ALLBUT | vector);
    else
        apic_write(APIC_ICR, APIC_DEST_ALLBUT | vector);
    local_irq_restore(flags);
}

/* Per-CPU part: enable, accept all priorities, mask what we don't use. */
void apic_setup_cpu(void)
{
    uint64_t base = rdmsr(MSR_IA32_APICBASE) | APICBASE_ENABLE;

    if ( x2apic_enabled )
        base |= APICBASE_EXTD;
    wrmsr(MSR_IA32_APICBASE, base);

    if ( !x2apic_enabled )
    {
        apic_write(APIC_DFR, 0xffffffff);        /* flat model */
        apic_write(APIC_LDR, 0);
    }
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_LVTPC, APIC_LVT_MASKED);
    apic_write(APIC_LVT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT1, APIC_DM_NMI);          /* LINT1 stays NMI */
    apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_ESR, 0);
    ack_APIC_irq();
}

void apic_init_bsp(paddr_t base)
{
    if ( cpuid_ecx(1) & CPUID1_ECX_X2APIC )
        x2apic_enabled = true;
    else
    {
        apic_mmio = ioremap(base, PAGE_SIZE);
        if ( !apic_mmio )
            panic("cannot map the local APIC at %#lx", base);
    }
    apic_setup_cpu();
    printk("APIC: %s mode, BSP APIC ID %u, version %#x\n",
           x2apic_enabled ? "x2APIC" : "xAPIC", get_apic_id(),
           apic_read(APIC_LVR) & 0xff);
}
