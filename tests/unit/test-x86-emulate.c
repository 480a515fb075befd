/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 emulator tests.  The main check runs each randomly built
 * instruction twice: natively on the host CPU (a trampoline loads all
 * registers and flags, executes it from an executable page, and stores
 * them back) and through x86_emulate() with hooks on a shadow copy of
 * the same memory, then compares registers, defined flags and memory.
 * Further tests cover 16- and 32-bit modes, REP looping, exceptions, MOV
 * CR and hook failures, with hand-computed expectations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"

#include "../../xen/arch/x86/x86_emulate/decode.c"
#include "../../xen/arch/x86/x86_emulate/tables.c"
#include "../../xen/arch/x86/x86_emulate/flags.c"
#include "../../xen/arch/x86/x86_emulate/emulate.c"

static unsigned long nr_checks;

#define CHECK(c)        (nr_checks++, EXPECT(c))
#define CHECK_EQ(a, b)  (nr_checks++, EXPECT_EQ(a, b))

/* ---- native execution --------------------------------------------- */

struct native_state {
    uint64_t gpr[16];
    uint64_t rflags;
};

void native_run(struct native_state *st, const void *code);

/*
 * rdi = state, rsi = code (ending in RET).  The state pointer stays on
 * the stack while every register belongs to the instruction.  rsp is
 * neither loaded nor saved: tests never use it as an operand.
 */
asm(".text\n"
    ".globl native_run\n"
    "native_run:\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  push %rdi\n"
    "  push %rsi\n"
    "  pushq 128(%rdi); popfq\n"
    "  mov 0(%rdi), %rax; mov 8(%rdi), %rcx; mov 16(%rdi), %rdx\n"
    "  mov 24(%rdi), %rbx; mov 40(%rdi), %rbp; mov 48(%rdi), %rsi\n"
    "  mov 64(%rdi), %r8; mov 72(%rdi), %r9; mov 80(%rdi), %r10\n"
    "  mov 88(%rdi), %r11; mov 96(%rdi), %r12; mov 104(%rdi), %r13\n"
    "  mov 112(%rdi), %r14; mov 120(%rdi), %r15; mov 56(%rdi), %rdi\n"
    "  call *(%rsp)\n"
    "  pushfq\n"
    "  push %rdi\n"
    "  mov 24(%rsp), %rdi\n"
    "  mov %rax, 0(%rdi); mov %rcx, 8(%rdi); mov %rdx, 16(%rdi)\n"
    "  mov %rbx, 24(%rdi); mov %rbp, 40(%rdi); mov %rsi, 48(%rdi)\n"
    "  mov %r8, 64(%rdi); mov %r9, 72(%rdi); mov %r10, 80(%rdi)\n"
    "  mov %r11, 88(%rdi); mov %r12, 96(%rdi); mov %r13, 104(%rdi)\n"
    "  mov %r14, 112(%rdi); mov %r15, 120(%rdi)\n"
    "  popq 56(%rdi)\n"
    "  popq 128(%rdi)\n"
    "  add $16, %rsp\n"
    "  cld\n"
    "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
    "  ret\n");

#define MEM_SIZE 8192

static uint8_t *code_page;      /* RWX, below 2 GiB */
static uint8_t *mem;            /* the native buffer, below 2 GiB */
static uint8_t shadow[MEM_SIZE]; /* the emulator's copy */
static unsigned int mem_errors;

static bool setup(void)
{
    if ( code_page )
        return true;
    code_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if ( code_page == MAP_FAILED || mem == MAP_FAILED )
    {
        code_page = NULL;
        return false;
    }
    return true;
}

/* ---- emulator hooks on the shadow copy ---------------------------- */

static bool in_mem(unsigned long linear, unsigned int bytes)
{
    return linear >= (unsigned long)mem &&
           linear + bytes <= (unsigned long)mem + MEM_SIZE;
}

static int shadow_read(enum x86_segment seg, unsigned long linear, void *val,
                       unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    if ( !in_mem(linear, bytes) )
    {
        mem_errors++;
        return X86EMUL_UNHANDLEABLE;
    }
    memcpy(val, shadow + (linear - (unsigned long)mem), bytes);
    return X86EMUL_OKAY;
}

static int shadow_write(enum x86_segment seg, unsigned long linear,
                        const void *val, unsigned int bytes,
                        struct x86_emulate_ctxt *ctxt)
{
    if ( !in_mem(linear, bytes) )
    {
        mem_errors++;
        return X86EMUL_UNHANDLEABLE;
    }
    memcpy(shadow + (linear - (unsigned long)mem), val, bytes);
    return X86EMUL_OKAY;
}

static int code_fetch(unsigned long linear, void *buf, unsigned int bytes,
                      struct x86_emulate_ctxt *ctxt)
{
    memcpy(buf, (const void *)linear, bytes);
    return X86EMUL_OKAY;
}

static const struct x86_emulate_ops shadow_ops = {
    .insn_fetch = code_fetch,
    .read = shadow_read,
    .write = shadow_write,
};

/* ---- random instruction builder ----------------------------------- */

