/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event-channel ABI (public/xen.h, struct shared_info).
 *
 * Level 1: shared_info.evtchn_pending[] and evtchn_mask[], one bit per
 * port.  Level 2: each vCPU's vcpu_info.evtchn_pending_sel, one bit per
 * word of evtchn_pending[], then evtchn_upcall_pending.  A guest scans
 * the selector, then the words it names, skipping masked ports.
 *
 * A word is the guest's xen_ulong_t: 64 bits for a native guest (4096
 * ports), 32 for a compat one (1024 ports).  Both bitmaps are little
 * endian, so port p is bit p % 8 of byte p / 8 in either layout, and we
 * reach both through unsigned long atomics (the compat arrays are 8-byte
 * aligned, checked below).  Only the selector differs in width.
 *
 * The layout can change under bound ports: a guest that binds port 2000
 * and then latches the 32-bit layout (hypercall page written from 32-bit
 * mode) keeps the port, which the compat arrays cannot hold.  Every
 * operation therefore checks the port against the current layout: such a
 * port is never pending and always masked, its events are dropped (as on
 * Xen, which no longer addresses it), and nothing is written past the
 * compat arrays or shifted past the compat selector's 32 bits.
 *
 * Every update is an atomic read-modify-write, as the guest's own, so no
 * lock is needed here; the callers hold the port's event_lock for the
 * port's state, not for these bits.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/shared.h>

BUILD_BUG_ON(offsetof(struct compat_shared_info, evtchn_pending) % 8);
BUILD_BUG_ON(offsetof(struct compat_shared_info, evtchn_mask) % 8);
BUILD_BUG_ON(offsetof(struct shared_info, evtchn_pending) % 8);
BUILD_BUG_ON(offsetof(struct shared_info, evtchn_mask) % 8);
BUILD_BUG_ON(offsetof(struct compat_vcpu_info, evtchn_pending_sel) != 4);
BUILD_BUG_ON(offsetof(struct vcpu_info, evtchn_pending_sel) != 8);

/* Bits in one of the guest's xen_ulong_t words. */
static unsigned int word_bits(const struct domain *d)
{
    return d->has_32bit_shinfo ? 32 : 64;
}

static unsigned int evtchn_2l_max_ports(const struct domain *d)
{
    return word_bits(d) * word_bits(d);
}

/* Does d's current layout have bits for port? */
static bool port_in_layout(const struct domain *d, evtchn_port_t port)
{
    return port < evtchn_2l_max_ports(d);
}

static unsigned long *pending_bits(const struct domain *d)
{
    if ( d->has_32bit_shinfo )
        return (unsigned long *)shared_info_compat(d)->evtchn_pending;
    return (unsigned long *)shared_info_native(d)->evtchn_pending;
}

static unsigned long *mask_bits(const struct domain *d)
{
    if ( d->has_32bit_shinfo )
        return (unsigned long *)shared_info_compat(d)->evtchn_mask;
    return (unsigned long *)shared_info_native(d)->evtchn_mask;
}

/*
 * Set the selector bit for port's word in v's vcpu_info.  True if it was
 * clear (so the upcall must be raised).  A vCPU without a vcpu_info (id
 * 32 or more, none registered) cannot be told: the port stays pending,
 * and registering a vcpu_info sets the whole selector.
 */
static bool selector_set(struct vcpu *v, evtchn_port_t port)
{
    void *vi = READ_ONCE(v->vcpu_info);
    unsigned int word = port / word_bits(v->domain);

    if ( !vi )
        return false;
    if ( v->domain->has_32bit_shinfo )
    {
        uint32_t m = 1U << word;

        return !(__atomic_fetch_or(
                     &((struct compat_vcpu_info *)vi)->evtchn_pending_sel,
                     m, __ATOMIC_SEQ_CST) & m);
    }
    return !test_and_set_bit(
        word, (unsigned long *)&((struct vcpu_info *)vi)->evtchn_pending_sel);
}

/*
 * port has just become pending and is not masked: raise level 2 on v.
 * With the selector bit already set the upcall is normally on its way;
 * evtchn_notify_vcpu() still re-raises a per-vCPU vector (see there).
 */
static void raise_selector(struct vcpu *v, evtchn_port_t port)
{
    if ( selector_set(v, port) )
        vcpu_mark_events_pending(v);
    else
        evtchn_notify_vcpu(v);
}

static void evtchn_2l_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;

    if ( !port_in_layout(d, port) )
        return;
    /* Already pending: the guest has been told (or masked it). */
    if ( test_and_set_bit(port, pending_bits(d)) )
        return;
    if ( !test_bit(port, mask_bits(d)) )
        raise_selector(v, port);
    /* Pollers wait for masked ports too (Linux's PV spinlock kicker). */
    evtchn_check_pollers(d, port);
}

static void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port)
{
    if ( port_in_layout(d, port) )
        clear_bit(port, pending_bits(d));
}

static void evtchn_2l_unmask(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;

    /* An event that arrived while masked is delivered now. */
    if ( port_in_layout(d, port) &&
         test_and_clear_bit(port, mask_bits(d)) &&
         test_bit(port, pending_bits(d)) )
        raise_selector(v, port);
}

static bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port)
{
    return port_in_layout(d, port) && test_bit(port, pending_bits(d));
}

static bool evtchn_2l_is_masked(const struct domain *d, evtchn_port_t port)
{
    return !port_in_layout(d, port) || test_bit(port, mask_bits(d));
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
    .name = "2-level",
    .set_pending = evtchn_2l_set_pending,
    .clear_pending = evtchn_2l_clear_pending,
    .unmask = evtchn_2l_unmask,
    .is_pending = evtchn_2l_is_pending,
    .is_masked = evtchn_2l_is_masked,
    .max_ports = evtchn_2l_max_ports,
};
