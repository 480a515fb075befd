/* SPDX-License-Identifier: MIT */
/*
 * Xen keeps the PVH start-of-day layout in arch-x86/hvm/start_info.h;
 * Linux and others include it as hvm/start_info.h.  Both names work here.
 */
#ifndef __XEN_PUBLIC_HVM_START_INFO_H__
#define __XEN_PUBLIC_HVM_START_INFO_H__

#include "../arch-x86/hvm/start_info.h"

#endif /* __XEN_PUBLIC_HVM_START_INFO_H__ */
