/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-blkd's request handling (dom0-drivers/blkd/ring.c) against a
 * hostile frontend played here: the shared ring is a page of ours, grants
 * are pages of a pool (any other reference fails to map, as the
 * hypervisor would refuse it), the disk a raw image in WORKDIR.  Every
 * bad request must get its error and the daemon must go on; wild ring
 * indexes must stop the ring without a response.
 * Usage: test-ring WORKDIR.  Last line: "blkd-ring: N passed, M failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "blkd.h"
#include "check.h"

#define POOL 64
#define DISK_SECTORS 2048

static uint8_t pool[POOL][PAGE] __attribute__((aligned(PAGE)));
static uint8_t ring_page[PAGE] __attribute__((aligned(PAGE)));
static int fatal_calls, mapped;

/* Stand-ins for grants.c, xenbus.c, blkd.c and libxenevtchn. */
int grants_map(struct blkd *b, const uint32_t *refs, unsigned int count,
               bool write, struct grant_set *gs)
{
    unsigned int i;

    gs->batch = NULL;
    for ( i = 0; i < count; i++ )
    {
        if ( refs[i] >= POOL )
            return -EINVAL;
        gs->page[i] = pool[refs[i]];
    }
    mapped += count;
    gs->batch_count = count;
    gs->batch = pool;
    return 0;
}

void grants_unmap(struct blkd *b, struct grant_set *gs)
{
    mapped -= gs->batch ? gs->batch_count : 0;
    gs->batch = NULL;
}

void grants_free_persistent(struct blkd *b)
{
}

void xenbus_fatal(struct blkd *b, const char *why)
{
    fatal_calls++;
}

void blkd_log(const struct blkd *b, const char *fmt, ...)
{
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
    return 0;
}

static struct blkd b;
static blkif_sring_t *sring = (blkif_sring_t *)ring_page;
static RING_IDX prod;

static blkif_request_t *next_req(void)
{
    blkif_request_t *r = &sring->ring[prod % RING_SIZE(&b.ring)].req;

    memset(r, 0, sizeof(*r));
    r->id = 0x1000 + prod;
    prod++;
    return r;
}

/* Push what was queued, let the backend take it: the last response's
 * status (or 99 when none came). */
static int push(void)
{
    RING_IDX before = b.ring.rsp_prod_pvt;

    sring->req_prod = prod;
    ring_process(&b);
    if ( sring->rsp_prod == before )
        return 99;
    return sring->ring[(sring->rsp_prod - 1) % RING_SIZE(&b.ring)].rsp.status;
}

static int rw(uint8_t op, uint64_t sector, unsigned int nr, uint32_t gref,
              uint8_t first, uint8_t last)
{
    blkif_request_t *r = next_req();
    unsigned int i;

    r->operation = op;
    r->nr_segments = nr;
    r->sector_number = sector;
    for ( i = 0; i < nr && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++ )
        r->seg[i] = (struct blkif_request_segment){ gref + i, first, last };
    return push();
}

/* An indirect request: nr segments described in pool page ipage (and
 * the next ones), data in pool pages from 1, first..last each. */
static int indirect(uint8_t op, uint64_t sector, unsigned int nr,
                    uint32_t ipage, uint8_t first, uint8_t last)
{
    blkif_request_indirect_t *r = (void *)next_req();
    struct blkif_request_segment *seg = (void *)pool[ipage % POOL];
    unsigned int i;

    r->operation = BLKIF_OP_INDIRECT;
    r->indirect_op = op;
    r->nr_segments = nr;
    r->sector_number = sector;
    for ( i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++ )
        r->indirect_grefs[i] = ipage + i;
    for ( i = 0; i < nr && i < SEGS_PER_INDIRECT_PAGE; i++ )
        seg[i] = (struct blkif_request_segment){ 1 + i % 8, first, last };
    return push();
}

