/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM exit handling, event injection and VPIDs (xen/arch/x86/hvm/vmx/
 * exits.c, intr.c, vpid.c, vmx.c): the dispatch table covers every
 * basic exit reason and nothing past it, each handler calls the common
 * code and advances RIP by the exit's instruction length (or not),
 * control-register and I/O exit decoding, register access through the
 * frame, event encoding and the double-fault rules, interrupt windows,
 * and VPID generations.
 */
#include "test-vmx-fake.h"

static void exit_with(struct fake_guest *g, uint32_t reason, uint64_t qual,
                      unsigned int len)
{
    fake_vmcs[VM_EXIT_REASON] = reason;
    fake_vmcs[EXIT_QUALIFICATION] = qual;
    fake_vmcs[VM_EXIT_INSTRUCTION_LEN] = len;
    vmx_dispatch_exit(&g->v, &fake_frame, reason);
}

TEST(vmx_exit_table_covers_every_reason)
{
    unsigned int r, handled = 0, unhandled = 0;

    for ( r = 0; r < 0x10000; r++ )
    {
        vmx_exit_fn fn = vmx_exit_handler_for(r);

        if ( !fn )
            break;
        if ( fn == exit_unhandled )
            unhandled++;
        else
            handled++;
    }
    EXPECT_EQ(handled + unhandled, 0x10000);
    /* Nothing past the table is handled. */
    EXPECT_EQ(handled, 33);
    EXPECT(vmx_exit_handler_for(VMX_NR_EXIT_REASONS) == exit_unhandled);
    EXPECT(vmx_exit_handler_for(0xffff) == exit_unhandled);
    /* Entry failures never run a handler for their basic reason. */
    EXPECT(vmx_exit_handler_for(VMX_EXIT_REASON_ENTRY_FAIL |
                                EXIT_REASON_CPUID) == exit_unhandled);
    EXPECT(vmx_exit_handler_for(EXIT_REASON_CPUID) == exit_cpuid);
    EXPECT(vmx_exit_handler_for(EXIT_REASON_EPT_VIOLATION) ==
           exit_ept_violation);
    EXPECT(vmx_exit_handler_for(EXIT_REASON_TASK_SWITCH) == exit_unhandled);
    EXPECT(vmx_exit_handler_for(EXIT_REASON_INVALID_GUEST_STATE) ==
           exit_unhandled);
    EXPECT_EQ(ARRAY_SIZE(vmx_exit_table), VMX_NR_EXIT_REASONS);
}

TEST(vmx_exit_names)
{
    unsigned int r, named = 0;

    for ( r = 0; r < VMX_NR_EXIT_REASONS; r++ )
        if ( vmx_exit_table[r] )
            named += strcmp(vmx_exit_name(r), "unknown") != 0;
    EXPECT_EQ(named, 33);
    EXPECT(!strcmp(vmx_exit_name(0x12345), "unknown"));
    EXPECT(!strcmp(vmx_exit_name(VMX_EXIT_REASON_ENTRY_FAIL | 33),
                   "entry failed: invalid guest state"));
}

TEST(vmx_exit_unhandled_crashes_domain)
{
    struct fake_guest g;
    unsigned int crashes;

    fake_guest_init(&g);
    crashes = nr_crash;
    exit_with(&g, EXIT_REASON_TASK_SWITCH, 0, 0);
    EXPECT_EQ(nr_crash, crashes + 1);
    exit_with(&g, VMX_EXIT_REASON_ENTRY_FAIL | 33, 0, 0);
    EXPECT_EQ(nr_crash, crashes + 2);
    exit_with(&g, 200, 0, 0);
    EXPECT_EQ(nr_crash, crashes + 3);
    exit_with(&g, EXIT_REASON_EPT_MISCONFIG, 0, 0);
    EXPECT_EQ(nr_crash, crashes + 4);
    fake_guest_fini(&g);
}

TEST(vmx_exit_cpuid_msr_advance)
{
    struct fake_guest g;

    fake_guest_init(&g);
    fake_frame.rip = 0x1000;
    handler_result = true;
    exit_with(&g, EXIT_REASON_CPUID, 0, 2);
    EXPECT_EQ(nr_cpuid, 1);
    EXPECT_EQ(fake_frame.rip, 0x1002);
    exit_with(&g, EXIT_REASON_MSR_READ, 0, 2);
    exit_with(&g, EXIT_REASON_MSR_WRITE, 0, 2);
    EXPECT_EQ(nr_msr_read, 1);
    EXPECT_EQ(nr_msr_write, 1);
    EXPECT_EQ(fake_frame.rip, 0x1006);
    /* A #GP instead: RIP stays on the instruction. */
    handler_result = false;
    exit_with(&g, EXIT_REASON_MSR_WRITE, 0, 2);
    EXPECT_EQ(fake_frame.rip, 0x1006);
    handler_result = true;
    /* Outside 64-bit mode RIP wraps at 4 GiB. */
    fake_frame.rip = 0xffffffff;
    exit_with(&g, EXIT_REASON_CPUID, 0, 2);
    EXPECT_EQ(fake_frame.rip, 1);
    fake_guest_fini(&g);
}

