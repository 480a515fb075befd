/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_PAGE_H
#define X86_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT   _AC(0x001, UL)
#define _PAGE_RW        _AC(0x002, UL)
#define _PAGE_USER      _AC(0x004, UL)
#define _PAGE_PWT       _AC(0x008, UL)
#define _PAGE_PCD       _AC(0x010, UL)
#define _PAGE_ACCESSED  _AC(0x020, UL)
#define _PAGE_DIRTY     _AC(0x040, UL)
#define _PAGE_PSE       _AC(0x080, UL)
#define _PAGE_GLOBAL    _AC(0x100, UL)
#define _PAGE_NX        (_AC(1, UL) << 63)

#define PADDR_BITS      52
#define PADDR_MASK      ((_AC(1, UL) << PADDR_BITS) - 1)
#define PTE_ADDR_MASK   (PADDR_MASK & PAGE_MASK)

#define L1_PAGETABLE_SHIFT  12
#define L2_PAGETABLE_SHIFT  21
#define L3_PAGETABLE_SHIFT  30
#define L4_PAGETABLE_SHIFT  39
#define PAGETABLE_ENTRIES   512

#define l1_table_offset(va) (((va) >> L1_PAGETABLE_SHIFT) & 511)
#define l2_table_offset(va) (((va) >> L2_PAGETABLE_SHIFT) & 511)
#define l3_table_offset(va) (((va) >> L3_PAGETABLE_SHIFT) & 511)
#define l4_table_offset(va) (((va) >> L4_PAGETABLE_SHIFT) & 511)

#define PAGE_HYPERVISOR     (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                             _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RX  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC  (PAGE_HYPERVISOR | _PAGE_PCD | _PAGE_PWT)

#ifndef __ASSEMBLY__
#include <xen/types.h>

typedef uint64_t pte_t;

static inline void *__va(paddr_t pa)
{
    return (void *)(DIRECTMAP_VIRT_START + pa);
}

static inline paddr_t __pa(const void *va)
{
    unsigned long v = (unsigned long)va;

    if ( v >= XEN_VIRT_START )
        return v - XEN_VIRT_START;
    return v - DIRECTMAP_VIRT_START;
}

#define maddr_to_virt(ma)   __va(ma)
#define virt_to_maddr(va)   __pa(va)
#define mfn_to_virt(mfn)    __va((paddr_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(va)     (__pa(va) >> PAGE_SHIFT)
#define PFN_DOWN(x)         ((x) >> PAGE_SHIFT)
#define PFN_UP(x)           (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

#endif /* !__ASSEMBLY__ */
#endif /* X86_PAGE_H */
