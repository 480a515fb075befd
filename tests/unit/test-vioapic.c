/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's vIO-APIC (xen/arch/x86/hvm/vioapic.c): registers through
 * IOREGSEL/IOWIN over MMIO (ID, version, entries, read-only bits), the
 * host pin it programs (vector, mask, trigger), edge and level delivery
 * into the vLAPIC, Remote IRR until EOI, the edge-switch trick that
 * clears Remote IRR, and masked or undeliverable entries.  The host
 * IO-APIC, the vector table and the vLAPIC are recording stand-ins.
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

/* No interrupt flag on the host: the irqsave forms only lock. */
#undef local_irq_save
#undef local_irq_restore
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

#include "../../xen/arch/x86/hvm/vioapic.c"

#include "harness.h"

struct acpi_info acpi_info;
struct io_apic io_apics[MAX_IO_APICS];
unsigned int nr_io_apics;

static uint32_t host_regs[0x100];
static irq_handler_t vectors[256];
static const struct hvm_mmio_ops *mmio_ops;
static struct {
    unsigned int n;
    uint32_t dest;
    bool logical, level;
    uint8_t vector, dm;
} sent;

void io_apic_write(const struct io_apic *io, unsigned int reg, uint32_t v)
{
    host_regs[reg & 0xff] = v;
}

uint32_t get_apic_id(void)
{
    return 3;
}

int request_vector(unsigned int vector, irq_handler_t handler)
{
    if ( vector < FIRST_DYNAMIC_VECTOR || vectors[vector] )
        return -1;
    vectors[vector] = handler;
    return 0;
}

void hvm_mmio_register(const struct hvm_mmio_ops *ops)
{
    mmio_ops = ops;
}

void vlapic_deliver_msi_or_ioapic(struct domain *d, uint32_t dest,
                                  bool dest_logical, uint8_t vector,
                                  uint8_t delivery_mode, bool level)
{
    sent.n++;
    sent.dest = dest;
    sent.logical = dest_logical;
    sent.vector = vector;
    sent.dm = delivery_mode;
    sent.level = level;
}

static struct domain dom0;
static struct vcpu v0 = { .domain = &dom0 };

#define BASE 0xfec00000UL

static uint32_t rd(unsigned int reg)
{
    uint64_t val = 0;

    mmio_ops->write(&v0, BASE, 4, reg);
    mmio_ops->read(&v0, BASE + 0x10, 4, &val);
    return val;
}

static void wr(unsigned int reg, uint32_t val)
{
    mmio_ops->write(&v0, BASE, 4, reg);
    mmio_ops->write(&v0, BASE + 0x10, 4, val);
}

static void setup(void)
{
    memset(host_regs, 0, sizeof(host_regs));
    memset(vectors, 0, sizeof(vectors));
    memset(vector_pin, 0, sizeof(vector_pin));
    memset(&sent, 0, sizeof(sent));
    nr_vioapics = 0;
    nr_io_apics = 1;
    io_apics[0].id = 2;
    io_apics[0].gsi_base = 0;
    io_apics[0].nr_pins = 24;
    acpi_info.nr_ioapics = 1;
    acpi_info.ioapics[0].addr = BASE;
}

/* The hypervisor vector behind pin, from the host entry. */
static unsigned int host_vec(unsigned int pin)
{
    return host_regs[0x10 + 2 * pin] & 0xff;
}

static bool host_masked_pin(unsigned int pin)
{
    return host_regs[0x10 + 2 * pin] & VIOAPIC_RTE_MASKED;
}

TEST(init_and_identity_registers)
{
    setup();
    EXPECT_EQ(vioapic_domain_init(&dom0), 0);
    EXPECT_EQ(vioapic_domain_init(&dom0), -EEXIST);
    EXPECT(mmio_ops != NULL);
    EXPECT(mmio_ops->accepts(&v0, BASE));
    EXPECT(mmio_ops->accepts(&v0, BASE + 0xfff));
    EXPECT(!mmio_ops->accepts(&v0, BASE + 0x1000));
    EXPECT_EQ(rd(VIOAPIC_REG_ID), 2U << 24);
    EXPECT_EQ(rd(VIOAPIC_REG_VERSION), 0x170011);
    EXPECT_EQ(rd(VIOAPIC_REG_ARB), 2U << 24);
    EXPECT_EQ(rd(0x10), VIOAPIC_RTE_MASKED);
    EXPECT_EQ(rd(0x10 + 2 * 24), 0);                /* no pin 24 */
    wr(VIOAPIC_REG_VERSION, 0);                     /* read-only */
    EXPECT_EQ(rd(VIOAPIC_REG_VERSION), 0x170011);
    wr(VIOAPIC_REG_ID, 0x5abcdef0);
    EXPECT_EQ(rd(VIOAPIC_REG_ID), 0x0a000000);
    EXPECT(vioapic_of_gsi(&dom0, 23) != NULL);
    EXPECT(vioapic_of_gsi(&dom0, 24) == NULL);
}

TEST(ioregsel_reads_back_and_byte_access)
{
    uint64_t val = 0;

    setup();
    vioapic_domain_init(&dom0);
    mmio_ops->write(&v0, BASE, 1, 0x12);
    mmio_ops->read(&v0, BASE, 4, &val);
    EXPECT_EQ(val, 0x12);
    mmio_ops->write(&v0, BASE + 0x10, 4, 0x31);     /* pin 1 low */
    mmio_ops->read(&v0, BASE + 0x12, 1, &val);      /* byte 2: mask bit */
    EXPECT_EQ(val, 0);
    mmio_ops->read(&v0, BASE + 0x10, 1, &val);
    EXPECT_EQ(val, 0x31);
    mmio_ops->read(&v0, BASE + 0x40, 4, &val);      /* no EOI register */
    EXPECT_EQ(val, 0);
}

