/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory copies (xen/arch/x86/hvm/guest_access.c) hold a page
 * reference on each frame while they copy (issue 7, item 3): a guest
 * giving the frame back on another vCPU in the middle of the copy must
 * not get it freed (and reused) under our write.  The other vCPU is
 * played by a memcpy that releases the frame before copying; the frame
 * must go back to the heap only at the copy's own put.  Guest-physical
 * copies (no guest page tables); the p2m and frames are stand-ins.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>

#define NFRAMES 4
#define MFN0    0x100UL

static uint8_t frames[NFRAMES][4096] __attribute__((aligned(4096)));
static struct page_info fake_frame_table[MFN0 + NFRAMES];
struct page_info *frame_table = fake_frame_table;
unsigned long max_page = MFN0 + NFRAMES;

#undef mfn_to_virt
#define mfn_to_virt(m)  ((void *)frames[(m) - MFN0])

static void *racing_memcpy(void *d, const void *s, size_t n);
#define memcpy racing_memcpy
#include "../../xen/arch/x86/hvm/guest_access.c"
#undef memcpy

#include "harness.h"

static struct domain dom;
static unsigned long p2m[16];               /* gfn -> mfn, 0: none */
static bool freed[NFRAMES], wrote_freed;
static int release_gfn = -1;                /* the racing vCPU's target */

struct hvm_function_table hvm_funcs;

bool hvm_long_mode_active(const struct vcpu *v)
{
    return true;
}

bool hvm_64bit_code(const struct vcpu *v)
{
    return true;
}

int x86_decode_bytes(struct x86_insn *insn, enum x86_mode mode,
                     const void *bytes, unsigned int len,
                     struct x86_event *ev)
{
    return X86EMUL_UNHANDLEABLE;
}

unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t)
{
    *t = gfn < 16 && p2m[gfn] ? p2m_ram_rw : p2m_invalid;
    return *t == p2m_ram_rw ? p2m[gfn] : INVALID_MFN;
}

#include "logdirty-fake.h"

/* Counted references as physmap.c keeps them, freeing at zero. */
bool page_get_ref(struct page_info *pg, const struct domain *d)
{
    if ( !(pg->count_info & PGC_allocated) || pg->u.owner != d )
        return false;
    pg->count_info++;
    return true;
}

void page_put_ref(struct page_info *pg)
{
    if ( --pg->count_info & PGC_count_mask )
        return;
    freed[page_to_mfn(pg) - MFN0] = true;
    memset(mfn_to_virt(page_to_mfn(pg)), 0xa5, 4096);  /* reused */
}

/* The guest's decrease_reservation of gfn on another vCPU. */
static void release(unsigned long gfn)
{
    struct page_info *pg = &frame_table[p2m[gfn]];

    p2m[gfn] = 0;
    pg->count_info &= ~PGC_allocated;
    page_put_ref(pg);
}

static void *racing_memcpy(void *d, const void *s, size_t n)
{
    unsigned int i;

    if ( release_gfn >= 0 )
    {
        release(release_gfn);
        release_gfn = -1;
    }
    for ( i = 0; i < NFRAMES; i++ )
        if ( freed[i] && (uint8_t *)d >= frames[i] &&
             (uint8_t *)d < frames[i] + 4096 )
            wrote_freed = true;
    return __builtin_memcpy(d, s, n);
}

static void reset(void)
{
    unsigned int i;

    memset(p2m, 0, sizeof(p2m));
    memset(freed, 0, sizeof(freed));
    wrote_freed = false;
    release_gfn = -1;
    for ( i = 0; i < NFRAMES; i++ )
    {
        frame_table[MFN0 + i].u.owner = &dom;
        frame_table[MFN0 + i].count_info = PGC_allocated | 1;
        p2m[2 + i] = MFN0 + i;
    }
}

TEST(copy_to_guest_holds_the_frame)
{
    uint8_t buf[64];

    reset();
    memset(buf, 0x3c, sizeof(buf));
    release_gfn = 3;
    nr_marked = 0;
    EXPECT_EQ(copy_to_guest_phys(&dom, (3UL << 12) + 100, buf, 64), 0);
    EXPECT(!wrote_freed);
    /* Written for the guest: marked for log-dirty. */
    EXPECT_EQ(nr_marked, 1);
    EXPECT(marked_d == &dom && marked_gfn == 3);
    /* Freed at the copy's put, not before. */
    EXPECT(freed[1]);
    EXPECT_EQ(frame_table[MFN0 + 1].count_info, 0);
}

TEST(copy_from_guest_holds_the_frame)
{
    uint8_t buf[64];

    reset();
    memset(frames[2] + 8, 0x77, 64);
    release_gfn = 4;
    EXPECT_EQ(copy_from_guest_phys(&dom, buf, (4UL << 12) + 8, 64), 0);
    EXPECT_EQ(buf[0], 0x77);
    EXPECT_EQ(buf[63], 0x77);
    EXPECT(freed[2]);
}

TEST(copy_across_frames_and_holes)
{
    uint8_t buf[8192];

    reset();
    memset(buf, 1, sizeof(buf));
    /* gfn 2 and 3: both copied, each reference dropped again. */
    EXPECT_EQ(copy_to_guest_phys(&dom, (2UL << 12) + 4000, buf, 200), 0);
    EXPECT_EQ(frame_table[MFN0].count_info, PGC_allocated | 1);
    EXPECT_EQ(frame_table[MFN0 + 1].count_info, PGC_allocated | 1);
    /* gfn 6 is a hole: the bytes up to it are copied, the rest not. */
    EXPECT_EQ(copy_to_guest_phys(&dom, (5UL << 12) + 4000, buf, 200), 104);
    /* A frame of someone else is not ours to write. */
    frame_table[MFN0 + 2].u.owner = NULL;
    EXPECT_EQ(copy_to_guest_phys(&dom, 4UL << 12, buf, 8), 8);
}