/* Operand kinds of a template. */
#define K_BYTE   0x01   /* 8-bit operation */
#define K_MEM    0x02   /* memory form only */
#define K_NOREG  0x04   /* no ModRM (string, moffs, rAX forms) */
#define K_IB     0x08   /* imm8 */
#define K_IZ     0x10   /* imm16/32 */
#define K_BT     0x20   /* BT with register offset: keep it small */
#define K_W32    0x40   /* 32/64-bit operand only (MOVNTI) */
#define K_PLUSR  0x80   /* register in the opcode (B0+r, B8+r) */
#define K_IV     0x100  /* imm16/32/64 (B8+r) */
#define K_MOFFS  0x200
#define K_STR    0x400
#define K_NO66   0x800  /* no 16-bit operand form (MOVZX word source) */
#define K_LK     0x1000 /* LOCK allowed with a memory operand */

struct tmpl {
    uint8_t opc[2];
    uint8_t nopc;
    int8_t digit;       /* ModRM.reg fixed, or -1 for a register */
    uint16_t kinds;
    uint16_t undef;     /* flags the manuals leave undefined */
};

#define UND_LOGIC  EFLG_AF
#define UND_BT     (EFLG_OF | EFLG_SF | EFLG_AF | EFLG_PF)

static const struct tmpl tmpls[] = {
    /* ALU r/m,reg and reg,r/m in all eight operations. */
#define LK(op) ((op) != 7 ? K_LK : 0)
#define ALU_T(op, u) \
    { { (op) * 8 + 0 }, 1, -1, K_BYTE | LK(op), u }, \
    { { (op) * 8 + 1 }, 1, -1, LK(op), u }, \
    { { (op) * 8 + 2 }, 1, -1, K_BYTE, u }, \
    { { (op) * 8 + 3 }, 1, -1, 0, u }, \
    { { (op) * 8 + 4 }, 1, -1, K_BYTE | K_NOREG | K_IB, u }, \
    { { (op) * 8 + 5 }, 1, -1, K_NOREG | K_IZ, u }, \
    { { 0x80 }, 1, op, K_BYTE | K_IB | LK(op), u }, \
    { { 0x81 }, 1, op, K_IZ | LK(op), u }, \
    { { 0x83 }, 1, op, K_IB | LK(op), u }
    ALU_T(0, 0), ALU_T(1, UND_LOGIC), ALU_T(2, 0), ALU_T(3, 0),
    ALU_T(4, UND_LOGIC), ALU_T(5, 0), ALU_T(6, UND_LOGIC), ALU_T(7, 0),
    { { 0x84 }, 1, -1, K_BYTE, UND_LOGIC }, { { 0x85 }, 1, -1, 0, UND_LOGIC },
    { { 0xa8 }, 1, -1, K_BYTE | K_NOREG | K_IB, UND_LOGIC },
    { { 0xa9 }, 1, -1, K_NOREG | K_IZ, UND_LOGIC },
    { { 0xf6 }, 1, 0, K_BYTE | K_IB, UND_LOGIC },
    { { 0xf7 }, 1, 0, K_IZ, UND_LOGIC },
    { { 0xf6 }, 1, 2, K_BYTE | K_LK, 0 }, { { 0xf7 }, 1, 2, K_LK, 0 },
    { { 0xf6 }, 1, 3, K_BYTE | K_LK, 0 }, { { 0xf7 }, 1, 3, K_LK, 0 },
    { { 0xfe }, 1, 0, K_BYTE | K_LK, 0 }, { { 0xfe }, 1, 1, K_BYTE | K_LK, 0 },
    { { 0xff }, 1, 0, K_LK, 0 }, { { 0xff }, 1, 1, K_LK, 0 },
    { { 0x86 }, 1, -1, K_BYTE | K_LK, 0 }, { { 0x87 }, 1, -1, K_LK, 0 },
    { { 0x88 }, 1, -1, K_BYTE, 0 }, { { 0x89 }, 1, -1, 0, 0 },
    { { 0x8a }, 1, -1, K_BYTE, 0 }, { { 0x8b }, 1, -1, 0, 0 },
    { { 0xc6 }, 1, 0, K_BYTE | K_IB, 0 }, { { 0xc7 }, 1, 0, K_IZ, 0 },
    { { 0xb0 }, 1, -1, K_BYTE | K_PLUSR | K_IB, 0 },
    { { 0xb8 }, 1, -1, K_PLUSR | K_IV, 0 },
    { { 0xa0 }, 1, -1, K_BYTE | K_MOFFS, 0 }, { { 0xa1 }, 1, -1, K_MOFFS, 0 },
    { { 0xa2 }, 1, -1, K_BYTE | K_MOFFS, 0 }, { { 0xa3 }, 1, -1, K_MOFFS, 0 },
    { { 0x63 }, 1, -1, 0, 0 },
    { { 0x0f, 0xb6 }, 2, -1, 0, 0 }, { { 0x0f, 0xb7 }, 2, -1, K_NO66, 0 },
    { { 0x0f, 0xbe }, 2, -1, 0, 0 }, { { 0x0f, 0xbf }, 2, -1, K_NO66, 0 },
    { { 0x0f, 0xc3 }, 2, -1, K_MEM | K_W32, 0 },
    { { 0x0f, 0xa3 }, 2, -1, K_BT, UND_BT },
    { { 0x0f, 0xab }, 2, -1, K_BT | K_LK, UND_BT },
    { { 0x0f, 0xb3 }, 2, -1, K_BT | K_LK, UND_BT },
    { { 0x0f, 0xbb }, 2, -1, K_BT | K_LK, UND_BT },
    { { 0x0f, 0xba }, 2, 4, K_IB, UND_BT },
    { { 0x0f, 0xba }, 2, 5, K_IB | K_LK, UND_BT },
    { { 0x0f, 0xba }, 2, 6, K_IB | K_LK, UND_BT },
    { { 0x0f, 0xba }, 2, 7, K_IB | K_LK, UND_BT },
    { { 0xa4 }, 1, -1, K_BYTE | K_STR, 0 }, { { 0xa5 }, 1, -1, K_STR, 0 },
    { { 0xaa }, 1, -1, K_BYTE | K_STR, 0 }, { { 0xab }, 1, -1, K_STR, 0 },
    { { 0xac }, 1, -1, K_BYTE | K_STR, 0 }, { { 0xad }, 1, -1, K_STR, 0 },
};

