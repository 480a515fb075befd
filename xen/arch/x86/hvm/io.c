/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intercepted port I/O.  Nothing is emulated yet: reads see all ones
 * and writes vanish, as on a bus where nobody answers.  The hypervisor's
 * own ports (its serial console) are always intercepted this way, even
 * for dom0, which gets every other port directly.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/io.h>

bool hvm_portio_exit(struct vcpu *v, struct cpu_regs *regs,
                     const struct hvm_io_req *req)
{
    if ( req->string )
    {
        /* INS/OUTS to nowhere: finish them without touching memory. */
        if ( req->rep )
            regs->rcx = 0;
        return true;
    }
    if ( req->dir_in )
    {
        uint64_t mask = req->size == 4 ? 0xffffffffUL
                                       : (1UL << (req->size * 8)) - 1;

        /* A 32-bit IN zero-extends into RAX; 8/16-bit merge. */
        if ( req->size == 4 )
            regs->rax = mask;
        else
            regs->rax |= mask;
    }
    return true;
}

/* The hypervisor's serial console: COM1, its eight registers. */
#define CONSOLE_PORT        0x3f8
#define CONSOLE_PORT_END    0x400

void hvm_domain_io_passthrough(struct domain *d)
{
    unsigned int port;

    for ( port = 0; port < 0x10000; port++ )
        hvm_funcs.io_passthrough(d, port,
                                 port < CONSOLE_PORT ||
                                 port >= CONSOLE_PORT_END);
}
