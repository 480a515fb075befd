/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen notes in a guest kernel: the ELF notes named "Xen" whose types and
 * formats Xen's public/elfnote.h defines, decoded into struct
 * elf_dom_parms.  Dispatch goes through a table indexed by note type.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include <public/features.h>

#include "libelf-private.h"

#define NOTE_HDR_LEN 12

/* Feature names of the FEATURES note: XENFEAT_* without the prefix. */
#define FEATURE(name) [XENFEAT_ ## name] = #name
static const char *const feature_names[] = {
    FEATURE(writable_page_tables),
    FEATURE(writable_descriptor_tables),
    FEATURE(auto_translated_physmap),
    FEATURE(supervisor_mode_kernel),
    FEATURE(pae_pgdir_above_4gb),
    FEATURE(mmu_pt_update_preserve_ad),
    FEATURE(highmem_assist),
    FEATURE(gnttab_map_avail_bits),
    FEATURE(hvm_callback_vector),
    FEATURE(hvm_safe_pvclock),
    FEATURE(hvm_pirqs),
    FEATURE(dom0),
    FEATURE(memory_op_vnode_supported),
    FEATURE(ARM_SMCCC_supported),
    FEATURE(linux_rsdp_unrestricted),
    FEATURE(not_direct_mapped),
    FEATURE(direct_mapped),
};
#undef FEATURE

/* One note's payload, bounds already checked. */
struct note {
    unsigned int type;
    const uint8_t *desc;
    size_t len;
};

typedef int note_fn(struct elf_dom_parms *p, const struct note *n);

/* A numeric note: 1, 2, 4 or 8 bytes, little-endian. */
static int note_num(const struct note *n, uint64_t *v)
{
    switch ( n->len )
    {
    case 1: *v = n->desc[0]; return 0;
    case 2: *v = elf_rd16(n->desc); return 0;
    case 4: *v = elf_rd32(n->desc); return 0;
    case 8: *v = elf_rd64(n->desc); return 0;
    }
    return -EINVAL;
}

/*
 * A string note ends at its NUL or at the end of the descriptor: Linux
 * writes FEATURES without a NUL.  It is cut to fit dst.
 */
static void note_str(const struct note *n, char *dst, size_t size)
{
    size_t len = min(strnlen((const char *)n->desc, n->len), size - 1);

    memcpy(dst, n->desc, len);
    dst[len] = '\0';
}

/* Numeric notes stored as is: the field's offset in elf_dom_parms. */
static const size_t num_field[XEN_ELFNOTE_MAX + 1] = {
    [XEN_ELFNOTE_ENTRY] = offsetof(struct elf_dom_parms, virt_entry),
    [XEN_ELFNOTE_HYPERCALL_PAGE] =
        offsetof(struct elf_dom_parms, virt_hypercall),
    [XEN_ELFNOTE_VIRT_BASE] = offsetof(struct elf_dom_parms, virt_base),
    [XEN_ELFNOTE_PADDR_OFFSET] =
        offsetof(struct elf_dom_parms, elf_paddr_offset),
    [XEN_ELFNOTE_HV_START_LOW] =
        offsetof(struct elf_dom_parms, virt_hv_start_low),
    [XEN_ELFNOTE_INIT_P2M] = offsetof(struct elf_dom_parms, p2m_base),
};

static int note_u64(struct elf_dom_parms *p, const struct note *n)
{
    uint64_t v;
    int rc = note_num(n, &v);

    if ( !rc )
        *(uint64_t *)((char *)p + num_field[n->type]) = v;
    return rc;
}

/* Strings stored as is: the field's offset (all are char[16]). */
static const size_t str_field[XEN_ELFNOTE_MAX + 1] = {
    [XEN_ELFNOTE_XEN_VERSION] = offsetof(struct elf_dom_parms, xen_ver),
    [XEN_ELFNOTE_GUEST_OS] = offsetof(struct elf_dom_parms, guest_os),
    [XEN_ELFNOTE_GUEST_VERSION] = offsetof(struct elf_dom_parms, guest_ver),
    [XEN_ELFNOTE_LOADER] = offsetof(struct elf_dom_parms, loader),
};

static int note_string(struct elf_dom_parms *p, const struct note *n)
{
    BUILD_BUG_ON(sizeof(p->xen_ver) != 16 || sizeof(p->guest_os) != 16 ||
                 sizeof(p->guest_ver) != 16 || sizeof(p->loader) != 16);
    note_str(n, (char *)p + str_field[n->type], 16);
    return 0;
}