TEST(vmx_exit_advance_ends_shadow)
{
    struct fake_guest g;

    fake_guest_init(&g);
    fake_vmcs[GUEST_INTERRUPTIBILITY_INFO] = INTR_SHADOW_STI | INTR_BLOCK_NMI;
    exit_with(&g, EXIT_REASON_CPUID, 0, 2);
    EXPECT_EQ(fake_vmcs[GUEST_INTERRUPTIBILITY_INFO], INTR_BLOCK_NMI);
    fake_guest_fini(&g);
}

TEST(vmx_exit_hlt_vmcall)
{
    struct fake_guest g;
    unsigned int hc = nr_hypercall, hlt = nr_hlt;

    fake_guest_init(&g);
    fake_frame.rip = 0x2000;
    exit_with(&g, EXIT_REASON_HLT, 0, 1);
    EXPECT_EQ(nr_hlt, hlt + 1);
    EXPECT_EQ(fake_frame.rip, 0x2001);
    /* Kernel-mode VMCALL: the hypercall runs, RIP moves on. */
    fake_vmcs[GUEST_SS_AR_BYTES] = 0xc093;
    fake_frame.rax = 17;
    exit_with(&g, EXIT_REASON_VMCALL, 0, 3);
    EXPECT_EQ(nr_hypercall, hc + 1);
    EXPECT_EQ(fake_frame.rip, 0x2004);
    EXPECT_EQ(fake_frame.rax, 0);
    /* Preempted: VMCALL runs again. */
    hypercall_preempts = true;
    exit_with(&g, EXIT_REASON_VMCALL, 0, 3);
    hypercall_preempts = false;
    EXPECT_EQ(fake_frame.rip, 0x2004);
    EXPECT(!g.v.arch.hypercall_preempted);
    /* User mode (SS.DPL 3): -EPERM, no hypercall. */
    fake_vmcs[GUEST_SS_AR_BYTES] = 0xc0f3;
    exit_with(&g, EXIT_REASON_VMCALL, 0, 3);
    EXPECT_EQ(nr_hypercall, hc + 2);
    EXPECT_EQ((int64_t)fake_frame.rax, -EPERM);
    EXPECT_EQ(fake_frame.rip, 0x2007);
    fake_guest_fini(&g);
}

TEST(vmx_exit_ud_and_skip)
{
    struct fake_guest g;
    unsigned int inj = nr_injected;

    fake_guest_init(&g);
    fake_frame.rip = 0x3000;
    exit_with(&g, EXIT_REASON_VMXON, 0, 4);
    EXPECT_EQ(nr_injected, inj + 1);
    EXPECT_EQ(last_injected.vector, X86_EXC_UD);
    EXPECT_EQ(fake_frame.rip, 0x3000);
    EXPECT(vmx_of(&g.v)->exc.valid);
    exit_with(&g, EXIT_REASON_XSETBV, 0, 3);
    EXPECT_EQ(nr_injected, inj + 2);
    exit_with(&g, EXIT_REASON_WBINVD, 0, 2);
    exit_with(&g, EXIT_REASON_MWAIT, 0, 3);
    EXPECT_EQ(fake_frame.rip, 0x3005);
    fake_guest_fini(&g);
}

TEST(vmx_exit_triple_fault_and_ept)
{
    struct fake_guest g;
    unsigned int tf = nr_triple, npf = nr_npf;

    fake_guest_init(&g);
    exit_with(&g, EXIT_REASON_TRIPLE_FAULT, 0, 0);
    EXPECT_EQ(nr_triple, tf + 1);
    fake_vmcs[GUEST_PHYSICAL_ADDRESS] = 0xfee00030;
    exit_with(&g, EXIT_REASON_EPT_VIOLATION, 0x182, 0);
    EXPECT_EQ(nr_npf, npf + 1);
    EXPECT_EQ(npf_gpa, 0xfee00030);
    EXPECT_EQ(npf_info, 0x182);
    fake_guest_fini(&g);
}

