/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 domctl sub-ops: the HVM context (hvm/save.c, hvm/restore.c),
 * the paging pool (mm/p2m-pool.c), and the x86 parts of createdomain and
 * getdomaininfo.  Checks and error codes follow Xen 4.17's
 * arch_do_domctl() and arch_domain_create().
 */
#include <xen/lib.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/save.h>
#include <asm/p2m.h>

/* The guest-physical address width our 4-level p2m reaches. */
#define GPADDR_BITS     48

/* Xen's TSC modes (asm-x86/time.h); 3 (pvrdtscp) is gone from 4.17. */
#define TSC_MODE_DEFAULT        0
#define TSC_MODE_ALWAYS_EMULATE 1
#define TSC_MODE_NEVER_EMULATE  2

/*
 * Xen's checks of config->arch: unknown emulation bits are -EINVAL; a
 * combination Xen would not build for a domU is -EOPNOTSUPP; full HVM
 * (every emulator but vPCI) is Xen's, not ours yet: -EOPNOTSUPP too.
 */
int arch_check_domain_config(const struct xen_domctl_createdomain *c,
                             uint32_t *emulation)
{
    uint32_t emu = c->arch.emulation_flags;

    if ( emu & ~XEN_X86_EMU_ALL )
        return -EINVAL;
    if ( c->arch.misc_flags & ~XEN_X86_MISC_FLAGS_MAX )
        return -EINVAL;
    if ( emu != XEN_X86_EMU_LAPIC )
    {
        printk(XENLOG_G_ERR "domctl: emulation flags %#x: only PVH (%#x) "
               "domains can be built\n", emu, XEN_X86_EMU_LAPIC);
        return -EOPNOTSUPP;
    }
    *emulation = emu;
    return 0;
}

void arch_domain_getinfo(const struct domain *d,
                         struct xen_domctl_getdomaininfo *info)
{
    info->flags |= XEN_DOMINF_hap;
    info->arch_config.emulation_flags = d->emulation_flags;
    info->gpaddr_bits = GPADDR_BITS;
}

/* Xen pauses the domain it saves unless it is the caller's own. */
long arch_domctl_gethvmcontext(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_hvmcontext *c = &op->u.hvmcontext;
    uint32_t size = hvm_save_size(d), len = 0;
    uint8_t *buf;
    int rc;

    if ( !guest_handle_addr(c->buffer) )
    {
        c->size = size;
        return 0;
    }
    if ( c->size < size )
        return -ENOSPC;
    buf = xmalloc_array(uint8_t, size);
    if ( !buf )
        return -ENOMEM;
    if ( d != current->domain )
        domain_pause(d);
    rc = hvm_save(d, buf, size, &len);
    if ( d != current->domain )
        domain_unpause(d);
    c->size = len;
    if ( !rc && copy_to_guest(guest_handle_addr(c->buffer), buf, len) )
        rc = -EFAULT;
    xfree(buf);
    return rc;
}

long arch_domctl_gethvmcontext_partial(struct domain *d,
                                       struct xen_domctl *op)
{
    struct xen_domctl_hvmcontext_partial *p = &op->u.hvmcontext_partial;
    uint64_t addr = guest_handle_addr(p->buffer), len = p->bufsz;
    uint8_t rec[1040];
    int rc;

    BUILD_BUG_ON(sizeof(rec) < sizeof(struct hvm_hw_cpu));
    if ( d == current->domain )
        return -EINVAL;
    domain_pause(d);
    rc = hvm_save_one(d, p->type, p->instance, addr ? rec : NULL, &len);
    domain_unpause(d);
    if ( rc )
        return rc;
    if ( addr && copy_to_guest(addr, rec, len) )
        return -EFAULT;
    p->bufsz = len;
    return 0;
}

