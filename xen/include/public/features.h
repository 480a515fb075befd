/* SPDX-License-Identifier: MIT */
/*
 * Feature flags a guest reads with XENVER_get_features (version.h):
 * submap 0 holds bits 0-31, numbered as below.
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

/* (PV) Page tables may be written directly; writes are trapped. */
#define XENFEAT_writable_page_tables       0
/* (PV) Descriptor tables may be written directly. */
#define XENFEAT_writable_descriptor_tables 1
/* The guest's frame numbers are translated (HVM, PVH, Arm). */
#define XENFEAT_auto_translated_physmap    2
/* (PV) The guest kernel runs in ring 0 (withdrawn). */
#define XENFEAT_supervisor_mode_kernel     3
/* (32-bit PV PAE) The top page-directory may live above 4GiB. */
#define XENFEAT_pae_pgdir_above_4gb        4
/* (PV) MMU updates keep the accessed and dirty bits. */
#define XENFEAT_mmu_pt_update_preserve_ad  5
/* (32-bit PV) Highmem assist calls are available. */
#define XENFEAT_highmem_assist             6
/* GNTMAP_guest_avail_mask bits are honoured in grant mappings. */
#define XENFEAT_gnttab_map_avail_bits      7
/* (HVM) Events may be delivered on a vector (HVM_PARAM_CALLBACK_IRQ). */
#define XENFEAT_hvm_callback_vector        8
/* (HVM) The PV clock is safe to use from an HVM guest. */
#define XENFEAT_hvm_safe_pvclock           9
/* (HVM) Emulated interrupts can be routed to event channels as PIRQs. */
#define XENFEAT_hvm_pirqs                 10
/* The domain may act as the hardware/control domain. */
#define XENFEAT_dom0                      11
/* 12 (grant_map_identity) is withdrawn and must not be used. */
/* XENMEMF_vnode may name a virtual NUMA node in memory ops. */
#define XENFEAT_memory_op_vnode_supported 13
/* (Arm) The SMC calling convention is supported. */
#define XENFEAT_ARM_SMCCC_supported       14
/*
 * (PVH, guests whose XEN_ELFNOTE_GUEST_OS says "linux") the ACPI RSDP
 * may sit above 1MiB.
 */
#define XENFEAT_linux_rsdp_unrestricted   15
/*
 * Whether the domain's frames are mapped 1:1 (gfn == mfn).  With neither
 * set, assume: PV direct-mapped, x86 translated not.
 */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17

#define XENFEAT_NR_SUBMAPS 1

#endif /* __XEN_PUBLIC_FEATURES_H__ */
