/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory access for the hypervisor: walking the guest's page tables
 * in whichever mode it runs (none, 2-level with PSE, PAE, 4-level), then
 * the p2m, then the direct map.  Intel SDM vol. 3A, 4.3-4.5; AMD APM
 * vol. 2, 5.3 "Long-Mode Page Translation".
 *
 * Only RAM is reachable this way: a guest pointing a hypercall at MMIO,
 * at a hole or at a granted/foreign frame gets -EFAULT.  Each frame is
 * held by a page reference while we read or write it (Xen's
 * get_page_from_gfn()), so a guest giving the frame back on another
 * vCPU meanwhile cannot make us write into a frame already reused: it
 * goes back to the heap at our put.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/x86_emulate.h>

#define PTE_P       (1ULL << 0)
#define PTE_RW      (1ULL << 1)
#define PTE_PS      (1ULL << 7)
#define PTE_ADDR    0x000ffffffffff000ULL

/*
 * The RAM frame of d at guest-physical gpa, with a reference the caller
 * drops with page_put_ref() when done with it; NULL if there is none.
 */
static struct page_info *gpa_get_page(struct domain *d, uint64_t gpa,
                                      bool write)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(d, gpa >> PAGE_SHIFT, &t);
    struct page_info *pg;

    if ( mfn == INVALID_MFN || !p2m_is_ram(t) ||
         (write && !p2m_is_ram_rw(t)) || !mfn_valid(mfn) )
        return NULL;
    pg = mfn_to_page(mfn);
    return page_get_ref(pg, d) ? pg : NULL;
}

static void *page_va(struct page_info *pg, uint64_t gpa)
{
    return (char *)page_to_virt(pg) + (gpa & ~PAGE_MASK);
}

static bool read_gpte(struct domain *d, uint64_t gpa, bool wide,
                      uint64_t *e)
{
    struct page_info *pg = gpa_get_page(d, gpa, false);
    const void *p;

    if ( !pg )
        return false;
    p = page_va(pg, gpa);
    *e = wide ? *(const uint64_t *)p : *(const uint32_t *)p;
    page_put_ref(pg);
    return true;
}

/*
 * One walk step: read the entry at index idx of the table at table_gpa;
 * returns false when not present or not writable for a write.
 */
static bool walk_step(struct vcpu *v, uint64_t table_gpa, unsigned int idx,
                      bool wide, bool write, uint64_t *e)
{
    bool wp = hvm_get_reg(v, HVM_CR0) & X86_CR0_WP;

    if ( !read_gpte(v->domain, table_gpa + idx * (wide ? 8 : 4), wide, e) ||
         !(*e & PTE_P) )
        return false;
    return !write || !wp || (*e & PTE_RW);
}

static bool walk_long(struct vcpu *v, uint64_t va, bool write,
                      uint64_t *gpa)
{
    uint64_t table = hvm_get_reg(v, HVM_CR3) & PTE_ADDR, e = 0;
    int level;

    for ( level = 3; level >= 0; level-- )
    {
        unsigned int shift = 12 + 9 * level;

        if ( !walk_step(v, table, (va >> shift) & 511, true, write, &e) )
            return false;
        if ( level > 0 && level < 3 && (e & PTE_PS) )
        {
            *gpa = (e & PTE_ADDR & ~((1ULL << shift) - 1)) |
                   (va & ((1ULL << shift) - 1));
            return true;
        }
        table = e & PTE_ADDR;
    }
    *gpa = table | (va & 0xfff);
    return true;
}

static bool walk_pae(struct vcpu *v, uint32_t va, bool write, uint64_t *gpa)
{
    uint64_t e, table = hvm_get_reg(v, HVM_CR3) & 0xffffffe0ULL;

    if ( !read_gpte(v->domain, table + (va >> 30) * 8, true, &e) ||
         !(e & PTE_P) )
        return false;
    if ( !walk_step(v, e & PTE_ADDR, (va >> 21) & 511, true, write, &e) )
        return false;
    if ( e & PTE_PS )
    {
        *gpa = (e & PTE_ADDR & ~0x1fffffULL) | (va & 0x1fffff);
        return true;
    }
    if ( !walk_step(v, e & PTE_ADDR, (va >> 12) & 511, true, write, &e) )
        return false;
    *gpa = (e & PTE_ADDR) | (va & 0xfff);
    return true;
}