TEST(vmx_exit_host_events)
{
    struct fake_guest g;

    fake_guest_init(&g);
    nr_host_nmi = nr_host_mce = 0;
    fake_vmcs[VM_EXIT_INTR_INFO] = INTR_INFO_VALID | (2 << 8) | 2;
    host_events(EXIT_REASON_EXCEPTION_NMI);
    EXPECT_EQ(nr_host_nmi, 1);
    fake_vmcs[VM_EXIT_INTR_INFO] = INTR_INFO_VALID | (3 << 8) | 18;
    host_events(EXIT_REASON_EXCEPTION_NMI);
    EXPECT_EQ(nr_host_mce, 1);
    host_events(EXIT_REASON_CPUID);
    EXPECT_EQ(nr_host_nmi + nr_host_mce, 2);
    /* The exit handler itself has nothing more to do for these. */
    nr_crash = 0;
    exit_with(&g, EXIT_REASON_EXCEPTION_NMI, 0, 0);
    exit_with(&g, EXIT_REASON_EXTERNAL_INTERRUPT, 0, 0);
    EXPECT_EQ(nr_crash, 0);
    /* A guest #PF we never intercept: a bug, the domain goes. */
    fake_vmcs[VM_EXIT_INTR_INFO] = INTR_INFO_VALID | (3 << 8) | 14;
    exit_with(&g, EXIT_REASON_EXCEPTION_NMI, 0, 0);
    EXPECT_EQ(nr_crash, 1);
    fake_guest_fini(&g);
}

TEST(vmx_gpr_numbering)
{
    struct cpu_regs r;
    uint64_t *order[16] = {
        &r.rax, &r.rcx, &r.rdx, &r.rbx, &r.rsp, &r.rbp, &r.rsi, &r.rdi,
        &r.r8, &r.r9, &r.r10, &r.r11, &r.r12, &r.r13, &r.r14, &r.r15,
    };
    unsigned int n, ok = 0;

    for ( n = 0; n < 16; n++ )
        ok += vmx_gpr(&r, n) == order[n];
    EXPECT_EQ(ok, 16);
}

TEST(vmx_cr_qual_decode)
{
    struct cr_qual q = vmx_decode_cr_qual(0x0300);     /* mov %rbx, %cr0 */

    EXPECT_EQ(q.cr, 0);
    EXPECT_EQ(q.type, CR_ACCESS_MOV_TO);
    EXPECT_EQ(q.gpr, 3);
    q = vmx_decode_cr_qual(0x0c18);                     /* mov %cr8, %r12 */
    EXPECT_EQ(q.cr, 8);
    EXPECT_EQ(q.type, CR_ACCESS_MOV_FROM);
    EXPECT_EQ(q.gpr, 12);
    q = vmx_decode_cr_qual(0x00050030);                 /* lmsw 5 */
    EXPECT_EQ(q.type, CR_ACCESS_LMSW);
    EXPECT_EQ(q.lmsw_src, 5);
}

TEST(vmx_exit_cr0_long_mode)
{
    struct fake_guest g;

    fake_guest_init(&g);
    /* Linux's way in: PAE, then EFER.LME, then CR0.PG. */
    vmx_set_cr4(&g.v, X86_CR4_PAE);
    vmx_set_efer(&g.v, EFER_LME);
    fake_frame.rip = 0x100;
    fake_frame.rax = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0000, 3);    /* mov %eax,%cr0 */
    EXPECT_EQ(fake_frame.rip, 0x103);
    EXPECT(fake_vmcs[GUEST_IA32_EFER] & EFER_LMA);
    EXPECT(fake_vmcs[VM_ENTRY_CONTROLS] & ENTRY_IA32E_MODE);
    EXPECT(fake_vmcs[GUEST_CR0] & X86_CR0_PG);
    EXPECT(fake_vmcs[GUEST_CR0] & X86_CR0_NE);
    EXPECT_EQ(fake_vmcs[CR0_READ_SHADOW],
              X86_CR0_PE | X86_CR0_ET | X86_CR0_PG);
    EXPECT_EQ(hvm_funcs.get_reg(&g.v, HVM_CR0),
              X86_CR0_PE | X86_CR0_ET | X86_CR0_PG);
    /* And out again (from compatibility mode). */
    fake_frame.rax = X86_CR0_PE | X86_CR0_ET;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0000, 3);
    EXPECT_EQ(fake_vmcs[GUEST_IA32_EFER] & EFER_LMA, 0);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_CONTROLS] & ENTRY_IA32E_MODE, 0);
    fake_guest_fini(&g);
}

