/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the CPU we run on gets wrong, and the hypervisor must work around.
 *
 * QEMU's software emulation (TCG) names itself in the hypervisor CPUID
 * leaves: "TCGTCGTCGTCG" at 0x40000000 (unless started with
 * -cpu ...,tcg-cpuid=off).  Under KVM, or on hardware, that leaf is
 * another hypervisor's or nothing.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/processor.h>

static bool cpu_is_qemu_tcg(void)
{
    struct cpuid_leaf r;

    cpuid_count(0x40000000, 0, &r);
    return r.b == 0x54474354 && r.c == 0x43544743 && r.d == 0x47435447;
}

/* sched/guest-cpus.c has the why. */
bool arch_cpu0_loses_guest_state(void)
{
    return cpu_is_qemu_tcg();
}