/* The instruction body (after prefixes) and the state to run it in. */
struct built {
    uint8_t code[16];
    unsigned int len;
    struct native_state st;
    int riprel_at;              /* disp32 to fix up, or -1 */
    uint64_t riprel_target;
};

static uint64_t rnd64(void)
{
    return ((uint64_t)random() << 42) ^ ((uint64_t)random() << 21) ^
           random();
}

/* Interesting operand values: edges of every width, and random ones. */
static uint64_t rnd_val(void)
{
    static const uint64_t edges[] = {
        0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x7fffffffffffffffULL,
        0x8000000000000000ULL, ~0ULL, 0x0f, 0x10,
    };
    uint64_t v = rnd64();

    switch ( random() % 4 )
    {
    case 0: return edges[random() % ARRAY_SIZE(edges)];
    case 1: return v ^ edges[random() % ARRAY_SIZE(edges)];
    default: return v;
    }
}

/* A register number for an operand: never rsp (4) or one in use. */
static unsigned int pick_reg(uint32_t *used)
{
    unsigned int r;

    do {
        r = random() & 15;
    } while ( r == 4 || (*used & (1u << r)) );
    *used |= 1u << r;
    return r;
}

static void put_imm(struct built *b, uint64_t v, unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
        b->code[b->len++] = v >> (i * 8);
}

/* Address of a random spot in the middle of the buffer. */
static uint64_t mem_addr(void)
{
    return (uint64_t)mem + 2048 + (random() % 4096);
}

/*
 * The memory form of ModRM: base + disp32, base + index * scale + disp8,
 * or RIP-relative; the registers are set so the operand lies in mem.
 */
static void put_modrm_mem(struct built *b, unsigned int reg, uint32_t *used,
                          uint8_t *rex, bool a32, unsigned int modrm_at)
{
    uint64_t target = mem_addr(), hi = a32 ? rnd64() << 32 : 0;
    unsigned int base = pick_reg(used), idx, kind = random() % 3;
    int32_t disp = (int32_t)(random() % 512) - 256;

    *rex |= (reg & 8) >> 1;
    if ( kind == 2 && !a32 )
    {
        /* RIP-relative: the disp32 is fixed up once the length is known. */
        b->code[modrm_at] = ((reg & 7) << 3) | 5;
        b->riprel_at = b->len;
        b->riprel_target = target;
        put_imm(b, 0, 4);
        return;
    }
    *rex |= base >> 3;
    if ( kind == 1 )
    {
        idx = pick_reg(used);
        *rex |= (idx >> 3) << 1;
        b->code[modrm_at] = 0x44 | ((reg & 7) << 3);
        b->code[b->len++] = ((random() & 3) << 6) | ((idx & 7) << 3) |
                            (base & 7);
        b->st.gpr[idx] = random() % 64;
        b->st.gpr[base] = target - (int8_t)disp -
                          (b->st.gpr[idx] << (b->code[b->len - 1] >> 6));
        b->st.gpr[base] |= hi;
        b->code[b->len++] = (int8_t)disp;
        return;
    }
    b->code[modrm_at] = 0x80 | ((reg & 7) << 3) | (base & 7);
    if ( (base & 7) == 4 )
        b->code[b->len++] = 0x24;
    b->st.gpr[base] = (target - disp) | hi;
    put_imm(b, (uint32_t)disp, 4);
}

/* Prefix choices of one build. */
struct pfx {
    unsigned int opsz;          /* 1, 2, 4 or 8 */
    bool a32, lock, rep;
    uint8_t rex;
};

static void choose_sizes(const struct tmpl *t, struct pfx *p)
{
    unsigned int k = t->kinds, n = (k & (K_W32 | K_NO66)) ? 2 : 3;
    static const unsigned int sizes[3] = { 4, 8, 2 };

    memset(p, 0, sizeof(*p));
    p->opsz = (k & K_BYTE) ? 1 : sizes[random() % n];
    if ( p->opsz == 8 )
        p->rex = 0x48;
    else if ( p->opsz == 1 && (random() & 1) )
        p->rex = 0x40;          /* SPL..DIL rather than AH..BH */
    if ( !(k & (K_NOREG | K_PLUSR)) )
        p->a32 = !(random() % 4);
    p->rep = (k & K_STR) && (random() & 1);
}