TEST(vmx_exit_cr_faults)
{
    struct fake_guest g;
    unsigned int inj;

    fake_guest_init(&g);
    fake_frame.rip = 0x100;
    inj = nr_injected;
    /* PG without PE. */
    fake_frame.rax = X86_CR0_PG;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0000, 3);
    EXPECT_EQ(nr_injected, inj + 1);
    EXPECT_EQ(last_injected.vector, X86_EXC_GP);
    /* Long mode without PAE. */
    vmx_set_efer(&g.v, EFER_LME);
    fake_frame.rax = X86_CR0_PE | X86_CR0_PG;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0000, 3);
    EXPECT_EQ(nr_injected, inj + 2);
    /* PAE paging: the PDPTEs' page isn't RAM (the stub p2m is empty). */
    vmx_set_efer(&g.v, 0);
    vmx_set_cr4(&g.v, X86_CR4_PAE);
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0000, 3);
    EXPECT_EQ(nr_injected, inj + 3);
    /* CR4.VMXE: no nested VMX. */
    fake_frame.rcx = 0x2000;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0104, 3);    /* mov %ecx,%cr4 */
    EXPECT_EQ(nr_injected, inj + 4);
    EXPECT_EQ(fake_frame.rip, 0x100);
    fake_guest_fini(&g);
}

/*
 * MOV to CR4 of a bit CPUID does not offer (UMIP, OSXSAVE, VMXE here) is
 * #GP(0) with CR4 unchanged, as are PCIDE outside long mode and clearing
 * PAE in it; an allowed write lands in the shadow (and the real CR4 keeps
 * VMXE), and a PGE change flushes the vCPU's TLB (a fresh VPID).
 */
static void cr4_write(struct fake_guest *g, uint64_t val)
{
    fake_frame.rip = 0x100;
    fake_frame.rdx = val;
    exit_with(g, EXIT_REASON_CR_ACCESS, 0x0204, 3);     /* mov %rdx,%cr4 */
}

TEST(vmx_exit_cr4_checks_cpuid)
{
    static const uint64_t refused[] = {
        X86_CR4_UMIP, X86_CR4_OSXSAVE, X86_CR4_VMXE, X86_CR4_SMXE,
        X86_CR4_LA57, X86_CR4_PKE,
    };
    struct fake_guest g;
    unsigned int i, inj;

    fake_guest_init(&g);
    vmx_set_cr4(&g.v, X86_CR4_PAE);
    inj = nr_injected;
    for ( i = 0; i < ARRAY_SIZE(refused); i++ )
    {
        cr4_write(&g, X86_CR4_PAE | refused[i]);
        EXPECT_EQ(nr_injected, inj + i + 1);
        EXPECT_EQ(last_injected.vector, X86_EXC_GP);
        EXPECT_EQ(last_injected.error_code, 0);
        EXPECT_EQ(fake_frame.rip, 0x100);
        EXPECT_EQ(fake_vmcs[CR4_READ_SHADOW], X86_CR4_PAE);
    }
    /* PCIDE needs long mode. */
    cr4_write(&g, X86_CR4_PAE | X86_CR4_PCIDE);
    EXPECT_EQ(nr_injected, inj + i + 1);
    /* Allowed: PGE on, with a TLB flush. */
    vmx_of(&g.v)->vpid_generation = 7;
    cr4_write(&g, X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR);
    EXPECT_EQ(nr_injected, inj + i + 1);
    EXPECT_EQ(fake_frame.rip, 0x103);
    EXPECT_EQ(fake_vmcs[CR4_READ_SHADOW],
              X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR);
    EXPECT_EQ(fake_vmcs[GUEST_CR4],
              0x2000 | X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR);
    EXPECT_EQ(vmx_of(&g.v)->vpid_generation, 0);
    /* Long mode: PAE stays, PCIDE with CR3[11:0] = 0 is fine. */
    vmx_set_efer(&g.v, EFER_LME | EFER_LMA);
    cr4_write(&g, X86_CR4_PGE);
    EXPECT_EQ(nr_injected, inj + i + 2);
    cr4_write(&g, X86_CR4_PAE | X86_CR4_PCIDE);
    EXPECT_EQ(nr_injected, inj + i + 2);
    EXPECT_EQ(fake_vmcs[CR4_READ_SHADOW], X86_CR4_PAE | X86_CR4_PCIDE);
    fake_guest_fini(&g);
}

TEST(vmx_exit_cr8)
{
    struct fake_guest g;

    fake_guest_init(&g);
    fake_frame.rip = 0;
    fake_frame.r9 = 0xa;
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0908, 4);    /* mov %r9,%cr8 */
    EXPECT_EQ(vmx_of(&g.v)->cr8, 0xa);
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x0c18, 4);    /* mov %cr8,%r12 */
    EXPECT_EQ(fake_frame.r12, 0xa);
    EXPECT_EQ(fake_frame.rip, 8);
    /* LMSW can set PE but never clear it. */
    vmx_set_cr0(&g.v, X86_CR0_PE | X86_CR0_ET);
    exit_with(&g, EXIT_REASON_CR_ACCESS, 0x00080030, 4);
    EXPECT_EQ(fake_vmcs[CR0_READ_SHADOW],
              X86_CR0_PE | X86_CR0_ET | X86_CR0_TS);
    fake_guest_fini(&g);
}

