/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMX capabilities and VMCS set-up (xen/arch/x86/hvm/vmx/vmcs.c):
 * allowed 0/1-settings applied to the controls we want, the whole
 * capability check against a real Broadwell's MSRs and against broken
 * ones, IA32_FEATURE_CONTROL, VMCS field encodings, the MSR and I/O
 * bitmap layouts, segment access rights, CR0/CR4 fixed bits, and the
 * VMCS a new vCPU gets.
 */
#include "test-vmx-fake.h"

TEST(vmx_adjust_basic_rules)
{
    struct vmx_ctl_want w = { .required = 0x5, .optional = 0x30 };
    uint32_t out = 0;

    /* Must-be-one bits come in even unasked; optional only if allowed. */
    EXPECT_EQ(vmx_adjust_ctls(0x0000001f00000002UL, &w, &out), 0);
    EXPECT_EQ(out, 0x17);
    EXPECT_EQ(vmx_adjust_ctls(0x000000ff00000000UL, &w, &out), 0);
    EXPECT_EQ(out, 0x35);
    /* A required bit the CPU can't set. */
    EXPECT_EQ(vmx_adjust_ctls(0x0000000100000000UL, &w, &out), -EOPNOTSUPP);
    /* A forbidden bit the CPU forces on. */
    w.forbidden = 0x100;
    EXPECT_EQ(vmx_adjust_ctls(0x0000ffff00000100UL, &w, &out), -EOPNOTSUPP);
    EXPECT_EQ(vmx_adjust_ctls(0x0000ffff00000000UL, &w, &out), 0);
    EXPECT_EQ(out & 0x100, 0);
}

TEST(vmx_adjust_every_bit)
{
    unsigned int bit, ok = 0;

    /* One required bit at a time against an MSR allowing only even bits. */
    for ( bit = 0; bit < 32; bit++ )
    {
        struct vmx_ctl_want w = { .required = 1U << bit };
        uint32_t out = 0;
        int rc = vmx_adjust_ctls(0x5555555500000000UL, &w, &out);

        if ( (bit % 2) ? rc == -EOPNOTSUPP : (rc == 0 && out == 1U << bit) )
            ok++;
    }
    EXPECT_EQ(ok, 32);
}

TEST(vmx_caps_broadwell)
{
    struct vmx_caps c;

    EXPECT_EQ(vmx_compute_caps(&broadwell, &c), 0);
    EXPECT_EQ(c.revision_id, 0x12);
    /* Pin: the default1 bits, our two exits, virtual NMIs. */
    EXPECT_EQ(c.pin, 0x16 | PIN_EXT_INTR_EXITING | PIN_NMI_EXITING |
                     PIN_VIRTUAL_NMIS);
    /* With the TRUE MSRs, CR3 load/store exiting can be (and is) off. */
    EXPECT_EQ(c.cpu & (CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING), 0);
    EXPECT_EQ(c.cpu & 0x04006172, 0x04006172);
    EXPECT(c.cpu & CPU_HLT_EXITING);
    EXPECT(c.cpu & CPU_CR8_LOAD_EXITING);
    EXPECT(c.cpu & CPU_CR8_STORE_EXITING);
    EXPECT(c.cpu & CPU_IO_BITMAPS);
    EXPECT(c.cpu & CPU_MSR_BITMAPS);
    EXPECT(c.cpu & CPU_SECONDARY_CONTROLS);
    EXPECT(c.cpu & CPU_TSC_OFFSETTING);
    EXPECT_EQ(c.cpu & (CPU_INTR_WINDOW_EXITING | CPU_TPR_SHADOW), 0);
    /* Broadwell has RDTSCP and INVPCID but no XSAVES. */
    EXPECT_EQ(c.cpu2, CPU2_EPT | CPU2_VPID | CPU2_UNRESTRICTED_GUEST |
                      CPU2_RDTSCP | CPU2_INVPCID);
    EXPECT_EQ(c.exit & EXIT_ACK_INTR_ON_EXIT, 0);
    EXPECT(c.exit & EXIT_HOST_ADDR_SPACE_SIZE);
    EXPECT(c.exit & EXIT_LOAD_EFER);
    EXPECT(c.exit & EXIT_SAVE_EFER);
    EXPECT(c.exit & EXIT_LOAD_PAT);
    EXPECT(c.exit & EXIT_SAVE_PAT);
    EXPECT(c.exit & EXIT_SAVE_DEBUG_CTLS);
    EXPECT_EQ(c.entry & ENTRY_IA32E_MODE, 0);
    EXPECT(c.entry & ENTRY_LOAD_EFER);
    EXPECT(c.entry & ENTRY_LOAD_PAT);
    EXPECT_EQ(c.entry & (ENTRY_SMM | ENTRY_DEACT_DUAL_MONITOR), 0);
    EXPECT_EQ(c.cr4_fixed0, 0x2000);
}