/* The ModRM operands, for templates that have them. */
static void build_modrm(struct built *b, const struct tmpl *t,
                        struct pfx *p, uint32_t *used)
{
    unsigned int reg = t->digit >= 0 ? t->digit : pick_reg(used), rm;
    unsigned int at = b->len++;
    bool memop = (t->kinds & K_MEM) || (random() & 1);

    if ( t->digit < 0 && (t->kinds & K_BT) && memop )
        b->st.gpr[reg] = (uint64_t)(random() % 4096) - 2048;
    if ( t->digit < 0 && p->opsz == 1 && !p->rex && (reg & 3) == 0 )
        b->st.gpr[reg] = rnd_val();
    if ( memop )
    {
        put_modrm_mem(b, reg, used, &p->rex, p->a32, at);
        p->lock = (t->kinds & K_LK) && !(random() % 4);
        return;
    }
    p->a32 = false;
    rm = pick_reg(used);
    p->rex |= ((reg & 8) >> 1) | (rm >> 3);
    b->code[at] = 0xc0 | ((reg & 7) << 3) | (rm & 7);
}

static void build_body(struct built *b, const struct tmpl *t, struct pfx *p)
{
    unsigned int k = t->kinds, r, isz;
    uint32_t used = 0;

    memcpy(b->code, t->opc, t->nopc);
    b->len = t->nopc;
    if ( k & K_PLUSR )
    {
        r = pick_reg(&used);
        b->code[0] += r & 7;
        p->rex |= r >> 3;
    }
    else if ( k & K_MOFFS )
        put_imm(b, mem_addr(), p->a32 ? 4 : 8);
    else if ( k & K_STR )
    {
        b->st.gpr[6] = mem_addr() | (p->a32 ? rnd64() << 32 : 0);
        b->st.gpr[7] = mem_addr() | (p->a32 ? rnd64() << 32 : 0);
        b->st.gpr[1] = (random() % 9) | (p->a32 ? rnd64() << 32 : 0);
    }
    else if ( !(k & K_NOREG) )
        build_modrm(b, t, p, &used);
    isz = (k & K_IB) ? 1 : (k & K_IZ) ? (p->opsz == 2 ? 2 : 4)
          : (k & K_IV) ? p->opsz : 0;
    put_imm(b, rnd_val(), isz);
}

/* Prefixes, then the body; fix up a RIP-relative displacement. */
static void build(struct built *out, const struct tmpl *t)
{
    struct built body;
    struct pfx p;
    unsigned int i, n = 0;

    memset(&body, 0, sizeof(body));
    body.riprel_at = -1;
    for ( i = 0; i < 16; i++ )
        body.st.gpr[i] = rnd_val();
    body.st.rflags = 0x202 | (random() & (EFLG_ARITH | EFLG_DF));
    choose_sizes(t, &p);
    build_body(&body, t, &p);

    *out = body;
    if ( p.lock )
        out->code[n++] = 0xf0;
    if ( p.rep )
        out->code[n++] = 0xf3;
    if ( p.opsz == 2 )
        out->code[n++] = 0x66;
    if ( p.a32 )
        out->code[n++] = 0x67;
    if ( p.rex )
        out->code[n++] = 0x40 | p.rex;
    memcpy(out->code + n, body.code, body.len);
    out->len = n + body.len;
    if ( body.riprel_at >= 0 )
    {
        int32_t d = body.riprel_target - ((uint64_t)code_page + out->len);

        memcpy(out->code + n + body.riprel_at, &d, 4);
    }
}

static void print_code(const struct built *b)
{
    unsigned int i;

    printf("    code:");
    for ( i = 0; i < b->len; i++ )
        printf(" %02x", b->code[i]);
    printf("\n");
}

/* The host's vendor, as CPUID leaf 0 names it. */
enum host_vendor { HOST_INTEL, HOST_AMD, HOST_OTHER };

static enum host_vendor host_vendor(void)
{
    unsigned int a, b, c, d;

