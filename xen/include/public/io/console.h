/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page shared between a domain and the console
 * daemon (xenconsoled, or the hypervisor for dom0-less setups).
 *
 * in:  bytes to the guest (keyboard), written by the daemon.
 * out: bytes from the guest, written by the guest.
 * Indexes run free and are masked with MASK_XENCONS_IDX; either side
 * notifies the console event channel after moving an index.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];
    char out[2048];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

#ifdef XEN_WANT_FLEX_CONSOLE_RING
#include "ring.h"
DEFINE_XEN_FLEX_RING(xencons);
#endif

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
