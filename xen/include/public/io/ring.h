/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory request/response rings used by split drivers (blkif,
 * netif, ...), and the byte-stream "flex" rings of newer protocols.
 *
 * A ring lives in pages granted by the frontend.  Its header holds four
 * free-running indexes: the frontend produces requests (req_prod) and
 * consumes responses; the backend consumes requests and produces
 * responses (rsp_prod).  req_event / rsp_event say at which index the
 * other side wants an event-channel notification.  Each side also keeps
 * a private struct (front_ring / back_ring) with its own cursors, so a
 * batch becomes visible with one index write.
 *
 * The slot count is the largest power of two of entries that fits after
 * the 64-byte header.  Indexes are never wrapped explicitly: they count
 * up and are masked when used, so prod - cons is the fill level.
 *
 * Barriers: the includer supplies xen_mb(), xen_rmb() and xen_wmb().
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

/*
 * The includer provides uint8_t and friends, offsetof() for
 * __CONST_RING_SIZE, and memset() for SHARED_RING_INIT.
 */
#include "../xen-compat.h"

#if __XEN_INTERFACE_VERSION__ < 0x00030208
#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()
#endif

typedef uint32_t RING_IDX;

/*
 * Round down to a power of two, at compile time: each step keeps the top
 * set bit of a wider field and recurses into the half that holds it.
 */
#define __RD2(_x)  (((_x) & 0x00000002) ? 0x2 : ((_x) & 0x1))
#define __RD4(_x)  (((_x) & 0x0000000c) ? __RD2((_x) >> 2) << 2 : __RD2(_x))
#define __RD8(_x)  (((_x) & 0x000000f0) ? __RD4((_x) >> 4) << 4 : __RD4(_x))
#define __RD16(_x) (((_x) & 0x0000ff00) ? __RD8((_x) >> 8) << 8 : __RD8(_x))
#define __RD32(_x) (((_x) & 0xffff0000) ? __RD16((_x) >> 16) << 16 \
                                        : __RD16(_x))

/* Slots of ring type <_s> in <_sz> bytes (a constant expression). */
#define __CONST_RING_SIZE(_s, _sz)                                \
    (__RD32(((_sz) - offsetof(struct _s##_sring, ring)) /         \
            sizeof(((struct _s##_sring *)0)->ring[0])))

/* Slots of the shared ring <_s> occupying <_sz> bytes. */
#define __RING_SIZE(_s, _sz)                                      \
    (__RD32(((_sz) - (long)(_s)->ring + (long)(_s)) /             \
            sizeof((_s)->ring[0])))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares:
 *   union name_sring_entry    one slot, request or response;
 *   struct name_sring         the shared page layout (64-byte header);
 *   struct name_front_ring    the frontend's private cursors;
 *   struct name_back_ring     the backend's private cursors;
 * and the _t typedefs of the last three.
 *
 * The header's pvt bytes belong to particular protocols (netif used one
 * for "smartpoll"); __pad keeps the slots 64 bytes in.
 */
#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                     \
union __name##_sring_entry {                                            \
    __req_t req;                                                        \
    __rsp_t rsp;                                                        \
};                                                                      \
struct __name##_sring {                                                 \
    RING_IDX req_prod, req_event;                                       \
    RING_IDX rsp_prod, rsp_event;                                       \
    union {                                                             \
        struct {                                                        \
            uint8_t smartpoll_active;                                   \
        } netif;                                                        \
        struct {                                                        \
            uint8_t msg;                                                \
        } tapif_user;                                                   \
        uint8_t pvt_pad[4];                                             \
    } pvt;                                                              \
    uint8_t __pad[44];                                                  \
    union __name##_sring_entry ring[1]; /* really a power of two */     \
};                                                                      \
struct __name##_front_ring {                                            \
    RING_IDX req_prod_pvt;   /* requests queued, not yet pushed */      \
    RING_IDX rsp_cons;       /* next response to read */                \
    uint32_t nr_ents;                                                   \
    struct __name##_sring *sring;                                       \
};                                                                      \
struct __name##_back_ring {                                             \
    RING_IDX rsp_prod_pvt;   /* responses queued, not yet pushed */     \
    RING_IDX req_cons;       /* next request to read */                 \
    uint32_t nr_ents;                                                   \
    struct __name##_sring *sring;                                       \
};                                                                      \
typedef struct __name##_sring __name##_sring_t;                         \
typedef struct __name##_front_ring __name##_front_ring_t;               \
typedef struct __name##_back_ring __name##_back_ring_t

/*
 * Set up a fresh shared ring (frontend, before granting it): no
 * requests or responses, and ask for a notification on the first of
 * each.
 */
#define SHARED_RING_INIT(_s) do {                                       \
    (_s)->req_prod  = (_s)->rsp_prod  = 0;                              \
    (_s)->req_event = (_s)->rsp_event = 1;                              \
    (void)memset((_s)->pvt.pvt_pad, 0, sizeof((_s)->pvt.pvt_pad));      \
    (void)memset((_s)->__pad, 0, sizeof((_s)->__pad));                  \
} while ( 0 )

/* Attach private cursors to a shared ring at index _i (reconnects). */
#define FRONT_RING_ATTACH(_r, _s, _i, __size) do {                      \
    (_r)->req_prod_pvt = (_i);                                          \
    (_r)->rsp_cons = (_i);                                              \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                            \
    (_r)->sring = (_s);                                                 \
} while ( 0 )