TEST(vmx_exit_io)
{
    struct fake_guest g;

    fake_guest_init(&g);
    fake_frame.rip = 0x500;
    /* in $0x71, %al: size 1, in, immediate. */
    exit_with(&g, EXIT_REASON_IO_INSTRUCTION, 0x00710048, 2);
    EXPECT_EQ(last_io.port, 0x71);
    EXPECT_EQ(last_io.size, 1);
    EXPECT(last_io.dir_in);
    EXPECT(!last_io.string);
    EXPECT_EQ(fake_frame.rip, 0x502);
    /* rep outsw to 0x3f8. */
    exit_with(&g, EXIT_REASON_IO_INSTRUCTION, 0x03f80031, 3);
    EXPECT_EQ(last_io.port, 0x3f8);
    EXPECT_EQ(last_io.size, 2);
    EXPECT(!last_io.dir_in);
    EXPECT(last_io.string);
    EXPECT(last_io.rep);
    /* 32-bit in from dx. */
    exit_with(&g, EXIT_REASON_IO_INSTRUCTION, 0x0cfc000b, 1);
    EXPECT_EQ(last_io.size, 4);
    EXPECT_EQ(last_io.port, 0xcfc);
    EXPECT_EQ(fake_frame.rip, 0x506);
    fake_guest_fini(&g);
}

TEST(vmx_regs_through_frame)
{
    struct fake_guest g;

    fake_guest_init(&g);
    /* The running vCPU's RIP/RSP/RFLAGS are in this CPU's frame... */
    hvm_funcs.set_reg(&g.v, HVM_RIP, 0xabc);
    EXPECT_EQ(fake_frame.rip, 0xabc);
    hvm_funcs.set_reg(&g.v, HVM_RFLAGS, 0);
    EXPECT_EQ(fake_frame.rflags, 2);
    /* ...a descheduled one's in its saved frame. */
    fake_current = NULL;
    hvm_funcs.set_reg(&g.v, HVM_RSP, 0x8000);
    EXPECT_EQ(g.v.arch.user_regs.rsp, 0x8000);
    fake_current = &g.v;
    /* Entry copies the frame into the VMCS, exit copies it back. */
    fake_frame.rsp = 0x7000;
    vmx_sync_regs_to_vmcs(&fake_frame);
    EXPECT_EQ(fake_vmcs[GUEST_RIP], 0xabc);
    EXPECT_EQ(fake_vmcs[GUEST_RSP], 0x7000);
    fake_vmcs[GUEST_RIP] = 0xdef;
    vmx_sync_regs_from_vmcs(&fake_frame);
    EXPECT_EQ(fake_frame.rip, 0xdef);
    /* EFER.LMA drives the IA-32e entry control. */
    hvm_funcs.set_reg(&g.v, HVM_EFER, EFER_LME | EFER_LMA);
    EXPECT(fake_vmcs[VM_ENTRY_CONTROLS] & ENTRY_IA32E_MODE);
    EXPECT_EQ(hvm_funcs.get_reg(&g.v, HVM_EFER), EFER_LME | EFER_LMA);
    /* CPL is SS.DPL. */
    fake_vmcs[GUEST_SS_AR_BYTES] = 0xc0f3;
    EXPECT_EQ(hvm_funcs.get_reg(&g.v, HVM_CPL), 3);
    hvm_funcs.set_reg(&g.v, HVM_CR2, 0x1234);
    EXPECT_EQ(hvm_funcs.get_reg(&g.v, HVM_CR2), 0x1234);
    fake_guest_fini(&g);
}

