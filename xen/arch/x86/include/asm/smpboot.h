/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_SMPBOOT_H
#define X86_SMPBOOT_H

/* Start every CPU in the MADT; each ends up in its idle loop. */
void smp_boot_cpus(void);

#endif /* X86_SMPBOOT_H */
