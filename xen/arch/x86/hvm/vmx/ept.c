/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * p2m entries in Intel EPT format (SDM vol. 3C, "EPT Translation
 * Mechanism"), for the common p2m code in mm/p2m.c, and EPT flushing.
 *
 * Leaf: bits 0-2 read/write/execute, 5:3 memory type (6 WB for RAM, 0 UC
 * for passed-through MMIO), bit 7 for a 2 MiB leaf, 51:12 the frame, the
 * p2m type in bits 52-56, which EPT ignores.  An entry with bits 2:0
 * clear is not present and the CPU ignores every other bit, so emulated
 * MMIO leaves keep their type there and always fault (EPT violation).
 * Write-only or write+execute-only entries would be misconfigurations;
 * every writable type here is readable too.
 *
 * Flushing: translations derived from EPT are tagged with the EPTP
 * (guest-physical and combined mappings, SDM "Caching Translation
 * Information"), and VPIDs do not cover the guest-physical ones.  So a
 * changed p2m marks every CPU stale for the domain, and each CPU runs
 * INVEPT before it next enters one of the domain's vCPUs.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/p2m.h>

#include "vmx.h"

#define EPT_R               (1UL << 0)
#define EPT_W               (1UL << 1)
#define EPT_X               (1UL << 2)
#define EPT_RWX             (EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT        3
#define EPT_MT_UC           0UL
#define EPT_MT_WB           6UL
#define EPT_LARGE           (1UL << 7)
#define EPT_TYPE_SHIFT      52
#define EPT_TYPE_MASK       (0x1fUL << EPT_TYPE_SHIFT)

/* EPTP: memory type WB, page-walk length 4 (encoded as 3). */
#define EPTP_WB             6UL
#define EPTP_WALK_4         (3UL << 3)

static pte_t type_bits(p2m_type_t t)
{
    switch ( t )
    {
    case p2m_ram_rw:
    case p2m_grant_map_rw:
    case p2m_map_foreign:
        return EPT_RWX | (EPT_MT_WB << EPT_MT_SHIFT);
    case p2m_ram_ro:
    case p2m_grant_map_ro:
    case p2m_ioreq_server:      /* reads from RAM, writes trap */
    case p2m_ram_logdirty:      /* the first write faults and is logged */
        return EPT_R | EPT_X | (EPT_MT_WB << EPT_MT_SHIFT);
    case p2m_mmio_direct:
        return EPT_R | EPT_W | (EPT_MT_UC << EPT_MT_SHIFT);
    default:
        return 0;               /* invalid, emulated: not present */
    }
}

static pte_t ept_make_entry(unsigned long mfn, p2m_type_t t,
                            unsigned int order)
{
    return (((pte_t)mfn << PAGE_SHIFT) & PTE_ADDR_MASK) | type_bits(t) |
           (order ? EPT_LARGE : 0) |
           (((pte_t)t << EPT_TYPE_SHIFT) & EPT_TYPE_MASK);
}

/* Non-leaf entries allow everything; the leaf decides. */
static pte_t ept_table_entry(paddr_t ma)
{
    return (ma & PTE_ADDR_MASK) | EPT_RWX;
}

static p2m_type_t ept_entry_type(pte_t e)
{
    return (e & EPT_TYPE_MASK) >> EPT_TYPE_SHIFT;
}

static unsigned long ept_entry_mfn(pte_t e)
{
    return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static bool ept_is_present(pte_t e)
{
    return (e & EPT_RWX) || ept_entry_type(e) != p2m_invalid;
}

static bool ept_is_large(pte_t e)
{
    return (e & EPT_LARGE) && ept_is_present(e);
}

const struct p2m_pt_ops ept_pt_ops = {
    .make_entry = ept_make_entry,
    .table_entry = ept_table_entry,
    .entry_type = ept_entry_type,
    .entry_mfn = ept_entry_mfn,
    .is_present = ept_is_present,
    .is_large = ept_is_large,
};

uint64_t vmx_eptp(paddr_t root_ma)
{
    return (root_ma & PTE_ADDR_MASK) | EPTP_WALK_4 | EPTP_WB;
}

void vmx_ept_flush_domain(struct domain *d)
{
    struct vmx_domain *vd = vmx_dom(d);

    if ( vd )
        cpumask_setall(&vd->ept_stale);
}

void vmx_ept_sync_cpu(struct domain *d, unsigned int cpu, uint64_t eptp)
{
    struct vmx_domain *vd = vmx_dom(d);

    if ( !test_and_clear_bit(cpu, vd->ept_stale.bits) )
        return;
    if ( vmx_caps.ept_vpid_cap & VMX_EPT_INVEPT_SINGLE )
        vmx_invept(INVEPT_SINGLE_CONTEXT, eptp);
    else
        vmx_invept(INVEPT_ALL_CONTEXT, 0);
}