    __asm__ ( "cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "a" (0) );
    if ( b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e )
        return HOST_INTEL;              /* GenuineIntel */
    if ( b == 0x68747541 || b == 0x6f677948 )
        return HOST_AMD;                /* AuthenticAMD, HygonGenuine */
    return HOST_OTHER;
}

/*
 * The bits of register reg the host's result defines.  A REP string
 * instruction with a 32-bit address size and ECX = 0 moves nothing, and
 * what it does to RCX, RSI and RDI is the vendor's (see rep_zero_count()
 * in emulate.c): AMD CPUs keep all three, so all is compared.  Intel CPUs
 * clear RCX's upper half and zero-extend MOVS's RSI and RDI and STOS's
 * RDI; LODS differs between Intel models (an old family 0xf part keeps
 * RCX), so only the low halves of what LODS would step are compared, as
 * for any other vendor.
 */
static bool intel_defines(uint8_t opcode, unsigned int reg)
{
    switch ( opcode & ~1 )
    {
    case 0xa4: return true;                     /* MOVS: RCX, RSI, RDI */
    case 0xaa: return reg != 6;                 /* STOS: RCX, RDI */
    default: return false;                      /* LODS */
    }
}

static uint64_t defined_mask(const struct built *b, unsigned int reg)
{
    enum host_vendor hv = host_vendor();
    struct x86_insn insn;

    if ( (reg != 1 && reg != 6 && reg != 7) || (uint32_t)b->st.gpr[1] ||
         x86_decode_bytes(&insn, X86_MODE_64, b->code, b->len, NULL) ||
         !insn.rep || insn.ad_bytes != 4 || hv == HOST_AMD ||
         (hv == HOST_INTEL && intel_defines(insn.opcode, reg)) )
        return ~0ULL;
    return 0xffffffff;
}

/* Build one instance of t, run it both ways, compare. */
static void run_one(const struct tmpl *t)
{
    struct x86_emul_regs regs;
    struct x86_emulate_ctxt ctxt;
    struct native_state nat;
    uint64_t mask = (EFLG_ARITH | EFLG_DF) & ~(uint64_t)t->undef;
    struct built b;
    unsigned int i, bad = 0;
    int rc;

    build(&b, t);
    for ( i = 0; i < MEM_SIZE; i++ )
        mem[i] = random();
    memcpy(shadow, mem, MEM_SIZE);
    memcpy(code_page, b.code, b.len);
    code_page[b.len] = 0xc3;
    nat = b.st;
    if ( getenv("X86_EMUL_TRACE") )
    {
        print_code(&b);
        fflush(stdout);
    }
    native_run(&nat, code_page);

    memset(&regs, 0, sizeof(regs));
    memcpy(regs.gpr, b.st.gpr, sizeof(regs.gpr));
    regs.rip = (uint64_t)code_page;
    regs.rflags = b.st.rflags;
    memset(&ctxt, 0, sizeof(ctxt));
    ctxt.regs = &regs;
    ctxt.mode = X86_MODE_64;
    ctxt.max_reps = 64;
    ctxt.amd_like = host_vendor() == HOST_AMD;
    rc = x86_emulate(&ctxt, &shadow_ops);

    bad += !CHECK_EQ(rc, X86EMUL_OKAY);
    bad += !CHECK(!ctxt.rep_more);
    bad += !CHECK_EQ(regs.rip, (uint64_t)code_page + b.len);
    for ( i = 0; i < 16; i++ )
        if ( i != 4 )
            bad += !CHECK_EQ(regs.gpr[i] & defined_mask(&b, i),
                             nat.gpr[i] & defined_mask(&b, i));
    bad += !CHECK_EQ(regs.rflags & mask, nat.rflags & mask);
    bad += !CHECK(!memcmp(shadow, mem, MEM_SIZE));
    if ( bad )
    {
        print_code(&b);
        if ( getenv("X86_EMUL_TRACE") )
            for ( i = 0; i < 16; i++ )
                printf("    r%u in %lx native %lx emul %lx\n", i, b.st.gpr[i],
                       nat.gpr[i], regs.gpr[i]);
    }
}

#define RUNS_PER_TEMPLATE 60

TEST(emulate_matches_host_cpu_in_64bit_mode)
{
    unsigned int i, n;

    if ( !setup() )
    {
        printf("    no executable memory below 2 GiB: skipped\n");
        return;
    }
    srandom(4242);
    for ( i = 0; i < ARRAY_SIZE(tmpls); i++ )
        for ( n = 0; n < RUNS_PER_TEMPLATE; n++ )
            run_one(&tmpls[i]);
    CHECK_EQ(mem_errors, 0);
    printf("    %u instructions run natively and emulated\n",
           (unsigned int)ARRAY_SIZE(tmpls) * RUNS_PER_TEMPLATE);
}

/* ---- hand-checked cases: other modes, REP, faults, CRs ------------- */

/* A flat guest memory of 64 KiB at linear 0x10000, with fault injection. */
static uint8_t gmem[0x10000];
static unsigned long fault_at = ~0UL;
static unsigned long cr_val[9];
static unsigned int cr_written = ~0u;

static int g_read(enum x86_segment seg, unsigned long linear, void *val,
                  unsigned int bytes, struct x86_emulate_ctxt *ctxt)
{
    if ( linear == fault_at )
        return x86_emul_pagefault(0, linear, ctxt);
    if ( linear < 0x10000 || linear + bytes > 0x20000 )
        return X86EMUL_UNHANDLEABLE;
    memcpy(val, gmem + linear - 0x10000, bytes);
    return X86EMUL_OKAY;
}

static int g_write(enum x86_segment seg, unsigned long linear,
                   const void *val, unsigned int bytes,
                   struct x86_emulate_ctxt *ctxt)
{
    if ( linear == fault_at )
        return x86_emul_pagefault(2, linear, ctxt);
    if ( linear < 0x10000 || linear + bytes > 0x20000 )
        return X86EMUL_UNHANDLEABLE;
    memcpy(gmem + linear - 0x10000, val, bytes);
    return X86EMUL_OKAY;
}

static int g_read_cr(unsigned int reg, unsigned long *val,
                     struct x86_emulate_ctxt *ctxt)
{
    *val = cr_val[reg];
    return X86EMUL_OKAY;
}

static int g_write_cr(unsigned int reg, unsigned long val,
                      struct x86_emulate_ctxt *ctxt)
{
    if ( reg == 4 && (val & 1) )
        return x86_emul_hw_exception(X86_EXC_GP, 0, ctxt);
    cr_val[reg] = val;
    cr_written = reg;
    return X86EMUL_OKAY;
}

/* Instructions are placed at linear 0x1f000 (CS base + rip). */
static int g_fetch(unsigned long linear, void *buf, unsigned int bytes,
                   struct x86_emulate_ctxt *ctxt)
{
    return g_read(x86_seg_cs, linear, buf, bytes, ctxt);
}

static const struct x86_emulate_ops g_ops = {
    .insn_fetch = g_fetch, .read = g_read, .write = g_write,
    .read_cr = g_read_cr, .write_cr = g_write_cr,
};

static struct x86_emul_regs g_regs;
static struct x86_emulate_ctxt g_ctxt;
static bool g_amd_like;         /* the vendor g_run() emulates */

/* Set up code (at linear 0x1f000, from CS base + rip) and run it. */
static int g_run(enum x86_mode mode, const char *code, unsigned int len)
{
    memcpy(gmem + 0xf000, code, len);
    memset(&g_ctxt, 0, sizeof(g_ctxt));
    g_ctxt.regs = &g_regs;
    g_ctxt.mode = mode;
    g_ctxt.max_reps = 1;
    g_ctxt.amd_like = g_amd_like;
    if ( mode == X86_MODE_64 )
        g_regs.rip = 0x1f000;
    else
        g_regs.seg_base[x86_seg_cs] = 0x1f000 - g_regs.rip;
    return x86_emulate(&g_ctxt, &g_ops);
}

static uint32_t g_load32(unsigned long linear)
{
    uint32_t v;

    memcpy(&v, gmem + linear - 0x10000, 4);
    return v;
}

static void g_reset(void)
{
    memset(&g_regs, 0, sizeof(g_regs));
    memset(gmem, 0, sizeof(gmem));
    g_regs.rflags = 0x2;
    fault_at = ~0UL;
    cr_written = ~0u;
}

#define RUN(mode, s) g_run(mode, s, sizeof(s) - 1)

TEST(emulate_16bit_addressing_and_sizes)
{
    g_reset();
    g_regs.rip = 0x100;
    g_regs.seg_base[x86_seg_ds] = 0x10000;
    g_regs.seg_base[x86_seg_ss] = 0x12000;
    g_regs.rbx = 0x10;
    g_regs.rsi = 0x20;
    g_regs.rax = 0xdead1234;
    CHECK_EQ(RUN(X86_MODE_REAL, "\x89\x00"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x10030), 0x1234);
    CHECK_EQ(g_regs.rip, 0x102);
    CHECK_EQ(RUN(X86_MODE_REAL, "\x66\x89\x00"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x10030), 0xdead1234);
    g_regs.rbp = 0x100;
    CHECK_EQ(RUN(X86_MODE_REAL, "\x89\x46\x08"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x12108), 0x1234);
    g_regs.rbx = 0xfff0;                /* the offset wraps at 64 KiB */
    CHECK_EQ(RUN(X86_MODE_REAL, "\x88\x20"), X86EMUL_OKAY);
    CHECK_EQ(gmem[0x10], 0x12);
    CHECK_EQ(RUN(X86_MODE_REAL, "\xa1\x30\x00"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rax, 0xdead1234);   /* 16-bit load merges */
    g_regs.rip = 0xfffe;                /* IP wraps too */
    CHECK_EQ(RUN(X86_MODE_REAL, "\x8b\x07"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rip, 0);
    CHECK_EQ(g_regs.rax, 0xdead0000 | (g_load32(0x10000 + 0xfff0) & 0xffff));
}

TEST(emulate_32bit_protected_mode)
{
    g_reset();
    g_regs.rip = 0x400;
    g_regs.seg_base[x86_seg_ds] = 0x10000;
    g_regs.seg_base[x86_seg_es] = 0x11000;
    g_regs.rbx = 0x100;
    g_regs.rax = 0x1234567887654321ULL;
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x89\x43\x10"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x10110), 0x87654321);
    CHECK_EQ(g_regs.rip, 0x403);
    g_regs.rax = ~0ULL;
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x8b\x43\x10"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rax, 0x87654321);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x66\xa3\x00\x02\x00\x00"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x10200), 0x4321);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\xbf\x43\x12"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rax, 0xffff8765);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\xf7\x5b\x10"), X86EMUL_OKAY);
    CHECK_EQ(g_load32(0x10110), 0x789abcdf);
    CHECK(g_regs.rflags & EFLG_CF);
    /* 16-bit addressing through 67: SI and DI step, their tops stay. */
    g_regs.rsi = 0xabcd0010;
    g_regs.rdi = 0x12340020;
    memcpy(gmem + 0x10, "\x5a", 1);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x67\xa4"), X86EMUL_OKAY);
    CHECK_EQ(gmem[0x1020], 0x5a);
    CHECK_EQ(g_regs.rsi, 0xabcd0011);
    CHECK_EQ(g_regs.rdi, 0x12340021);
}

