/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's virtual IO-APICs (hvm/vioapic.c): one per host IO-APIC, at its
 * address, with its ID, GSI base and pin count, emulating the 82093AA
 * register interface (IOREGSEL at +0x00, IOWIN at +0x10; version 0x11,
 * so no EOI register: level interrupts end with the local APIC EOI).
 *
 * Each pin is routed to the host pin of the same GSI: while dom0 has a
 * pin unmasked, the host pin carries a hypervisor vector whose handler
 * forwards the interrupt to dom0's vLAPICs with dom0's vector and
 * destination.  A level-triggered pin is masked on the host from the
 * interrupt until dom0 EOIs its vector (vioapic_eoi(), called by the
 * vLAPIC for vectors whose TMR bit is set), as the Remote IRR bit does.
 *
 * Lock: vioapic_lock (one, for every vIO-APIC and the host IO-APIC
 * registers they program) is taken with interrupts off, also from the
 * interrupt handler.  It is never held while calling into the vLAPIC.
 */
#ifndef X86_HVM_VIOAPIC_H
#define X86_HVM_VIOAPIC_H

#include <xen/types.h>

struct domain;
struct io_apic;

#define VIOAPIC_VERSION     0x11
#define VIOAPIC_MAX_PINS    120

/* Redirection table entry bits (82093AA datasheet, 3.2.4). */
#define VIOAPIC_RTE_VECTOR      0xffULL
#define VIOAPIC_RTE_DM_SHIFT    8
#define VIOAPIC_RTE_DM_MASK     (7ULL << VIOAPIC_RTE_DM_SHIFT)
#define VIOAPIC_RTE_LOGICAL     (1ULL << 11)
#define VIOAPIC_RTE_DELIVS      (1ULL << 12)
#define VIOAPIC_RTE_ACTIVE_LOW  (1ULL << 13)
#define VIOAPIC_RTE_REMOTE_IRR  (1ULL << 14)
#define VIOAPIC_RTE_LEVEL       (1ULL << 15)
#define VIOAPIC_RTE_MASKED      (1ULL << 16)
#define VIOAPIC_RTE_DEST_SHIFT  56

/* Register indices (through IOREGSEL). */
#define VIOAPIC_REG_ID          0x00
#define VIOAPIC_REG_VERSION     0x01
#define VIOAPIC_REG_ARB         0x02
#define VIOAPIC_REG_RTE0        0x10

/*
 * One vIO-APIC.  (c) set at init; (l) under vioapic_lock.
 */
struct hvm_vioapic {
    struct domain *d;                   /* (c) */
    const struct io_apic *host;         /* (c) the host IO-APIC behind */
    uint64_t base;                      /* (c) guest-physical = host */
    uint32_t gsi_base;                  /* (c) */
    unsigned int nr_pins;               /* (c) */
    uint32_t id;                        /* (l) ID register, bits 27:24 */
    uint32_t ioregsel;                  /* (l) */
    uint64_t rte[VIOAPIC_MAX_PINS];     /* (l) dom0's entries */
    uint8_t host_vector[VIOAPIC_MAX_PINS]; /* (l) 0: none yet */
};

/*
 * Give the hardware domain d one vIO-APIC per host IO-APIC (all pins
 * masked) and register the MMIO handler.  Boot time only.  0 or -errno.
 */
int vioapic_domain_init(struct domain *d);

/*
 * d's vLAPIC got an EOI for a level-triggered vector: clear Remote IRR
 * of every pin that delivered vector and let the host pin fire again.
 * The caller of vioapic_domain_init() installs it as
 * vlapic_level_eoi_hook (this file cannot: asm/apic.h, which it needs
 * for the host side, and asm/hvm/vlapic.h define APIC_* differently).
 */
void vioapic_eoi(struct domain *d, uint8_t vector);

/* The vIO-APIC of d covering gsi, or NULL (for PHYSDEVOP_setup_gsi). */
struct hvm_vioapic *vioapic_of_gsi(struct domain *d, unsigned int gsi);

/* Register access through IOREGSEL/IOWIN (exposed for unit tests). */
uint32_t vioapic_read_indirect(struct hvm_vioapic *vio);
void vioapic_write_indirect(struct hvm_vioapic *vio, uint32_t val);

#endif /* X86_HVM_VIOAPIC_H */