#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)

#define XEN_FRONT_RING_INIT(r, s, size) do {                            \
    SHARED_RING_INIT(s);                                                \
    FRONT_RING_INIT(r, s, size);                                        \
} while ( 0 )

#define BACK_RING_ATTACH(_r, _s, _i, __size) do {                       \
    (_r)->rsp_prod_pvt = (_i);                                          \
    (_r)->req_cons = (_i);                                              \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                            \
    (_r)->sring = (_s);                                                 \
} while ( 0 )

#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

/* Slots in the ring. */
#define RING_SIZE(_r)                                                   \
    ((_r)->nr_ents)

/* Slots the frontend may still fill before responses come back. */
#define RING_FREE_REQUESTS(_r)                                          \
    (RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))

#define RING_FULL(_r)                                                   \
    (RING_FREE_REQUESTS(_r) == 0)

/* Responses pushed by the backend and not yet read. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r)                            \
    ((_r)->sring->rsp_prod - (_r)->rsp_cons)

/*
 * Requests the backend may read: those pushed, but never more than the
 * slots not holding its own unread responses (a frontend writing a bad
 * req_prod cannot make the backend read past them).
 */
#define __XEN_RING_REQS_PUSHED(_r)                                      \
    ((_r)->sring->req_prod - (_r)->req_cons)
#define __XEN_RING_REQS_ROOM(_r)                                        \
    (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt))
#ifdef __GNUC__
/* Read the shared req_prod once: the other side may change it. */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r) ({                          \
    RING_IDX __pushed = __XEN_RING_REQS_PUSHED(_r);                     \
    RING_IDX __room = __XEN_RING_REQS_ROOM(_r);                         \
    __pushed < __room ? __pushed : __room;                              \
})
#else
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r)                             \
    ((__XEN_RING_REQS_PUSHED(_r) < __XEN_RING_REQS_ROOM(_r)) ?          \
     __XEN_RING_REQS_PUSHED(_r) : __XEN_RING_REQS_ROOM(_r))
#endif

#ifdef XEN_RING_HAS_UNCONSUMED_IS_BOOL
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
    (!!XEN_RING_NR_UNCONSUMED_RESPONSES(_r))
#define RING_HAS_UNCONSUMED_REQUESTS(_r)  \
    (!!XEN_RING_NR_UNCONSUMED_REQUESTS(_r))
