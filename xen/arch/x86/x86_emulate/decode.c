/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction decoder: prefixes, opcode, ModRM/SIB, displacement and
 * immediates, giving the length and structure of one instruction.  The
 * encoding rules follow the AMD APM vol. 3, chapter 1 ("Instruction
 * Encoding") and the Intel SDM vol. 2, chapter 2 ("Instruction Format").
 */
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/string.h>

#include "private.h"

#define MAX_INSN_LEN 15
#define FETCH_PAGE   4096UL

/* Where the bytes come from: a fetch hook, or a buffer the caller holds. */
struct decode_state {
    struct x86_insn *insn;
    struct x86_emulate_ctxt *ctxt;          /* NULL when decoding a buffer */
    const struct x86_emulate_ops *ops;
    struct x86_event *ev;
    unsigned long linear;                   /* of the first byte */
    unsigned int have;                      /* bytes in insn->bytes */
    unsigned int pos;                       /* next byte to decode */
    uint16_t attr;                          /* opcode attributes */
};

static int decode_fault(struct decode_state *s, unsigned int vector)
{
    if ( s->ev )
    {
        memset(s->ev, 0, sizeof(*s->ev));
        s->ev->vector = vector;
        s->ev->has_error_code = vector == X86_EXC_GP;
    }
    return X86EMUL_EXCEPTION;
}

/*
 * Fetch the rest of the instruction's page (at most 15 bytes) first, and
 * the remainder only when a byte beyond it is needed: a fault on the next
 * page is then raised only for an instruction that really crosses it.
 */
static int fetch_more(struct decode_state *s)
{
    unsigned int n;
    int rc;

    if ( s->have >= MAX_INSN_LEN )
        return decode_fault(s, X86_EXC_GP);
    if ( !s->ops || !s->ops->insn_fetch )
        return X86EMUL_UNHANDLEABLE;
    if ( s->have )
        n = MAX_INSN_LEN - s->have;
    else
        n = min(MAX_INSN_LEN + 0UL,
                FETCH_PAGE - (s->linear & (FETCH_PAGE - 1)));
    rc = s->ops->insn_fetch(s->linear + s->have, s->insn->bytes + s->have,
                            n, s->ctxt);
    if ( rc == X86EMUL_OKAY )
        s->have += n;
    return rc;
}

static int peek(struct decode_state *s, unsigned int idx, uint8_t *b)
{
    int rc;

    while ( idx >= s->have )
    {
        if ( idx >= MAX_INSN_LEN )
            return decode_fault(s, X86_EXC_GP);
        rc = fetch_more(s);
        if ( rc != X86EMUL_OKAY )
            return rc;
    }
    *b = s->insn->bytes[idx];
    return X86EMUL_OKAY;
}

static int next_byte(struct decode_state *s, uint8_t *b)
{
    int rc = peek(s, s->pos, b);

    if ( rc == X86EMUL_OKAY )
        s->pos++;
    return rc;
}

/* Little-endian value of n bytes at the cursor. */
static int next_bytes(struct decode_state *s, unsigned int n, uint64_t *v)
{
    unsigned int i;
    uint8_t b;
    int rc;

    *v = 0;
    for ( i = 0; i < n; i++ )
    {
        rc = next_byte(s, &b);
        if ( rc != X86EMUL_OKAY )
            return rc;
        *v |= (uint64_t)b << (i * 8);
    }
    return X86EMUL_OKAY;
}

static bool is_long(const struct x86_insn *insn)
{
    return insn->mode == X86_MODE_64;
}

/* Default operand and address size (2 or 4; 4 in 64-bit mode). */
static unsigned int default_size(const struct x86_insn *insn)
{
    return insn->mode == X86_MODE_PROT32 || is_long(insn) ? 4 : 2;
}

static void legacy_prefix(struct x86_insn *insn, uint8_t b)
{
    switch ( b )
    {
    case 0x66: insn->opsize_prefix = true; break;
    case 0x67: insn->adsize_prefix = true; break;
    case 0xf0: insn->lock = true; break;
    case 0xf2: case 0xf3: insn->rep = b; break;
    case 0x26: insn->seg = x86_seg_es; break;
    case 0x2e: insn->seg = x86_seg_cs; break;
    case 0x36: insn->seg = x86_seg_ss; break;
    case 0x3e: insn->seg = x86_seg_ds; break;
    case 0x64: insn->seg = x86_seg_fs; break;
    case 0x65: insn->seg = x86_seg_gs; break;
    }
}

/*
 * Legacy prefixes and REX.  REX counts only as the last prefix before the
 * opcode; one followed by a legacy prefix is ignored.
 */
static int decode_prefixes(struct decode_state *s, uint8_t *opc)
{
    struct x86_insn *insn = s->insn;
    uint8_t b;
    int rc;

    for ( ; ; )
    {
        rc = next_byte(s, &b);
        if ( rc != X86EMUL_OKAY )
            return rc;
        if ( is_long(insn) && (b & 0xf0) == 0x40 )
            insn->rex = b;
        else if ( x86_opc_onebyte[b] & OPC_PREFIX )
        {
            legacy_prefix(insn, b);
            insn->rex = 0;
        }
        else
            break;
        insn->nr_prefixes++;
    }
    *opc = b;
    return X86EMUL_OKAY;
}

static void set_sizes(struct x86_insn *insn)
{
    unsigned int def = default_size(insn);

    if ( insn->rex & 8 )
        insn->op_bytes = 8;
    else if ( insn->opsize_prefix )
        insn->op_bytes = def == 2 ? 4 : 2;
    else
        insn->op_bytes = def;

    if ( is_long(insn) )
        insn->ad_bytes = insn->adsize_prefix ? 4 : 8;
    else if ( insn->adsize_prefix )
        insn->ad_bytes = def == 2 ? 4 : 2;
    else
        insn->ad_bytes = def;
}

/*
 * C4/C5 (VEX) and 62 (EVEX) outside 64-bit mode are LES/LDS/BOUND unless
 * the next byte has ModRM.mod == 3, which those cannot encode.  Real and
 * virtual-8086 mode know no VEX at all.
 */
static int is_vex(struct decode_state *s, uint8_t opc, bool *vex)
{
    uint8_t next;
    int rc;

    *vex = false;
    if ( opc != 0xc4 && opc != 0xc5 && opc != 0x62 )
        return X86EMUL_OKAY;
    if ( is_long(s->insn) )
    {
        *vex = true;
        return X86EMUL_OKAY;
    }
    if ( s->insn->mode == X86_MODE_REAL || s->insn->mode == X86_MODE_VM86 )
        return X86EMUL_OKAY;
    rc = peek(s, s->pos, &next);
    if ( rc == X86EMUL_OKAY )
        *vex = (next & 0xc0) == 0xc0;
    return rc;
}

/* Fold the inverted R, X, B and W bits into a REX-like value. */
static uint8_t vex_rex(uint8_t p0, bool w)
{
    uint8_t rex = 0x40 | ((~p0 >> 5) & 7) | (w ? 8 : 0);

    return rex;
}

static int decode_vex(struct decode_state *s, uint8_t opc)
{
    struct x86_insn *insn = s->insn;
    uint8_t p0, p1 = 0, p2;
    int rc;

    /* VEX and EVEX #UD after 66, F2, F3, REX or LOCK. */
    if ( insn->opsize_prefix || insn->rep || insn->rex || insn->lock )
        return decode_fault(s, X86_EXC_UD);
    insn->vex = opc;
    rc = next_byte(s, &p0);
    if ( rc == X86EMUL_OKAY && opc != X86_VEX_2B )
        rc = next_byte(s, &p1);
    if ( rc == X86EMUL_OKAY && opc == X86_EVEX )
        rc = next_byte(s, &p2);
    if ( rc != X86EMUL_OKAY )
        return rc;

    if ( opc == X86_VEX_2B )
    {
        insn->map = X86_MAP_0F;
        insn->rex = 0x40 | ((~p0 >> 5) & 4);
        p1 = p0;
    }
    else
        insn->rex = vex_rex(p0, p1 & 0x80);
    if ( !is_long(insn) )
        insn->rex &= ~7;    /* R, X, B are ignored outside 64-bit mode */
    insn->vex_w = p1 >> 7;
    insn->vex_vvvv = (~p1 >> 3) & 15;
    insn->vex_l = (p1 >> 2) & 1;
    insn->vex_pp = p1 & 3;

    if ( opc == X86_VEX_3B )
    {
        if ( (p0 & 0x1f) < 1 || (p0 & 0x1f) > 3 )
            return decode_fault(s, X86_EXC_UD);
        insn->map = p0 & 0x1f;
    }
    else if ( opc == X86_EVEX )
    {
        static const uint8_t evex_map[8] = {
            0xff, X86_MAP_0F, X86_MAP_0F38, X86_MAP_0F3A,
            0xff, X86_MAP_EVEX5, X86_MAP_EVEX6, 0xff,
        };

        /* P0 bit 3 reserved 0, P1 bit 2 fixed 1. */
        if ( (p0 & 8) || !(p1 & 4) || evex_map[p0 & 7] == 0xff )
            return decode_fault(s, X86_EXC_UD);
        insn->map = evex_map[p0 & 7];
        insn->vex_l = (p2 >> 5) & 3;
    }
    return next_byte(s, &insn->opcode);
}

/* Attributes of a VEX/EVEX opcode: only ModRM and the immediate matter. */
static uint16_t vex_attr(const struct x86_insn *insn)
{
    uint16_t a;

    switch ( insn->map )
    {
    case X86_MAP_0F:
        a = x86_opc_twobyte[insn->opcode] & (OPC_MODRM | OPC_IMM_MASK);
        if ( insn->opcode == 0x78 )     /* EXTRQ/INSERTQ have no VEX form */
            a = OPC_MODRM;
        break;
    case X86_MAP_0F3A:
        a = OPC_MODRM | OPC_IB;
        break;
    default:
        a = OPC_MODRM;
        break;
    }
    /* EVEX always has ModRM (there is no EVEX VZEROUPPER). */
    return insn->vex == X86_EVEX ? a | OPC_MODRM : a;
}

/* Opcode bytes after the prefixes: escapes, maps and VEX. */
static int decode_opcode(struct decode_state *s, uint8_t opc)
{
    struct x86_insn *insn = s->insn;
    bool vex;
    uint8_t b;
    int rc;

    rc = is_vex(s, opc, &vex);
    if ( rc != X86EMUL_OKAY )
        return rc;
    if ( vex )
    {
        rc = decode_vex(s, opc);
        s->attr = vex_attr(insn);
        return rc;
    }
    insn->map = X86_MAP_1B;
    insn->opcode = opc;
    s->attr = x86_opc_onebyte[opc];
    if ( opc != 0x0f )
        return X86EMUL_OKAY;

    rc = next_byte(s, &b);
    if ( rc != X86EMUL_OKAY )
        return rc;
    insn->map = X86_MAP_0F;
    insn->opcode = b;
    s->attr = x86_opc_twobyte[b];
    if ( b == 0x38 || b == 0x3a )
    {
        insn->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
        s->attr = b == 0x38 ? OPC_MODRM : OPC_MODRM | OPC_IB;
        rc = next_byte(s, &insn->opcode);
    }
    else if ( b == 0x0f )
        insn->map = X86_MAP_3DNOW;      /* the opcode is the trailing ib */
    return rc;
}

/* 16-bit addressing: no SIB; mod 0 rm 6 is disp16 alone. */
static unsigned int modrm16_disp(const struct x86_insn *insn)
{
    if ( insn->mod == 1 )
        return 1;
    if ( insn->mod == 2 || (insn->mod == 0 && (insn->rm & 7) == 6) )
        return 2;
    return 0;
}

/* 32/64-bit addressing: SIB, disp8/disp32, RIP-relative. */
static int modrm32(struct decode_state *s, unsigned int *disp)
{
    struct x86_insn *insn = s->insn;
    unsigned int base = insn->rm & 7;
    int rc;

    if ( base == 4 )
    {
        rc = next_byte(s, &insn->sib);
        if ( rc != X86EMUL_OKAY )
            return rc;
        insn->has_sib = true;
        base = insn->sib & 7;
    }
    if ( insn->mod == 1 )
        *disp = 1;
    else if ( insn->mod == 2 )
        *disp = 4;
    else if ( base == 5 )
    {
        *disp = 4;
        insn->rip_rel = !insn->has_sib && is_long(insn);
    }
    else
        *disp = 0;
    return X86EMUL_OKAY;
}

static int decode_modrm(struct decode_state *s)
{
    struct x86_insn *insn = s->insn;
    unsigned int disp = 0;
    uint64_t v;
    int rc;

    rc = next_byte(s, &insn->modrm);
    if ( rc != X86EMUL_OKAY )
        return rc;
    insn->has_modrm = true;
    insn->mod = insn->modrm >> 6;
    insn->reg = ((insn->modrm >> 3) & 7) | ((insn->rex & 4) << 1);
    insn->rm = (insn->modrm & 7) | ((insn->rex & 1) << 3);
    if ( s->attr & OPC_MODREG )
        insn->mod = 3;                  /* MOV CR/DR ignore mod */
    if ( insn->mod == 3 )
        return X86EMUL_OKAY;

    if ( insn->ad_bytes == 2 )
        disp = modrm16_disp(insn);
    else
        rc = modrm32(s, &disp);
    if ( rc == X86EMUL_OKAY )
        rc = next_bytes(s, disp, &v);
    if ( rc != X86EMUL_OKAY )
        return rc;
    insn->disp_bytes = disp;
    insn->disp = disp ? x86_sext(v, disp) : 0;
    return X86EMUL_OKAY;
}

/* Immediate sizes for the kinds in OPC_IMM_MASK. */
static void imm_sizes(struct x86_insn *insn, uint16_t attr)
{
    unsigned int z = insn->op_bytes == 2 ? 2 : 4;

    switch ( attr & OPC_IMM_MASK )
    {
    case OPC_IB: insn->imm_bytes = 1; break;
    case OPC_IW: insn->imm_bytes = 2; break;
    case OPC_IZ: insn->imm_bytes = z; break;
    case OPC_IV: insn->imm_bytes = insn->op_bytes; break;
    case OPC_IA: insn->imm_bytes = insn->ad_bytes; break;
    case OPC_IP: insn->imm_bytes = z; insn->imm2_bytes = 2; break;
    case OPC_IWB: insn->imm_bytes = 2; insn->imm2_bytes = 1; break;
    }
}

/*
 * Per-ModRM.reg rules of the group opcodes: the test immediate of F6/F7,
 * invalid slots, which members LOCK may prefix.  Returns the adjusted
 * attributes, or OPC_INV.
 */
static uint16_t group_attr(const struct x86_insn *insn, uint16_t a)
{
    unsigned int r = insn->reg & 7;
    uint16_t lk = OPC_LOCK;

    if ( insn->map == X86_MAP_1B )
    {
        switch ( insn->opcode )
        {
        case 0x80 ... 0x83: return r == 7 ? a : a | lk;
        case 0x8f: return r ? OPC_INV : a;      /* XOP is not decoded */
        case 0xc6: case 0xc7:
            if ( r == 7 && insn->modrm == 0xf8 )
                return insn->opcode == 0xc6 ? OPC_MODRM | OPC_IB
                                            : OPC_MODRM | OPC_IZ;
            return r ? OPC_INV : a;
        case 0xf6: case 0xf7:
            if ( r < 2 )
                return a | (insn->opcode == 0xf6 ? OPC_IB : OPC_IZ);
            return r < 4 ? a | lk : a;
        case 0xfe: return r < 2 ? a | lk : OPC_INV;
        case 0xff: return r < 2 ? a | lk : r == 7 ? OPC_INV : a;
        }
        return a;
    }
    switch ( insn->opcode )
    {
    case 0x78:          /* SSE4a EXTRQ/INSERTQ take two imm8 */
        if ( insn->opsize_prefix || insn->rep == 0xf2 )
            return a | OPC_IB;
        return a;
    case 0xba: return r < 4 ? OPC_INV : r > 4 ? a | lk : a;
    case 0xc7: return r == 1 ? a | lk : a;
    }
    return a;
}

/* Mode, LOCK and operand-form checks that make an encoding #UD. */
static bool insn_invalid(const struct x86_insn *insn, uint16_t a)
{
    if ( a & OPC_INV )
        return true;
    if ( (a & OPC_I64) && is_long(insn) )
        return true;
    if ( (a & OPC_MEMONLY) && insn->mod == 3 )
        return true;
    if ( insn->lock && (!(a & OPC_LOCK) || insn->mod == 3 || insn->vex) )
        return true;
    if ( insn->map == X86_MAP_1B && insn->opcode == 0x8d )
        return insn->mod == 3;          /* LEA of a register */
    if ( insn->map == X86_MAP_0F && insn->opcode == 0xb8 && !insn->vex )
        return insn->rep != 0xf3;       /* JMPE, not POPCNT */
    return false;
}

static int decode_tail(struct decode_state *s)
{
    struct x86_insn *insn = s->insn;
    uint16_t a = s->attr;
    int rc = X86EMUL_OKAY;

    if ( a & OPC_MODRM )
        rc = decode_modrm(s);
    if ( rc != X86EMUL_OKAY )
        return rc;
    if ( a & OPC_GROUP )
        a = group_attr(insn, a);
    if ( !insn->vex && insn_invalid(insn, a) )
        return decode_fault(s, X86_EXC_UD);
    if ( insn->vex && insn->lock )
        return decode_fault(s, X86_EXC_UD);

    imm_sizes(insn, a);
    if ( insn->map == X86_MAP_0F && insn->opcode == 0x78 && (a & OPC_IB) )
        insn->imm2_bytes = 1;
    rc = next_bytes(s, insn->imm_bytes, &insn->imm);
    if ( rc == X86EMUL_OKAY )
        rc = next_bytes(s, insn->imm2_bytes, &insn->imm2);
    if ( rc == X86EMUL_OKAY && insn->map == X86_MAP_3DNOW )
        insn->opcode = insn->imm;
    return rc;
}

static int decode(struct decode_state *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t opc;
    int rc;

    insn->seg = x86_seg_none;
    rc = decode_prefixes(s, &opc);
    if ( rc == X86EMUL_OKAY )
        rc = decode_opcode(s, opc);
    if ( rc != X86EMUL_OKAY )
        return rc;

    set_sizes(insn);
    if ( (s->attr & OPC_D64) && is_long(insn) && !insn->vex )
        insn->op_bytes = (insn->opsize_prefix && !(insn->rex & 8)) ? 2 : 8;
    rc = decode_tail(s);
    if ( rc == X86EMUL_OKAY )
        insn->len = s->pos;
    return rc;
}

static void insn_init(struct x86_insn *insn, enum x86_mode mode)
{
    memset(insn, 0, sizeof(*insn));
    insn->mode = mode;
}

int x86_decode(struct x86_insn *insn, struct x86_emulate_ctxt *ctxt,
               const struct x86_emulate_ops *ops)
{
    struct decode_state s = {
        .insn = insn, .ctxt = ctxt, .ops = ops, .ev = &ctxt->event,
    };
    unsigned long ip = ctxt->regs->rip;

    insn_init(insn, ctxt->mode);
    if ( ctxt->mode != X86_MODE_64 )
        ip = (uint32_t)(ip + ctxt->regs->seg_base[x86_seg_cs]);
    s.linear = ip;
    return decode(&s);
}

int x86_decode_bytes(struct x86_insn *insn, enum x86_mode mode,
                     const void *buf, unsigned int len, struct x86_event *ev)
{
    struct decode_state s = { .insn = insn, .ev = ev };

    insn_init(insn, mode);
    s.have = min(len, (unsigned int)MAX_INSN_LEN);
    memcpy(insn->bytes, buf, s.have);
    return decode(&s);
}

int64_t x86_insn_imm(const struct x86_insn *insn)
{
    return x86_sext(insn->imm, insn->imm_bytes ?: 1);
}

/* The eight 16-bit forms: base + index (either may be absent). */
static unsigned long ea16(const struct x86_insn *insn,
                          const struct x86_emul_regs *r)
{
    static const int8_t base[8] = { 3, 3, 5, 5, -1, -1, 5, 3 };
    static const int8_t index[8] = { 6, 7, 6, 7, 6, 7, -1, -1 };
    unsigned int rm = insn->rm & 7;
    unsigned long ea = insn->disp;

    if ( base[rm] >= 0 && !(insn->mod == 0 && rm == 6) )
        ea += r->gpr[base[rm]];
    if ( index[rm] >= 0 )
        ea += r->gpr[index[rm]];
    return ea & 0xffff;
}

unsigned long x86_insn_mem_offset(const struct x86_insn *insn,
                                  const struct x86_emul_regs *r)
{
    unsigned long ea = insn->disp;
    unsigned int base = insn->rm, idx;

    if ( insn->ad_bytes == 2 )
        return ea16(insn, r);
    if ( insn->rip_rel )
        ea += r->rip + insn->len;
    else if ( insn->has_sib )
    {
        idx = ((insn->sib >> 3) & 7) | ((insn->rex & 2) << 2);
        base = (insn->sib & 7) | ((insn->rex & 1) << 3);
        if ( idx != 4 )
            ea += r->gpr[idx] << (insn->sib >> 6);
        if ( !(insn->mod == 0 && (base & 7) == 5) )
            ea += r->gpr[base];
    }
    else if ( !(insn->mod == 0 && (base & 7) == 5) )
        ea += r->gpr[base];
    return ea & x86_size_mask(insn->ad_bytes);
}

enum x86_segment x86_insn_mem_seg(const struct x86_insn *insn)
{
    unsigned int rm = insn->rm & 7, base;

    if ( insn->seg != x86_seg_none )
        return insn->seg;
    if ( insn->ad_bytes == 2 )
        return (rm == 2 || rm == 3 || (rm == 6 && insn->mod)) ? x86_seg_ss
                                                               : x86_seg_ds;
    if ( insn->rip_rel )
        return x86_seg_ds;
    base = insn->has_sib ? (insn->sib & 7) | ((insn->rex & 1) << 3)
                         : insn->rm;
    if ( base == 4 || (base == 5 && insn->mod) )
        return x86_seg_ss;
    return x86_seg_ds;
}

bool x86_seg_linear(const struct x86_emul_regs *regs, enum x86_mode mode,
                    enum x86_segment seg, unsigned long offset,
                    unsigned long *linear)
{
    if ( mode != X86_MODE_64 )
    {
        *linear = (uint32_t)(regs->seg_base[seg] + offset);
        return true;
    }
    if ( seg == x86_seg_fs || seg == x86_seg_gs )
        offset += regs->seg_base[seg];
    *linear = offset;
    /* Canonical: bits 63:47 all equal. */
    return ((int64_t)offset >> 47) == 0 || ((int64_t)offset >> 47) == -1;
}