static int discard(uint64_t sector, uint64_t nr, uint8_t flag)
{
    blkif_request_discard_t *r = (void *)next_req();

    r->operation = BLKIF_OP_DISCARD;
    r->flag = flag;
    r->sector_number = sector;
    r->nr_sectors = nr;
    return push();
}

/* Data written through the ring comes back through it. */
static void case_data(void)
{
    unsigned int i;

    for ( i = 0; i < 11; i++ )
        memset(pool[1 + i], 'a' + i, PAGE);
    result(rw(BLKIF_OP_WRITE, 8, 11, 1, 0, 7) == BLKIF_RSP_OKAY,
           "write 11 segments");
    memset(pool[20], 0, PAGE);
    result(rw(BLKIF_OP_READ, 8 + 8 * 3, 1, 20, 0, 7) == BLKIF_RSP_OKAY &&
           pool[20][0] == 'd' && pool[20][PAGE - 1] == 'd',
           "read back the fourth page");
    result(rw(BLKIF_OP_READ, 8, 1, 21, 3, 4) == BLKIF_RSP_OKAY &&
           pool[21][3 * SECTOR] == 'a', "read two sectors into mid-page");
    result(indirect(BLKIF_OP_READ, 0, 40, 30, 0, 7) == BLKIF_RSP_OKAY,
           "indirect read of 40 segments");
    result(mapped == 0, "every grant mapped for a request is unmapped");
}

/* Direct reads and writes, each with the status it must get. */
static const struct rw_case {
    const char *what;
    uint8_t op;
    uint64_t sector;
    unsigned int nr;
    uint32_t gref;
    uint8_t first, last;
    int status;
} rw_cases[] = {
    { "read with 0 segments", BLKIF_OP_READ, 0, 0, 1, 0, 7,
      BLKIF_RSP_ERROR },
    { "write with 12 segments", BLKIF_OP_WRITE, 0, 12, 1, 0, 7,
      BLKIF_RSP_ERROR },
    { "write with 255 segments", BLKIF_OP_WRITE, 0, 255, 1, 0, 7,
      BLKIF_RSP_ERROR },
    { "first_sect > last_sect", BLKIF_OP_READ, 0, 1, 1, 5, 2,
      BLKIF_RSP_ERROR },
    { "last_sect 8", BLKIF_OP_READ, 0, 1, 1, 0, 8, BLKIF_RSP_ERROR },
    { "a grant reference the hypervisor refuses", BLKIF_OP_READ, 0, 2,
      POOL - 1, 0, 7, BLKIF_RSP_ERROR },
    { "grant reference 0xffffffff", BLKIF_OP_READ, 0, 1, 0xffffffffu, 0, 7,
      BLKIF_RSP_ERROR },
    { "read at the end of the disk", BLKIF_OP_READ, DISK_SECTORS, 1, 1, 0,
      0, BLKIF_RSP_ERROR },
    { "read across the end of the disk", BLKIF_OP_READ, DISK_SECTORS - 1, 1,
      1, 0, 1, BLKIF_RSP_ERROR },
    { "write at sector 2^64-1", BLKIF_OP_WRITE, ~0ULL, 1, 1, 0, 7,
      BLKIF_RSP_ERROR },
    { "read of the last sector", BLKIF_OP_READ, DISK_SECTORS - 1, 1, 1, 0, 0,
      BLKIF_RSP_OKAY },
    { "operation 42", 42, 0, 1, 1, 0, 7, BLKIF_RSP_EOPNOTSUPP },
    { "write barrier", BLKIF_OP_WRITE_BARRIER, 0, 1, 1, 0, 7,
      BLKIF_RSP_EOPNOTSUPP },
    { "flush", BLKIF_OP_FLUSH_DISKCACHE, 0, 0, 0, 0, 0, BLKIF_RSP_OKAY },
};

static void case_bad_rw(void)
{
    const struct rw_case *c;

    for ( c = rw_cases; c < rw_cases + sizeof(rw_cases) / sizeof(*c); c++ )
        result(rw(c->op, c->sector, c->nr, c->gref, c->first, c->last) ==
               c->status, "%s", c->what);
}

