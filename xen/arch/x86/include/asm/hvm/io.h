/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_HVM_IO_H
#define X86_HVM_IO_H

#include <xen/types.h>
#include <asm/regs.h>

struct vcpu;

/* A port I/O instruction the guest executed (decoded by the backend). */
struct hvm_io_req {
    uint16_t port;
    uint8_t size;           /* 1, 2 or 4 */
    bool dir_in;
    bool string;
    bool rep;
};

/*
 * Handle an intercepted IN/OUT.  Ports nobody emulates read as all ones
 * and ignore writes, as on real hardware with nothing decoding them.
 * Returns true if the instruction completed.
 */
bool hvm_portio_exit(struct vcpu *v, struct cpu_regs *regs,
                     const struct hvm_io_req *req);

#endif /* X86_HVM_IO_H */