TEST(emulate_rep_runs_in_pieces)
{
    unsigned int calls = 0, i;

    g_reset();
    for ( i = 0; i < 20; i++ )
        gmem[0x100 + i] = i + 1;
    g_regs.rsi = 0x10100;
    g_regs.rdi = 0x10200;
    g_regs.rcx = 5;
    do {
        CHECK_EQ(RUN(X86_MODE_64, "\xf3\xa5"), X86EMUL_OKAY);
        calls++;
        CHECK_EQ(g_regs.rip, g_ctxt.rep_more ? 0x1f000 : 0x1f002);
    } while ( g_ctxt.rep_more && calls < 10 );
    CHECK_EQ(calls, 5);
    CHECK_EQ(g_regs.rcx, 0);
    CHECK(!memcmp(gmem + 0x100, gmem + 0x200, 20));
    CHECK_EQ(g_regs.rsi, 0x10114);

    /* Backwards with DF, all in one call. */
    g_regs.rflags |= EFLG_DF;
    g_regs.rdi = 0x10302;
    g_regs.rcx = 3;
    g_regs.rax = 0x77;
    g_ctxt.max_reps = 16;
    memcpy(gmem + 0xf000, "\xf3\xaa", 2);
    g_regs.rip = 0x1f000;
    CHECK_EQ(x86_emulate(&g_ctxt, &g_ops), X86EMUL_OKAY);
    CHECK(!g_ctxt.rep_more && g_regs.rcx == 0 && g_regs.rdi == 0x102ff);
    CHECK(gmem[0x300] == 0x77 && gmem[0x302] == 0x77 && gmem[0x2ff] == 0);

    /* Count zero: nothing touched, rip moves on. */
    g_regs.rcx = 0;
    CHECK_EQ(RUN(X86_MODE_64, "\xf3\xab"), X86EMUL_OKAY);
    CHECK(g_regs.rip == 0x1f002 && g_regs.rdi == 0x102ff);
}