TEST(vmx_segments_round_trip)
{
    struct fake_guest g;
    struct segment_register in = { 0x10, 0xa9b, 0xffffffff, 0x1000 }, out;

    fake_guest_init(&g);
    hvm_funcs.set_segment(&g.v, x86_seg_cs, &in);
    hvm_funcs.get_segment(&g.v, x86_seg_cs, &out);
    EXPECT_EQ(out.sel, 0x10);
    EXPECT_EQ(out.attr, 0xa9b);
    EXPECT_EQ(out.limit, 0xffffffff);
    EXPECT_EQ(out.base, 0x1000);
    in = (struct segment_register){ 0, 0, 0x3ff, 0x5000 };
    hvm_funcs.set_segment(&g.v, x86_seg_idtr, &in);
    hvm_funcs.get_segment(&g.v, x86_seg_idtr, &out);
    EXPECT_EQ(out.limit, 0x3ff);
    EXPECT_EQ(out.base, 0x5000);
    /* The PVH reset's LDTR (attr 0x82) stays usable; a null one doesn't. */
    in = (struct segment_register){ 0, 0x82, 0xffff, 0 };
    hvm_funcs.set_segment(&g.v, x86_seg_ldtr, &in);
    EXPECT_EQ(fake_vmcs[GUEST_LDTR_AR_BYTES], 0x82);
    /* A blank TR becomes a busy TSS, which VM entry insists on. */
    in = (struct segment_register){ 0, 0, 0, 0 };
    hvm_funcs.set_segment(&g.v, x86_seg_tr, &in);
    EXPECT_EQ(fake_vmcs[GUEST_TR_AR_BYTES], 0x8b);
    fake_guest_fini(&g);
}

TEST(vmx_intr_info_encoding)
{
    struct hvm_event gp = { 13, X86_EVENTTYPE_HW_EXC, 0x18 };
    struct hvm_event ud = { 6, X86_EVENTTYPE_HW_EXC, -1 };
    struct hvm_event irq = { 0xf3, X86_EVENTTYPE_EXT_INTR, -1 };
    struct hvm_event nmi = { 2, X86_EVENTTYPE_NMI, -1 };
    uint32_t ec = 0;

    EXPECT_EQ(vmx_intr_info(&gp, true, &ec), 0x80000b0d);
    EXPECT_EQ(ec, 0x18);
    /* Real mode: no error code, whatever the vector. */
    EXPECT_EQ(vmx_intr_info(&gp, false, &ec), 0x8000030d);
    EXPECT_EQ(vmx_intr_info(&ud, true, &ec), 0x80000306);
    EXPECT_EQ(vmx_intr_info(&irq, true, &ec), 0x800000f3);
    EXPECT_EQ(vmx_intr_info(&nmi, true, &ec), 0x80000202);
    /* #PF, #DF, #AC carry codes; a missing one becomes 0. */
    gp.vector = 8;
    gp.error_code = -1;
    ec = 7;
    EXPECT(vmx_intr_info(&gp, true, &ec) & INTR_INFO_DELIVER_CODE);
    EXPECT_EQ(ec, 0);
    gp.vector = 17;
    EXPECT(vmx_intr_info(&gp, true, &ec) & INTR_INFO_DELIVER_CODE);
    gp.vector = 3;
    EXPECT(!(vmx_intr_info(&gp, true, &ec) & INTR_INFO_DELIVER_CODE));
}

TEST(vmx_double_fault_rules)
{
    struct hvm_event de = { 0, X86_EVENTTYPE_HW_EXC, -1 };
    struct hvm_event pf = { 14, X86_EVENTTYPE_HW_EXC, 2 };
    struct hvm_event gp = { 13, X86_EVENTTYPE_HW_EXC, 0 };
    struct hvm_event df = { 8, X86_EVENTTYPE_HW_EXC, 0 };
    struct hvm_event db = { 1, X86_EVENTTYPE_HW_EXC, -1 };
    struct hvm_event irq = { 0x30, X86_EVENTTYPE_EXT_INTR, -1 };
    struct hvm_event r;

    r = vmx_combine_exceptions(&de, &gp);
    EXPECT_EQ(r.vector, 8);
    r = vmx_combine_exceptions(&pf, &pf);
    EXPECT_EQ(r.vector, 8);
    r = vmx_combine_exceptions(&pf, &gp);
    EXPECT_EQ(r.vector, 8);
    /* Contributory then #PF: handled serially. */
    r = vmx_combine_exceptions(&gp, &pf);
    EXPECT_EQ(r.vector, 14);
    r = vmx_combine_exceptions(&db, &gp);
    EXPECT_EQ(r.vector, 13);
    r = vmx_combine_exceptions(&gp, &db);
    EXPECT_EQ(r.vector, 1);
    r = vmx_combine_exceptions(&df, &gp);
    EXPECT_EQ(r.type, VMX_EVENTTYPE_TRIPLE);
    r = vmx_combine_exceptions(&df, &db);
    EXPECT_EQ(r.vector, 1);
    r = vmx_combine_exceptions(&irq, &gp);
    EXPECT_EQ(r.vector, 13);
}

