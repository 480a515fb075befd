/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physical local APIC, driven in xAPIC (MMIO) mode, or x2APIC (MSR)
 * mode when the CPU offers it.  Intel SDM vol. 3, chapter 11 "Advanced
 * Programmable Interrupt Controller (APIC)"; AMD APM vol. 2, chapter 16.
 */
#ifndef X86_APIC_H
#define X86_APIC_H

#include <xen/types.h>

#define APIC_ID         0x020
#define APIC_LVR        0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_LDR        0x0d0
#define APIC_DFR        0x0e0
#define APIC_SPIV       0x0f0
#define  APIC_SPIV_ENABLE   (1U << 8)
#define APIC_ESR        0x280
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define  APIC_DM_FIXED      0x000
#define  APIC_DM_NMI        0x400
#define  APIC_DM_INIT       0x500
#define  APIC_DM_STARTUP    0x600
#define  APIC_ICR_BUSY      (1U << 12)
#define  APIC_INT_ASSERT    (1U << 14)
#define  APIC_INT_LEVEL     (1U << 15)
#define  APIC_DEST_SELF     (1U << 18)
#define  APIC_DEST_ALLBUT   (3U << 18)
#define APIC_LVTT       0x320
#define  APIC_TIMER_ONESHOT   (0U << 17)
#define  APIC_TIMER_PERIODIC  (1U << 17)
#define APIC_LVTTHMR    0x330
#define APIC_LVTPC      0x340
#define APIC_LVT0       0x350
#define APIC_LVT1       0x360
#define APIC_LVTERR     0x370
#define  APIC_LVT_MASKED    (1U << 16)
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0
#define  APIC_TDR_DIV_1     0xb

/* Interrupt vectors the hypervisor itself uses. */
#define SPURIOUS_APIC_VECTOR    0xff
#define ERROR_APIC_VECTOR       0xfe
#define EVENT_CHECK_VECTOR      0xfd
#define CALL_FUNCTION_VECTOR    0xfc
#define TIMER_VECTOR            0xfb
#define STOP_VECTOR             0xfa
#define FIRST_DYNAMIC_VECTOR    0x30

extern bool x2apic_enabled;

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t val);
uint32_t get_apic_id(void);

/* Map the APIC, enable it on this CPU, mask the LVTs. */
void apic_init_bsp(paddr_t base);
void apic_setup_cpu(void);
void ack_APIC_irq(void);

/* Send an IPI: vector (or delivery mode in mode) to one APIC ID. */
void apic_send_ipi(uint32_t dest, uint32_t mode, uint8_t vector);
void apic_send_ipi_allbutself(uint8_t vector);
void apic_wait_icr_idle(void);

#endif /* X86_APIC_H */