TEST(vmx_caps_without_true_msrs)
{
    struct vmx_msr_values m = broadwell;
    struct vmx_caps c;

    /* Without bit 55 the old MSRs force CR3 exiting on: we refuse. */
    m.basic &= ~VMX_BASIC_TRUE_CTLS;
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    /* ...unless the CPU happens to allow them off there too. */
    m.procbased = m.true_procbased;
    EXPECT_EQ(vmx_compute_caps(&m, &c), 0);
    EXPECT(c.exit & EXIT_SAVE_DEBUG_CTLS);
}

TEST(vmx_caps_refusals)
{
    struct vmx_msr_values m;
    struct vmx_caps c;

    m = broadwell;
    m.procbased2 &= ~((uint64_t)CPU2_UNRESTRICTED_GUEST << 32);
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.procbased2 &= ~((uint64_t)CPU2_EPT << 32);
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.procbased2 &= ~((uint64_t)CPU2_VPID << 32);
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.ept_vpid_cap &= ~VMX_EPT_SUPERPAGE_2MB;
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.ept_vpid_cap &= ~VMX_EPT_MEMTYPE_WB;
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.ept_vpid_cap &= ~VMX_EPT_INVEPT_ALL;
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.basic = (m.basic & ~(0xfUL << 50)) | (0UL << 50);   /* UC VMCS */
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.basic |= VMX_BASIC_32BIT_ADDRESSES;
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.true_pinbased |= (uint64_t)PIN_POSTED_INTR;     /* forced on */
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.true_entry &= ~((uint64_t)ENTRY_IA32E_MODE << 32);
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
    m = broadwell;
    m.true_exit &= ~((uint64_t)EXIT_LOAD_EFER << 32);
    EXPECT_EQ(vmx_compute_caps(&m, &c), -EOPNOTSUPP);
}

TEST(vmx_feature_control_msr)
{
    uint64_t nv = 0;

    EXPECT_EQ(vmx_feature_control(0x5, &nv), VMX_FC_OK);
    EXPECT_EQ(vmx_feature_control(0x1, &nv), VMX_FC_LOCKED_OFF);
    EXPECT_EQ(vmx_feature_control(0x3, &nv), VMX_FC_LOCKED_OFF);
    EXPECT_EQ(vmx_feature_control(0x0, &nv), VMX_FC_WRITE);
    EXPECT_EQ(nv, 0x5);
    EXPECT_EQ(vmx_feature_control(0x40000, &nv), VMX_FC_WRITE);
    EXPECT_EQ(nv, 0x40005);
}

