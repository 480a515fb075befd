/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hardware domain's platform hypercalls (platform_hypercall.c,
 * physdev.c) need from the rest of the hypervisor.
 */
#ifndef X86_PLATFORM_H
#define X86_PLATFORM_H

#include <xen/types.h>

/*
 * XENPF_settime: the wall clock read ns nanoseconds since the epoch at
 * system time 0.  Every domain's shared_info wall clock follows
 * (arch/x86/rtc.c keeps the base, common/shared_info.c writes it).
 */
void wallclock_set_base_ns(uint64_t ns);

/* Physical CPU n's local APIC ID (arch/x86/smp.c). */
extern uint32_t cpu_to_apicid[];

#endif /* X86_PLATFORM_H */