static int note_bool(struct elf_dom_parms *p, const struct note *n)
{
    uint64_t v;
    int rc = note_num(n, &v);

    if ( rc )
        return rc;
    if ( n->type == XEN_ELFNOTE_SUSPEND_CANCEL )
        p->suspend_cancel = v;
    else
        p->mod_start_pfn = v;
    return 0;
}

static int note_pae(struct elf_dom_parms *p, const struct note *n)
{
    char s[32];

    note_str(n, s, sizeof(s));
    if ( strstr(s, "bimodal") )
        p->pae = ELF_PAE_BIMODAL;
    else if ( !strncmp(s, "yes", 3) )
        p->pae = ELF_PAE_YES;
    else
        p->pae = ELF_PAE_NO;
    return 0;
}

static int note_bsd_symtab(struct elf_dom_parms *p, const struct note *n)
{
    char s[8];

    note_str(n, s, sizeof(s));
    p->bsd_symtab = !strcmp(s, "yes");
    return 0;
}

/* Marks one feature name of length len; '!' makes it required too. */
static void parse_feature(struct elf_dom_parms *p, const char *f, size_t len)
{
    bool required = len && *f == '!';
    unsigned int i;

    if ( required )
    {
        f++;
        len--;
    }
    for ( i = 0; i < ARRAY_SIZE(feature_names); i++ )
        if ( feature_names[i] && strlen(feature_names[i]) == len &&
             !memcmp(feature_names[i], f, len) )
        {
            p->f_supported |= 1U << i;
            if ( required )
                p->f_required |= 1U << i;
        }
    /* Unknown names are ignored, as newer kernels may know more. */
}

static int note_features(struct elf_dom_parms *p, const struct note *n)
{
    const char *s = (const char *)n->desc;
    const char *end = s + strnlen(s, n->len);

    while ( s < end )
    {
        const char *bar = memchr(s, '|', end - s) ?: end;

        parse_feature(p, s, bar - s);
        s = bar + (bar < end);
    }
    return 0;
}

static int note_l1_mfn_valid(struct elf_dom_parms *p, const struct note *n)
{
    /* A mask and a value, each half the descriptor: 4 or 8 bytes. */
    if ( n->len == 8 )
    {
        p->l1_mfn_valid_mask = elf_rd32(n->desc);
        p->l1_mfn_valid_value = elf_rd32(n->desc + 4);
        return 0;
    }
    if ( n->len == 16 )
    {
        p->l1_mfn_valid_mask = elf_rd64(n->desc);
        p->l1_mfn_valid_value = elf_rd64(n->desc + 8);
        return 0;
    }
    return -EINVAL;
}

static int note_supported(struct elf_dom_parms *p, const struct note *n)
{
    uint64_t v;
    int rc = note_num(n, &v);

    if ( !rc )
        p->f_supported |= v;
    return rc;
}

static int note_phys32_entry(struct elf_dom_parms *p, const struct note *n)
{
    uint64_t v;
    int rc = note_num(n, &v);

    if ( !rc && v >> 32 )
        rc = -EINVAL;
    if ( !rc )
        p->phys_entry = v;
    return rc;
}

static note_fn *const note_handlers[XEN_ELFNOTE_MAX + 1] = {
    [XEN_ELFNOTE_ENTRY] = note_u64,
    [XEN_ELFNOTE_HYPERCALL_PAGE] = note_u64,
    [XEN_ELFNOTE_VIRT_BASE] = note_u64,
    [XEN_ELFNOTE_PADDR_OFFSET] = note_u64,
    [XEN_ELFNOTE_XEN_VERSION] = note_string,
    [XEN_ELFNOTE_GUEST_OS] = note_string,
    [XEN_ELFNOTE_GUEST_VERSION] = note_string,
    [XEN_ELFNOTE_LOADER] = note_string,
    [XEN_ELFNOTE_PAE_MODE] = note_pae,
    [XEN_ELFNOTE_FEATURES] = note_features,
    [XEN_ELFNOTE_BSD_SYMTAB] = note_bsd_symtab,
    [XEN_ELFNOTE_HV_START_LOW] = note_u64,
    [XEN_ELFNOTE_L1_MFN_VALID] = note_l1_mfn_valid,
    [XEN_ELFNOTE_SUSPEND_CANCEL] = note_bool,
    [XEN_ELFNOTE_INIT_P2M] = note_u64,
    [XEN_ELFNOTE_MOD_START_PFN] = note_bool,
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = note_supported,
    [XEN_ELFNOTE_PHYS32_ENTRY] = note_phys32_entry,
};

