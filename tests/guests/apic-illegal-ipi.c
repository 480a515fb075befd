/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An IPI with an illegal vector (0-15): the sending APIC sets "send
 * illegal vector" (ESR bit 5), and the receiving one sets "receive
 * illegal vector" (bit 6) and takes nothing, no IRR bit below 16 (Intel
 * SDM vol. 3A, "Error Handling" and "x2APIC Differences in Error
 * Handling").  Xen 4.17's vLAPIC sets only the sender's bit for fixed and
 * lowest-priority IPIs; this follows the APIC.
 *
 * vCPU 1 is started with INIT and SIPI into a small trampoline at 0x8000
 * that enters 32-bit protected mode, enables its APIC and reports its
 * ESR and IRR through a mailbox when vCPU 0 asks.
 */
#include "guest.h"

#define APIC            0xfee00000ul
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define APIC_ESR        0x280
#define ESR_SEND_ILL    (1u << 5)
#define ESR_RECV_ILL    (1u << 6)
#define TRAMP           0x8000ul
#define MAILBOX         (TRAMP + 0x800)
#define AP_APIC_ID      2               /* vCPU n has APIC ID 2n */

/* The AP's report, at MAILBOX (offsets fixed in the trampoline below). */
struct mailbox {
    uint32_t stage;         /* AP: 1 running, 2 reported */
    uint32_t cmd;           /* BSP: 1 report now */
    uint32_t esr;           /* AP's ESR after latching */
    uint32_t irr0;          /* AP's IRR for vectors 0-31 */
    uint32_t irr2;          /* AP's IRR for vectors 64-95 */
};

extern const char ap_tramp[], ap_tramp_end[];

/*
 * Real mode at 0x800:0 (SIPI vector 8) -> flat 32-bit protected mode,
 * paging off.  Then: software-enable the APIC, latch and clear ESR, say
 * "running", wait for the command, latch ESR again and report it and two
 * IRR words, say "reported", halt.  Addresses are the copy's at 0x8000.
 */
asm ( ".pushsection .rodata, \"a\"\n"
      ".code16\n"
      "ap_tramp:\n"
      "  cli\n"
      "  lgdtl %cs:ap_gdtr - ap_tramp\n"
      "  movl %cr0, %eax\n"
      "  orl $1, %eax\n"
      "  movl %eax, %cr0\n"
      "  ljmpl $0x08, $0x8000 + ap_32 - ap_tramp\n"
      ".code32\n"
      "ap_32:\n"
      "  movl $0x10, %eax\n"
      "  movl %eax, %ds\n"
      "  movl %eax, %es\n"
      "  movl %eax, %ss\n"
      "  movl $0xfee00000, %ebx\n"
      "  orl $0x100, 0xf0(%ebx)\n"
      "  movl $0, 0x280(%ebx)\n"
      "  movl $0, 0x280(%ebx)\n"
      "  movl $1, 0x8800\n"
      "1:pause\n"
      "  cmpl $1, 0x8804\n"
      "  jne 1b\n"
      "  movl $0, 0x280(%ebx)\n"
      "  movl 0x280(%ebx), %eax\n"
      "  movl %eax, 0x8808\n"
      "  movl 0x200(%ebx), %eax\n"
      "  movl %eax, 0x880c\n"
      "  movl 0x220(%ebx), %eax\n"
      "  movl %eax, 0x8810\n"
      "  movl $2, 0x8800\n"
      "2:hlt\n"
      "  jmp 2b\n"
      ".balign 8\n"
      "ap_gdt:\n"
      "  .quad 0\n"
      "  .quad 0x00cf9a000000ffff\n"
      "  .quad 0x00cf92000000ffff\n"
      "ap_gdtr:\n"
      "  .word 23\n"
      "  .long 0x8000 + ap_gdt - ap_tramp\n"
      "ap_tramp_end:\n"
#ifdef __x86_64__
      ".code64\n"
#else
      ".code32\n"
#endif
      ".popsection\n" );

static void apic_write(unsigned int off, uint32_t val)
{
    *(volatile uint32_t *)(APIC + off) = val;
}

static uint32_t apic_read(unsigned int off)
{
    return *(volatile uint32_t *)(APIC + off);
}

/* Latch and read our ESR, leaving it clear. */
static uint32_t esr_read(void)
{
    uint32_t v;

    apic_write(APIC_ESR, 0);
    v = apic_read(APIC_ESR);
    apic_write(APIC_ESR, 0);
    return v;
}

static void send_ipi(uint32_t dest, uint32_t icr)
{
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, icr);
}

static bool wait_stage(volatile struct mailbox *mb, uint32_t stage)
{
    unsigned long i;

    for ( i = 0; i < (1ul << 28) && mb->stage != stage; i++ )
        cpu_relax();
    return mb->stage == stage;
}

void test_main(void)
{
    volatile struct mailbox *mb = (volatile struct mailbox *)MAILBOX;

    esr_read();
    /* Self first: sender and receiver at once. */
    send_ipi(0, 0x00044003);                /* self shorthand, vector 3 */
    check_eq(esr_read(), ESR_SEND_ILL | ESR_RECV_ILL,
             "self IPI with vector 3: send and receive illegal vector");

    memcpy((void *)TRAMP, ap_tramp, ap_tramp_end - ap_tramp);
    memset((void *)mb, 0, sizeof(*mb));
    send_ipi(AP_APIC_ID, 0x00004500);       /* INIT */
    send_ipi(AP_APIC_ID, 0x00004600 | (TRAMP >> 12));   /* SIPI */
    if ( !check(wait_stage(mb, 1), "vCPU 1 starts", "stage %u", mb->stage) )
        return;
    check_eq(esr_read(), 0, "our ESR is clear after INIT and SIPI");

    send_ipi(AP_APIC_ID, 0x00000007);       /* fixed, vector 7 */
    send_ipi(AP_APIC_ID, 0x00000045);       /* fixed, vector 0x45 */
    check_eq(esr_read(), ESR_SEND_ILL, "sender: send illegal vector");
    mb->cmd = 1;
    if ( !check(wait_stage(mb, 2), "vCPU 1 reports", "stage %u", mb->stage) )
        return;
    check_eq(mb->esr, ESR_RECV_ILL, "receiver: receive illegal vector");
    check_eq(mb->irr0, 0, "receiver: no IRR bit for vectors 0-31");
    check_eq(mb->irr2 & (1u << 5), 1u << 5,
             "receiver: the legal vector 0x45 is pending");
}
