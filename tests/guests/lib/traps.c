/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's own IDT and exception handling.  A fault at an address
 * listed in the fixup table (FIXUP() in arch.h) is one a test provoked: it
 * is recorded in last_fault and execution resumes at the fixup address.
 * Any other exception fails the test.
 */
#include "guest.h"
#include "private.h"

#define NR_VECTORS 32
#define CS32 0x08
#define CS64 0x18

struct trap_frame {
#ifdef __x86_64__
    unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
    unsigned long di, si, bp, bx, dx, cx, ax;
#else
    unsigned long di, si, bp, sp0, bx, dx, cx, ax;
#endif
    unsigned long vector, error, ip, cs, flags;
};

struct fixup {
    unsigned long from, to;
};

extern const unsigned long trap_stubs[NR_VECTORS];
extern const struct fixup __fixup_start[], __fixup_end[];

volatile struct fault_info last_fault;

#ifdef __x86_64__
struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, rsvd;
};
#define GATE_SEL CS64
#else
struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_mid;
};
#define GATE_SEL CS32
#endif

static struct idt_gate idt[NR_VECTORS] __aligned(16);

static void set_gate(struct idt_gate *g, unsigned long handler)
{
    memset(g, 0, sizeof(*g));
    g->off_lo = handler & 0xffff;
    g->sel = GATE_SEL;
    g->type = 0x8e;             /* present, DPL 0, interrupt gate */
    g->off_mid = (handler >> 16) & 0xffff;
#ifdef __x86_64__
    g->off_hi = handler >> 32;
#endif
}

/* Every vCPU loads the one IDT (secondary vCPUs: smp.c). */
void traps_load(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        unsigned long base;
    } idtr = { sizeof(idt) - 1, (unsigned long)idt };

    asm volatile ( "lidt %0" :: "m" (idtr) );
}

void traps_init(void)
{
    unsigned int v;

    for ( v = 0; v < NR_VECTORS; v++ )
        set_gate(&idt[v], trap_stubs[v]);
    traps_load();
}

#ifdef __x86_64__
#define MOV_PTR "movq"
#else
#define MOV_PTR "movl"
#endif

/* One fixup set at run time, for faults at computed addresses. */
static struct fixup dyn_fixup;

static const struct fixup *find_fixup(unsigned long ip)
{
    const struct fixup *f;

    if ( dyn_fixup.from && dyn_fixup.from == ip )
        return &dyn_fixup;

    for ( f = __fixup_start; f < __fixup_end; f++ )
        if ( f->from == ip )
            return f;
    return NULL;
}

static void __noreturn unexpected(const struct trap_frame *f)
{
    static bool nested;

    if ( nested )
        for ( ;; )
            asm volatile ( "cli; hlt" );
    nested = true;
    printk("check no unexpected exception: FAIL vector %lu error %#lx "
           "ip %#lx cr2 %#lx\n", f->vector, f->error, f->ip, read_cr2());
    check_note_failure();
    verdict();
}

void trap_handler(struct trap_frame *f);
void (*volatile nmi_hook)(void);

void trap_handler(struct trap_frame *f)
{
    const struct fixup *fx;

    if ( f->vector == X86_EXC_NMI && nmi_hook )
    {
        nmi_hook();
        return;
    }
    fx = find_fixup(f->ip);
    if ( !fx )
        unexpected(f);
    last_fault.vector = f->vector;
    last_fault.error = f->error;
    last_fault.ip = f->ip;
    last_fault.cr2 = f->vector == X86_EXC_PF ? read_cr2() : 0;
    last_fault.count++;
    f->ip = fx->to;
}

void fault_reset(void)
{
    memset((void *)&last_fault, 0, sizeof(last_fault));
}

bool check_fault(unsigned int vector, unsigned long error, const char *what)
{
    return check(last_fault.count == 1 && last_fault.vector == vector &&
                 last_fault.error == error, what,
                 "got %u fault(s), vector %u error %#lx ip %#lx; "
                 "want vector %u error %#lx", last_fault.count,
                 last_fault.vector, last_fault.error, last_fault.ip,
                 vector, error);
}

bool rdmsr_safe(uint32_t msr, uint64_t *val)
{
    unsigned int before = last_fault.count;
    uint32_t lo, hi;

    asm volatile ( "1: rdmsr\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   : "=a" (lo), "=d" (hi)
                   : "c" (msr), "0" (0), "1" (0)
                   : "memory" );
    *val = ((uint64_t)hi << 32) | lo;
    return last_fault.count != before;
}

bool wrmsr_safe(uint32_t msr, uint64_t val)
{
    unsigned int before = last_fault.count;

    asm volatile ( "1: wrmsr\n"
                   "2:\n"
                   FIXUP(1b, 2b)
                   :: "c" (msr), "a" ((uint32_t)val),
                      "d" ((uint32_t)(val >> 32))
                   : "memory" );
    return last_fault.count != before;
}

bool exec_at_safe(unsigned long addr)
{
    unsigned int before = last_fault.count;

    dyn_fixup.from = addr;
    asm volatile ( MOV_PTR " $1f, %0\n\t"
                   "jmp *%1\n"
                   "1:\n"
                   : "=m" (dyn_fixup.to) : "r" (addr) : "memory" );
    dyn_fixup.from = 0;
    return last_fault.count != before;
}