TEST(vmx_inject_and_assist)
{
    struct fake_guest g;
    struct vmx_vcpu *x;
    struct hvm_event irq = { 0xf3, X86_EVENTTYPE_EXT_INTR, -1 };
    unsigned int tf = nr_triple;

    fake_guest_init(&g);
    x = vmx_of(&g.v);
    EXPECT(!hvm_funcs.event_pending(&g.v));
    /* #GP then #PF-less #GP: a double fault; one more: triple. */
    hvm_inject_gp(&g.v);
    hvm_inject_gp(&g.v);
    EXPECT_EQ(x->exc.ev.vector, 8);
    hvm_inject_gp(&g.v);
    EXPECT_EQ(nr_triple, tf + 1);
    EXPECT(!x->exc.valid);
    /* An interrupt while IF=0: window exiting, nothing injected. */
    hvm_funcs.inject_event(&g.v, &irq);
    EXPECT(hvm_funcs.event_pending(&g.v));
    fake_vmcs[GUEST_RFLAGS] = 2;
    vmx_intr_assist(&g.v);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_INTR_INFO], 0);
    EXPECT(fake_vmcs[CPU_BASED_VM_EXEC_CONTROL] & CPU_INTR_WINDOW_EXITING);
    /* The window opens: the exit closes it, the next entry injects. */
    fake_vmcs[GUEST_RFLAGS] = 0x202;
    exit_with(&g, EXIT_REASON_INTERRUPT_WINDOW, 0, 0);
    EXPECT_EQ(fake_vmcs[CPU_BASED_VM_EXEC_CONTROL] &
              CPU_INTR_WINDOW_EXITING, 0);
    vmx_intr_assist(&g.v);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_INTR_INFO], 0x800000f3);
    EXPECT(!hvm_funcs.event_pending(&g.v));
    /* Blocked by STI: wait again even with IF=1. */
    hvm_funcs.inject_event(&g.v, &irq);
    fake_vmcs[GUEST_INTERRUPTIBILITY_INFO] = INTR_SHADOW_STI;
    fake_vmcs[VM_ENTRY_INTR_INFO] = 0;
    vmx_intr_assist(&g.v);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_INTR_INFO], 0);
    fake_vmcs[GUEST_INTERRUPTIBILITY_INFO] = 0;
    /* An exception goes first, the interrupt waits for a window. */
    hvm_inject_gp(&g.v);
    vmx_intr_assist(&g.v);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_INTR_INFO], 0x80000b0d);
    EXPECT(x->intr.valid);
    EXPECT(fake_vmcs[CPU_BASED_VM_EXEC_CONTROL] & CPU_INTR_WINDOW_EXITING);
    fake_guest_fini(&g);
}

TEST(vmx_nmi_window)
{
    struct fake_guest g;
    struct hvm_event nmi = { 2, X86_EVENTTYPE_NMI, -1 };

    fake_guest_init(&g);
    hvm_funcs.inject_event(&g.v, &nmi);
    fake_vmcs[GUEST_INTERRUPTIBILITY_INFO] = INTR_BLOCK_NMI;
    vmx_intr_assist(&g.v);
    EXPECT(fake_vmcs[CPU_BASED_VM_EXEC_CONTROL] & CPU_NMI_WINDOW_EXITING);
    fake_vmcs[GUEST_INTERRUPTIBILITY_INFO] = 0;
    exit_with(&g, EXIT_REASON_NMI_WINDOW, 0, 0);
    vmx_intr_assist(&g.v);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_INTR_INFO], 0x80000202);
    fake_guest_fini(&g);
}

TEST(vmx_idt_vectoring_reinjected)
{
    struct fake_guest g;
    struct vmx_vcpu *x;

    fake_guest_init(&g);
    x = vmx_of(&g.v);
    /* A #PF interrupted by an EPT violation comes back with its code. */
    fake_vmcs[IDT_VECTORING_INFO] = INTR_INFO_VALID | INTR_INFO_DELIVER_CODE |
                                    (3 << 8) | 14;
    fake_vmcs[IDT_VECTORING_ERROR_CODE] = 6;
    vmx_reinject_idt_vectoring(&g.v);
    EXPECT(x->exc.valid);
    EXPECT_EQ(x->exc.ev.vector, 14);
    EXPECT_EQ(x->exc.ev.error_code, 6);
    x->exc.valid = false;
    /* An interrupt goes back to the interrupt queue. */
    fake_vmcs[IDT_VECTORING_INFO] = INTR_INFO_VALID | 0x31;
    vmx_reinject_idt_vectoring(&g.v);
    EXPECT(x->intr.valid);
    EXPECT_EQ(x->intr.ev.vector, 0x31);
    /* A software interrupt restarts with its length. */
    fake_vmcs[IDT_VECTORING_INFO] = INTR_INFO_VALID | (4 << 8) | 0x80;
    fake_vmcs[VM_EXIT_INSTRUCTION_LEN] = 2;
    vmx_reinject_idt_vectoring(&g.v);
    EXPECT_EQ(x->exc.insn_len, 2);
    fake_vmcs[IDT_VECTORING_INFO] = 0;
    fake_guest_fini(&g);
}

