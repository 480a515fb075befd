/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EPT entries (xen/arch/x86/hvm/vmx/ept.c): every p2m type at both
 * orders encodes to an entry the CPU accepts (no misconfiguration) with
 * the right permissions and memory type, and decodes back to the same
 * type and frame; table entries; the EPTP; and the per-CPU INVEPT
 * bookkeeping after a p2m change.
 */
#include "test-vmx-fake.h"

#define EPT_PERM(e)   ((e) & 7)
#define EPT_MT(e)     (((e) >> 3) & 7)

/* Would the CPU call this leaf an EPT misconfiguration (SDM 29.3.3.1)? */
static bool misconfigured(pte_t e, bool large)
{
    unsigned int perm = EPT_PERM(e), mt = EPT_MT(e);

    if ( perm == 0 )
        return false;                   /* not present: all else ignored */
    if ( perm == 2 || perm == 6 )       /* write without read */
        return true;
    if ( mt == 2 || mt == 3 || mt == 7 )
        return true;
    /* A 2M leaf's address bits 20:12 are reserved. */
    return large && (e & 0x1ff000UL);
}

TEST(vmx_ept_every_type_and_order)
{
    static const unsigned long mfns[] = { 0, 0x200, 0x12345e00, 0xffffe00 };
    unsigned int t, o, i, good = 0, total = 0;

    for ( t = 0; t < p2m_nr_types; t++ )
        for ( o = 0; o <= P2M_ORDER_2M; o += P2M_ORDER_2M )
            for ( i = 0; i < ARRAY_SIZE(mfns); i++ )
            {
                pte_t e = ept_pt_ops.make_entry(mfns[i], t, o);
                bool ok = ept_pt_ops.entry_type(e) == t &&
                          ept_pt_ops.entry_mfn(e) == mfns[i] &&
                          ept_pt_ops.is_present(e) == (t != p2m_invalid) &&
                          ept_pt_ops.is_large(e) ==
                              (o && t != p2m_invalid) &&
                          !misconfigured(e, o);

                if ( !ok )
                    printf("  type %u order %u mfn %#lx: %#lx\n", t, o,
                           mfns[i], (unsigned long)e);
                good += ok;
                total++;
            }
    EXPECT_EQ(good, total);
    EXPECT_EQ(total, p2m_nr_types * 2 * ARRAY_SIZE(mfns));
}

TEST(vmx_ept_permissions)
{
    /* RAM: read, write, execute, write-back. */
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_ram_rw, 0)), 7);
    EXPECT_EQ(EPT_MT(ept_pt_ops.make_entry(1, p2m_ram_rw, 0)), 6);
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_grant_map_rw, 0)), 7);
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_map_foreign, 0)), 7);
    /* Read-only kinds: no write bit. */
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_ram_ro, 0)), 5);
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_grant_map_ro, 0)), 5);
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_ioreq_server, 0)), 5);
    /* Passed-through MMIO: uncached, not executable. */
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_mmio_direct, 0)), 3);
    EXPECT_EQ(EPT_MT(ept_pt_ops.make_entry(1, p2m_mmio_direct, 0)), 0);
    /* Emulated MMIO: not present, but the type survives. */
    EXPECT_EQ(EPT_PERM(ept_pt_ops.make_entry(1, p2m_mmio_dm, 0)), 0);
    EXPECT(ept_pt_ops.is_present(ept_pt_ops.make_entry(1, p2m_mmio_dm, 0)));
    EXPECT_EQ(ept_pt_ops.entry_type(ept_pt_ops.make_entry(1, p2m_mmio_dm,
                                                          9)), p2m_mmio_dm);
    /* Writability agrees with the common p2m_is_writable(). */
    EXPECT_EQ(!!(ept_pt_ops.make_entry(1, p2m_ram_rw, 0) & 2),
              p2m_is_writable(p2m_ram_rw));
    EXPECT_EQ(!!(ept_pt_ops.make_entry(1, p2m_ram_ro, 0) & 2),
              p2m_is_writable(p2m_ram_ro));
    /* Large bit only at order 9; the type lives in bits 52-56. */
    EXPECT(ept_pt_ops.make_entry(0x200, p2m_ram_rw, 9) & (1UL << 7));
    EXPECT(!(ept_pt_ops.make_entry(0x200, p2m_ram_rw, 0) & (1UL << 7)));
    EXPECT_EQ(ept_pt_ops.make_entry(0, p2m_mmio_dm, 0) >> 52, p2m_mmio_dm);
}

