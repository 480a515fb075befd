/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * p2m entries in AMD nested-paging format: ordinary long-mode page-table
 * entries (AMD APM vol. 2, 15.25 "Nested Paging").  Guest accesses count
 * as user accesses in the nested walk, so every level has U set.  The
 * p2m type sits in software-available bits 52-56.
 */
#include <xen/lib.h>
#include <asm/p2m.h>

#define P2M_TYPE_SHIFT  52
#define P2M_TYPE_MASK   (0x1fUL << P2M_TYPE_SHIFT)
#define NPT_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
                         _PAGE_ACCESSED | _PAGE_DIRTY)
#define NPT_LEAF_FLAGS  (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | \
                         _PAGE_DIRTY)

static pte_t type_flags(p2m_type_t t)
{
    switch ( t )
    {
    case p2m_ram_rw:
    case p2m_grant_map_rw:
    case p2m_map_foreign:
        return NPT_LEAF_FLAGS | _PAGE_RW;
    case p2m_ram_ro:
    case p2m_grant_map_ro:
    case p2m_ioreq_server:      /* reads from RAM, writes trap */
    case p2m_ram_logdirty:      /* the first write faults and is logged */
        return NPT_LEAF_FLAGS;
    case p2m_mmio_direct:
        return NPT_LEAF_FLAGS | _PAGE_RW | _PAGE_PCD | _PAGE_PWT | _PAGE_NX;
    default:
        return 0;               /* emulated: not present, always faults */
    }
}

static pte_t npt_make_entry(unsigned long mfn, p2m_type_t t,
                            unsigned int order)
{
    return (((pte_t)mfn << PAGE_SHIFT) & PTE_ADDR_MASK) | type_flags(t) |
           (order ? _PAGE_PSE : 0) | ((pte_t)t << P2M_TYPE_SHIFT);
}

static pte_t npt_table_entry(paddr_t ma)
{
    return ma | NPT_TABLE_FLAGS;
}

static p2m_type_t npt_entry_type(pte_t e)
{
    return (e & P2M_TYPE_MASK) >> P2M_TYPE_SHIFT;
}

static unsigned long npt_entry_mfn(pte_t e)
{
    return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static bool npt_is_present(pte_t e)
{
    /* Emulated-MMIO leaves are kept (with their type) but not present. */
    return (e & _PAGE_PRESENT) || npt_entry_type(e) != p2m_invalid;
}

static bool npt_is_large(pte_t e)
{
    return (e & _PAGE_PSE) && npt_is_present(e);
}

const struct p2m_pt_ops npt_pt_ops = {
    .make_entry = npt_make_entry,
    .table_entry = npt_table_entry,
    .entry_type = npt_entry_type,
    .entry_mfn = npt_entry_mfn,
    .is_present = npt_is_present,
    .is_large = npt_is_large,
};
