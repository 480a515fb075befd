/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 instruction decoder and a small emulator for the memory-operand
 * instructions that hit emulated MMIO (local APIC, IO-APIC, HPET, device
 * BARs).  Under SVM without NRIP save or decode assists the hypervisor has
 * to find instruction lengths itself, and has to decode and emulate every
 * instruction that faults on an MMIO page.
 *
 * Two entry points:
 *  - x86_decode(): length and structure of any instruction (legacy,
 *    REX, VEX, EVEX prefixes; one-byte, 0F, 0F38, 0F3A, 3DNow! maps);
 *  - x86_emulate(): decode and execute one instruction of the supported
 *    set (MOV forms, ALU ops, TEST, XCHG, INC/DEC/NOT/NEG, BT*, MOVS,
 *    STOS, LODS, MOVZX/MOVSX, MOVNTI, MOV to/from CR) through an ops table.
 *
 * Neither keeps state between calls, takes a lock or allocates memory.
 */
#ifndef X86_X86_EMULATE_H
#define X86_X86_EMULATE_H

#include <xen/types.h>

/* Return codes of the decoder, the emulator and every ops hook. */
#define X86EMUL_OKAY          0 /* done; rip advanced past the instruction */
#define X86EMUL_UNHANDLEABLE  1 /* not emulated: the caller decides */
#define X86EMUL_EXCEPTION     2 /* ctxt->event holds the fault to inject */
#define X86EMUL_RETRY         3 /* try again later (hook asked for it) */

/* Exception vectors the decoder and emulator raise. */
#define X86_EXC_DE   0
#define X86_EXC_UD   6
#define X86_EXC_SS  12
#define X86_EXC_GP  13
#define X86_EXC_PF  14

/* Segment registers, in the order of their encoding in instructions. */
enum x86_segment {
    x86_seg_es,
    x86_seg_cs,
    x86_seg_ss,
    x86_seg_ds,
    x86_seg_fs,
    x86_seg_gs,
    /* Not instruction encodings: for the HVM layer's segment accessors. */
    x86_seg_tr,
    x86_seg_ldtr,
    x86_seg_gdtr,
    x86_seg_idtr,
    x86_seg_none,   /* no override prefix */
};

/*
 * CPU mode at the instruction: selects default operand and address size
 * (CS.D in protected mode, CS.L with EFER.LMA in long mode).
 */
enum x86_mode {
    X86_MODE_REAL,      /* real mode: 16-bit, no VEX */
    X86_MODE_VM86,      /* virtual-8086: 16-bit, CPL 3 */
    X86_MODE_PROT16,    /* protected or compatibility mode, CS.D = 0 */
    X86_MODE_PROT32,    /* protected or compatibility mode, CS.D = 1 */
    X86_MODE_64,        /* 64-bit long mode (CS.L = 1) */
};

/*
 * The register file the emulator reads and writes.  gpr[] is indexed by
 * the register number of the encoding (0 = rAX ... 15 = r15); seg_base[]
 * by enum x86_segment.  In 64-bit mode only the FS and GS bases are used.
 */
struct x86_emul_regs {
    union {
        uint64_t gpr[16];
        struct {
            uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
            uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
        };
    };
    uint64_t rip;
    uint64_t rflags;
    uint64_t seg_base[6];
};

/* A fault for the caller to inject (valid with X86EMUL_EXCEPTION). */
struct x86_event {
    uint8_t vector;
    bool has_error_code;
    uint32_t error_code;
    uint64_t cr2;               /* faulting address for #PF */
};

/* Opcode maps (x86_insn.map). */
enum x86_opc_map {
    X86_MAP_1B,                 /* one-byte opcodes */
    X86_MAP_0F,                 /* 0F xx, and VEX/EVEX map 1 */
    X86_MAP_0F38,               /* 0F 38 xx, VEX/EVEX map 2 */
    X86_MAP_0F3A,               /* 0F 3A xx, VEX/EVEX map 3 */
    X86_MAP_3DNOW,              /* 0F 0F modrm ib: opcode is the ib */
    X86_MAP_EVEX5,              /* EVEX map 5 (AVX512-FP16) */
    X86_MAP_EVEX6,              /* EVEX map 6 (AVX512-FP16) */
};

/* x86_insn.vex: which vector prefix the instruction carries. */
#define X86_VEX_NONE  0
#define X86_VEX_2B    0xc5
#define X86_VEX_3B    0xc4
#define X86_EVEX      0x62

/*
 * A decoded instruction.  reg and rm include REX.R / REX.B (and VEX/EVEX
 * R, B); for a register operand rm is the register number.  disp is
 * sign-extended; imm and imm2 are the raw little-endian immediates,
 * zero-extended (x86_insn_imm() sign-extends).
 */
struct x86_insn {
    uint8_t len;                /* total length, 1..15 */
    uint8_t mode;               /* enum x86_mode it was decoded in */
    uint8_t map;                /* enum x86_opc_map */
    uint8_t opcode;
    uint8_t op_bytes;           /* operand size: 2, 4 or 8 */
    uint8_t ad_bytes;           /* address size: 2, 4 or 8 */
    uint8_t rep;                /* 0, 0xf2 or 0xf3 (the last one given) */
    uint8_t seg;                /* override, or x86_seg_none */
    bool lock;
    bool opsize_prefix;         /* 66 present */
    bool adsize_prefix;         /* 67 present */
    uint8_t rex;                /* 0, or the REX byte 0x40-0x4f */
    uint8_t vex;                /* X86_VEX_NONE, X86_VEX_2B/3B, X86_EVEX */
    uint8_t vex_pp, vex_l, vex_w, vex_vvvv;
    uint8_t nr_prefixes;        /* legacy + REX bytes before the opcode */