static int xen_note(struct elf_dom_parms *p, const struct note *n)
{
    int rc;

    /* INFO and types newer than we know are skipped. */
    if ( n->type > XEN_ELFNOTE_MAX || !note_handlers[n->type] )
        return 0;
    rc = note_handlers[n->type](p, n);
    if ( !rc )
        p->notes_seen |= 1U << n->type;
    return rc;
}

/*
 * Walks the notes in image[off, off + len): namesz, descsz, type, then
 * name and descriptor, each padded to align bytes.
 */
static int walk_notes(const struct elf_binary *elf, uint64_t off,
                      uint64_t len, unsigned int align,
                      struct elf_dom_parms *p)
{
    const uint8_t *base = elf->image + off;
    uint64_t pos = 0;

    while ( len - pos >= NOTE_HDR_LEN )
    {
        const uint8_t *h = base + pos;
        uint64_t namesz = elf_rd32(h), descsz = elf_rd32(h + 4);
        uint64_t desc_off = NOTE_HDR_LEN + ROUNDUP(namesz, align);
        struct note n = { .type = elf_rd32(h + 8), .desc = h + desc_off,
                          .len = descsz };
        int rc;

        if ( desc_off > len - pos || descsz > len - pos - desc_off )
            return -EINVAL;
        if ( namesz == 4 && !memcmp(h + NOTE_HDR_LEN, "Xen", 4) )
        {
            rc = xen_note(p, &n);
            if ( rc )
                return rc;
        }
        /* The last note's padding may be cut off by the segment end. */
        pos = min(len, pos + desc_off + ROUNDUP(descsz, align));
    }

    return 0;
}

static unsigned int note_align(uint64_t align)
{
    return align == 8 ? 8 : 4;
}

static int notes_from_segments(const struct elf_binary *elf,
                               struct elf_dom_parms *p)
{
    struct elf_segment seg;
    unsigned int i;
    int rc;

    for ( i = 0; i < elf->phnum; i++ )
    {
        rc = elf_get_segment(elf, i, &seg);
        if ( !rc && seg.type == ELF_PT_NOTE )
            rc = walk_notes(elf, seg.offset, seg.filesz,
                            note_align(seg.align), p);
        if ( rc )
            return rc;
    }
    return 0;
}

static int notes_from_sections(const struct elf_binary *elf,
                               struct elf_dom_parms *p)
{
    struct elf_section sec;
    unsigned int i;
    int rc;

    for ( i = 0; i < elf->shnum; i++ )
    {
        rc = elf_get_section(elf, i, &sec);
        if ( !rc && sec.type == ELF_SHT_NOTE )
            rc = walk_notes(elf, sec.offset, sec.size,
                            note_align(sec.align), p);
        if ( rc )
            return rc;
    }
    return 0;
}

/*
 * The kernel's virtual range follows from its physical one, as Xen's
 * loader derives it: the per-CPU segment of x86-64 Linux links at virtual
 * address 0 and would otherwise drag the start down.
 */
static int kernel_bounds(const struct elf_binary *elf,
                         struct elf_dom_parms *parms)
{
    uint64_t vstart, vend, off;
    int rc;

    rc = elf_load_bounds(elf, &parms->phys_kstart, &parms->phys_kend,
                         &vstart, &vend);
    if ( rc )
        return rc;
    off = parms->virt_base - parms->elf_paddr_offset;
    parms->virt_kstart = parms->phys_kstart + off;
    parms->virt_kend = parms->phys_kend + off;

    return 0;
}

int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms)
{
    int rc;

    memset(parms, 0, sizeof(*parms));
    parms->virt_base = parms->elf_paddr_offset = ELF_UNSET_ADDR;
    parms->virt_entry = parms->virt_hypercall = ELF_UNSET_ADDR;
    parms->virt_hv_start_low = parms->p2m_base = ELF_UNSET_ADDR;

    rc = notes_from_segments(elf, parms);
    if ( !rc && !parms->notes_seen )
        rc = notes_from_sections(elf, parms);
    if ( rc )
        return rc;

    /* Defaults for absent notes, as Xen's own loader picks them. */
    if ( parms->virt_base == ELF_UNSET_ADDR )
        parms->virt_base = 0;
    if ( parms->elf_paddr_offset == ELF_UNSET_ADDR )
        parms->elf_paddr_offset = parms->virt_base;
    if ( parms->virt_entry == ELF_UNSET_ADDR )
        parms->virt_entry = elf->entry;

    return kernel_bounds(elf, parms);
}