TEST(edge_pin_routes_and_delivers)
{
    unsigned int hv;

    setup();
    vioapic_domain_init(&dom0);
    wr(0x10 + 2 * 4 + 1, 0x02000000);               /* dest APIC 2 */
    wr(0x10 + 2 * 4, 0x41);                         /* vector 0x41, edge */
    hv = host_vec(4);
    EXPECT(hv >= FIRST_DYNAMIC_VECTOR);
    EXPECT(!host_masked_pin(4));
    EXPECT_EQ(host_regs[0x10 + 2 * 4 + 1], 3U << 24);   /* this CPU */
    EXPECT(vectors[hv] == vioapic_irq);
    vioapic_irq(hv, NULL);
    EXPECT_EQ(sent.n, 1);
    EXPECT_EQ(sent.vector, 0x41);
    EXPECT_EQ(sent.dest, 2);
    EXPECT(!sent.logical);
    EXPECT(!sent.level);
    EXPECT_EQ(rd(0x10 + 2 * 4) & VIOAPIC_RTE_REMOTE_IRR, 0);
    vioapic_irq(hv, NULL);
    EXPECT_EQ(sent.n, 2);
    wr(0x10 + 2 * 4, 0x41 | VIOAPIC_RTE_MASKED);
    EXPECT(host_masked_pin(4));
    EXPECT_EQ(host_vec(4), hv);                     /* vector kept */
    vioapic_irq(hv, NULL);                          /* raced the mask */
    EXPECT_EQ(sent.n, 2);
}

TEST(level_pin_waits_for_eoi)
{
    unsigned int hv;
    uint32_t low = 0x52 | VIOAPIC_RTE_LEVEL | VIOAPIC_RTE_ACTIVE_LOW |
                   VIOAPIC_RTE_LOGICAL | (DM_LOWEST << 8);

    setup();
    vioapic_domain_init(&dom0);
    wr(0x10 + 2 * 10 + 1, 0x01000000);
    wr(0x10 + 2 * 10, low);
    hv = host_vec(10);
    EXPECT(host_regs[0x10 + 2 * 10] & VIOAPIC_RTE_LEVEL);
    EXPECT(host_regs[0x10 + 2 * 10] & VIOAPIC_RTE_ACTIVE_LOW);
    EXPECT(!(host_regs[0x10 + 2 * 10] & VIOAPIC_RTE_LOGICAL));
    vioapic_irq(hv, NULL);
    EXPECT_EQ(sent.n, 1);
    EXPECT(sent.level);
    EXPECT(sent.logical);
    EXPECT_EQ(sent.dm, DM_LOWEST);
    EXPECT(rd(0x10 + 2 * 10) & VIOAPIC_RTE_REMOTE_IRR);
    EXPECT(host_masked_pin(10));
    vioapic_eoi(&dom0, 0x99);                       /* another vector */
    EXPECT(host_masked_pin(10));
    vioapic_eoi(&dom0, 0x52);
    EXPECT(!host_masked_pin(10));
    EXPECT_EQ(rd(0x10 + 2 * 10) & VIOAPIC_RTE_REMOTE_IRR, 0);
    /* dom0 cannot write Remote IRR or delivery status. */
    wr(0x10 + 2 * 10, low | VIOAPIC_RTE_REMOTE_IRR | VIOAPIC_RTE_DELIVS);
    EXPECT_EQ(rd(0x10 + 2 * 10), low);
}

TEST(switch_to_edge_clears_remote_irr)
{
    unsigned int hv;

    setup();
    vioapic_domain_init(&dom0);
    wr(0x10 + 2 * 11, 0x60 | VIOAPIC_RTE_LEVEL);
    hv = host_vec(11);
    vioapic_irq(hv, NULL);
    EXPECT(rd(0x10 + 2 * 11) & VIOAPIC_RTE_REMOTE_IRR);
    wr(0x10 + 2 * 11, 0x60 | VIOAPIC_RTE_MASKED);   /* edge, masked */
    wr(0x10 + 2 * 11, 0x60 | VIOAPIC_RTE_LEVEL);    /* back to level */
    EXPECT_EQ(rd(0x10 + 2 * 11) & VIOAPIC_RTE_REMOTE_IRR, 0);
    EXPECT(!host_masked_pin(11));
}

TEST(undeliverable_entries_stay_masked)
{
    setup();
    vioapic_domain_init(&dom0);
    wr(0x10 + 2 * 2, 0x05);                         /* vector < 16 */
    EXPECT(host_masked_pin(2));
    EXPECT_EQ(host_vec(2), 0);
    wr(0x10 + 2 * 3, 0x30 | (7 << 8));              /* ExtINT */
    EXPECT(host_masked_pin(3));
    wr(0x10 + 2 * 5, 0x00 | (DM_NMI << 8));         /* NMI: vector unused */
    EXPECT(!host_masked_pin(5));
    vioapic_irq(host_vec(5), NULL);
    EXPECT_EQ(sent.dm, DM_NMI);
    EXPECT(!sent.level);
    vioapic_irq(0x20, NULL);                        /* not ours */
    EXPECT_EQ(sent.n, 1);
}