    bool has_modrm;
    bool has_sib;
    bool rip_rel;               /* RIP-relative memory operand */
    uint8_t modrm, mod, reg, rm;
    uint8_t sib;
    uint8_t disp_bytes;
    int64_t disp;
    uint8_t imm_bytes, imm2_bytes;
    uint64_t imm, imm2;

    uint8_t bytes[15];          /* the instruction itself */
};

struct x86_emulate_ctxt;

/*
 * Hooks the caller provides.  Each returns X86EMUL_OKAY, or
 * X86EMUL_EXCEPTION after filling ctxt->event (x86_emul_hw_exception(),
 * x86_emul_pagefault()), or X86EMUL_UNHANDLEABLE / X86EMUL_RETRY, which
 * the emulator passes back unchanged.  Addresses are guest-linear; seg is
 * the segment they were formed from (for limit checks, if the caller
 * makes them).  A hook the caller leaves NULL makes the instructions
 * needing it X86EMUL_UNHANDLEABLE.
 */
struct x86_emulate_ops {
    /* Read exactly bytes (<= 15) of instruction at linear. */
    int (*insn_fetch)(unsigned long linear, void *buf, unsigned int bytes,
                      struct x86_emulate_ctxt *ctxt);
    /* Data access of 1, 2, 4 or 8 bytes. */
    int (*read)(enum x86_segment seg, unsigned long linear, void *val,
                unsigned int bytes, struct x86_emulate_ctxt *ctxt);
    int (*write)(enum x86_segment seg, unsigned long linear,
                 const void *val, unsigned int bytes,
                 struct x86_emulate_ctxt *ctxt);
    /* Control registers 0, 2, 3, 4, 8. */
    int (*read_cr)(unsigned int reg, unsigned long *val,
                   struct x86_emulate_ctxt *ctxt);
    int (*write_cr)(unsigned int reg, unsigned long val,
                    struct x86_emulate_ctxt *ctxt);
};

struct x86_emulate_ctxt {
    /* Set by the caller. */
    struct x86_emul_regs *regs; /* read and updated in place */
    enum x86_mode mode;
    unsigned int cpl;           /* for MOV CR; 3 in VM86 mode */
    unsigned int max_reps;      /* REP iterations per call; 0 means 1 */
    /*
     * The vendor the guest sees in CPUID is AMD (or Hygon): where the
     * architecture leaves a result to the vendor, behave as AMD CPUs do,
     * else as Intel's.
     */
    bool amd_like;
    void *data;                 /* the caller's, for its hooks */

    /* Set by x86_decode() / x86_emulate(). */
    struct x86_insn insn;
    struct x86_event event;     /* valid with X86EMUL_EXCEPTION */
    bool rep_more;              /* REP not finished: rip left unchanged */
};

/*
 * Decode the instruction at regs->seg_base[cs] + regs->rip (the CS base
 * counts only outside 64-bit mode), fetching through ops->insn_fetch.
 * Returns X86EMUL_OKAY with *insn filled, X86EMUL_EXCEPTION with
 * ctxt->event set (#UD for an invalid encoding, #GP(0) for one longer
 * than 15 bytes, or what the fetch hook raised), or what the hook
 * returned.
 */
int x86_decode(struct x86_insn *insn, struct x86_emulate_ctxt *ctxt,
               const struct x86_emulate_ops *ops);

/*
 * Decode from a buffer the caller already holds (len bytes).  Same
 * results as x86_decode(); X86EMUL_UNHANDLEABLE if the buffer ends before
 * the instruction does.  ev may be NULL.
 */
int x86_decode_bytes(struct x86_insn *insn, enum x86_mode mode,
                     const void *buf, unsigned int len, struct x86_event *ev);

/* The sign-extended first immediate. */
int64_t x86_insn_imm(const struct x86_insn *insn);

/*
 * Memory operand of a decoded instruction with a ModRM memory form
 * (insn->mod != 3): its offset within the segment (masked to the address
 * size; RIP-relative taken from regs->rip, which must still point at the
 * instruction) and the segment it is in (the override, else SS for
 * rBP/rSP bases, else DS).
 */
unsigned long x86_insn_mem_offset(const struct x86_insn *insn,
                                  const struct x86_emul_regs *regs);
enum x86_segment x86_insn_mem_seg(const struct x86_insn *insn);

/*
 * Linear address of seg:offset in mode.  Returns false if it is not
 * canonical in 64-bit mode (the access then takes #GP(0), or #SS(0)
 * through SS).  Segment limits are not checked.
 */
bool x86_seg_linear(const struct x86_emul_regs *regs, enum x86_mode mode,
                    enum x86_segment seg, unsigned long offset,
                    unsigned long *linear);

/*
 * Decode and execute one instruction at regs->rip.  On X86EMUL_OKAY the
 * registers, memory and rip are updated (for a REP string instruction
 * with iterations left, rip stays and ctxt->rep_more is set so the caller
 * can loop or re-enter the guest).  On any other return rip is unchanged
 * and nothing was written, except completed REP iterations.
 */
int x86_emulate(struct x86_emulate_ctxt *ctxt,
                const struct x86_emulate_ops *ops);

/* Execute ctxt->insn, already decoded at regs->rip. */
int x86_emulate_insn(struct x86_emulate_ctxt *ctxt,
                     const struct x86_emulate_ops *ops);

/* Helpers for hooks: record a fault and return X86EMUL_EXCEPTION. */
int x86_emul_hw_exception(unsigned int vector, int error_code,
                          struct x86_emulate_ctxt *ctxt);
int x86_emul_pagefault(uint32_t error_code, unsigned long cr2,
                       struct x86_emulate_ctxt *ctxt);

#endif /* X86_X86_EMULATE_H */