TEST(vmx_vpid_generations)
{
    struct vmx_vpid_cpu c;
    struct vmx_vcpu a = { .vpid_cpu = ~0U }, b = { .vpid_cpu = ~0U };

    vmx_vpid_cpu_init(&c);
    EXPECT(!vmx_vpid_assign(&c, &a, 0));
    EXPECT_EQ(a.vpid, 1);
    EXPECT(!vmx_vpid_assign(&c, &b, 0));
    EXPECT_EQ(b.vpid, 2);
    /* Same CPU, same generation: keeps it. */
    EXPECT(!vmx_vpid_assign(&c, &a, 0));
    EXPECT_EQ(a.vpid, 1);
    /* A flush request: a fresh tag. */
    vmx_vpid_invalidate(&a);
    vmx_vpid_assign(&c, &a, 0);
    EXPECT_EQ(a.vpid, 3);
    /* Moving CPU: a fresh tag there. */
    vmx_vpid_assign(&c, &b, 1);
    EXPECT_EQ(b.vpid, 4);
    EXPECT_EQ(b.vpid_cpu, 1);
    /* Running out: new generation, VPID 1 again, and a full flush. */
    c.next = VMX_VPID_MAX;
    vmx_vpid_invalidate(&a);
    EXPECT(!vmx_vpid_assign(&c, &a, 0));
    EXPECT_EQ(a.vpid, VMX_VPID_MAX);
    vmx_vpid_invalidate(&a);
    EXPECT(vmx_vpid_assign(&c, &a, 0));
    EXPECT_EQ(a.vpid, 1);
    EXPECT_EQ(c.generation, 2);
    /* Old-generation holders are refreshed on their next entry. */
    b.vpid_cpu = 0;
    vmx_vpid_assign(&c, &b, 0);
    EXPECT_EQ(b.vpid, 2);
}

TEST(vmx_vpid_sync_writes_vmcs)
{
    struct fake_guest g;
    unsigned int all;

    fake_guest_init(&g);
    vmx_vpid_cpu_up(0);
    vmx_vpid_sync(&g.v, 0);
    EXPECT_EQ(fake_vmcs[VIRTUAL_PROCESSOR_ID], 1);
    EXPECT(fake_vmcs[VIRTUAL_PROCESSOR_ID] != 0);     /* never the host's */
    all = nr_invept_all;
    vpid_cpus[0].next = VMX_VPID_MAX + 1;
    vmx_vpid_invalidate(vmx_of(&g.v));
    vmx_vpid_sync(&g.v, 0);
    EXPECT_EQ(nr_invept_all, all + 1);
    EXPECT_EQ(fake_vmcs[VIRTUAL_PROCESSOR_ID], 1);
    fake_guest_fini(&g);
}

TEST(vmx_hypercall_insn)
{
    uint8_t p[3] = { 0 };

    vmx_function_table.init_hypercall_insn(p);
    EXPECT_EQ(p[0], 0x0f);
    EXPECT_EQ(p[1], 0x01);
    EXPECT_EQ(p[2], 0xc1);
    EXPECT(!strcmp(vmx_function_table.name, "VMX"));
    EXPECT(vmx_function_table.p2m_pt_ops == &ept_pt_ops);
}

TEST(vmx_ops_table_complete)
{
    const struct hvm_function_table *t = &vmx_function_table;

    EXPECT(t->cpu_up && t->domain_initialise && t->domain_destroy);
    EXPECT(t->vcpu_initialise && t->vcpu_destroy && t->resume);
    EXPECT(t->get_reg && t->set_reg && t->get_segment && t->set_segment);
    EXPECT(t->inject_event && t->event_pending && t->flush_guest_tlbs);
    EXPECT(t->dump_vcpu && t->io_passthrough && t->init_hypercall_insn);
}

TEST(vmx_arch_state_synced)
{
    struct fake_guest g;

    fake_guest_init(&g);
    g.v.arch.guest_pat = 0x0606060606060606UL;
    g.v.arch.tsc_offset = -1000;
    sync_arch_state(&g.v);
    EXPECT_EQ(fake_vmcs[GUEST_IA32_PAT], 0x0606060606060606UL);
    EXPECT_EQ(fake_vmcs[TSC_OFFSET], (uint64_t)-1000);
    sync_ept(&g.v, 0);
    EXPECT_EQ(fake_vmcs[EPT_POINTER], vmx_eptp(g.p2m.root_ma));
    fake_guest_fini(&g);
}

TEST(vmx_zz_check_count)
{
    printf("    %lu VMX exit, injection and VPID checks\n", nr_checks);
}