#else
#define RING_HAS_UNCONSUMED_RESPONSES(_r) XEN_RING_NR_UNCONSUMED_RESPONSES(_r)
#define RING_HAS_UNCONSUMED_REQUESTS(_r)  XEN_RING_NR_UNCONSUMED_REQUESTS(_r)
#endif

/* The slot for index _idx. */
#define RING_GET_REQUEST(_r, _idx)                                      \
    (&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].req))

#define RING_GET_RESPONSE(_r, _idx)                                     \
    (&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].rsp))

/*
 * Copy a slot out in one go, through a volatile read, so the other side
 * cannot change a field between our check and our use of it.
 */
#define RING_COPY_(type, r, idx, dest) do {                             \
    *(dest) = *(volatile __typeof__(dest))RING_GET_##type(r, idx);      \
} while ( 0 )

#define RING_COPY_REQUEST(r, idx, req)  RING_COPY_(REQUEST, r, idx, req)
#define RING_COPY_RESPONSE(r, idx, rsp) RING_COPY_(RESPONSE, r, idx, rsp)

/* Sanity checks on indexes seen from the other side. */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons)                           \
    (((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))

#define RING_REQUEST_PROD_OVERFLOW(_r, _prod)                           \
    (((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))

#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod)                          \
    (((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publish queued entries: slot contents first, then the index. */
#define RING_PUSH_REQUESTS(_r) do {                                     \
    xen_wmb();                                                          \
    (_r)->sring->req_prod = (_r)->req_prod_pvt;                         \
} while ( 0 )

#define RING_PUSH_RESPONSES(_r) do {                                    \
    xen_wmb();                                                          \
    (_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;                         \
} while ( 0 )

/*
 * Publish, and set _notify if the other side asked to be woken at an
 * index inside the batch just pushed, i.e. old < event <= new (in
 * modular arithmetic).
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {           \
    RING_IDX __old = (_r)->sring->req_prod;                             \
    RING_IDX __new = (_r)->req_prod_pvt;                                \
    xen_wmb();                                                          \
    (_r)->sring->req_prod = __new;                                      \
    xen_mb();                                                           \
    (_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) <           \
                 (RING_IDX)(__new - __old));                            \
} while ( 0 )

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify) do {          \
    RING_IDX __old = (_r)->sring->rsp_prod;                             \
    RING_IDX __new = (_r)->rsp_prod_pvt;                                \
    xen_wmb();                                                          \
    (_r)->sring->rsp_prod = __new;                                      \
    xen_mb();                                                           \
    (_notify) = ((RING_IDX)(__new - (_r)->sring->rsp_event) <           \
                 (RING_IDX)(__new - __old));                            \
} while ( 0 )

/*
 * Before sleeping: if nothing is pending, ask to be notified on the next
 * entry, then look once more, since one may have arrived meanwhile.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do) do {             \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                   \
    if ( _work_to_do )                                                  \
        break;                                                          \
    (_r)->sring->req_event = (_r)->req_cons + 1;                        \
    xen_mb();                                                           \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                   \
} while ( 0 )

#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do) do {            \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                  \
    if ( _work_to_do )                                                  \
        break;                                                          \
    (_r)->sring->rsp_event = (_r)->rsp_cons + 1;                        \
    xen_mb();                                                           \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                  \
} while ( 0 )

/*
 * Flex rings: two byte rings (in, out) of XEN_FLEX_RING_SIZE(order)
 * bytes each, over 2^order granted pages, with their indexes in a
 * separate interface page.  Producers and consumers copy packets in and
 * out, wrapping at the end of the buffer.
 */
#ifndef XEN_PAGE_SHIFT
#define XEN_PAGE_SHIFT 12
#endif
#define XEN_FLEX_RING_SIZE(order)                                       \
    (1UL << ((order) + XEN_PAGE_SHIFT - 1))

/*
 * DEFINE_XEN_FLEX_RING(name) defines static helpers (needs memcpy and
 * size_t):
 *   name_mask(idx, size)                     idx within the buffer
 *   name_get_ring_ptr(buf, idx, size)        address of byte idx
 *   name_read_packet(dst, buf, n, prod, &cons, size)
 *   name_write_packet(buf, src, n, &prod, cons, size)
 *   name_queued(prod, cons, size)            bytes waiting
 * and struct name_data with the in and out buffer pointers.
 */
#define DEFINE_XEN_FLEX_RING(name)                                      \
static inline RING_IDX name##_mask(RING_IDX idx, RING_IDX ring_size)    \
{                                                                       \
    return idx & (ring_size - 1);                                       \
}                                                                       \
static inline unsigned char *name##_get_ring_ptr(unsigned char *buf,    \
                                                 RING_IDX idx,          \
                                                 RING_IDX ring_size)    \
{                                                                       \
    return buf + name##_mask(idx, ring_size);                           \
}                                                                       \
static inline void name##_read_packet(void *opaque,                     \
                                      const unsigned char *buf,         \
                                      size_t size,                      \
                                      RING_IDX masked_prod,             \
                                      RING_IDX *masked_cons,            \
                                      RING_IDX ring_size)               \
{                                                                       \
    RING_IDX to_end = ring_size - *masked_cons;                         \
                                                                        \
    if ( *masked_cons < masked_prod || size <= to_end )                 \
        memcpy(opaque, buf + *masked_cons, size);                       \
    else                                                                \
    {                                                                   \
        memcpy(opaque, buf + *masked_cons, to_end);                     \
        memcpy((unsigned char *)opaque + to_end, buf, size - to_end);   \
    }                                                                   \
    *masked_cons = name##_mask(*masked_cons + size, ring_size);         \
}                                                                       \
static inline void name##_write_packet(unsigned char *buf,              \
                                       const void *opaque,              \
                                       size_t size,                     \
                                       RING_IDX *masked_prod,           \
                                       RING_IDX masked_cons,            \
                                       RING_IDX ring_size)              \
{                                                                       \
    RING_IDX to_end = ring_size - *masked_prod;                         \
                                                                        \
    if ( *masked_prod < masked_cons || size <= to_end )                 \
        memcpy(buf + *masked_prod, opaque, size);                       \
    else                                                                \
    {                                                                   \
        memcpy(buf + *masked_prod, opaque, to_end);                     \
        memcpy(buf, (const unsigned char *)opaque + to_end,             \
               size - to_end);                                          \
    }                                                                   \
    *masked_prod = name##_mask(*masked_prod + size, ring_size);         \
}                                                                       \
static inline RING_IDX name##_queued(RING_IDX prod, RING_IDX cons,      \
                                     RING_IDX ring_size)                \
{                                                                       \
    if ( prod == cons )                                                 \
        return 0;                                                       \
    prod = name##_mask(prod, ring_size);                                \
    cons = name##_mask(cons, ring_size);                                \
    if ( prod == cons )         /* unequal but same slot: full */       \
        return ring_size;                                               \
    if ( prod > cons )                                                  \
        return prod - cons;                                             \
    return ring_size - (cons - prod);                                   \
}                                                                       \
struct name##_data {                                                    \
    unsigned char *in;   /* half the buffer: read by the frontend */    \
    unsigned char *out;  /* the other half: written by the frontend */  \
}

/*
 * The interface page of a flex ring: each index pair on its own cache
 * line, then the buffer's order and the grant refs of its pages.
 */
#define DEFINE_XEN_FLEX_RING_AND_INTF(name)                             \
struct name##_data_intf {                                               \
    RING_IDX in_cons, in_prod;                                          \
    uint8_t pad1[56];                                                   \
    RING_IDX out_cons, out_prod;                                        \
    uint8_t pad2[56];                                                   \
    RING_IDX ring_order;                                                \
    grant_ref_t ref[];                                                  \
};                                                                      \
DEFINE_XEN_FLEX_RING(name)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
