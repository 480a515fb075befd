/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random values for the hypercall fuzzer: the counter-based generator,
 * and numbers, frame numbers and pointers drawn from the places a buggy
 * or hostile guest would aim at.  Everything here keeps to one rule: no
 * frame number or pointer it produces refers to memory we run from (see
 * fuzz_mem_init()), so the hypervisor can never be told to remove, replace
 * or write our code, stack, page tables or start_info.
 */
#include "fuzz.h"

#include <public/memory.h>

#define PFN(a) ((uint64_t)(a) >> 12)

/* ---- splitmix64, seeded from (seed, vcpu, index) alone --------------- */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_init(struct fuzz_rng *r, uint64_t seed, unsigned int vcpu,
              uint64_t index)
{
    r->s = mix64(seed ^ mix64(index * 0xd1b54a32d192ed03ULL +
                              (uint64_t)vcpu * 0x8cb92ba72f3d8dd7ULL + 1));
}

uint64_t rng_next(struct fuzz_rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return mix64(r->s);
}

uint32_t rng_below(struct fuzz_rng *r, uint32_t n)
{
    return ((rng_next(r) & 0xffffffffULL) * n) >> 32;
}

bool rng_pct(struct fuzz_rng *r, unsigned int pct)
{
    return rng_below(r, 100) < pct;
}

/* ---- Our memory ------------------------------------------------------ */

extern char __bss_end[];

static uint64_t prot_lo, prot_hi;       /* image, stack, start_info */
static uint64_t scratch_lo, scratch_hi; /* scratch buffers of all vCPUs */
static uint64_t ram_end;                /* end of the RAM we fuzz in */
static uint64_t unbacked;               /* guest_unbacked_addr() */

/* End of the last page of start_info, its module list, command line and
 * memory map (the domain builder puts them right after our image). */
static uint64_t start_info_end(void)
{
    uint64_t end = (unsigned long)start_info + sizeof(*start_info);
    uint64_t cl = start_info->cmdline_paddr;

    if ( cl )
        end = cl + strlen((const char *)(unsigned long)cl) + 1 > end ?
              cl + strlen((const char *)(unsigned long)cl) + 1 : end;
    if ( start_info->memmap_paddr )
    {
        uint64_t m = start_info->memmap_paddr +
                     start_info->memmap_entries *
                     sizeof(struct hvm_memmap_table_entry);

        end = m > end ? m : end;
    }
    return (end + 4095) & ~4095ULL;
}

/*
 * The scratch buffers sit at the top of the highest RAM range below
 * 3 GiB, each followed by a guard page we give back to the hypervisor, so
 * that a hypercall walking past a buffer with a huge count meets unbacked
 * memory (-EFAULT) at once instead of our RAM or another vCPU's buffer.
 */
#define SCRATCH_STRIDE ((FUZZ_SCRATCH_PAGES + 1) * 4096ULL)

static bool give_back(uint64_t gfn)
{
    xen_pfn_t f = gfn;
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, &f);
    return memory_op(XENMEM_decrease_reservation, &r) == 1;
}

