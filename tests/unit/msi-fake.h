/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the tests that include arch/x86/msi.c (test-msi,
 * test-vpci): a vector table, this CPU's APIC ID (FAKE_APIC_ID, defined
 * by the includer) and a recording vLAPIC delivery.
 */
#ifndef MSI_FAKE_H
#define MSI_FAKE_H

static irq_handler_t vectors[256];
static struct {
    unsigned int n;
    struct domain *d;
    uint32_t dest;
    bool logical, level;
    uint8_t vector, dm;
} sent;

int request_vector(unsigned int vector, irq_handler_t handler)
{
    if ( vector < FIRST_DYNAMIC_VECTOR || vector >= STOP_VECTOR ||
         vectors[vector] )
        return -1;
    vectors[vector] = handler;
    return 0;
}

void release_vector(unsigned int vector)
{
    vectors[vector] = NULL;
}

uint32_t get_apic_id(void)
{
    return FAKE_APIC_ID;
}

/* No CPU online unless a test says so: messages go to FAKE_APIC_ID. */
cpumask_t cpu_online_map;
uint32_t cpu_to_apicid[NR_CPUS];

void vlapic_deliver_msi_or_ioapic(struct domain *d, uint32_t dest,
                                  bool dest_logical, uint8_t vector,
                                  uint8_t delivery_mode, bool level)
{
    sent.n++;
    sent.d = d;
    sent.dest = dest;
    sent.logical = dest_logical;
    sent.vector = vector;
    sent.dm = delivery_mode;
    sent.level = level;
}

#endif /* MSI_FAKE_H */