/*
 * REP with a zero count and a 32-bit address size in 64-bit mode: Intel
 * clears RCX's upper half and zero-extends MOVS's RSI and RDI and STOS's
 * RDI; AMD keeps them all.  Whatever the host is.
 */
static void zero_count(const char *code, bool amd, uint64_t rcx,
                       uint64_t rsi, uint64_t rdi)
{
    g_reset();
    g_amd_like = amd;
    g_regs.rcx = 0xaaaa000100000000ULL;
    g_regs.rsi = 0xbbbb000200010100ULL;
    g_regs.rdi = 0xcccc000300010200ULL;
    CHECK_EQ(g_run(X86_MODE_64, code, 3), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rip, 0x1f003);
    CHECK_EQ(g_regs.rcx, rcx);
    CHECK_EQ(g_regs.rsi, rsi);
    CHECK_EQ(g_regs.rdi, rdi);
    g_amd_like = false;
}

TEST(emulate_rep_zero_count_by_vendor)
{
    const uint64_t cx = 0xaaaa000100000000ULL, si = 0xbbbb000200010100ULL;
    const uint64_t di = 0xcccc000300010200ULL;

    zero_count("\xf3\x67\xa4", false, 0, 0x10100, 0x10200);
    zero_count("\xf3\x67\xab", false, 0, si, 0x10200);
    zero_count("\xf3\x67\xad", false, 0, si, di);
    zero_count("\xf3\x67\xa5", true, cx, si, di);
    zero_count("\xf3\x67\xaa", true, cx, si, di);
    zero_count("\xf3\x67\xac", true, cx, si, di);

    /* A count of one: every vendor writes all three at 32 bits. */
    g_reset();
    g_amd_like = true;
    g_regs.rcx = cx | 1;
    g_regs.rsi = si;
    g_regs.rdi = di;
    gmem[0x100] = 0x5a;
    CHECK_EQ(RUN(X86_MODE_64, "\xf3\x67\xa4"), X86EMUL_OKAY);
    CHECK(g_regs.rcx == 0 && g_regs.rsi == 0x10101 && g_regs.rdi == 0x10201);
    CHECK_EQ(gmem[0x200], 0x5a);
    g_amd_like = false;
}

