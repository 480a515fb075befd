/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XEN_DOMCTL_getpageframeinfo3 for HVM domains, as Xen 4.17's: for each
 * gfn the caller lists (at most 1024), the type of what is there, written
 * over it in the caller's word size (32 bits for a caller with a 32-bit
 * shared_info, as Xen's has_32bit_shinfo()).  A migration's saver asks
 * it which frames to send: RAM the domain owns is NOTAB (0; an HVM guest
 * has no PV page-table types); anything else is XTAB, a hole, MMIO, a
 * grant or foreign map, and the hypervisor's own frames the guest maps
 * (shared_info, grant table frames: Xen's is_special_page()), which the
 * guest maps again after a restore.  The array is copied in and out
 * whole (8 KiB at most), not entry by entry.
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>

#define MAX_FRAMES      1024

static uint32_t frame_type(struct domain *d, uint64_t gfn)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(d, gfn, &t);
    const struct page_info *pg;

    if ( !p2m_is_ram(t) || mfn == INVALID_MFN || !mfn_valid(mfn) )
        return XEN_DOMCTL_PFINFO_XTAB;
    pg = mfn_to_page(mfn);
    if ( (pg->count_info & PGC_xen_heap) || pg->u.owner != d )
        return XEN_DOMCTL_PFINFO_XTAB;
    return XEN_DOMCTL_PFINFO_NOTAB;
}

long arch_domctl_getpageframeinfo3(struct domain *d, struct xen_domctl *op)
{
    uint64_t num = op->u.getpageframeinfo3.num, i;
    uint64_t addr = guest_handle_addr(op->u.getpageframeinfo3.array);
    unsigned int width = current->domain->has_32bit_shinfo ? 4 : 8;
    uint8_t *buf;
    long rc = 0;

    if ( num > MAX_FRAMES )
        return -E2BIG;
    buf = xmalloc_array(uint8_t, num * width ?: 1);
    if ( !buf )
        return -ENOMEM;
    if ( copy_from_guest(buf, addr, num * width) )
        rc = -EFAULT;
    for ( i = 0; i < num && !rc; i++ )
    {
        uint64_t gfn = 0, type;

        memcpy(&gfn, buf + i * width, width);
        type = frame_type(d, gfn);
        memcpy(buf + i * width, &type, width);
    }
    if ( !rc && copy_to_guest(addr, buf, num * width) )
        rc = -EFAULT;
    xfree(buf);
    return rc;
}