bool fuzz_mem_init(unsigned int nr_vcpus)
{
    const struct guest_mem_range *m;
    unsigned int i, nr;
    uint64_t top = 0;
    bool ok = true;

    prot_lo = 0x100000;
    prot_hi = (unsigned long)__bss_end > start_info_end() ?
              (unsigned long)__bss_end : start_info_end();
    if ( (unsigned long)start_info < prot_lo )
        prot_lo = (unsigned long)start_info & ~4095UL;
    m = guest_memmap(&nr);
    for ( i = 0; i < nr; i++ )
        if ( m[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
             m[i].addr + m[i].size <= 0xc0000000ULL &&
             m[i].addr + m[i].size > top )
            top = (m[i].addr + m[i].size) & ~4095ULL;
    ram_end = top;
    unbacked = guest_unbacked_addr();
    scratch_hi = top;
    scratch_lo = top - nr_vcpus * SCRATCH_STRIDE;
    for ( i = 0; i < nr_vcpus; i++ )
        ok &= give_back(PFN(scratch_lo + i * SCRATCH_STRIDE) +
                        FUZZ_SCRATCH_PAGES);
    printk("info fuzz: protected %#llx-%#llx, scratch %#llx-%#llx\n",
           (unsigned long long)prot_lo, (unsigned long long)prot_hi,
           (unsigned long long)scratch_lo, (unsigned long long)scratch_hi);
    return ok && scratch_lo > prot_hi;
}

uint8_t *fuzz_scratch(unsigned int vcpu)
{
    return (uint8_t *)(unsigned long)(scratch_lo + vcpu * SCRATCH_STRIDE);
}

bool gfn_protected(uint64_t gfn)
{
    return (gfn >= PFN(prot_lo) && gfn < PFN(prot_hi)) ||
           (gfn >= PFN(scratch_lo) && gfn < PFN(scratch_hi));
}

/* ---- Numbers --------------------------------------------------------- */

static const uint64_t boundary[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0x1001,
    0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000ULL,
    0xffffffffULL, 0x100000000ULL, 0x100000001ULL, 1ULL << 47,
    1ULL << 52, (1ULL << 62) - 1, 1ULL << 62, (1ULL << 62) + 1,
    0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL - 1, ~0ULL,
    1000000, 1000000000, 0x10000000000000ULL,
};

static uint64_t any_num(struct fuzz_rng *r)
{
    switch ( rng_below(r, 6) )
    {
    case 0: case 1:
        return boundary[rng_below(r, ARRAY_SIZE(boundary))];
    case 2:
        return rng_below(r, 64);
    case 3:
        return rng_next(r) & 0xffffffffULL;
    case 4:
        return -(uint64_t)rng_below(r, 64);
    default:
        return rng_next(r);
    }
}

/*
 * How far above a guest handle a call may write: a console ring's worth
 * (128 KiB, CONSOLEIO_read and sysctl readconsole) and a page.
 */
#define WRITE_REACH 0x21000ULL

/* Would a write through handle a (up to WRITE_REACH bytes) reach our
 * image (code, stacks, page tables, start_info)? */
static bool reaches_image(uint64_t a)
{
    return a + WRITE_REACH > prot_lo && a < prot_hi;
}

/* ... or our image or the scratch buffers? */
static bool addr_reaches_ours(uint64_t a)
{
    return reaches_image(a) ||
           (a + WRITE_REACH > scratch_lo && a < scratch_hi);
}

/*
 * A random word may land in a structure field that names a frame or in
 * one that is a guest handle the hypervisor writes through, so it must
 * be neither one of our frames (0x100, a boundary value, is our first
 * code frame) nor an address at or just below our memory, as a 64-bit
 * handle or a 32-bit one (either half).  Runs of 10^6 calls had a
 * memory map written over our code through such a handle (rnd_gfn()'s
 * frame numbers 0xfffff, 0x100000 ... taken as addresses), which crashed
 * vCPU 0 at the next call of the overwritten function.
 */
static bool word_unsafe(uint64_t v)
{
    return gfn_protected(v) || gfn_protected(v & 0xffffffffULL) ||
           addr_reaches_ours(v) || addr_reaches_ours(v & 0xffffffffULL) ||
           addr_reaches_ours(v >> 32);
}

/* A word that is not safe moves to a frame number past our RAM's top
 * below 4 GiB, which is also an address in low memory we do not use. */
static uint64_t safe_word(uint64_t v)
{
    return word_unsafe(v) ? PFN(scratch_hi) + (v & 0xff) : v;
}

uint64_t rnd_num(struct fuzz_rng *r)
{
    return safe_word(any_num(r));
}

uint32_t rnd_u32(struct fuzz_rng *r)
{
    return rnd_num(r);
}

uint16_t rnd_domid(struct fuzz_rng *r)
{
    static const uint16_t ids[] = {
        0, 0, DOMID_SELF, DOMID_SELF, 1, 2, 0x7fef, DOMID_IO, DOMID_XEN,
        DOMID_COW, DOMID_INVALID, DOMID_IDLE, 0x7ff6, 0xffff, 0x8000,
    };

    if ( rng_pct(r, 10) )
        return rng_next(r);
    return ids[rng_below(r, ARRAY_SIZE(ids))];
}

uint32_t rnd_port(struct fuzz_rng *r)
{
    static const uint32_t ports[] = {
        0, 1023, 1024, 4095, 4096, 32767, 32768, 131071, 131072,
        0x7fffffff, 0x80000000U, 0xffffffffU,
    };

    if ( rng_pct(r, 70) )
        return rng_below(r, 16);
    if ( rng_pct(r, 50) )
        return ports[rng_below(r, ARRAY_SIZE(ports))];
    return rng_below(r, 4096);
}

uint32_t rnd_vcpu(struct fuzz_call *c)
{
    static const uint32_t ids[] = {
        127, 128, 4095, 0x7fffffff, 0x80000000U, 0xffffffffU,
    };

    if ( rng_pct(&c->rng, 80) )
        return rng_below(&c->rng, c->nr_vcpus + 1);
    return ids[rng_below(&c->rng, ARRAY_SIZE(ids))];
}

uint32_t rnd_cmd(struct fuzz_rng *r, const uint32_t *real, unsigned int n)
{
    if ( rng_pct(r, 85) )
        return real[rng_below(r, n)];
    return rng_pct(r, 50) ? rng_below(r, 64) : rnd_u32(r);
}

/* ---- Frame numbers --------------------------------------------------- */

/* A RAM frame of ours outside the protected ranges (low memory included). */
static uint64_t own_gfn(struct fuzz_rng *r)
{
    uint64_t span = PFN(ram_end), gfn;

    if ( rng_pct(r, 20) )
        return rng_below(r, 0x100);             /* below 1 MiB */
    if ( rng_pct(r, 30) )                       /* next to our image */
        return PFN(prot_hi) + rng_below(r, 64);
    if ( rng_pct(r, 20) )                       /* next to the scratch */
        return PFN(scratch_lo) - 1 - rng_below(r, 64);
    gfn = rng_below(r, span);
    return gfn;
}

static uint64_t other_gfn(struct fuzz_rng *r)
{
    static const uint64_t far[] = {
        0xfee00, 0xfec00, 0xfed00, 0xa0, 0xb8, 0xc0, 0xf0, 0xe0000,
        0xfe000, 0xfd000, 0xfebf0, 0xff000, 0xfffff, 0x100000, 0xfffff000,
        0x7fffffff, 0x80000000ULL, 0xffffffffULL, 1ULL << 36,
        (1ULL << 40) - 1, 1ULL << 52, 0x7fffffffffffffffULL, ~0ULL - 1,
        ~0ULL,
    };

    switch ( rng_below(r, 3) )
    {
    case 0:
        return far[rng_below(r, ARRAY_SIZE(far))];
    case 1:                                     /* beyond our RAM */
        return PFN(ram_end) + rng_below(r, 0x10000);
    default:                                    /* where Xen may live */
        return rng_below(r, 0x100000);
    }
}

uint64_t rnd_gfn(struct fuzz_rng *r)
{
    uint64_t gfn = rng_pct(r, 60) ? own_gfn(r) : other_gfn(r);

    if ( !env_is_64bit() && rng_pct(r, 50) )
        gfn &= 0xffffffffULL;
    while ( gfn_protected(gfn) )
        gfn = gfn < PFN(prot_hi) ? PFN(prot_hi) + (gfn & 0xff)
                                 : PFN(scratch_hi) + (gfn & 0xff);
    return gfn;
}

/*
 * The run is checked from its start rounded down to the order too, in
 * case the hypervisor aligns it.
 */
uint64_t rnd_gfn_run(struct fuzz_rng *r, unsigned int order)
{
    uint64_t n = order < 40 ? 1ULL << order : 0, gfn = rnd_gfn(r), i;
    uint64_t lo = n ? gfn & ~(n - 1) : gfn;

    if ( !n || n > 0x100000 )
        return gfn > PFN(scratch_hi) + 0x100000 ? gfn
                                                 : PFN(ram_end) + 0x100000;
    for ( i = lo; i < gfn + n; i++ )
        if ( gfn_protected(i) )
            return (PFN(ram_end) + 0x100000) & ~(n - 1);
    return gfn;
}

/* ---- Pointers -------------------------------------------------------- */

/*
 * Wild pointers never reach RAM of ours, since a struct or array read
 * from there could name us (domain 0) or one of our frames.  That rules
 * out NULL and PF_RO_VA (physical page 0, whose contents earlier calls
 * control: a shared_info page mapped there has counters that may spell
 * our own frame numbers); xen_version uses NULL where the ABI wants it.
 * The pointers just before the guard page read fewer than 8 bytes, set
 * to 0xff by fuzz_build(), then fault.  The rest is not RAM.
 */
unsigned long rnd_wild(struct fuzz_call *c)
{
    static const uint64_t any[] = {
        0xfee00000, 0xfec00000, 0xfed00000, 0xfffff000, 0xffffffff,
        0xfffffff8, 0xc0000000, 0xbffffffc, PF_HOLE_VA, PF_HOLE_VA - 8,
        PF_HOLE_VA + 0x1ff000,
    };
    static const uint64_t wide[] = {
        0x100000000ULL, 0xfffffffffffULL, 0x00007ffffffffff8ULL,
        0x0000800000000000ULL, 0xffff800000000000ULL,
        0xffff82d080000000ULL, 0xffff830000000000ULL,
        0xfffffffffffff000ULL, 0x8000000000000000ULL, ~0ULL,
    };
    struct fuzz_rng *r = &c->rng;
    uint64_t p;

    if ( env_is_64bit() && rng_pct(r, 40) )
        return wide[rng_below(r, ARRAY_SIZE(wide))];
    if ( rng_pct(r, 20) )
        return unbacked + rng_below(r, 0x2000);
    if ( rng_pct(r, 20) )               /* crossing into the guard page */
        return (unsigned long)c->scratch + FUZZ_SCRATCH_PAGES * 4096UL -
               1 - rng_below(r, 7);
    p = any[rng_below(r, ARRAY_SIZE(any))];
    /* Without paging, or with much RAM, PF_HOLE_VA may be RAM of ours. */
    if ( p < ram_end )
        p = unbacked + (p & 0xfff);
    return p;
}

unsigned long rnd_ptr(struct fuzz_call *c, unsigned int size)
{
    unsigned long base = (unsigned long)c->scratch + FUZZ_SINK;
    unsigned long room = FUZZ_SCRATCH_PAGES * 4096UL - FUZZ_SINK;
    unsigned int u = rng_below(&c->rng, 100);

    if ( size > room / 2 )
        size = room / 2;
    if ( u < 70 )                               /* aligned, in scratch */
        return base + (rng_below(&c->rng, (room - size) / 8) * 8);
    if ( u < 78 )                               /* misaligned */
        return base + rng_below(&c->rng, room - size);
    if ( u < 84 )                               /* crossing a page */
        return base + 4096 * (1 + rng_below(&c->rng, 4)) -
               1 - rng_below(&c->rng, size ? size : 1);
    return rnd_wild(c);
}

/* ---- Buffer contents ------------------------------------------------- */

void rnd_fill(struct fuzz_call *c, void *buf, size_t len)
{
    uint8_t *p = buf;
    uint64_t v;
    size_t i, n;

    for ( i = 0; i < len; i += n )
    {
        switch ( rng_below(&c->rng, 6) )
        {
        case 0:  v = safe_word(rnd_gfn(&c->rng)); break;
        case 1:  v = rnd_ptr(c, 64);             break;
        case 2:  v = rnd_domid(&c->rng);         break;
        case 3:  v = rnd_port(&c->rng);          break;
        default: v = rnd_num(&c->rng);           break;
        }
        n = rng_pct(&c->rng, 50) ? 4 : 8;
        n = n < len - i ? n : len - i;
        memcpy(p + i, &v, n);
    }
}

/*
 * Regression for the code overwritten by XENMEM_memory_map: fill words
 * as the generators do and count those a hypervisor write through them,
 * taken as a handle, would carry into our memory (before the fix, about
 * 0.2 % of them: rnd_gfn()'s 0xfffff and 0x100000 as addresses).
 */
unsigned int fuzz_selftest(struct fuzz_call *c, unsigned int words)
{
    uint64_t w;
    unsigned int i, bad = 0;

    rng_init(&c->rng, 0x5e1f7e57, c->vcpu, 0);
    for ( i = 0; i < words; i++ )
    {
        rnd_fill(c, &w, sizeof(w));
        if ( reaches_image(w) || reaches_image(w & 0xffffffffULL) ||
             reaches_image(w >> 32) )
            bad++;
    }
    return bad;
}

void *scratch_buf(struct fuzz_call *c, size_t size)
{
    unsigned long p;
    unsigned long room = FUZZ_SCRATCH_PAGES * 4096UL;

    if ( size > room / 2 )
        size = room / 2;
    /* The first half: the second is for tail arrays (ops-mem.c). */
    if ( rng_pct(&c->rng, 85) )
        p = (unsigned long)c->scratch + FUZZ_SINK +
            rng_below(&c->rng, (room / 2 - size - FUZZ_SINK) / 8) * 8;
    else                                        /* misaligned or crossing */
        p = (unsigned long)c->scratch + 4096 - rng_below(&c->rng, 16);
    rnd_fill(c, (void *)p, size);
    return (void *)p;
}
