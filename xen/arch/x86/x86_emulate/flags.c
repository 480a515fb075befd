/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Integer arithmetic with the CPU's flag results: the eight ALU
 * operations, TEST, INC, DEC, NEG and NOT at 8, 16, 32 and 64 bits.  Flag
 * definitions follow the instruction pages of the AMD APM vol. 3; where
 * the manuals call a flag undefined (AF after logical operations) we
 * clear it, as current CPUs do.
 */
#include <xen/types.h>

#include "private.h"

/* Even number of set bits in the low byte (no libgcc popcount here). */
static bool parity_even(uint64_t v)
{
    unsigned int b = v & 0xff;

    b ^= b >> 4;
    b ^= b >> 2;
    b ^= b >> 1;
    return !(b & 1);
}

/* ZF, SF and PF of a result; CF, AF and OF come from the caller. */
static uint64_t result_flags(uint64_t res, unsigned int bytes)
{
    uint64_t f = 0;

    if ( !(res & x86_size_mask(bytes)) )
        f |= EFLG_ZF;
    if ( res & (1ULL << (bytes * 8 - 1)) )
        f |= EFLG_SF;
    if ( parity_even(res) )
        f |= EFLG_PF;
    return f;
}

/* d + s + c, with carry out of the top bit and signed overflow. */
static uint64_t do_add(uint64_t d, uint64_t s, unsigned int c,
                       unsigned int bytes, uint64_t *f)
{
    uint64_t mask = x86_size_mask(bytes), sign = 1ULL << (bytes * 8 - 1);
    uint64_t res = (d + s + c) & mask;

    *f = result_flags(res, bytes);
    if ( res < d || (c && res == d) )
        *f |= EFLG_CF;
    if ( (d ^ res) & (s ^ res) & sign )
        *f |= EFLG_OF;
    if ( (d ^ s ^ res) & 0x10 )
        *f |= EFLG_AF;
    return res;
}

/* d - s - c, with borrow and signed overflow. */
static uint64_t do_sub(uint64_t d, uint64_t s, unsigned int c,
                       unsigned int bytes, uint64_t *f)
{
    uint64_t mask = x86_size_mask(bytes), sign = 1ULL << (bytes * 8 - 1);
    uint64_t res = (d - s - c) & mask;

    *f = result_flags(res, bytes);
    if ( d < s || (c && d == s) )
        *f |= EFLG_CF;
    if ( (d ^ s) & (d ^ res) & sign )
        *f |= EFLG_OF;
    if ( (d ^ s ^ res) & 0x10 )
        *f |= EFLG_AF;
    return res;
}

/* AND, OR, XOR, TEST: CF and OF cleared. */
static uint64_t do_logic(enum x86_alu_op op, uint64_t d, uint64_t s,
                         unsigned int bytes, uint64_t *f)
{
    uint64_t res;

    if ( op == ALU_OR )
        res = d | s;
    else if ( op == ALU_XOR )
        res = d ^ s;
    else
        res = d & s;
    *f = result_flags(res, bytes);
    return res;
}

uint64_t x86_alu(enum x86_alu_op op, uint64_t dst, uint64_t src,
                 unsigned int bytes, uint64_t *rflags)
{
    uint64_t mask = x86_size_mask(bytes), f, res;
    unsigned int cf = *rflags & EFLG_CF;
    uint64_t keep = ~(uint64_t)EFLG_ARITH;

    dst &= mask;
    src &= mask;
    switch ( op )
    {
    case ALU_ADD: res = do_add(dst, src, 0, bytes, &f); break;
    case ALU_ADC: res = do_add(dst, src, cf, bytes, &f); break;
    case ALU_SUB: res = do_sub(dst, src, 0, bytes, &f); break;
    case ALU_SBB: res = do_sub(dst, src, cf, bytes, &f); break;
    case ALU_CMP: do_sub(dst, src, 0, bytes, &f); res = dst; break;
    case ALU_TEST: do_logic(op, dst, src, bytes, &f); res = dst; break;
    case ALU_INC:
        res = do_add(dst, 1, 0, bytes, &f);
        keep |= EFLG_CF;                /* INC/DEC leave CF alone */
        f &= ~(uint64_t)EFLG_CF;
        break;
    case ALU_DEC:
        res = do_sub(dst, 1, 0, bytes, &f);
        keep |= EFLG_CF;
        f &= ~(uint64_t)EFLG_CF;
        break;
    case ALU_NEG: res = do_sub(0, dst, 0, bytes, &f); break;
    case ALU_NOT: return ~dst & mask;   /* no flags at all */
    default: res = do_logic(op, dst, src, bytes, &f); break;
    }
    *rflags = (*rflags & keep) | f;
    return res;
}
