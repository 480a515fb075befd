/* SPDX-License-Identifier: GPL-2.0-only */
/* The misbehaving blkfront (hostile-blkfront.c) and its parts. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include "guest.h"
#include "grant.h"

#include <public/event_channel.h>

/* xs.c: xenstore over the domain's ring. */
bool xs_init(void);
int xs_read(const char *path, char *out, uint32_t outlen);
bool xs_write(const char *path, const char *value);
uint64_t xs_read_u64(const char *path, uint64_t dflt);
bool xs_write_u64(const char *path, uint64_t v);
void evtchn_notify(evtchn_port_t port);

static inline uint64_t deadline_ms(unsigned int ms)
{
    return rdtsc() + ms * tsc_per_ms();
}

static inline bool past(uint64_t deadline)
{
    return rdtsc() > deadline;
}

/*
 * The blkif ring in the x86_64 layout whatever our environment (we say
 * protocol x86_64-abi; xen-blkd serves no other), pads spelled out.
 */
#define BLK_RING_SIZE 32
#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_INDIRECT 6
#define BLKIF_RSP_OKAY 0
#define BLKIF_RSP_ERROR (-1)
#define BLKIF_RSP_EOPNOTSUPP (-2)

struct blk_seg {
    uint32_t gref;
    uint8_t first_sect, last_sect;
    uint16_t pad;
};

struct blk_req {
    uint8_t op, nseg;
    uint16_t handle;
    uint32_t pad;
    uint64_t id, sector;
    struct blk_seg seg[11];
};

struct blk_ind {
    uint8_t op, indirect_op;
    uint16_t nseg;
    uint32_t pad1;
    uint64_t id, sector;
    uint16_t handle, pad2;
    uint32_t grefs[8];
    uint32_t pad3;
};

struct blk_rsp {
    uint64_t id;
    uint8_t op, pad;
    int16_t status;
    uint32_t pad2;
};

union blk_slot {
    struct blk_req req;
    struct blk_ind ind;
    struct blk_rsp rsp;
};

struct blk_sring {
    uint32_t req_prod, req_event, rsp_prod, rsp_event;
    uint8_t pad[48];
    union blk_slot ring[BLK_RING_SIZE];
};

/* One disk of ours (device/vbd/<devid>) and its backend. */
struct vbd {
    unsigned int devid;
    char fe[48], be[96], name[8];
    uint64_t sectors;
    volatile struct blk_sring *ring;
    grant_ref_t ring_ref;
    evtchn_port_t port;
    uint32_t req_prod, rsp_cons;
    uint64_t next_id;
};

/* ring.c */
void *page_alloc(void);
grant_ref_t gnt_grant(const void *page, bool ro);
void gnt_revoke(grant_ref_t ref);
bool vbd_probe(struct vbd *v, unsigned int devid);
unsigned int vbd_state(const struct vbd *v);
unsigned int vbd_wait_state(const struct vbd *v, unsigned int want,
                            unsigned int ms);
bool vbd_set_state(struct vbd *v, unsigned int state);
unsigned int vbd_connect(struct vbd *v, grant_ref_t ring_ref);
bool vbd_reset(struct vbd *v);
void blk_push(struct vbd *v, const union blk_slot *s, bool notify);
int blk_wait(struct vbd *v, uint64_t id, unsigned int ms);
int blk_rw(struct vbd *v, uint8_t op, uint64_t sector, grant_ref_t gref,
           uint8_t first, uint8_t last);

#endif /* HOSTILE_H */
