/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's virtual IO-APICs, each in front of the host IO-APIC at the same
 * address: asm/hvm/vioapic.h says what and why.
 *
 * Host side.  A pin dom0 unmasks gets a hypervisor vector (kept for the
 * pin's lifetime: vectors are never freed), fixed delivery to the CPU
 * that programmed it, dom0's trigger mode and polarity.  The host pin
 * is masked whenever dom0's entry is masked, names a delivery mode we
 * cannot forward, or (level) waits for dom0's EOI.
 *
 * Interrupt flow, level-triggered (82093AA datasheet, 3.2.4, Remote
 * IRR): host pin fires -> vioapic_irq() masks the host pin, sets
 * Remote IRR in dom0's entry, forwards to the vLAPIC with TMR set ->
 * the hypervisor EOIs its local APIC (do_irq) -> dom0 EOIs -> vLAPIC
 * calls vioapic_eoi() -> Remote IRR clear, host pin unmasked; if the
 * line is still asserted it fires again.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/mmio.h>
#include <asm/hvm/vioapic.h>
#include <asm/x86_emulate.h>

#define IOREGSEL            0x00
#define IOWIN               0x10
#define VIOAPIC_PAGE        0x1000

/* Delivery modes dom0 may use: fixed, lowest priority, NMI. */
#define DM_FIXED            0
#define DM_LOWEST           1
#define DM_NMI              4

/* Bits dom0 may write in each half of an entry. */
#define RTE_LOW_RW  (VIOAPIC_RTE_VECTOR | VIOAPIC_RTE_DM_MASK | \
                     VIOAPIC_RTE_LOGICAL | VIOAPIC_RTE_ACTIVE_LOW | \
                     VIOAPIC_RTE_LEVEL | VIOAPIC_RTE_MASKED)
#define RTE_HIGH_RW (0xffULL << VIOAPIC_RTE_DEST_SHIFT)

static DEFINE_SPINLOCK(vioapic_lock);
static struct hvm_vioapic vioapics[MAX_IO_APICS];
static unsigned int nr_vioapics;

/* Hypervisor vector -> (vIO-APIC index << 8 | pin) + 1; 0: not ours. */
static uint16_t vector_pin[256];

/* ---- The host pin ---- */

static bool rte_deliverable(uint64_t rte)
{
    unsigned int dm = (rte & VIOAPIC_RTE_DM_MASK) >> VIOAPIC_RTE_DM_SHIFT;

    if ( dm == DM_NMI )
        return true;
    return (dm == DM_FIXED || dm == DM_LOWEST) &&
           (rte & VIOAPIC_RTE_VECTOR) >= 16;
}

/* Should the host pin be masked for dom0's entry rte? */
static bool host_masked(uint64_t rte)
{
    return (rte & (VIOAPIC_RTE_MASKED | VIOAPIC_RTE_REMOTE_IRR)) ||
           !rte_deliverable(rte);
}

static void vioapic_irq(unsigned int vector, struct cpu_regs *regs);

/* A free hypervisor vector for (vio, pin), or 0 if none is left. */
static uint8_t alloc_host_vector(const struct hvm_vioapic *vio,
                                 unsigned int pin)
{
    unsigned int v;

    for ( v = FIRST_DYNAMIC_VECTOR; v < STOP_VECTOR; v++ )
        if ( !vector_pin[v] && !request_vector(v, vioapic_irq) )
        {
            vector_pin[v] = (((vio - vioapics) << 8) | pin) + 1;
            return v;
        }
    return 0;
}

/* Bring the host pin in line with dom0's entry.  vioapic_lock held. */
static void sync_host_pin(struct hvm_vioapic *vio, unsigned int pin)
{
    uint64_t rte = vio->rte[pin];
    uint32_t low = VIOAPIC_RTE_MASKED, high = get_apic_id() << 24;
    unsigned int reg = VIOAPIC_REG_RTE0 + 2 * pin;

    if ( !host_masked(rte) && !vio->host_vector[pin] &&
         !(vio->host_vector[pin] = alloc_host_vector(vio, pin)) )
        printk(XENLOG_G_WARNING "vIO-APIC: no vector left for GSI %u\n",
               vio->gsi_base + pin);
    if ( vio->host_vector[pin] )
        low = vio->host_vector[pin] |
              (rte & (VIOAPIC_RTE_ACTIVE_LOW | VIOAPIC_RTE_LEVEL)) |
              (host_masked(rte) ? VIOAPIC_RTE_MASKED : 0);
    /* Mask first, so no half-written entry is ever live. */
    io_apic_write(vio->host, reg, VIOAPIC_RTE_MASKED);
    io_apic_write(vio->host, reg + 1, high);
    io_apic_write(vio->host, reg, low);
}

/* ---- Registers ---- */