TEST(vmx_ept_all_writable_types_readable)
{
    unsigned int t, ok = 0;

    for ( t = 0; t < p2m_nr_types; t++ )
    {
        pte_t e = ept_pt_ops.make_entry(5, t, 0);

        ok += !(e & 2) || (e & 1);
    }
    EXPECT_EQ(ok, p2m_nr_types);
}

TEST(vmx_ept_invalid_mfn_kept_in_bounds)
{
    /* A wild frame number must not spill into the type or flag bits. */
    pte_t e = ept_pt_ops.make_entry(INVALID_MFN, p2m_mmio_dm, 0);

    EXPECT_EQ(ept_pt_ops.entry_type(e), p2m_mmio_dm);
    EXPECT_EQ(EPT_PERM(e), 0);
    EXPECT_EQ(e >> 63, 0);
}

TEST(vmx_ept_table_entries)
{
    pte_t e = ept_pt_ops.table_entry(0x7654000);

    EXPECT_EQ(EPT_PERM(e), 7);
    EXPECT(ept_pt_ops.is_present(e));
    EXPECT(!ept_pt_ops.is_large(e));
    EXPECT_EQ(ept_pt_ops.entry_mfn(e), 0x7654);
    EXPECT_EQ(ept_pt_ops.entry_type(e), p2m_invalid);
    /* Bits 7:3 of a PML4E are reserved: keep them clear. */
    EXPECT_EQ(e & 0xf8, 0);
    EXPECT(!ept_pt_ops.is_present(0));
    EXPECT_EQ(ept_pt_ops.entry_type(0), p2m_invalid);
}

TEST(vmx_eptp_format)
{
    uint64_t eptp = vmx_eptp(0x1234000);

    EXPECT_EQ(eptp & 7, 6);                 /* write-back */
    EXPECT_EQ((eptp >> 3) & 7, 3);          /* 4-level walk */
    EXPECT_EQ(eptp & ~0xfffUL, 0x1234000);
    EXPECT_EQ(eptp & (1UL << 6), 0);        /* no accessed/dirty flags */
}

TEST(vmx_ept_flush_then_sync)
{
    struct fake_guest g;
    uint64_t eptp;
    unsigned int before;

    fake_guest_init(&g);
    eptp = vmx_eptp(g.p2m.root_ma);
    /* A new domain: each CPU INVEPTs once before first running it. */
    before = nr_invept_single;
    vmx_ept_sync_cpu(&g.d, 0, eptp);
    EXPECT_EQ(nr_invept_single, before + 1);
    EXPECT_EQ(last_invept_eptp, eptp);
    vmx_ept_sync_cpu(&g.d, 0, eptp);
    EXPECT_EQ(nr_invept_single, before + 1);
    vmx_ept_sync_cpu(&g.d, 3, eptp);
    EXPECT_EQ(nr_invept_single, before + 2);
    /* A p2m change: the p2m calls flush_guest_tlbs for each vCPU. */
    hvm_funcs.flush_guest_tlbs(&g.v);
    EXPECT_EQ(vmx_of(&g.v)->vpid_generation, 0);
    vmx_ept_sync_cpu(&g.d, 0, eptp);
    vmx_ept_sync_cpu(&g.d, 3, eptp);
    EXPECT_EQ(nr_invept_single, before + 4);
    /* Without single-context INVEPT, the all-context form does. */
    vmx_caps.ept_vpid_cap &= ~VMX_EPT_INVEPT_SINGLE;
    before = nr_invept_all;
    hvm_funcs.flush_guest_tlbs(&g.v);
    vmx_ept_sync_cpu(&g.d, 0, eptp);
    EXPECT_EQ(nr_invept_all, before + 1);
    fake_guest_fini(&g);
}

TEST(vmx_ept_flush_kicks_running_vcpu)
{
    struct fake_guest g;
    unsigned int kicks;

    fake_guest_init(&g);
    kicks = nr_kick;
    g.v.is_running = true;
    g.v.processor = 2;                  /* in guest mode on CPU 2 */
    hvm_funcs.flush_guest_tlbs(&g.v);
    EXPECT_EQ(nr_kick, kicks + 1);
    g.v.processor = 0;                  /* on this CPU: no IPI */
    hvm_funcs.flush_guest_tlbs(&g.v);
    EXPECT_EQ(nr_kick, kicks + 1);
    g.v.is_running = false;
    fake_guest_fini(&g);
}

TEST(vmx_zz_check_count)
{
    printf("    %lu EPT checks\n", nr_checks);
}