TEST(emulate_faults_leave_state_alone)
{
    struct x86_emul_regs before;

    g_reset();
    g_regs.rbx = 0x10100;
    g_regs.rax = 5;
    fault_at = 0x10100;
    before = g_regs;
    before.rip = 0x1f000;
    CHECK_EQ(RUN(X86_MODE_64, "\x89\x03"), X86EMUL_EXCEPTION);
    CHECK(g_ctxt.event.vector == X86_EXC_PF && g_ctxt.event.cr2 == 0x10100);
    CHECK(g_ctxt.event.has_error_code && g_ctxt.event.error_code == 2);
    CHECK(!memcmp(&g_regs, &before, sizeof(before)));
    CHECK_EQ(RUN(X86_MODE_64, "\x01\x03"), X86EMUL_EXCEPTION);
    CHECK(!memcmp(&g_regs, &before, sizeof(before)));

    /* REP MOVSB faulting on the third store: two elements done. */
    fault_at = 0x10202;
    g_regs.rsi = 0x10300;
    g_regs.rdi = 0x10200;
    g_regs.rcx = 4;
    g_ctxt.max_reps = 8;
    memcpy(gmem + 0xf000, "\xf3\xa4", 2);
    CHECK_EQ(x86_emulate(&g_ctxt, &g_ops), X86EMUL_EXCEPTION);
    CHECK(g_regs.rcx == 2 && g_regs.rsi == 0x10302 && g_regs.rdi == 0x10202);
    CHECK_EQ(g_regs.rip, 0x1f000);

    /* Non-canonical addresses: #GP(0), or #SS(0) through rBP/rSP. */
    fault_at = ~0UL;
    g_regs.rbx = 0x0000800000000000ULL;
    CHECK_EQ(RUN(X86_MODE_64, "\x89\x03"), X86EMUL_EXCEPTION);
    CHECK(g_ctxt.event.vector == X86_EXC_GP && g_ctxt.event.has_error_code);
    g_regs.rbp = 0xfff0000000000000ULL;
    CHECK_EQ(RUN(X86_MODE_64, "\x89\x45\x00"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_SS);

    /* Invalid encodings come back as #UD. */
    CHECK_EQ(RUN(X86_MODE_64, "\x0f\x0b"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_UD);
    CHECK_EQ(RUN(X86_MODE_64, "\x66\x0f\xc3\x03"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_UD);
}

TEST(emulate_reports_unhandleable)
{
    static const char *const codes[] = {
        "\xf7\x23", "\xff\x13", "\x0f\x05", "\xc5\xf8\x77", "\x0f\xa2",
        "\xf4", "\xe4\x60", "\xa6", "\x0f\x01\xd9", "\x0f\x32", "\x6c",
        "\xf7\x33", "\xd1\x23", "\xc6\xf8\x01",
    };
    static const struct x86_emulate_ops fetch_only = {
        .insn_fetch = g_fetch,
    };
    unsigned int i;

    g_reset();
    g_regs.rbx = 0x10100;
    for ( i = 0; i < ARRAY_SIZE(codes); i++ )
    {
        if ( !CHECK_EQ(g_run(X86_MODE_64, codes[i], strlen(codes[i])),
                       X86EMUL_UNHANDLEABLE) )
            printf("    unhandleable case %u\n", i);
        CHECK_EQ(g_regs.rip, 0x1f000);
    }
    memcpy(gmem + 0xf000, "\x8b\x03", 2);
    CHECK_EQ(x86_emulate(&g_ctxt, &fetch_only), X86EMUL_UNHANDLEABLE);
}

TEST(emulate_mov_cr)
{
    g_reset();
    cr_val[0] = 0x80050033;
    cr_val[8] = 0xf;
    CHECK_EQ(RUN(X86_MODE_64, "\x0f\x20\xc0"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rax, 0x80050033);
    CHECK_EQ(RUN(X86_MODE_64, "\x44\x0f\x20\xc1"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rcx, 0xf);
    g_regs.rax = 0x123456789000ULL;
    CHECK_EQ(RUN(X86_MODE_64, "\x66\x0f\x22\xd8"), X86EMUL_OKAY);
    CHECK(cr_written == 3 && cr_val[3] == 0x123456789000ULL);
    CHECK_EQ(g_regs.rip, 0x1f004);

    g_regs.rip = 0x1000;
    g_regs.rax = 0xffffffff00000010ULL;
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\x22\xc0"), X86EMUL_OKAY);
    CHECK_EQ(cr_val[0], 0x10);
    cr_val[4] = 0x6f0;
    g_regs.rdx = ~0ULL;
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\x20\xe2"), X86EMUL_OKAY);
    CHECK_EQ(g_regs.rdx, 0x6f0);

    g_regs.rax = 1;
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\x22\xe0"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_GP);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\x20\xe8"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_UD);
    CHECK_EQ(RUN(X86_MODE_PROT32, "\x0f\x20\xc8"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_UD);
    CHECK_EQ(RUN(X86_MODE_VM86, "\x0f\x20\xc0"), X86EMUL_EXCEPTION);
    CHECK_EQ(g_ctxt.event.vector, X86_EXC_GP);

    memcpy(gmem + 0xf000, "\x0f\x20\xc0", 3);
    g_regs.rip = 0x1f000;
    g_ctxt.mode = X86_MODE_64;
    g_ctxt.cpl = 3;
    CHECK_EQ(x86_emulate(&g_ctxt, &g_ops), X86EMUL_EXCEPTION);
    CHECK(g_ctxt.event.vector == X86_EXC_GP && g_ctxt.event.error_code == 0);
}

TEST(emulate_zz_check_count)
{
    printf("    %lu emulator checks\n", nr_checks);
}
