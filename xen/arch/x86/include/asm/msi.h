/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI messages and the host vectors behind dom0's (arch/x86/msi.c).
 *
 * A message is an address/data pair a device writes (Intel SDM vol. 3A,
 * 11.11 "Message Signalled Interrupts"): address 0xfeeDD00x with the
 * destination APIC ID in bits 19:12, the redirection hint in bit 3 and
 * the destination mode (1 logical) in bit 2; data with the vector in
 * bits 7:0, the delivery mode in bits 10:8 and the trigger mode in
 * bit 15.
 *
 * dom0 programs messages meant for its vLAPICs.  The device gets a host
 * message instead: a hypervisor vector, fixed delivery, physical
 * destination = the host CPU that bound it.  Each host vector remembers
 * the route dom0 asked for (destination, mode, vector) and its handler
 * delivers there through the vLAPIC.  Changing the route (dom0 moving
 * the interrupt to another vCPU) never touches the device.
 *
 * Lock: msi_lock (irqsave, leaf but for the vector table) guards the
 * bindings; the handler reads them under it and delivers after.
 */
#ifndef X86_MSI_H
#define X86_MSI_H

#include <xen/types.h>

struct domain;

#define MSI_ADDR_BASE           0xfee00000U
#define MSI_ADDR_BASE_MASK      0xfff00000U
#define MSI_ADDR_DEST_SHIFT     12
#define MSI_ADDR_DEST_MASK      0x000ff000U
#define MSI_ADDR_RH             (1U << 3)
#define MSI_ADDR_DM_LOGICAL     (1U << 2)
#define MSI_DATA_VECTOR_MASK    0x000000ffU
#define MSI_DATA_DM_SHIFT       8
#define MSI_DATA_DM_MASK        (7U << MSI_DATA_DM_SHIFT)
#define MSI_DATA_LEVEL_ASSERT   (1U << 14)
#define MSI_DATA_TRIGGER_LEVEL  (1U << 15)

/* Delivery modes a message may use (ICR encoding >> 8). */
#define MSI_DM_FIXED            0
#define MSI_DM_LOWEST           1
#define MSI_DM_NMI              4

/* Where a guest's message goes, decoded. */
struct msi_route {
    uint32_t dest;          /* APIC ID (8 bits, xAPIC format) */
    uint8_t vector;
    uint8_t dm;             /* delivery mode */
    bool logical;
    bool deliverable;       /* address in the interrupt range, a mode
                               we forward, a vector >= 16 (not NMI) */
};

/* Decode a message (pure). */
void msi_decode(uint64_t addr, uint32_t data, struct msi_route *r);

/* The host message for vector at physical APIC ID apic_id (pure). */
void msi_compose(uint32_t apic_id, uint8_t vector, uint64_t *addr,
                 uint32_t *data);

/*
 * Bind nr (1, 2, 4 .. 32) consecutive host vectors, the first aligned
 * to nr, for messages of d; their routes drop everything until set.
 * The host message for the first is in *addr and *data (the device adds
 * its message number to the data for multi-message MSI).  Returns the
 * first vector, or 0 if none is left.
 */
uint8_t msi_bind(struct domain *d, unsigned int nr, uint64_t *addr,
                 uint32_t *data);

/* Route host vector to r (from dom0's message). */
void msi_set_route(uint8_t vector, const struct msi_route *r);

/*
 * Release nr vectors from vector on.  The device must no longer send
 * them (masked or disabled); an interrupt still in flight is dropped.
 */
void msi_unbind(uint8_t vector, unsigned int nr);

/* Interrupts taken on host vector so far (for the debug dump and tests). */
unsigned long msi_count(uint8_t vector);

#endif /* X86_MSI_H */
