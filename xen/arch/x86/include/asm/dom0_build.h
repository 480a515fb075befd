/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_DOM0_BUILD_H
#define X86_DOM0_BUILD_H

struct domain;

/*
 * Build dom0 as a PVH guest from the boot modules (kernel, then
 * optionally an initrd) and start it.  Panics with a clear message if
 * the kernel cannot be loaded: without dom0 there is nothing to run.
 */
struct domain *dom0_construct(void);

#endif /* X86_DOM0_BUILD_H */
