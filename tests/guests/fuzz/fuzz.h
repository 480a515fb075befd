/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall fuzzer's parts (see tests/guests/fuzz.c for the whole).
 *
 * Call i of vCPU v under seed s is a pure function of (s, v, i): its
 * generator state is seeded from those three alone, so any call can be
 * rebuilt and replayed by itself.  A family generator fills a struct
 * fuzz_call (hypercall number, five arguments, and the contents of the
 * caller's scratch buffer the arguments point into); fuzz_issue() makes
 * the call.
 */
#ifndef GUEST_FUZZ_H
#define GUEST_FUZZ_H

#include "guest.h"

/* ---- Generator state ------------------------------------------------ */

struct fuzz_rng {
    uint64_t s;
};

void rng_init(struct fuzz_rng *r, uint64_t seed, unsigned int vcpu,
              uint64_t index);
uint64_t rng_next(struct fuzz_rng *r);
/* Uniform in [0, n), n < 2^32. */
uint32_t rng_below(struct fuzz_rng *r, uint32_t n);
/* True with probability pct/100. */
bool rng_pct(struct fuzz_rng *r, unsigned int pct);

/* ---- One call --------------------------------------------------------- */

#define FUZZ_SCRATCH_PAGES 16
#define FUZZ_FAMILIES 15
/*
 * The first bytes of each scratch buffer are where runstate and time
 * areas may be registered: the hypervisor writes there at any time, so
 * nothing else is built there.
 */
#define FUZZ_SINK 128   /* per vCPU, at the top of RAM */

struct fuzz_call {
    unsigned long nr;           /* hypercall number (eax) */
    unsigned long a[5];         /* arguments, in ABI order */
    const char *what;           /* the family: "memory_op" ... */
    unsigned int family;        /* its index, < FUZZ_FAMILIES */
    bool skipped;               /* would hit an open bug: not made */
    unsigned int nr_vcpus;      /* of the domain, for vcpu ids */
    unsigned int nr_running;    /* vCPUs 0..nr_running-1 run the fuzzer */
    unsigned int vcpu;          /* the calling vCPU */
    uint8_t *scratch;           /* FUZZ_SCRATCH_PAGES pages, ours */
    unsigned int order;         /* extent order of the gfn list built */
    struct fuzz_rng rng;
};

/* Build also calls that hit bugs still open here (see call.c). */
extern bool fuzz_include_open;

/* Build call index of (seed, vcpu) into c (scratch filled as needed). */
void fuzz_build(struct fuzz_call *c, uint64_t seed, uint64_t index);
long fuzz_issue(const struct fuzz_call *c);
const char *fuzz_family_name(unsigned int family);
void fuzz_print(const struct fuzz_call *c, uint64_t index);

/* ---- Values ---------------------------------------------------------- */

/*
 * Memory the fuzzer must never hand to the hypervisor as a frame to
 * replace, remove or write (our image and stack, start_info, the scratch
 * buffers): set up once by fuzz_mem_init().
 */
bool fuzz_mem_init(unsigned int nr_vcpus);
uint8_t *fuzz_scratch(unsigned int vcpu);
bool gfn_protected(uint64_t gfn);

/* A frame number anywhere: own free RAM, MMIO, holes, beyond RAM, huge;
 * never a protected one. */
uint64_t rnd_gfn(struct fuzz_rng *r);
/* The same, for a run of 2^order frames. */
uint64_t rnd_gfn_run(struct fuzz_rng *r, unsigned int order);
/* A pointer: into the scratch buffer (aligned, misaligned, crossing a
 * page or its end) or wild (unbacked, hole, hypervisor, non-canonical). */
unsigned long rnd_ptr(struct fuzz_call *c, unsigned int size);
/* A pointer that is not into our scratch (nor anything of ours). */
unsigned long rnd_wild(struct fuzz_call *c);
/* Boundary numbers: 0, 1, -1, 2^31, 2^32, 2^63, ... or random. */
uint64_t rnd_num(struct fuzz_rng *r);
uint32_t rnd_u32(struct fuzz_rng *r);
uint16_t rnd_domid(struct fuzz_rng *r);
uint32_t rnd_port(struct fuzz_rng *r);
uint32_t rnd_vcpu(struct fuzz_call *c);
/* A sub-op: one of the real ones (most of the time) or anything. */
uint32_t rnd_cmd(struct fuzz_rng *r, const uint32_t *real, unsigned int n);
/* Fill len bytes with random words (numbers, gfns, pointers, domids). */
void rnd_fill(struct fuzz_call *c, void *buf, size_t len);

/* Words from rnd_fill() that would aim a handle at our memory (0). */
unsigned int fuzz_selftest(struct fuzz_call *c, unsigned int words);

/* A buffer in scratch of size bytes, contents random, pointer returned
 * (mostly aligned, sometimes misaligned or page-crossing). */
void *scratch_buf(struct fuzz_call *c, size_t size);

#define RND_CMD(r, list) rnd_cmd(r, list, ARRAY_SIZE(list))

/* ---- Families (fuzz/ops-*.c) ----------------------------------------- */

void gen_memory_op(struct fuzz_call *c);
void gen_grant_table_op(struct fuzz_call *c);
void gen_event_channel_op(struct fuzz_call *c);
void gen_vcpu_op(struct fuzz_call *c);
void gen_sched_op(struct fuzz_call *c);
void gen_set_timer_op(struct fuzz_call *c);
void gen_hvm_op(struct fuzz_call *c);
void gen_physdev_op(struct fuzz_call *c);
void gen_platform_op(struct fuzz_call *c);
void gen_xen_version(struct fuzz_call *c);
void gen_console_io(struct fuzz_call *c);
void gen_vm_assist(struct fuzz_call *c);
void gen_sysctl(struct fuzz_call *c);
void gen_domctl(struct fuzz_call *c);
void gen_any(struct fuzz_call *c);

#endif /* GUEST_FUZZ_H */