TEST(vmx_field_encodings)
{
    EXPECT_EQ(vmcs_field_width(VIRTUAL_PROCESSOR_ID), VMCS_WIDTH_16);
    EXPECT_EQ(vmcs_field_width(GUEST_CS_SELECTOR), VMCS_WIDTH_16);
    EXPECT_EQ(vmcs_field_width(EPT_POINTER), VMCS_WIDTH_64);
    EXPECT_EQ(vmcs_field_width(GUEST_IA32_EFER), VMCS_WIDTH_64);
    EXPECT_EQ(vmcs_field_width(VM_EXIT_REASON), VMCS_WIDTH_32);
    EXPECT_EQ(vmcs_field_width(GUEST_CS_AR_BYTES), VMCS_WIDTH_32);
    EXPECT_EQ(vmcs_field_width(GUEST_RIP), VMCS_WIDTH_NATURAL);
    EXPECT_EQ(vmcs_field_width(HOST_RSP), VMCS_WIDTH_NATURAL);
    EXPECT_EQ(vmcs_field_type(PIN_BASED_VM_EXEC_CONTROL), VMCS_TYPE_CONTROL);
    EXPECT_EQ(vmcs_field_type(VM_INSTRUCTION_ERROR), VMCS_TYPE_RO_DATA);
    EXPECT_EQ(vmcs_field_type(GUEST_PHYSICAL_ADDRESS), VMCS_TYPE_RO_DATA);
    EXPECT_EQ(vmcs_field_type(EXIT_QUALIFICATION), VMCS_TYPE_RO_DATA);
    EXPECT_EQ(vmcs_field_type(GUEST_CR0), VMCS_TYPE_GUEST);
    EXPECT_EQ(vmcs_field_type(VMCS_LINK_POINTER), VMCS_TYPE_GUEST);
    EXPECT_EQ(vmcs_field_type(HOST_CR0), VMCS_TYPE_HOST);
    EXPECT_EQ(vmcs_field_type(HOST_TR_SELECTOR), VMCS_TYPE_HOST);
    EXPECT_EQ(vmcs_field_bits(IO_BITMAP_A), 64);
    EXPECT_EQ(vmcs_field_bits(IO_BITMAP_A | VMCS_FIELD_HIGH), 32);
    EXPECT_EQ(vmcs_field_bits(GUEST_ES_SELECTOR), 16);
}

/* Every guest-state field we name is typed "guest", host ones "host". */
TEST(vmx_field_types_consistent)
{
    static const uint32_t guest[] = {
        GUEST_ES_SELECTOR, GUEST_TR_SELECTOR, GUEST_PDPTE3, GUEST_ES_LIMIT,
        GUEST_TR_AR_BYTES, GUEST_ACTIVITY_STATE, GUEST_SYSENTER_CS,
        GUEST_CR3, GUEST_IDTR_BASE, GUEST_RFLAGS, GUEST_SYSENTER_EIP,
    };
    static const uint32_t host[] = {
        HOST_ES_SELECTOR, HOST_IA32_EFER, HOST_SYSENTER_CS, HOST_CR4,
        HOST_IDTR_BASE, HOST_RIP,
    };
    unsigned int i, good = 0;

    for ( i = 0; i < ARRAY_SIZE(guest); i++ )
        good += vmcs_field_type(guest[i]) == VMCS_TYPE_GUEST;
    for ( i = 0; i < ARRAY_SIZE(host); i++ )
        good += vmcs_field_type(host[i]) == VMCS_TYPE_HOST;
    EXPECT_EQ(good, ARRAY_SIZE(guest) + ARRAY_SIZE(host));
}