long arch_domctl_sethvmcontext(struct domain *d, struct xen_domctl *op)
{
    const struct xen_domctl_hvmcontext *c = &op->u.hvmcontext;
    uint8_t *buf;
    int rc;

    /* More than any context we could load (Xen: as much as it can get). */
    if ( c->size > hvm_save_size(d) * 2 + PAGE_SIZE )
        return -ENOMEM;
    buf = xmalloc_array(uint8_t, c->size ?: 1);
    if ( !buf )
        return -ENOMEM;
    rc = copy_from_guest(buf, guest_handle_addr(c->buffer), c->size)
         ? -EFAULT : 0;
    if ( !rc )
    {
        domain_pause(d);
        rc = hvm_load(d, buf, c->size);
        domain_unpause(d);
    }
    xfree(buf);
    return rc;
}

/* Log-dirty mode and the paging pool in MiB (mm/p2m-logdirty.c). */
long arch_domctl_shadow_op(struct domain *d, struct xen_domctl *op)
{
    return p2m_shadow_op(d, &op->u.shadow_op);
}

long arch_domctl_get_paging_mempool_size(struct domain *d,
                                         struct xen_domctl *op)
{
    op->u.paging_mempool.size = p2m_pool_bytes(d);
    return 0;
}

/* Whole pages only, and a count that fits (Xen's checks). */
long arch_domctl_set_paging_mempool_size(struct domain *d,
                                         struct xen_domctl *op)
{
    uint64_t size = op->u.paging_mempool.size;

    if ( (size & (PAGE_SIZE - 1)) || (size >> PAGE_SHIFT) > UINT32_MAX )
        return -EINVAL;
    return p2m_pool_resize(d, size >> PAGE_SHIFT);
}

/*
 * Our TSC calibration (time.c) is good to about 10 ppm (it prints its
 * bound), and two hosts whose TSCs run at one rate (one model; two QEMU
 * machines on one host: 2245.798 and 2245.811 MHz) measure it that far
 * apart: a guest's frequency within TSC_KHZ_SLACK_PPM of ours is ours.
 * Xen compares exactly and would emulate RDTSC for such a guest.
 */
#define TSC_KHZ_SLACK_PPM 100

static bool tsc_khz_is_ours(uint32_t khz)
{
    uint64_t diff = khz > cpu_khz ? khz - cpu_khz : cpu_khz - khz;

    return diff * 1000000 <= (uint64_t)cpu_khz * TSC_KHZ_SLACK_PPM;
}

/*
 * The guest's TSC is the host's (no scaling, no emulation): modes
 * never_emulate, and default at the host's frequency (within
 * TSC_KHZ_SLACK_PPM), are what we do; always_emulate, or default at
 * another frequency (Xen would emulate RDTSC then), we cannot:
 * -EOPNOTSUPP.  Other modes -EINVAL (Xen; it does not look at pad).
 */
long arch_domctl_settscinfo(struct domain *d, struct xen_domctl *op)
{
    const struct xen_domctl_tsc_info *t = &op->u.tsc_info;

    if ( t->tsc_mode != TSC_MODE_DEFAULT &&
         t->tsc_mode != TSC_MODE_ALWAYS_EMULATE &&
         t->tsc_mode != TSC_MODE_NEVER_EMULATE )
        return -EINVAL;
    if ( t->tsc_mode == TSC_MODE_ALWAYS_EMULATE ||
         (t->tsc_mode == TSC_MODE_DEFAULT && t->gtsc_khz &&
          !tsc_khz_is_ours(t->gtsc_khz)) )
        return -EOPNOTSUPP;
    spin_lock(&d->lock);
    d->arch.tsc_mode = t->tsc_mode;
    d->arch.gtsc_khz = t->gtsc_khz;
    d->arch.tsc_incarnation = t->incarnation;
    spin_unlock(&d->lock);
    return 0;
}

long arch_domctl_gettscinfo(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_tsc_info *t = &op->u.tsc_info;

    memset(t, 0, sizeof(*t));
    spin_lock(&d->lock);
    t->tsc_mode = d->arch.tsc_mode;
    t->gtsc_khz = d->arch.gtsc_khz ?: cpu_khz;
    t->incarnation = d->arch.tsc_incarnation;
    spin_unlock(&d->lock);
    return 0;
}
