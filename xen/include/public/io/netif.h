/* SPDX-License-Identifier: MIT */
/*
 * The PV network protocol (netfront <-> netback): a transmit ring and a
 * receive ring per queue, and an optional control ring.
 *
 * Setup through xenstore:
 *  backend writes:  feature-sg, feature-gso-tcpv4/6, feature-rx-copy,
 *                   feature-rx-flip, feature-multicast-control,
 *                   feature-split-event-channels, feature-ctrl-ring,
 *                   multi-queue-max-queues, feature-dynamic-multicast-
 *                   control.
 *  frontend writes: tx-ring-ref, rx-ring-ref, event-channel (or
 *                   event-channel-tx / -rx), request-rx-copy, feature-sg,
 *                   feature-gso-*, feature-no-csum-offload, mac (by the
 *                   toolstack), multi-queue-num-queues (queue-N/ keys),
 *                   ctrl-ring-ref, event-channel-ctrl.
 *
 * A packet is one or more tx (rx) slots: the first carries the total size
 * and flags, NETTXF_more_data chains the rest; NETTXF_extra_info means
 * the next slot holds a struct netif_extra_info instead of data.
 */
#ifndef __XEN_PUBLIC_IO_NETIF_H__
#define __XEN_PUBLIC_IO_NETIF_H__

#include "ring.h"
#include "../grant_table.h"

/* Slots a backend must accept per packet (more may be dropped). */
#define XEN_NETIF_NR_SLOTS_MIN 18

