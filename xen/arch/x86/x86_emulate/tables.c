/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Opcode attribute tables for the decoder: which opcodes take a ModRM
 * byte, what immediate follows, and which are invalid, 64-bit-default,
 * or lockable.  Rows follow the opcode maps of the AMD APM vol. 3,
 * appendix A ("Opcode and Operand Encodings").  The 0F 38 map is all
 * ModRM and the 0F 3A map all ModRM + imm8, so they need no table.
 */
#include <xen/types.h>

#include "private.h"

#define M    OPC_MODRM
#define ML   (OPC_MODRM | OPC_LOCK)
#define MB   (OPC_MODRM | OPC_IB)
#define MZ   (OPC_MODRM | OPC_IZ)
#define MG   (OPC_MODRM | OPC_GROUP)
#define MM   (OPC_MODRM | OPC_MEMONLY)
#define IB   OPC_IB
#define IW   OPC_IW
#define IZ   OPC_IZ
#define IV   OPC_IV
#define IA   OPC_IA
#define D64  OPC_D64
#define I64  OPC_I64
#define INV  OPC_INV
#define PFX  OPC_PREFIX

/* ALU row: op Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / rAX,Iz. */
#define ALU  ML, ML, M, M, IB, IZ

const uint16_t x86_opc_onebyte[256] = {
    /* 0x00 */ ALU, I64, I64, ALU, I64, 0,
    /* 0x10 */ ALU, I64, I64, ALU, I64, I64,
    /* 0x20 */ ALU, PFX, I64, ALU, PFX, I64,
    /* 0x30 */ ALU, PFX, I64, M, M, M, M, IB, IZ, PFX, I64,
    /* 0x40 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x50 */ D64, D64, D64, D64, D64, D64, D64, D64,
               D64, D64, D64, D64, D64, D64, D64, D64,
    /* 0x60 */ I64, I64, MM | I64, M, PFX, PFX, PFX, PFX,
               IZ | D64, MZ, IB | D64, MB, 0, 0, 0, 0,
    /* 0x70 */ IB | D64, IB | D64, IB | D64, IB | D64,
               IB | D64, IB | D64, IB | D64, IB | D64,
               IB | D64, IB | D64, IB | D64, IB | D64,
               IB | D64, IB | D64, IB | D64, IB | D64,
    /* 0x80 */ MB | OPC_GROUP, MZ | OPC_GROUP, MB | OPC_GROUP | I64,
               MB | OPC_GROUP, M, M, ML, ML, M, M, M, M, M, MM, M, MG | D64,
    /* 0x90 */ 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, OPC_IP | I64, 0, D64, D64, 0, 0,
    /* 0xa0 */ IA, IA, IA, IA, 0, 0, 0, 0, IB, IZ, 0, 0, 0, 0, 0, 0,
    /* 0xb0 */ IB, IB, IB, IB, IB, IB, IB, IB,
               IV, IV, IV, IV, IV, IV, IV, IV,
    /* 0xc0 */ MB, MB, IW | D64, D64, MM | I64, MM | I64, MB | OPC_GROUP,
               MZ | OPC_GROUP, OPC_IWB, D64, IW, 0, 0, IB, I64, 0,
    /* 0xd0 */ M, M, M, M, IB | I64, IB | I64, I64, 0,
               M, M, M, M, M, M, M, M,
    /* 0xe0 */ IB | D64, IB | D64, IB | D64, IB | D64, IB, IB, IB, IB,
               IZ | D64, IZ | D64, OPC_IP | I64, IB | D64, 0, 0, 0, 0,
    /* 0xf0 */ PFX, 0, PFX, PFX, 0, 0, MG, MG,
               0, 0, 0, 0, 0, 0, MG, MG,
};

const uint16_t x86_opc_twobyte[256] = {
    /* 0x00 */ M, MG, M, M, INV, 0, 0, 0, 0, 0, INV, INV, INV, M, 0, MB,
    /* 0x10 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0x20 */ M | OPC_MODREG, M | OPC_MODREG, M | OPC_MODREG,
               M | OPC_MODREG, INV, INV, INV, INV, M, M, M, M, M, M, M, M,
    /* 0x30 */ 0, 0, 0, 0, 0, 0, INV, 0, INV, INV, INV, INV, INV, INV,
               INV, INV,
    /* 0x40 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0x50 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0x60 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0x70 */ MB, MB, MB, MB, M, M, M, 0, MG, M, INV, INV, M, M, M, M,
    /* 0x80 */ IZ | D64, IZ | D64, IZ | D64, IZ | D64,
               IZ | D64, IZ | D64, IZ | D64, IZ | D64,
               IZ | D64, IZ | D64, IZ | D64, IZ | D64,
               IZ | D64, IZ | D64, IZ | D64, IZ | D64,
    /* 0x90 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0xa0 */ D64, D64, 0, M, MB, M, INV, INV,
               D64, D64, 0, ML, MB, M, MG, M,
    /* 0xb0 */ ML, ML, MM, ML, MM, MM, M, M,
               M, M | INV, MB | OPC_GROUP, ML, M, M, M, M,
    /* 0xc0 */ ML, ML, MB, MM, MB, MB, MB, MG, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xd0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0xe0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 0xf0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M | INV,
};