uint32_t vioapic_read_indirect(struct hvm_vioapic *vio)
{
    unsigned int reg = vio->ioregsel & 0xff, pin;

    switch ( reg )
    {
    case VIOAPIC_REG_ID:
    case VIOAPIC_REG_ARB:
        return vio->id;
    case VIOAPIC_REG_VERSION:
        return VIOAPIC_VERSION | ((vio->nr_pins - 1) << 16);
    }
    pin = (reg - VIOAPIC_REG_RTE0) / 2;
    if ( reg < VIOAPIC_REG_RTE0 || pin >= vio->nr_pins )
        return 0;
    return reg & 1 ? vio->rte[pin] >> 32 : (uint32_t)vio->rte[pin];
}

/* dom0 writes half an entry; the read-only bits keep their value. */
static void write_rte(struct hvm_vioapic *vio, unsigned int pin, bool high,
                      uint32_t val)
{
    uint64_t rte = vio->rte[pin];

    if ( high )
        rte = (rte & ~RTE_HIGH_RW) | (((uint64_t)val << 32) & RTE_HIGH_RW);
    else
        rte = (rte & ~RTE_LOW_RW) | (val & RTE_LOW_RW);
    /* An edge entry has no Remote IRR (Linux clears it this way). */
    if ( !(rte & VIOAPIC_RTE_LEVEL) )
        rte &= ~VIOAPIC_RTE_REMOTE_IRR;
    vio->rte[pin] = rte;
    sync_host_pin(vio, pin);
}

void vioapic_write_indirect(struct hvm_vioapic *vio, uint32_t val)
{
    unsigned int reg = vio->ioregsel & 0xff, pin;

    if ( reg == VIOAPIC_REG_ID )
    {
        vio->id = val & (0xfU << 24);
        return;
    }
    pin = (reg - VIOAPIC_REG_RTE0) / 2;
    if ( reg < VIOAPIC_REG_RTE0 || pin >= vio->nr_pins )
        return;                 /* read-only or absent: ignored */
    write_rte(vio, pin, reg & 1, val);
}

/* ---- MMIO (hvm/mmio.c) ---- */

static struct hvm_vioapic *vioapic_at(const struct domain *d, uint64_t gpa)
{
    unsigned int i;

    for ( i = 0; i < nr_vioapics; i++ )
        if ( vioapics[i].d == d && gpa >= vioapics[i].base &&
             gpa < vioapics[i].base + VIOAPIC_PAGE )
            return &vioapics[i];
    return NULL;
}

static bool vioapic_accepts(struct vcpu *v, uint64_t gpa)
{
    return vioapic_at(v->domain, gpa);
}

/* The 32-bit register behind offset off: IOREGSEL, IOWIN or nothing. */
static uint32_t mmio_read32(struct hvm_vioapic *vio, unsigned int off)
{
    if ( off == IOREGSEL )
        return vio->ioregsel;
    return off == IOWIN ? vioapic_read_indirect(vio) : 0;
}

static int vioapic_mmio_read(struct vcpu *v, uint64_t gpa, unsigned int len,
                             uint64_t *val)
{
    struct hvm_vioapic *vio = vioapic_at(v->domain, gpa);
    unsigned int off = (gpa - vio->base) & ~3U, shift = (gpa & 3) * 8;
    unsigned long flags;
    uint64_t r;

    spin_lock_irqsave(&vioapic_lock, flags);
    r = mmio_read32(vio, off) >> shift;
    if ( len == 8 )             /* two registers; only the first exists */
        r |= (uint64_t)mmio_read32(vio, off + 4) << 32;
    spin_unlock_irqrestore(&vioapic_lock, flags);
    *val = len >= 4 ? r : r & ((1ULL << (len * 8)) - 1);
    return X86EMUL_OKAY;
}

static int vioapic_mmio_write(struct vcpu *v, uint64_t gpa,
                              unsigned int len, uint64_t val)
{
    struct hvm_vioapic *vio = vioapic_at(v->domain, gpa);
    unsigned int off = (gpa - vio->base) & ~3U, shift = (gpa & 3) * 8;
    uint32_t mask = len >= 4 ? ~0U : ((1U << (len * 8)) - 1) << shift;
    unsigned long flags;
    uint32_t cur;

    spin_lock_irqsave(&vioapic_lock, flags);
    cur = mmio_read32(vio, off);
    cur = (cur & ~mask) | (((uint32_t)val << shift) & mask);
    if ( off == IOREGSEL )
        vio->ioregsel = cur & 0xff;
    else if ( off == IOWIN )
        vioapic_write_indirect(vio, cur);
    spin_unlock_irqrestore(&vioapic_lock, flags);
    return X86EMUL_OKAY;
}

static const struct hvm_mmio_ops vioapic_mmio_ops = {
    .name = "vIO-APIC",
    .accepts = vioapic_accepts,
    .read = vioapic_mmio_read,
    .write = vioapic_mmio_write,
};