static void case_discard(void)
{
    result(discard(DISK_SECTORS - 8, 8, 0) == BLKIF_RSP_OKAY,
           "discard of the last 4 KiB");
    result(discard(DISK_SECTORS - 8, ~0ULL, 0) == BLKIF_RSP_ERROR,
           "discard of 2^64-1 sectors");
    result(discard(0, 8, BLKIF_DISCARD_SECURE) == BLKIF_RSP_EOPNOTSUPP,
           "secure discard");
}

static void case_bad_indirect(void)
{
    result(indirect(BLKIF_OP_READ, 0, 0, 30, 0, 7) == BLKIF_RSP_ERROR,
           "indirect with 0 segments");
    result(indirect(BLKIF_OP_READ, 0, 300, 30, 0, 7) == BLKIF_RSP_ERROR,
           "indirect with 300 segments");
    result(indirect(BLKIF_OP_READ, 0, 65535, 30, 0, 7) == BLKIF_RSP_ERROR,
           "indirect with 65535 segments");
    result(indirect(BLKIF_OP_FLUSH_DISKCACHE, 0, 1, 30, 0, 7) ==
           BLKIF_RSP_EOPNOTSUPP, "indirect flush");
    result(indirect(BLKIF_OP_INDIRECT, 0, 1, 30, 0, 7) ==
           BLKIF_RSP_EOPNOTSUPP, "indirect of indirect");
    result(indirect(BLKIF_OP_READ, 0, 8, POOL + 5, 0, 7) == BLKIF_RSP_ERROR,
           "indirect page with a refused grant");
    result(indirect(BLKIF_OP_READ, 0, 8, 30, 6, 1) == BLKIF_RSP_ERROR,
           "indirect segments with first_sect > last_sect");
    b.img->readonly = true;
    result(rw(BLKIF_OP_WRITE, 0, 1, 1, 0, 7) == BLKIF_RSP_ERROR,
           "write to a read-only disk");
    b.img->readonly = false;
}

/* Responses echo each request's id; then wild indexes stop the ring. */
static void case_wild(void)
{
    RING_IDX before;

    result(sring->rsp_prod == prod && b.nr_reqs == prod,
           "one response per request (%u of %u)", sring->rsp_prod, prod);
    result(sring->ring[(prod - 1) % RING_SIZE(&b.ring)].rsp.id ==
           0x1000 + prod - 1, "the last response echoes its id");
    before = sring->rsp_prod;
    sring->req_prod = prod + 1000;
    ring_process(&b);
    result(b.broken && fatal_calls == 1 && sring->rsp_prod == before,
           "req_prod 1000 ahead: ring stopped, no response");
    sring->req_prod = prod;
    result(rw(BLKIF_OP_READ, 0, 1, 1, 0, 7) == 99,
           "a stopped ring takes no more requests");
}

static int open_disk(const char *dir)
{
    char path[512], why[300];
    int fd;

    snprintf(path, sizeof(path), "%s/ring.img", dir);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if ( fd < 0 || ftruncate(fd, DISK_SECTORS * SECTOR) )
        return -1;
    close(fd);
    snprintf(path, sizeof(path), "aio:%s/ring.img", dir);
    b.img = image_open(path, false, why, sizeof(why));
    return b.img ? 0 : -1;
}

int main(int argc, char **argv)
{
    if ( argc != 2 || open_disk(argv[1]) )
        return fprintf(stderr, "usage: test-ring WORKDIR\n"), 2;
    BACK_RING_INIT(&b.ring, sring, PAGE);
    b.connected = true;
    result(RING_SIZE(&b.ring) == 32, "a one-page ring has 32 slots");
    case_data();
    case_bad_rw();
    case_discard();
    case_bad_indirect();
    case_wild();
    b.img->ops->close(b.img);
    printf("blkd-ring: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