/* Hash types for the control ring's hash operations. */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4 0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4 \
    (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP 1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP \
    (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6 2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6 \
    (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP 3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP \
    (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE 0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ 1

#ifdef XEN_NETIF_DEFINE_TOEPLITZ
/*
 * Toeplitz hash of buf under key: for every set bit of the input, XOR in
 * the 64-bit key window that starts at that bit; the result is the
 * window's top 32 bits.  Key bytes past keylen count as 0.
 */
static uint32_t xen_netif_toeplitz_hash(const uint8_t *key,
                                        unsigned int keylen,
                                        const uint8_t *buf,
                                        unsigned int buflen)
{
    unsigned int next_key, i, bit;
    uint64_t window = 0;
    uint64_t hash = 0;

    for ( next_key = 0; next_key < 8; next_key++ )
        window = (window << 8) | (next_key < keylen ? key[next_key] : 0);

    for ( i = 0; i < buflen; i++ )
    {
        for ( bit = 0; bit < 8; bit++ )
        {
            if ( buf[i] & (0x80 >> bit) )
                hash ^= window;
            window <<= 1;
        }
        window |= next_key < keylen ? key[next_key] : 0;
        next_key++;
    }

    return hash >> 32;
}
#endif

/*
 * Control ring: frontend requests, backend responses.
 *  GET_HASH_FLAGS          -> data: XEN_NETIF_CTRL_HASH_TYPE_* supported
 *  SET_HASH_FLAGS          data[0]: types to hash on
 *  SET_HASH_KEY            data[0]: gref of the key, data[1]: length
 *  GET_HASH_MAPPING_SIZE   -> data: most entries the table may have
 *  SET_HASH_MAPPING_SIZE   data[0]: entries
 *  SET_HASH_MAPPING        data[0]: gref, [1]: count, [2]: first entry
 *  SET_HASH_ALGORITHM      data[0]: XEN_NETIF_CTRL_HASH_ALGORITHM_*
 *  GET_GREF_MAPPING_SIZE   -> data: most grants that may be mapped
 *  ADD_GREF_MAPPING        data[0]: gref of xen_netif_gref array, [1]: n
 *  DEL_GREF_MAPPING        the same, to unmap
 */
struct xen_netif_ctrl_request {
    uint16_t id;
    uint16_t type;

#define XEN_NETIF_CTRL_TYPE_INVALID               0
#define XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS        1
#define XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS        2
#define XEN_NETIF_CTRL_TYPE_SET_HASH_KEY          3
#define XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE 4
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE 5
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING      6
#define XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM    7
#define XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE 8
#define XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING      9
#define XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING     10

    uint32_t data[3];
};

struct xen_netif_ctrl_response {
    uint16_t id;
    uint16_t type;
    uint32_t status;

#define XEN_NETIF_CTRL_STATUS_SUCCESS           0
#define XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED     1
#define XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER 2
#define XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW   3

    uint32_t data;
};

/* An entry of the ADD/DEL_GREF_MAPPING array; status is written back. */
struct xen_netif_gref {
    grant_ref_t ref;
    uint16_t flags;
#define _XEN_NETIF_CTRLF_GREF_readonly    0
#define XEN_NETIF_CTRLF_GREF_readonly    (1U << _XEN_NETIF_CTRLF_GREF_readonly)
    uint16_t status;
};

DEFINE_RING_TYPES(xen_netif_ctrl,
                  struct xen_netif_ctrl_request,
                  struct xen_netif_ctrl_response);

/* Transmit flags. */
#define _NETTXF_csum_blank     (0)  /* checksum still to be filled in */
#define  NETTXF_csum_blank     (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated (1)  /* checksum known good */
#define  NETTXF_data_validated (1U << _NETTXF_data_validated)
#define _NETTXF_more_data      (2)  /* another slot of this packet follows */
#define  NETTXF_more_data      (1U << _NETTXF_more_data)
#define _NETTXF_extra_info     (3)  /* an extra-info slot follows */
#define  NETTXF_extra_info     (1U << _NETTXF_extra_info)

#define XEN_NETIF_MAX_TX_SIZE 0xFFFF

/* size: the whole packet's in the first slot, else this slot's bytes. */
struct netif_tx_request {
    grant_ref_t gref;
    uint16_t offset;
    uint16_t flags;     /* NETTXF_* */
    uint16_t id;        /* echoed in the response */
    uint16_t size;
};
typedef struct netif_tx_request netif_tx_request_t;

#define XEN_NETIF_EXTRA_TYPE_NONE      (0)  /* never used */
#define XEN_NETIF_EXTRA_TYPE_GSO       (1)  /* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD (2)  /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL (3)  /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH      (4)  /* u.hash */
#define XEN_NETIF_EXTRA_TYPE_MAX       (5)

/* Another extra-info slot follows. */
#define _XEN_NETIF_EXTRA_FLAG_MORE (0)
#define XEN_NETIF_EXTRA_FLAG_MORE  (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

#define XEN_NETIF_GSO_TYPE_NONE         (0)
#define XEN_NETIF_GSO_TYPE_TCPV4        (1)
#define XEN_NETIF_GSO_TYPE_TCPV6        (2)

/* Sent in a tx or rx slot of its own; 8 bytes like the other slots. */
struct netif_extra_info {
    uint8_t type;   /* XEN_NETIF_EXTRA_TYPE_* */
    uint8_t flags;  /* XEN_NETIF_EXTRA_FLAG_* */
    union {
        struct {
            uint16_t size;      /* MSS */
            uint8_t type;       /* XEN_NETIF_GSO_TYPE_* */
            uint8_t pad;
            uint16_t features;  /* none defined; 0 */
        } gso;
        struct {
            uint8_t addr[6];    /* multicast MAC */
        } mcast;
        struct {
            uint8_t type;       /* _XEN_NETIF_CTRL_HASH_TYPE_* */
            uint8_t algorithm;
            uint8_t value[4];   /* little-endian */
        } hash;
        uint16_t pad[3];
    } u;
};
typedef struct netif_extra_info netif_extra_info_t;

struct netif_tx_response {
    uint16_t id;
    int16_t  status;    /* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* A buffer page offered for received packets. */
struct netif_rx_request {
    uint16_t    id;     /* echoed in the response */
    uint16_t    pad;
    grant_ref_t gref;
};
typedef struct netif_rx_request netif_rx_request_t;

/* Receive flags. */
#define _NETRXF_data_validated (0)
#define  NETRXF_data_validated (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank     (1)
#define  NETRXF_csum_blank     (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data      (2)
#define  NETRXF_more_data      (1U << _NETRXF_more_data)
#define _NETRXF_extra_info     (3)
#define  NETRXF_extra_info     (1U << _NETRXF_extra_info)
/* A GSO prefix slot (old protocol variant). */
#define _NETRXF_gso_prefix     (4)
#define  NETRXF_gso_prefix     (1U << _NETRXF_gso_prefix)

/* status: bytes received in this slot, or a NETIF_RSP_* below 0. */
struct netif_rx_response {
    uint16_t id;
    uint16_t offset;
    uint16_t flags;     /* NETRXF_* */
    int16_t  status;
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request,
                  struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request,
                  struct netif_rx_response);

#define NETIF_RSP_DROPPED         -2
#define NETIF_RSP_ERROR           -1
#define NETIF_RSP_OKAY             0
/* No response: used for the extra-info slots of a tx packet. */
#define NETIF_RSP_NULL             1

#endif /* __XEN_PUBLIC_IO_NETIF_H__ */