/* ---- Interrupts ---- */

struct vioapic_msg {
    struct domain *d;
    uint32_t dest;
    bool logical, level;
    uint8_t vector, dm;
};

/*
 * The host pin behind vector fired: note it (Remote IRR, host mask for
 * level) and describe what to send.  False if dom0's entry does not
 * want it now (masked under us: the edge is dropped, a level line stays
 * masked on the host and fires again once unmasked).
 */
static bool vioapic_take(unsigned int vector, struct vioapic_msg *m)
{
    unsigned int idx = vector_pin[vector] - 1, pin = idx & 0xff;
    struct hvm_vioapic *vio;
    uint64_t rte;

    if ( !vector_pin[vector] )
        return false;
    vio = &vioapics[idx >> 8];
    rte = vio->rte[pin];
    if ( host_masked(rte) )
    {
        sync_host_pin(vio, pin);
        return false;
    }
    m->d = vio->d;
    m->dest = rte >> VIOAPIC_RTE_DEST_SHIFT;
    m->logical = rte & VIOAPIC_RTE_LOGICAL;
    m->vector = rte & VIOAPIC_RTE_VECTOR;
    m->dm = (rte & VIOAPIC_RTE_DM_MASK) >> VIOAPIC_RTE_DM_SHIFT;
    m->level = (rte & VIOAPIC_RTE_LEVEL) && m->dm != DM_NMI;
    if ( m->level )
    {
        vio->rte[pin] |= VIOAPIC_RTE_REMOTE_IRR;
        sync_host_pin(vio, pin);
    }
    return true;
}

/* Runs in interrupt context; do_irq() EOIs the local APIC after it. */
static void vioapic_irq(unsigned int vector, struct cpu_regs *regs)
{
    struct vioapic_msg m;
    bool send;

    spin_lock(&vioapic_lock);
    send = vioapic_take(vector, &m);
    spin_unlock(&vioapic_lock);
    if ( send )
        vlapic_deliver_msi_or_ioapic(m.d, m.dest, m.logical, m.vector, m.dm,
                                     m.level);
}

void vioapic_eoi(struct domain *d, uint8_t vector)
{
    unsigned long flags;
    unsigned int i, pin;

    spin_lock_irqsave(&vioapic_lock, flags);
    for ( i = 0; i < nr_vioapics; i++ )
    {
        struct hvm_vioapic *vio = &vioapics[i];

        if ( vio->d != d )
            continue;
        for ( pin = 0; pin < vio->nr_pins; pin++ )
            if ( (vio->rte[pin] & VIOAPIC_RTE_REMOTE_IRR) &&
                 (vio->rte[pin] & VIOAPIC_RTE_VECTOR) == vector )
            {
                vio->rte[pin] &= ~VIOAPIC_RTE_REMOTE_IRR;
                sync_host_pin(vio, pin);
            }
    }
    spin_unlock_irqrestore(&vioapic_lock, flags);
}

struct hvm_vioapic *vioapic_of_gsi(struct domain *d, unsigned int gsi)
{
    unsigned int i;

    for ( i = 0; i < nr_vioapics; i++ )
        if ( vioapics[i].d == d && gsi >= vioapics[i].gsi_base &&
             gsi < vioapics[i].gsi_base + vioapics[i].nr_pins )
            return &vioapics[i];
    return NULL;
}

/* ---- Set-up ---- */

static void vioapic_init_one(struct hvm_vioapic *vio, struct domain *d,
                             const struct io_apic *host, uint64_t base)
{
    unsigned int pin;

    memset(vio, 0, sizeof(*vio));
    vio->d = d;
    vio->host = host;
    vio->base = base;
    vio->gsi_base = host->gsi_base;
    vio->id = (uint32_t)host->id << 24;
    vio->nr_pins = min(host->nr_pins, (unsigned int)VIOAPIC_MAX_PINS);
    if ( vio->nr_pins < host->nr_pins )
        printk(XENLOG_WARNING "vIO-APIC: %u of %u pins of the IO-APIC at "
               "%#lx\n", vio->nr_pins, host->nr_pins, base);
    for ( pin = 0; pin < vio->nr_pins; pin++ )
        vio->rte[pin] = VIOAPIC_RTE_MASKED;
}

int vioapic_domain_init(struct domain *d)
{
    unsigned int i;

    if ( nr_vioapics )
        return -EEXIST;         /* one hardware domain */
    for ( i = 0; i < nr_io_apics && i < acpi_info.nr_ioapics; i++ )
        vioapic_init_one(&vioapics[i], d, &io_apics[i],
                         acpi_info.ioapics[i].addr);
    nr_vioapics = i;
    hvm_mmio_register(&vioapic_mmio_ops);
    printk("dom0: %u vIO-APIC(s), routed to the host pins\n", nr_vioapics);
    return 0;
}
