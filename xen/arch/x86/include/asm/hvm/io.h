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

/*
 * A handler for ports [start, start + n) of the hardware domain: size 1,
 * 2 or 4; for IN it stores the value in *val (preset to all ones), for
 * OUT *val holds it.  Registered at boot, before dom0 is created (its
 * I/O bitmap leaves the claimed ports intercepted).
 */
typedef void (*hvm_portio_handler_t)(struct vcpu *v, unsigned int port,
                                     unsigned int size, bool dir_in,
                                     uint32_t *val);
#define HVM_PORTIO_MAX 4
void hvm_portio_register(unsigned int start, unsigned int n,
                         hvm_portio_handler_t handler);

/* Claim 0xcf8-0xcff and the ECAM regions for dom0's vPCI (vpci-io.c). */
void hvm_vpci_io_register(void);

#endif /* X86_HVM_IO_H */
