/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

extern bool opt_noreboot;

/*
 * Reboot the machine after delay_ms, unless noreboot was given, in which
 * case halt every CPU so the console can still be read.
 */
noreturn void machine_restart(unsigned int delay_ms);

/* Turn the machine off (ACPI S5; QEMU exits).  Halts if that fails. */
noreturn void machine_power_off(void);

#endif /* XEN_SHUTDOWN_H */