TEST(vmx_msr_bitmap_layout)
{
    static uint8_t bm[4096];

    memset(bm, 0xff, sizeof(bm));
    /* Low range: read bit at 0, write bit at 2048 bytes. */
    vmx_msr_bitmap_allow(bm, 0x174, true, false);
    EXPECT_EQ(bm[0x174 / 8] & (1 << (0x174 % 8)), 0);
    EXPECT(bm[2048 + 0x174 / 8] & (1 << (0x174 % 8)));
    EXPECT(!vmx_msr_bitmap_exits(bm, 0x174, false));
    EXPECT(vmx_msr_bitmap_exits(bm, 0x174, true));
    /* High range: read bitmap at 1024, write bitmap at 3072. */
    vmx_msr_bitmap_allow(bm, MSR_LSTAR, false, true);
    EXPECT(bm[1024 + 0x82 / 8] & (1 << (0x82 % 8)));
    EXPECT_EQ(bm[3072 + 0x82 / 8] & (1 << (0x82 % 8)), 0);
    EXPECT(vmx_msr_bitmap_exits(bm, MSR_LSTAR, false));
    EXPECT(!vmx_msr_bitmap_exits(bm, MSR_LSTAR, true));
    /* The ends of both ranges. */
    vmx_msr_bitmap_allow(bm, 0x1fff, true, true);
    vmx_msr_bitmap_allow(bm, 0xc0001fff, true, true);
    EXPECT_EQ(bm[1023] & 0x80, 0);
    EXPECT_EQ(bm[3071] & 0x80, 0);
    EXPECT_EQ(bm[2047] & 0x80, 0);
    EXPECT_EQ(bm[4095] & 0x80, 0);
    /* Outside both ranges: always exits, and nothing is touched. */
    vmx_msr_bitmap_allow(bm, 0x2000, true, true);
    vmx_msr_bitmap_allow(bm, 0xc0002000, true, true);
    vmx_msr_bitmap_allow(bm, 0x40000000, true, true);
    EXPECT(vmx_msr_bitmap_exits(bm, 0x2000, false));
    EXPECT(vmx_msr_bitmap_exits(bm, 0x40000000, true));
    EXPECT(vmx_msr_bitmap_exits(bm, 0xbfffffff, false));
    EXPECT_EQ(bm[0x2000 / 8 % 4096], 0xff);
}

TEST(vmx_msr_bitmap_shared)
{
    struct fake_guest g;
    unsigned int i, passed = 0;

    fake_guest_init(&g);
    vmx_bitmaps_init();
    for ( i = 0; i < ARRAY_SIZE(passthrough_msrs); i++ )
        passed += !vmx_msr_bitmap_exits(msr_bitmap, passthrough_msrs[i],
                                        false) &&
                  !vmx_msr_bitmap_exits(msr_bitmap, passthrough_msrs[i],
                                        true);
    EXPECT_EQ(passed, ARRAY_SIZE(passthrough_msrs));
    /* The common code owns these. */
    EXPECT(vmx_msr_bitmap_exits(msr_bitmap, MSR_EFER, true));
    EXPECT(vmx_msr_bitmap_exits(msr_bitmap, MSR_IA32_CR_PAT, true));
    EXPECT(vmx_msr_bitmap_exits(msr_bitmap, MSR_IA32_TSC, false));
    EXPECT(vmx_msr_bitmap_exits(msr_bitmap, MSR_IA32_APICBASE, false));
    /* RDTSCP is on for Broadwell, so TSC_AUX is the guest's. */
    EXPECT(!vmx_msr_bitmap_exits(msr_bitmap, MSR_TSC_AUX, true));
    free_xenheap_page(msr_bitmap);
    fake_guest_fini(&g);
}

TEST(vmx_io_bitmap_layout)
{
    static uint8_t bm[8192];

    memset(bm, 0xff, sizeof(bm));
    vmx_io_bitmap_set(bm, 0x80, true);
    EXPECT_EQ(bm[0x10] & 1, 0);
    vmx_io_bitmap_set(bm, 0x7fff, true);
    EXPECT_EQ(bm[4095] & 0x80, 0);
    vmx_io_bitmap_set(bm, 0x8000, true);     /* first port of bitmap B */
    EXPECT_EQ(bm[4096] & 1, 0);
    vmx_io_bitmap_set(bm, 0xffff, true);
    EXPECT_EQ(bm[8191] & 0x80, 0);
    vmx_io_bitmap_set(bm, 0x80, false);
    EXPECT_EQ(bm[0x10] & 1, 1);
}

TEST(vmx_io_passthrough_op)
{
    struct fake_guest g;
    uint8_t *bm;

    fake_guest_init(&g);
    bm = vmx_dom(&g.d)->io_bitmap;
    /* A new domain has every port intercepted. */
    EXPECT_EQ(bm[0], 0xff);
    EXPECT_EQ(bm[8191], 0xff);
    hvm_funcs.io_passthrough(&g.d, 0x3f8, true);
    EXPECT_EQ(bm[0x3f8 / 8] & 1, 0);
    hvm_funcs.io_passthrough(&g.d, 0x3f8, false);
    EXPECT_EQ(bm[0x3f8 / 8] & 1, 1);
    /* The VMCS points at it: bitmap B is the second page. */
    EXPECT_EQ(fake_vmcs[IO_BITMAP_B] - fake_vmcs[IO_BITMAP_A], PAGE_SIZE);
    fake_guest_fini(&g);
}

