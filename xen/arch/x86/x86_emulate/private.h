/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the decoder and the emulator in this directory only. */
#ifndef X86_EMULATE_PRIVATE_H
#define X86_EMULATE_PRIVATE_H

#include <xen/types.h>
#include <asm/x86_emulate.h>

/*
 * Opcode attributes (tables.c).  The low nibble holds the immediate kind;
 * the rest are flags.
 */
#define OPC_IMM_MASK  0x000f
#define OPC_IB        0x0001    /* imm8 */
#define OPC_IW        0x0002    /* imm16 */
#define OPC_IZ        0x0003    /* imm16 or imm32 by operand size */
#define OPC_IV        0x0004    /* imm16/32/64 by operand size (MOV B8+r) */
#define OPC_IA        0x0005    /* moffs: address-size offset */
#define OPC_IP        0x0006    /* far pointer: offset and selector */
#define OPC_IWB       0x0007    /* imm16 then imm8 (ENTER) */
#define OPC_MODRM     0x0010    /* ModRM byte follows */
#define OPC_INV       0x0020    /* #UD in every mode */
#define OPC_I64       0x0040    /* #UD in 64-bit mode */
#define OPC_D64       0x0080    /* 64-bit default operand size in long mode */
#define OPC_LOCK      0x0100    /* LOCK allowed with a memory operand */
#define OPC_GROUP     0x0200    /* attributes depend on ModRM.reg */
#define OPC_MODREG    0x0400    /* ModRM.mod ignored: register form only */
#define OPC_PREFIX    0x0800    /* a legacy prefix byte */
#define OPC_MEMONLY   0x1000    /* #UD with a register operand */

extern const uint16_t x86_opc_onebyte[256];
extern const uint16_t x86_opc_twobyte[256];

/* Arithmetic operations of x86_alu() (0-7 in the encoding's order). */
enum x86_alu_op {
    ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP,
    ALU_TEST, ALU_INC, ALU_DEC, ALU_NEG, ALU_NOT,
};

/* rflags bits the emulator touches. */
#define EFLG_CF  0x0001
#define EFLG_PF  0x0004
#define EFLG_AF  0x0010
#define EFLG_ZF  0x0040
#define EFLG_SF  0x0080
#define EFLG_DF  0x0400
#define EFLG_OF  0x0800
#define EFLG_ARITH (EFLG_CF | EFLG_PF | EFLG_AF | EFLG_ZF | EFLG_SF | EFLG_OF)

/*
 * dst op src on bytes-wide values (flags.c).  Updates the arithmetic
 * flags in *rflags as the CPU does and returns the result, truncated to
 * bytes.  CMP and TEST return dst unchanged (the caller writes nothing).
 */
uint64_t x86_alu(enum x86_alu_op op, uint64_t dst, uint64_t src,
                 unsigned int bytes, uint64_t *rflags);

/* All ones in the low bytes * 8 bits. */
static inline uint64_t x86_size_mask(unsigned int bytes)
{
    return bytes >= 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
}

/* v, bytes wide, sign-extended to 64 bits. */
static inline int64_t x86_sext(uint64_t v, unsigned int bytes)
{
    unsigned int shift = 64 - bytes * 8;

    return bytes >= 8 ? (int64_t)v : (int64_t)(v << shift) >> shift;
}

#endif /* X86_EMULATE_PRIVATE_H */
