/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intercepted port I/O.  Ports a registered handler claims (dom0's PCI
 * configuration mechanism, hvm/vpci-io.c) go to it; the rest read as
 * all ones and ignore writes, as on a bus where nobody answers.  The
 * hypervisor's own ports are always intercepted this way, even for
 * dom0, which gets every other unclaimed port directly: as Xen 4.17's
 * dom0_setup_permissions(), the 8259A PICs, the PIT and port 0x61, the
 * ACPI PM timer, and our serial console.  (With the PIC hidden, Linux
 * takes the machine for one without legacy PIC and does not test the
 * PIT's IRQ 0, a test that panicked dom0 when the host was slow.)
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/io.h>

struct portio_range {
    unsigned int start, end;
    hvm_portio_handler_t handler;
};

static struct portio_range ranges[HVM_PORTIO_MAX];
static unsigned int nr_ranges;

void hvm_portio_register(unsigned int start, unsigned int n,
                         hvm_portio_handler_t handler)
{
    BUG_ON(nr_ranges >= ARRAY_SIZE(ranges));
    ranges[nr_ranges].start = start;
    ranges[nr_ranges].end = start + n;
    ranges[nr_ranges++].handler = handler;
}

static hvm_portio_handler_t find_handler(unsigned int port)
{
    unsigned int i;

    for ( i = 0; i < nr_ranges; i++ )
        if ( port >= ranges[i].start && port < ranges[i].end )
            return ranges[i].handler;
    return NULL;
}

static void set_in_result(struct cpu_regs *regs, unsigned int size,
                          uint32_t val)
{
    uint64_t mask = size == 4 ? 0xffffffffUL : (1UL << (size * 8)) - 1;

    /* A 32-bit IN zero-extends into RAX; 8/16-bit merge. */
    if ( size == 4 )
        regs->rax = val;
    else
        regs->rax = (regs->rax & ~mask) | (val & mask);
}

bool hvm_portio_exit(struct vcpu *v, struct cpu_regs *regs,
                     const struct hvm_io_req *req)
{
    hvm_portio_handler_t h = find_handler(req->port);
    uint32_t val = req->dir_in ? ~0U : (uint32_t)regs->rax;

    if ( req->string )
    {
        /* INS/OUTS to nowhere: finish them without touching memory. */
        if ( req->rep )
            regs->rcx = 0;
        return true;
    }
    if ( h && v->domain->is_privileged )
        h(v, req->port, req->size, req->dir_in, &val);
    if ( req->dir_in )
        set_in_result(regs, req->size, val);
    return true;
}

/* Ports that stay the hypervisor's: [start, end). */
static const struct {
    unsigned int start, end;
} kept_ports[] = {
    { 0x20, 0x22 },             /* master 8259A PIC */
    { 0x40, 0x44 },             /* 8254 PIT */
    { 0x61, 0x62 },             /* PIT channel 2 gate, speaker */
    { 0xa0, 0xa2 },             /* slave 8259A PIC */
    { 0x3f8, 0x400 },           /* COM1: our serial console */
};

static bool port_is_kept(unsigned int port)
{
    unsigned int i, pmtmr = acpi_info.pm_tmr;

    for ( i = 0; i < ARRAY_SIZE(kept_ports); i++ )
        if ( port >= kept_ports[i].start && port < kept_ports[i].end )
            return true;
    /* The ACPI PM timer's 4 bytes, when the FADT has one in I/O space. */
    return pmtmr && pmtmr < 0x10000 && port >= pmtmr && port < pmtmr + 4;
}

void hvm_domain_io_passthrough(struct domain *d)
{
    unsigned int port;

    for ( port = 0; port < 0x10000; port++ )
        hvm_funcs.io_passthrough(d, port,
                                 !port_is_kept(port) && !find_handler(port));
}