TEST(vmx_segment_access_rights)
{
    static const uint16_t attrs[] = {
        0xc9b, 0xc93, 0xa9b, 0x8b, 0x82, 0xcf3, 0xcfb, 0x2fb,
    };
    unsigned int i, round = 0;

    /* SVM packing: G DB L AVL in bits 11:8; VMX moves them to 15:12. */
    EXPECT_EQ(vmx_attr_to_ar(0xc9b), 0xc09b);
    EXPECT_EQ(vmx_attr_to_ar(0xa9b), 0xa09b);
    EXPECT_EQ(vmx_attr_to_ar(0x8b), 0x8b);
    /* Usable code/data segments come out accessed. */
    EXPECT_EQ(vmx_attr_to_ar(0xc9a), 0xc09b);
    EXPECT_EQ(vmx_attr_to_ar(0xc92), 0xc093);
    /* Not present: unusable. */
    EXPECT(vmx_attr_to_ar(0) & VMX_AR_UNUSABLE);
    EXPECT(vmx_attr_to_ar(0x13) & VMX_AR_UNUSABLE);
    EXPECT_EQ(vmx_ar_to_attr(0xc09b), 0xc9b);
    EXPECT_EQ(vmx_ar_to_attr(VMX_AR_UNUSABLE | 0x93) & VMX_AR_P, 0);
    for ( i = 0; i < ARRAY_SIZE(attrs); i++ )
        round += vmx_ar_to_attr(vmx_attr_to_ar(attrs[i])) == attrs[i];
    EXPECT_EQ(round, ARRAY_SIZE(attrs));
}

TEST(vmx_tss_base_from_gdt)
{
    uint64_t gdt[6] = { 0 };
    uint64_t base = 0xffff82d0801234a8UL;

    /* A 16-byte TSS descriptor as desc.c builds it. */
    gdt[4] = 0x67 | ((base & 0xffffff) << 16) | (0x89UL << 40) |
             (((base >> 24) & 0xff) << 56);
    gdt[5] = base >> 32;
    EXPECT_EQ(vmx_gdt_tss_base(gdt, 0x20), base);
}

TEST(vmx_cr_fixed_bits)
{
    if ( vmx_compute_caps(&broadwell, &vmx_caps) )
        abort();
    /* Unrestricted guest: PE and PG are the guest's; NE is forced. */
    EXPECT_EQ(vmx_cr0_real(X86_CR0_ET), X86_CR0_ET | X86_CR0_NE);
    EXPECT_EQ(vmx_cr0_real(X86_CR0_PE | X86_CR0_PG),
              X86_CR0_PE | X86_CR0_PG | X86_CR0_NE);
    EXPECT_EQ(vmx_cr0_mask(), X86_CR0_NE | X86_CR0_PG);
    EXPECT_EQ(vmx_cr4_real(0), 0x2000);
    EXPECT_EQ(vmx_cr4_real(X86_CR4_PAE), 0x2000 | X86_CR4_PAE);
    /* Writes of VMXE, and of whatever CPUID does not offer, exit. */
    EXPECT_EQ(vmx_cr4_mask(), 0x2000 | ~FAKE_CR4_VALID);
    /* Bits the CPU can't hold in VMX operation are dropped. */
    EXPECT_EQ(vmx_cr4_real(1UL << 22) & (1UL << 22), 0);
}

