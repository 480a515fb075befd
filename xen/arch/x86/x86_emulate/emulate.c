/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulator: executes one decoded instruction of the set MMIO needs
 * (MOV forms, ALU, TEST, XCHG, INC/DEC/NOT/NEG, BT*, MOVS/STOS/LODS,
 * MOVZX/MOVSX/MOVSXD, MOVNTI, MOV to/from CR) against the caller's
 * register file and memory hooks.  Dispatch is a table per opcode map;
 * an opcode with no handler is X86EMUL_UNHANDLEABLE.
 *
 * Ordering: every handler reads its operands, computes, and only then
 * writes memory and finally registers and flags, so an exception or a
 * retry from a hook leaves the guest state as it was (REP iterations
 * already completed excepted, as on hardware).
 */
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/string.h>

#include "private.h"

struct emul_state {
    struct x86_emulate_ctxt *ctxt;
    const struct x86_emulate_ops *ops;
    const struct x86_insn *insn;
    struct x86_emul_regs *regs;
};

/* A register or memory operand, and the value read from it. */
struct operand {
    bool mem;
    unsigned int bytes;
    uint64_t val;
    unsigned int reg;               /* register number (!mem) */
    enum x86_segment seg;           /* (mem) */
    unsigned long linear;           /* (mem) */
};

typedef int (*handler_t)(struct emul_state *s);

int x86_emul_hw_exception(unsigned int vector, int error_code,
                          struct x86_emulate_ctxt *ctxt)
{
    memset(&ctxt->event, 0, sizeof(ctxt->event));
    ctxt->event.vector = vector;
    ctxt->event.has_error_code = error_code >= 0;
    ctxt->event.error_code = error_code >= 0 ? error_code : 0;
    return X86EMUL_EXCEPTION;
}

int x86_emul_pagefault(uint32_t error_code, unsigned long cr2,
                       struct x86_emulate_ctxt *ctxt)
{
    x86_emul_hw_exception(X86_EXC_PF, error_code, ctxt);
    ctxt->event.cr2 = cr2;
    return X86EMUL_EXCEPTION;
}

/* Byte registers 4-7 are AH, CH, DH, BH unless a REX prefix is present. */
static bool high_byte(const struct emul_state *s, unsigned int reg,
                      unsigned int bytes)
{
    return bytes == 1 && !s->insn->rex && reg >= 4 && reg < 8;
}

static uint64_t reg_read(const struct emul_state *s, unsigned int reg,
                         unsigned int bytes)
{
    if ( high_byte(s, reg, bytes) )
        return (s->regs->gpr[reg - 4] >> 8) & 0xff;
    return s->regs->gpr[reg] & x86_size_mask(bytes);
}

/*
 * 8- and 16-bit writes merge into the register; 32-bit writes clear the
 * upper half (AMD APM vol. 1, "General-Purpose Registers in 64-Bit
 * Mode"), 64-bit writes replace it.
 */
static void reg_write(struct emul_state *s, unsigned int reg,
                      unsigned int bytes, uint64_t val)
{
    uint64_t *r = &s->regs->gpr[reg];
    uint64_t mask = x86_size_mask(bytes);

    if ( high_byte(s, reg, bytes) )
    {
        r = &s->regs->gpr[reg - 4];
        *r = (*r & ~0xff00ULL) | ((val & 0xff) << 8);
    }
    else if ( bytes >= 4 )
        *r = val & mask;
    else
        *r = (*r & ~mask) | (val & mask);
}

/* seg:offset to linear, with the 64-bit canonical check. */
static int mem_operand(struct emul_state *s, enum x86_segment seg,
                       unsigned long offset, unsigned int bytes,
                       struct operand *op)
{
    offset &= x86_size_mask(s->insn->ad_bytes);
    memset(op, 0, sizeof(*op));
    op->mem = true;
    op->bytes = bytes;
    op->seg = seg;
    if ( !x86_seg_linear(s->regs, s->ctxt->mode, seg, offset, &op->linear) )
        return x86_emul_hw_exception(seg == x86_seg_ss ? X86_EXC_SS
                                                       : X86_EXC_GP,
                                     0, s->ctxt);
    return X86EMUL_OKAY;
}

static void reg_operand(unsigned int reg, unsigned int bytes,
                        struct operand *op)
{
    memset(op, 0, sizeof(*op));
    op->reg = reg;
    op->bytes = bytes;
}