static bool walk_2level(struct vcpu *v, uint32_t va, bool write,
                        uint64_t *gpa)
{
    uint64_t e, table = hvm_get_reg(v, HVM_CR3) & 0xfffff000ULL;
    bool pse = hvm_get_reg(v, HVM_CR4) & X86_CR4_PSE;

    if ( !walk_step(v, table, va >> 22, false, write, &e) )
        return false;
    if ( pse && (e & PTE_PS) )
    {
        /* PSE-36: bits 13-20 of the entry are address bits 32-39. */
        *gpa = (e & 0xffc00000ULL) | ((e & 0x1fe000ULL) << 19) |
               (va & 0x3fffff);
        return true;
    }
    if ( !walk_step(v, e & 0xfffff000ULL, (va >> 12) & 1023, false, write,
                    &e) )
        return false;
    *gpa = (e & 0xfffff000ULL) | (va & 0xfff);
    return true;
}

bool hvm_gva_to_gpa(struct vcpu *v, uint64_t va, bool write, uint64_t *gpa)
{
    uint64_t cr0 = hvm_get_reg(v, HVM_CR0);

    if ( !(cr0 & X86_CR0_PG) )
    {
        *gpa = hvm_long_mode_active(v) ? va : (uint32_t)va;
        return true;
    }
    if ( hvm_get_reg(v, HVM_EFER) & EFER_LMA )
        return walk_long(v, va, write, gpa);
    if ( hvm_get_reg(v, HVM_CR4) & X86_CR4_PAE )
        return walk_pae(v, va, write, gpa);
    return walk_2level(v, va, write, gpa);
}

/* Copy in page-sized pieces; returns the bytes left uncopied. */
static size_t copy_guest(struct vcpu *v, struct domain *d, uint64_t addr,
                         void *buf, size_t len, bool to_guest)
{
    while ( len )
    {
        size_t n = min(len, (size_t)(PAGE_SIZE - (addr & ~PAGE_MASK)));
        uint64_t gpa = addr;
        struct page_info *pg;

        if ( v && !hvm_gva_to_gpa(v, addr, to_guest, &gpa) )
            break;
        pg = gpa_get_page(d, gpa, to_guest);
        if ( !pg )
            break;
        if ( to_guest )
        {
            memcpy(page_va(pg, gpa), buf, n);
            /* After the write: a CLEAN between leaves the bit set. */
            p2m_logdirty_mark(d, gpa >> PAGE_SHIFT, 1);
        }
        else
            memcpy(buf, page_va(pg, gpa), n);
        page_put_ref(pg);
        addr += n;
        buf = (char *)buf + n;
        len -= n;
    }
    return len;
}

size_t copy_from_guest_va(struct vcpu *v, void *dst, uint64_t va, size_t len)
{
    return copy_guest(v, v->domain, va, dst, len, false);
}

size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len)
{
    return copy_guest(v, v->domain, va, (void *)src, len, true);
}

size_t copy_from_guest_phys(struct domain *d, void *dst, uint64_t gpa,
                            size_t len)
{
    return copy_guest(NULL, d, gpa, dst, len, false);
}

size_t copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                          size_t len)
{
    return copy_guest(NULL, d, gpa, (void *)src, len, true);
}

size_t clear_guest_phys(struct domain *d, uint64_t gpa, size_t len)
{
    static const uint8_t zero[256];

    while ( len )
    {
        size_t n = min(len, sizeof(zero));

        if ( copy_to_guest_phys(d, gpa, zero, n) )
            return len;
        gpa += n;
        len -= n;
    }
    return 0;
}

enum x86_mode hvm_insn_mode(const struct vcpu *v)
{
    struct segment_register cs;

    if ( hvm_64bit_code(v) )
        return X86_MODE_64;
    if ( !(hvm_get_reg(v, HVM_CR0) & X86_CR0_PE) )
        return X86_MODE_REAL;
    if ( hvm_get_reg(v, HVM_RFLAGS) & (1U << 17) )     /* VM */
        return X86_MODE_VM86;
    hvm_funcs.get_segment(v, x86_seg_cs, &cs);
    return cs.attr & SEG_ATTR_DB ? X86_MODE_PROT32 : X86_MODE_PROT16;
}

unsigned int hvm_decode_insn_len(struct vcpu *v)
{
    struct segment_register cs;
    struct x86_insn insn;
    uint8_t bytes[15];
    uint64_t rip = hvm_get_reg(v, HVM_RIP);
    size_t left;

    hvm_funcs.get_segment(v, x86_seg_cs, &cs);
    if ( !hvm_64bit_code(v) )
        rip = (uint32_t)(rip + cs.base);
    /* A fetch may stop at an unmapped page; decode what we have. */
    left = copy_from_guest_va(v, bytes, rip, sizeof(bytes));
    if ( x86_decode_bytes(&insn, hvm_insn_mode(v), bytes,
                          sizeof(bytes) - left, NULL) != X86EMUL_OKAY )
        return 0;
    return insn.len;
}