TEST(vmx_vmcs_new_vcpu)
{
    struct fake_guest g;
    const struct vmx_vcpu *x;

    fake_guest_init(&g);
    x = vmx_of(&g.v);
    EXPECT(x != NULL);
    EXPECT_EQ(*(uint32_t *)x->vmcs, 0x12);      /* revision id */
    EXPECT_EQ(fake_vmcs[VMCS_LINK_POINTER], ~0UL);
    EXPECT_EQ(fake_vmcs[PIN_BASED_VM_EXEC_CONTROL], vmx_caps.pin);
    EXPECT_EQ(fake_vmcs[CPU_BASED_VM_EXEC_CONTROL], vmx_caps.cpu);
    EXPECT_EQ(fake_vmcs[SECONDARY_VM_EXEC_CONTROL], vmx_caps.cpu2);
    EXPECT_EQ(fake_vmcs[VM_EXIT_CONTROLS], vmx_caps.exit);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_CONTROLS], vmx_caps.entry);
    EXPECT_EQ(fake_vmcs[EXCEPTION_BITMAP], 1U << X86_EXC_MC);
    EXPECT_EQ(fake_vmcs[CR0_GUEST_HOST_MASK], X86_CR0_NE | X86_CR0_PG);
    EXPECT_EQ(fake_vmcs[CR4_GUEST_HOST_MASK], 0x2000 | ~FAKE_CR4_VALID);
    EXPECT_EQ(fake_vmcs[GUEST_CR0], X86_CR0_PE | X86_CR0_ET | X86_CR0_NE);
    EXPECT_EQ(fake_vmcs[CR0_READ_SHADOW], X86_CR0_PE | X86_CR0_ET);
    EXPECT_EQ(fake_vmcs[GUEST_CR4], 0x2000);
    EXPECT_EQ(fake_vmcs[GUEST_RFLAGS], 2);
    EXPECT_EQ(fake_vmcs[GUEST_DR7], 0x400);
    EXPECT_EQ(fake_vmcs[GUEST_CS_AR_BYTES], 0xc09b);
    EXPECT_EQ(fake_vmcs[GUEST_TR_AR_BYTES], 0x8b);
    EXPECT(fake_vmcs[GUEST_LDTR_AR_BYTES] & VMX_AR_UNUSABLE);
    /* Broadwell has RDTSCP: six MSRs swapped, store = load area. */
    EXPECT_EQ(fake_vmcs[VM_EXIT_MSR_STORE_COUNT], 6);
    EXPECT_EQ(fake_vmcs[VM_ENTRY_MSR_LOAD_COUNT], 6);
    EXPECT_EQ(fake_vmcs[VM_EXIT_MSR_LOAD_COUNT], 0);
    EXPECT_EQ(fake_vmcs[VM_EXIT_MSR_STORE_ADDR],
              fake_vmcs[VM_ENTRY_MSR_LOAD_ADDR]);
    EXPECT_EQ(x->msr_area[0].index, MSR_STAR);
    EXPECT_EQ(x->msr_area[5].index, MSR_TSC_AUX);
    /* VMCLEAR before first use, then VMPTRLD to fill it. */
    EXPECT(nr_vmclear >= 1);
    EXPECT(nr_vmptrld >= 1);
    EXPECT_EQ(x->active_cpu, 0);
    EXPECT(!x->launched);
    fake_guest_fini(&g);
}

TEST(vmx_vmcs_migrates)
{
    struct fake_guest g;
    struct vmx_vcpu *x;
    unsigned int clears;

    fake_guest_init(&g);
    x = vmx_of(&g.v);
    x->launched = true;
    /* Loading on CPU 1: VMCLEAR on CPU 0 first, relaunch there. */
    clears = nr_vmclear;
    fake_cpu = 1;
    vmx_vmcs_load(&g.v);
    EXPECT_EQ(nr_vmclear, clears + 1);
    EXPECT_EQ(x->active_cpu, 1);
    EXPECT(!x->launched);
    EXPECT(current_vmcs[1] == x);
    EXPECT(current_vmcs[0] == NULL);
    /* Loading again on the same CPU does nothing. */
    clears = nr_vmptrld;
    vmx_vmcs_load(&g.v);
    EXPECT_EQ(nr_vmptrld, clears);
    fake_cpu = 0;
    fake_guest_fini(&g);
}

TEST(vmx_zz_check_count)
{
    printf("    %lu VMX control and VMCS checks\n", nr_checks);
}