/* The ModRM r/m operand; extra moves a memory operand (BT bit offsets). */
static int rm_operand(struct emul_state *s, unsigned int bytes, long extra,
                      struct operand *op)
{
    const struct x86_insn *insn = s->insn;

    if ( insn->mod == 3 )
    {
        reg_operand(insn->rm, bytes, op);
        return X86EMUL_OKAY;
    }
    return mem_operand(s, x86_insn_mem_seg(insn),
                       x86_insn_mem_offset(insn, s->regs) + extra, bytes, op);
}

static int op_load(struct emul_state *s, struct operand *op)
{
    if ( !op->mem )
    {
        op->val = reg_read(s, op->reg, op->bytes);
        return X86EMUL_OKAY;
    }
    if ( !s->ops->read )
        return X86EMUL_UNHANDLEABLE;
    op->val = 0;
    return s->ops->read(op->seg, op->linear, &op->val, op->bytes, s->ctxt);
}

static int op_store(struct emul_state *s, const struct operand *op,
                    uint64_t val)
{
    if ( !op->mem )
    {
        reg_write(s, op->reg, op->bytes, val);
        return X86EMUL_OKAY;
    }
    if ( !s->ops->write )
        return X86EMUL_UNHANDLEABLE;
    return s->ops->write(op->seg, op->linear, &val, op->bytes, s->ctxt);
}

/* r/m operand, loaded. */
static int load_rm(struct emul_state *s, unsigned int bytes,
                   struct operand *op)
{
    int rc = rm_operand(s, bytes, 0, op);

    return rc == X86EMUL_OKAY ? op_load(s, op) : rc;
}

/* Operand size of an opcode whose bit 0 selects byte or full size. */
static unsigned int size_bit0(const struct emul_state *s)
{
    return (s->insn->opcode & 1) ? s->insn->op_bytes : 1;
}

/* Immediate sign-extended to the operand size (imm32 for 64-bit ops). */
static uint64_t imm_val(const struct emul_state *s, unsigned int bytes)
{
    return (uint64_t)x86_insn_imm(s->insn) & x86_size_mask(bytes);
}

/* dst = dst op src, storing unless CMP/TEST; flags after the store. */
static int alu_apply(struct emul_state *s, enum x86_alu_op op,
                     const struct operand *dst, uint64_t src)
{
    uint64_t flags = s->regs->rflags;
    uint64_t res = x86_alu(op, dst->val, src, dst->bytes, &flags);
    int rc = X86EMUL_OKAY;

    if ( op != ALU_CMP && op != ALU_TEST )
        rc = op_store(s, dst, res);
    if ( rc == X86EMUL_OKAY )
        s->regs->rflags = flags;
    return rc;
}

/* 00-3D: the eight ALU operations in their six forms each. */
static int em_alu(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    unsigned int form = insn->opcode & 7, bytes = size_bit0(s);
    struct operand e, g;
    int rc;

    if ( form >= 4 )
    {
        reg_operand(0, bytes, &g);
        op_load(s, &g);
        return alu_apply(s, insn->opcode >> 3, &g, imm_val(s, bytes));
    }
    rc = load_rm(s, bytes, &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_operand(insn->reg, bytes, &g);
    op_load(s, &g);
    if ( form < 2 )
        return alu_apply(s, insn->opcode >> 3, &e, g.val);
    return alu_apply(s, insn->opcode >> 3, &g, e.val);
}

/* 80-83: ALU op (ModRM.reg) r/m, imm. */
static int em_alu_imm(struct emul_state *s)
{
    unsigned int bytes = (s->insn->opcode & 1) ? s->insn->op_bytes : 1;
    struct operand e;
    int rc = load_rm(s, bytes, &e);

    if ( rc != X86EMUL_OKAY )
        return rc;
    return alu_apply(s, s->insn->reg & 7, &e, imm_val(s, bytes));
}

/* 84/85 TEST r/m, reg; A8/A9 TEST rAX, imm. */
static int em_test(struct emul_state *s)
{
    unsigned int bytes = size_bit0(s);
    struct operand e, g;
    int rc;

    if ( s->insn->opcode >= 0xa8 )
    {
        reg_operand(0, bytes, &g);
        op_load(s, &g);
        return alu_apply(s, ALU_TEST, &g, imm_val(s, bytes));
    }
    rc = load_rm(s, bytes, &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_operand(s->insn->reg, bytes, &g);
    op_load(s, &g);
    return alu_apply(s, ALU_TEST, &e, g.val);
}

/* 86/87 XCHG r/m, reg (not atomic against other vCPUs). */
static int em_xchg(struct emul_state *s)
{
    unsigned int bytes = size_bit0(s);
    struct operand e, g;
    int rc = load_rm(s, bytes, &e);

    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_operand(s->insn->reg, bytes, &g);
    op_load(s, &g);
    rc = op_store(s, &e, g.val);
    if ( rc == X86EMUL_OKAY )
        op_store(s, &g, e.val);
    return rc;
}

/* 88-8B MOV between r/m and reg. */
static int em_mov(struct emul_state *s)
{
    unsigned int bytes = size_bit0(s);
    struct operand e, g;
    int rc;

    reg_operand(s->insn->reg, bytes, &g);
    if ( s->insn->opcode & 2 )
    {
        rc = load_rm(s, bytes, &e);
        return rc == X86EMUL_OKAY ? op_store(s, &g, e.val) : rc;
    }
    op_load(s, &g);
    rc = rm_operand(s, bytes, 0, &e);
    return rc == X86EMUL_OKAY ? op_store(s, &e, g.val) : rc;
}

/* A0-A3 MOV between rAX and an absolute offset. */
static int em_mov_moffs(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    enum x86_segment seg = insn->seg == x86_seg_none ? x86_seg_ds
                                                     : insn->seg;
    unsigned int bytes = size_bit0(s);
    struct operand m, a;
    int rc = mem_operand(s, seg, insn->imm, bytes, &m);

    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_operand(0, bytes, &a);
    if ( insn->opcode & 2 )
    {
        op_load(s, &a);
        return op_store(s, &m, a.val);
    }
    rc = op_load(s, &m);
    return rc == X86EMUL_OKAY ? op_store(s, &a, m.val) : rc;
}

/* B0-BF MOV reg, imm. */
static int em_mov_imm_reg(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    unsigned int bytes = insn->opcode < 0xb8 ? 1 : insn->op_bytes;
    struct operand r;

    reg_operand((insn->opcode & 7) | ((insn->rex & 1) << 3), bytes, &r);
    return op_store(s, &r, insn->imm);
}

/* C6/C7 /0 MOV r/m, imm. */
static int em_mov_imm(struct emul_state *s)
{
    unsigned int bytes = size_bit0(s);
    struct operand e;
    int rc;

    if ( s->insn->reg & 7 )
        return X86EMUL_UNHANDLEABLE;    /* XABORT, XBEGIN */
    rc = rm_operand(s, bytes, 0, &e);
    return rc == X86EMUL_OKAY ? op_store(s, &e, imm_val(s, bytes)) : rc;
}

/* 63 MOVSXD in 64-bit mode (ARPL elsewhere is not emulated). */
static int em_movsxd(struct emul_state *s)
{
    struct operand e, g;
    int rc;

    if ( s->ctxt->mode != X86_MODE_64 )
        return X86EMUL_UNHANDLEABLE;
    rc = load_rm(s, s->insn->op_bytes == 2 ? 2 : 4, &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_operand(s->insn->reg, s->insn->op_bytes, &g);
    return op_store(s, &g, x86_sext(e.val, e.bytes));
}

/* 0F B6/B7 MOVZX, 0F BE/BF MOVSX. */
static int em_movx(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    struct operand e, g;
    int rc = load_rm(s, (insn->opcode & 1) ? 2 : 1, &e);
    uint64_t v = e.val;

    if ( rc != X86EMUL_OKAY )
        return rc;
    if ( insn->opcode & 8 )
        v = x86_sext(v, e.bytes);
    reg_operand(insn->reg, insn->op_bytes, &g);
    return op_store(s, &g, v);
}

/* 0F C3 MOVNTI m32/m64, reg: a plain store for emulation purposes. */
static int em_movnti(struct emul_state *s)
{
    unsigned int bytes = s->insn->op_bytes;
    struct operand e, g;
    int rc;

    if ( bytes == 2 )
        return x86_emul_hw_exception(X86_EXC_UD, -1, s->ctxt);
    reg_operand(s->insn->reg, bytes, &g);
    op_load(s, &g);
    rc = rm_operand(s, bytes, 0, &e);
    return rc == X86EMUL_OKAY ? op_store(s, &e, g.val) : rc;
}

/* F6/F7: TEST imm, NOT, NEG; MUL and DIV are not emulated. */
static int em_grp3(struct emul_state *s)
{
    static const uint8_t ops[4] = { ALU_TEST, ALU_TEST, ALU_NOT, ALU_NEG };
    unsigned int r = s->insn->reg & 7;
    struct operand e;
    int rc;

    if ( r >= 4 )
        return X86EMUL_UNHANDLEABLE;
    rc = load_rm(s, size_bit0(s), &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    return alu_apply(s, ops[r], &e, r < 2 ? imm_val(s, e.bytes) : 0);
}

/* FE/FF /0 INC, /1 DEC; the FF branches and pushes are not emulated. */
static int em_grp45(struct emul_state *s)
{
    unsigned int r = s->insn->reg & 7;
    struct operand e;
    int rc;

    if ( r >= 2 )
        return X86EMUL_UNHANDLEABLE;
    rc = load_rm(s, size_bit0(s), &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    return alu_apply(s, r ? ALU_DEC : ALU_INC, &e, 0);
}

/* BT, BTS, BTR, BTC (op 0-3) on bit `bit' of an operand already loaded. */
static int bt_apply(struct emul_state *s, unsigned int op,
                    const struct operand *e, unsigned int bit)
{
    uint64_t m = 1ULL << bit, v = e->val;
    bool was = v & m;
    int rc = X86EMUL_OKAY;

    if ( op == 1 )
        v |= m;
    else if ( op == 2 )
        v &= ~m;
    else if ( op == 3 )
        v ^= m;
    if ( op )
        rc = op_store(s, e, v);
    if ( rc == X86EMUL_OKAY )
        s->regs->rflags = (s->regs->rflags & ~(uint64_t)EFLG_CF) |
                          (was ? EFLG_CF : 0);
    return rc;
}

/*
 * 0F A3/AB/B3/BB: the bit offset in a register is signed and, with a
 * memory operand, may address outside it (Intel SDM vol. 2, BT: "bit
 * base, bit offset").
 */
static int em_bt(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    unsigned int bytes = insn->op_bytes, bits = bytes * 8;
    int64_t off = x86_sext(reg_read(s, insn->reg, bytes), bytes);
    long extra = 0;
    struct operand e;
    int rc;

    if ( insn->mod != 3 )
        extra = (off >> (bytes == 2 ? 4 : bytes == 4 ? 5 : 6)) * bytes;
    rc = rm_operand(s, bytes, extra, &e);
    if ( rc == X86EMUL_OKAY )
        rc = op_load(s, &e);
    if ( rc != X86EMUL_OKAY )
        return rc;
    return bt_apply(s, (insn->opcode >> 3) & 3, &e, off & (bits - 1));
}

/* 0F BA /4-/7: the immediate offset is taken modulo the operand size. */
static int em_bt_imm(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    struct operand e;
    int rc = load_rm(s, insn->op_bytes, &e);

    if ( rc != X86EMUL_OKAY )
        return rc;
    return bt_apply(s, (insn->reg & 7) - 4, &e,
                    insn->imm & (insn->op_bytes * 8 - 1));
}

/*
 * Address-size register update for string instructions: rSI, rDI, rCX
 * change only in their low ad_bytes (a 32-bit one clears the upper half,
 * as any 32-bit register write does).
 */
static void addr_reg_set(struct emul_state *s, unsigned int reg,
                         uint64_t val)
{
    reg_write(s, reg, s->insn->ad_bytes, val);
}

static void addr_reg_step(struct emul_state *s, unsigned int reg,
                          unsigned int bytes)
{
    uint64_t v = s->regs->gpr[reg];

    addr_reg_set(s, reg, s->regs->rflags & EFLG_DF ? v - bytes : v + bytes);
}

/* One MOVS element: DS:rSI (or the override) to ES:rDI. */
static int string_movs(struct emul_state *s, enum x86_segment src,
                       unsigned int bytes)
{
    struct operand m, d;
    int rc = mem_operand(s, src, s->regs->rsi, bytes, &m);

    if ( rc == X86EMUL_OKAY )
        rc = mem_operand(s, x86_seg_es, s->regs->rdi, bytes, &d);
    if ( rc == X86EMUL_OKAY )
        rc = op_load(s, &m);
    if ( rc == X86EMUL_OKAY )
        rc = op_store(s, &d, m.val);
    if ( rc != X86EMUL_OKAY )
        return rc;
    addr_reg_step(s, 6, bytes);
    addr_reg_step(s, 7, bytes);
    return X86EMUL_OKAY;
}

/* One STOS element: rAX to ES:rDI. */
static int string_stos(struct emul_state *s, unsigned int bytes)
{
    struct operand d;
    int rc = mem_operand(s, x86_seg_es, s->regs->rdi, bytes, &d);

    if ( rc == X86EMUL_OKAY )
        rc = op_store(s, &d, reg_read(s, 0, bytes));
    if ( rc == X86EMUL_OKAY )
        addr_reg_step(s, 7, bytes);
    return rc;
}

/* One LODS element: DS:rSI (or the override) to rAX. */
static int string_lods(struct emul_state *s, enum x86_segment src,
                       unsigned int bytes)
{
    struct operand m;
    int rc = mem_operand(s, src, s->regs->rsi, bytes, &m);

    if ( rc == X86EMUL_OKAY )
        rc = op_load(s, &m);
    if ( rc != X86EMUL_OKAY )
        return rc;
    reg_write(s, 0, bytes, m.val);
    addr_reg_step(s, 6, bytes);
    return X86EMUL_OKAY;
}

static int string_once(struct emul_state *s, unsigned int bytes)
{
    const struct x86_insn *insn = s->insn;
    enum x86_segment src = insn->seg == x86_seg_none ? x86_seg_ds
                                                     : insn->seg;

    switch ( insn->opcode & ~1 )
    {
    case 0xa4: return string_movs(s, src, bytes);
    case 0xaa: return string_stos(s, bytes);
    default: return string_lods(s, src, bytes);
    }
}

/*
 * A REP string instruction whose count is zero moves nothing, and what it
 * does to the registers it would have stepped is left to the vendor.  With
 * a 32-bit address size in 64-bit mode, Intel CPUs write ECX (clearing the
 * upper half of RCX) and zero-extend the pointers of MOVS (RSI, RDI) and
 * STOS (RDI), not LODS's RSI; AMD CPUs leave all three as they are.  (Xen's
 * x86_emulate since its commit 5310a042c4 "further correct 64-bit mode zero
 * count repeated string insn handling"; measured on an AMD EPYC host.)
 * Elsewhere the count register reads zero already and the upper halves are
 * not visible.
 */
static void rep_zero_count(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    unsigned int op = insn->opcode & ~1;
    struct x86_emul_regs *r = s->regs;

    if ( s->ctxt->amd_like || s->ctxt->mode != X86_MODE_64 ||
         insn->ad_bytes != 4 )
        return;
    r->rcx = 0;
    if ( op == 0xa4 )
        r->rsi = (uint32_t)r->rsi;
    if ( op == 0xa4 || op == 0xaa )
        r->rdi = (uint32_t)r->rdi;
}

/*
 * A4/A5 MOVS, AA/AB STOS, AC/AD LODS, with REP (F2 and F3 alike) for up
 * to max_reps elements per call.
 */
static int em_string(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    uint64_t count = s->regs->rcx & x86_size_mask(insn->ad_bytes);
    unsigned int i, reps = s->ctxt->max_reps ?: 1;
    int rc;

    if ( insn->rep && !count )
    {
        rep_zero_count(s);
        return X86EMUL_OKAY;
    }
    for ( i = 0; i < reps; i++ )
    {
        rc = string_once(s, size_bit0(s));
        if ( rc != X86EMUL_OKAY || !insn->rep )
            return rc;
        addr_reg_set(s, 1, --count);
        if ( !count )
            return X86EMUL_OKAY;
    }
    s->ctxt->rep_more = true;
    return X86EMUL_OKAY;
}

/*
 * 0F 20 / 0F 22 MOV from/to CR0, CR2, CR3, CR4, CR8: CPL 0 only, 64-bit
 * operands in long mode, 32-bit otherwise (operand-size prefixes are
 * ignored).
 */
static int em_mov_cr(struct emul_state *s)
{
    const struct x86_insn *insn = s->insn;
    struct x86_emulate_ctxt *ctxt = s->ctxt;
    unsigned int cr = insn->reg, bytes = ctxt->mode == X86_MODE_64 ? 8 : 4;
    unsigned long v;
    int rc;

    if ( ctxt->mode == X86_MODE_VM86 || ctxt->cpl )
        return x86_emul_hw_exception(X86_EXC_GP, 0, ctxt);
    if ( cr == 1 || (cr > 4 && cr != 8) || (cr == 8 && bytes != 8) )
        return x86_emul_hw_exception(X86_EXC_UD, -1, ctxt);
    if ( insn->opcode == 0x22 )
        return s->ops->write_cr ? s->ops->write_cr(cr, s->regs->gpr[insn->rm] &
                                                   x86_size_mask(bytes), ctxt)
                                : X86EMUL_UNHANDLEABLE;
    if ( !s->ops->read_cr )
        return X86EMUL_UNHANDLEABLE;
    rc = s->ops->read_cr(cr, &v, ctxt);
    if ( rc == X86EMUL_OKAY )
        reg_write(s, insn->rm, bytes, v);
    return rc;
}

static const handler_t onebyte[256] = {
    [0x00 ... 0x05] = em_alu, [0x08 ... 0x0d] = em_alu,
    [0x10 ... 0x15] = em_alu, [0x18 ... 0x1d] = em_alu,
    [0x20 ... 0x25] = em_alu, [0x28 ... 0x2d] = em_alu,
    [0x30 ... 0x35] = em_alu, [0x38 ... 0x3d] = em_alu,
    [0x63] = em_movsxd,
    [0x80 ... 0x83] = em_alu_imm,
    [0x84 ... 0x85] = em_test,
    [0x86 ... 0x87] = em_xchg,
    [0x88 ... 0x8b] = em_mov,
    [0xa0 ... 0xa3] = em_mov_moffs,
    [0xa4 ... 0xa5] = em_string,
    [0xa8 ... 0xa9] = em_test,
    [0xaa ... 0xad] = em_string,
    [0xb0 ... 0xbf] = em_mov_imm_reg,
    [0xc6 ... 0xc7] = em_mov_imm,
    [0xf6 ... 0xf7] = em_grp3,
    [0xfe ... 0xff] = em_grp45,
};

static const handler_t twobyte[256] = {
    [0x20] = em_mov_cr, [0x22] = em_mov_cr,
    [0xa3] = em_bt, [0xab] = em_bt, [0xb3] = em_bt, [0xbb] = em_bt,
    [0xba] = em_bt_imm,
    [0xb6 ... 0xb7] = em_movx, [0xbe ... 0xbf] = em_movx,
    [0xc3] = em_movnti,
};

static handler_t find_handler(const struct x86_insn *insn)
{
    if ( insn->vex )
        return NULL;
    if ( insn->map == X86_MAP_1B )
        return onebyte[insn->opcode];
    if ( insn->map == X86_MAP_0F )
        return twobyte[insn->opcode];
    return NULL;
}

/* rip wraps at the code segment's width. */
static void advance_rip(struct x86_emulate_ctxt *ctxt, unsigned int len)
{
    uint64_t rip = ctxt->regs->rip + len;

    if ( ctxt->mode == X86_MODE_PROT32 )
        rip = (uint32_t)rip;
    else if ( ctxt->mode != X86_MODE_64 )
        rip = (uint16_t)rip;
    ctxt->regs->rip = rip;
}

int x86_emulate_insn(struct x86_emulate_ctxt *ctxt,
                     const struct x86_emulate_ops *ops)
{
    struct emul_state s = {
        .ctxt = ctxt, .ops = ops, .insn = &ctxt->insn, .regs = ctxt->regs,
    };
    handler_t fn = find_handler(&ctxt->insn);
    int rc;

    ctxt->rep_more = false;
    if ( !fn )
        return X86EMUL_UNHANDLEABLE;
    rc = fn(&s);
    if ( rc == X86EMUL_OKAY && !ctxt->rep_more )
        advance_rip(ctxt, ctxt->insn.len);
    return rc;
}

int x86_emulate(struct x86_emulate_ctxt *ctxt,
                const struct x86_emulate_ops *ops)
{
    int rc;

    ctxt->rep_more = false;
    rc = x86_decode(&ctxt->insn, ctxt, ops);
    if ( rc != X86EMUL_OKAY )
        return rc;
    return x86_emulate_insn(ctxt, ops);
}
